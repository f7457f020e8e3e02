"""The zone of a page's country (newscrawl/extract/zones.py), and local times read in it."""

from __future__ import annotations

import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.zones import page_zone


@pytest.mark.parametrize("language, url, zone", [
    ("it-IT", "https://news.example/a", "Europe/Rome"),  # the language tag's region
    ("it", "https://www.giornale.it/a", "Europe/Rome"),  # else the country-code domain
    ("en-GB", "https://leigh-on-sea.news/a", "Europe/London"),
    (None, "https://www.bbc.co.uk/news/a", "Europe/London"),  # ".uk" is GB
    ("de", "https://www.zeitung.de/a", "Europe/Berlin"),  # Berlin and Busingen keep one time
    ("ja", "https://www.shimbun.jp/a", "Asia/Tokyo"),
    ("en-US", "https://news.example.com/a", None),  # several zones: none chosen
    ("es-ES", "https://www.diario.es/a", "Europe/Madrid"),  # CLDR's primary zone, not the Canaries'
    ("zh-CN", "https://news.example.cn/a", "Asia/Shanghai"),  # Beijing time, not Urumqi's clock
    ("pt-BR", "https://g1.example.com.br/a", None),  # Brazil keeps several times
    ("ru", "https://www.gazeta.example.kz/a", "Asia/Almaty"),  # one time since March 2024 (tzdata 2024a)
    (None, "https://startup.io/a", None),  # a country code used for its letters
    (None, "https://write.as/hollis/walk", None),  # Google counts .as among the generic ones
    (None, "http://127.0.0.1:8000/a", None),
])
def test_page_zone(language, url, zone):
    assert page_zone(language, url) == zone


def _italian_article():
    """A page of an Italian site without a profile, its date a local time."""
    paras = "".join(f"<p>Il ponte di San Rocco è tornato a unire le due sponde del fiume, paragrafo {i}.</p>"
                    for i in range(6))
    page = ('<!doctype html><html lang="it-IT"><head><title>Riapre il ponte</title></head><body><article>'
            "<h1>Riapre il ponte di San Rocco</h1><p class='meta'>Pubblicato il 3 maggio 2024 alle 10:15</p>"
            f"{paras}</article></body></html>")
    return extract_article(page, "https://www.gazzettadellavalle.it/cronaca/ponte")


def test_local_times_of_a_site_without_a_profile_are_read_in_its_countrys_zone():
    art = _italian_article()
    assert art.published == "2024-05-03T10:15:00+02:00"  # CEST, not London's +01:00


def test_rest_dates_are_shown_in_the_zone_the_pages_dates_were_read_in():
    from newscrawl.extract.rest import merge_rest

    art = _italian_article()
    # No site profile: REST's GMT instant is shown in Rome's clock, as the page's date was.
    merged = merge_rest(art, {"published": "2024-05-03T08:15:00Z"})
    assert merged.published == "2024-05-03T10:15:00+02:00"
    # A profile's zone, when given, is the one.
    assert merge_rest(art, {"published": "2024-05-03T08:15:00Z"}, "Europe/London").published == (
        "2024-05-03T09:15:00+01:00")


def _american_article(date_line: str, head: str = "") -> str:
    """A page of a US paper without a profile (``en-US``, a ``.com``): no zone known."""
    paras = "".join(f"<p>The county board voted to reopen the old ferry landing, paragraph {i}.</p>"
                    for i in range(6))
    return ('<!doctype html><html lang="en-US"><head><title>Ferry landing reopens</title>'
            f"{head}</head><body><article><h1>Ferry landing reopens</h1>"
            f"<p class='byline'>By Dana Ruiz</p><p class='date'>{date_line}</p>{paras}</article></body></html>")


def test_a_local_time_of_a_page_of_unknown_zone_is_kept_as_printed_without_an_offset():
    art = extract_article(_american_article("September 17, 2012, 7:32 p.m."),
                          "https://www.valleytimes.com/local/ferry-landing")
    # Not London's +01:00 (eight hours off on a Los Angeles paper): the clock as printed.
    assert art.published == "2012-09-17T19:32:00"
    # A day without its time: the page's midnight, still without an offset.
    art = extract_article(_american_article("September 17, 2012"), "https://www.valleytimes.com/local/ferry-landing")
    assert art.published == "2012-09-17T00:00:00"
    assert "published: only the day was known (midnight local time assumed)" in art.problems


def test_a_utc_stamp_of_a_page_of_unknown_zone_stays_utc_and_a_stated_offset_is_kept():
    url = "https://www.valleytimes.com/local/ferry-landing"
    stamp = '<meta property="article:published_time" content="2012-09-18T02:32:00Z">'
    assert extract_article(_american_article("", stamp), url).published == "2012-09-18T02:32:00+00:00"
    # A clock the page shows for that instant gives its offset, as on any site.
    shown = extract_article(_american_article("September 17, 2012, 7:32 p.m.", stamp), url)
    assert shown.published == "2012-09-17T19:32:00-07:00"
    stated = '<meta property="article:published_time" content="2012-09-17T19:32:00-07:00">'
    assert extract_article(_american_article("", stated), url).published == "2012-09-17T19:32:00-07:00"


def test_rest_agrees_with_a_page_clock_of_unknown_zone():
    from newscrawl.extract.rest import merge_rest

    art = extract_article(_american_article("September 17, 2012, 7:32 p.m."),
                          "https://www.valleytimes.com/local/ferry-landing")
    merged = merge_rest(art, {"published": "2012-09-18T02:32:00Z"})
    assert merged.published == "2012-09-18T02:32:00+00:00"  # REST's instant, in UTC
    assert not [p for p in merged.problems if "disagree" in p]


def test_updated_compares_a_page_clock_with_a_stated_time_as_the_clocks_read():
    from newscrawl.extract.model import Article

    assert Article(url="u", published="2012-09-17T19:32:00", modified="2012-09-18T08:00:00+00:00").updated
    assert not Article(url="u", published="2012-09-17T19:32:00", modified="2012-09-17T10:00:00-07:00").updated

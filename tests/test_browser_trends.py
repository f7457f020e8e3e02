"""The trend view in a real headless Chromium (issue 10): open /-/trends for a query, and
for two side by side, on `newscrawl serve` over the crawled replica; read the numbers the
rendered charts carry (pygal's per-point values and the dots' heights against the
y-axis guides, from the browser's DOM) and check them against SQL run here on the same
SQLite file. Screenshots are saved with the test's files."""

from __future__ import annotations

import re
import sqlite3
import urllib.parse
from pathlib import Path

import pytest

from newscrawl.store.read import fts_expression

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

# Walks each chart's SVG as the browser holds it: the legend's labels, each series' points
# (pygal's <desc class="value"> and "x_label", the dot's cy) and the y-axis guides
# (their label and the y of their line), all in the plot's own coordinates.
READ_CHARTS = r"""
const out = {};
for (const fig of document.querySelectorAll('figure.nc-chart')) {
  const kind = fig.classList.contains('nc-chart-share') ? 'share' : 'count';
  const svg = fig.querySelector('svg.pygal-chart');
  if (!svg) { out[kind] = null; continue; }
  const box = svg.getBoundingClientRect();
  const legend = [...svg.querySelectorAll('g.legends g.legend text')].map(t => t.textContent);
  const series = [...svg.querySelectorAll('g.plot.overlay g.series')].map(g =>
    [...g.querySelectorAll('g.dots')].map(d => ({
      value: d.querySelector('desc.value').textContent,
      month: d.querySelector('desc.x_label').textContent,
      cy: parseFloat(d.querySelector('circle').getAttribute('cy')),
    })));
  const guides = [...svg.querySelectorAll('g.axis.y g.guides')].map(g => ({
    label: g.querySelector('text').textContent,
    y: parseFloat(g.querySelector('path').getAttribute('d').split(' ')[1]),
  }));
  const lines = [...svg.querySelectorAll('g.plot g.series path.line')].length;
  out[kind] = {legend, series, guides, lines, width: box.width, height: box.height,
               title: svg.querySelector('title').textContent};
}
return out;
"""


def expected(db: Path, query: str) -> dict[str, tuple[int, int]]:
    """month -> (matching articles, all articles) by SQL on the served file: months of
    `published` (its first seven characters), the search read as the page reads it."""
    conn = sqlite3.connect(db)
    try:
        totals = dict(conn.execute(
            "SELECT substr(published, 1, 7), count(*) FROM articles"
            " WHERE published IS NOT NULL GROUP BY 1").fetchall())
        matches = dict(conn.execute(
            "SELECT substr(a.published, 1, 7), count(*) FROM articles a"
            " WHERE a.published IS NOT NULL AND a.id IN"
            " (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) GROUP BY 1",
            [fts_expression(query)]).fetchall())
    finally:
        conn.close()
    return {m: (matches.get(m, 0), n) for m, n in sorted(totals.items())}


def number(label: str) -> float:
    return float(label.rstrip("%").replace(",", ""))


def plotted(point: dict, guides: list[dict]) -> float:
    """The value a dot is drawn at, read off the y axis: linear between the guides."""
    lo, hi = min(guides, key=lambda g: g["y"]), max(guides, key=lambda g: g["y"])
    top, bottom = number(lo["label"]), number(hi["label"])
    return bottom + (hi["y"] - point["cy"]) * (top - bottom) / (hi["y"] - lo["y"])


def check_chart(chart: dict, queries: list[str], want: dict[str, dict], kind: str) -> None:
    assert chart is not None, f"no {kind} chart was rendered"
    assert chart["width"] > 300 and chart["height"] > 100  # laid out, not hidden
    assert chart["legend"] == queries
    assert chart["lines"] == len(queries)  # one drawn line per search
    assert len(chart["series"]) == len(queries)
    guides = chart["guides"]
    assert len(guides) >= 2
    span = max(number(g["label"]) for g in guides) - min(number(g["label"]) for g in guides)
    for query, points in zip(queries, chart["series"], strict=True):
        months = want[query]
        assert [p["month"] for p in points] == list(months), query
        for p in points:
            n, total = months[p["month"]]
            if kind == "share":
                shown, exact = p["value"], f"{100 * n / total:.2f}%"
                value = 100 * n / total
            else:
                shown, exact, value = p["value"], f"{n:g}", n
            assert shown == exact, (query, p["month"], shown, exact)
            # and the dot is drawn at that height on the axis (within half a percent of it)
            assert plotted(p, guides) == pytest.approx(value, abs=span * 0.005), \
                (query, p["month"], kind)


def open_trends(browser, base: str, queries: list[str]):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(base + "/-/trends")
    boxes = browser.find_elements(By.CSS_SELECTOR, "form.nc-trends-form input[name=q]")
    assert len(boxes) == 3
    for box, query in zip(boxes, queries, strict=False):
        box.clear()
        box.send_keys(query)
    browser.find_element(By.CSS_SELECTOR, "form.nc-trends-form input[type=submit]").click()
    WebDriverWait(browser, 20).until(ec.presence_of_element_located(
        (By.CSS_SELECTOR, "figure.nc-chart-count svg.pygal-chart g.plot.overlay g.dots")))
    shown = urllib.parse.parse_qs(urllib.parse.urlparse(browser.current_url).query)["q"]
    assert [q for q in shown if q] == queries
    return browser.execute_script(READ_CHARTS)


@pytest.mark.parametrize("queries", [["police"], ["police", "council"]],
                         ids=["one-query", "side-by-side"])
def test_trend_chart_numbers_match_sql(browser, datasette_server, crawled_classic, tmp_path,
                                       queries):
    from selenium.webdriver.common.by import By

    db = crawled_classic["db"]
    want = {q: expected(db, q) for q in queries}
    for q in queries:
        assert sum(n for n, _ in want[q].values()) > 0, f"{q!r} matches nothing to chart"
    charts = open_trends(browser, datasette_server, queries)
    assert set(charts) == {"share", "count"}
    check_chart(charts["count"], queries, want, "count")
    check_chart(charts["share"], queries, want, "share")
    # the totals beside the charts are SQL's too
    conn = sqlite3.connect(db)
    try:
        for q, heading in zip(queries, browser.find_elements(
                By.CSS_SELECTOR, ".nc-trends-top h2"), strict=True):
            (total,) = conn.execute(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                [fts_expression(q)]).fetchone()
            assert re.fullmatch(rf"{re.escape(q)}: {total:,} matching articles?",
                                heading.text.strip()), heading.text
    finally:
        conn.close()
    name = "trends-" + "-".join(queries)
    browser.save_screenshot(str(tmp_path / f"{name}.png"))
    figure = browser.find_element(By.CSS_SELECTOR, "figure.nc-chart-share")
    figure.screenshot(str(tmp_path / f"{name}-share-chart.png"))
    assert (tmp_path / f"{name}.png").stat().st_size > 10_000

"""Pages people look at, in a real headless Chromium: the Datasette article page and search."""

from __future__ import annotations

import sqlite3
import urllib.parse

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

def test_article_page_renders_paragraphs(browser, datasette_server, crawled_classic, tmp_path):
    from selenium.webdriver.common.by import By

    conn = sqlite3.connect(crawled_classic["db"])
    row_id, n_paras = conn.execute(
        "select id, length(body) - length(replace(body, char(10)||char(10), '')) "
        "from articles where title = 'Improved Public Confidence'").fetchone()
    browser.get(f"{datasette_server}/{crawled_classic['db'].stem}/articles/{row_id}")
    body = browser.find_element(By.CSS_SELECTOR, ".nc-body")
    paragraphs = body.find_elements(By.TAG_NAME, "p")
    assert len(paragraphs) == n_paras // 2 + 1
    assert paragraphs[0].text.startswith("SOUTHEND")
    assert body.size["height"] > 200  # really laid out, not hidden
    browser.save_screenshot(str(tmp_path / "article.png"))


def test_search_box_finds_article(browser, datasette_server, crawled_classic):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{datasette_server}/{crawled_classic['db'].stem}/articles")
    box = browser.find_element(By.CSS_SELECTOR, "input[name=_search]")
    box.send_keys("Operation Raker")
    box.submit()
    # the table's search box leads to the ranked search page (plugins/table_search.py);
    # submit() returns before the browser has left the page: wait for the navigation.
    WebDriverWait(browser, 20).until(ec.url_contains("/-/search?"))
    assert "/-/search?q=Operation Raker" in urllib.parse.unquote_plus(browser.current_url)
    first = browser.find_element(By.CSS_SELECTOR, ".nc-result .nc-result-title")
    assert first.text == "Improved Public Confidence"

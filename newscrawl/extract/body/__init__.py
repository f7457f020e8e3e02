"""Generic main-content (article body) extraction, one module per stage in data-path
order (method and rationale in docs/extraction.md):

1. `markup`: parse repair: markup libxml2 refuses or cuts, glued documents, a page
   libxml2 abandons early (soupparser), an unclosed <title> that swallowed the page.
2. `prune`: the profile's remove_selectors, never-content markup (scripts, nav, forms),
   embedded players with their titles, other posts' teasers on a WordPress post's page,
   hidden elements, page chrome and boilerplate widgets named by class/id words
   (share, related, comments, ads...), except when an element holds most of the text.
3. `score`: one bottom-up pass computes, per element, its text length, link text length
   and its own inline run; every run of 25+ characters is a paragraph that votes for
   its container (readability-style: commas, length, minus links).
4. `select`: the best container (or the profile's content selector), an ancestor that
   gathers much more of the votes, and siblings that look like article text.
5. `trim`: inside the container, the headline <h1>, link-heavy boxes, link lists,
   negative-class widgets and the credit lines above the text (bylines, meta boxes) go.
6. `blocks`: the container is cut into blocks (paragraphs, headings, list items,
   quotes, figures) and written as clean HTML in the same walk.
7. `headlines`, `filters`: blocks that are headline repeats, navigation lines,
   furniture, bylines, captions, contact footers or comment threads are dropped, and
   the profile's text rules applied.
8. `render`: the kept blocks as `Body` text and HTML.

`common` holds the bounds and helpers the stages share; the words and patterns that
decide what is content are in `newscrawl.extract.vocabulary`. Everything is iterative
(no recursion) and bounded by node and text caps.
"""

from __future__ import annotations

import lxml.html
from lxml import etree

from ..profiles import GENERIC, Profile
from .blocks import Writer
from .filters import SiteBoilerplate, filter_blocks
from .headlines import PageHeadlines, headline_inside, page_headlines
from .markup import TOO_DEEP, parse_html, read_noframes, repair_open_title
from .prune import prune_page
from .render import Body, render
from .select import pick
from .trim import trim_container

__all__ = ["TOO_DEEP", "Body", "PageHeadlines", "extract_body", "extract_text", "page_headlines", "parse_html",
           "read_noframes", "repair_open_title"]


def extract_text(html: str, url: str = "") -> str:
    """Body text of a page with the generic profile (for benchmarks and quick use)."""
    root = parse_html(html)
    if root is None:
        return ""
    return extract_body(root, url, GENERIC).text


def extract_body(
    root: lxml.html.HtmlElement,
    url: str,
    profile: Profile = GENERIC,
    *,
    title: str | None = None,
    standfirst: str | None = None,
    site: SiteBoilerplate | None = None,
    headlines: PageHeadlines | None = None,
) -> Body:
    """Extract the article body from a parsed page. May modify ``root``; never raises:
    an internal failure gives an empty `Body` whose ``problems`` says what failed.

    ``title``/``standfirst`` let it drop repeated headline and excerpt lines; ``site``
    (None, or any object with ``is_boilerplate(text) -> bool``, such as a learned
    `newscrawl.extract.template.SiteTemplate`) drops the blocks it calls boilerplate.
    ``headlines``: `page_headlines` of ``root`` as given, with the same ``title``, when
    the caller has read them already."""
    try:
        return _extract(root, url, profile, title, standfirst, site, headlines)
    except Exception as exc:  # noqa: BLE001 - a bad page must yield an empty body, not a crash
        return Body(problems=[f"body extraction failed: {type(exc).__name__}: {exc}"])


def _extract(
    root: etree._Element,
    url: str,
    profile: Profile,
    title: str | None,
    standfirst: str | None,
    site: SiteBoilerplate | None = None,
    headlines: PageHeadlines | None = None,
) -> Body:
    if root is None or not isinstance(root.tag, str):
        return Body()
    repaired = read_noframes(repair_open_title(root))
    if headlines is None or repaired is not root:  # a re-read page is another page
        headlines = page_headlines(repaired, title)
    root = repaired
    titles, has_h1, bylines = headlines
    body = prune_page(root, profile)
    roots, stats = pick(body, profile, title)
    headed = headline_inside(roots, titles)
    trim_container(roots, stats)
    writer = Writer(url)
    for r in roots:
        writer.walk(r)
        writer.flush()
    return render(
        filter_blocks(writer.blocks, profile, title, standfirst, titles, has_h1, site,
                      bylines=bylines, headed=headed)
    )

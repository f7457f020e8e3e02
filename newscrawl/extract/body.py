"""Generic main-content (article body) extraction.

Method (details in docs/extraction.md):

1. Drop never-content markup (scripts, nav, forms, hidden elements) and boilerplate
   widgets recognised by class/id words (share, related, comments, ads...), except
   when an element holds most of the page's text (then it is the content).
2. One bottom-up pass computes, per element, its text length, link text length and
   the text of its own inline run; every run of 25+ characters is a paragraph that
   scores its container (readability-style: commas, length, minus links).
3. The best container, plus siblings that look like article text, is the body.
4. Inside it, link-heavy boxes are removed; the text is cut into blocks (paragraphs,
   headings, list items, quotes, figures) and blocks that are headline repeats,
   bylines, captions, share/read-more lines or contact footers are dropped.

Everything is iterative (no recursion) and bounded by node and text caps.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from newscrawl.extract.clean import (
    attr_words,
    drop_tree,
    is_hidden,
    junk_kind,
    repair_markup,
    strip_junk_tags,
)
from newscrawl.extract.profiles import GENERIC, Profile

from .vocabulary import (
    BLOCK_TAGS,
    BOILERPLATE_LINE,
    BYLINE_START,
    CAPTION_CREDIT,
    CAPTION_WORDS,
    CHROME_TAGS,
    COMMENT_ANCHORS,
    COMMENT_HEADING,
    COMMENT_SIGNATURE,
    CONTACT_LABEL,
    CONTACT_LINE,
    CREDIT_LINE,
    DATELINE,
    INLINE_TAGS,
    MORE_STORIES_HEADING,
    NEGATIVE_CLASS,
    PARA_TAGS,
    POSITIVE_CLASS,
    STAFF_LINE,
    TAG_WEIGHT,
    THREAD_HEADING_WORDS,
)

__all__ = ["Body", "extract_body", "extract_text", "parse_html", "repair_open_title"]

# Bounds: beyond these a page is processed partially rather than slowly.
MAX_NODES = 60_000  # elements scored
MAX_EMIT_NODES = 60_000  # elements walked when writing the body
MAX_TEXT = 2_000_000  # characters of body text

MIN_PARA = 25  # a run shorter than this is not a paragraph for scoring

_HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h5", "h6": "h6"}

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_DASHES = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2015": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\xa0": " ",
    }
)



@dataclass
class Body:
    """The article's main text, as plain text and as minimal clean HTML."""

    text: str = ""
    html: str = ""


_UTF8_PARSER = lxml.html.HTMLParser(encoding="utf-8")


def parse_html(html: str | bytes) -> lxml.html.HtmlElement | None:
    """Parse a page into an lxml tree; None when there is nothing to parse.

    Bytes are decoded as UTF-8 (with replacement); the markup is repaired first
    (`repair_markup`); if lxml still refuses the text it is parsed as UTF-8 bytes, and
    if libxml2 abandons the document early it is re-read with the soupparser.
    """
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    html = repair_markup(html)
    if not html.strip():
        return None
    root = None
    try:
        root = lxml.html.document_fromstring(html)
    except ValueError:
        try:
            data = html.encode("utf-8", "replace")
            root = lxml.html.document_fromstring(data, parser=_UTF8_PARSER)
        except (etree.ParserError, ValueError, etree.XMLSyntaxError):
            root = None
    except (etree.ParserError, etree.XMLSyntaxError):
        root = None
    if len(html) > 2000 and (root is None or len(etree.tostring(root)) < len(html) // 5):
        # libxml2 gave up early (a mangled tag near the top): an html.parser-based
        # parse is slower but reads on.
        soup = _soup_parse(html)
        if soup is not None:
            root = soup
    return root


def _soup_parse(html: str) -> lxml.html.HtmlElement | None:
    try:
        from lxml.html import soupparser

        root = soupparser.fromstring(html)
    except Exception:  # noqa: BLE001 - optional fallback (bs4 may be absent)
        return None
    return root if isinstance(root, lxml.html.HtmlElement) else None


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
) -> Body:
    """Extract the article body from a parsed page. May modify ``root``; never raises."""
    try:
        return _extract(root, url, profile, title, standfirst)
    except (RecursionError, MemoryError):  # pragma: no cover - belt and braces
        return Body()
    except Exception:  # noqa: BLE001 - a bad page must yield an empty body, not a crash
        return Body()


# ---------------------------------------------------------------- selection


@lru_cache(maxsize=256)
def _selector(css: str) -> etree.XPath | None:
    from lxml.cssselect import CSSSelector

    try:
        return CSSSelector(css)
    except Exception:  # noqa: BLE001 - a bad selector in a profile is ignored
        return None


def _select(root: etree._Element, css: str) -> list[etree._Element]:
    sel = _selector(css)
    if sel is None:
        return []
    try:
        return list(sel(root))
    except Exception:  # noqa: BLE001
        return []


def _stats(elements: list[etree._Element]) -> dict[etree._Element, list[int]]:
    """Per element: [total text, link text, own inline run, run link text, run commas].

    One pass in reverse document order, so children are done before their parent.
    """
    st: dict[etree._Element, list[int]] = {}
    get = st.get
    blocks = BLOCK_TAGS
    for el in reversed(elements):
        t = el.text
        if t:
            n = len(t.strip())
            run = total = n
            commas = t.count(",") if n else 0
        else:
            run = total = commas = 0
        link = runlink = 0
        for c in el:
            tl = c.tail
            if tl:
                n = len(tl.strip())
                if n:
                    run += n
                    total += n
                    commas += tl.count(",")
            cs = get(c)
            if cs is None:
                continue
            total += cs[0]
            link += cs[1]
            if c.tag not in blocks:
                run += cs[2]
                runlink += cs[3]
                commas += cs[4]
        if el.tag == "a":
            link = total
            runlink = run
        st[el] = [total, link, run, runlink, commas]
    return st


def _score(
    elements: list[etree._Element], st: dict[etree._Element, list[int]]
) -> dict[etree._Element, float]:
    """Readability-style content scores: paragraphs vote for their containers."""
    score: dict[etree._Element, float] = {}
    for el in elements:
        s = st.get(el)
        if s is None:
            continue
        tag = el.tag
        if tag not in BLOCK_TAGS and tag != "font":
            continue
        run = s[2]
        if run < MIN_PARA:
            continue
        # A long run (text split only by <br>) counts as several paragraphs of ~400
        # characters, so a 2008-style "text<br><br>text" cell is not outvoted by a box
        # of three short <p>s.
        segments = max(1, run // 400)
        per = min(run // segments // 100, 3)
        para = (segments * (1.0 + per) + min(s[4], 10 * segments)) * (1.0 - s[3] / run)
        if para <= 0:
            continue
        if tag in PARA_TAGS or tag == "li":
            if tag == "li":
                para *= 0.5
            holder = el.getparent()
        else:
            holder = el
        if holder is None:
            continue
        score[holder] = score.get(holder, 0.0) + para
        up = _up(holder)
        if up is None:
            continue
        if tag in ("td", "th"):
            # One paragraph per table row: the table, not each cell, is the article.
            score[up] = score.get(up, 0.0) + para
            up = _up(up)
            if up is None:
                continue
        score[up] = score.get(up, 0.0) + para / 2
    return score


_ROW_TAGS = frozenset({"tr", "tbody", "thead", "tfoot"})


def _up(el: etree._Element) -> etree._Element | None:
    """The parent, skipping table rows and row groups (they only carry cells)."""
    p = el.getparent()
    while p is not None and p.tag in _ROW_TAGS:
        p = p.getparent()
    return p


def _link_density(el: etree._Element, st: dict[etree._Element, list[int]]) -> float:
    s = st.get(el)
    return s[1] / s[0] if s and s[0] else 0.0


def _class_weight(el: etree._Element, text_len: int = 1000) -> float:
    raw = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    if not raw.strip():
        return 0.0
    w = 0.0
    if POSITIVE_CLASS.search(raw):
        w += 25.0 * min(1.0, text_len / 500)
    if NEGATIVE_CLASS.search(raw):
        w -= 25.0
    return w


def _final(el: etree._Element, raw: float, st: dict[etree._Element, list[int]]) -> float:
    s = st.get(el)
    if s is None or s[0] == 0:
        return 0.0
    base = raw + TAG_WEIGHT.get(el.tag, 0) + _class_weight(el, s[0] - s[1])
    return base * (1.0 - s[1] / s[0])


def _remove_junk(body: etree._Element, elements: list[etree._Element]) -> None:
    """Remove hidden elements, page chrome and class/id-named widgets (guarded by mass).

    An element holding most of the page's text is the content whatever its class
    says ("post share-enabled"), so it stays.
    """
    candidates: list[tuple[etree._Element, float]] = []
    dead: set[etree._Element] = set()
    for el in elements:
        if el is body:
            continue
        if el.getparent() in dead:
            dead.add(el)
            continue
        limit = 0.0
        if is_hidden(el):
            limit = 0.7
        elif el.tag in CHROME_TAGS:
            limit = 0.4
        elif el.tag not in INLINE_TAGS:
            # Inline elements stay: an <a class="email"> inside a sentence is text.
            kind = junk_kind(el)
            limit = 0.7 if kind == 2 else 0.4 if kind == 1 else 0.0
        if limit:
            candidates.append((el, limit))
            dead.add(el)
    if not candidates:
        return
    whole = max(_text_len(body), 1)
    for el, limit in candidates:
        if _text_len(el) / whole < limit:
            drop_tree(el)


_Stats = dict[etree._Element, list[int]]


def _pick(body: etree._Element, profile: Profile) -> tuple[list[etree._Element], _Stats | None]:
    """The element(s) holding the article text, in document order, and the text stats."""
    for css in profile.content_selectors:
        found = [e for e in _select(body, css) if _text_len(e) >= 1]
        if found:
            roots = _outermost(found)
            for r in roots:  # widgets inside the named container still go
                _remove_junk(r, list(r.iter(etree.Element))[:MAX_NODES])
            return roots, None
    elements = list(body.iter(etree.Element))[:MAX_NODES]
    _remove_junk(body, elements)
    elements = list(body.iter(etree.Element))[:MAX_NODES]
    st = _stats(elements)
    raw = _score(elements, st)
    if not raw:
        return [body], st
    finals = {el: _final(el, s, st) for el, s in raw.items()}
    top = max(finals, key=finals.__getitem__)
    # A class name like "bodyText" on every paragraph cell can make one paragraph win;
    # climb to the container when it gathers much more of the text votes.
    for _ in range(3):
        up = _up(top)
        if up is None or up not in raw or raw[up] < 1.8 * raw[top]:
            break
        if _link_density(up, st) > _link_density(top, st) + 0.15:
            break
        top = up
    top_score = finals[top]
    parent = top.getparent()
    if parent is None or top is body:
        return [top], st
    threshold = max(10.0, top_score * 0.2)
    top_class = top.get("class")
    picked: list[etree._Element] = []
    for sib in parent:
        if not isinstance(sib.tag, str):
            continue
        if sib is top:
            picked.append(sib)
            continue
        bonus = top_score * 0.2 if top_class and sib.get("class") == top_class else 0.0
        if sib in finals and finals[sib] + bonus >= threshold:
            picked.append(sib)
            continue
        if sib.tag == "p":
            s = st.get(sib)
            if not s or not s[0]:
                continue
            ld = s[1] / s[0]
            if s[0] > 80 and ld < 0.25:
                picked.append(sib)
            elif s[0] <= 80 and ld == 0 and re.search(r"\.( |$)", sib.text_content() or ""):
                picked.append(sib)
    return picked, st


def _text_len(el: etree._Element) -> int:
    return len("".join(el.itertext()).strip())


def _outermost(els: list[etree._Element]) -> list[etree._Element]:
    chosen = set(els)
    out = []
    for e in els:
        anc = e.getparent()
        inner = False
        while anc is not None:
            if anc in chosen:
                inner = True
                break
            anc = anc.getparent()
        if not inner:
            out.append(e)
    return out


def _clean_inside(roots: list[etree._Element], stats: _Stats | None) -> None:
    """Drop link-heavy boxes, titles and widgets left inside the chosen container."""
    for root in roots:
        elements = list(root.iter(etree.Element))[:MAX_NODES]
        st = stats if stats is not None and root in stats else _stats(elements)
        dead: set[etree._Element] = set()
        doomed = []
        for el in elements:
            if el is root:
                continue
            if el.getparent() in dead:
                dead.add(el)
                continue
            tag = el.tag
            kill = False
            if tag == "h1":
                kill = True
            elif tag in (
                "div",
                "table",
                "ul",
                "ol",
                "section",
                "dl",
                "center",
                "span",
                "tbody",
                "tr",
                "td",
                "form",
                "header",
                "footer",
                "p",
                "font",
            ):
                s = st.get(el)
                if s and s[0]:
                    ld = s[1] / s[0]
                    plain = s[0] - s[1]
                    if ld > 0.5 and plain < 300 and tag != "p":
                        kill = True
                    elif tag in ("ul", "ol") and ld > 0.35 and plain < 200:
                        kill = True
                if not kill and _class_weight(el) < 0 and junk_kind(el):
                    kill = True
            if kill:
                doomed.append(el)
                dead.add(el)
        for el in doomed:
            drop_tree(el)


# ---------------------------------------------------------------- blocks


@dataclass
class _Block:
    kind: str  # p, h2..h6, li, pre, figure
    text: str
    html: str
    links: int  # characters of text inside links
    group: object = None  # the ul/ol element for li
    list_tag: str = "ul"
    quote: object = None  # the blockquote element, for quoted paragraphs
    cell: bool = False  # directly in a table cell
    plain_words: int = 0  # words outside links




class _Writer:
    """Walks the chosen subtrees in document order and cuts them into blocks."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url
        self.blocks: list[_Block] = []
        self.text: list[str] = []
        self.html: list[str] = []
        self.links = 0
        self.plain: list[str] = []  # text outside links, for link-line tests
        self.inline: list[tuple[str, str]] = []  # open inline tags: (open, close)
        self.context: list[tuple[str, object, str, object]] = [("p", None, "ul", None)]
        self.open_blocks: list[str] = []  # tags of the open block elements
        self.in_link = 0
        self.budget = MAX_EMIT_NODES
        self.chars = 0

    # --- text
    def add_text(self, s: str | None) -> None:
        if not s:
            return
        if self.chars > MAX_TEXT:
            return
        self.chars += len(s)
        self.text.append(s)
        if self.in_link:
            self.links += len(s.strip())
        else:
            self.plain.append(s)
        esc = _html.escape(_WS.sub(" ", s), quote=False)
        self.html.append(esc)

    def flush(self) -> None:
        text = " ".join("".join(self.text).split())
        if text:
            kind, group, list_tag, quote = self.context[-1]
            inner = "".join(self.html).strip()
            inner += "".join(close for _, close in reversed(self.inline))
            inner = _tidy_inline(inner)
            cell = bool(self.open_blocks) and self.open_blocks[-1] in ("td", "th")
            plain = len(_WORD.findall("".join(self.plain))) if self.links else len(text)
            self.blocks.append(
                _Block(kind, text, inner, self.links, group, list_tag, quote, cell, plain)
            )
        self.text = []
        self.plain = []
        self.html = [open_ for open_, _ in self.inline]
        self.links = 0

    # --- walk
    def walk(self, root: etree._Element) -> None:
        stack: list[tuple[etree._Element, bool]] = [(root, True)]
        while stack:
            el, entering = stack.pop()
            if entering:
                self.budget -= 1
                if self.budget < 0:
                    return
                if self.enter(el):
                    stack.append((el, False))
                    # Comments and processing instructions were stripped before.
                    for child in reversed(el):
                        if isinstance(child.tag, str):
                            stack.append((child, True))
                    self.add_text(el.text)
                elif el is not root:
                    self.add_text(el.tail)
            else:
                self.leave(el)
                if el is not root:
                    self.add_text(el.tail)

    def enter(self, el: etree._Element) -> bool:
        """Open an element; False when its subtree is not walked (figures, captions)."""
        tag = el.tag
        if tag == "br":
            self.flush()
            return False
        if tag == "figure" or _is_caption_box(el):
            self.flush()
            self.figure(el)
            return False
        if tag in ("figcaption", "caption") or _is_caption(el):
            return False
        if tag == "img":
            self.flush()
            self.image(el, None)
            return False
        if tag in BLOCK_TAGS:
            self.flush()
            kind, group, list_tag, quote = self.context[-1]
            self.open_blocks.append(tag)
            if tag in ("ul", "ol"):
                self.context.append(("li", el, tag, quote))
            elif tag == "li":
                self.context.append(("li", group, list_tag, quote))
            elif tag == "blockquote":
                self.context.append(("p", None, "ul", el))
            elif tag in _HEADINGS:
                self.context.append((_HEADINGS[tag], None, "ul", quote))
            elif tag == "pre":
                self.context.append(("pre", None, "ul", quote))
            elif kind == "li" and tag in ("p", "div"):
                self.context.append((kind, group, list_tag, quote))
            else:
                self.context.append(("p", None, "ul", quote))
            return True
        if tag == "a":
            href = el.get("href")
            anchor = (el.get("name") or el.get("id") or "").lower()
            if anchor in COMMENT_ANCHORS:
                self.flush()
                self.blocks.append(_Block("cut", "", "", 0))
            self.in_link += 1
            if href and not href.strip().lower().startswith(("javascript:", "#")):
                url = _abs(self.base, href)
                opener = f'<a href="{_html.escape(url)}">'
                self.inline.append((opener, "</a>"))
                self.html.append(opener)
            else:
                self.inline.append(("", ""))
            return True
        if tag in ("strong", "b"):
            self.inline.append(("<strong>", "</strong>"))
            self.html.append("<strong>")
            return True
        if tag in ("em", "i"):
            self.inline.append(("<em>", "</em>"))
            self.html.append("<em>")
            return True
        return True

    def leave(self, el: etree._Element) -> None:
        tag = el.tag
        if tag in BLOCK_TAGS:
            self.flush()
            if len(self.context) > 1:
                self.context.pop()
            if self.open_blocks:
                self.open_blocks.pop()
        elif tag in ("a", "strong", "b", "em", "i"):
            if tag == "a":
                self.in_link -= 1
            if self.inline:
                _, close = self.inline.pop()
                self.html.append(close)

    # --- images
    def image(self, img: etree._Element, caption: str | None) -> None:
        src = img.get("src") or img.get("data-src") or img.get("data-lazy-src")
        if not src or src.strip().lower().startswith("data:"):
            return
        for dim in ("width", "height"):
            v = img.get(dim, "")
            if v.isdigit() and int(v) < 50:
                return  # spacers, icons and tracking pixels
        alt = " ".join((img.get("alt") or "").split())
        html = f'<img src="{_html.escape(_abs(self.base, src))}" alt="{_html.escape(alt)}">'
        if caption:
            html += f"<figcaption>{_html.escape(caption, quote=False)}</figcaption>"
        self.blocks.append(_Block("figure", "", f"<figure>{html}</figure>", 0))

    def figure(self, el: etree._Element) -> None:
        caps = [
            c
            for c in el.iter(etree.Element)
            if c.tag in ("figcaption", "caption") or _is_caption(c)
        ]
        caption = " ".join(" ".join(caps[0].itertext()).split()) if caps else None
        img = next((i for i in el.iter("img")), None)
        if img is not None:
            self.image(img, caption)


def _is_caption(el: etree._Element) -> bool:
    words, _ = attr_words(el)
    return bool(words & CAPTION_WORDS)


def _is_caption_box(el: etree._Element) -> bool:
    words, _ = attr_words(el)
    return "wp-caption" in words or ("caption" in words and el.find(".//img") is not None)


_EMPTY_INLINE = re.compile(r"<(a|strong|em)\b[^>]*>\s*</\1>")


def _tidy_inline(s: str) -> str:
    prev = None
    while prev != s:
        prev = s
        s = _EMPTY_INLINE.sub("", s)
    return s


def _abs(base: str, href: str) -> str:
    href = href.strip()
    if not base:
        return href
    try:
        return urljoin(base, href)
    except ValueError:
        return href


# ---------------------------------------------------------------- filtering


def _norm(s: str) -> str:
    return " ".join(s.translate(_DASHES).casefold().split())


_SEP = re.compile(r"^\s*[-|:]\s*")


def _repeats_title(text: str, title: str | None, standfirst: str | None) -> bool:
    """True for a line that just repeats the headline (alone, site-prefixed or + excerpt)."""
    if not title:
        return False
    t = _norm(title)
    s = _norm(text)
    if not t or not s:
        return False
    if s == t:
        return True
    pos = s.find(t)
    if pos < 0 or pos > 80:
        return False
    prefix = s[:pos].strip()
    if prefix and not prefix.endswith((":", "|", "-")):
        return False
    rest = s[pos + len(t) :]
    if not rest.strip():
        return True
    # "TITLE - EXCERPT": the rest follows a separator
    return bool(_SEP.match(rest)) and (
        not standfirst or _norm(standfirst)[:40] in rest or len(rest) < 400
    )


def _page_titles(root: etree._Element, title: str | None) -> tuple[list[str], bool]:
    """Normalised headline candidates (the hint, <title>, og:title, h1 texts), and
    whether an <h1> holds the headline (not, say, the site's logo)."""
    found = [title] if title else []
    for t in root.iter("title"):
        found.append(t.text_content() if len(t) else (t.text or ""))
        break
    for m in root.iter("meta"):
        if (m.get("property") or m.get("name") or "").lower() in ("og:title", "twitter:title"):
            found.append(m.get("content") or "")
    titles = [n for n in (_norm(t[:500]) for t in found) if n]
    headline_h1 = False
    for i, h in enumerate(root.iter("h1")):
        if i > 8:
            break
        n = _norm(h.text_content()[:500])
        if not n:
            continue
        headline_h1 = headline_h1 or (len(n) >= 10 and any(n in t or t in n for t in titles))
        titles.append(n)
    return titles, headline_h1


# Ends like a sentence, a lead-in ("On the Net:") or a dateline ("LONDON --").
_SENTENCE_END = re.compile(r"[.!?\"'”’:\-–—]$")


def _is_headline(text: str, titles: Sequence[str]) -> bool:
    """A short line that is (part of) the page's headline, not a sentence."""
    n = _norm(text)
    if len(n) < 4 or len(n) > 250:
        return False
    for t in titles:
        if n == t:
            return True
        if len(n) >= 12 and n in t and len(n) >= 0.35 * len(t) and not _SENTENCE_END.search(n):
            return True
    return False




def _cut_comments(blocks: list[_Block]) -> list[_Block]:
    """Cut a reader-comment thread recognised by repeated signature lines.

    Comments often sit in the same container as the article; two or more
    "Posted by NAME on DATE" lines mark them. The cut goes at the nearest comment
    heading before the first signature, else just before the first comment.
    """
    sigs = [i for i, b in enumerate(blocks) if len(b.text) < 150 and COMMENT_SIGNATURE.match(b.text)]
    if len(sigs) < 2:
        return blocks
    first = sigs[0]
    cut = max(first - 1, 0)
    for k in range(first - 1, max(first - 25, -1), -1):
        t = blocks[k].text
        if len(t) < 130 and (THREAD_HEADING_WORDS.search(t) or COMMENT_HEADING.match(t)):
            cut = k
            break
    if sum(len(b.text) for b in blocks[:cut]) < 200:
        return blocks
    return blocks[:cut]








def _is_tail_furniture(b: _Block) -> bool:
    """A bottom-of-article line that is not body text."""
    text = b.text
    n = len(text)
    if n < 120 and BOILERPLATE_LINE.match(text):
        return True
    if CONTACT_LINE.search(text) and (n < 60 or (n < 160 and CONTACT_LABEL.match(text))):
        return True
    if n < 100 and (BYLINE_START.match(text) or COMMENT_SIGNATURE.match(text) or STAFF_LINE.search(text)):
        return True
    if n < 300 and CREDIT_LINE.search(text):
        return True
    # A short line without sentence punctuation is a related headline or section
    # name, not the article's last sentence. List items and short table cells are
    # data (scores, poll figures), kept.
    if b.kind == "li" or (b.cell and n < 30):
        return False
    # A comma suggests a signature ("Jo Collins, District Commander"), kept; a
    # timestamp ("Wire | Wed, Jan 16 2008") does not.
    signature = "," in text and "|" not in text and not any(c.isdigit() for c in text)
    return n < 90 and not signature and not _SENTENCE_END.search(text)


def _is_furniture(text: str, titles: Sequence[str], *, heading: bool = False) -> bool:
    """A top-of-article line that is not body text (headline, byline, date, caption).

    Anything short that does not end like a sentence counts (kickers, decks, author
    names, "AP Sports Writer", timestamps), except a real subheading (h2-h6), which
    goes only when it is the headline itself.
    """
    n = len(text)
    if n < 100 and (BYLINE_START.match(text) or DATELINE.match(text)):
        return True
    if heading:
        return _norm(text) in titles or len(text.split()) < 3
    if n < 160 and _is_headline(text, titles):
        return True
    if n < 400 and CAPTION_CREDIT.search(text):
        return True
    if n < 60 and STAFF_LINE.search(text):
        return True
    if n < 100 and not _SENTENCE_END.search(text):
        return True
    return n < 40 and len(text.split()) < 6




def _ends_article(text: str) -> bool:
    """A short heading such as "Also in World News" or "Related stories:"."""
    return (
        len(text) < 60
        and len(text.split()) <= 6
        and not text.endswith(".")
        and bool(MORE_STORIES_HEADING.match(text))
    )


def _drop_title_excerpt_lines(blocks: list[_Block], titles: Sequence[str]) -> list[_Block]:
    """Drop "SITE: TITLE - EXCERPT" lines when the excerpt is repeated in the body.

    Works without hints: the title comes from the page (h1, <title>, og:title), and
    the line goes only if what follows the title is the start of another paragraph.
    """
    if not titles or len(blocks) < 2:
        return blocks
    norms = [_norm(b.text) for b in blocks]
    drop: set[int] = set()
    for i, s in enumerate(norms[:8]):
        for t in titles:
            pos = s.find(t) if len(t) >= 8 else -1
            if pos < 0 or pos > 80:
                continue
            prefix = s[:pos].strip()
            if prefix and not prefix.endswith((":", "|", "-")):
                continue
            rest = s[pos + len(t) :]
            if not _SEP.match(rest):
                continue
            head = _SEP.sub("", rest, count=1)[:60]
            if len(head) >= 20 and any(j != i and n.startswith(head) for j, n in enumerate(norms)):
                drop.add(i)
                break
    return [b for i, b in enumerate(blocks) if i not in drop]


def _link_line(b: _Block) -> bool:
    """A mostly-link line with no sentence of its own around the link."""
    if b.links > 0.95 * len(b.text) or b.plain_words <= 1:
        return True
    return b.plain_words <= 3 and not b.text.endswith(".")


def _filter(
    blocks: list[_Block],
    profile: Profile,
    title: str | None,
    standfirst: str | None,
    titles: Sequence[str] = (),
    has_h1: bool = False,
) -> list[_Block]:
    """Drop blocks that are not article text (see the module docstring, step 4)."""
    stops = [re.compile(p, re.I) for p in profile.stop_text]
    drops = [re.compile(p, re.I) for p in profile.drop_text]
    out: list[_Block] = []
    kept = 0
    blocks = _cut_comments(blocks)
    for b in blocks:
        if b.kind == "figure":
            out.append(b)
            continue
        text = b.text
        if any(p.match(text) for p in stops):
            break
        if b.kind == "cut" or (len(text) < 80 and COMMENT_HEADING.match(text)) or _ends_article(text):
            # The comment section starts here; before any text it is a stray link.
            if kept >= 300:
                break
            continue
        if any(p.fullmatch(text) for p in drops):
            continue
        if _repeats_title(text, title, standfirst):
            continue
        n = len(text)
        # A line that is mostly a link is navigation ("Related: <a>..</a>"), unless
        # it is a sentence around the link ("This follows our story <a>..</a>.").
        if n < 200 and b.links > 0.6 * n and _link_line(b):
            continue
        if n < 120 and BOILERPLATE_LINE.match(text.translate(_DASHES)):
            continue
        out.append(b)
        kept += n
    out = _drop_title_excerpt_lines(out, titles)
    # Furniture above the first real paragraph: headline, kicker, byline, dateline,
    # photo captions. Looked at until the first paragraph that reads as text.
    i = 0
    while i < len(out) and i < 10:
        b = out[i]
        if b.kind in ("figure", "li"):
            i += 1
            continue
        # Subheadings are kept when the page has its headline in an <h1>; otherwise
        # a heading at the top is the headline or a deck.
        heading = has_h1 and b.kind.startswith("h")
        if _is_furniture(b.text, titles, heading=heading):
            out.pop(i)
            continue
        break
    # Furniture below the last real paragraph: contact/follow lines, credits,
    # copyright, sources, lists of related headlines.
    while out:
        b = out[-1]
        if b.kind == "figure" or _is_tail_furniture(b):
            out.pop()
            continue
        break
    return out


# ---------------------------------------------------------------- rendering


def _render(blocks: list[_Block]) -> Body:
    text = "\n\n".join(b.text for b in blocks if b.kind != "figure")
    parts: list[str] = []
    open_list: object = None
    open_quote: object = None
    list_tag = "ul"
    for b in blocks:
        group = b.group if b.kind == "li" else None
        if open_list is not None and group is not open_list:
            parts.append(f"</{list_tag}>")
            open_list = None
        if open_quote is not None and b.quote is not open_quote:
            parts.append("</blockquote>")
            open_quote = None
        if b.quote is not None and open_quote is None:
            parts.append("<blockquote>")
            open_quote = b.quote
        if b.kind == "li":
            if open_list is None:
                list_tag = b.list_tag
                parts.append(f"<{list_tag}>")
                open_list = group if group is not None else object()
            parts.append(f"<li>{b.html}</li>")
        elif b.kind == "figure":
            parts.append(b.html)
        else:
            tag = b.kind if b.kind != "pre" else "p"
            parts.append(f"<{tag}>{b.html}</{tag}>")
    if open_list is not None:
        parts.append(f"</{list_tag}>")
    if open_quote is not None:
        parts.append("</blockquote>")
    return Body(text=text, html="\n".join(parts))


_TAG_START = re.compile(r"<[A-Za-z!/]")


def repair_open_title(root: etree._Element) -> etree._Element:
    """Re-parse a page whose unclosed <title> swallowed the rest of the document.

    libxml2 reads <title> as raw text up to "</title>"; when that never comes, the
    whole page ends up as the title's text and the body is empty.
    """
    for t in root.iter("title"):
        raw = t.text or ""
        if len(raw) < 300:
            continue
        m = _TAG_START.search(raw)
        if m is None:
            continue
        # Text outside the title (the title may sit in <body> after a wrapping parser).
        rest = _text_len(root) - len(raw.strip())
        if rest > len(raw) // 4:
            continue
        fixed = parse_html(raw[m.start() :])
        if fixed is not None:
            return fixed
    return root


def _extract(
    root: etree._Element, url: str, profile: Profile, title: str | None, standfirst: str | None
) -> Body:
    if root is None or not isinstance(root.tag, str):
        return Body()
    root = repair_open_title(root)
    titles, has_h1 = _page_titles(root, title)
    for css in profile.remove_selectors:
        for el in _select(root, css):
            drop_tree(el)
    strip_junk_tags(root)
    body = root.find("body")
    if body is None or _text_len(body) < _text_len(root) // 3:
        # Content the parser left in <head> (an unknown tag there) or outside <body>.
        body = root
    roots, stats = _pick(body, profile)
    _clean_inside(roots, stats)
    writer = _Writer(url)
    for r in roots:
        writer.walk(r)
        writer.flush()
    return _render(_filter(writer.blocks, profile, title, standfirst, titles, has_h1))

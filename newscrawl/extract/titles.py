"""The post's own title: the headline as published, reconciled across metadata and the page.

Metadata first, as the reference extractors do: the JSON-LD headline, og:title,
twitter:title (cleaned of the site's name and of an appended excerpt). The visible
headline (the article's ``h1``) repairs a metadata title that was cut ("…", or a strict
prefix of the ``h1``). Without a metadata title the ``<title>`` is used, reduced to the
part of it that the page shows as a heading; then the ``h1``; then a headline element;
a ``<title>`` shown nowhere (the site's stock title) yields to the headline-like element
just above the first paragraph of text.

A candidate that is the site's name (og:site_name, JSON-LD WebSite/Organization, the
learned template's name, the text of the link to the home page, the host name) or a URL
is never the title; neither is a heading that is the site's or blog's logo.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import chain
from urllib.parse import parse_qs

from lxml import etree

from .authors import is_person_name
from .clean import char_pairs, replace_chars, text_content
from .media import registrable_host
from .metadata import Metadata, as_list, as_text
from .parse import classes, clean_text, css, inside_noise, text_lines, text_of
from .urls import join_url, split_url
from .vocabulary import (
    BOILERPLATE_LINE,
    BYLINE_PREFIX,
    CAPTION_CREDIT,
    HAS_DATE,
    HEADLINE_CLASS,
    HEADLINE_ISH_CLASS,
    INLINE_TAGS,
    NOT_HEADLINE_CLASS,
    SHARE_TITLE_PARAMS,
    SHARE_URL_PARAMS,
    SITE_HEADER,
    SITE_NAME_FILLERS,
    SITE_TITLE_CLASSES,
    STORY_LABEL,
    TITLE_DANGLING,
    TITLE_DECORATION,
    TITLE_ELLIPSIS,
    TITLE_SEPARATOR_END,
    TITLE_SEPARATOR_START,
    TITLE_SEPARATORS,
    TITLE_TRAILING_DATE,
)

_SEPS = TITLE_SEPARATORS
_SEP_RE = re.compile(TITLE_SEPARATORS)
_ELLIPSIS = TITLE_ELLIPSIS
# An href that can point at a site's home page: "/", "./", "index.html", "//host/", "https://host".
_HOME_HREF = re.compile(r"^(?:(?:https?:)?//[^/?#]+)?(?:/|\./)?(?:index\.\w+)?$", re.I)
# A URL, a bare host name, or a path (a microdata name on a link is its href, which
# is only a path when the page is read without its URL).
_URL_LIKE = re.compile(r"^(?:(?:https?://|www\.)\S*|[\w-]+(?:\.[\w-]+)+/?|\.{0,2}/\S*)$")
# A URL slug ("harbour-wall-rebuilt-2018"): lower case, three or more parts, no spaces
# (a CMS that fills og:title with the post's slug).
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+){2,}$")
_BLOCKS = frozenset({"p", "div", "ul", "ol", "table", "img", "section", "article", "h1", "h2", "h3", "h4", "h5",
                     "h6", "blockquote"})
_MAX_TITLE = 400  # a longer "title" swallowed the page (unclosed tag) or is a paragraph
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                       "–": "-", "—": "-", "\xa0": " "})
_FOLD_PAIRS = char_pairs(_FOLD)


@lru_cache(maxsize=4096)
def _norm(s: str) -> str:
    """Comparison form: casefolded, quotes/dashes unified, whitespace collapsed, no ellipsis.
    Cached: a page's excerpts and site names are compared with every title candidate."""
    s = replace_chars(unicodedata.normalize("NFKC", s or ""), _FOLD_PAIRS).casefold()
    s = _ELLIPSIS.sub("", s)
    return re.sub(r"\s+", " ", s).strip()


# What is not a letter or digit: re's \w is str.isalnum() plus "_" (code point for code
# point), so removing this keeps exactly the characters isalnum() keeps.
_NOT_ALNUM = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")  # one word: letters and digits only


def _squeeze(s: str) -> str:
    """Letters and digits only, casefolded: "Bay Daily Online" → "baydailyonline"."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", s or "").casefold())


def _host_core(s: str) -> str:
    """A squeezed name without the words sites add to their domain ("the", "online", "com")."""
    prev = None
    while prev != s:
        prev, s = s, SITE_NAME_FILLERS.sub("", s)
    return s


@lru_cache(maxsize=1024)
def _affixes(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The patterns of ``name`` as a title's prefix and as its suffix, compiled once (a
    site's names are the same on every page)."""
    # "The Washington Post" for og:site_name "Washington Post"; a suffix may go on with the
    # site's tagline ("Headline - Town News - Local news for Leigh").
    esc = re.escape(name) if name[:4].casefold() == "the " else rf"(?:the\s+)?{re.escape(name)}"
    return (re.compile(rf"^\s*{esc}{_SEPS}(?P<rest>.+)$", re.I),
            # (words as \S+ runs that must end at a space: no split inside a word to try)
            re.compile(rf"^(?P<rest>.+?){_SEPS}{esc}(?:{_SEPS}(?:\S+\s+){{0,7}}\S+)?\s*$", re.I))


def strip_site_name(title: str, site_names: list[str]) -> str:
    """Remove a site name prefix or suffix together with its separator."""
    t = title
    for name in sorted({n for n in site_names if n}, key=len, reverse=True):
        prefix_re, suffix_re = _affixes(name)
        prefix = prefix_re.match(t)
        if prefix and prefix.group("rest").strip():
            t = prefix.group("rest").strip()
        suffix = suffix_re.match(t)
        if suffix and suffix.group("rest").strip():
            t = suffix.group("rest").strip()
    return t


def strip_excerpt(title: str, excerpts: list[str]) -> str:
    """Drop a trailing ' - EXCERPT' (Yoast's "TITLE - %%excerpt%%") when it starts the excerpt.

    Only cut at a dash separator and only when the text after it is (a prefix of) the
    description or first paragraph, so titles like "Parking - a view from Elm Road" stay.
    """
    keys = [_norm(e) for e in excerpts if e and len(e) >= 15]
    if not keys:
        return title
    cut = bool(_ELLIPSIS.search(title))
    for m in re.finditer(r"\s*[:|]\s+|\s+[-–—]\s+", title):
        tail = _norm(title[m.end():])
        # Appended excerpts are long; a short tail is a subtitle the standfirst may repeat
        # ("Parking - a view from Elm Road"), more so after a colon or bar. A title cut
        # short ("TITLE - EXCERPT…", Yoast's 110 characters) keeps only a bit of it.
        bar = m.group().strip() in {":", "|"}
        short = not (cut and len(tail) >= 10 and not bar)
        if short and len(tail) < (40 if bar else 30) and tail != keys[0]:
            continue
        for key in keys:
            if key.startswith(tail) or (len(key) >= 40 and tail.startswith(key)):
                head = title[: m.start()].strip()
                if _is_label_before_headline(head, tail, key):
                    return title
                return head
    return title


def _is_label_before_headline(head: str, tail: str, key: str) -> bool:
    """"Section - HEADLINE" whose description is the headline itself (old CMSes copy the
    headline into the description): the tail is the headline, not an appended excerpt.

    An appended excerpt follows a headline; a section name or site label before it is a
    word or three, shorter than what follows, and the description is then headline-sized
    (80 characters at most, no sentence end, no ellipsis).
    """
    return (tail == key.rstrip(" ,;:|-–—") and len(head.split()) <= 3 and len(head) < len(tail) <= 80
            and not _ELLIPSIS.search(tail) and not tail.rstrip().endswith("."))


_SEO_VARIABLE = re.compile(r"%%\w+%%")


def clean_title(raw: str, site_names: list[str], excerpts: list[str]) -> str:
    """A candidate title without site name and appended excerpt."""
    return _clean_title(raw, tuple(site_names), tuple(excerpts))


@lru_cache(maxsize=1024)
def _clean_title(raw: str, site_names: tuple[str, ...], excerpts: tuple[str, ...]) -> str:
    # Remembered: a page offers the same title in its JSON-LD, og:title and <title>, and
    # find_title cleans some of them twice (3 of 5 calls on replica pages repeat one).
    # (An SEO plugin's variables left unexpanded: "Headline %%sep%% %%sitename%%", a title
    # imported from Yoast into a plugin without them.)
    t = TITLE_DECORATION.sub("", clean_text(_SEO_VARIABLE.sub(" ", raw))).strip()
    t = TITLE_TRAILING_DATE.sub("", t) or t
    names = list(site_names)
    t = strip_site_name(t, names)
    t = strip_excerpt(t, list(excerpts))
    t = strip_site_name(t, names)
    return t


# --- what the site is called ---------------------------------------------------------------


class _Site:
    """The names a site goes by on this page, and tests of a text against them."""

    def __init__(self, site_names: list[str], url: str, root: etree._Element, own_urls: tuple[str, ...] = ()):
        self.url = url
        # The page's own paths (its URL, canonical, og:url): a link there is a permalink.
        own = [split_url(join_url(url, u.strip())) for u in (url, *own_urls) if u]
        self.own_paths = {(p.path.rstrip("/"), p.query) for p in own}
        self.own_bare = {p.path.rstrip("/") for p in own}
        self.names = [n for n in site_names if n]
        # The domain's name: "baydaily" of news.baydaily.co.uk (not its subdomains, which
        # are words: "sports", "news", "next").
        label = registrable_host(split_url(url).hostname or "").split(".")[0]
        self.host_cores = {_host_core(label.replace("-", ""))} if len(label) >= 3 else set()
        self.host_cores.discard("")
        # The domain written out in a text ("FT.com", "bbc.co.uk Navigation", "from
        # planet-f1.com"): any ending, as sites name themselves by their main domain.
        self.host_re = re.compile(rf"(?<![\w.-]){re.escape(label)}\.[a-z]{{2,}}\b", re.I) if label else None
        self._home: list[str] | None = None
        self._home_norm: set[str] | None = None
        self._module_titles: set[str] | None = None
        self._names_norm: tuple[int, frozenset[str]] = (-1, frozenset())
        self.root = root

    def home_names(self) -> list[str]:
        """Texts of the links to the site's home page (its logo/name), computed once."""
        if self._home is None:
            self._home = []
            base_host = split_url(self.url).hostname  # (a property that parses: read once)
            for a in self.root.iter("a"):
                href = (a.get("href") or "").strip()
                # Most links: a path below the root, cheaply ruled out (the pattern holds
                # three slashes at most; its backtracking over a long href is slower).
                if href.count("/") > 3 or not _HOME_HREF.match(href):
                    continue
                parts = split_url(join_url(self.url, href))
                if parts.path not in {"", "/"} and not re.match(r"^/index\.\w+$", parts.path) or parts.query:
                    continue
                host = parts.hostname if base_host else None
                if base_host and host and host != base_host:
                    continue
                for t in (text_of(a), a.get("title") or "", *(img.get("alt") or "" for img in a.iter("img"))):
                    t = clean_text(t)
                    if t and len(t) <= 80 and t not in self._home:
                        self._home.append(t)
                if len(self._home) > 20:
                    break
        return self._home

    def learn_suffix(self, title: str, stated: tuple[str, ...] | list[str] = ()) -> None:
        """Remember the last segment of a title as the site's name when it starts with the
        domain's name ("HEADLINE - Starpulse Entertainment News Blog" on starpulse.com),
        so that an h1 or element showing it is not taken for the headline.

        Only the last segment: a first one that starts with the same word is as often the
        headline ("Guardian angels patrol the subway | The Guardian"). Nor a last segment
        that the page ``stated`` as its title (og:title, the JSON-LD headline): "Harbour
        Notes: Harbour wall rebuilt" on harbournotes.example ends with the headline.
        """
        segs = _segments(title)
        if len(segs) < 2:
            return
        last = segs[-1][0].strip()
        sq = _squeeze(last)
        n = _norm(last)
        # Or a longer form of a name the site gives itself ("HEADLINE | NHK WORLD-JAPAN
        # News" beside og:site_name "NHK WORLD", on nhk.or.jp, a domain name too short to tell).
        longer = any(len(k) >= 5 and n.startswith(k) and not n[len(k)].isalnum()
                     for k in (_norm(x) for x in self.names) if len(n) > len(k))
        # Or a writer's page on a platform: "HEADLINE | Wren Alcott on Patreon".
        platform = re.search(r"\s(?:on|at|via|@)\s+(\S+)$", last)
        on_platform = platform is not None and _host_core(_squeeze(platform[1])) in {
            c for c in self.host_cores if len(c) >= 5}
        if len(last.split()) >= 2 and (longer or on_platform
                                       or any(len(c) >= 5 and sq.startswith(c) for c in self.host_cores)):
            if n not in {_norm(s) for s in stated}:
                self.names.append(last)

    def is_name(self, text: str, *, home: bool = True) -> bool:
        """True when ``text`` is the site's name, its host or a URL."""
        n = _norm(text)
        if not n:
            return False
        if _URL_LIKE.match(n) or _SLUG.match(text.strip()):
            return True  # a URL, a bare host name, a path or a URL slug
        if self.url and n.rstrip("/") == _norm(self.url).rstrip("/"):
            return True
        if n in self._norm_names():
            return True
        if self.host_re is not None and len(n.split()) <= 6 and self.host_re.search(n):
            return True  # "Financial Times FT.com": a headline names other sites, not its own
        sq = _host_core(_squeeze(text))
        if sq and sq in self.host_cores:
            return True
        if home:
            if self._home_norm is None:
                self._home_norm = {_norm(x) for x in self.home_names() if len(x) >= 3}
            if n in self._home_norm:
                return True
        return False

    def is_section(self, text: str) -> bool:
        """Whether ``text`` names a section the page belongs to: a label of four words at
        most equal to a one-word folder of the page's path ("Sports Wire" on /sportswire/22.html),
        or the text of a link to such a folder ("Editorials" → /editorial/index.html on
        /editorial/story/123.html). Never the page's own name (its last path segment)."""
        if not self.url or not 1 <= len(text.split()) <= 4:
            return False
        key = _squeeze(text).removesuffix("s")
        if not key:
            return False
        page = split_url(self.url)
        folders = page.path.rstrip("/").split("/")[:-1]
        # One word ("sportswire", "Sport"): a folder of several words is a slug, often
        # the page's own before its number ("/news/Fun-returns/255997/").
        if any(_squeeze(f).removesuffix("s") == key for f in folders if f and _WORD.fullmatch(f)):
            return True
        n = _norm(text)
        # A heading classed as a module's title ("News Flash", CivicPlus' h2.moduleTitle
        # above every alert; "sectionTitle", "widget-title").
        if self._module_titles is None:  # (read once: is_section is asked of every candidate)
            self._module_titles = {_norm(text_of(el)) for el in _MODULE_TITLES(self.root)}
        if n in self._module_titles:
            return True
        for a in self.root.iter("a"):
            href = (a.get("href") or "").strip()
            if not href or _norm(text_of(a)) != n:
                continue
            there = split_url(join_url(self.url, href))
            folder = there.path if there.path.endswith("/") else there.path.rsplit("/", 1)[0] + "/"
            if (there.hostname == page.hostname and folder != "/" and page.path.startswith(folder)
                    and there.path.rstrip("/") != page.path.rstrip("/")):
                return True
        return False

    def _norm_names(self) -> frozenset[str]:
        """The comparison forms of ``names`` (which ``learn_suffix`` may extend)."""
        if self._names_norm[0] != len(self.names):
            self._names_norm = (len(self.names), frozenset(_norm(x) for x in self.names))
        return self._names_norm[1]

    def strip(self, title: str) -> str:
        """``title`` without a first or last segment that is the site's name."""
        segs = _segments(title)
        if len(segs) < 2:
            return title
        start, end = 0, len(segs)
        # Trailing segments first ("Headline - Section - Site"): only the site's own.
        while end - start > 1 and self.is_name(segs[end - 1][0]):
            end -= 1
        while end - start > 1 and self.is_name(segs[start][0]):
            start += 1
        if (start, end) == (0, len(segs)):
            return title
        return title[segs[start][1]:segs[end - 1][2]].strip()


def _segments(title: str) -> list[tuple[str, int, int]]:
    """The parts of a title between separators, with their offsets."""
    out = []
    pos = 0
    for m in _SEP_RE.finditer(title):
        if m.start() > pos:
            out.append((title[pos:m.start()], pos, m.start()))
        pos = m.end()
    if pos < len(title):
        out.append((title[pos:], pos, len(title)))
    return [s for s in out if s[0].strip()]


# --- the page's headings ---------------------------------------------------------------------


def _is_byline(text: str) -> bool:
    """"By Jane Doe", "Par Camille Exemple": a credit line, in a headline's place on old
    templates, never the headline. A name after the prefix, of two words at least ("Von
    Trapp" may be a headline)."""
    m = BYLINE_PREFIX.match(text.strip())
    if not m:
        return False
    rest = text.strip()[m.end():].strip()
    return len(rest.split()) >= 2 and is_person_name(rest)


def _is_logo(h: etree._Element, site: _Site | None) -> bool:
    """A heading that is the site's (or blog's) name: logo classes, a link home, the name."""
    # (A "header" inside the main region, role=main, is the article's: CivicPlus' detail.)
    in_main = any(a.get("role") == "main" for a in h.iterancestors())
    for el in (h, *h.iterancestors()):
        if el.tag in {"body", "article", "main"}:
            break
        if any(c in SITE_TITLE_CLASSES for c in classes(el)) or (not in_main and SITE_HEADER.search(
                f"{el.get('class') or ''} {el.get('id') or ''}")):
            return True
    if site is not None:
        text = text_of(h)
        if site.is_name(text):
            return True
        links = list(h.iter("a"))
        if len(links) == 1 and text_of(links[0]) == text:
            href = (links[0].get("href") or "").strip()
            parts = split_url(join_url(site.url, href))
            if href and parts.path in {"", "/"} and not parts.query:
                return True  # <h1><a href="/">Blog name</a></h1>
    return False


def _headings(container: etree._Element, root: etree._Element, site: _Site | None,
              lined: set[str] | None = None) -> list[str]:
    """Texts of the article's ``h1`` headings (not the site logo), container first;
    ``lined`` gets those that break a line with <br>."""
    out: list[str] = []
    for scope in (container, root):
        for h in scope.iter("h1"):
            t = _heading_text(h)
            if t and len(t) <= _MAX_TITLE and not _is_logo(h, site) and not _is_byline(t) and t not in out:
                out.append(t)
                if lined is not None and h.find(".//br") is not None:
                    lined.add(t)
        if out:
            break
    return out


def _heading_text(h: etree._Element) -> str:
    """A heading's text with a space where it breaks a line ("villamosvonal:<br>18 hónapig"
    is "villamosvonal: 18 hónapig")."""
    return clean_text(" ".join(text_lines(h))) if h.find(".//br") is not None else text_of(h)


def visible_headline(container: etree._Element, root: etree._Element, site: _Site | None = None) -> str:
    """The h1 of the article area (not the site logo's h1), else an entry-title element."""
    found = _headings(container, root, site)
    if found:
        return found[0]
    for h in css(container, ".entry-title, .post-title, [itemprop=headline], h2"):
        t = _heading_text(h)
        if t and len(t) <= _MAX_TITLE and not _is_logo(h, site) and not _is_byline(t):
            return t
    return ""


def _headline_element(scope: etree._Element, site: _Site) -> str:
    """The first element whose class/id names it the headline (old pages without an h1
    or metadata)."""
    for el in scope.iter():
        if not isinstance(el.tag, str) or el.tag in {"a", "body", "html", "meta", "script", "style"}:
            continue
        attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
        if not HEADLINE_CLASS.search(attrs) or NOT_HEADLINE_CLASS.search(attrs):
            continue
        t = _without_trailing_date(el, text_of(el))
        if not 3 <= len(t) <= 150 or any(
                isinstance(d.tag, str) and d.tag in _BLOCKS for d in el.iterdescendants()):
            continue  # a teaser box (headline, date, summary), not a headline
        if _links_elsewhere(el, t, site) or any(a.tag == "li" for a in el.iterancestors()):
            continue  # another story's headline in a list of related or latest stories
        if len(re.findall(r"[^\W\d_]{2,}", t)) < 2:
            continue  # a date or a label
        if not site.is_name(t) and not _is_logo(el, site) and not _is_byline(t):
            return t
    return ""


_NOT_TEXT = frozenset({"script", "style", "noscript", "option", "select", "textarea", "title", "head"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4"})
_TEXT_RUN = 150  # characters of one element's own text: a paragraph of the article
_ABOVE_LOOK = 60  # elements looked at above it
_LEAD_LOOK = 10  # elements looked at at its start
_START_LOOK = 20_000  # elements looked through for it (a real page's text starts early)
_DIRECT_TEXT = etree.XPath("text()")
_PLAIN_TEXT = etree.XPath(".//text()[not(ancestor::a)]")
# Characters of script or style code; a page's broken markup can show its code as text.
_CODE = re.compile(r"[{};=<>]")


def _own_run(el: etree._Element) -> str:
    """The plain text directly in ``el`` and its inline children (not in its block
    children, not in links: a row of links is navigation, not a paragraph)."""
    parts = list(_DIRECT_TEXT(el))  # its text and its children's tails
    for c in el:
        if isinstance(c.tag, str) and c.tag in INLINE_TAGS and c.tag != "a":
            parts += _PLAIN_TEXT(c)
    return " ".join(" ".join(parts).split())


def _text_start(scope: etree._Element) -> etree._Element | None:
    """The first element holding a paragraph's worth of its own text (not in page chrome)."""
    for i, el in enumerate(scope.iter()):
        if i >= _START_LOOK:
            return None
        if not isinstance(el.tag, str) or el.tag in _NOT_TEXT:
            continue
        run = _own_run(el)
        if (len(run) >= _TEXT_RUN and run.count(" ") >= 20 and len(_CODE.findall(run)) * 50 <= len(run)
                and not inside_noise(el, forms=False)):
            return el
    return None


def _above_text(root: etree._Element, site: _Site, *, opening: bool = False) -> str:
    """The headline-like element nearest above the first paragraph of text: a heading
    (h1-h4), an element with a headline-ish class, or a bold line alone in its block.
    For old templates whose <title> is the site's stock title and whose headline has no
    headline class; "" when another paragraph comes first (the text above is not this
    story's) or nothing qualifies. With ``opening``, a heading that opens the text's own
    block counts too (for pages whose heading is known not to be the headline: in a
    block of its own, it may as well be another story's)."""
    body = root.find("body")
    start = _text_start(body if body is not None else root)
    if start is None:
        return ""
    # The text's own block may open with the headline ("<div><h3>Headline</h3>Text…"):
    # a heading among its first few elements, before its first words.
    leading: list[etree._Element] = []
    if opening and not (start.text or "").strip():
        for child in start:
            leading += child.iter()
            if (child.tail or "").strip() or len(leading) > _LEAD_LOOK:
                break
        leading = [el for el in leading[:_LEAD_LOOK] if el.tag in _HEADING_TAGS]
    looked = teasers = 0
    for el in chain(reversed(leading), reversed(start.xpath("preceding::*"))):  # nearest first
        if not isinstance(el.tag, str) or el.tag in _NOT_TEXT:
            continue
        looked += 1
        if looked > _ABOVE_LOOK or len(_own_run(el)) >= _TEXT_RUN:
            return ""
        if el.tag == "a" and len(text_of(el).split()) >= 4 and _links_elsewhere(el, text_of(el), site):
            teasers += 1  # a list of other stories between the text and what is above it
            if teasers >= 2:
                return ""
        if not (el.tag in _HEADING_TAGS
                or HEADLINE_ISH_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}")
                or (el.tag in {"b", "strong", "font"} and el.getparent() is not None
                    and text_of(el.getparent()) == text_of(el))):
            continue
        if (el.tag == "a" or any(a.tag == "a" for a in el.iterancestors()) or _is_logo(el, site)
                or len(text_of(el)) > 300 or inside_noise(el, forms=False)):
            continue  # a link, the site's name, a box of several things, page chrome
        # A headline box may hold the date and the byline too, each on its own line; a
        # row of "|"-separated words is a menu, a section's name is not the headline.
        for t in text_lines(el)[:6]:
            if (8 <= len(t) <= 200 and 2 <= len(t.split()) <= 30 and not _links_elsewhere(el, t, site)
                    and not site.is_name(t) and not site.is_section(t) and not _is_byline(t)
                    and not _is_date_line(t) and t.count("|") < 2
                    and not BOILERPLATE_LINE.match(t.casefold()) and not CAPTION_CREDIT.search(t)):
                return t  # (not a photo's caption: "Cracked pavement on Main Street. (Courier photo)")
    return ""


def _is_date_line(text: str) -> bool:
    """A date, with at most four other words ("Thursday, 10 January 2008, 09:14")."""
    return bool(HAS_DATE.search(text)) and len(re.findall(r"[^\W\d_]{2,}", text)) <= 4


def _without_trailing_date(el: etree._Element, text: str) -> str:
    """``text`` without the date a child element adds at its end ("Headline <span
    class=date>Thursday, 10 January 2008, 09:14</span>"): the page's date, not the headline."""
    for d in el.iterdescendants():
        if not isinstance(d.tag, str):
            continue
        dt = text_of(d)
        if dt and len(dt) <= 60 and dt != text and text.endswith(dt) and HAS_DATE.search(dt):
            words = re.findall(r"[^\W\d_]{2,}", dt)
            if len(words) <= 4:  # a weekday, a month, "at": a date line, not a subtitle
                return text[: -len(dt)].strip(" ,-–—|")
    return text


def _links_elsewhere(el: etree._Element, text: str, site: _Site) -> bool:
    """Whether ``el``'s whole text is one link to another page (a section, another
    story): navigation or a teaser, never the headline of the page it is on."""
    links = [a for a in el.iter("a") if a.get("href")]
    if not site.url or len(links) != 1 or _norm(text_of(links[0])) != _norm(text):
        return False
    there = split_url(join_url(site.url, (links[0].get("href") or "").strip()))
    if there.scheme not in {"http", "https"}:
        return True  # a script's popup or a mail link: not the page's own headline
    # The page's own link may drop its query (tracking); a different query is another
    # page on sites that number their stories ("story.php?id=…").
    path = there.path.rstrip("/")
    return (path, there.query) not in site.own_paths and (there.query or path not in site.own_bare)


# --- deciding ----------------------------------------------------------------------------------


def _metadata_titles(md: Metadata, page_title: str = "") -> list[str]:
    """The titles the page states for its article, best first (not the <title>)."""
    out: list[str] = []
    if md.article:
        out += [as_text(md.article.get("headline")), as_text(md.article.get("name"))]
    for key in ("og:title", "twitter:title"):
        if key == "og:title" and _og_of_home(md):
            continue
        out += md.get_all(key)[:1]
    if md.microdata:
        # A theme may mark its page heading ("News") as a headline too: of several, the
        # ones the <title> holds first.
        heads = [as_text(v) for v in as_list(md.microdata.get("headline"))]
        if len(heads) > 1 and page_title:
            heads.sort(key=lambda h: not (h and _norm(h) in _norm(page_title)))
        out += [*heads[:1], as_text(md.microdata.get("name"))]
    for key in ("dc.title", "dcterms.title", "parsely-title", "sailthru.title", "headline"):
        out += md.get_all(key)[:1]
    return [t for t in out if t and len(t) <= _MAX_TITLE]


_MODULE_TITLES = etree.XPath(
    "descendant::*[self::h1 or self::h2 or self::h3 or self::div or self::span][re:test(@class, "
    "'(?:^|\\s)(?:module|section|portlet|box)[-_]?(?:title|heading|header|name)(?:\\s|$)', 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"})


def _og_of_home(md: Metadata) -> bool:
    """Whether the page's OpenGraph tags are its site's home page's (``og:url`` the site's
    root on a page below it: a template that prints the blog's own og:title on every post)."""
    og = (md.get("og:url") or "").strip()
    if not og or not md.url:
        return False
    there, here = split_url(join_url(md.url, og)), split_url(md.url)
    return there.path in ("", "/") and not there.query and here.path not in ("", "/")


def _page_title(md: Metadata, root: etree._Element) -> str:
    """The <title> (else the JSON-LD WebPage name), when it is a title and not the page."""
    title_el = root.find(".//head/title")
    if title_el is None:
        title_el = root.find(".//title")
    t = text_of(title_el) if title_el is not None else ""
    if not t and md.webpage:
        t = as_text(md.webpage.get("name"))
    return t if len(t) <= _MAX_TITLE else ""


def _agrees(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)


def _repair(title: str, others: list[str], h1s: list[str]) -> str:
    """A cut title ("Headline of the…", "Headline of the", "Headline:") made whole by a
    longer candidate that starts with it: the visible headline first."""
    core = _norm(TITLE_DANGLING.sub("", _ELLIPSIS.sub("", title)))
    cut = bool(_ELLIPSIS.search(title) or TITLE_DANGLING.search(title))
    if len(core) < 8:
        return title
    if not cut and any(_norm(h) == _norm(title) for h in h1s):
        return title  # the page shows it whole: a longer <title> adds a suffix ("… Page all")
    for cand in [*h1s, *others]:
        nc = _norm(cand)
        if len(nc) > len(core) and nc.startswith(core) and not _ELLIPSIS.search(cand):
            rest = nc[len(core):]
            if rest.lstrip().startswith(("…", "...")) or TITLE_SEPARATOR_START.match(rest):
                continue  # the same cut text, or the whole text with a suffix
            # Cut mid-word or at a word boundary; a cut title is long (Yoast cuts at 110),
            # else it must end with the ellipsis or a dangling separator.
            if cut or len(core) >= 60 or (cand in h1s and (rest[:1] in {" ", ":", ","})):
                return cand
    if cut:
        return TITLE_DANGLING.sub("", title) if not _ELLIPSIS.search(title) or len(core) >= 100 else title
    return title


def _labelled_headline(title: str, h1s: list[str]) -> str:
    """The page's h1 when the stated title is that h1 with a kind-of-story label before
    or after it ("Opinion | HEADLINE", "HEADLINE - Analysis"), or with the cut start of
    a tail ("HEADLINE - MORE th..."): neither is the headline's. "" otherwise. (Any
    other short segment stays: an author's name after a bar is how some sites title.)"""
    nt = _norm(title)
    cut = bool(_ELLIPSIS.search(title))
    for h in h1s:
        nh = _norm(h)
        if nh == nt or len(nh.split()) < 4 or not _is_part(h, title):
            continue
        pos = nt.find(nh)
        before, after = nt[:pos].strip(" :|-–—»«·•/>~\""), nt[pos + len(nh):].strip(" :|-–—»«·•/>~\"")
        rest = f"{before} {after}".strip()
        if rest and (STORY_LABEL.fullmatch(rest) or (cut and not before and len(rest) <= 25)):
            return h
    return ""


def _is_part(part: str, title: str) -> bool:
    """``part`` is ``title`` or a run of its segments (between separators)."""
    n, nt = _norm(part), _norm(title)
    if not n:
        return False
    if n == nt:
        return True
    pos = nt.find(n)
    if pos < 0:
        return False
    before, after = nt[:pos], nt[pos + len(n):]
    return bool((not before or TITLE_SEPARATOR_END.search(before))
                and (not after or TITLE_SEPARATOR_START.match(after)))


def _shown_part(title: str, container: etree._Element, root: etree._Element, site: _Site) -> str:
    """The longest short element text of the page that is a whole segment (or run of
    segments) of the title, and not the site's name."""
    nt = _norm(title)
    if len(nt) < 12:
        return ""
    best = ""
    body = root.find("body")
    for el, t in _short_texts(body if body is not None else root):
        if len(t) <= len(best) or _links_elsewhere(el, t, site):
            continue  # shorter, or a link to a section or another story (navigation)
        n = _norm(t)
        if n == nt and not site.is_name(t):
            return t  # the whole title, as the page shows it
        if n not in nt or site.is_name(t):
            continue
        # Must be a whole segment between separators, not any substring.
        pos = nt.find(n)
        before, after = nt[:pos], nt[pos + len(n):]
        if (not before or TITLE_SEPARATOR_END.search(before)) and (
            not after or TITLE_SEPARATOR_START.match(after) or after.lstrip().startswith("(")
        ):
            best = t
    return best


_SPACE = re.compile(r"\s+")


def _spaced_as(text: str, refs: list[str]) -> str:
    """``text`` as one of ``refs`` writes it, when the two differ only in whitespace."""
    squashed = _SPACE.sub("", text)
    for ref in refs:
        if ref and ref != text and _SPACE.sub("", ref) == squashed:
            return ref
    return text


def find_title(md: Metadata, container: etree._Element, root: etree._Element,
               site_names: list[str], excerpts: list[str]) -> tuple[str | None, str | None]:
    """The title and its source ('jsonld', 'meta', 'visible')."""
    site = _Site(site_names, md.url, root, (*md.links.get("canonical", [])[:1], md.get("og:url") or ""))
    page_title = _page_title(md, root)
    stated = _metadata_titles(md, page_title)
    for t in (page_title, *md.get_all("og:title")[:1]):
        site.learn_suffix(t, stated)
    # A short first paragraph is the headline repeated, not an excerpt to cut off.
    descriptions = {md.get("description"), md.get("og:description")}
    excerpts = [e for e in excerpts if e in descriptions or len(e) >= 60]
    lined: set[str] = set()
    h1s = [h for h in (clean_title(h, site_names, excerpts) for h in _headings(container, root, site, lined))
           if h and not site.is_name(h)]

    def cleaned(raw: str) -> str:
        t = clean_title(raw, site_names, excerpts)
        t = site.strip(t)
        return "" if site.is_name(t) else t

    metas = [c for c in (cleaned(t) for t in stated) if c]
    # A heading whose lines are spans with no space between them ("De straat die" +
    # "haar markt…", set apart by CSS only) reads as metadata writes it.
    refs = [*metas, cleaned(page_title)] if page_title else metas
    h1s = [h if h in lined else _spaced_as(h, refs) for h in h1s]
    if metas:
        # (A heading that breaks its line with <br> has a space there, which metadata
        # copied from its text lacks: "«Chiudiamo la strada»Ma la Provincia".)
        best = _spaced_as(metas[0], [h for h in h1s if h in lined])
        labelled = _labelled_headline(best, h1s)
        if labelled:
            return labelled, "visible"
        src = "jsonld" if md.article and _agrees(best, cleaned(as_text(md.article.get("headline"))
                                                               or as_text(md.article.get("name")))) else "meta"
        others = metas[1:] + ([cleaned(page_title)] if page_title else [])
        return _repair(best, others, h1s), src

    def not_section(shown: str) -> str:
        # A section's name shown as the page's heading ("Sports Wire" above every story
        # of /sportswire/): the headline is the one standing above the text.
        if not site.is_section(shown):
            return shown
        above = clean_title(_above_text(root, site, opening=True), site_names, excerpts)
        return above if above and not site.is_name(above) and not site.is_section(above) else shown

    t = cleaned(page_title) if page_title else ""
    if t:
        # The headline segment of the <title>, as the page shows it. Of several h1s that
        # are segments the longest: the others are section names ("Xbox News: HEADLINE").
        parts = [h for h in h1s if _is_part(h, t)]
        if parts:
            return not_section(max(parts, key=len)), "visible"
        shown = _shown_part(t, container, root, site)
        if shown:
            return not_section(shown), "visible"
    # The <title> shows nowhere on the page (the site's stock title) or there is none:
    # the article's one h1, else an element marked as the headline.
    if len(h1s) == 1:
        return not_section(h1s[0]), "visible"
    for scope in (container, None):
        if scope is None:
            if h1s and not t:
                return h1s[0], "visible"
            scope = root
        el = clean_title(_headline_element(scope, site), site_names, excerpts)
        if el and not (t and _norm(el) in _norm(t)):
            return not_section(el), "visible"
    if t:
        # The <title> is nowhere on the page: the site's stock title ("Latest football
        # news, transfers, reports") unless no headline stands above the text.
        above = clean_title(_above_text(root, site), site_names, excerpts)
        if above and not site.is_name(above):
            return above, "visible"
        return _repair(t, [], h1s), "meta"
    shared = clean_title(_share_title(root, site), site_names, excerpts)
    if shared and not site.is_name(shared):
        return shared, "meta"
    h = clean_title(visible_headline(container, root, site), site_names, excerpts)
    if h:
        return not_section(h), "visible"
    # No title anywhere (no <title>, metadata or heading): the line above the text.
    above = clean_title(_above_text(root, site, opening=True), site_names, excerpts)
    return (above, "visible") if above and not site.is_name(above) else (None, None)


def _bare_url(url: str) -> str:
    """A URL for comparison: no scheme, no "www.", no trailing slash, no fragment."""
    parts = split_url(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}"


def _share_title(root: etree._Element, site: _Site) -> str:
    """The title the page's share buttons send with its URL ("…/submit?url=URL&title=
    HEADLINE"): the page's own statement of its title, for pages without a usable
    <title>, metadata or h1. The most frequent one, when every link agrees on the URL."""
    if not site.url:
        return ""
    own = {_bare_url(site.url)}
    found: dict[str, int] = {}
    for a in root.iter("a"):
        href = a.get("href") or ""
        if "title=" not in href or "?" not in href:
            continue
        query = parse_qs(split_url(href.strip()).query)
        targets = [v for k in SHARE_URL_PARAMS for v in query.get(k, [])]
        titles = [clean_text(v) for k in SHARE_TITLE_PARAMS for v in query.get(k, [])]
        if not targets or not titles or not any(_bare_url(u) in own for u in targets):
            continue
        t = titles[0]
        if 3 <= len(t) <= 250:
            found[t] = found.get(t, 0) + 1
    return max(found, key=found.__getitem__) if found else ""


def _short_texts(top: etree._Element) -> list[tuple[etree._Element, str]]:
    """Elements of ``top`` (itself included) with texts (`text_of`) of 12 to 250
    characters, and those texts, in document order, skipping script/style/title/option/a elements.

    Children come before their parent: once an element's text is over 250 characters,
    so is every ancestor's (its text contains the child's), and the costly texts of big
    containers are never built.
    """
    els = [el for el in top.iter() if isinstance(el.tag, str)]
    long: set[etree._Element] = set()
    texts: list[str | None] = [None] * len(els)
    for i in range(len(els) - 1, -1, -1):
        el = els[i]
        if el in long:
            parent = el.getparent()
            if parent is not None:
                long.add(parent)
            continue
        try:  # text_of(el), in two steps
            raw = text_content(el)
        except (ValueError, AttributeError):
            raw = "".join(el.itertext())
        if len(raw) < 12:
            continue  # whitespace collapsing only shortens a text
        t = clean_text(raw)
        if len(t) > 250:
            parent = el.getparent()
            if parent is not None:
                long.add(parent)
        elif len(t) >= 12 and el.tag not in {"script", "style", "title", "option", "a"}:
            texts[i] = t
    return [(el, t) for el, t in zip(els, texts, strict=True) if t is not None]

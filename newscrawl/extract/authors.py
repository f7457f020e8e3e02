"""Author names: every person the article credits.

Sources, most reliable first: the JSON-LD / microdata Article's ``author`` (Person names,
arrays, nested and ``@id`` references), the visible byline of the article's header
(``itemprop=author``, ``rel=author``, elements whose class/id words say byline/author/
writer, and "By …" lines in several languages), then ``<meta name=author>``-style tags
that hold a name (not a URL). A byline is cut into names: prefixes ("By", "Par", "Von"…),
job titles, dates, times, relative times ("8h"), bullets, e-mails, handles and URLs go;
"and"/"und"/"et"/"y"/"&"/commas separate names. What is left must look like a person's
name (any script; Latin-script names capitalised), or it is dropped: an empty list beats
a wrong one. The site or an organisation is kept only when it is the only credit, a wire
agency (AFP, Reuters…) only when no person is credited.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import urlsplit

from lxml import etree

from .clean import MAX_BYLINE, attr_words, byline_kind, drop_tree, junk_kind, text_content
from .metadata import ORG_TYPES, Metadata, as_list, as_text, types_of
from .parse import (
    article_footers,
    classes,
    clean_text,
    css,
    elements,
    find_content,
    header_region,
    is_noise,
    is_term_link,
    text_lines,
    text_of,
)
from .vocabulary import (
    AUTHOR_LABEL,
    AUTHOR_LABEL_START,
    AUTHOR_PAGE_PATH,
    BYLINE_CUT,
    BYLINE_GLUED_PREFIX,
    BYLINE_PLACE,
    BYLINE_PREFIX,
    BYLINE_SPLIT,
    CJK_JOB,
    CORPORATE_SUFFIX,
    DATELINE_CREDIT,
    ELSEWHERE_WORDS,
    EMAIL,
    GENERIC_CREDIT,
    HANDLE_OR_URL,
    JA_PARTICLES,
    JOB_NOUN,
    JOB_WORDS,
    NAME_ARTICLES,
    NAME_JOINERS,
    NAME_PARTICLES,
    NICKNAME,
    NOT_NAME_WORDS,
    OF_PUBLICATION,
    OTHER_CREDIT,
    PLACEHOLDER_NAMES,
    PUBLICATION_NAME,
    RELATIVE_TIME,
    SCREEN_READER_CLASSES,
    SIGNATORY_ROLE,
    TITLE_SEPARATORS,
    WIRE_AGENCIES,
    WRITER_PAGE_PATH,
)


def _cased(ch: str) -> bool:
    return ch.lower() != ch.upper()


def _latin_or_cased(name: str) -> bool:
    """Whether the name is written in a script with upper/lower case (Latin, Greek, Cyrillic)."""
    return any(_cased(ch) for ch in name)


def is_person_name(name: str, *, strict: bool = True) -> bool:
    """Whether ``name`` can be a person's name.

    Always: no digits, URL, e-mail or handle, at most 6 words / 60 characters, not a
    generic credit ("Staff", "News Desk"). ``strict`` (visible text): every word of a
    cased script capitalised (name particles aside), and not a single common word.
    Scripts without case (CJK, Arabic, Hebrew, Thai…) are not held to capitals.
    """
    name = name.strip()
    if not name or len(name) > 60 or any(ch.isdigit() for ch in name):
        return False
    nick = NICKNAME.search(name)
    if nick:
        # 'Amanda "Tania Mae" Tan': the name is tested without its quoted nickname, and
        # kept with it, as credited.
        return is_person_name(f"{name[:nick.start()]} {name[nick.end():]}", strict=strict)
    if "@" in name or HANDLE_OR_URL.search(name) or not any(ch.isalpha() for ch in name):
        return False
    words = name.split()
    if len(words) > 6 or name.casefold() in PLACEHOLDER_NAMES:
        return False
    if strict and (name.casefold() in NOT_NAME_WORDS or GENERIC_CREDIT.match(name)):
        return False
    if len(words) > 1 and GENERIC_CREDIT.match(name):
        return False  # "Staff Reports", "News Desk" in structured data too ("Editor" stays)
    if any(not (ch.isalnum() or ch in " .'’‘-‐·・" or (ch == "&" and not strict)
                or unicodedata.category(ch)[0] == "M") for ch in name):
        # Punctuation a name never holds: "!", "?", ":", quotes, brackets. (Combining
        # marks are letters' parts: the vowel signs of Devanagari, Bengali, Tamil… names.)
        return False
    if name[0] in JA_PARTICLES:
        return False  # "の目" (of "記者の目", "the reporter's eye"): a phrase's tail, no name
    if not strict:
        # A lowercase one-word account ("jdoe42", "mcupdate") is a handle, not a name.
        return not (len(words) == 1 and _latin_or_cased(name) and name == name.lower())
    if not _latin_or_cased(name):
        return len(name.replace(" ", "")) <= 20
    if len(words) == 1 and (len(name) < 2 or name.casefold() in NOT_NAME_WORDS):
        return False
    if len(words) == 1 and len(name) <= 3 and name.isupper():
        return False  # initials ("TB": an avatar's placeholder for a writer without a photo)
    if len(words) > 1 and words[0].casefold() in NAME_ARTICLES:
        return False  # "The Plain Dealer", "Die Zeit": a publication or a desk
    caps = 0
    for w in words:
        first = next((ch for ch in w if ch.isalpha()), "")
        if w.casefold().strip(".") in NAME_PARTICLES:
            continue
        if not first or (_cased(first) and not first.isupper()):
            return False
        caps += 1
    if caps == 0:
        return False
    # A line of capitalised words that are all common words is a label, not a name.
    return not all(w.casefold().strip(".") in NOT_NAME_WORDS for w in words)


def _strip_prefix(text: str) -> tuple[str, bool]:
    """``text`` without its byline prefixes, and whether one was there."""
    had = False
    for _ in range(3):
        m = BYLINE_PREFIX.match(text)
        if not m:
            break
        text, had = text[m.end():].strip(" :-–—,"), True
    return text, had


_ACRONYM = re.compile(r"[A-Z]{2,5}")
_CREDIT_PHRASE = re.compile(r"\bby\s", re.I)


def _names_in(piece: str, strict: bool) -> list[str]:
    """The names of one byline piece (no bullets left): "A, B and C", "A, Chief Reporter"."""
    names: list[str] = []
    at = OF_PUBLICATION.search(piece)
    if at and (at["the"] or PUBLICATION_NAME.search(at["pub"]) or _is_agency(at["pub"])):
        piece = piece[: at.start()]
    chunks = NAME_JOINERS.split(piece)
    if len(chunks) > 1 and any(len(c.strip()) <= 2 and not _is_agency(c) for c in chunks):
        chunks = [piece]  # "Mac & i", "A & E": the joiner is part of one name (not "and AP")
    for chunk in chunks:
        parts = [p.strip(" .,:;-–—") for p in _join_legal_forms(chunk.split(","))]
        parts = [p for p in parts if p]
        if not parts:
            continue
        for cand in _comma_names(parts, strict):
            cand = clean_text(cand).strip(" .,:;-–—'\"")
            if _is_agency(cand):
                names.append(cand)  # "The Associated Press": "Press" is no job here
                continue
            cand = _without_job(CJK_JOB.sub("", cand))
            if not cand or _CREDIT_PHRASE.search(cand):
                continue  # a desk, or another credit ("Editing by John Roe")
            if is_person_name(cand, strict=strict) or (not strict and _plausible(cand)):
                names.append(cand)
    return names


def _join_legal_forms(parts: list[str]) -> list[str]:
    """Comma-separated ``parts`` with a company's legal form put back on its name
    ("Brightwater Foods", " Inc." -> "Brightwater Foods, Inc")."""
    out: list[str] = []
    for p in parts:
        if out and CORPORATE_SUFFIX.fullmatch(p.strip()):
            out[-1] = f"{out[-1].rstrip()}, {p.strip()}"
        else:
            out.append(p)
    return out


def _comma_names(parts: list[str], strict: bool) -> list[str]:
    """The name candidates of a byline's comma-separated ``parts``: the first, then each
    next one until a job, an outlet or a place ends them."""
    first, _ = _strip_prefix(parts[0])
    cands = [first]
    for extra in parts[1:]:
        one_word = len(extra.split()) == 1
        if _is_agency(extra) and all(_is_agency(c) for c in cands):
            cands.append(extra)  # a joint wire credit: "Jiji, Kyodo", "Reuters, AFP"
            continue
        if PUBLICATION_NAME.search(extra) or (one_word and (strict or _ACRONYM.fullmatch(extra))):
            # Where the reporter works ("Jane Doe, Los Angeles Times"); one word after a
            # comma is an outlet or a place ("Jane Doe, CNN"), in structured data too when
            # it is an acronym ("Doe, Jane" is a name there).
            break
        job = JOB_WORDS.search(extra)
        if job:
            # A job title ends the names: "Jane Doe, Chief Reporter". When a name comes
            # first, it is the last one credited: "A, B Staff Writers", "Par A, B Envoyés
            # spéciaux à Toulouse".
            head = extra[: job.start()].strip(" .,:;-–—")
            if len(head.split()) >= 2 and not PUBLICATION_NAME.search(head):
                cands.append(head)
            break
        if (extra[:1].islower() and _latin_or_cased(extra[:1])) or len(extra.split()) > 4:
            break
        cands.append(extra)
    return cands


def _without_job(cand: str) -> str:
    """``cand`` without job words: trailing ones ("Jane Doe Staff Writer" has no comma;
    "Jane Doe World-Herald staff writer" with her paper's name) and a job before the name
    ("Political Editor Robert Peston"); "" for one word before trailing job words
    ("Express News Service", "Town Staff Writers": a desk)."""
    if _is_agency(cand):
        return cand  # "Local Democracy Reporting Service": the service's name, whole
    words = cand.split()
    k = len(words)
    while k > 0 and JOB_WORDS.fullmatch(words[k - 1]):
        k -= 1
    if k == 1 and len(words) - k >= 2:
        return ""
    if 0 < k < len(words) and (k >= 2 or len(words) - k >= 2):
        if k >= 3 and PUBLICATION_NAME.search(words[k - 1]) and words[k - 1][:1].isupper():
            k -= 1  # the paper the job is at: "World-Herald staff writer"
        return " ".join(words[:k])
    if k == len(words):
        # The job first: the last job noun with a name of two or more words after it.
        for j in range(len(words) - 3, -1, -1):
            rest = words[j + 1:]
            if JOB_NOUN.fullmatch(words[j]) and not any(JOB_WORDS.fullmatch(w) for w in rest):
                return " ".join(rest) if is_person_name(" ".join(rest)) else cand
    return cand


def _plausible(name: str) -> bool:
    """Looser test for structured data: a credited account ("Editor") is kept."""
    return is_person_name(name, strict=False)


def clean_author(raw: str, site_names: list[str] | None = None, *, strict: bool = True,
                 single: bool = False) -> list[str]:
    """Names from one byline string: 'By A and B', 'By A, B and C', 'Par A • 8h',
    'By A, Chief Reporter', 'A | Site', 'Posted by A on June 12, 2023'.

    ``strict`` for visible text; structured data (JSON-LD, meta tags) is trusted to hold
    names, so a one-word account name stays. In visible text a one-word name needs a
    prefix ("By Prince") or author markup (``single``): a lone capitalised word in a
    byline box is more often a section or a label than a mononym.
    """
    text = clean_text((raw or "")[:300])  # bylines are short; bounding keeps the regexes cheap
    if not text or text.startswith(("http://", "https://")):
        return []
    # "ByJane Doe": a label span and a name span with no space between them.
    text = BYLINE_GLUED_PREFIX.sub(r"\1 ", text)
    text = EMAIL.sub(" ", text)
    text = HANDLE_OR_URL.sub(" ", text)
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]  # "(Reporting by Jane Doe; Editing by John Roe)"
    # "(Reuters)", "(@handle)" emptied above, "[photo]": never part of a name.
    text = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", text)
    text = clean_text(text)
    sites = {s.casefold() for s in site_names or [] if s}
    if not strict:
        # Structured data naming co-authors joined by dashes ("Nguyễn Thị Hoa - Lê Quang
        # Huy - Phạm Đức Anh", as Vietnamese papers credit): every part a person's name.
        parts = [p.strip() for p in _DASHED.split(text)]
        if (len(parts) > 1 and all(len(p.split()) >= 2 and p.casefold() not in sites and is_person_name(p)
                                   and not _is_agency(p) for p in parts)):
            return _dedupe(parts)
    for piece in BYLINE_SPLIT.split(text):
        piece, prefixed = _strip_prefix(piece.strip())
        if piece.endswith((":", "：")):
            continue  # a field's label in a language the prefixes lack (Drupal's "எழுதியவர்:")
        cut = BYLINE_CUT.search(piece)
        if cut:
            piece = piece[: cut.start()]
            if piece.rstrip().endswith((":", "：")):
                continue  # a label whose value (a date) was cut off: "פורסם: 02.07.14"
        piece = BYLINE_PLACE.split(piece, maxsplit=1)[0]
        piece = piece.strip(" ,;:-–—.(")
        if not piece or RELATIVE_TIME.match(piece):
            continue
        names = [n for n in _names_in(piece, strict) if n.casefold() not in sites or not strict]
        if strict and not (prefixed or single):
            names = [n for n in names if " " in n or not _latin_or_cased(n)]
        if names:
            # The first piece that names someone is the credit; what follows a bullet or
            # bar is a date, the site, a section or a reading time.
            return _dedupe(names)
    return []


_DASHED = re.compile(r"\s+[-–—]\s+")


def _dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for n in names:
        key = unicodedata.normalize("NFKC", n).casefold()
        if key not in seen:
            seen.add(key)
            out.append(n)
    return out


def _is_agency(name: str) -> bool:
    return bool(WIRE_AGENCIES.match(name.strip(" ().")))


# --- structured data ---------------------------------------------------------------------------


def _jsonld_authors(md: Metadata) -> tuple[list[str], list[str]]:
    """(people, organisations) credited in the JSON-LD / microdata Article."""
    people: list[str] = []
    orgs: list[str] = []

    def add(item: object, depth: int = 0) -> None:
        item = md.resolve(item)
        if depth > 3:
            return
        if isinstance(item, list):
            for x in item:
                add(x, depth + 1)
            return
        if isinstance(item, str):
            people.extend(clean_author(item, strict=False))
            return
        if not isinstance(item, dict):
            return
        name = as_text(item.get("name"))
        if not name:
            # {"@type": "Person", "givenName": ..., "familyName": ...}
            name = clean_text(f"{as_text(item.get('givenName'))} {as_text(item.get('familyName'))}")
        if not name:
            return
        if types_of(item) & ORG_TYPES:
            orgs.append(name)
        else:
            people.extend(clean_author(name, strict=False))

    for node in (md.article, md.microdata):
        if not node:
            continue
        for item in as_list(node.get("author")) + as_list(node.get("creator")):
            add(item)
        if people or orgs:
            break
    return _dedupe(people), _dedupe(orgs)


def _meta_authors(md: Metadata) -> list[str]:
    names: list[str] = []
    for raw in md.get_all("author", "article:author", "twitter:creator:name", "dc.creator",
                          "dcterms.creator", "parsely-author", "sailthru.author", "byl"):
        if raw.startswith(("http://", "https://", "@", "www.")) or "/" in raw.split()[0]:
            continue  # a profile URL or a Twitter handle, not a name
        names.extend(clean_author(raw, strict=False))
    # Yoast: <meta name="twitter:label1" content="Written by"><meta name="twitter:data1" ...>
    for i in range(1, 5):
        label = md.get(f"twitter:label{i}") or ""
        if label.lower().startswith(("written by", "author")):
            data = md.get(f"twitter:data{i}")
            if data:
                names.extend(clean_author(data, strict=False))
    return _dedupe(names)


# --- the visible byline ------------------------------------------------------------------------

def _in_caption(el: etree._Element, stop: etree._Element) -> bool:
    for a in el.iterancestors():
        if a is stop:
            return False
        if a.tag in {"figure", "figcaption", "h1", "h2", "blockquote"}:
            return True
    return False


def _without_terms(el: etree._Element) -> etree._Element:
    """``el``, or a copy without its category/tag links (a meta line "By A | date | Old
    Leigh" names a category after the author, and a category can read like a name) and
    without text for screen readers only ("<span class=screen-reader-text>Author </span>")."""
    def unseen(e: etree._Element) -> bool:
        return (e.tag == "a" and is_term_link(e)) or not SCREEN_READER_CLASSES.isdisjoint(classes(e))

    if not any(unseen(e) for e in elements(el)):
        return el
    dup = copy.deepcopy(el)
    for e in [e for e in elements(dup) if unseen(e) and e is not dup]:
        drop_tree(e)
    return dup


_FIELD_TAGS = frozenset({"span", "a", "strong", "b", "em", "i", "small", "time"})


def _fields_apart(el: etree._Element) -> etree._Element:
    """``el``, or a copy with a line break between sibling fields written with nothing
    between them ("<span>Jane Doe</span><span>Health Reporter</span>": CSS shows two
    lines, the text reads "Jane DoeHealth Reporter"). A field ending in a lower-case
    letter glued to one starting with a capital is two fields; a byline prefix ("By")
    glued to the name is not."""
    glued = []
    for a in el.iter(*_FIELD_TAGS):
        b = a.getnext()
        if b is None or not isinstance(b.tag, str) or b.tag not in _FIELD_TAGS or (a.tail or ""):
            continue
        left, right = text_content(a), text_content(b)
        if (left[-1:].islower() and right[:1].isupper()
                and not BYLINE_PREFIX.fullmatch(left.strip())):
            glued.append(a)
    if not glued:
        return el
    # The same elements in a copy (found by their order), so the page stays as it is.
    order = {e: i for i, e in enumerate(el.iter())}
    dup = copy.deepcopy(el)
    nodes = list(dup.iter())
    for a in glued:
        nodes[order[a]].tail = "\n"
    return dup


def _names_a_name(el: etree._Element) -> bool:
    """An element whose class names it a writer's name ("author-name", "byline__name",
    "ssrcss-68pt20-Text-TextContributorName"; not a section's "RubricName")."""
    return any(tok.endswith("name") and any(w in tok for w in _NAME_OF)
               for tok in (el.get("class") or "").lower().split())


_NAME_OF = ("author", "byline", "contributor", "writer", "reporter", "autor", "auteur", "journalist")


def _element_names(el: etree._Element) -> list[str]:
    """Names in one byline element (itemprop=name inside an itemprop=author first)."""
    if el.get("itemprop") == "author":
        name_el = css(el, "[itemprop=name]")
        if name_el:
            raw = name_el[0].get("content") or text_of(name_el[0])
            return clean_author(raw, single=True)
        if el.get("content"):
            return clean_author(el.get("content") or "", single=True)
    # Names listed as separate links to their people's pages ("By" <a>A</a> <a>B</a>):
    # each link is one credit, where the joined lines would read as "A • B" (a name and
    # what follows a bullet).
    linked = _dedupe([n for a in el.iter("a") if AUTHOR_PAGE_PATH.search(a.get("href") or "")
                      for n in clean_author(text_of(a), single=True)])
    if len(linked) >= 2 and not OTHER_CREDIT.search(text_of(el)):
        return linked  # (not "Story by A • Photos by B": B took the photographs)
    # Or each in an element named for a name, its role beside it (BBC: "Contributor" blocks
    # of a "…ContributorName" span and a "BBC Scotland transport correspondent" line).
    # (the innermost: "mvp-author-info-name" holds "De" and its "author-name" span)
    name_els = [d for d in el.iterdescendants() if isinstance(d.tag, str) and _names_a_name(d)]
    named = _dedupe([n for d in name_els if not any(_names_a_name(x) for x in d.iterdescendants() if isinstance(x.tag, str))
                     for n in clean_author(text_of(d), single=True)])
    if len(named) >= 2 and not OTHER_CREDIT.search(text_of(el)):
        return named
    lines = text_lines(_fields_apart(_without_terms(el)))
    if not lines:
        return []
    joined = " • ".join(lines)  # "By Jane Doe<br>Staff Writer": lines are pieces
    if len(joined) > MAX_BYLINE:
        return []
    marked = el.get("itemprop") == "author" or "author" in (el.get("rel") or "").lower().split()
    return clean_author(joined, single=marked)


_HEADING_LINKS = etree.XPath("(.//h2|.//h3|.//h4)//a/@href")


def _in_teaser(el: etree._Element, region: etree._Element, url: str) -> bool:
    """Whether ``el`` sits in another story's teaser: an element (below ``region``, three
    levels up at most) that also holds a heading linking to another page than ``url``
    (a page's own headline is often its permalink)."""
    here = _path_of(url)
    node = el
    for _ in range(3):
        node = node.getparent()
        if node is None or node is region:
            return False
        if any(_path_of(str(href)) != here for href in _HEADING_LINKS(node)):
            return True
    return False


def _path_of(href: str) -> str:
    """A link's path and query, without a trailing slash (its host and scheme dropped)."""
    parts = urlsplit(href.strip())
    return parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")


def _content_top(container: etree._Element) -> list[etree._Element]:
    """The elements at the top of the article's content element, before its first real
    paragraph: where many sites put the byline ("By A" over the text)."""
    content = find_content(container)
    if content is None:
        return []
    out: list[etree._Element] = []
    noise: set[etree._Element] = set()
    for i, el in enumerate(content.iterdescendants()):
        if i > 300:
            break
        if not isinstance(el.tag, str):
            continue
        parent = el.getparent()
        if parent in noise or is_noise(el):
            noise.add(el)  # asides, related links, share boxes: other articles' credits
            continue
        if el.tag == "p" and len(text_of(el)) > 150:
            break
        out.append(el)
    return out


def _header_elements(container: etree._Element) -> list[etree._Element]:
    """Where a header byline is looked for: the elements of the header region, then those
    at the top of the content element (`_content_top`)."""
    return [*elements(header_region(container)), *_content_top(container)]


def _fuller_byline(container: etree._Element, stated: list[str]) -> list[str]:
    """The names of one byline element of the article's header that credits every one of
    ``stated`` and more ("Mira Patel, Jonas Weber" where the JSON-LD names Mira Patel);
    [] when there is none."""
    want = {n.casefold() for n in stated}
    for el in _header_elements(container):
        if el is container or not byline_kind(el):
            continue
        # The byline and the element holding it: Co-Authors Plus and many themes print
        # one rel=author link per person inside an unmarked "A and B" span.
        for candidate in (el, el.getparent()):
            if candidate is None or candidate is container or len(text_of(candidate)) > MAX_BYLINE:
                continue
            names = _element_names(candidate)
            if len(names) > len(want) and want <= {n.casefold() for n in names}:
                return names
    return []


def _visible_authors(container: etree._Element,
                     people: Callable[[list[str]], list[str]] = lambda names: names, url: str = "") -> list[str]:
    """The header's credit: byline elements, else a plain "By" line, writers' page
    links, the article's <address>, a CJK reporter line. ``people`` drops the site's own
    names from a list: byline elements crediting only the site ("Lowcountry Quarterly", a
    hosted blog's account) let the next passes look for the writer ("Words by …").
    ``url``: the page's, whose own permalink on its headline makes no teaser."""
    region = header_region(container)
    strong: list[str] = []
    weak: list[str] = []
    seen: set[int] = set()
    # Read, never changed, by every pass below (names are read from copies).
    candidates = _header_elements(container)
    for el in candidates:
        if el is region or el is container:
            continue
        kind = byline_kind(el)
        if not kind or _in_caption(el, region):
            continue
        # An element inside one already read adds nothing.
        if any(id(a) in seen for a in el.iterancestors()):
            continue
        text = text_of(el)
        if not text or len(text) > MAX_BYLINE:
            continue
        if kind == 1 and not _strip_prefix(text)[1]:
            continue
        names = _element_names(el)
        if names:
            seen.add(id(el))
            (strong if kind == 2 else weak).extend(names)
    if people(strong or weak):
        return _dedupe(strong or weak)
    # A plain "By A and B" line in the header, in any of the byline languages (not another
    # story's: a teaser card below an unsigned summary, its headline a link).
    for el in candidates:
        if el.tag not in {"p", "span", "div", "li", "em", "strong", "small", "b", "i", "address", "font", "td"}:
            continue
        try:  # cheap test on the element's own text before splitting it into lines
            head = text_content(el)[:40]
        except (ValueError, AttributeError):
            continue
        if not _strip_prefix(clean_text(head))[1]:
            continue
        t = " • ".join(text_lines(_without_terms(el)))
        if not 3 < len(t) < 120:
            continue
        rest, had = _strip_prefix(t)
        if ((had and rest and rest[:1].isupper() or (had and rest and not _latin_or_cased(rest[:1])))
                and not _in_teaser(el, region, url)):
            names = clean_author(t)
            if names:
                return names
    # Names linked to their people's pages (/author/…, /autor/…) with no byline class
    # around them: each link whose text is a name is a credit.
    linked = _dedupe([n for a in region.iter("a") if WRITER_PAGE_PATH.search(a.get("href") or "")
                      and len(text_of(a)) <= 60 for n in clean_author(text_of(a), single=True)])
    if linked:
        return linked
    # The article's <address> (HTML's element for its author's contact; Facebook Instant
    # Articles' byline: "<address><a>Name</a> Name is a reporter at…</address>"): the
    # names of its links, or its text when it is only a credit line.
    for el in candidates:
        if el.tag != "address":
            continue
        links = [n for a in el.iter("a") if len(text_of(a)) <= 60 for n in clean_author(text_of(a), single=True)]
        names = links or (_element_names(el) if len(text_of(el)) <= MAX_BYLINE else [])
        if names:
            return _dedupe(names)
    # A reporter line in Chinese, Japanese or Korean, with no "By": "김민수 기자", "記者 王小明".
    for el in candidates:
        if el.tag not in {"p", "span", "div", "li", "em", "strong", "small", "b", "address", "td"}:
            continue
        t = clean_text(text_content(el))
        if (2 < len(t) <= 24 and CJK_JOB.search(t) and not _latin_or_cased(t)
                and not any(c in t for c in "。，、")):
            names = clean_author(t, single=True)
            if names:
                return names
    return []


def _footer_authors(container: etree._Element) -> list[str]:
    """The byline of the article's own footer ("Published DATE By A" in an entry footer,
    after the text: Twenty Twenty-One): its author/byline elements, never an author
    box's or a comment's."""
    for foot in article_footers(container):
        for el in foot.iter():
            if isinstance(el.tag, str) and byline_kind(el) == 2 and len(text_of(el)) <= MAX_BYLINE:
                names = _element_names(el)
                if names:
                    return names
    return []


_TEXTS = etree.XPath(".//text()[normalize-space()]")


def _elsewhere(el: etree._Element) -> bool:
    """A comment, a sidebar, a widget or another story's teaser: a labelled line there is
    not this article's credit (an author box is: "Muhabir: A" in the box under the text)."""
    return el.tag in ("aside", "nav") or not ELSEWHERE_WORDS.isdisjoint(attr_words(el))


_FIELD_SEP = re.compile(r"\s[|•]\s")


def _labelled_fields(raw: str) -> list[str]:
    """The fields of a short line of fields that a label opens ("Vloženo: 14.3.2011 |
    Autor: A | Přečteno: 312x" gives "Autor: A")."""
    if len(raw) > 200 or ("|" not in raw and "•" not in raw):
        return []
    return [f for f in _FIELD_SEP.split(raw)[1:] if AUTHOR_LABEL_START.match(f)]


def _labelled_credit(container: etree._Element) -> list[str]:
    """The names of a line labelled as the author ("Автор: Ирина Соколова", "Muhabir:
    <a>Ayşe Demir</a>") anywhere in the article: a text of its own (between ``<br>``s), or
    the short element (or its parent) that a label opens, outside comments and widgets."""
    for node in _TEXTS(container):
        raw = str(node).lstrip()
        fields = [] if AUTHOR_LABEL_START.match(raw) else _labelled_fields(raw)
        if not fields and not AUTHOR_LABEL_START.match(raw):
            continue  # (cheap: most text nodes open with no label)
        raw = clean_text(raw)
        el = node.getparent()
        if el is not None and node.is_tail:
            el = el.getparent()  # the tail's text belongs to the element around it
        if el is None or any(_elsewhere(a) for a in (el, *el.iterancestors())):
            continue
        for field in fields:
            m = AUTHOR_LABEL.match(clean_text(field))
            names = clean_author(m.group("names")) if m else []
            if names:
                return names
        if fields:
            continue
        texts = [raw, *(t for h in (el, el.getparent()) if h is not None and len(t := text_of(h)) <= 80)]
        for text in texts:
            m = AUTHOR_LABEL.match(text)
            names = clean_author(m.group("names")) if m else []
            if names:
                return names
    return []


def _dateline_credit(container: etree._Element) -> list[str]:
    """The reporters a wire dateline names at the start of the text ("新华社武汉5月20日电
    （记者张伟、李娜）", "〔記者林佳穎／花蓮報導〕", "(서울=연합뉴스) 김민수 기자 ="): the first
    paragraph of text only."""
    for p in container.iter("p"):
        text = text_of(p)
        if len(text) < 20 or _in_caption(p, container):
            continue
        parent = p.getparent()
        if (len(text) < 60 and parent is not None and parent.find(".//img") is not None
                and len(parent.findall("p")) == 1):
            continue  # a photo's caption: the one paragraph in the picture's box
        m = DATELINE_CREDIT.match(text)
        if not m:
            return []
        names = re.split(r"[、，,·・\s]+", m.group("zh") or m.group("tw") or m.group("ja") or m.group("ko") or "")
        return _dedupe([n for raw in names if raw for n in clean_author(raw, single=True)])
    return []


_REPORTED_BY = re.compile(r"^(?:reported|written)\s+by\s+(\S.{2,80})$", re.I)


def _closing_signature(container: etree._Element) -> list[str]:
    """The person signing the text off in its last paragraph with their office: a name
    line over an office line ("Pauline Danby<br><i>Parish Clerk</i>", after a closing
    "Ngā mihi nui,"), or "— J. Hill, Secretary, Ashcombe Footpaths Group". Councils',
    schools' and clubs' notices credit their writer so and nowhere else. Or a name alone
    in a closing line classed as a credit (French regional papers' "signature"), or a
    closing "Reported by A" (a law report's credit)."""
    last = None
    for p in container.iter("p"):
        text = text_of(p)
        if (text and sum(len(text_of(a)) for a in p.iter("a")) < len(text) / 2  # (not "<< Back to News")
                and not is_noise(p) and not any(is_noise(a) or junk_kind(a) for a in p.iterancestors())):
            last = p
    if last is None:
        return []
    lines = text_lines(last)
    if lines and lines[0].endswith(",") and len(lines[0]) < 40:
        lines = lines[1:]  # the closing ("Yours sincerely,")
    if len(lines) == 1 and byline_kind(last) and 2 <= len(lines[0].split()) <= 4 and is_person_name(lines[0]):
        return [lines[0]]  # a name alone in a credit-classed closing line ("article-full__signature")
    if len(lines) == 1 and (m := _REPORTED_BY.match(lines[0])):
        return clean_author(m.group(1))  # "Reported by Laura Delgado, barrister" (a law report)
    if len(lines) == 1:
        m = re.match(r"^[—–-]\s*([^,]{3,40}),\s*(.{3,80})$", lines[0])
        if m and SIGNATORY_ROLE.search(m.group(2)) and is_person_name(m.group(1)):
            return [m.group(1).strip()]
        return []
    if 2 <= len(lines) <= 3 and len(lines[1]) <= 80 and SIGNATORY_ROLE.search(lines[1]):
        name = lines[0].lstrip("—–- ").strip()
        if 2 <= len(name.split()) <= 4 and is_person_name(name):
            return [name]
    return []


def _signed_credit(container: etree._Element) -> list[str]:
    """A byline element anywhere in the article that says it is a credit ("Автор: Иван
    Петров", "By Jane Doe" under the text, as many sites sign their stories): named a
    byline or author (`byline_kind`), opening with a byline prefix, at most a credit
    line long, not inside a comment, sidebar or widget."""
    for el in container.iter():
        if not isinstance(el.tag, str) or byline_kind(el) != 2:
            continue
        text = text_of(el)
        if not text or len(text) > MAX_BYLINE or not _strip_prefix(text)[1]:
            continue
        if is_noise(el) or any(is_noise(a) or junk_kind(a) for a in el.iterancestors()):
            continue
        names = _element_names(el)
        if names:
            return names
    return []


_REL_AUTHOR = etree.XPath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]")


_THEME_CREDIT = re.compile(r"\b(?:theme|template|powered\s+by|designed\s+by|design\s+by)\b", re.I)


def _page_rel_author(root: etree._Element) -> list[str]:
    """The one person the page's ``rel=author`` links name, anywhere on the page but in
    comments, sidebars and menus (a blog's title linked to its writer: Write.as, ``<a
    rel="author" class="h-card p-author">``); none when they name several (a listing)."""
    names: list[str] = []
    for a in _REL_AUTHOR(root):
        if any("comment" in (anc.get("class") or "") or anc.tag in ("aside", "nav") for anc in a.iterancestors()):
            continue
        if _THEME_CREDIT.search(text_of(a.getparent()) if a.getparent() is not None else ""):
            continue  # the theme's maker in the site footer: "Theme: ColorMag by ThemeGrill"
        text = text_of(a)
        if len(text) <= 60:
            names.extend(clean_author(text, single=True))
    found = _dedupe(names)
    return found if len(found) == 1 else []


def _org_name(value: object) -> str:
    """An organisation's name: the text, or a node's ``name``."""
    return clean_text(as_text(value.get("name")) if isinstance(value, dict) else as_text(value))


def _read_visible(reader: Callable[[etree._Element], list[str]], container: etree._Element) -> list[str]:
    """``reader(container)``, or no names when the page's markup defeats it: one odd
    page's byline never stops the other sources from being read."""
    try:
        return reader(container)
    except Exception:  # noqa: BLE001
        return []


def _cased_as(names: list[str], others: list[str]) -> list[str]:
    """``names`` with a byline's capitals ("DANIEL KESSLER") written as another source of
    the page writes the same name ("Daniel Kessler" in the author meta tag)."""
    cased = {o.casefold(): o for o in others if not o.isupper()}
    return [cased.get(n.casefold(), n) if n.isupper() else n for n in names]


def _title_part(name: str, title: str) -> bool:
    """Whether ``name`` is a whole part of ``title`` between two of its separators (both
    casefolded): neither the headline before them nor the site's name after them."""
    parts = [p.strip() for p in re.split(TITLE_SEPARATORS, title)]
    return name.casefold() in parts[1:-1]


def find_authors(md: Metadata, container: etree._Element, site_names: list[str],
                 root: etree._Element | None = None) -> tuple[list[str], str | None]:
    """The article's authors and the source they came from ('jsonld', 'visible', 'meta').
    ``root``: the whole page, whose ``rel=author`` link is the last person credit read."""
    site_keys = {s.casefold() for s in site_names if s}
    # The site's name as a credit comes out of the byline rules cut ("Macon Valley News"
    # loses "News" as a job word): that is the site too, and named as the site names itself.
    # A site name with a tagline ("LinkNaija | Nigeria's popular news platform") maps a
    # credit back to its own piece only: the credit names the site, not its slogan.
    as_site = {n.casefold(): piece for s in site_names if s for piece in re.split(TITLE_SEPARATORS, s)
               if piece.strip() for n in clean_author(piece, strict=False)}
    site_keys |= set(as_site)

    def people_of(names: list[str]) -> list[str]:
        # A desk ("Redacción", "Staff") is no person: a byline naming people wins over
        # it, and it stays the credit when no one is named.
        return [n for n in names if n.casefold() not in site_keys and not _is_agency(n)
                and not GENERIC_CREDIT.match(n)]

    def not_site(names: list[str]) -> list[str]:
        return [n for n in names if n.casefold() not in site_keys]

    people, orgs = _jsonld_authors(md)
    src = "jsonld" if md.article and (people or orgs) else "meta"
    stated = people_of(people)
    meta_names = _meta_authors(md)
    if stated:
        # Structured data naming only the first of several bylined writers (Ghost's
        # primary author): the byline that names them all.
        fuller = people_of(_read_visible(lambda c: _fuller_byline(c, stated), container))
        names = fuller or stated
        others = meta_names
        if any(n.isupper() for n in names):
            # Capitals in every structured source ("ANXO VILARIÑO"), the byline's own text
            # in mixed case (set in capitals by CSS): written as the byline writes it.
            others = [*meta_names, *_read_visible(_visible_authors, container)]
        return _cased_as(names, others), ("visible" if fuller else src)
    visible = _read_visible(lambda c: _visible_authors(c, not_site, md.url or ""), container)
    # A "byline" that is a piece of the headline is the headline (title-cased), not a name.
    heads = [as_text(md.article.get("headline")) if md.article else "", *md.get_all("og:title", "twitter:title"),
             *(text_of(h) for h in container.iter("h1")),
             (root.findtext(".//head/title") or "") if root is not None else ""]
    heads = [h.casefold() for h in heads if h]
    # (In a script without spaces a long "name" in the headline is the headline: a post
    # wrapper named for its writer, TypePad's "entry-author-NAME", read as a byline.)
    # (A name between a title's separators is its credit: "Headline - Rachel Voss - The
    # Atlantic".)
    visible = [n for n in visible if not ((" " in n or (len(n) >= 6 and not _latin_or_cased(n)))
                                          and any(n.casefold() in h and not _title_part(n, h) for h in heads))]
    if people_of(visible):
        return _cased_as(people_of(visible), meta_names), "visible"
    if people_of(meta_names):
        return people_of(meta_names), "meta"
    for reader in (_footer_authors, _signed_credit, _labelled_credit, _dateline_credit, _closing_signature):
        later = people_of(_read_visible(reader, container))
        if later:
            return later, "visible"
    if root is not None:
        linked = people_of(_read_visible(_page_rel_author, root))
        if linked:
            return linked, "visible"
    # No person is credited: a wire agency (also as the article's sourceOrganization, Fox
    # News' "Associated Press"), else the site or an organisation (the only credit).
    sourced = [name for node in (md.article, md.microdata) if node
               for v in as_list(node.get("sourceOrganization")) for name in [_org_name(v)] if name]
    for names, source in ((people, src), (visible, "visible"), (meta_names, "meta"), (orgs, src),
                          (sourced, "jsonld" if md.article and md.article.get("sourceOrganization") else "meta")):
        agencies = [n for n in names if _is_agency(n)]
        if agencies:
            return agencies, source
    for names, source in ((people, src), (orgs, src), (visible, "visible"), (meta_names, "meta")):
        if names:
            return _dedupe([as_site.get(n.casefold(), n) for n in names]), source
    return [], None

"""Stage 2, pruning: never-content markup, embedded players with their titles, other
posts' teasers on a WordPress post's page, hidden elements, page chrome and boilerplate
widgets named by class/id words (guarded by how much of the page's text they hold)."""

from __future__ import annotations

import re

from lxml import etree

from ..clean import (
    class_id_words,
    drop_tree,
    for_screen_readers,
    holds,
    is_hidden,
    junk_kind,
    other_posts,
    page_post_id,
    strip_junk_tags,
    text_content,
)
from ..profiles import Profile
from ..vocabulary import (
    CAROUSEL_WORDS,
    CHROME_TAGS,
    CORRECTION_WORDS,
    INLINE_TAGS,
    JUNK_WORDS,
    MORE_STORIES_HEADING,
    VIDEO_BOX_WORDS,
    WRAPPER_JUNK_WORDS,
)
from .common import class_names, norm, outermost, select_classes, select_css, text_len


def prune_page(root: etree._Element, profile: Profile) -> etree._Element:
    """Drop the profile's ``remove_selectors`` and never-content markup from the page;
    the element to search for the body (<body>, or the whole page when the parser left
    most of the text outside it)."""
    names = class_names(profile.remove_selectors)
    if names:
        # Plain classes: all found in one pass and dropped in document order; one inside
        # an element dropped before goes with it (dropping it again edits only the
        # detached subtree), as when each selector ran on what the previous ones left.
        for el in select_classes(root, names):
            drop_tree(el)
    else:
        for css in profile.remove_selectors:
            for el in select_css(root, css):
                drop_tree(el)
    _drop_video_boxes(root)
    _drop_teaser_carousels(root)
    strip_junk_tags(root)
    _lift_corrections(root)
    _drop_other_posts(root)
    body = root.find("body")
    if body is None or text_len(body) < text_len(root) // 3:
        # Content the parser left in <head> (an unknown tag there) or outside <body>.
        body = root
    return body


_TEASER_TITLE = 20  # characters: a link that reads as another story's headline
# A substring test on the lower-cased class and id first: most pages have no carousel,
# and class_id_words on every element of every page is not free (nor is libxml2's
# translate(), run once per word and element: 13 times slower than this).
_NAMED = etree.XPath("descendant-or-self::*[@class or @id]")
_CAROUSEL_SUBSTRING = re.compile("|".join(sorted(CAROUSEL_WORDS)))


def _maybe_carousels(root: etree._Element) -> list[etree._Element]:
    return [el for el in _NAMED(root)
            if _CAROUSEL_SUBSTRING.search(f"{el.get('class', '')} {el.get('id', '')}".lower())]


def _drop_teaser_carousels(root: etree._Element) -> None:
    """A sliding box of other stories' teasers (an editors'-picks carousel a builder puts
    between paragraphs): named carousel, swiper, slider…, holding three or more links
    whose text reads as a headline. A carousel of pictures (links without text) stays."""
    # (Never the page or its main parts, whatever their class says: Avada's <body> is
    # "avada-has-rev-slider-styles".)
    doomed = [el for el in _maybe_carousels(root)
              if el.tag not in ("html", "body", "main", "article") and class_id_words(el) & CAROUSEL_WORDS
              and sum(1 for a in el.iter("a") if len((text_content(a) or "").strip()) >= _TEASER_TITLE) >= 3]
    if not doomed:
        return
    whole = max(text_len(root), 1)
    for el in outermost([el for el in doomed if text_len(el) < 0.4 * whole]):
        if el.getparent() is not None:
            drop_tree(el)


_MAX_VIDEO_BOX = 300  # characters: a title, a label, a caption


def _drop_video_boxes(root: etree._Element) -> None:
    """The box around an embedded player (an ancestor, up to three levels, named video,
    movie or player, with at most a title's and a caption's text): the player goes as
    markup, and the words around it are the video's."""
    doomed = []
    for media in root.iter("iframe", "video", "embed", "object"):
        node, box = media, None
        for _ in range(3):  # the outermost box ("news-video" around its "video-player")
            node = node.getparent()
            if node is None or node.tag in ("body", "html", "article", "main") or text_len(node) > _MAX_VIDEO_BOX:
                break
            if class_id_words(node) & VIDEO_BOX_WORDS:
                box = node
        if box is not None:
            doomed.append(box)
    for el in doomed:
        if el.getparent() is not None:
            drop_tree(el)


_TEXT_BLOCK = 500  # characters: a block holding the story's text, not a share bar


def _lift_corrections(root: etree._Element) -> None:
    """A correction note inside a ``<footer>`` (the story's own, which goes as page chrome
    with its print citation and share links) is moved to the end of the text block the
    footer follows (else just before the footer): the correction is part of the story."""
    for foot in list(root.iter("footer")):
        notes = [el for el in foot.iter() if el is not foot and class_id_words(el) & CORRECTION_WORDS]
        prev = foot.getprevious()
        while prev is not None and not isinstance(prev.tag, str):
            prev = prev.getprevious()
        for note in outermost(notes):
            note.tail = None
            if prev is not None and text_len(prev) >= _TEXT_BLOCK:
                prev.append(note)
            else:
                foot.addprevious(note)


def _drop_other_posts(root: etree._Element) -> None:
    """Another post's elements on a WordPress post's page (`clean.other_posts`) are that
    post's teaser, not this one's text; a box they leave holding only its heading ("More
    on El Paso streets", inside the text) goes too: that heading ends no article."""
    body = root.find("body")
    if body is None:
        return
    boxes = []
    for el in other_posts(body, page_post_id([body.get("class") or ""])):
        parent = el.getparent()
        if parent is not None:
            boxes.append(parent)
            drop_tree(el)
    for box in dict.fromkeys(boxes):
        text = " ".join((text_content(box) or "").split())
        if box.getparent() is not None and text and len(text) < 80 and MORE_STORIES_HEADING.match(text):
            drop_tree(box)


def remove_junk(body: etree._Element, elements: list[etree._Element],
                headline: etree._Element | None = None) -> None:
    """Remove hidden elements, page chrome and class/id-named widgets (guarded by mass).

    An element holding most of the page's text is the content whatever its class
    says ("post share-enabled"), so it stays; but not a class-named widget that leaves
    the article's ``headline`` element (when known) outside: a sidebar or comment
    thread that outweighs a short story is still not the story.
    """
    whole = max(text_len(body), 1)
    doomed: list[etree._Element] = []
    dead: set[etree._Element] = set()
    for el in elements:
        if el is body:
            continue
        if el.getparent() in dead:
            dead.add(el)
            continue
        limit = 0.0
        named = False
        if is_hidden(el) or for_screen_readers(el):
            limit = 0.7
        elif el.tag in CHROME_TAGS:
            limit = 0.4
        elif el.tag not in INLINE_TAGS:
            # Inline elements stay: an <a class="email"> inside a sentence is text.
            kind = junk_kind(el)
            limit = 0.7 if kind == 2 else 0.4 if kind == 1 else 0.0
            named = bool(kind) and not (kind == 1 and class_id_words(el) & JUNK_WORDS <= WRAPPER_JUNK_WORDS)
        # An element that stays for its mass (<main class="js-social-anchor">) is looked
        # into: the hidden players and widgets inside it still go.
        if limit and (text_len(el) / whole < limit
                      or (named and headline is not None and not holds(el, headline))):
            doomed.append(el)
            dead.add(el)
    for el in doomed:
        drop_tree(el)


def headline_element(body: etree._Element, title: str | None) -> etree._Element | None:
    """The first h1 (else h2, h3) whose text is the article's ``title``, or None."""
    want = norm(title or "")
    if len(want) < 8:
        return None
    for tag in ("h1", "h2", "h3"):
        for el in body.iter(tag):
            if norm(" ".join(el.itertext())) == want:
                return el
    return None

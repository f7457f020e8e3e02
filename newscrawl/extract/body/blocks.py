"""Stage 6, blocks: an iterative walk cuts the container into blocks (paragraph, heading,
list item, quoted paragraph, pre, figure) and writes their clean HTML at the same time."""

from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass

from lxml import etree

from ..clean import class_id_words
from ..urls import join_url
from ..vocabulary import BLOCK_TAGS, CAPTION_WORDS, CLOSES_SENTENCE, COMMENT_ANCHORS, GALLERY_WORDS
from .common import MAX_EMIT_NODES, MAX_TEXT

_HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h5", "h6": "h6"}

_WS = re.compile(r"\s+")

_WORD = re.compile(r"\w+")


@dataclass
class Block:
    kind: str  # p, h2..h6, li, pre, figure
    text: str
    html: str
    links: int  # characters of text inside links
    group: object = None  # the ul/ol element for li
    list_tag: str = "ul"
    quote: object = None  # the blockquote element, for quoted paragraphs
    cell: bool = False  # directly in a table cell
    plain_words: int = 0  # words outside links
    para: int = 0  # the enclosing block element (lines cut by <br> share it)
    para_tag: str = ""  # its tag
    caption: str = ""  # a figure's caption


class Writer:
    """Walks the chosen subtrees in document order and cuts them into blocks."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.html: list[str] = []
        self.links = 0
        self.plain: list[str] = []  # text outside links, for link-line tests
        self.inline: list[tuple[str, str]] = []  # open inline tags: (open, close)
        self.context: list[tuple[str, object, str, object]] = [("p", None, "ul", None)]
        self.open_blocks: list[str] = []  # tags of the open block elements
        self.open_ids: list[int] = []  # and their numbers, in opening order
        self.opened = 0
        self.in_link = 0
        self.budget = MAX_EMIT_NODES
        self.chars = 0
        self.root: etree._Element | None = None
        self._root_chars: int | None = None
        self.pending: list[etree._Element] = []  # images met inside a run of text

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
            para = self.open_ids[-1] if self.open_ids else 0
            para_tag = self.open_blocks[-1] if self.open_blocks else ""
            self.blocks.append(
                Block(kind, text, inner, self.links, group, list_tag, quote, cell, plain,
                      para, para_tag)
            )
        self.text = []
        self.plain = []
        self.html = [open_ for open_, _ in self.inline]
        self.links = 0
        if self.pending:  # an image inside a sentence follows its paragraph
            images, self.pending = self.pending, []
            for img in images:
                self.image(img, None)

    # --- walk
    def walk(self, root: etree._Element) -> None:
        self.root, self._root_chars = root, None
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
        if tag == "figure" and el.find(".//table") is not None and el.find(".//img") is None:
            # A table block (WordPress's wp-block-table is a figure): its rows are text.
            self.flush()
            return True
        if tag == "figure" or _is_caption_box(el):
            self.flush()
            # A gallery block of figures (WordPress's wp-block-gallery): each its own.
            inner = [f for f in el.iterdescendants("figure") if f.find(".//figure") is None]
            for f in inner or [el]:
                self.figure(f)
            return False
        if tag in ("p", "div") and el is not self.root:
            caption = _caption_under_image(el)
            if caption is not None:
                # A picture with its caption under it and nothing else, without figure
                # markup ("<p><img><br>caption</p>", "<div><img><span>caption</span></div>").
                self.flush()
                self.image(next(el.iter("img")), caption)
                return False
        if tag in ("figcaption", "caption") or _is_caption(el):
            return False
        if el is not self.root and self.is_gallery_box(el):
            # A gallery or slideshow inside the text: its images are figures, its text
            # (the gallery's title, captions, "1 of 12") is not the article's.
            self.flush()
            for img in el.iter("img"):
                self.image(img, None)
            return False
        if tag == "img":
            if "".join(self.text).strip():
                # Inside a run of text ("we<img>rde"): the paragraph goes on; the image
                # follows it.
                self.pending.append(el)
            else:
                self.flush()
                self.image(el, None)
            return False
        if tag in BLOCK_TAGS:
            self.flush()
            kind, group, list_tag, quote = self.context[-1]
            self.open_blocks.append(tag)
            self.opened += 1
            self.open_ids.append(self.opened)
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
                self.blocks.append(Block("cut", "", "", 0))
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
                self.open_ids.pop()
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
        self.blocks.append(Block("figure", "", f"<figure>{html}</figure>", 0, caption=caption or ""))

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

    def is_gallery_box(self, el: etree._Element) -> bool:
        """A gallery widget that is a small part of the text walked: class/id words, and
        under a fifth of the text (a photo story whose body is its gallery stays)."""
        if not (class_id_words(el) & GALLERY_WORDS) or self.root is None:
            return False
        if self._root_chars is None:
            self._root_chars = len(" ".join(" ".join(self.root.itertext()).split()))
        return len(" ".join(" ".join(el.itertext()).split())) < 0.2 * self._root_chars


def _is_caption(el: etree._Element) -> bool:
    return bool(class_id_words(el) & CAPTION_WORDS)


_MAX_CAPTION = 150


def _caption_under_image(el: etree._Element) -> str | None:
    """The caption of a block that holds one picture and, on a line of its own below it,
    a short text: after a <br> that follows the picture, or all in one element of its own
    after it ("<p><img><br>caption</p>", "<div><img><span>caption</span></div>"). None
    for anything else: a paragraph that opens with an inline picture is a paragraph."""
    if len(el) > 4 or not len(el) or (el.text or "").strip():
        return None  # (cheap tests first: this is asked of every p and div walked)
    imgs = el.findall(".//img")
    if len(imgs) != 1:
        return None
    img = imgs[0]
    # The picture, or the link around it, as one of ``el``'s children.
    top = img
    while top.getparent() is not el:
        top = top.getparent()
        if top is None:
            return None
    if "".join(top.itertext()).strip():
        return None  # text beside the picture in its own wrapper
    rest = list(top.itersiblings())
    if top.getprevious() is not None:
        return None  # something before the picture
    tail = (top.tail or "").strip()
    if rest and rest[0].tag == "br" and not tail:
        # "<img><br>caption": everything after the break is the caption line
        caption = " ".join(" ".join([rest[0].tail or "", *(t for r in rest[1:] for t in (*r.itertext(), r.tail or ""))]).split())
    elif len(rest) == 1 and not tail and rest[0].tag not in ("strong", "b", "a", "em", "i", "br"):
        caption = " ".join(" ".join([*rest[0].itertext(), rest[0].tail or ""]).split())
    else:
        return None
    if not caption or len(caption) > _MAX_CAPTION:
        return None
    return caption


def _is_caption_box(el: etree._Element) -> bool:
    """A picture with its caption: "wp-caption", or a class word ending in "caption" on a
    box holding an image (an editor's "tplCaption" table, "imgcaption")."""
    words = class_id_words(el)
    return "wp-caption" in words or (any(w.endswith("caption") for w in words) and el.find(".//img") is not None)


_EMPTY_INLINE = re.compile(r"<(a|strong|em)\b[^>]*>\s*</\1>")


def _tidy_inline(s: str) -> str:
    prev = None
    while prev != s:
        prev = s
        s = _EMPTY_INLINE.sub("", s)
    return s


def _abs(base: str, href: str) -> str:
    """``href`` made absolute; as written when there is no base or urllib refuses it."""
    href = href.strip()
    if not base:
        return href
    return join_url(base, href) or href


def captions_tell_the_story(blocks: list[Block]) -> bool:
    """A photo story: three or more captioned pictures whose captions, in sentences, are
    more text than the prose around them (an intro line and a gallery). Then the captions
    are the text; elsewhere they are the pictures' and not the article's."""
    captions = [b.caption for b in blocks if b.kind == "figure" and b.caption]
    if len(captions) < 3:
        return False
    sentences = sum(1 for c in captions if CLOSES_SENTENCE.search(c))
    prose = sum(len(b.text) for b in blocks if b.kind != "figure")
    return sentences * 4 >= len(captions) * 3 and sum(map(len, captions)) > prose

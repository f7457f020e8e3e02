"""Stage 8, rendering: the kept blocks as `Body` text (paragraphs joined by a blank line)
and minimal clean HTML (lists, quotes and figures regrouped)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .blocks import Block, captions_tell_the_story


@dataclass
class Body:
    """The article's main text, as plain text and as minimal clean HTML; ``problems`` says
    why it is empty when extraction failed inside (``extract_body`` does not raise)."""

    text: str = ""
    html: str = ""
    problems: list[str] = field(default_factory=list)


def render(blocks: list[Block]) -> Body:
    story = captions_tell_the_story(blocks)
    text = "\n\n".join(b.caption if b.kind == "figure" else b.text for b in blocks
                       if b.kind != "figure" or (story and b.caption))
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

"""The ``pagebuilder2`` theme: a Divi-like page builder (Theme Builder body layout).

Markup unlike the other two themes: ``et_pb_section > et_pb_row > et_pb_column >
et_pb_module`` nesting, every piece of chrome a neutral ``et_pb_text`` module (no share,
author or related class words to go by), the post text in ``et_pb_post_content``, no
``entry-content``, and no JSON-LD on any page (Yoast's schema output is off; its
OpenGraph tags stay: ``article:published_time``, and ``article:modified_time`` when the
post was edited). The same boilerplate as the other themes, plus a "support us" blurb
that the site appends to every post's content (a whole sentence: only a learned site
template can tell it from the article).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from . import bank
from .content import Post, clock, ordinal_date, us_date
from .markup import esc, esc_title

if TYPE_CHECKING:
    from .site import ReplicaSite

SITE = bank.SITE_NAME
SUPPORT_BLURB = ("Leigh On Sea News is independent and free to read. If you value local "
                 "journalism, please share our stories with your neighbours and friends.")


def module(kind: str, n: int, inner: str, extra: str = "") -> str:
    """One Divi module."""
    if not inner:
        return ""
    return (f'<div class="et_pb_module et_pb_{kind} et_pb_{kind}_{n}_tb_body {extra}">'
            f"{inner}</div>").replace(" \">", "\">")


def text_module(n: int, inner: str) -> str:
    """A Divi text module (what most chrome is made of)."""
    return module("text", n, f'<div class="et_pb_text_inner">{inner}</div>',
                  "et_pb_text_align_left et_pb_bg_layout_light")


def section(n: int, columns: list[tuple[str, list[str]]]) -> str:
    """A Divi section with one row of columns."""
    cols = "".join(
        f'<div class="et_pb_column et_pb_column_{width} et_pb_column_{n}_{k}_tb_body et_pb_css_mix_blend_mode_passthrough">'
        f'{"".join(mods)}</div>'
        for k, (width, mods) in enumerate(columns)
    )
    return (f'<div class="et_pb_section et_pb_section_{n}_tb_body et_section_regular">'
            f'<div class="et_pb_row et_pb_row_{n}_tb_body">{cols}</div></div>')


def masthead(base: str, items: str) -> str:
    """Divi's header: logo and the primary menu."""
    return ('<header id="main-header" data-height-onload="66"><div class="container clearfix et_menu_container">'
            f'<div class="logo_container"><span class="logo_helper"></span><a href="{base}/">'
            f'<img src="{base}/wp-content/uploads/2023/01/leigh-on-sea-news-logo.png" width="93" height="43" alt="{SITE}" id="logo"></a></div>'
            f'<div id="et-top-navigation"><nav id="top-menu-nav"><ul id="top-menu" class="nav">{items}</ul></nav></div>'
            "</div></header>")


def share_row(post: Post, base: str, literal: bool) -> str:
    """Share links and the long title, in a plain text module."""
    url = f"{base}/{post.slug}/"
    q_title, q_url = quote(post.title), quote(url, safe="")
    lt = f"{SITE}: {post.title} – {post.excerpt}"
    return text_module(3, (
        "<p><strong>Spread the word:</strong> "
        f'<a href="https://www.facebook.com/sharer/sharer.php?u={q_url}" rel="nofollow">Facebook</a> '
        f'<a href="https://twitter.com/intent/tweet?text={q_title}&amp;url={q_url}" rel="nofollow">X</a> '
        f'<a href="https://api.whatsapp.com/send?text={q_title}%20{q_url}" rel="nofollow">WhatsApp</a> '
        f'<a href="mailto:?subject={q_title}" rel="nofollow">Email</a></p>'
        f"<p>{esc(lt, literal=literal)}</p>"))


def author_module(post: Post, base: str, literal: bool) -> str:
    """The author box as a text module."""
    parts = []
    for a in post.authors:
        name, slug, bio = bank.AUTHORS[a]
        parts.append(f'<h4>about author</h4><p><a href="{base}/author/{slug}/">{esc(name, literal=literal)}</a></p>'
                     f"<p>{esc(bio, literal=literal)}</p>")
    return text_module(7, "".join(parts))


def related_module(site: ReplicaSite, post: Post, base: str, literal: bool) -> str:
    """Divi blog module: related posts with dates."""
    arts = "".join(
        f'<article class="et_pb_post clearfix et_pb_blog_item_0_{k} post-{p.wp_id} post type-post">'
        f'<h2 class="entry-title"><a href="{base}/{p.slug}/">{esc_title(p.title, literal=literal)}</a></h2>'
        f'<p class="post-meta"><span class="published">{ordinal_date(p.published)}</span></p></article>'
        for k, p in enumerate(site.cat.posts[i] for i in site.related(post))
    )
    return (text_module(8, "<h3>You may also like</h3>")
            + module("blog", 0, f'<div class="et_pb_ajax_pagination_container">{arts}</div>',
                     "et_pb_posts et_pb_bg_layout_light"))


def date_line(site: ReplicaSite, post: Post) -> str:
    """'June 12, 2024 at 9:30 am' (the theme's custom date format), plus an Updated line
    on the no-JSON-LD post that shows one."""
    pub, mod = post.published, site.modified(post)
    out = f'<span class="published">{us_date(pub)} at {clock(pub)}</span>'
    if not post.jsonld and post.shows_updated:
        out += f' | <span class="updated-line">Updated: {us_date(mod)} at {clock(mod)}</span>'
    return out


def article_body(site: ReplicaSite, post: Post, base: str, *, literal: bool, crumbs: str,
                 content: str, byline: str, featured_img: str, cat_links: str, tag_links: str,
                 comments: str, sidebar: str, short: str, lt_dash: str) -> str:
    """The <body> of a single post (masthead and footer are added by the caller)."""
    title = esc_title(post.title, literal=literal)
    meta = f'<p class="et_pb_title_meta_container">{byline} | {date_line(site, post)} | {cat_links}</p>'
    left = [
        text_module(0, crumbs),
        text_module(1, f'<p class="kicker">{esc(lt_dash, literal=literal)}</p>'),
        module("post_title", 0, f'<div class="et_pb_title_container"><h1 class="entry-title">{title}</h1>{meta}</div>',
               "et_pb_bg_layout_light"),
        share_row(post, base, literal),
        text_module(4, f"<p>{esc(short, literal=literal)}</p>"),
        module("image", 0, featured_img),
        module("post_content", 0, content),
        text_module(5, f"<p>Tags: {tag_links}</p>"),
        author_module(post, base, literal),
        related_module(site, post, base, literal),
        module("comments", 0, comments, "et_pb_comments_module"),
    ]
    right = [module("sidebar", 0, sidebar, "et_pb_widget_area clearfix et_pb_widget_area_left")]
    return (f'<div id="page-container"><div id="et-boc" class="et-boc"><div id="et-main-area">'
            f'<div class="et-l et-l--body"><div class="et_builder_inner_content et_pb_gutters3">'
            f'{section(0, [("2_3", left), ("1_3", right)])}</div></div></div></div></div>')


def support_blurb() -> str:
    """The paragraph appended to every post's content."""
    return f'<p class="support-note">{esc(SUPPORT_BLURB)}</p>'


def featured_image(post: Post, base: str, literal: bool, img_html: str) -> str:
    """Featured image with its caption, in an image module's figure."""
    if not post.image:
        return ""
    cap = post.image.caption
    figcap = f'<figcaption class="wp-caption-text">{esc(cap, literal=literal)}</figcaption>' if cap else ""
    return f'<figure class="et_pb_image_wrap wp-caption">{img_html}{figcap}</figure>'


def listing_wrap(items: str) -> str:
    """Home and archive listings inside a Divi blog module."""
    return module("blog", 1, f'<div class="et_pb_ajax_pagination_container">{items}</div>', "et_pb_posts")


def shell_body(main: str, sidebar: str) -> str:
    """Any non-article page's main area."""
    return (f'<div id="page-container"><div id="et-main-area"><div id="main-content"><div class="container">'
            f'{section(9, [("2_3", [module("text", 9, main)]), ("1_3", [module("sidebar", 1, sidebar)])])}'
            "</div></div></div></div>")


__all__ = ["SUPPORT_BLURB", "article_body", "featured_image", "listing_wrap", "masthead",
           "shell_body", "support_blurb"]

"""HTML pages of the replica in its themes (WordPress 6 + Yoast SEO 22 markup).

``classic`` follows GeneratePress (``div.entry-content``, ``time.entry-date``);
``builder`` follows an Elementor Pro single-post template (nested widgets, no
``entry-content``); ``pagebuilder2`` (``pagebuilder2.py``) a Divi-like builder without
JSON-LD. All show the same posts with the same chrome around them: share
box, repeated SEO headlines, footer block, author box, related posts, comments, sidebar
and ad slots. Functions take the site (``ReplicaSite``) and the base URL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import quote

from . import bank
from . import pagebuilder2 as pb2
from .content import Block, Image, Post, block_texts, clock, ordinal_date, us_date
from .markup import attr, cf_hex, cf_link, cf_span, esc, esc_title, gravatar, person_id, utc_iso

if TYPE_CHECKING:
    from .site import ReplicaSite

SITE = bank.SITE_NAME
FACEBOOK = "https://www.facebook.com/leighonsea.news"
TWITTER = "https://twitter.com/leighonsea_news"
INSTAGRAM = "https://www.instagram.com/leighonsea.news"
CONTACT_EMAIL = "news@leigh-on-sea.news"
ADVERTISING_EMAIL = "adverts@leigh-on-sea.news"
WP_VERSION = "6.5.5"
YOAST_VERSION = "22.9"


PASSWORD_PROMPT = "This content is password protected. To view it please enter your password below:"
NO_EXCERPT = "There is no excerpt because this is a protected post."


def long_title(post: Post) -> str:
    """The Yoast custom title: 'Leigh On Sea News: TITLE - EXCERPT' (no excerpt variable
    on a password-protected post)."""
    if post.protected:
        return f"{SITE}: {post.title}"
    return f"{SITE}: {post.title} - {post.excerpt}"


def shown_title(post: Post) -> str:
    """The title as the theme prints it (the_title: "Protected: " on a protected post)."""
    return f"Protected: {post.title}" if post.protected else post.title


def password_form(post: Post, base: str) -> str:
    """WordPress 6's get_the_password_form(), shown instead of a protected post's content."""
    return (f'<form action="{base}/wp-login.php?action=postpass" class="post-password-form" method="post">\n'
            f"<p>{esc(PASSWORD_PROMPT)}</p>\n"
            f'<p><label for="pwbox-{post.wp_id}">Password: <input name="post_password" id="pwbox-{post.wp_id}" type="password" spellcheck="false" size="20" /></label>'
            ' <input type="submit" name="Submit" value="Enter" /></p>\n</form>')


def yoast_headline(post: Post) -> str:
    """JSON-LD headline: the long title cut to 110 characters."""
    text = long_title(post)
    return text if len(text) <= 110 else text[:107] + "..."


def author_name(i: int) -> str:
    """Display name of author ``i``."""
    return bank.AUTHORS[i][0]


def author_slug(i: int) -> str:
    """Nicename of author ``i``."""
    return bank.AUTHORS[i][1]


def cat_name(slug: str) -> str:
    """Category name from its slug."""
    return dict(bank.CATEGORIES)[slug]


# ---------------------------------------------------------------- inline & blocks

def inline(parts: list, base: str, literal: bool) -> str:
    """Render inline segments of a paragraph."""
    out = []
    for seg in parts:
        if isinstance(seg, str):
            out.append(esc(seg, literal=literal))
        elif seg[0] == "a":
            href = seg[1].replace("{base}", base)
            ext = not href.startswith(base)
            rel = ' target="_blank" rel="noreferrer noopener"' if ext else ""
            out.append(f'<a href="{attr(href)}"{rel}>{esc(seg[2], literal=literal)}</a>')
        elif seg[0] == "email-span":
            out.append(cf_span(seg[1]))
        elif seg[0] == "email-a":
            out.append(cf_link(seg[1]))
        elif seg[0] == "strong":
            out.append(f"<strong>{esc(seg[1], literal=literal)}</strong>")
    return "".join(out)


def img_tag(img: Image, base: str, cls: str, *, lazy: bool = True) -> str:
    """An <img> with WordPress' srcset."""
    src = base + img.path
    small = src.replace(".jpg", "-300x200.jpg")
    load = ' loading="lazy" decoding="async"' if lazy else ' decoding="async" fetchpriority="high"'
    return (f'<img width="{img.width}" height="{img.height}" src="{attr(src)}" class="{cls}" '
            f'alt="{attr(img.alt)}"{load} srcset="{attr(src)} {img.width}w, {attr(small)} 300w" '
            f'sizes="(max-width: {img.width}px) 100vw, {img.width}px" />')


def render_blocks(site: ReplicaSite, post: Post, blocks: list[Block], base: str, literal: bool) -> str:
    """Post content as Gutenberg saves it, plus what plugins add through the_content."""
    out: list[str] = []
    ads = 0
    # a third of the posts were written in the classic editor: no block classes, and
    # images through the [caption] shortcode
    tinymce = post.wp_id % 3 == 0
    for n, b in enumerate(blocks):
        if b.kind == "p":
            html_ = inline(b.parts, base, literal)
            key = (post.wp_id + n) % 7
            if key == 3 and len(b.parts) == 1 and ". " in html_:
                # editors type two spaces after a full stop; WordPress keeps one as &nbsp;
                html_ = html_.replace(". ", ".&nbsp; ", 1)
            elif key == 5 and n > 2:
                out.append("<p>&nbsp;</p>")  # an empty spacer paragraph from the classic editor
            out.append(f"<p>{html_}</p>")
        elif b.kind in ("h2", "h3", "h4"):
            cls = "" if tinymce else ' class="wp-block-heading"'
            inner = inline(b.parts, base, literal)
            out.append(f"<{b.kind}{cls}>{f'<strong>{inner}</strong>' if tinymce else inner}</{b.kind}>")
        elif b.kind in ("ul", "ol"):
            items = "".join(f"<li>{esc(t, literal=literal)}</li>" for t in b.items)
            cls = "" if tinymce else ' class="wp-block-list"'
            out.append(f"<{b.kind}{cls}>{items}</{b.kind}>")
        elif b.kind == "quote":
            paras = "".join(f"<p>{esc(t, literal=literal)}</p>" for t in b.items)
            cls = "" if tinymce else ' class="wp-block-quote is-layout-flow wp-block-quote-is-layout-flow"'
            out.append(f"<blockquote{cls}>{paras}</blockquote>")
        elif b.kind == "figure" and b.image and tinymce:
            aid = post.wp_id + 2
            img = img_tag(b.image, base, f"size-large wp-image-{aid}")
            if b.image.caption:
                out.append(f'<figure id="attachment_{aid}" aria-describedby="caption-attachment-{aid}" style="width: {b.image.width}px" class="wp-caption aligncenter">'
                           f'{img}<figcaption id="caption-attachment-{aid}" class="wp-caption-text">{esc(b.image.caption, literal=literal)}</figcaption></figure>')
            else:
                out.append(f"<p>{img}</p>")
        elif b.kind == "figure" and b.image:
            cap = f'<figcaption class="wp-element-caption">{esc(b.image.caption, literal=literal)}</figcaption>' if b.image.caption else ""
            out.append(f'<figure class="wp-block-image size-large">{img_tag(b.image, base, "wp-image-" + str(post.wp_id + 2))}{cap}</figure>')
        elif b.kind == "related" and b.ref is not None:
            other = site.cat.posts[b.ref]
            out.append(
                '<div class="irp-wrap irp-inline"><span class="irp-label">Read more</span> '
                f'<a class="irp-link" href="{base}/{other.slug}/"><span class="irp-title">{esc_title(other.title, literal=literal)}</span></a></div>'
            )
        elif b.kind == "ad":
            ads += 1
            out.append(ad_block(ads + 1))
    return "\n".join(out)


def ad_block(n: int) -> str:
    """An Ad Inserter code block with an AdSense slot."""
    return (f'<div class="code-block code-block-{n}" style="margin: 8px auto; text-align: center; display: block; clear: both;">\n'
            '<p class="ad-label" style="font-size:11px;color:#888">Advertisement</p>\n'
            f'<ins class="adsbygoogle" style="display:block" data-ad-client="ca-pub-4921150933101846" data-ad-slot="77{n}1029384" data-ad-format="auto" data-full-width-responsive="true"></ins>\n'
            '<script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>')


def share_box(post: Post, base: str, literal: bool) -> str:
    """Sassy Social Share box with the headline repeated as share text."""
    url = f"{base}/{post.slug}/"
    lt = f"{SITE}: {post.title} – {post.excerpt}"
    q_title, q_url = quote(post.title), quote(url, safe="")
    return (
        f'<div class="heateor_sss_sharing_container heateor_sss_horizontal_sharing" data-heateor-sss-href="{attr(url)}">'
        '<div class="heateor_sss_sharing_title" style="font-weight:bold">Share this story!</div>'
        '<div class="heateor_sss_sharing_ul">'
        f'<a aria-label="Facebook" class="heateor_sss_facebook" href="https://www.facebook.com/sharer/sharer.php?u={q_url}" title="Facebook" rel="nofollow noopener" target="_blank"><span class="heateor_sss_svg"></span></a>'
        f'<a aria-label="X" class="heateor_sss_button_x" href="https://twitter.com/intent/tweet?text={q_title}&amp;url={q_url}" title="X" rel="nofollow noopener" target="_blank"><span class="heateor_sss_svg"></span></a>'
        f'<a aria-label="Whatsapp" class="heateor_sss_whatsapp" href="https://api.whatsapp.com/send?text={q_title}%20{q_url}" title="Whatsapp" rel="nofollow noopener" target="_blank"><span class="heateor_sss_svg"></span></a>'
        f'<a aria-label="Email" class="heateor_sss_email" href="mailto:?subject={q_title}&amp;body=Link:%20{q_url}" title="Email" rel="nofollow noopener"><span class="heateor_sss_svg"></span></a>'
        '</div>'
        f'<div class="heateor_sss_share_text">{esc(lt, literal=literal)}</div>'
        '<div class="heateor_sss_clear"></div></div>'
    )


def footer_block(base: str) -> str:
    """The standard block appended to every story (Ad Inserter, after content)."""
    return (
        '<div class="code-block code-block-9" style="margin: 8px 0; clear: both;">\n'
        "<p><strong>Read more.</strong></p>\n"
        f'<p>Visit: <a href="{base}">{base}</a></p>\n'
        f'<p>Contact us. Email: <a href="/cdn-cgi/l/email-protection#{cf_hex(CONTACT_EMAIL)}">{cf_span(CONTACT_EMAIL)}</a></p>\n'
        f'<p>Facebook: <a href="{FACEBOOK}">{FACEBOOK}</a></p>\n'
        f'<p>Twitter: <a href="{TWITTER}">@leighonsea_news</a></p>\n'
        f'<p>Instagram: <a href="{INSTAGRAM}">{INSTAGRAM}</a></p>\n'
        "</div>"
    )


# ---------------------------------------------------------------- head

def head(site: ReplicaSite, base: str, *, title: str, canonical: str | None, description: str | None,
         og_type: str, charset: str = "UTF-8", extra_meta: Iterable[str] = (),
         graph: list[dict] | None = None, links: Iterable[str] = ()) -> str:
    """<head> with WordPress core links and the Yoast block."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        f'<meta charset="{charset}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<!-- This site is optimized with the Yoast SEO plugin v{YOAST_VERSION} - https://yoast.com/wordpress/plugins/seo/ -->",
        f"<title>{esc(title, literal=True)}</title>",
    ]
    extra_meta = list(extra_meta)
    if description:
        out.append(f'<meta name="description" content="{attr(description)}" />')
    if not any("noindex" in m for m in extra_meta):
        out.append('<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1" />')
    if canonical:
        out.append(f'<link rel="canonical" href="{attr(canonical)}" />')
    out += [
        '<meta property="og:locale" content="en_GB" />',
        f'<meta property="og:type" content="{og_type}" />',
        f'<meta property="og:title" content="{attr(title)}" />',
    ]
    if description:
        out.append(f'<meta property="og:description" content="{attr(description)}" />')
    if canonical:
        out.append(f'<meta property="og:url" content="{attr(canonical)}" />')
    out.append(f'<meta property="og:site_name" content="{SITE}" />')
    out.extend(extra_meta)
    out.append('<meta name="twitter:site" content="@leighonsea_news" />')
    if graph is not None and site.theme != "pagebuilder2":  # its Yoast schema output is off
        doc = {"@context": "https://schema.org", "@graph": graph}
        out.append('<script type="application/ld+json" class="yoast-schema-graph">'
                   + json.dumps(doc, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/") + "</script>")
    out.append("<!-- / Yoast SEO plugin. -->")
    out += [
        "<link rel='dns-prefetch' href='//pagead2.googlesyndication.com' />",
        f'<link rel="alternate" type="application/rss+xml" title="{SITE} &raquo; Feed" href="{base}/feed/" />',
        f'<link rel="alternate" type="application/rss+xml" title="{SITE} &raquo; Comments Feed" href="{base}/comments/feed/" />',
        *links,
        f"<link rel='stylesheet' id='wp-block-library-css' href='{base}/wp-includes/css/dist/block-library/style.min.css?ver={WP_VERSION}' media='all' />",
        f'<link rel="https://api.w.org/" href="{base}/wp-json/" />',
        f'<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{base}/xmlrpc.php?rsd" />',
        f'<meta name="generator" content="WordPress {WP_VERSION}" />',
    ]
    if site.theme == "pagebuilder2":
        out.append('<meta name="generator" content="Divi v.4.25.1" />')
    if site.theme == "builder":
        out.append('<meta name="generator" content="Elementor 3.22.3; features: e_optimized_assets_loading, additional_custom_breakpoints; settings: css_print_method-external, google_font-enabled, font_display-swap">')
    out += [
        '<script async src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js?client=ca-pub-4921150933101846" crossorigin="anonymous"></script>',
        "</head>",
    ]
    return "\n".join(out)


def site_graph(base: str) -> list[dict]:
    """WebSite and Organization nodes, on every page."""
    return [
        {"@type": "WebSite", "@id": f"{base}/#website", "url": f"{base}/", "name": SITE,
         "description": bank.SITE_TAGLINE, "publisher": {"@id": f"{base}/#organization"},
         "potentialAction": [{"@type": "SearchAction", "target": {"@type": "EntryPoint", "urlTemplate": f"{base}/?s={{search_term_string}}"},
                              "query-input": {"@type": "PropertyValueSpecification", "valueRequired": True, "valueName": "search_term_string"}}],
         "inLanguage": "en-GB"},
        {"@type": "Organization", "@id": f"{base}/#organization", "name": SITE, "url": f"{base}/",
         "logo": {"@type": "ImageObject", "inLanguage": "en-GB", "@id": f"{base}/#/schema/logo/image/",
                  "url": f"{base}/wp-content/uploads/2023/01/leigh-on-sea-news-logo.png",
                  "contentUrl": f"{base}/wp-content/uploads/2023/01/leigh-on-sea-news-logo.png",
                  "width": 512, "height": 512, "caption": SITE},
         "image": {"@id": f"{base}/#/schema/logo/image/"},
         "sameAs": [FACEBOOK, "https://x.com/leighonsea_news", INSTAGRAM]},
    ]


def article_graph(site: ReplicaSite, post: Post, base: str, blocks: list[Block]) -> list[dict]:
    """Yoast's @graph for a post."""
    url = f"{base}/{post.slug}/"
    modified = site.modified(post)
    cats = sorted((cat_name(c) for c in post.categories), key=str.lower)
    words = sum(len(t.split()) for t in block_texts(blocks))
    authors = [{"name": author_name(a), "@id": person_id(base, author_slug(a))} for a in post.authors]
    art: dict = {
        "@type": "Article", "@id": f"{url}#article", "isPartOf": {"@id": url},
        "author": authors[0] if len(authors) == 1 else authors,
        "headline": yoast_headline(post),
        "datePublished": utc_iso(post.published), "dateModified": utc_iso(modified),
        "mainEntityOfPage": {"@id": url}, "wordCount": words, "commentCount": len(post.comments),
        "publisher": {"@id": f"{base}/#organization"},
    }
    if post.image:
        art["image"] = {"@id": f"{url}#primaryimage"}
        art["thumbnailUrl"] = base + post.image.path
    art["keywords"] = list(post.tags)
    art["articleSection"] = cats
    art["inLanguage"] = "en-GB"
    art["potentialAction"] = [{"@type": "CommentAction", "name": "Comment", "target": [f"{url}#respond"]}]
    page: dict = {"@type": "WebPage", "@id": url, "url": url, "name": long_title(post),
                  "isPartOf": {"@id": f"{base}/#website"}}
    if post.image:
        page["primaryImageOfPage"] = {"@id": f"{url}#primaryimage"}
        page["image"] = {"@id": f"{url}#primaryimage"}
        page["thumbnailUrl"] = base + post.image.path
    page.update({"datePublished": utc_iso(post.published), "dateModified": utc_iso(modified),
                 **({} if post.protected else {"description": post.excerpt}),
                 "breadcrumb": {"@id": f"{url}#breadcrumb"},
                 "inLanguage": "en-GB", "potentialAction": [{"@type": "ReadAction", "target": [url]}]})
    graph = [art, page]
    if post.image:
        node = {"@type": "ImageObject", "inLanguage": "en-GB", "@id": f"{url}#primaryimage",
                "url": base + post.image.path, "contentUrl": base + post.image.path,
                "width": post.image.width, "height": post.image.height}
        if post.image.caption:
            node["caption"] = post.image.caption
        graph.append(node)
    primary = post.categories[0]
    graph.append({"@type": "BreadcrumbList", "@id": f"{url}#breadcrumb", "itemListElement": [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{base}/"},
        {"@type": "ListItem", "position": 2, "name": cat_name(primary), "item": f"{base}/category/{primary}/"},
        {"@type": "ListItem", "position": 3, "name": post.title}]})
    graph += site_graph(base)
    for a in post.authors:
        graph.append({"@type": "Person", "@id": person_id(base, author_slug(a)), "name": author_name(a),
                      "image": {"@type": "ImageObject", "inLanguage": "en-GB", "@id": f"{base}/#/schema/person/image/{person_id(base, author_slug(a)).rsplit('/', 1)[1]}",
                                "url": gravatar(author_name(a)), "contentUrl": gravatar(author_name(a)), "caption": author_name(a)},
                      "url": f"{base}/author/{author_slug(a)}/"})
    return graph


# ---------------------------------------------------------------- chrome

NOINDEX = "<meta name='robots' content='noindex, follow' />"

NAV = (("news", "News"), ("police-crime", "Police &#038; Crime"), ("council", "Council"),
       ("seafront", "Seafront"), ("whats-on", "What&#8217;s On"), ("points-of-view", "Points of View"))


def masthead(site: ReplicaSite, base: str) -> str:
    """Site header with logo, menu and search."""
    items = "".join(f'<li class="menu-item menu-item-type-taxonomy menu-item-object-category"><a href="{base}/category/{s}/">{n}</a></li>' for s, n in NAV)
    items += (f'<li class="menu-item"><a href="{base}/events/?month=2024-11">Events</a></li>'
              f'<li class="menu-item"><a href="{base}/about/">About</a></li>'
              f'<li class="menu-item"><a href="{base}/contact/">Contact</a></li>')
    search = (f'<form method="get" class="search-form" action="{base}/"><label><span class="screen-reader-text">Search for:</span>'
              '<input type="search" class="search-field" placeholder="Search &hellip;" value="" name="s" title="Search for:"></label>'
              '<button class="search-submit" aria-label="Search"></button></form>')
    if site.theme == "pagebuilder2":
        return pb2.masthead(base, items)
    if site.theme == "builder":
        return ('<div data-elementor-type="header" data-elementor-id="41" class="elementor elementor-41 elementor-location-header">'
                '<section class="elementor-section elementor-top-section elementor-element elementor-element-5d1a7c2 elementor-section-boxed" data-id="5d1a7c2" data-element_type="section">'
                '<div class="elementor-container elementor-column-gap-default"><div class="elementor-column elementor-col-100 elementor-top-column elementor-element" data-element_type="column"><div class="elementor-widget-wrap elementor-element-populated">'
                f'<div class="elementor-element elementor-widget elementor-widget-theme-site-logo elementor-widget-image" data-widget_type="theme-site-logo.default"><div class="elementor-widget-container"><a href="{base}"><img width="512" height="512" src="{base}/wp-content/uploads/2023/01/leigh-on-sea-news-logo.png" alt="{SITE}"></a></div></div>'
                f'<div class="elementor-element elementor-widget elementor-widget-nav-menu" data-widget_type="nav-menu.default"><div class="elementor-widget-container"><nav class="elementor-nav-menu--main elementor-nav-menu__container"><ul id="menu-1-main" class="elementor-nav-menu">{items}</ul></nav></div></div>'
                f'<div class="elementor-element elementor-widget elementor-widget-search-form" data-widget_type="search-form.default"><div class="elementor-widget-container">{search}</div></div>'
                '</div></div></div></section></div>')
    return (f'<header class="site-header has-inline-mobile-toggle" id="masthead" aria-label="Site" itemtype="https://schema.org/WPHeader" itemscope>'
            f'<div class="inside-header grid-container"><div class="site-branding"><p class="main-title" itemprop="headline"><a href="{base}/" rel="home">{SITE}</a></p>'
            f'<p class="site-description" itemprop="description">{esc(bank.SITE_TAGLINE)}</p></div>'
            f'<nav class="main-navigation sub-menu-right" id="site-navigation" aria-label="Primary"><div class="inside-navigation grid-container"><div class="main-nav"><ul id="menu-main" class="menu sf-menu">{items}</ul></div></div></nav>'
            f'{search}</div></header>')


def sidebar(site: ReplicaSite, base: str, literal: bool = False) -> str:
    """Right sidebar: recent posts with dates, newsletter signup, an ad slot."""
    lis = "".join(
        f'<li><a href="{base}/{p.slug}/">{esc_title(p.title, literal=literal)}</a><span class="post-date">{ordinal_date(p.published)}</span></li>'
        for p in (site.cat.posts[i] for i in site.recent_widget())
    )
    return (
        '<div class="widget-area sidebar is-right-sidebar" id="right-sidebar"><div class="inside-right-sidebar">'
        f'<aside id="recent-posts-2" class="widget inner-padding widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>{lis}</ul></aside>'
        '<aside id="popular-searches" class="widget inner-padding widget_text"><h2 class="widget-title">Popular searches</h2>'
        f'<p><a href="{base}/?s=parking">parking</a>, <a href="{base}/?s=cockle+sheds">cockle sheds</a>, <a href="{base}/search/pier/">pier</a></p></aside>'
        '<aside id="block-7" class="widget inner-padding widget_block"><div class="newsletter-signup"><h2 class="widget-title">Get the news in your inbox</h2>'
        '<p>Sign up to our free weekly newsletter for the latest stories from Leigh, Hadleigh and Southend.</p>'
        '<form action="https://leighonsea.us21.list-manage.com/subscribe/post?u=8f1e&amp;id=2c3d" method="post" class="mc4wp-form">'
        '<input type="email" name="EMAIL" placeholder="Your email address" required> <input type="submit" value="Sign up"></form></div></aside>'
        '<aside id="custom_html-3" class="widget_text widget inner-padding widget_custom_html"><div class="textwidget custom-html-widget">'
        '<div class="ad-slot ad-sidebar"><p class="ad-label">Advertisement</p><ins class="adsbygoogle" style="display:inline-block;width:300px;height:250px" data-ad-client="ca-pub-4921150933101846" data-ad-slot="5550001111"></ins></div>'
        f'<p>Advertise with us: <a href="{base}/advertise/">rates and details</a>. Email {cf_span(ADVERTISING_EMAIL)}</p>'
        "</div></aside></div></div>"
    )


def site_footer(site: ReplicaSite, base: str) -> str:
    """Site footer with links (one into /private/) and the Cloudflare decoder script."""
    return (
        '<div class="site-footer"><div id="footer-widgets" class="site footer-widgets"><div class="footer-widgets-container grid-container"><div class="inside-footer-widgets">'
        f'<div class="footer-widget-1"><aside class="widget"><h2 class="widget-title">About {SITE}</h2><div class="textwidget"><p>Independent local news for Leigh-on-Sea since 2016.</p>'
        f'<p>Email: {cf_link(CONTACT_EMAIL)}</p></div></aside></div>'
        '<div class="footer-widget-2"><aside class="widget widget_nav_menu"><ul class="menu">'
        f'<li><a href="{base}/about/">About us</a></li><li><a href="{base}/contact/">Contact</a></li><li><a href="{base}/advertise/">Advertise</a></li>'
        f'<li><a href="{base}/privacy-policy/">Privacy Policy</a></li><li><a href="{base}/private/staff-login/">Staff area</a></li></ul></aside></div>'
        f'<div class="footer-widget-3"><aside class="widget"><ul class="social"><li><a href="{FACEBOOK}">Facebook</a></li><li><a href="{TWITTER}">Twitter</a></li><li><a href="{INSTAGRAM}">Instagram</a></li></ul></aside></div>'
        "</div></div></div>"
        '<footer class="site-info" aria-label="Site" itemtype="https://schema.org/WPFooter" itemscope><div class="inside-site-info grid-container">'
        f'<div class="copyright-bar">&copy; 2024 {SITE} &bull; Built with <a href="https://generatepress.com" itemprop="url">GeneratePress</a></div></div></footer></div>\n'
        '<script data-cfasync="false" src="/cdn-cgi/scripts/5c5dd728/cloudflare-static/email-decode.min.js"></script>\n'
        f"<script src='{base}/wp-includes/js/comment-reply.min.js?ver={WP_VERSION}' id='comment-reply-js' async='async' data-wp-strategy='async'></script>\n"
        "</body>\n</html>\n"
    )


def breadcrumb(base: str, trail: list[tuple[str, str | None]], literal: bool = False) -> str:
    """Yoast visible breadcrumbs."""
    parts = []
    for name, href in trail:
        if href:
            parts.append(f'<span><a href="{href}">{esc_title(name, literal=literal)}</a></span>')
        else:
            parts.append(f'<span class="breadcrumb_last" aria-current="page">{esc_title(name, literal=literal)}</span>')
    return f'<p id="breadcrumbs" class="yoast-breadcrumbs"><span>{" &raquo; ".join(parts)}</span></p>'


# ---------------------------------------------------------------- article page

def visible_dates(site: ReplicaSite, post: Post, *, builder: bool) -> str:
    """The date line: format and markup differ per theme and for no-JSON-LD posts."""
    pub, mod = post.published, site.modified(post)
    if builder:
        text = f"{us_date(pub)} at {clock(pub)}"
        html_ = f'<span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-date">{text}</span>'
        if not post.jsonld and post.shows_updated:
            html_ += f' <span class="elementor-post-info__item elementor-post-info__item--type-custom">Updated: {us_date(mod)} at {clock(mod)}</span>'
        return html_
    if not post.jsonld:
        html_ = f'<span class="posted-on"><time class="entry-date published">{ordinal_date(pub)} at {clock(pub)}</time></span>'
        if post.shows_updated:
            html_ += f' <span class="updated-on">Updated: {ordinal_date(mod)} at {clock(mod)}</span>'
        return html_
    pub_tag = f'<time class="entry-date published" datetime="{pub.isoformat()}" itemprop="datePublished">{ordinal_date(pub)}</time>'
    if mod > pub:
        # GeneratePress prints the (CSS-hidden) updated date first
        return (f'<span class="posted-on"><time class="updated" datetime="{mod.isoformat()}" itemprop="dateModified">{ordinal_date(mod)}</time>'
                f'{pub_tag}</span>')
    return f'<span class="posted-on">{pub_tag}</span>'


def byline(post: Post, base: str, literal: bool) -> str:
    """'By NAME' or 'By A and B' with author links."""
    links = [f'<span class="author vcard" itemprop="author" itemtype="https://schema.org/Person" itemscope><a class="url fn n" href="{base}/author/{author_slug(a)}/" title="View all posts by {attr(author_name(a))}" rel="author" itemprop="url"><span class="author-name" itemprop="name">{esc(author_name(a), literal=literal)}</span></a></span>'
             for a in post.authors]
    return '<span class="byline">By ' + " and ".join(links) + "</span>"


def related_box(site: ReplicaSite, post: Post, base: str, literal: bool) -> str:
    """'You may also like' with titles and dates."""
    items = "".join(
        f'<li class="related-post"><a href="{base}/{p.slug}/">{esc_title(p.title, literal=literal)}</a> <span class="related-date">{ordinal_date(p.published)}</span></li>'
        for p in (site.cat.posts[i] for i in site.related(post))
    )
    return f'<div class="related-posts"><h3 class="related-posts-title">You may also like</h3><ul>{items}</ul></div>'


def author_box(post: Post, base: str, literal: bool) -> str:
    """The 'about author' box."""
    boxes = []
    for a in post.authors:
        name, slug, bio = bank.AUTHORS[a]
        boxes.append(f'<div class="author-box"><div class="avatar"><img alt="" src="{gravatar(name)}" class="avatar avatar-96 photo" height="96" width="96"></div>'
                     f'<h4 class="author-title">about author</h4><div class="author-name"><a href="{base}/author/{slug}/">{esc(name, literal=literal)}</a></div>'
                     f'<div class="author-description">{esc(bio, literal=literal)}</div></div>')
    return "".join(boxes)


def comments_box(post: Post, base: str, literal: bool) -> str:
    """Reader comments and the reply form."""
    url = f"{base}/{post.slug}/"
    out = ['<div id="comments">']
    if post.comments:
        n = len(post.comments)
        out.append(f'<h3 class="comments-title">{n} thought{"s" if n > 1 else ""} on &ldquo;{esc_title(post.title, literal=literal)}&rdquo;</h3><ol class="comment-list">')
        for c in post.comments:
            out.append(
                f'<li id="comment-{c.id}" class="comment even thread-even depth-1"><article id="div-comment-{c.id}" class="comment-body">'
                f'<footer class="comment-meta"><div class="comment-author vcard"><img alt="" src="{gravatar(c.author)}" class="avatar avatar-50 photo" height="50" width="50">'
                f'<b class="fn">{esc(c.author, literal=literal)}</b> <span class="says">says:</span></div>'
                f'<div class="comment-metadata"><a href="{url}#comment-{c.id}"><time datetime="{c.date.isoformat()}">{ordinal_date(c.date)} at {clock(c.date)}</time></a></div></footer>'
                f'<div class="comment-content"><p>{esc(c.text, literal=literal)}</p></div>'
                f'<div class="reply"><a rel="nofollow" class="comment-reply-link" href="{url}?replytocom={c.id}#respond" data-commentid="{c.id}" aria-label="Reply to {attr(c.author)}">Reply</a></div></article></li>'
            )
        out.append("</ol>")
    out.append(f'<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>'
               f'<form action="{base}/wp-comments-post.php" method="post" id="commentform" class="comment-form">'
               '<p class="comment-notes">Your email address will not be published. Required fields are marked <span class="required">*</span></p>'
               '<p class="comment-form-comment"><label for="comment">Comment</label><textarea id="comment" name="comment" cols="45" rows="8" required></textarea></p>'
               f'<input type="hidden" name="comment_post_ID" value="{post.wp_id}" id="comment_post_ID"><p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment"></p></form></div></div>')
    return "".join(out)


def featured(post: Post, base: str, literal: bool, *, builder: bool) -> str:
    """Featured image with its caption."""
    if not post.image:
        return ""
    img = img_tag(post.image, base, "attachment-full size-full wp-post-image", lazy=False)
    cap = post.image.caption
    if builder:
        figcap = f'<figcaption class="widget-image-caption wp-caption-text">{esc(cap, literal=literal)}</figcaption>' if cap else ""
        return ('<div class="elementor-element elementor-element-6b1f0e2 elementor-widget elementor-widget-theme-post-featured-image elementor-widget-image" data-id="6b1f0e2" data-element_type="widget" data-widget_type="theme-post-featured-image.default">'
                f'<div class="elementor-widget-container"><figure class="wp-caption">{img}{figcap}</figure></div></div>')
    figcap = f'<figcaption class="wp-caption-text">{esc(cap, literal=literal)}</figcaption>' if cap else ""
    return f'<div class="featured-image page-header-image-single grid-container grid-parent"><figure class="wp-caption">{img}{figcap}</figure></div>'


def article_page(site: ReplicaSite, post: Post, base: str) -> str:
    """A single post in the site's theme."""
    literal = post.charset != "UTF-8"
    locked = post.protected  # password form instead of content, "Protected: " title
    blocks = [] if locked else site.blocks(post)
    url = f"{base}/{post.slug}/"
    modified = site.modified(post)
    meta = [f'<meta property="article:publisher" content="{FACEBOOK}" />']
    if post.jsonld:
        meta.append(f'<meta property="article:published_time" content="{utc_iso(post.published)}" />')
        if modified > post.published:
            meta.append(f'<meta property="article:modified_time" content="{utc_iso(modified)}" />')
    if post.image:
        meta += [f'<meta property="og:image" content="{base}{post.image.path}" />',
                 f'<meta property="og:image:width" content="{post.image.width}" />',
                 f'<meta property="og:image:height" content="{post.image.height}" />',
                 '<meta property="og:image:type" content="image/jpeg" />']
    names = " and ".join(author_name(a) for a in post.authors)
    words = sum(len(t.split()) for t in block_texts(blocks))
    meta += [f'<meta name="author" content="{attr(names)}" />', '<meta name="twitter:card" content="summary_large_image" />',
             '<meta name="twitter:creator" content="@leighonsea_news" />',
             '<meta name="twitter:label1" content="Written by" />', f'<meta name="twitter:data1" content="{attr(names)}" />',
             '<meta name="twitter:label2" content="Est. reading time" />', f'<meta name="twitter:data2" content="{max(1, round(words / 230))} minute{"s" if round(words / 230) > 1 else ""}" />']
    links = [f'<link rel="alternate" type="application/rss+xml" title="{SITE} &raquo; {attr(post.title)} Comments Feed" href="{url}feed/" />',
             f'<link rel="alternate" title="JSON" type="application/json" href="{base}/wp-json/wp/v2/posts/{post.wp_id}" />',
             f"<link rel='shortlink' href='{base}/?p={post.wp_id}' />"]
    graph = article_graph(site, post, base, blocks) if post.jsonld else None
    out = [head(site, base, title=long_title(post), canonical=url, description=None if locked else post.excerpt, og_type="article",
                charset=post.charset, extra_meta=meta, graph=graph, links=links)]
    cls = " ".join([f"post-{post.wp_id}", "post", "type-post", "status-publish", "format-standard"]
                   + (["has-post-thumbnail"] if post.image else []) + ["hentry"]
                   + (["post-password-required"] if locked else [])
                   + [f"category-{c}" for c in post.categories] + [f"tag-{t.lower().replace(' ', '-').replace('’', '')}" for t in post.tags])
    crumbs = breadcrumb(base, [("Home", f"{base}/"), (cat_name(post.categories[0]), f"{base}/category/{post.categories[0]}/"), (post.title, None)], literal)
    content = render_blocks(site, post, blocks, base, literal) + "\n" + footer_block(base)
    lt_dash = f"{SITE}: {post.title} - {post.excerpt}"
    short = f"{post.title} - {post.excerpt}"
    h1 = esc_title(shown_title(post), literal=literal)
    pw_class = " post-password-required" if locked else ""
    if locked:  # the theme's boxes that print the excerpt or comments are skipped
        content, lt_dash = password_form(post, base), long_title(post)
    cat_links = ", ".join(f'<a href="{base}/category/{c}/" rel="category tag">{esc_title(cat_name(c))}</a>' for c in sorted(post.categories, key=lambda c: cat_name(c).lower()))
    tag_links = ", ".join(f'<a href="{base}/tag/{site.tag_slug(t)}/" rel="tag">{esc(t, literal=literal)}</a>' for t in post.tags)
    if site.theme == "pagebuilder2":
        footer = footer_block(base)
        if footer in content:  # the site's "support us" paragraph, before the footer block
            content = content.replace(footer, pb2.support_blurb() + "\n" + footer)
        img = img_tag(post.image, base, "wp-image-featured", lazy=False) if post.image else ""
        out.append(f'<body class="post-template-default single single-post postid-{post.wp_id} single-format-standard et_divi_theme et-tb-has-template et-tb-has-body et-db">')
        out.append(masthead(site, base))
        out.append(pb2.article_body(
            site, post, base, literal=literal, crumbs=crumbs, content=content,
            byline=byline(post, base, literal), featured_img=pb2.featured_image(post, base, literal, img),
            cat_links=cat_links, tag_links=tag_links, comments=comments_box(post, base, literal),
            sidebar=sidebar(site, base, literal), short=short, lt_dash=lt_dash))
        out.append(site_footer(site, base))
        return "\n".join(out)
    if site.theme == "builder":
        out.append(f'<body class="post-template-default single single-post postid-{post.wp_id} single-format-standard{pw_class} wp-embed-responsive elementor-default elementor-template-full-width elementor-kit-7 elementor-page-512">')
        out.append(masthead(site, base))
        w = widget
        col = [
            w("breadcrumbs", "1a2b3c4", crumbs),
            w("heading", "2b3c4d5", f'<p class="elementor-heading-title elementor-size-small seo-kicker">{esc(lt_dash, literal=literal)}</p>'),
            w("share-buttons", "3c4d5e6", "" if locked else share_box(post, base, literal)),
            w("theme-post-title", "4d5e6f7", f'<h1 class="elementor-heading-title elementor-size-default">{h1}</h1>', extra="elementor-page-title elementor-widget-heading"),
            w("theme-post-excerpt", "5e6f7a8", "" if locked else f'<p class="elementor-post-excerpt-line">{esc(short, literal=literal)}</p>'),
            featured(post, base, literal, builder=True),
            w("post-info", "6f7a8b9", '<ul class="elementor-inline-items elementor-icon-list-items elementor-post-info">'
              '<li class="elementor-icon-list-item elementor-inline-item" itemprop="author"><span class="elementor-icon-list-icon"><i aria-hidden="true" class="far fa-user-circle"></i></span>'
              f'<span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-author">{byline(post, base, literal)}</span></li>'
              f'<li class="elementor-icon-list-item elementor-inline-item" itemprop="datePublished"><span class="elementor-icon-list-icon"><i aria-hidden="true" class="fas fa-calendar"></i></span>{visible_dates(site, post, builder=True)}</li></ul>'),
            w("theme-post-content", "7a8b9c0", content),
            w("post-info", "8b9c0d1", f'<div class="elementor-post-info__terms-list">{cat_links}</div><div class="elementor-post-info__terms-list tags">{tag_links}</div>'),
            w("author-box", "9c0d1e2", author_box(post, base, literal)),
            w("posts", "0d1e2f3", related_box(site, post, base, literal)),
            w("post-comments", "1e2f3a4", "" if locked else comments_box(post, base, literal)),
        ]
        out.append(f'<div data-elementor-type="single-post" data-elementor-id="512" class="elementor elementor-512 elementor-location-single post-{post.wp_id} post type-post status-publish format-standard hentry{pw_class}">')
        out.append(section("a9e1c03", [("66", col), ("33", [w("sidebar", "ff01a2b", sidebar(site, base, literal))])]))
        out.append("</div>")
        out.append(site_footer(site, base))
        return "\n".join(out)
    out.append(f'<body class="post-template-default single single-post postid-{post.wp_id} single-format-standard{pw_class} wp-custom-logo wp-embed-responsive right-sidebar nav-float-right separate-containers header-aligned-left dropdown-hover'
               f'{" featured-image-active" if post.image else ""}" itemtype="https://schema.org/Blog" itemscope>')
    out.append('<a class="screen-reader-text skip-link" href="#content" title="Skip to content">Skip to content</a>')
    out.append(masthead(site, base))
    out.append(f'<div class="top-ticker" role="marquee"><span class="ticker-label">Now reading</span> <span class="ticker-item">{esc(lt_dash, literal=literal)}</span></div>')
    out.append('<div class="site grid-container container hfeed" id="page"><div class="site-content" id="content">')
    out.append('<div class="content-area" id="primary"><main class="site-main" id="main">')
    out.append(crumbs)
    out.append(f'<article id="post-{post.wp_id}" class="{cls}" itemtype="https://schema.org/CreativeWork" itemscope><div class="inside-article">')
    if not locked:
        out.append(share_box(post, base, literal))
        out.append(f'<p class="entry-seo-line">{esc(short, literal=literal)}</p>')
    out.append(f'<header class="entry-header"><h1 class="entry-title" itemprop="headline">{h1}</h1>'
               f'<div class="entry-meta">{byline(post, base, literal)} {visible_dates(site, post, builder=False)}</div></header>')
    out.append(featured(post, base, literal, builder=False))
    out.append(f'<div class="entry-content" itemprop="text">\n{content}\n</div>')
    out.append(f'<footer class="entry-meta" aria-label="Entry meta"><span class="cat-links"><span class="screen-reader-text">Categories </span>{cat_links}</span> '
               f'<span class="tags-links"><span class="screen-reader-text">Tags </span>{tag_links}</span> '
               f'<span class="comments-link"><a href="{url}#respond">Leave a comment</a></span></footer>')
    out.append("</div></article>")
    out.append(author_box(post, base, literal))
    out.append(related_box(site, post, base, literal))
    if not locked:  # GeneratePress' comments template returns early on a protected post
        out.append(f'<div class="comments-area">{comments_box(post, base, literal)}</div>')
    out.append("</main></div>")
    out.append(sidebar(site, base, literal))
    out.append("</div></div>")
    out.append(site_footer(site, base))
    return "\n".join(out)


def widget(kind: str, wid: str, inner: str, extra: str = "") -> str:
    """One Elementor widget, wrapped the way Elementor does."""
    if not inner:
        return ""
    return (f'<div class="elementor-element elementor-element-{wid} elementor-widget elementor-widget-{kind} {extra}" data-id="{wid}" '
            f'data-element_type="widget" data-widget_type="{kind}.default"><div class="elementor-widget-container">{inner}</div></div>')


def section(sid: str, columns: list[tuple[str, list[str]]]) -> str:
    """An Elementor section with columns of widgets."""
    cols = []
    for k, (width, widgets) in enumerate(columns):
        cid = f"{sid[:5]}c{k}"
        cols.append(f'<div class="elementor-column elementor-col-{width} elementor-top-column elementor-element elementor-element-{cid}" data-id="{cid}" data-element_type="column">'
                    f'<div class="elementor-widget-wrap elementor-element-populated">{"".join(widgets)}</div></div>')
    return (f'<section class="elementor-section elementor-top-section elementor-element elementor-element-{sid} elementor-section-boxed elementor-section-height-default" data-id="{sid}" data-element_type="section">'
            f'<div class="elementor-container elementor-column-gap-default">{"".join(cols)}</div></section>')


# ---------------------------------------------------------------- listings and other pages

def listing_item(site: ReplicaSite, post: Post, base: str, *, utm: bool = False) -> str:
    """One post in a home/archive listing."""
    url = f"{base}/{post.slug}/"
    link = url + ("?utm_source=twitter&amp;utm_medium=social" if utm else "")
    n = len(post.comments)
    ctext = f"{n} Comment{'s' if n != 1 else ''}" if n else "Leave a comment"
    anchor = "#comments" if n else "#respond"
    thumb = f'<div class="post-image"><a href="{link}">{img_tag(post.image, base, "attachment-medium size-medium wp-post-image")}</a></div>' if post.image else ""
    # the_title() and get_the_excerpt() as a listing prints them
    title, excerpt = shown_title(post), NO_EXCERPT if post.protected else post.excerpt
    if site.theme == "builder":
        return (f'<article class="elementor-post elementor-grid-item post-{post.wp_id} post type-post status-publish format-standard hentry">'
                f'{thumb}<div class="elementor-post__text"><h3 class="elementor-post__title"><a href="{link}">{esc_title(title)}</a></h3>'
                f'<div class="elementor-post__meta-data"><span class="elementor-post-author">{" and ".join(esc(author_name(a)) for a in post.authors)}</span> '
                f'<span class="elementor-post-date">{us_date(post.published)}</span> <span class="elementor-post-avatar"><a href="{url}{anchor}">{ctext}</a></span></div>'
                f'<div class="elementor-post__excerpt"><p>{esc(excerpt)}</p></div>'
                f'<a class="elementor-post__read-more" href="{url}" aria-label="Read more about {attr(post.title)}">Read More &raquo;</a></div></article>')
    return (f'<article id="post-{post.wp_id}" class="post-{post.wp_id} post type-post status-publish format-standard hentry" itemtype="https://schema.org/CreativeWork" itemscope>'
            f'<div class="inside-article"><header class="entry-header"><h2 class="entry-title" itemprop="headline"><a href="{link}" rel="bookmark">{esc_title(title)}</a></h2>'
            f'<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{post.published.isoformat()}">{ordinal_date(post.published)}</time></span> '
            f'<span class="byline">by {" and ".join(f"<a href={chr(34)}{base}/author/{author_slug(a)}/{chr(34)}>{esc(author_name(a))}</a>" for a in post.authors)}</span></div></header>'
            f'{thumb}<div class="entry-summary" itemprop="text"><p>{esc(excerpt)} <a class="read-more" href="{url}">Read more</a></p></div>'
            f'<footer class="entry-meta"><span class="comments-link"><a href="{url}{anchor}">{ctext}</a></span></footer></div></article>')


def pagination(base_path: str, page: int, pages: int, base: str) -> str:
    """WordPress paginate_links()."""
    if pages <= 1:
        return ""

    def href(n: int) -> str:
        return f"{base}{base_path}" if n == 1 else f"{base}{base_path}page/{n}/"

    out = []
    if page > 1:
        out.append(f'<a class="prev page-numbers" href="{href(page - 1)}">&laquo; Previous</a>')
    for n in range(1, pages + 1):
        if n == page:
            out.append(f'<span aria-current="page" class="page-numbers current">{n}</span>')
        elif n <= 2 or n > pages - 2 or abs(n - page) <= 1:
            out.append(f'<a class="page-numbers" href="{href(n)}">{n}</a>')
        elif out and not out[-1].endswith("dots\">&hellip;</span>"):
            out.append('<span class="page-numbers dots">&hellip;</span>')
    if page < pages:
        out.append(f'<a class="next page-numbers" href="{href(page + 1)}">Next &raquo;</a>')
    return f'<nav id="nav-below" class="paging-navigation" aria-label="Archive Page"><div class="nav-links">{"".join(out)}</div></nav>'


def shell(site: ReplicaSite, base: str, *, title: str, canonical: str | None, description: str | None,
          body_class: str, main: str, graph: list[dict] | None, og_type: str = "website",
          extra_meta: Iterable[str] = (), links: Iterable[str] = ()) -> str:
    """Any non-article page: head, masthead, main column, sidebar, footer."""
    out = [head(site, base, title=title, canonical=canonical, description=description, og_type=og_type,
                extra_meta=extra_meta, graph=graph, links=links)]
    if site.theme == "pagebuilder2":
        out.append(f'<body class="{body_class} et_divi_theme et_pb_button_helper_class et-db">')
        out.append(masthead(site, base))
        out.append(pb2.shell_body(main, sidebar(site, base)))
    elif site.theme == "builder":
        out.append(f'<body class="{body_class} wp-embed-responsive elementor-default elementor-kit-7">')
        out.append(masthead(site, base))
        out.append('<div data-elementor-type="archive" data-elementor-id="530" class="elementor elementor-530 elementor-location-archive">')
        out.append(section("b7c8d9e", [("66", [widget("archive-posts", "c8d9e0f", main)]), ("33", [widget("sidebar", "d9e0f1a", sidebar(site, base))])]))
        out.append("</div>")
    else:
        out.append(f'<body class="{body_class} wp-custom-logo wp-embed-responsive right-sidebar nav-float-right separate-containers" itemtype="https://schema.org/WebPage" itemscope>')
        out.append(masthead(site, base))
        out.append('<div class="site grid-container container hfeed" id="page"><div class="site-content" id="content">')
        out.append(f'<div class="content-area" id="primary"><main class="site-main" id="main">{main}</main></div>')
        out.append(sidebar(site, base))
        out.append("</div></div>")
    out.append(site_footer(site, base))
    return "\n".join(out)


def listing_page(site: ReplicaSite, base: str, *, posts: list[Post], page: int, pages: int, base_path: str,
                 heading: str | None, title: str, body_class: str, description: str | None = None,
                 intro: str = "", feed: str | None = None, page_kind: str = "CollectionPage",
                 extra_meta: Iterable[str] = ()) -> str:
    """Home page or an archive (category, tag, author, search)."""
    canonical = f"{base}{base_path}" if page == 1 else f"{base}{base_path}page/{page}/"
    items = "\n".join(listing_item(site, p, base, utm=(k == 1 and page == 1)) for k, p in enumerate(posts))
    if site.theme == "pagebuilder2":
        items = pb2.listing_wrap(items)
    if site.theme == "builder":
        items = f'<div class="elementor-posts-container elementor-posts elementor-posts--skin-classic elementor-grid">{items}</div>'
    hdr = f'<header class="page-header"><h1 class="page-title">{heading}</h1>{intro}</header>' if heading else intro
    main = hdr + items + pagination(base_path, page, pages, base)
    graph = [{"@type": page_kind, "@id": canonical, "url": canonical, "name": title,
              "isPartOf": {"@id": f"{base}/#website"}, "inLanguage": "en-GB"}] + site_graph(base)
    links = []
    if feed:
        links.append(f'<link rel="alternate" type="application/rss+xml" title="{SITE} &raquo; {attr(heading or "")} Feed" href="{base}{feed}" />')
    if page > 1:
        links.append(f'<link rel="prev" href="{base}{base_path}{"" if page == 2 else f"page/{page - 1}/"}" />')
    if page < pages:
        links.append(f'<link rel="next" href="{base}{base_path}page/{page + 1}/" />')
    return shell(site, base, title=title, canonical=canonical, description=description, body_class=body_class,
                 main=main, graph=graph, links=links, extra_meta=extra_meta)


def static_page(site: ReplicaSite, base: str, slug: str, title: str, wp_id: int, paras: list[str]) -> str:
    """A WordPress page (About, Contact ...): no byline, no dates, og:type website."""
    url = f"{base}/{slug}/"
    body = "".join(p if p.startswith("<") else f"<p>{esc(p)}</p>" for p in paras)
    main = (f'<article id="post-{wp_id}" class="post-{wp_id} page type-page status-publish" itemtype="https://schema.org/CreativeWork" itemscope>'
            f'<div class="inside-article"><header class="entry-header"><h1 class="entry-title" itemprop="headline">{esc_title(title)}</h1></header>'
            f'<div class="entry-content" itemprop="text">{body}</div></div></article>')
    graph = [{"@type": "WebPage", "@id": url, "url": url, "name": f"{title} - {SITE}", "isPartOf": {"@id": f"{base}/#website"},
              "datePublished": "2023-01-10T09:00:00+00:00", "dateModified": "2024-02-01T10:12:44+00:00",
              "breadcrumb": {"@id": f"{url}#breadcrumb"}, "inLanguage": "en-GB"},
             {"@type": "BreadcrumbList", "@id": f"{url}#breadcrumb", "itemListElement": [
                 {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{base}/"},
                 {"@type": "ListItem", "position": 2, "name": title}]}] + site_graph(base)
    return shell(site, base, title=f"{title} - {SITE}", canonical=url, description=None,
                 body_class=f"page-template-default page page-id-{wp_id}", main=main, graph=graph,
                 extra_meta=['<meta property="article:modified_time" content="2024-02-01T10:12:44+00:00" />'])


def not_found_page(site: ReplicaSite, base: str) -> str:
    """The theme's 404 page."""
    main = ('<div class="inside-article"><header class="entry-header"><h1 class="entry-title" itemprop="headline">Oops! That page can&rsquo;t be found.</h1></header>'
            '<div class="entry-content" itemprop="text"><p>It looks like nothing was found at this location. Maybe try searching?</p></div></div>')
    return shell(site, base, title=f"Page not found - {SITE}", canonical=None, description=None,
                 body_class="error404", main=main, graph=site_graph(base), extra_meta=[NOINDEX])


def gone_page(site: ReplicaSite, base: str) -> str:
    """Body of a 410 answer for a deleted post."""
    main = ('<div class="inside-article"><header class="entry-header"><h1 class="entry-title">This story has been removed.</h1></header>'
            '<div class="entry-content"><p>The article you are looking for is no longer available.</p></div></div>')
    return shell(site, base, title=f"Gone - {SITE}", canonical=None, description=None,
                 body_class="error404 error410", main=main, graph=None)


def events_page(site: ReplicaSite, base: str, year: int, month: int) -> str:
    """An events calendar month: prev/next links go on for ever."""
    prev_m = (year, month - 1) if month > 1 else (year - 1, 12)
    next_m = (year, month + 1) if month < 12 else (year + 1, 1)
    name = datetime(year, month, 1).strftime("%B %Y")
    main = (f'<div class="tribe-events-calendar"><h1 class="tribe-events-page-title">Events for {name}</h1>'
            '<p class="tribe-events-notices">There are no upcoming events listed for this month.</p>'
            f'<nav class="tribe-events-nav-pagination"><a class="tribe-events-nav-previous" href="{base}/events/?month={prev_m[0]:04d}-{prev_m[1]:02d}" rel="prev">&laquo; Previous month</a> '
            f'<a class="tribe-events-nav-next" href="{base}/events/?month={next_m[0]:04d}-{next_m[1]:02d}" rel="next">Next month &raquo;</a></nav></div>')
    return shell(site, base, title=f"Events for {name} - {SITE}", canonical=f"{base}/events/?month={year:04d}-{month:02d}",
                 description=None, body_class="post-type-archive post-type-archive-tribe_events", main=main, graph=None,
                 extra_meta=[NOINDEX])  # The Events Calendar marks empty months noindex


def simple_page(site: ReplicaSite, base: str, title: str, text: str, body_class: str) -> str:
    """A bare page (private area, Cloudflare email protection notice)."""
    main = f'<div class="inside-article"><h1 class="entry-title">{esc(title)}</h1><div class="entry-content"><p>{esc(text)}</p></div></div>'
    return shell(site, base, title=f"{title} - {SITE}", canonical=None, description=None,
                 body_class=body_class, main=main, graph=None)

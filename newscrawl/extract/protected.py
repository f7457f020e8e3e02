"""WordPress password-protected posts: detection, and what of them is public.

A protected post shows its title (prefixed "Protected: " by the theme), date, byline and
terms, but in place of the text a password form with a prompt. The extractor marks it
``page_type = "protected"`` with an empty body, so the prompt is never stored as text;
the store gives it ``status = 'protected'``.
"""

from __future__ import annotations

import re

from lxml import etree

from .model import Article

__all__ = [
    "PROBLEM", "is_password_form_page", "is_prompt", "mark_protected", "strip_protected_prefix",
]

# Recorded in `problems`: the row's own word that its body is not public (the store keeps
# `status` in step with it, e.g. after a 304).
PROBLEM = "password protected: only public metadata stored"

# WordPress core strings (wp-includes/post-template.php) a theme shows instead of text.
_PROMPTS = (
    "this content is password protected",
    "this post is password protected",
    "there is no excerpt because this is a protected post",
)
# `protected_title_format` ("Protected: %s"); "Private: " is the same filter for private posts.
_PREFIX = re.compile(r"^\s*(?:Protected|Private)\s*:\s*", re.I)


def strip_protected_prefix(title: str | None) -> str | None:
    """``"Protected: Title"`` -> ``"Title"``; other titles unchanged."""
    if not title:
        return title
    return _PREFIX.sub("", title, count=1) or title


def is_prompt(text: str | None) -> bool:
    """Whether a text is (or starts with) WordPress' password prompt / no-excerpt notice."""
    low = " ".join((text or "").split()).casefold()
    return any(low.startswith(p) for p in _PROMPTS)


def _classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").split())


def is_password_form_page(root: etree._Element, body_classes: list[str] | set[str]) -> bool:
    """True when the page is a post behind WordPress' password form.

    Signals: the ``post-password-required`` class (``body_class``/``post_class``), the
    core form ``form.post-password-form``, or any form posting to
    ``wp-login.php?action=postpass`` (themes that print their own form).
    """
    if "post-password-required" in set(body_classes):
        return True
    for el in root.iter("form", "article", "div"):
        if not isinstance(el.tag, str):
            continue
        if el.tag != "form" and "post-password-required" not in (el.get("class") or ""):
            continue  # most elements: the class test below cannot hold (a cheap pre-test)
        cls = _classes(el)
        if "post-password-required" in cls:
            return True
        if el.tag == "form" and ("post-password-form" in cls
                                 or "action=postpass" in (el.get("action") or "")):
            return True
    return False


def mark_protected(art: Article) -> Article:
    """Turn a parsed page into the public record of a protected post (in place).

    Body, its HTML, links and in-body images are emptied (they are the password form);
    the title loses its "Protected: " prefix; a standfirst that is the prompt is dropped.
    """
    art.page_type = "protected"
    art.is_article = True
    art.body, art.body_html = "", ""
    art.word_count = art.reading_time = 0
    art.links = []
    art.images = [im for im in art.images if art.image_url and im.get("url") == art.image_url]
    art.title = strip_protected_prefix(art.title)
    if is_prompt(art.standfirst):
        art.standfirst = None
        art.sources.pop("standfirst", None)
    art.problems = [p for p in art.problems if p != "no body text found"]
    if PROBLEM not in art.problems:
        art.problems.append(PROBLEM)
    return art

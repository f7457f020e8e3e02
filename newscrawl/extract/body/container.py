"""Stages 5-8 on a container chosen elsewhere: when another extractor's pick wins the
vote (`newscrawl.extract.consensus`), its container is trimmed, cut into blocks and
filtered exactly as our own pick would be, so the body's text and HTML are built one way."""

from __future__ import annotations

from lxml import etree

from ..profiles import GENERIC, Profile
from .blocks import Writer
from .filters import filter_blocks
from .headlines import PageHeadlines, headline_inside, page_headlines
from .render import Body, render
from .trim import trim_container


def body_from_container(
    container: etree._Element,
    page: etree._Element,
    url: str,
    profile: Profile = GENERIC,
    *,
    title: str | None = None,
    standfirst: str | None = None,
    site: object | None = None,
    headlines: PageHeadlines | None = None,
) -> Body:
    """The body of ``container`` (which this modifies), filtered with what ``page`` (the
    whole page, left untouched) says about headlines: ``headlines`` when given (then
    ``page`` is not read), else `page_headlines` of ``page`` with ``title``. Never raises."""
    try:
        titles, has_h1, bylines = headlines if headlines is not None else page_headlines(page, title)
        headed = headline_inside([container], titles)
        trim_container([container], None)
        writer = Writer(url)
        writer.walk(container)
        writer.flush()
        return render(filter_blocks(writer.blocks, profile, title, standfirst, titles, has_h1, site,
                                    bylines=bylines, headed=headed))
    except Exception as exc:  # noqa: BLE001 - same contract as extract_body
        return Body(problems=[f"body extraction failed: {type(exc).__name__}: {exc}"])

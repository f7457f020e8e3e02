"""Publication and modification dates.

Order of trust: JSON-LD, ``article:*``/OpenGraph/Dublin Core meta, ``<time>``/itemprop in
the article header, the visible byline text, then the URL. Output is ISO 8601 with the
offset the source gave; a time without zone is local time in the profile's zone.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml import etree

from .calendars import to_gregorian
from .clean import drop_tree, holds, in_other_post, other_posts, page_post_id
from .metadata import Metadata, as_text
from .parse import (
    article_footers,
    classes,
    clean_text,
    content_top_region,
    header_region,
    inside_noise,
    text_lines,
    text_of,
)
from .urls import join_url, split_url
from .vocabulary import (
    DATE_HINT_WORDS,
    EDIT_LABEL_START,
    EDIT_WORD,
    MODIFIED_HINTS,
    MODIFIED_META,
    MONTH_WORDS,
    PUBLISHED_HINTS,
    PUBLISHED_LABEL,
    PUBLISHED_META,
    RELATIVE_AGO,
    UPDATED_LABEL,
)
from .zones import NO_ZONE

MONTHS = {name: number for number, names in MONTH_WORDS.items() for name in names}
# Longest first, so that "june" is not read as "jun" + "e".
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Zone abbreviations printed after a time ("14:22 CST", "9:30 a.m. ET"), matched in
# capitals only (French "est" is a word): a fixed offset, or for the generic US names
# (ET, PT…) the zone whose clock they follow.
_ZONE_ABBREVIATIONS: dict[str, timedelta | str] = {
    "EST": timedelta(hours=-5), "EDT": timedelta(hours=-4), "CST": timedelta(hours=-6),
    "CDT": timedelta(hours=-5), "MST": timedelta(hours=-7), "MDT": timedelta(hours=-6),
    "PST": timedelta(hours=-8), "PDT": timedelta(hours=-7), "AKST": timedelta(hours=-9),
    "AKDT": timedelta(hours=-8), "HST": timedelta(hours=-10),
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles",
    "CET": timedelta(hours=1), "CEST": timedelta(hours=2), "EET": timedelta(hours=2),
    "EEST": timedelta(hours=3), "WET": timedelta(0), "WEST": timedelta(hours=1),
    "MSK": timedelta(hours=3), "JST": timedelta(hours=9), "KST": timedelta(hours=9),
    "AEST": timedelta(hours=10), "AEDT": timedelta(hours=11), "NZST": timedelta(hours=12),
    "NZDT": timedelta(hours=13),
}
_CROATIAN_ZONES = frozenset({"Europe/Zagreb", "Europe/Sarajevo"})
_NORTH_AMERICAN_ZONES = frozenset({"EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "AKDT", "HST",
                                   "ET", "CT", "MT", "PT"})
_ZONE_NAMES = r"(?-i:" + "|".join(sorted(_ZONE_ABBREVIATIONS, key=len, reverse=True)) + r")\b"
# The half of the day written before the hour: "오후 3:42", "下午3:42", "午後3時".
_HALF_DAY_BEFORE = {"오전": "am", "오후": "pm", "上午": "am", "下午": "pm", "午前": "am", "午後": "pm"}
_HALF = r"(?:(?P<half>" + "|".join(_HALF_DAY_BEFORE) + r")\s*)?"
_TIME = (
    # "at 9:30", "à 10h15", "alle 10:15", "um 10.15 Uhr", "às 10h15", "a las 10:15", "om 10:15",
    # "| 9:30", "• 5:00 AM EDT" (NPR's text site), "· 9:30"
    r"(?:\s*(?:,|at|@|-|–|—|\||•|·|à|a\s+las|alle|um|às|om|kl\.?)?\s*" + _HALF
    + r"(?P<hour>[0-2]?\d)(?:[:.]|h\s?)(?P<minute>[0-5]\d)"
    r"(?::(?P<second>[0-5]\d))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*(?P<zone>GMT|BST|UTC|Z|[+-]\d\d:?\d\d|" + _ZONE_NAMES + r"))?)?"
)
_TIME_ONLY_AMPM = r"(?:\s*(?:,|at|@|-|–)?\s*(?P<hour2>1[0-2]|0?[1-9])\s*(?P<ampm2>[ap]\.?m\.?))?"

_PATTERNS = [
    # 2023-06-12[T ]09:30[:00][+01:00]
    re.compile(
        r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)"
        r"(?:(?:T|\s+" + _HALF + r")(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d)(?:\.\d+)?)?"
        r"\s*(?P<zone>Z|UTC|GMT|BST|[+-]\d\d:?\d\d)?)?(?!\d)",
        re.I,
    ),
    # 12th June 2023 [at 9:30 am]; "3. Mai 2024", "3 de mayo de 2024", "3 maggio 2024"
    re.compile(r"(?<![\w])" + _DAY + r"\.?\s+(?:of\s+|de\s+)?" + _MON + r",?\s+(?:de\s+)?" + _YEAR + _TIME
               + _TIME_ONLY_AMPM, re.I),
    # "2024. március 5." [14:30]: year first with its dot, then the month's name (Hungarian)
    re.compile(r"(?<![\w.])" + _YEAR + r"\.\s+" + _MON + r"\s+" + _DAY + r"\.?" + _TIME, re.I),
    # June 12[th], 2023 [at 9:30 am]
    # (after a digit too: "…+01:00September 9th, 2024", two spans' texts run together)
    re.compile(r"(?<![^\W\d])" + _MON + r"\s+" + _DAY + r",?\s+" + _YEAR + _TIME + _TIME_ONLY_AMPM, re.I),
    # 2024年5月3日 [10時15分], 2024년 5월 3일: year, month, day, as numbers
    re.compile(
        r"(?P<year>(?:19|20)\d\d)\s*[年년]\s*(?P<month>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)\s*[日일]?"
        r"(?:\s*" + _HALF + r"(?P<hour>[0-2]?\d)\s*[時时시:]\s*(?P<minute>[0-5]?\d)\s*[分분]?)?"
    ),
    # 2023.10.10 [14:22], 2023/10/10: year first, then month and day (Korean, Chinese,
    # Japanese and Hungarian sites)
    re.compile(
        r"(?<![\w./])(?P<year>(?:19|20)\d\d)[./](?P<month>[01]?\d)[./](?P<day>[0-3]?\d)\.?(?![\d/])" + _TIME, re.I
    ),
    # 14:32 05/03/2024, 10:42 18.04.2024: the time first (Vietnamese, Russian sites)
    re.compile(
        r"(?<![\d:.])(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?\s*[,|\-–]?\s*"
        r"(?P<a>[0-3]?\d)[/.](?P<b>[01]?\d)[/.](?P<year>(?:19|20)\d\d)(?![\d/])"
    ),
    # 12/06/2023 [09:30], "5. 6. 2001" (day or month first, decided by the zone's convention)
    re.compile(
        r"(?<![\d/\-])(?P<a>[0-3]?\d)(?P<sep>[/.\-]|\.\s)(?P<b>[01]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)(?![\d/\-])"
        + _TIME, re.I
    ),
]

_ZONES = {"gmt": timedelta(0), "utc": timedelta(0), "z": timedelta(0), "bst": timedelta(hours=1)}


@dataclass(frozen=True)
class ParsedDate:
    """A parsed date: aware datetime, whether only the day was known, and the raw text."""

    dt: datetime
    day_only: bool
    raw: str

    @property
    def iso(self) -> str:
        """ISO 8601 with seconds and offset; without an offset on the page's own clock
        when no zone is known (`PAGE_CLOCK`)."""
        if self.dt.tzinfo is PAGE_CLOCK:
            return self.dt.replace(microsecond=0, tzinfo=None).isoformat(timespec="seconds")
        return self.dt.replace(microsecond=0).isoformat(timespec="seconds")


# A local time of a page whose zone nobody knows (no profile, no one-zone country): kept
# as the page's wall clock and written without an offset. It computes as UTC (dates of
# one page stay comparable) but is never presented as UTC: only identity tells it apart.
PAGE_CLOCK = timezone(timedelta(0), "page clock")


def on_page_clock(parsed: ParsedDate | None) -> bool:
    """Whether ``parsed`` is a wall-clock time without a known zone."""
    return parsed is not None and parsed.dt.tzinfo is PAGE_CLOCK


def _zone(name: str) -> timezone | ZoneInfo:
    if name == NO_ZONE:
        return PAGE_CLOCK
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _localize(naive: datetime, tz: str) -> datetime:
    """Attach the profile zone to a naive local time (zoneinfo picks the right DST offset)."""
    zone = _zone(tz)
    if zone is PAGE_CLOCK:
        return naive.replace(tzinfo=PAGE_CLOCK)
    aware = naive.replace(tzinfo=zone)
    # Normalise to the zone's fixed offset so isoformat prints +HH:MM.
    off = aware.utcoffset() or timedelta(0)
    return naive.replace(tzinfo=timezone(off))


def _offset(zone: str | None, naive: datetime, tz: str) -> datetime:
    if not zone:
        return _localize(naive, tz)
    z = zone.lower()
    if z in _ZONES:
        return naive.replace(tzinfo=timezone(_ZONES[z]))
    abbr = _ZONE_ABBREVIATIONS.get(zone)
    if zone == "CST" and tz.startswith("Asia/"):
        abbr = timedelta(hours=8)  # China Standard Time on a Chinese or Taiwanese page
    if isinstance(abbr, str):
        return _localize(naive, abbr)
    if abbr is not None:
        return naive.replace(tzinfo=timezone(abbr))
    m = re.match(r"([+-])(\d\d):?(\d\d)", zone)
    if m:
        delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))
        return naive.replace(tzinfo=timezone(-delta if m.group(1) == "-" else delta))
    return _localize(naive, tz)


def _build(year: int, month: int, day: int, hour: int | None, minute: int | None,
           second: int | None, ampm: str | None, zone: str | None, tz: str, raw: str) -> ParsedDate | None:
    day_only = hour is None
    h = hour or 0
    if ampm:
        a = ampm.lower().replace(".", "")
        if h > 12:
            return None
        if a == "pm" and h != 12:
            h += 12
        elif a == "am" and h == 12:
            h = 0
    try:
        naive = datetime(year, month, day, h, minute or 0, second or 0)
        return ParsedDate(_offset(zone, naive, tz), day_only, raw)
    except ValueError:
        return None  # no such day, or an offset no clock shows ("+99:00")


def _day_first(tz: str) -> bool:
    # Month-first numeric dates are an American habit.
    return not tz.startswith("America/") or tz in {"America/Sao_Paulo", "America/Argentina/Buenos_Aires"}


def _from_match(m: re.Match, idx: int, tz: str, raw: str) -> ParsedDate | None:
    g = m.groupdict()

    def num(name: str) -> int | None:
        v = g.get(name)
        return int(v) if v else None

    hour, ampm = num("hour"), g.get("ampm") or _HALF_DAY_BEFORE.get(g.get("half") or "")
    if hour is None and g.get("hour2"):
        hour, ampm = int(g["hour2"]), g.get("ampm2")
    year = int(g["year"])
    if g.get("month"):
        month, day = int(g["month"]), int(g["day"])
    elif g.get("mon"):
        month, day = _month(g["mon"]), int(g["day"])
        if month == 11 and tz in _CROATIAN_ZONES and g["mon"].casefold().startswith("listopad"):
            month = 10  # Croatian "listopad" is October (Polish and Czech November)
    else:
        a, b = int(g["a"]), int(g["b"])
        if g.get("sep") == "-" and tz == NO_ZONE and a <= 12 and b <= 12:
            return None  # "01-08-2008" of no known country: either day first or month first
        # A North American zone printed with it ("05/06/2017 02:30 pm ET"): month first.
        american = (g.get("zone") or "") in _NORTH_AMERICAN_ZONES
        day, month = (a, b) if _day_first(tz) and not american else (b, a)
        if month > 12 and day <= 12:
            day, month = month, day
    return _build(year, month, day, hour, num("minute"), num("second"), ampm, g.get("zone"), tz, raw)


# A time printed just before the day ("5:00 a.m. ET Sept. 14, 2022", "10:32 IST, 12 June
# 2023"; numeric days have their own pattern above).
_TIME_BEFORE_DAY = re.compile(
    r"(?<![\w:.+\-])(?P<hour>[0-2]?\d)[:.](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*(?P<zone>GMT|BST|UTC|" + _ZONE_NAMES + r"|[A-Z]{2,4}))?"
    r"\s*[,|\-–]?\s*(?:on\s+)?(?:[^\W\d_]{3,12}\.?,?\s+)?$", re.I)  # (a weekday: "14:30 Friday 18 March")


def _read_match(text: str, m: re.Match, idx: int, tz: str,
                raw: str | None = None) -> tuple[int, ParsedDate | None]:
    """The date pattern ``idx`` matched in ``text`` (``raw``: the string to keep, by
    default what was matched), at the time printed just before it when it names none;
    with where in ``text`` it starts."""
    parsed = _from_match(m, idx, tz, raw or m.group(0).strip())
    if parsed is not None and parsed.day_only:
        t = _TIME_BEFORE_DAY.search(text[:m.start()])
        if t is not None:
            g = t.groupdict()
            zone = g["zone"] if g["zone"] and re.fullmatch(r"GMT|BST|UTC|" + _ZONE_NAMES, g["zone"]) else None
            timed = _build(parsed.dt.year, parsed.dt.month, parsed.dt.day, int(g["hour"]), int(g["minute"]),
                           int(g["second"]) if g["second"] else None, g["ampm"], zone, tz,
                           raw or text[t.start():m.end()].strip())
            if timed is not None:
                return t.start(), timed
    return m.start(), parsed


_SHORT_OFFSET = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?)([+-])(\d)(\d\d)$")


def parse_date(raw: str | None, tz: str = "Europe/London") -> ParsedDate | None:
    """Parse a date string (ISO 8601, '12th June 2023', 'June 12, 2023 at 9:30 am',
    '12/06/2023 09:30', ...). None when no plausible date is found."""
    if not raw:
        return None
    text = clean_text(raw[:300])  # a date is short; bounding keeps the regexes cheap
    if not text:
        return None
    text = to_gregorian(text, tz)  # other calendars' years, other scripts' digits
    # Fast path: full ISO 8601 from metadata.
    iso = text.replace("Z", "+00:00") if text.endswith("Z") else text
    # An offset written with three digits ("18:22-500": a CMS dropping the hour's zero).
    iso = _SHORT_OFFSET.sub(r"\1\g<2>0\3:\4", iso)
    try:
        dt = datetime.fromisoformat(iso)
        if 1900 < dt.year < 2200:
            if dt.tzinfo is None:
                day_only = len(text) <= 10
                return ParsedDate(_localize(dt, tz), day_only, raw)
            return ParsedDate(dt, False, raw)
    except ValueError:
        pass
    for idx, pattern in enumerate(_PATTERNS):
        m = pattern.search(text)
        if m:
            _start, parsed = _read_match(text, m, idx, tz, raw)
            if parsed:
                return parsed
    return None


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


# --- finding the dates of a page -----------------------------------------------------------

@dataclass
class Dates:
    """The page's dates with their sources and problems."""

    published: ParsedDate | None = None
    modified: ParsedDate | None = None
    sources: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _url_date(url: str, tz: str) -> ParsedDate | None:
    # "/2023/06/12/", and "/2022-10-12-1.1654321" (a path segment that opens with the day)
    m = re.search(r"/((?:19|20)\d\d)/([01]\d)/([0-3]\d)(?:/|$)", url) or re.search(
        r"/((?:19|20)\d\d)-([01]\d)-([0-3]\d)(?:[-_./]|$)", url)
    if not m:
        return None
    return _build(int(m.group(1)), int(m.group(2)), int(m.group(3)), None, None, None, None, None, tz, m.group(0))


def _kind(el: etree._Element) -> str:
    """'published', 'modified', 'both' or '' from an element's class/itemprop hints."""
    hints = " ".join(classes(el)) + " " + (el.get("itemprop") or "").lower()
    pub = any(k in hints for k in PUBLISHED_HINTS)
    mod = any(k in hints for k in MODIFIED_HINTS)
    if pub and mod:
        return "both"
    return "published" if pub else "modified" if mod else ""


def _label_before(el: etree._Element, region: etree._Element) -> str:
    """The text right before an element inside the region (e.g. 'Updated:')."""
    texts = []
    prev = el.getprevious()
    if prev is not None:
        texts.append(prev.tail or "")
        if isinstance(prev.tag, str):  # (a comment has its tail only)
            texts.insert(0, text_of(prev))
    else:
        parent = el.getparent()
        if parent is not None:
            texts.append(parent.text or "")
            if parent is not region:
                gp_prev = parent.getprevious()
                if gp_prev is not None:
                    own = text_of(gp_prev) if isinstance(gp_prev.tag, str) else ""
                    texts.insert(0, own + " " + (gp_prev.tail or ""))
    return clean_text(" ".join(texts))[-40:]


# Only these can be date candidates (a <time>, an itemprop) or class/id-hinted elements.
# (<abbr class="published" title="ISO">: the hAtom date of Movable Type, Pelican…)
_TIME_OR_ITEMPROP = etree.XPath("descendant-or-self::*[self::time or @itemprop or (self::abbr and @title)]")
_TIMES = etree.XPath("descendant::*[self::time or (self::abbr and @title)]")
_CLASS_OR_ID = etree.XPath("descendant-or-self::*[@class or @id]")


def _hinted(el: etree._Element) -> bool:
    words = " ".join(classes(el)) + " " + (el.get("id") or "").lower()
    # (not the day a masthead shows the page served: "date-today", "current-date")
    return any(k in words for k in DATE_HINT_WORDS) and not _TODAY.search(words)


_TODAY = re.compile(r"today|current[-_]?date|date[-_]?now|heute|aujourd|hoy\b|oggi|сегодня")


def _date_of(el: etree._Element, tz: str) -> ParsedDate | None:
    """The date a ``<time>``/itemprop/``<abbr>`` element holds: its ``datetime``,
    ``content`` or (an abbr's) ``title``, else (or when that does not parse) its text;
    a time a ``data-`` attribute gives (`_data_stamp`) beats a text without one."""
    parsed = parse_date(el.get("datetime") or el.get("content") or (el.get("title") if el.tag == "abbr" else None)
                        or text_of(el), tz)
    if parsed is None:
        parsed = parse_date(text_of(el), tz)
    if parsed is None or parsed.day_only:
        stamp = _data_stamp(el, tz)
        if stamp is not None and (parsed is None or _same_day(stamp, parsed)):
            return stamp
    return parsed


def _same_day(stamp: ParsedDate, day: ParsedDate) -> bool:
    """Whether the instant ``stamp`` falls on ``day`` in UTC or on ``day``'s own clock."""
    return day.dt.date() in {stamp.dt.date(), stamp.dt.astimezone(day.dt.tzinfo).date()}


_UNIX_SECONDS = re.compile(r"1\d{9}")  # 2001-2033
_ISO_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
_DATA_TIME_ATTR = re.compile(r"^data-(?:[\w-]*(?:publish|pubdate|created|posted)[\w-]*|datetime|timestamp|seconds|time)$",
                             re.I)


def _data_stamp(el: etree._Element, tz: str) -> ParsedDate | None:
    """The time a date element's ``data-`` attribute states, when its text shows only the
    day or a relative time: an ISO stamp (Habr's ``data-time_published="2019-05-06T11:30Z"``
    on "сегодня в 14:30") or Unix seconds (the BBC's ``data-seconds`` on "12 June 2015")."""
    for name, value in el.attrib.items():
        if not _DATA_TIME_ATTR.match(name):
            continue
        value = value.strip()
        if _UNIX_SECONDS.fullmatch(value):
            return ParsedDate(datetime.fromtimestamp(int(value), UTC), False, value)
        if _ISO_STAMP.match(value):
            parsed = parse_date(value, tz)
            if parsed is not None and not parsed.day_only:
                return parsed
    return None


def _visible_dates(region: etree._Element, tz: str,
                   post_id: str | None = None) -> tuple[ParsedDate | None, ParsedDate | None]:
    """Dates from <time>/itemprop elements and the byline text of the header region
    (``post_id``: the page's WordPress post, whose neighbours' dates are not its own)."""
    pub: ParsedDate | None = None
    both: ParsedDate | None = None
    mod: ParsedDate | None = None
    # Another post's teaser (a query loop of later posts under the text) dates that post.
    candidates = [el for el in _TIME_OR_ITEMPROP(region)
                  if (el.tag == "time" or (el.get("itemprop") or "").lower() in {"datepublished", "datemodified", "datecreated"}
                      or (el.tag == "abbr" and _kind(el)))
                  and not in_other_post(el, post_id)]
    for el in candidates:
        parsed = _date_of(el, tz)
        if parsed is None:
            continue
        kind = _kind(el)
        if not kind:
            label = _label_before(el, region)
            # (or its own text's: "<time>Last Updated: March 15, 2022…</time>")
            kind = "modified" if UPDATED_LABEL.search(label) or EDIT_LABEL_START.match(text_of(el)) else "published"
        if kind == "both" and both is None:
            both = parsed
        if kind == "published" and pub is None:
            pub = parsed
        # "published updated" on one <time> (Twenty* themes when never edited) is no edit.
        if kind == "modified" and mod is None:
            mod = parsed
    # One marked only as the publication beats one marked both ways, unless later:
    # "entry-date updated" (a theme's hidden hAtom stamp, the edit) above "entry-date
    # published".
    if both is not None and (pub is None or pub.dt > both.dt):
        pub = both
    # Class-hinted elements (Elementor post-info, theme byline spans), then the whole text.
    hinted = [el for el in _CLASS_OR_ID(region)
              if el.tag != "time" and _hinted(el) and not in_other_post(el, post_id)]
    if pub is not None:
        if mod is None:
            # An "Updated: ..." line beside a <time> that only has the publication date.
            for el in hinted:
                t = text_of(el)
                if len(t) <= 200 and re.search(r"\b(?:updated|modified|edited)\b", t, re.I):
                    found = _dates_in_text(t, tz)
                    cand = found[1] or (found[0] if _kind(el) == "modified" or
                                        re.match(r"^\W*(?:last\s+)?(?:updated|modified|edited)", t, re.I) else None)
                    if cand is not None and cand.dt != pub.dt:
                        mod = cand
                        break
        return pub, mod
    # The first hinted element with a publication date; an edit date met before it is
    # kept ("Aktualisiert: …" shown above "Erstellt: …"). A date that an element marked
    # "updated" holds is the edit date in the text of an element around it too (Avada's
    # meta line "By A | <span class=updated>ISO</span> September 9th, 2024").
    stamps: dict[etree._Element, frozenset[datetime]] = {}
    for el in hinted:
        if _kind(el) == "modified" and len(t := text_of(el)) <= 60:
            stamps[el] = frozenset(d.dt for d in _dates_in_text(t, tz) if d is not None)
    edited: ParsedDate | None = None
    edited_el: etree._Element | None = None
    for el in hinted:
        t = text_of(el)
        if len(t) > 200:
            continue
        inner = [sub for sub in stamps if sub is not el and holds(el, sub)]
        found = _dates_in_text(t, tz, frozenset().union(*(stamps[sub] for sub in inner)))
        if not any(found) and el.get("title") and RELATIVE_AGO.search(t):
            # "3 hours ago" with the date itself in the tooltip (timeago scripts).
            found = _dates_in_text(el.get("title") or "", tz)
        if (found[0] is None or found[0].day_only) and not found[1] and _kind(el) != "modified":
            # (the attribute on the element or one inside it: a meta list around the date)
            stamp = next((st for sub in itertools.islice(el.iter(etree.Element), 50)
                          if (st := _data_stamp(sub, tz)) is not None), None)
            if stamp is not None and (found[0] is None or _same_day(stamp, found[0])):
                found = (stamp, None)
        if found[0] and _kind(el) == "modified" and not found[1]:
            found = (None, found[0])
        if found[1] and edited is None:
            edited, edited_el = found[1], el
        if found[0]:
            return found[0], edited
    if edited is not None:
        if edited_el is not None and not EDIT_WORD.search(f"{_label_before(edited_el, region)} {text_of(edited_el)}"):
            # The one date shown, marked "updated" by class only (a theme's hAtom markup
            # on the publication date, "<span class=updated>2024. március 5.</span>").
            return edited, None
        # The publication shown in an element no class names ("<p id=story_divOrigPost>
        # Originally Posted 1/16/2008…" above "<p id=story_divUpdateDate>Last Updated on …").
        pub = _dates_in_text(" ".join(text_lines(_without_other_posts(region, post_id)))[:600], tz)[0]
        return (pub if pub is not None and pub.dt != edited.dt else None), edited
    return _dates_in_text(" ".join(text_lines(_without_other_posts(region, post_id)))[:600], tz)


def _footer_date(container: etree._Element, tz: str, post_id: str | None) -> ParsedDate | None:
    """The first publication `<time>` of the article's own footer (a ``<footer>`` or an
    entry/post footer inside the article), outside comments and other posts' teasers;
    none on a page of several entries' footers (a listing)."""
    feet = [f for f in article_footers(container) if f.tag != "footer"]
    if len({f.get("class") for f in feet}) < len(feet):
        return None
    for foot in article_footers(container):
        if in_other_post(foot, post_id):
            continue
        for el in _TIMES(foot):
            if _kind(el) == "modified":
                continue
            parsed = _date_of(el, tz)
            if parsed is not None:
                return parsed
    return None


def _permalink_date(container: etree._Element, url: str, tz: str) -> ParsedDate | None:
    """The date a link to the page itself shows as its text (a permalink), outside
    comments; None when none does or several disagree."""
    if not url:
        return None
    own = split_url(url)
    found: set[ParsedDate] = set()
    for a in container.iter("a"):
        href = (a.get("href") or "").strip()
        text = text_of(a)
        if (not href or href.startswith("#") or href.lower().startswith("javascript:")
                or not 6 <= len(text) <= 40 or not any(ch.isdigit() for ch in text)):
            continue  # (a "#" link goes nowhere: a script's button, not a permalink)
        there = split_url(join_url(url, href))
        if (there.hostname, there.path.rstrip("/"), there.query) != (own.hostname, own.path.rstrip("/"), own.query):
            continue
        if inside_noise(a):  # (a comment's permalink, a sidebar's)
            continue
        parsed = parse_date(text, tz)
        if parsed is not None:
            found.add(parsed)
    return next(iter(found)) if len({p.dt for p in found}) == 1 else None


def _date_header_before(container: etree._Element, tz: str) -> ParsedDate | None:
    """The date of a blog's date header just before the post (an element classed
    ``date-header`` preceding the container or one of its three nearest ancestors)."""
    node: etree._Element | None = container
    for _ in range(4):
        if node is None:
            return None
        for sib in node.itersiblings(preceding=True):
            if isinstance(sib.tag, str) and "date-header" in classes(sib):
                text = text_of(sib)
                return parse_date(text, tz) if len(text) <= 80 else None
        node = node.getparent()
    return None


def _without_other_posts(region: etree._Element, post_id: str | None) -> etree._Element:
    """``region``, or a copy of it without other posts' teasers when it holds any."""
    if in_other_post(region, post_id) or not other_posts(region, post_id):
        return region
    copy = deepcopy(region)
    for el in other_posts(copy, post_id):
        if el.getparent() is not None:
            drop_tree(el)
    return copy


def _dates_in_text(
    text: str, tz: str, edits: frozenset[datetime] = frozenset()
) -> tuple[ParsedDate | None, ParsedDate | None]:
    """'Published: X Updated: Y' or a lone date in a byline text. ``edits``: times known
    to be the edit date (an element marked "updated" inside this text)."""
    hits: list[tuple[int, ParsedDate]] = []
    text = to_gregorian(text, tz)
    for idx, pattern in enumerate(_PATTERNS):
        for m in pattern.finditer(text):
            at, parsed = _read_match(text, m, idx, tz)
            if parsed and not any(abs(start - at) < 3 for start, _ in hits):
                hits.append((at, parsed))
    if not hits:
        return None, None
    hits.sort(key=lambda h: h[0])
    pub = mod = labelled = None
    for start, parsed in hits:
        before = text[max(0, start - 30):start]
        if UPDATED_LABEL.search(before) or parsed.dt in edits:
            mod = mod or parsed
        else:
            pub = pub or parsed
            if labelled is None and PUBLISHED_LABEL.search(before):
                labelled = parsed
    # A date labelled as the publication beats an unlabelled one before it (the day a
    # masthead shows the page served, "06 মার্চ ২০২৪", above "প্রকাশ : ১২ নভেম্বর ২০১৯").
    return labelled or pub, mod


def _present(parsed: ParsedDate | None, tz: str, cands: Iterable[tuple[str, str]] = ()) -> ParsedDate | None:
    """A UTC timestamp shown in the publisher's clock; any other offset kept as the source
    gave it.

    WordPress/Yoast print machine UTC stamps (post_date_gmt) while the site shows local
    time (post_date): the same instant written the way the publisher dates the story, in
    the offset another source of the page (``cands``) states for that instant
    ("2021-04-07T18:02:51-07:00" beside JSON-LD's "2021-04-08T01:02:51Z"), else in the
    site's zone; in UTC when no zone is known. The raw string stays in ``*_raw``.
    """
    if parsed is None or on_page_clock(parsed) or parsed.dt.utcoffset() != timedelta(0):
        return parsed
    for raw, _source in cands:
        other = parse_date(raw, tz)
        if (other is not None and not other.day_only and other.dt == parsed.dt
                and other.dt.utcoffset() != timedelta(0) and _states_offset(raw)):
            return ParsedDate(other.dt, parsed.day_only, parsed.raw)
    if tz == NO_ZONE:
        return parsed
    local = parsed.dt.astimezone(_zone(tz))
    fixed = local.replace(tzinfo=timezone(local.utcoffset() or timedelta(0)))
    return ParsedDate(fixed, parsed.day_only, parsed.raw)


def _shown_times(region: etree._Element, post_id: str | None) -> list[str]:
    """The publication times a region shows: each ``<time>``'s ``datetime``, text and
    tooltip (a modified one and other posts' left out)."""
    out = []
    for el in _TIMES(region):
        if _kind(el) != "modified" and not in_other_post(el, post_id):
            out += [v for v in (el.get("datetime"), text_of(el), el.get("title")) if v]
    return out


# A time of day alone: a link's tooltip ("9:17 pm": Twenty Ten's permalink), or said after
# "at" in a byline line ("Posted by A at 11:42 pm", "日時 09:14").
_TIME_OF_DAY = r"(?P<hour>[0-2]?\d)[:.](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\.?)?"
_LONE_TIME = re.compile(_TIME_OF_DAY + r"$", re.I)
_TIME_AT = re.compile(r"(?:\bat|\bum|\bà|\bàs|\ba\s+las|\balle|\bom|@|日時|時間)\s*" + _TIME_OF_DAY
                      + r"(?![\d:.])", re.I)


def _time_of_day_shown(scopes: Iterable[etree._Element], day: ParsedDate, tz: str,
                       edit: ParsedDate | None = None) -> ParsedDate | None:
    """``day`` (a date read without its time) at the one time of day the article's
    header and footers show for it: a time alone (a link's tooltip, "at 11:42 pm" in a
    byline line) or a date-time of that day ("14.03.2016 12:35" below a masthead's
    "14 марта 2016"; "publicada el 16 de marzo de 2010 a las 19:42"); None when they
    show none or several, or only the time of the last edit (``edit``)."""
    found: dict[tuple[int, int], ParsedDate] = {}

    def add(m: re.Match) -> None:
        timed = _build(day.dt.year, day.dt.month, day.dt.day, int(m["hour"]), int(m["minute"]),
                       int(m["second"]) if m["second"] else None, m["ampm"], None, tz, day.raw)
        if timed is not None:
            found[(timed.dt.hour, timed.dt.minute)] = timed

    for scope in scopes:
        for el in scope.iter(etree.Element):
            title = el.get("title")
            m = _LONE_TIME.match(title.strip()) if title and len(title) <= 12 else None
            if m:
                add(m)
        for line in text_lines(scope):
            if len(line) > 160 or EDIT_WORD.search(line):
                continue
            dated = parse_date(line, tz)
            if dated is None:
                for m in _TIME_AT.finditer(line):
                    add(m)
            elif not dated.day_only and dated.dt.date() == day.dt.date():
                found[(dated.dt.hour, dated.dt.minute)] = ParsedDate(dated.dt, False, day.raw)
    if edit is not None and not edit.day_only:
        found = {k: v for k, v in found.items() if abs(v.dt - edit.dt) >= timedelta(minutes=1)}
    return next(iter(found.values())) if len(found) == 1 else None


def _on_shown_clock(parsed: ParsedDate, shown: Iterable[str]) -> ParsedDate:
    """A UTC stamp in the offset of the first time the page shows for it: one stating a
    non-zero offset for the same instant, or a wall clock ("Aug 19, 2020 at 5:01 AM"
    beside 09:01Z: -04:00) whose gap to the stamp is a whole zone offset."""
    # (A shown clock without seconds is the stamp's minute: "5:00 a.m." for 09:00:12Z.)
    stamp = parsed.dt.astimezone(UTC).replace(tzinfo=None)
    for raw in shown:
        wall = parse_date(raw, "UTC")
        if wall is None or wall.day_only:
            continue
        clock = stamp.replace(second=0) if wall.dt.second == 0 else stamp
        if _states_offset(raw):
            offset = wall.dt.utcoffset()
            if offset and wall.dt.astimezone(UTC).replace(tzinfo=None) == clock:
                return ParsedDate(parsed.dt.astimezone(timezone(offset)), False, parsed.raw)
            continue
        gap = wall.dt.replace(tzinfo=None) - clock
        if gap and gap % timedelta(minutes=15) == timedelta(0) and abs(gap) <= timedelta(hours=14):
            return ParsedDate(parsed.dt.astimezone(timezone(gap)), False, parsed.raw)
    return parsed


def _shows_instant(shown: ParsedDate, stamp: ParsedDate) -> bool:
    """Whether a time the page shows may be ``stamp`` on some clock: the same instant when
    it states its offset, else a wall clock a whole zone offset from it (01:45 shown for
    01:45:30Z is that stamp in London, whichever of the autumn's two 01:45s it is)."""
    if _states_offset(shown.raw):
        return abs(shown.dt - stamp.dt) < timedelta(minutes=1)
    wall = shown.dt.replace(tzinfo=None)
    utc = stamp.dt.astimezone(UTC).replace(tzinfo=None)
    if wall.second == 0:
        utc = utc.replace(second=0)
    gap = wall - utc
    return gap % timedelta(minutes=15) == timedelta(0) and abs(gap) <= timedelta(hours=14)


def _not_the_edit_stamp(out: Dates, pub_cands: list[tuple[str, str]], tz: str) -> None:
    """A published time equal to the modified time, where another publication source
    of the page is earlier, is the CMS's last-save stamp written into the wrong field
    (microdata ``datePublished`` = ``article:modified_time``): the earliest other one
    is the publication."""
    if out.published is None or out.modified is None or out.published.dt != out.modified.dt:
        return
    earlier = []
    for raw, source in pub_cands:
        parsed = parse_date(raw, tz)
        # (a minute apart at least: the same stamp written with and without its fraction
        # of a second is one time)
        if parsed and not parsed.day_only and parsed.dt < out.published.dt - timedelta(minutes=1):
            earlier.append((parsed.dt, parsed, source))
    if earlier:
        _dt, parsed, source = min(earlier, key=lambda e: e[0])
        out.published, out.sources["published"] = parsed, source


def _timed_same_day(parsed: ParsedDate | None, cands: list[tuple[str, str]],
                    tz: str) -> tuple[ParsedDate, str] | None:
    """A source's time of the day another, more trusted source gives without a time
    (microdata "2024-09-10", meta "2024-09-10T07:40:00+03:00"), with that source."""
    if parsed is None or not parsed.day_only:
        return None
    for raw, source in cands:
        other = parse_date(raw, tz)
        if other is not None and not other.day_only and other.dt.date() == parsed.dt.date():
            return other, source
    return None


@lru_cache(maxsize=1024)
def _states_offset(raw: str) -> bool:
    """Whether a date-time string says its own offset: then it reads the same whatever
    zone it is read in (any two zones of different offsets tell)."""
    # (cached: the UTC-stamp readers ask it of the same few candidates of a page)
    return parse_date(raw, "UTC") == parse_date(raw, "Asia/Tokyo")


def _clock_of_stated_instant(parsed: ParsedDate | None, cands: list[tuple[str, str]],
                             tz: str) -> ParsedDate | None:
    """A time written without its offset ("2024-03-04 14:05:00" in JSON-LD) where another
    source states the instant ("07:05:00+00:00"): the wall clock with the offset that
    makes it that instant (+07:00), when the two differ by a zone's offset (else it is
    left as it was). The zone guessed from the page's language is only a guess."""
    if parsed is None or parsed.day_only or _states_offset(parsed.raw):
        return parsed  # no time, or the offset was written
    for raw, _source in cands:
        other = parse_date(raw, "UTC")
        if other is None or other.day_only or not _states_offset(raw):
            continue  # no time, or written without its offset too
        gap = parsed.dt.replace(tzinfo=None) - other.dt.astimezone(UTC).replace(tzinfo=None)
        if gap % timedelta(minutes=15) == timedelta(0) and abs(gap) <= timedelta(hours=14):
            return ParsedDate(parsed.dt.replace(tzinfo=timezone(gap)), False, parsed.raw)
        return parsed
    return parsed


def _local_of_mislabelled_utc(parsed: ParsedDate | None, cands: list[tuple[str, str]],
                              tz: str) -> tuple[ParsedDate, str] | None:
    """Another source's stamp with the same clock time as ``parsed`` and an offset, when
    ``parsed`` says UTC: WordPress before 5.3 printed the local time marked "+00:00" in
    themes' <time> and microdata, while the SEO plugin's meta tag has the real offset."""
    if parsed is None or parsed.day_only or on_page_clock(parsed) or parsed.dt.utcoffset() != timedelta(0):
        return None
    wall = parsed.dt.replace(tzinfo=None)
    for raw, source in cands:
        other = parse_date(raw, tz)
        if (other is not None and not other.day_only and not on_page_clock(other)
                and other.dt.utcoffset() != timedelta(0) and other.dt.replace(tzinfo=None) == wall):
            return other, source
    return None


def find_dates(md: Metadata, container: etree._Element, url: str, tz: str) -> Dates:
    """The published/modified dates of the page, most trusted source first."""
    out = Dates()
    pub_cands: list[tuple[str, str]] = []
    mod_cands: list[tuple[str, str]] = []
    for node, source in ((md.article, "jsonld"), (md.microdata, "meta")):
        if node:
            for key in ("datePublished", "dateCreated", "uploadDate"):
                v = as_text(node.get(key))
                if v:
                    pub_cands.append((v, source))
                    break
            v = as_text(node.get("dateModified"))
            if v:
                mod_cands.append((v, source))
    if md.webpage and not md.article:
        # Static pages and some themes put the dates on the WebPage node only.
        v = as_text(md.webpage.get("datePublished"))
        if v:
            pub_cands.append((v, "jsonld"))
        v = as_text(md.webpage.get("dateModified"))
        if v:
            mod_cands.append((v, "jsonld"))
    for key in PUBLISHED_META:
        for v in md.get_all(key):
            pub_cands.append((v, "meta"))
    for key in MODIFIED_META:
        for v in md.get_all(key):
            mod_cands.append((v, "meta"))

    for raw, source in pub_cands:
        parsed = parse_date(raw, tz)
        if parsed:
            out.published, out.sources["published"] = parsed, source
            break
    for raw, source in mod_cands:
        parsed = parse_date(raw, tz)
        if parsed:
            out.modified, out.sources["modified"] = parsed, source
            break
    for key, cands in (("published", pub_cands), ("modified", mod_cands)):
        local = _local_of_mislabelled_utc(getattr(out, key), cands, tz)
        if local is not None:
            setattr(out, key, local[0])
            out.sources[key] = local[1]
    _not_the_edit_stamp(out, pub_cands, tz)
    for key, cands in (("published", pub_cands), ("modified", mod_cands)):
        timed = _timed_same_day(getattr(out, key), cands, tz)
        if timed is not None:
            setattr(out, key, timed[0])
            out.sources[key] = timed[1]
    out.published = _clock_of_stated_instant(out.published, pub_cands, tz)
    out.modified = _clock_of_stated_instant(out.modified, mod_cands, tz)
    if pub_cands and out.published is None:
        out.problems.append(f"unreadable published date {pub_cands[0][0]!r}")

    if out.published is None and md.hentry and _states_offset(md.hentry.get("published") or ""):
        # The hAtom entry's machine-readable time (<abbr class="published" title="ISO">:
        # Movable Type, Pelican) before any shown text, which names no offset.
        parsed = parse_date(md.hentry["published"], tz)
        if parsed:
            out.published, out.sources["published"] = parsed, "meta"
    utc_stamp = (out.published is not None and not on_page_clock(out.published)
                 and out.published.dt.utcoffset() == timedelta(0))
    # (Publication and last edit one stamp in every machine source: the CMS rewrote the
    # publication date at the edit.)
    one_stamp = (out.published is not None and out.modified is not None and not out.published.day_only
                 and out.published.dt == out.modified.dt)
    vpub = vmod = None
    if out.published is None or out.modified is None or utc_stamp or one_stamp:
        try:
            region = header_region(container)
            vpub, vmod = _visible_dates(region, tz, page_post_id(md.body_classes))
        except Exception as exc:  # noqa: BLE001
            out.problems.append(f"visible dates: {exc}")
        if out.published is None and vpub is None:
            # The top of the content element, when the header region (outside it) shows no date.
            top = content_top_region(container)
            if top is not None:
                tpub, tmod = _visible_dates(top, tz, page_post_id(md.body_classes))
                if tpub is not None:
                    vpub, vmod = tpub, vmod or tmod
        if out.published is None and vpub:
            out.published, out.sources["published"] = vpub, "visible"
        elif (one_stamp and vpub is not None and not vpub.day_only and out.published is not None
              and vpub.dt < out.published.dt - timedelta(minutes=1) and not _shows_instant(vpub, out.published)):
            # The header shows an earlier first publication beside the edit ("Last
            # Updated: … First Published: March 14, 2022 at 5:12 p.m. ET", MarketWatch).
            out.published, out.sources["published"] = vpub, "visible"
            utc_stamp = False
        if out.modified is None and vmod and out.sources.get("published") in ("visible", None):
            # A visible "Updated" only counts when metadata did not give the dates.
            out.modified, out.sources["modified"] = vmod, "visible"
    if out.published is None and md.hentry and md.hentry.get("published"):
        # The hAtom entry's publication time (Blogger's footer "at 5:11 AM"), when the
        # page gives no other. (Not its "updated": themes print it equal to the
        # publication.)
        parsed = parse_date(md.hentry["published"], tz)
        if parsed:
            out.published, out.sources["published"] = parsed, "meta"
    if out.published is None:
        # The article's own footer ("This entry was posted in … on <time>": Twenty Ten to
        # Twelve print the date there only), never a comment's.
        fpub = _footer_date(container, tz, page_post_id(md.body_classes))
        if fpub is not None:
            out.published, out.sources["published"] = fpub, "visible"
    if out.published is None:
        # A link to the page itself whose text is a date (a Tumblr theme's permalink
        # "March 14, 2012" in the post's meta row).
        dated = _permalink_date(container, url, tz)
        if dated is not None:
            out.published, out.sources["published"] = dated, "visible"
    if out.published is None:
        # A blog's date header above the post's box (Blogger: h2.date-header before the
        # "date-posts" that hold the post), outside the container.
        dated = _date_header_before(container, tz)
        if dated is not None:
            out.published, out.sources["published"] = dated, "visible"
    if out.published is None:
        udate = _url_date(url, tz)
        if udate:
            out.published, out.sources["published"] = udate, "url"
    if out.published is not None and out.published.day_only and out.sources.get("published") in ("visible", "meta", "url"):
        # The day without its time (a blog's date header): the time its byline or
        # permalink shows ("Posted by A at 11:42 pm").
        post_id = page_post_id(md.body_classes)
        scopes = [header_region(container), *(f for f in article_footers(container) if not in_other_post(f, post_id))]
        timed = _time_of_day_shown(scopes, out.published, tz, out.modified)
        if timed is not None:
            out.published = timed
    if out.published is None and out.modified is not None and out.sources.get("modified") == "visible":
        # A page that shows only "Last updated: …" (no other date anywhere): the story is
        # no later than that, and an undated record drops out of every date facet.
        out.published, out.sources["published"] = out.modified, "updated"
        out.problems.append("published: the page shows only its last update; that time is given")

    if utc_stamp:
        post_id = page_post_id(md.body_classes)
        shown = [vpub.raw] if vpub is not None else []
        shown += _shown_times(header_region(container), post_id)
        for foot in article_footers(container):
            shown += _shown_times(foot, post_id)
        out.published = _on_shown_clock(out.published, shown)
    if (vmod is not None and out.modified is not None and not on_page_clock(out.modified)
            and out.modified.dt.utcoffset() == timedelta(0)):
        # The edit's UTC stamp on the clock the page shows for the edit ("Last Updated:
        # March 15, 2022 at 9:30 a.m. ET" beside 13:30Z).
        out.modified = _on_shown_clock(out.modified, [vmod.raw])
    out.published = _present(out.published, tz, pub_cands)
    out.modified = _present(out.modified, tz, mod_cands)
    if out.published and out.published.day_only:
        out.problems.append("published: only the day was known (midnight local time assumed)")
    if out.modified and out.modified.day_only:
        out.problems.append("modified: only the day was known (midnight local time assumed)")
    if out.published and out.modified and out.modified.dt < out.published.dt:
        out.problems.append(
            f"modified {out.modified.iso} earlier than published {out.published.iso}: dropped"
        )
        out.modified = None
        out.sources.pop("modified", None)
    return out


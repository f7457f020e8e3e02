"""Dates of other calendars and scripts, rewritten as the Gregorian text the date
patterns of `dates` read.

Local digits (Arabic-Indic, Persian, Devanagari, Bengali, Thai, Khmer… every Unicode
decimal digit) become ASCII; era years become Gregorian ones: Japan's (令和5年 → 2023年),
the Republic of China's (民國113年, and "113/06/18" on a page read in Taipei's zone), the
Thai Buddhist era (พ.ศ. 2567, and any 25xx year on a Thai page); and a Solar Hijri day
(Iran, Afghanistan: "۲۵ تیر ۱۳۹۸", "1398/04/25" on a page read in their zones) becomes
its Gregorian day (by `jdatetime`). Pure functions on strings.
"""

from __future__ import annotations

import re
import unicodedata

from .vocabulary import AMPM_WORDS, JAPANESE_ERAS, SOLAR_HIJRI_MONTHS, THAI_MONTHS, TIME_AT_WORDS

__all__ = ["ascii_digits", "to_gregorian"]

_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December")


class _Digits(dict[int, int]):
    """A `str.translate` table filled as characters are met: a decimal digit of any
    script (category Nd) to its ASCII digit, anything else to itself."""

    def __missing__(self, cp: int) -> int:
        ch = chr(cp)
        self[cp] = ord("0") + unicodedata.decimal(ch) if unicodedata.category(ch) == "Nd" else cp
        return self[cp]


_DIGITS = _Digits()


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of any script written as an ASCII digit."""
    return text if text.isascii() else text.translate(_DIGITS)


def _alternation(months: dict[int, tuple[str, ...]]) -> str:
    names = sorted((n for ns in months.values() for n in ns), key=len, reverse=True)
    return "|".join(re.escape(n) for n in names)


_MONTH_OF = {name: n for months in (THAI_MONTHS, SOLAR_HIJRI_MONTHS) for n, names in months.items() for name in names}
_ERA = re.compile(r"(" + "|".join(JAPANESE_ERAS) + r")\s*(元|\d{1,2})\s*年")
_MINGUO = re.compile(r"(?:中華)?民[國国]\s*(\d{1,3})\s*年")
_ROC_NUMERIC = re.compile(r"(?<![\d/.\-])(\d{2,3})([/.\-])(\d{1,2})\2(\d{1,2})(?![\d/.\-])")
_THAI = re.compile(r"(\d{1,2})\s*(" + _alternation(THAI_MONTHS) + r")\s*(?:พ\.\s?ศ\.\s*)?(\d{4})")
_BUDDHIST_YEAR = re.compile(r"(?<!\d)(25\d\d)(?!\d)")
_HIJRI_NAMED = re.compile(r"(\d{1,2})\s*(" + _alternation(SOLAR_HIJRI_MONTHS) + r")\s*(1[2-4]\d\d)(?!\d)")
_HIJRI_NUMERIC = re.compile(r"(?<![\d/.\-])(1[34]\d\d)([/.\-])(\d{1,2})\2(\d{1,2})(?![\d/.\-])")
_AT = re.compile(r"\s*(?:" + "|".join(TIME_AT_WORDS) + r")\s*")
_AMPM = re.compile(r"\s*(" + "|".join(AMPM_WORDS) + r")")
_HIJRI_ZONES = frozenset({"Asia/Tehran", "Asia/Kabul"})
# The zones whose pages write other calendars' years in plain digits.
_NUMERIC_ZONES = _HIJRI_ZONES | {"Asia/Taipei", "Asia/Bangkok"}


def _solar_hijri(year: int, month: int, day: int) -> str | None:
    """The Gregorian day of a Solar Hijri date, as English text; None if there is no such day."""
    import jdatetime  # (only pages of Iran and Afghanistan need it)

    try:
        g = jdatetime.date(year, month, day).togregorian()
    except ValueError:
        return None
    return f"{g.day} {_ENGLISH_MONTHS[g.month - 1]} {g.year}"


def to_gregorian(text: str, tz: str = "") -> str:
    """``text`` with its dates written in Gregorian years and ASCII digits (``tz``: the
    zone the page is read in, which tells Taiwan's, Thailand's and Iran's bare numbers)."""
    if text.isascii() and tz not in _NUMERIC_ZONES:
        return text
    text = ascii_digits(text)
    text = _ERA.sub(lambda m: f"{JAPANESE_ERAS[m[1]] + (1 if m[2] == '元' else int(m[2]))}年", text)
    text = _MINGUO.sub(lambda m: f"{1911 + int(m[1])}年", text)
    if tz == "Asia/Taipei":
        text = _ROC_NUMERIC.sub(lambda m: f"{1911 + int(m[1])}{m[2]}{int(m[3]):02d}{m[2]}{int(m[4]):02d}"
                                if 1 <= int(m[1]) <= 150 else m[0], text)

    def thai(m: re.Match) -> str:
        year = int(m[3])
        return f"{m[1]} {_ENGLISH_MONTHS[_MONTH_OF[m[2]] - 1]} {year - 543 if year > 2400 else year}"

    text = _THAI.sub(thai, text)
    if tz == "Asia/Bangkok":
        text = _BUDDHIST_YEAR.sub(lambda m: str(int(m[1]) - 543), text)

    def hijri(m: re.Match) -> str:
        return _solar_hijri(int(m[3]), _MONTH_OF[m[2]], int(m[1])) or m[0]

    text = _HIJRI_NAMED.sub(hijri, text)
    if tz in _HIJRI_ZONES:
        text = _HIJRI_NUMERIC.sub(lambda m: _solar_hijri(int(m[1]), int(m[3]), int(m[4])) or m[0], text)
    text = _AMPM.sub(lambda m: f" {AMPM_WORDS[m[1]]}", text)
    return _AT.sub(" at ", text)

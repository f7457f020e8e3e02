"""Dates of other calendars and scripts (newscrawl/extract/calendars.py), and the dates
the extractor reads from them."""

from __future__ import annotations

import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.calendars import ascii_digits, to_gregorian
from newscrawl.extract.dates import parse_date


def test_every_scripts_digits_become_ascii():
    assert ascii_digits("١٤-٩-٢٠٢١ | ١٧:٤٥") == "14-9-2021 | 17:45"  # Arabic-Indic
    assert ascii_digits("۲۵ تیر ۱۳۹۸") == "25 تیر 1398"  # Persian
    assert ascii_digits("५ मार्च २०२४ ১২ ๒๕๖๗ ២០២២") == "5 मार्च 2024 12 2567 2022"  # Devanagari, Bengali, Thai, Khmer
    assert ascii_digits("plain 2024") == "plain 2024"


@pytest.mark.parametrize("shown, tz, gregorian", [
    ("令和5年11月28日", "", "2023年11月28日"),
    ("登録日：平成30年7月10日", "", "登録日：2018年7月10日"),
    ("令和元年5月1日", "", "2019年5月1日"),
    ("中華民國108年9月23日", "", "2019年9月23日"),
    ("發布日期：113/06/18", "Asia/Taipei", "發布日期：2024/06/18"),
    ("發布日期：113/06/18", "", "發布日期：113/06/18"),  # three-digit years only on Taiwan's pages
    ("วันพุธที่ 24 มิถุนายน พ.ศ. 2558 เวลา 14:20:15 น.", "", "วันพุธที่ 24 June 2015 at 14:20:15 น."),
    ("5 มี.ค. 2567 14:30 น.", "Asia/Bangkok", "5 March 2024 14:30 น."),
    ("سه‌شنبه ۲۵ تیر ۱۳۹۸ - ۰۹:۱۲", "Asia/Tehran", "سه‌شنبه 16 July 2019 - 09:12"),
    ("۱۴ اسفند ۱۴۰۲", "", "4 March 2024"),  # 1 Farvardin 1403 fell on 20 March 2024
    ("1398/04/25", "Asia/Tehran", "16 July 2019"),
    ("প্রকাশ : ১২ নভেম্বর ২০১৯, ০৯:২৫ পিএম", "", "প্রকাশ : 12 নভেম্বর 2019, 09:25 pm"),
])
def test_other_calendars_years_become_gregorian(shown, tz, gregorian):
    assert to_gregorian(shown, tz) == gregorian


@pytest.mark.parametrize("shown, tz, iso", [
    ("١٤-٩-٢٠٢١ | ١٧:٤٥", "Africa/Cairo", "2021-09-14T17:45:00+02:00"),
    ("سه‌شنبه ۲۵ تیر ۱۳۹۸ ساعت ۰۹:۱۲", "Asia/Tehran", "2019-07-16T09:12:00+04:30"),  # Iran's summer time then
    ("প্রকাশ : ১২ নভেম্বর ২০১৯, ০৯:২৫ পিএম", "Asia/Dhaka", "2019-11-12T21:25:00+06:00"),
    ("令和5年11月28日", "Asia/Tokyo", "2023-11-28T00:00:00+09:00"),
    ("5 มี.ค. 2567 14:30 น.", "Asia/Bangkok", "2024-03-05T14:30:00+07:00"),
    ("٥ مارس ٢٠٢٤", "Africa/Cairo", "2024-03-05T00:00:00+02:00"),
])
def test_parse_date_reads_them(shown, tz, iso):
    assert parse_date(shown, tz).iso == iso


def test_a_dashed_day_of_no_known_country_that_could_be_either_is_not_guessed():
    assert parse_date("01-08-2008", "") is None  # 1 August or January 8
    assert parse_date("17-01-2008", "").iso == "2008-01-17T00:00:00"
    assert parse_date("01-08-2008", "Europe/Istanbul").iso.startswith("2008-08-01")


def test_the_publication_label_beats_the_day_the_masthead_shows():
    # A Bangladeshi paper: the top bar shows the day the page was served.
    paras = "".join(f"<p>কুড়িগ্রামে বন্যার পানি কমতে শুরু করেছে, অনুচ্ছেদ {i}।</p>" for i in range(6))
    page = ("<!doctype html><html lang='bn'><head><title>বন্যা</title></head><body>"
            "<div class='top-bar'><div class='date-today'>ঢাকা, বুধবার, ০৬ মার্চ ২০২৪</div></div>"
            "<article><h1>বন্যার পানি কমছে</h1><div class='dtl_pub_time'><span>প্রকাশ : ১২ নভেম্বর ২০১৯, "
            f"০৯:২৫ পিএম</span></div>{paras}</article></body></html>")
    art = extract_article(page, "https://www.jugantor.com/country-news/123")
    assert art.published == "2019-11-12T21:25:00"  # (a .com page in "bn": no zone known)


def test_an_edit_label_in_japanese_makes_the_edit_date():
    paras = "".join(f"<p>県は農村の担い手確保に向けた新しい支援策を発表した。第{i}段落。</p>" for i in range(6))
    page = ("<!doctype html><html lang='ja'><head><title>支援策</title></head><body><div id='tmp_contents'>"
            "<h1>担い手確保の支援策</h1><p class='update'>更新日：令和5年12月1日</p>"
            f"<p class='date'>令和5年11月28日</p>{paras}</div></body></html>")
    art = extract_article(page, "https://www.pref.gifu.lg.jp/page/312456.html")
    assert art.published == "2023-11-28T00:00:00+09:00"
    assert art.modified == "2023-12-01T00:00:00+09:00"

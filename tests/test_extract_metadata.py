"""Unit tests of the metadata helpers: decoding, JSON-LD, dates, authors, titles, media."""

from __future__ import annotations

import pytest

from newscrawl.extract.authors import clean_author, is_person_name
from newscrawl.extract.cfemail import decode_cfemail, decode_cfemails
from newscrawl.extract.dates import parse_date
from newscrawl.extract.decode import decode_html, read_as
from newscrawl.extract.media import registrable_host, split_credit
from newscrawl.extract.metadata import read_metadata
from newscrawl.extract.parse import parse_html
from newscrawl.extract.titles import clean_title, strip_site_name


def _cf(email: str, key: int = 0x42) -> str:
    return f"{key:02x}" + "".join(f"{ord(c) ^ key:02x}" for c in email)


# --- decoding and parsing ----------------------------------------------------------------


def test_decode_follows_the_declaration_as_scrapy_does():
    # The HTTP header wins over the page's declaration; UTF-8 is guessed when nothing is declared.
    page = '<meta charset="utf-8"><p>caf\xe9 \x96 \x93quoted\x94</p>'.encode("latin-1")
    assert "café – “quoted”" in decode_html(page, "text/html; charset=windows-1252")
    assert "café" in decode_html("<p>café</p>".encode())
    # Other declared codecs are taken at their word, as Scrapy and browsers take them.
    assert "кофе" in decode_html('<meta charset="koi8-r"><p>кофе</p>'.encode("koi8-r"))


@pytest.mark.parametrize("label", ["iso-8859-1", "latin1", "windows-1252", "us-ascii"])
def test_utf8_bytes_labelled_western_single_byte_read_as_utf8(label):
    # A site moved to UTF-8 that kept its old label (or its server's default): read the
    # label's way every accented letter becomes two ("cafÃ©"). Strict UTF-8 with non-ASCII
    # bytes is read as UTF-8, in the page's meta or the HTTP header alike, and the crawl's
    # middleware reads the response the same way, so a re-parse matches the crawl.
    page = f'<meta charset="{label}"><p>café – “quoted”</p>'.encode()
    assert "café – “quoted”" in decode_html(page)
    assert "café – “quoted”" in decode_html(page[len(f'<meta charset="{label}">'):], f"text/html; charset={label}")
    assert read_as(label, page) == "utf-8"
    # Real Western bytes (not valid UTF-8) and pure ASCII keep their label; other labels
    # are never second-guessed.
    assert read_as(label, "<p>caf\xe9</p>".encode("latin-1")) == label
    assert read_as(label, b"<p>cafe</p>") == label
    assert read_as("koi8-r", "é".encode()) == "koi8-r"


def test_decode_returns_text_unchanged():
    assert decode_html("<p>\ufeffé</p>", "text/html; charset=latin-1") == "<p>\ufeffé</p>"


def test_decode_cp1252_bytes():
    page = '<html><head><meta charset="windows-1252"></head><p>It’s £5 – “cheap”</p></html>'.encode("cp1252")
    assert "It’s £5 – “cheap”" in decode_html(page)


def test_decode_cp1252_without_declaration_falls_back():
    page = "<p>Caf\xe9 \x93quoted\x94</p>".encode("latin-1")
    assert "Café “quoted”" in decode_html(page)


@pytest.mark.parametrize("declared", ["rot13", "zlib", "base64", "idna", "utf-7", "x-no-such-thing"])
def test_decode_passes_over_codecs_no_page_is_in(declared):
    # Scrapy decodes with whatever Python resolves the label to (rot13 garbles the page,
    # zlib or base64 raise); browsers pass over labels the Encoding Standard lacks.
    page = f'<meta charset="{declared}"><p>café – “quoted”</p>'.encode()
    assert "café – “quoted”" in decode_html(page)
    assert "café – “quoted”" in decode_html("<p>café – “quoted”</p>".encode(), f"text/html; charset={declared}")
    # A real declaration still wins over detection.
    assert "caf\u201a" in decode_html("<p>caf\x82</p>".encode("latin-1"), "text/html; charset=iso-8859-1")


def test_web_encoding_middleware():
    from scrapy.exceptions import NotConfigured
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from newscrawl.crawl.encoding import WebEncodingMiddleware

    mw = WebEncodingMiddleware.from_crawler(get_crawler())
    body = '<meta charset="rot13"><p>café</p>'.encode()
    url = "http://127.0.0.1/a/"
    response = HtmlResponse(url, body=body, request=Request(url))
    fixed = mw.process_response(response.request, response)
    assert fixed.encoding == "utf-8" and "café" in fixed.text and fixed.body == body
    sane = HtmlResponse(url, body=b"<p>caf\xe9</p>", headers={"Content-Type": "text/html; charset=latin-1"})
    assert mw.process_response(sane.request, sane) is sane
    moved = HtmlResponse(url, body="<p>café</p>".encode(), headers={"Content-Type": "text/html; charset=latin-1"})
    fixed = mw.process_response(moved.request, moved)
    assert fixed.encoding == "utf-8" and "café" in fixed.text
    with pytest.raises(NotConfigured):
        WebEncodingMiddleware.from_crawler(get_crawler(settings_dict={"NEWSCRAWL_WEB_ENCODING": False}))


def test_decode_http_charset_and_bom():
    assert decode_html("ü".encode("utf-16"), None) == "ü"
    assert decode_html(b"\xef\xbb\xbf<p>x</p>") == "<p>x</p>"
    assert "é" in decode_html("<p>é</p>".encode("iso-8859-15"), "text/html; charset=ISO-8859-15")


@pytest.mark.parametrize(
    ("page", "text", "problems"),
    [
        ("", "", ["empty document"]),
        (b"", "", ["empty document"]),
        ("   ", "", ["empty document"]),
        ("<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>", "x", []),
        (b"<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>", "x", []),
        ("<p>fragment only", "fragment only", []),
        ("\x00\x01<html><body>nul</body>", "nul", []),
        ("<html><body><div><div><div></body>", "", []),
        ("\udcff broken surrogate", "\ufffd broken surrogate", []),
    ],
)
def test_parse_never_raises(page, text, problems):
    root, found = parse_html(page)
    # Always <html> with exactly <head> then <body>, whatever came in.
    assert root.tag == "html" and [child.tag for child in root] == ["head", "body"]
    assert root.find("body").text_content() == text
    assert root.find("head").text_content() == ""
    assert found == problems


# --- cloudflare --------------------------------------------------------------------------


def test_decode_cfemail_roundtrip():
    assert decode_cfemail(_cf("news@example.com")) == "news@example.com"
    assert decode_cfemail("5a363f333d321a363f333d3277353477293f3b74343f2d29") == "leigh@leigh-on-sea.news"
    assert decode_cfemail("zz") == "" and decode_cfemail("abc") == ""


def test_decode_cfemails_in_tree():
    hx = _cf("editor@example.org")
    root, _ = parse_html(
        f'<p>Email: <a href="/cdn-cgi/l/email-protection#{hx}"><span class="__cf_email__" '
        f'data-cfemail="{hx}">[email&#160;protected]</span></a> or '
        f'<span class="__cf_email__" data-cfemail="{hx}">[email&#160;protected]</span>.</p>'
    )
    assert decode_cfemails(root) == 2
    p = root.find(".//p")
    assert p.text_content() == "Email: editor@example.org or editor@example.org."
    assert p.find("a").get("href") == "mailto:editor@example.org"


# --- JSON-LD -----------------------------------------------------------------------------


def test_jsonld_graph_resolves_ids_and_picks_article():
    root, _ = parse_html(
        """<script type="application/ld+json">{"@graph":[
        {"@type":"WebPage","@id":"https://x.test/a/","name":"A"},
        {"@type":"Article","@id":"https://x.test/a/#article","author":{"@id":"#p1"},
         "mainEntityOfPage":{"@id":"https://x.test/a/"},"headline":"A","datePublished":"2024-01-01"},
        {"@type":"Person","@id":"#p1","name":"Jo Bloggs"},
        {"@type":"WebSite","@id":"#w","name":"X News"}]}</script>"""
    )
    md = read_metadata(root, "https://x.test/a/")
    assert md.article["headline"] == "A"
    assert md.resolve(md.article["author"])["name"] == "Jo Bloggs"
    assert md.website["name"] == "X News" and "X News" in md.site_names()


def test_broken_jsonld_is_reported_and_others_survive():
    root, _ = parse_html(
        """<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ok",}</script>
        <script type="application/ld+json">{"@type": "Person" "name": </script>
        <script type="application/ld+json"><!-- {"@type":"WebSite","name":"Site"} --></script>"""
    )
    md = read_metadata(root, "https://x.test/")
    assert md.article["headline"] == "Ok"  # trailing comma tolerated
    assert md.website["name"] == "Site"  # HTML comment wrapper tolerated
    assert any("broken JSON-LD" in p for p in md.problems)


def test_microdata_article():
    root, _ = parse_html(
        """<div itemscope itemtype="http://schema.org/NewsArticle"><h1 itemprop="headline">H</h1>
        <span itemprop="author" itemscope itemtype="http://schema.org/Person"><span itemprop="name">A B</span></span>
        <time itemprop="datePublished" datetime="2024-02-03T04:05:06Z">3 Feb</time></div>"""
    )
    md = read_metadata(root, "https://x.test/")
    assert md.microdata["headline"] == "H"
    assert md.microdata["author"]["name"] == "A B"
    assert md.microdata["datePublished"] == "2024-02-03T04:05:06Z"


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, iso, day_only",
    [
        ("2023-06-12T09:30:00+00:00", "2023-06-12T09:30:00+00:00", False),
        ("2023-06-12T09:30:00Z", "2023-06-12T09:30:00+00:00", False),
        ("2023-06-12T09:30:00.123-04:00", "2023-06-12T09:30:00-04:00", False),
        ("2023-06-12", "2023-06-12T00:00:00+01:00", True),
        ("12th June 2023", "2023-06-12T00:00:00+01:00", True),
        ("June 12, 2023 at 9:30 am", "2023-06-12T09:30:00+01:00", False),
        ("12/06/2023 09:30", "2023-06-12T09:30:00+01:00", False),
        ("Published: 3 January 2024 at 4:15 pm", "2024-01-03T16:15:00+00:00", False),
        ("Monday 27 March 2023, 3pm", "2023-03-27T15:00:00+01:00", False),
        # DST: last Sunday of March / October 2023 in London.
        ("2023-03-25 23:30", "2023-03-25T23:30:00+00:00", False),
        ("2023-03-26 09:30", "2023-03-26T09:30:00+01:00", False),
        ("28 October 2023 18:00", "2023-10-28T18:00:00+01:00", False),
        ("29 October 2023 18:00", "2023-10-29T18:00:00+00:00", False),
        ("12 June 2023 14:00 GMT", "2023-06-12T14:00:00+00:00", False),
        # other languages' month names, joiners and clocks
        ("Publié le 3 mai 2024 à 10h15", "2024-05-03T10:15:00+01:00", False),
        ("3. Mai 2024, 14:30 Uhr", "2024-05-03T14:30:00+01:00", False),
        ("2024. március 5. 14:30", "2024-03-05T14:30:00+00:00", False),
        ("5. března 2024", "2024-03-05T00:00:00+00:00", True),
        ("10 septembrie 2024, 07:40", "2024-09-10T07:40:00+01:00", False),
        ("5 Maret 2024 14:32", "2024-03-05T14:32:00+00:00", False),
        ("23. september 2024", "2024-09-23T00:00:00+01:00", True),
        ("5 Μαρτίου 2024", "2024-03-05T00:00:00+00:00", True),
        ("3 de mayo de 2024 a las 10:15", "2024-05-03T10:15:00+01:00", False),
        ("Pubblicato il 3 maggio 2024 alle 10:15", "2024-05-03T10:15:00+01:00", False),
        ("Publicado em 03/05/2024 10h15", "2024-05-03T10:15:00+01:00", False),
        ("Gepubliceerd: 3 mei 2024", "2024-05-03T00:00:00+01:00", True),
        ("3 janv. 2024", "2024-01-03T00:00:00+00:00", True),
        ("2024年5月3日 10時15分", "2024-05-03T10:15:00+01:00", False),
        ("2024년 5월 3일", "2024-05-03T00:00:00+01:00", True),
        # zone abbreviations, as printed (a server's "EST" in summer is taken at its word);
        # "ET" follows New York's clock; French "est" is a word, not a zone
        ("Tuesday, March 03, 2015 @ 14:22:10 CST", "2015-03-03T14:22:10-06:00", False),
        ("Thu, 06 Oct 2011 08:10:27 EST", "2011-10-06T08:10:27-05:00", False),
        ("June 3, 2024 9:30 a.m. ET", "2024-06-03T09:30:00-04:00", False),
        ("Monday, May 15, 2023 \u2022 5:00 AM EDT", "2023-05-15T05:00:00-04:00", False),  # a bullet between
        ("05/06/2017 02:30 pm ET", "2017-05-06T14:30:00-04:00", False),  # an American zone: month first
        ("12 June 2023 \u00b7 09:30", "2023-06-12T09:30:00+01:00", False),
        ("3 June 2024 10:15 CEST", "2024-06-03T10:15:00+02:00", False),
        ("3 juin 2024 à 10h15 est", "2024-06-03T10:15:00+01:00", False),
        # Polish, Russian, Ukrainian (genitive) and Turkish month names; year-first dots
        ("3 czerwca 2024", "2024-06-03T00:00:00+01:00", True),
        # South Slavic months; Croatian "listopad" is October (on a London page: November)
        ("3. svibnja 2019.", "2019-05-03T00:00:00+01:00", True),
        ("15 септембра 2020", "2020-09-15T00:00:00+01:00", True),
        ("5 ноември 2021", "2021-11-05T00:00:00+00:00", True),
        ("18 ноября 2023, 10:45", "2023-11-18T10:45:00+00:00", False),
        ("3 листопада 2023", "2023-11-03T00:00:00+00:00", True),
        ("14 Kasım 2023 11:32", "2023-11-14T11:32:00+00:00", False),
        ("입력 2023.10.10 14:22", "2023-10-10T14:22:00+01:00", False),
        # an offset missing the hour's zero, as one CMS writes it
        ("2017-02-21T18:22-500", "2017-02-21T18:22:00-05:00", False),
        # the time before the day
        ("10:42 18.04.2024", "2024-04-18T10:42:00+01:00", False),
        ("Published 5:00 a.m. ET Sept. 14, 2022 | Updated 11:47 a.m. ET Sept. 14, 2022",
         "2022-09-14T05:00:00-04:00", False),
        ("10:32 IST, 12 June 2023", "2023-06-12T10:32:00+01:00", False),  # IST: which one?
        ("Published: 14:30 Friday 18 March 2005", "2005-03-18T14:30:00+00:00", False),
        # the half of the day before the hour (Korean, Chinese, Japanese)
        ("입력 : 2007-06-18 오후 3:42:10", "2007-06-18T15:42:10+01:00", False),
        ("2024年5月3日 下午3:15", "2024-05-03T15:15:00+01:00", False),
        ("2024年5月3日 午前9時5分", "2024-05-03T09:05:00+01:00", False),
        # day and month with a space after their dots (Czech, Slovak)
        ("úterý 5. 6. 2001", "2001-06-05T00:00:00+01:00", True),
    ],
)
def test_parse_date(raw, iso, day_only):
    parsed = parse_date(raw, "Europe/London")
    assert parsed is not None
    assert (parsed.iso, parsed.day_only) == (iso, day_only)


def test_parse_date_zone_conventions_and_garbage():
    assert parse_date("v2023.10.1 released") is None  # a version, not a date
    # CST on a Chinese page is China Standard Time.
    assert parse_date("June 3, 2024 10:15 CST", "Asia/Shanghai").iso == "2024-06-03T10:15:00+08:00"
    assert parse_date("06/12/2023", "America/New_York").iso.startswith("2023-06-12")
    assert parse_date("06/12/2023", "Europe/London").iso.startswith("2023-12-06")
    # "listopad" is October in Croatian, November in Polish and Czech.
    assert parse_date("Srijeda, 12 Listopad 2016 14:30", "Europe/Zagreb").iso == "2016-10-12T14:30:00+02:00"
    assert parse_date("12 listopada 2016", "Europe/Warsaw").iso == "2016-11-12T00:00:00+01:00"
    for bad in ("", None, "yesterday", "31 February 2023", "99/99/2023", "set 12 pieces in 2024",
                "2 out of 3, 2024"):
        assert parse_date(bad) is None


# --- authors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, names",
    [
        ("By Jane Smith and John Doe", ["Jane Smith", "John Doe"]),
        ("By A Smith, B Jones and C Brown", ["A Smith", "B Jones", "C Brown"]),
        ("By Jane Smith, Chief Reporter", ["Jane Smith"]),
        ("By Jane Smith, Local Democracy Reporting Service", ["Jane Smith"]),
        ("Words: Tom Hardy", ["Tom Hardy"]),
        ("Editor", []),  # a common word in visible text is no name
        ("TB", []),  # initials (an avatar's placeholder), no name
        ("Siobhán Kearney Western Correspondent", ["Siobhán Kearney"]),  # a beat or region before the job
        ("By Jane Doe, Transport Editor", ["Jane Doe"]),
        ("By Sam Western", ["Sam Western"]),  # (a surname stays)
        ("Par Camille Exemple", ["Camille Exemple"]),
        ("Von Anna Beispiel und Jonas Muster", ["Anna Beispiel", "Jonas Muster"]),
        ("Por Ana Ejemplo y Luis Prueba", ["Ana Ejemplo", "Luis Prueba"]),
        ("Di Marco Esempio", ["Marco Esempio"]),
        ("Door Jan Voorbeeld", ["Jan Voorbeeld"]),
        ("Av Sven Exempel", ["Sven Exempel"]),
        ("Af Mette Eksempel", ["Mette Eksempel"]),
        ("Jamie Sample • 8h", ["Jamie Sample"]),
        ("By Jamie Sample | 2 hours ago", ["Jamie Sample"]),
        ("By Jamie Sample Updated 3 March 2024, 10:15", ["Jamie Sample"]),
        ("By Jamie Sample jamie@example.com @jamiesample", ["Jamie Sample"]),
        ("By Jamie Sample, Senior Political Correspondent", ["Jamie Sample"]),
        ("By Jamie Sample, Ann Other & Bo Third", ["Jamie Sample", "Ann Other", "Bo Third"]),
        ("By Jamie Sample, Ann Other, Staff Writers", ["Jamie Sample", "Ann Other"]),
        ("Jamie Sample Staff Writer", ["Jamie Sample"]),
        # a second name, then its job without a comma
        ("By Jamie Sample, Ann Other Staff Writers", ["Jamie Sample", "Ann Other"]),
        ("Par CAMILLE EXEMPLE, LÉA ESSAI Envoyées spéciales à Lyon", ["CAMILLE EXEMPLE", "LÉA ESSAI"]),
        # where the reporter works is no name
        ("By Jamie Sample, Los Angeles Times", ["Jamie Sample"]),
        ("Jamie Sample, USA TODAY", ["Jamie Sample"]),
        ("By Jamie Sample, Springfield Daily Herald Reporter", ["Jamie Sample"]),
        ("Canadian Blood Services", ["Canadian Blood Services"]),
        ("By Jamie Sample, CNN", ["Jamie Sample"]),  # one word after a comma: an outlet
        ("Jamie Sample, Friday", ["Jamie Sample"]),
        ("Opinion by Jamie Sample", ["Jamie Sample"]),
        ("Analysis by Jamie Sample, CNN", ["Jamie Sample"]),
        ("By Jamie Sample in London", ["Jamie Sample"]),  # where the reporter is
        ("By Jamie Sample for The Guardian", ["Jamie Sample"]),  # whom the reporter writes for
        ("Priya Raman for Lumen Labs", ["Priya Raman"]),
        ("Par Camille Exemple à Toulouse", ["Camille Exemple"]),
        ("By Jamie Sample with additional reporting by Ann Other", ["Jamie Sample"]),
        ("By Jamie Sample with Ann Other", ["Jamie Sample", "Ann Other"]),
        ("Jan Voorbeeld en Piet Proef", ["Jan Voorbeeld", "Piet Proef"]),
        # an agency after "and"/"avec" is split off (dropped later when a person is credited)
        ("By Jamie Sample and AP", ["Jamie Sample", "AP"]),
        ("Par Camille Exemple avec AFP", ["Camille Exemple", "AFP"]),
        ("By Jamie Sample (Reuters)", ["Jamie Sample"]),  # a parenthesis is no part of a name
        ("(Reporting by Jamie Sample; Editing by Ann Other)", ["Jamie Sample"]),  # not the editor
        ("By Express News Service", []),  # a desk, nobody
        ('By Jamie "JJ" Sample', ['Jamie "JJ" Sample']),  # a quoted nickname, kept as credited
        ("By Jamie “The Pier” Sample and Ann Other", ["Jamie “The Pier” Sample", "Ann Other"]),
        ("By City Desk • The Springfield Herald", []),  # a desk, then a publication: nobody
        ("By Town Staff Writers", []),
        ("王小明", ["王小明"]),
        ("記者 王小明", ["王小明"]),  # "reporter", before or after the name
        ("佐藤健一記者", ["佐藤健一"]),
        ("بقلم: سامي مثال", ["سامي مثال"]),
        ("By The Associated Press", ["The Associated Press"]),  # an agency, whole
        ("Staff Reports", []),
        ("ByJamie Sample", ["Jamie Sample"]),  # a label span and a name span, no space between
        ("Byron Sample", ["Byron Sample"]),
        ("•", []),
        ("8h", []),
        ("Share this story", []),
        ("Follow @jamiesample", []),
        ("Updated 3 March 2024", []),
        ("Council backs plan to rebuild the pier after storm", []),
        ("By Jane Smith | Leigh On Sea News", ["Jane Smith"]),
        ("By Jane Smith - 12 June 2023", ["Jane Smith"]),
        ("Posted by Jane Smith on June 12, 2023", ["Jane Smith"]),
        ("jane@example.com Jane Smith", ["Jane Smith"]),
        ("Written by Ann Lee & Bo Chan", ["Ann Lee", "Bo Chan"]),
        ("By Charlotte Denby For Mailonline", ["Charlotte Denby"]),  # a title-case byline
        ("By Granada Reports Correspondent Rachel Townsend", ["Rachel Townsend"]),  # the job first
        ("By Political Editor Robert Peston", ["Robert Peston"]),
        ("By Kari Lindgren World-Herald staff writer", ["Kari Lindgren"]),  # her paper, then the job
        ("By Mary Post staff writer", ["Mary Post"]),
        ("Jane Writer", ["Jane Writer"]),
        ("https://example.com/author/x", []),
        # where they work, after "of": the paper (after "the", or a newspaper word), an agency
        ("By Marcus Heaney and Tanya Ruiz of the Journal Sentinel", ["Marcus Heaney", "Tanya Ruiz"]),
        ("By Ann Lee, Bo Chan and Cy Dee of The Boston Globe", ["Ann Lee", "Bo Chan", "Cy Dee"]),
        ("By Jo Roe of Reuters", ["Jo Roe"]),
        ("פורסם: 02.07.14, 18:34", []),  # "Published:", its date cut off: a label, no name
        ("எழுதியவர்: • ஆர். செந்தில்குமார்", ["ஆர். செந்தில்குமார்"]),  # a field's label, then its value
    ],
)
def test_clean_author(raw, names):
    assert clean_author(raw) == names


@pytest.mark.parametrize("raw, names", [
    ("Przez Agnieszka Wróbel", ["Agnieszka Wróbel"]),
    ("Автор: Иван Петров", ["Иван Петров"]),
    ("Yazan: Ayşe Yılmaz - Ege Postası", ["Ayşe Yılmaz"]),
    ("文/李华", ["李华"]),
    ("文：山田太郎　写真：中村結衣", ["山田太郎"]),  # the photographer is no author
    ("김민수 기자", ["김민수"]),
    ("記者陳怡君／台中即時報導", ["陳怡君"]),
    ("By रजनीश कुमार", ["रजनीश कुमार"]),  # Devanagari vowel signs are part of the name
    ("أحمد عاطف ــ دبي", ["أحمد عاطف"]),  # a dash written in tatweels, then the place
    ("Juma Mtanda na Rehema Matowo", ["Juma Mtanda", "Rehema Matowo"]),
    ("Muhabir: Ayşe Yılmaz ve Mehmet Kaya", ["Ayşe Yılmaz", "Mehmet Kaya"]),
    ("Oleh Budi Santoso dan Dewi Lestari", ["Budi Santoso", "Dewi Lestari"]),
    ("Автор: Иван Петров и Анна Смирнова", ["Иван Петров", "Анна Смирнова"]),
    ("מאת רונית לוי", ["רונית לוי"]),
    ("By Dan Brown and Ava Na", ["Dan Brown", "Ava Na"]),  # the capitalised words are names
    ("By Claudine Beaumont, Digital Editor, at CES in Las Vegas", ["Claudine Beaumont"]),
])
def test_bylines_in_more_languages(raw, names):
    assert clean_author(raw) == names


def test_a_companys_legal_form_is_no_second_name():
    # "Brightwater Foods, Inc." (a press release's only credit) is one company, no
    # person: not ["Brightwater Foods", "Inc"].
    assert clean_author("Brightwater Foods, Inc.", strict=False) == []
    # Structured data joining co-authors by dashes (Vietnamese papers): each a person.
    assert clean_author("Nguyễn Thị Hoa - Lê Quang Huy - Phạm Đức Anh", strict=False) == [
        "Nguyễn Thị Hoa", "Lê Quang Huy", "Phạm Đức Anh"]
    assert clean_author("Jane Doe - Staff Writer", strict=False) == ["Jane Doe"]
    assert clean_author("Nguyễn Thị Hoa - Lê Quang Huy") == ["Nguyễn Thị Hoa"]  # visible: the first piece
    assert clean_author("By Jane Doe, Acme Widgets, LLC") == ["Jane Doe"]


def test_structured_credit_keeps_account_names():
    """JSON-LD and meta tags hold names: a one-word account ("Editor") stays, handles,
    placeholders and URLs do not."""
    assert clean_author("Editor", strict=False) == ["Editor"]
    assert clean_author("admin", strict=False) == []
    assert clean_author("jsample42", strict=False) == []
    assert clean_author("https://example.com/author/x", strict=False) == []
    assert clean_author("Jamie Sample, CNN", strict=False) == ["Jamie Sample"]  # an outlet
    assert clean_author("Staff Reports", strict=False) == []  # a generic credit, not a person
    assert clean_author("The Associated Press", strict=False) == ["The Associated Press"]
    # A joint wire credit in one string names every agency (Japan Times: "Jiji, Kyodo").
    assert clean_author("Jiji, Kyodo", strict=False) == ["Jiji", "Kyodo"]
    assert clean_author("Reuters, AFP", strict=False) == ["Reuters", "AFP"]


@pytest.mark.parametrize("name, ok", [
    ("Jamie Sample", True), ("Ludwig van Beispiel", True), ("Helen O’Example", True),
    ("Μαρία Παράδειγμα", True), ("王小明", True), ("محمد مثال", True), ("JAMIE SAMPLE", True),
    ("jamie sample", False), ("8h", False), ("•", False), ("Staff", False), ("News Desk", False),
    ("Read more", False), ("Jamie Sample!", False), ("www.example.com", False),
    ("Le Thi Sample", True), ("The Springfield Herald", False), ("Die Beispielzeitung", False),
])
def test_is_person_name(name, ok):
    assert is_person_name(name) is ok


# --- titles ------------------------------------------------------------------------------


DESC = "SOUTHEND’S District Commander, Chief Inspector Jo Collins, has said increasing public engagement"


@pytest.mark.parametrize(
    "raw, title",
    [
        (f"Leigh On Sea News: Improved Public Confidence - {DESC}", "Improved Public Confidence"),
        (f"Leigh On Sea News: Improved Public Confidence – {DESC[:60]}…", "Improved Public Confidence"),
        (f"Improved Public Confidence - {DESC}", "Improved Public Confidence"),
        ("Improved Public Confidence - Leigh On Sea News", "Improved Public Confidence"),
        ("Improved Public Confidence | Leigh On Sea News", "Improved Public Confidence"),
        ("Points of View: Parking - a view from Elm Road", "Points of View: Parking - a view from Elm Road"),
        ("Leigh On Sea News: Points of View: Parking - a view from Elm Road",
         "Points of View: Parking - a view from Elm Road"),
        ("Leigh On Sea News", "Leigh On Sea News"),
    ],
)
def test_clean_title(raw, title):
    assert clean_title(raw, ["Leigh On Sea News"], [DESC]) == title


def test_subtitle_repeated_by_standfirst_is_kept():
    desc = "Summer on the seafront has kept officers busy, with more patrols than ever."
    assert clean_title("Chief Inspector’s Update: Summer on the seafront", ["Leigh On Sea News"], [desc]) == (
        "Chief Inspector’s Update: Summer on the seafront")


def test_dash_subtitle_repeated_by_standfirst_is_kept():
    desc = "A view from Elm Road: residents say the new parking rules will push commuters into their street."
    assert clean_title("Points of View: Parking - a view from Elm Road", [], [desc]) == (
        "Points of View: Parking - a view from Elm Road")


def test_strip_site_name_keeps_titles_mentioning_the_site():
    assert strip_site_name("Why Leigh On Sea News is 10", ["Leigh On Sea News"]) == "Why Leigh On Sea News is 10"


# --- media -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "caption, expected",
    [
        ("The pier at dusk. Photo: Jane Doe", ("The pier at dusk", "Jane Doe")),
        ("The pier at dusk (Picture: Jane Doe)", ("The pier at dusk", "Jane Doe")),
        ("The pier at dusk. Credit: Essex Police", ("The pier at dusk", "Essex Police")),
        ("Photo: Jane Doe", (None, "Jane Doe")),
        ("Pictures of the pier at dusk", ("Pictures of the pier at dusk", None)),
        ("", (None, None)),
    ],
)
def test_split_credit(caption, expected):
    assert split_credit(caption) == expected


def test_registrable_host():
    assert registrable_host("www.news.example.co.uk") == "example.co.uk"
    assert registrable_host("leigh-on-sea.news") == "leigh-on-sea.news"
    assert registrable_host("127.0.0.1:8080") == "127.0.0.1"
    assert registrable_host("news.bbc.co.uk") == "bbc.co.uk"
    assert registrable_host("a.b.github.io") == "b.github.io"
    assert registrable_host("www.abc.net.au") == "abc.net.au"
    assert registrable_host("News.Example.COM.") == "example.com"
    assert registrable_host("localhost:8000") == "localhost"
    assert registrable_host("[::1]:8080") == "::1"
    assert registrable_host("") == ""


# --- fuzz --------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.test_extract_robustness import assert_clean_record  # noqa: E402

_PIECES = st.sampled_from([
    "<html>", "<head>", "<body class='single single-post postid-3'>", "<article>", "</article>",
    "<h1>", "</h1>", "<p>", "</p>", "<time datetime='2024-13-45T99:00'>", "</time>",
    '<script type="application/ld+json">', "</script>", '{"@graph":[{"@type":"Article",',
    '"author":{"@id":"#a"}', '"datePublished":"2024-03-31T01:30:00"', "}]}", ",", "By ", " and ",
    '<meta property="og:title" content="', '">', "Leigh On Sea News: ", " - ", "12th June 2024",
    "<a href='/cdn-cgi/l/email-protection#zz'>", "<span data-cfemail='0a0b'>", "</span>", "&amp;",
    "<?xml version='1.0' encoding='utf-8'?>", "\x00", "\udcff", "é", "<figure><img src=x>", "<figcaption>",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.booleans())
def test_extract_article_never_raises_fuzz(pieces, as_bytes):
    from newscrawl.extract import extract_article

    doc = "".join(pieces)
    data = doc.encode("utf-8", "surrogatepass") if as_bytes else doc
    art = extract_article(data, "http://127.0.0.1:1/2024/06/12/x/")
    # Clean fields, a body made of the page's own text, a matching word count, no
    # internal failure ("extraction failed", "metadata: ... failed").
    assert_clean_record(art, data)
    assert art.url == "http://127.0.0.1:1/2024/06/12/x/"
    # Nothing invented: a published date comes from the page's JSON-LD, <time> or URL,
    # on the page's own clock (a loopback host and no language: no zone is known).
    assert art.published in (None, "2024-03-31T01:30:00", "2024-06-12T00:00:00"), art.published

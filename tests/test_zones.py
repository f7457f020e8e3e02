"""The zone of a page's country (newscrawl/extract/zones.py), and local times read in it."""

from __future__ import annotations

import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.zones import page_zone


@pytest.mark.parametrize("language, url, zone", [
    ("it-IT", "https://news.example/a", "Europe/Rome"),  # the language tag's region
    ("it", "https://www.giornale.it/a", "Europe/Rome"),  # else the country-code domain
    ("en-GB", "https://leigh-on-sea.news/a", "Europe/London"),
    (None, "https://www.bbc.co.uk/news/a", "Europe/London"),  # ".uk" is GB
    ("de", "https://www.zeitung.de/a", "Europe/Berlin"),  # Berlin and Busingen keep one time
    ("ja", "https://www.shimbun.jp/a", "Asia/Tokyo"),
    ("en-US", "https://news.example.com/a", None),  # several zones: none chosen
    ("es-ES", "https://www.diario.es/a", "Europe/Madrid"),  # CLDR's primary zone, not the Canaries'
    ("zh-CN", "https://news.example.cn/a", "Asia/Shanghai"),  # Beijing time, not Urumqi's clock
    ("pt-BR", "https://g1.example.com.br/a", None),  # Brazil keeps several times
    ("ru", "https://www.gazeta.example.kz/a", "Asia/Almaty"),  # one time since March 2024 (tzdata 2024a)
    (None, "https://startup.io/a", None),  # a country code used for its letters
    (None, "https://write.as/hollis/walk", None),  # Google counts .as among the generic ones
    (None, "http://127.0.0.1:8000/a", None),
])
def test_page_zone(language, url, zone):
    assert page_zone(language, url) == zone


def _italian_article():
    """A page of an Italian site without a profile, its date a local time."""
    paras = "".join(f"<p>Il ponte di San Rocco è tornato a unire le due sponde del fiume, paragrafo {i}.</p>"
                    for i in range(6))
    page = ('<!doctype html><html lang="it-IT"><head><title>Riapre il ponte</title></head><body><article>'
            "<h1>Riapre il ponte di San Rocco</h1><p class='meta'>Pubblicato il 3 maggio 2024 alle 10:15</p>"
            f"{paras}</article></body></html>")
    return extract_article(page, "https://www.gazzettadellavalle.it/cronaca/ponte")


def test_local_times_of_a_site_without_a_profile_are_read_in_its_countrys_zone():
    art = _italian_article()
    assert art.published == "2024-05-03T10:15:00+02:00"  # CEST, not London's +01:00


def test_rest_dates_are_shown_in_the_zone_the_pages_dates_were_read_in():
    from newscrawl.extract.rest import merge_rest

    art = _italian_article()
    # No site profile: REST's GMT instant is shown in Rome's clock, as the page's date was.
    merged = merge_rest(art, {"published": "2024-05-03T08:15:00Z"})
    assert merged.published == "2024-05-03T10:15:00+02:00"
    # A profile's zone, when given, is the one.
    assert merge_rest(art, {"published": "2024-05-03T08:15:00Z"}, "Europe/London").published == (
        "2024-05-03T09:15:00+01:00")

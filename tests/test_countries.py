import pytest

from articles.models import Country, CountryAlias

pytestmark = pytest.mark.django_db


def test_it_loads_all_249_iso_countries():
    assert Country.objects.count() == 249
    assert Country.objects.get(code="GB").alpha3 == "GBR"


def test_it_names_countries_as_the_news_does():
    names = dict(Country.objects.filter(code__in=["RU", "US", "IR", "GB"]).values_list("code", "name"))
    assert names == {"RU": "Russia", "US": "United States", "IR": "Iran", "GB": "United Kingdom"}


@pytest.mark.parametrize(
    "spelling, code, kind",
    [
        ("Russian", "RU", "demonym"),
        ("Moscow", "RU", "capital"),
        ("the Kremlin", "RU", "institution"),
        ("US", "US", None),
        ("U.S.", "US", None),
        ("UK", "GB", None),
        ("Britain", "GB", "short"),
        ("Venezuelan", "VE", "demonym"),
        ("the White House", "US", "institution"),
        ("Downing Street", "GB", "institution"),
        ("Washington", "US", "capital"),
    ],
)
def test_it_resolves_names_demonyms_capitals_and_institutions(spelling, code, kind):
    alias = CountryAlias.objects.select_related("country").get(normalised=spelling.casefold())
    assert alias.country.code == code
    if kind:
        assert alias.kind == kind


@pytest.mark.parametrize("region", ["Crimea", "Sochi", "Scotland"])
def test_it_has_no_country_for_a_region_or_an_ordinary_city(region):
    assert not CountryAlias.objects.filter(normalised=region.casefold()).exists()

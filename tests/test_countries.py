import pytest

from articles.models import Country, CountryAlias

pytestmark = pytest.mark.django_db


def test_it_loads_all_249_iso_countries():
    assert Country.objects.count() == 249
    assert Country.objects.get(code="GB").alpha3 == "GBR"


def test_it_names_countries_as_the_news_does():
    names = dict(Country.objects.filter(code__in=["RU", "US", "IR", "GB"]).values_list("code", "name"))
    assert names == {"RU": "Russia", "US": "United States", "IR": "Iran", "GB": "United Kingdom"}


def test_it_shows_the_names_readers_use_and_keeps_the_iso_name_as_an_alias():
    names = dict(Country.objects.filter(code__in=["TR", "PS", "VA", "KR"]).values_list("code", "name"))
    assert names == {"TR": "Turkey", "PS": "Palestine", "VA": "Vatican City", "KR": "South Korea"}
    assert CountryAlias.objects.get(normalised="türkiye").country.code == "TR"


def test_it_renames_the_countries_of_a_database_loaded_before_and_keeps_their_slugs():
    import importlib

    from django.apps import apps

    Country.objects.filter(code="TR").update(name="Türkiye", slug="turkiye")
    migration = importlib.import_module("articles.migrations.0011_country_display_names")

    migration.rename(apps, None)

    turkey = Country.objects.get(code="TR")
    assert (turkey.name, turkey.slug) == ("Turkey", "turkiye")


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

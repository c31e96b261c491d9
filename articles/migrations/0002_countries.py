"""Load all ISO 3166-1 countries and the spellings that point to each."""

from django.db import migrations
from django.utils.text import slugify

from articles.extraction.types import normalise_alias


def load_countries(apps, schema_editor):
    from articles.countrydata import alias_rows, country_rows

    Country = apps.get_model("articles", "Country")
    CountryAlias = apps.get_model("articles", "CountryAlias")
    countries = Country.objects.bulk_create(
        Country(code=row.code, alpha3=row.alpha3, name=row.name, slug=slugify(row.name) or row.code.lower())
        for row in country_rows()
    )
    by_code = {country.code: country for country in countries}
    CountryAlias.objects.bulk_create(
        CountryAlias(country=by_code[code], name=alias, normalised=normalise_alias(alias), kind=kind)
        for code, alias, kind in alias_rows()
    )


def unload_countries(apps, schema_editor):
    apps.get_model("articles", "Country").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(load_countries, unload_countries)]

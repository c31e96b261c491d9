"""Countries under the names readers use (Turkey, Palestine, Vatican City...), as
articles/data/country_extras.json now gives them; the ISO 3166-1 name stays an
alias. Slugs are left as they are so that links already shared keep working
(a fresh database gets slugs from the new names in 0002). New spellings the data
now has are added as aliases; none is removed (an editor may rely on it)."""

from django.db import migrations

from articles.extraction.types import normalise_alias


def rename(apps, schema_editor):
    from articles.countrydata import alias_rows, country_rows

    Country = apps.get_model("articles", "Country")
    CountryAlias = apps.get_model("articles", "CountryAlias")
    by_code = {country.code: country for country in Country.objects.all()}
    changed = []
    for row in country_rows():
        country = by_code.get(row.code)
        if country is not None and country.name != row.name:
            country.name = row.name
            changed.append(country)
    Country.objects.bulk_update(changed, ["name"])
    known = set(CountryAlias.objects.values_list("normalised", flat=True))
    CountryAlias.objects.bulk_create(
        CountryAlias(country=by_code[code], name=alias, normalised=normalise_alias(alias), kind=kind)
        for code, alias, kind in alias_rows()
        if code in by_code and normalise_alias(alias) not in known
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_dated_articles_first")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]

# Dated articles first on PostgreSQL too: it sorts NULL first in a descending
# order unless told NULLS LAST, which the default ordering now says. An index in
# that order lets PostgreSQL still read the newest articles off an index rather
# than sort them all. It is PostgreSQL's alone and outside Django's model state:
# SQLite cannot index NULLS LAST (and, sorting NULL last already, needs nothing),
# and an index in the state would be re-created on SQLite by any later table
# rebuild. So the plain index of 0001 stays as it is.

from django.db import migrations, models


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'CREATE INDEX IF NOT EXISTS "article_newest_idx" ON "articles_article" ("published" DESC NULLS LAST, "id" DESC)'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "article_newest_idx"')


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0009_events"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="article",
            options={"ordering": [models.OrderBy(models.F("published"), descending=True, nulls_last=True), "-id"]},
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]

# PostgreSQL: an article's row keeps only its short columns in the table itself;
# its body and search vector go to the TOAST table even when short. A search
# for a word in half the articles reads the matching rows' id, date and outlet
# off the table: with short articles' bodies and vectors inline, that table was
# 20 MB for 20,000 articles, with them out of line 5 MB, and the matches for
# "Trump" took 13-22 ms against 10-12 ms (same run, load ~4).
#
# The setting applies to rows written from now on. On a database that already
# holds many articles, `VACUUM FULL articles_article` (it locks the table while
# it rewrites it) or `manage.py refresh_derived` (which rewrites every vector)
# moves the old rows too.

from django.db import migrations


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE "articles_article" SET (toast_tuple_target = 256)')


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE "articles_article" RESET (toast_tuple_target)')


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0015_entity_article_counts"),
    ]

    operations = [migrations.RunPython(narrow, widen, elidable=False)]

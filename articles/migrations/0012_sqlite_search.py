"""SQLite's search machinery (PostgreSQL's is in 0003 and 0005): FTS5 tables
for the article search document and for the names of people and countries
("did you mean"). articles/search_index.py says what goes into them and keeps
them current; here they are made, then filled from the rows already stored.
PostgreSQL needs none of it, so each step runs on SQLite alone.

- article_search: title, standfirst, body, names; Porter stemming over the
  unicode61 tokenizer (accents folded), like the 'english' configuration.
- person_name_search, country_name_search: the trigram tokenizer (SQLite 3.34+),
  rowid = the person's or country's id.
"""

from django.db import migrations

FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS article_search USING fts5("
    "title, standfirst, body, names, tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS person_name_search USING fts5(name, tokenize = 'trigram')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS country_name_search USING fts5(name, tokenize = 'trigram')",
]
BACKWARD = [
    "DROP TABLE IF EXISTS country_name_search",
    "DROP TABLE IF EXISTS person_name_search",
    "DROP TABLE IF EXISTS article_search",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from articles import search_index

    for statement in FORWARD:
        schema_editor.execute(statement)
    ids = list(apps.get_model("articles", "Article").objects.order_by("pk").values_list("pk", flat=True))
    with schema_editor.connection.cursor() as cursor:
        for start in range(0, len(ids), 5000):
            search_index.refresh_sqlite(cursor, ids[start : start + 5000], "active")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_country_display_names")]

    operations = [migrations.RunPython(forward, backward)]

"""Mentions and quotes carry their article's date (models.ArticleDated), with
indexes that give a person's or a country's newest articles and their
timeline, and the newest quotes (of a speaker, or of all), without reading
the articles."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

# Newest first means dated articles first (NULLS LAST), on both databases.
# SQLite cannot put NULLS LAST in an index, and its small databases need none,
# so the indexes are PostgreSQL's alone; each matches its query's ORDER BY.
INDEXES = {
    "personmention_newest_idx": "articles_personmention (person_id, published DESC NULLS LAST, article_id DESC)",
    "countrymention_newest_idx": "articles_countrymention (country_id, published DESC NULLS LAST, article_id DESC)",
    "quote_speaker_newest_idx": "articles_quote (speaker_id, published DESC NULLS LAST, article_id DESC, paragraph, start)",
    "quote_newest_idx": "articles_quote (published DESC NULLS LAST, article_id DESC, paragraph, start)",
}


def copy_dates(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    dates = Article.objects.filter(pk=OuterRef("article_id")).values("published")[:1]
    for name in ("PersonMention", "CountryMention", "Quote"):
        apps.get_model("articles", name).objects.update(published=Subquery(dates))


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {columns} WHERE status = 'active'")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def published_field():
    return models.DateField(blank=True, editable=False, help_text="The article's date (a copy).", null=True)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_search_match_cost")]

    operations = [
        migrations.AddField(model_name="personmention", name="published", field=published_field()),
        migrations.AddField(model_name="countrymention", name="published", field=published_field()),
        migrations.AddField(model_name="quote", name="published", field=published_field()),
        migrations.RunPython(copy_dates, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]

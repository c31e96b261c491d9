"""PostgreSQL-only search machinery: pg_trgm for misspelt names, a GIN index on the
article search vector, trigram indexes on people's names and quotes. SQLite has
none of these and gets a simpler search, so each step runs on PostgreSQL alone."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS article_search_vector_gin ON articles_article USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS person_name_trgm ON articles_person USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS personalias_name_trgm ON articles_personalias USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS quote_text_trgm ON articles_quote USING gin (text gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS quote_text_trgm",
    "DROP INDEX IF EXISTS personalias_name_trgm",
    "DROP INDEX IF EXISTS person_name_trgm",
    "DROP INDEX IF EXISTS article_search_vector_gin",
]


def run_on_postgresql(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_countries")]

    operations = [migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD))]

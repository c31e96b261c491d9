"""The database side the benchmark scripts share: set Django up on the database
of DATABASE_URL (migrated), and empty it of everything ingestion makes.

Imported by scripts that put tests/bench/ on sys.path, as running them does."""

from __future__ import annotations

# What ingestion makes; TRUNCATE ... CASCADE takes their mentions, aliases,
# quotes, reports and redirects with them. Countries are reference data and stay.
MADE_BY_INGESTION = ("Article", "Person", "Organisation", "Event", "Job")


def setup() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def empty_database() -> None:
    """Every article, person, organisation, event and job gone, and their history,
    so each timed run starts from the same empty database."""
    from django.apps import apps
    from django.db import connection

    app = apps.get_app_config("articles")
    made = [app.get_model(name) for name in MADE_BY_INGESTION]
    history = [model for model in app.get_models() if model.__name__.startswith("Historical")]
    if connection.vendor == "postgresql":
        tables = ", ".join(model._meta.db_table for model in made + history)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    else:
        for model in made + history:
            model.objects.all().delete()

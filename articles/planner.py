"""The query planner's statistics, brought up to date after a bulk write.

The pages' queries are planned from the tables' statistics. After an ingestion
of hundreds of articles into a new or small database, stale statistics (a table
of 16,000 quotes still believed empty) make PostgreSQL pick nested loops over the
wrong index: measured on 600 freshly ingested articles, the country page took
797 ms before `ANALYZE` and 70 ms after. Autovacuum would catch up in time where
it runs, but it may be off or slow, so ingestion and queue jobs refresh the
statistics themselves once they have written enough to matter. On SQLite,
`PRAGMA optimize` does the same for the tables that need it."""

from __future__ import annotations

from django.apps import apps
from django.db import connections

# Articles written (created, updated or re-extracted) below which a run leaves
# the statistics alone: a few articles do not change any table's shape.
WRITTEN_BEFORE_ANALYZE = 100


def refresh_statistics(written: int, using: str = "default") -> bool:
    """ANALYZE the app's tables after `written` articles were written, if that is
    enough to matter; True when it ran. Takes a second or two whatever the size
    (ANALYZE reads a fixed sample of each table)."""
    if written < WRITTEN_BEFORE_ANALYZE:
        return False
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            models = apps.get_app_config("articles").get_models()
            tables = sorted(model._meta.db_table for model in models if not model.__name__.startswith("Historical"))
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")
        else:
            return False
    return True

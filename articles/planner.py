"""The query planner's statistics, brought up to date after a bulk write.

The pages' queries are planned from the tables' statistics. After an ingestion
of hundreds of articles into a new or small database, stale statistics (a table
of 16,000 quotes still believed empty) make PostgreSQL pick nested loops over the
wrong index: measured on 600 freshly ingested articles, the country page took
797 ms before `ANALYZE` and 70 ms after. Autovacuum would catch up in time where
it runs, but it may be off or slow, so ingestion and queue jobs refresh the
statistics themselves once they have written enough to matter. Outside a
transaction they VACUUM as well, which marks the new rows visible to all: the
counts behind facets and "named with" lists read an index alone only then
(on 9,000 freshly ingested articles, 6,870 of 7,834 index entries of a facet
still went to the table). On SQLite, `PRAGMA optimize` does the same for the
tables that need it."""

from __future__ import annotations

from django.apps import apps
from django.db import connections

# Articles written (created, updated or re-extracted) below which a run leaves
# the statistics alone: a few articles do not change any table's shape.
WRITTEN_BEFORE_ANALYZE = 100


def refresh_statistics(written: int, using: str = "default") -> bool:
    """ANALYZE (and VACUUM) the app's tables after `written` articles were
    written, if that is enough to matter; True when it ran. ANALYZE takes a
    second or two whatever the size (it reads a fixed sample of each table);
    VACUUM reads the pages written since the last one."""
    if written < WRITTEN_BEFORE_ANALYZE:
        return False
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            models = apps.get_app_config("articles").get_models()
            tables = sorted(model._meta.db_table for model in models if not model.__name__.startswith("Historical"))
            # VACUUM cannot run inside a transaction block (a caller's atomic(), a test).
            command = "ANALYZE " if connection.in_atomic_block else "VACUUM (ANALYZE) "
            cursor.execute(command + ", ".join(connection.ops.quote_name(table) for table in tables))
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")
        else:
            return False
    return True

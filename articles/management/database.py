"""A check the commands share: stop with one clear line, not a traceback, when the
database has not been set up (a first `manage.py ingest` before `migrate`)."""

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def require_migrated(database: str = DEFAULT_DB_ALIAS) -> None:
    executor = MigrationExecutor(connections[database])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise CommandError(
            f"the database is not set up ({len(pending)} migrations not applied): run `python manage.py migrate` first"
        )

#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    """Run administrative tasks."""
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'newsapp.settings')
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # read the settings now: a bad environment is one line, not a traceback
    except ImproperlyConfigured as error:
        sys.exit(f"Settings: {error}")
    from django.db import InterfaceError, OperationalError

    try:
        execute_from_command_line(sys.argv)
    except (OperationalError, InterfaceError) as error:
        # The database is down, unreachable or refuses us: one line that names it, not a traceback.
        sys.exit(f"Database {describe_database()}: {' '.join(str(error).split()) or type(error).__name__}")


def describe_database() -> str:
    """Which database, for a message: engine, name and where (never the password)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    where = f" at {database.get('HOST') or 'localhost'}:{database.get('PORT') or 'default port'}" if database.get("HOST") or engine != "sqlite3" else ""
    return f"{database['NAME']} ({engine}{where})"


if __name__ == '__main__':
    main()

"""The Celery application: background jobs (ingestion, re-extraction) on workers
started on any number of machines with `celery -A newsapp worker`.

Its configuration is read from the Django settings whose names start with
CELERY_ (see newsapp/settings.py); the tasks live in articles/tasks.py.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")

app = Celery("newsapp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

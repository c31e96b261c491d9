# The Celery app is loaded with Django, so the tasks it finds bind to it
# (the arrangement Celery's Django guide prescribes).
from newsapp.celery import app as celery_app

__all__ = ["celery_app"]

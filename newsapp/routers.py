"""Read replicas for the public pages (DATABASE_REPLICA_URLS).

The public pages only read, and they are most of the traffic: their reads of
the app's tables may go to a PostgreSQL read replica. Everything else uses the
primary: every write, the editors' desk (an editor must see what they just
saved, not a replica a moment behind), sessions and users, management commands
and the queue's workers (a worker retrying after a conflict must see the row
the other worker just committed). So reads go to a replica only inside a public
GET or HEAD request, which the middleware marks.
"""

from __future__ import annotations

import random
from contextvars import ContextVar

from django.conf import settings
from django.urls import reverse

_public_read: ContextVar[bool] = ContextVar("public_read", default=False)

# The tables the public pages show; sessions, users and the like stay on the primary.
REPLICATED_APPS = {"articles"}


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = settings.REPLICA_DATABASES
        if replicas and _public_read.get() and model._meta.app_label in REPLICATED_APPS:
            return random.choice(replicas)
        return None  # Django's own choice: the primary, or the database a related row came from

    def db_for_write(self, model, **hints):
        return "default"  # even for a row read from a replica

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same rows as the primary: a row read from one may point to a row of another.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # replicas follow the primary by replication, never by migrations


class PublicReadsMiddleware:
    """Marks a public GET or HEAD request, whose reads may go to a replica."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.desk_prefix = None

    def __call__(self, request):
        if not settings.REPLICA_DATABASES or request.method not in ("GET", "HEAD") or self._on_desk(request):
            return self.get_response(request)
        token = _public_read.set(True)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)

    def _on_desk(self, request) -> bool:
        if self.desk_prefix is None:
            self.desk_prefix = reverse("admin:index")
        return request.path.startswith(self.desk_prefix)

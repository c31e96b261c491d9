"""History baselines for rows written in bulk.

Ingestion writes rows with bulk_create, which records no history, so the first
correction to such a row would have nothing to compare with: the history would
say who changed it but not from what. Before the admin or a merge changes rows,
ensure_baseline records their stored state once (by nobody, dated when the row
was last written), so every correction reads "from what to what".
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

BASELINE_REASON = "As stored before the first recorded change"
CHUNK = 500


def ensure_baseline(model, pks: Iterable) -> int:
    """Record the current state of those rows of `model` that have no history
    yet; returns how many it recorded. Two queries and one insert per 500 rows."""
    if not hasattr(model, "history"):
        return 0
    pks = list(dict.fromkeys(pk for pk in pks if pk is not None))
    recorded = 0
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        known = set(model.history.filter(id__in=chunk).order_by().values_list("id", flat=True).distinct())
        missing = [pk for pk in chunk if pk not in known]
        if not missing:
            continue
        rows = list(model._default_manager.filter(pk__in=missing))
        for row in rows:
            row._history_user = None  # the machine, not whoever is signed in now
            row._history_date = getattr(row, "updated", None) or timezone.now()
            row._change_reason = BASELINE_REASON
        model.history.bulk_history_create(rows)
        recorded += len(rows)
    return recorded

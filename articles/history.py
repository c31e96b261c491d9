"""History: baselines for rows written in bulk, and the editors' correction log.

Ingestion writes rows with bulk_create, which records no history, so the first
correction to such a row would have nothing to compare with: the history would
say who changed it but not from what. Before the admin or a merge changes rows,
ensure_baseline records their stored state once (by nobody, dated when the row
was last written), so every correction reads "from what to what".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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


# ---------------------------------------------------------------------------
# The correction log: the history of an article's or a person's related rows,
# shown under its own history (most corrections are made to mentions, quotes
# and aliases). Each model names its records with `correction_label(record,
# name)`; names of the rows a record points at are read in bulk.

HISTORY_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class Correction:
    when: object
    who: object
    action: str
    what: str
    reason: str
    changes: list[tuple[str, object, object]]


def correction_log(specs, limit: int = 200) -> list[Correction]:
    """The latest `limit` history records of the rows that match each spec
    (model, filters), newest first, each with what changed from what to what.
    One query per model plus one per kind of row named."""
    records = []
    for model, filters in specs:
        ids = model.history.filter(**filters).values("id").distinct()
        rows = list(
            model.history.filter(id__in=ids).select_related("history_user").order_by("id", "history_date", "history_id")
        )
        previous = {}
        for record in rows:
            before = previous.get(record.id)
            record.delta = record.diff_against(before).changes if before is not None else []
            previous[record.id] = record
        records.extend(rows)
    records.sort(key=lambda r: r.history_date, reverse=True)
    records = records[:limit]
    names = _Names(records)
    return [
        Correction(
            when=r.history_date,
            who=r.history_user,
            action=HISTORY_TYPES.get(r.history_type, r.history_type),
            what=_label(r, names),
            reason=r.history_change_reason or "",
            changes=[(c.field, names.shown(r.instance_type, c.field, c.old), names.shown(r.instance_type, c.field, c.new)) for c in r.delta],
        )
        for r in records
    ]


def _label(record, names) -> str:
    label = getattr(record.instance_type, "correction_label", None)
    return label(record, names) if label else str(record.id)


def _foreign_keys(model) -> dict[str, type]:
    """field name -> the model it points at, for the foreign keys of `model`."""
    return {f.name: f.related_model for f in model._meta.concrete_fields if f.is_relation and f.related_model}


class _Names:
    """The names of every row the records point at (old and new values of a
    foreign key included): one query per kind of row, then a lookup. Called as
    names(model, pk)."""

    def __init__(self, records):
        wanted: dict[type, set] = {}
        for record in records:
            for field, model in _foreign_keys(record.instance_type).items():
                values = [getattr(record, f"{field}_id", None)] + [
                    v for c in record.delta if c.field == field for v in (c.old, c.new)
                ]
                wanted.setdefault(model, set()).update(v for v in values if v is not None)
        self.names = {}
        for model, pks in wanted.items():
            if not pks:
                continue
            label_field = "title" if any(f.name == "title" for f in model._meta.fields) else "name"
            if not any(f.name == label_field for f in model._meta.fields):
                continue  # e.g. a user: not named in the log
            for pk, label in model._default_manager.filter(pk__in=pks).order_by().values_list("pk", label_field):
                self.names[(model, pk)] = label
            gone = [pk for pk in pks if (model, pk) not in self.names]
            if gone and hasattr(model, "history"):
                # Merged or deleted: their last recorded name, with a mark.
                for record in model.history.filter(id__in=gone).order_by("id", "history_date"):
                    self.names[(model, record.id)] = f"{record.instance} (merged or deleted)"

    def __call__(self, model, pk) -> str:
        if pk is None:
            return "nobody"
        return self.names.get((model, pk), f"#{pk} (merged or deleted)")

    def shown(self, model, field, value):
        related = _foreign_keys(model).get(field)
        return self(related, value) if related is not None else value

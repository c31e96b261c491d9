"""What every kind of row shares: timestamps, slugs, provenance ("editors win"),
the article date that mentions and quotes carry, and small query helpers."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache

from django.core.exceptions import EmptyResultSet

from django.db import models
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.urls import get_script_prefix, reverse
from django.utils.text import slugify
from simple_history.utils import bulk_update_with_history

from articles import search_index
from articles.history import ensure_baseline
from articles.text import normalise_alias


class Origin(models.TextChoices):
    MACHINE = "machine", "Machine"
    EDITOR = "editor", "Editor"


class Status(models.TextChoices):
    ACTIVE = "active", "Active"
    REJECTED = "rejected", "Rejected"


def url_for(name: str, key: str) -> str:
    """reverse(name, args=[key]), remembered: a page of results links a few
    hundred people, countries and articles, and reversing each one was a tenth
    of the page's time. (The script prefix is part of the key.)"""
    return _reverse(get_script_prefix(), name, key)


@lru_cache(maxsize=50_000)
def _reverse(prefix: str, name: str, key: str) -> str:
    return reverse(name, args=[key])


def max_length(model, field: str) -> int:
    """A column's width, read from the model rather than written again."""
    return model._meta.get_field(field).max_length


def slug_base(text: str, fallback: str = "untitled", max_length: int = 200) -> str:
    """A readable slug for `text`, leaving room for a "-N" suffix."""
    return (slugify(text) or fallback)[: max_length - 8].strip("-") or fallback


def free_slug(base: str, taken) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not in `taken`."""
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def unique_slug(model, text: str, max_length: int = 200, exclude_pk=None) -> str:
    """A readable slug for `text` not yet used by any row of `model`."""
    base = slug_base(text, max_length=max_length)
    taken = model._default_manager.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    return free_slug(base, set(taken.values_list("slug", flat=True)))


def count_subquery(queryset) -> models.Subquery:
    """COUNT(*) of a correlated queryset, as a scalar subquery (COUNT(*), not
    COUNT(id): an index without the id then answers it alone)."""
    return models.Subquery(
        queryset.order_by().annotate(c=models.Func(template="COUNT(*)", output_field=models.IntegerField())).values("c"),
        output_field=models.IntegerField(),
    )


def first_and_total(queryset, count: int) -> tuple[list, int]:
    """The first `count` rows of `queryset` and how many rows it has in all,
    in one query (a window count beside the rows): a list cut short can say
    how long it is without a second query."""
    rows = list(queryset.annotate(total_rows=models.Window(Count("*")))[:count])
    return rows, (rows[0].total_rows if rows else 0)


def monthly_counts(queryset, field: str = "published", **series: models.Q) -> list[tuple]:
    """(first day of month, number of rows) for each month that has any, read
    from the rows' `published` date (or `field`): articles, or mention rows
    (one per article, which carry their article's date: an index-only scan).
    Every timeline of the site is read here. With named `series` (filters),
    each month gives a count per series instead of one count:
    (month, n_first, n_second, ...)."""
    counts = {name: Count("pk", filter=condition) for name, condition in series.items()} or {"n": Count("*")}
    return [
        (row["month"], *(row[name] for name in counts))
        for row in queryset.filter(**{f"{field}__isnull": False})
        .order_by()
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(**counts)
        .order_by("month")
    ]


class TimeStamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class RemembersStored(models.Model):
    """Remembers the values some fields had when the row was read, so a save
    can tell what changed (a renamed person, a mention moved to another
    article) without a query."""

    remembered: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        row = super().from_db(db, field_names, values)
        row._stored = {name: row.__dict__.get(name) for name in cls.remembered}
        return row

    def stored(self, name: str):
        """The value `name` had when read from the database (None for a new row)."""
        return getattr(self, "_stored", {}).get(name)

    def remember_stored(self) -> None:
        self._stored = {name: self.__dict__.get(name) for name in self.remembered}


class PublishedQuerySetMixin:
    """Rows with a `published` date: articles, and the rows that carry theirs."""

    def published_between(self, start=None, end=None):
        queryset = self
        if start:
            queryset = queryset.filter(published__gte=start)
        if end:
            queryset = queryset.filter(published__lte=end)
        return queryset


# ---------------------------------------------------------------------------
# Provenance: "editors win", said once


class ProvenanceQuerySet(models.QuerySet):
    def active(self):
        """Rows readers see: an editor's rejection hides a row everywhere."""
        return self.filter(status=Status.ACTIVE)

    def machine_owned(self):
        """Rows the machine may still change or remove (see Provenance.machine_may_change)."""
        return self.filter(origin=Origin.MACHINE, status=Status.ACTIVE)

    def reject(self, by=None) -> int:
        """Reject these rows (kept, hidden, never re-created by the machine)."""
        return self._set_status(Status.REJECTED, by)

    def restore(self, by=None) -> int:
        """Make rejected rows active again, as the editor's decision."""
        return self._set_status(Status.ACTIVE, by)

    def _set_status(self, status: str, by) -> int:
        return self.decide({"status": status}, by, unless=models.Q(status=status))

    def decide(self, values: dict, by=None, unless: models.Q | None = None) -> int:
        """An editor's decision on these rows (those not already `unless`): the
        values set, the rows made the editor's, a history record each (after a
        baseline, so the history says "from what"), in a few queries for any
        number of rows. Returns how many changed."""
        rows, now = list(self.exclude(unless) if unless is not None else self), timezone.now()
        if not rows:
            return 0
        ensure_baseline(self.model, [row.pk for row in rows])
        for row in rows:
            for name, value in values.items():
                setattr(row, name, value)
            row.origin, row.updated = Origin.EDITOR, now
        user = by if by is not None and by.is_authenticated else None
        fields = [*values, "origin", "updated"]
        bulk_update_with_history(rows, self.model, fields, batch_size=500, default_user=user)
        search_index.articles_changed(row.article_id for row in rows)
        return len(rows)


class Provenance(models.Model):
    """Where a row came from (the machine or an editor) and whether it stands.

    The rule, in one place: the machine may change or remove a row only while
    it is its own and active. An editor's row is never touched by ingestion; a
    rejected row stays, so the machine remembers the editor said no."""

    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MACHINE, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)

    class Meta:
        abstract = True

    @property
    def machine_may_change(self) -> bool:
        return self.origin == Origin.MACHINE and self.status == Status.ACTIVE

    def mark_edited(self) -> None:
        """What an editor saves is the editor's: ingestion will not overwrite it."""
        self.origin = Origin.EDITOR

    def reject(self, by=None) -> None:
        self._decide(Status.REJECTED, by)

    def restore(self, by=None) -> None:
        self._decide(Status.ACTIVE, by)

    def _decide(self, status: str, by) -> None:
        ensure_baseline(type(self), [self.pk])
        self.status = status
        self.mark_edited()
        if by is not None and by.is_authenticated:
            self._history_user = by
        self.save()

    def absorb_provenance(self, other: Provenance) -> bool:
        """Two rows become one (a merge): an active row beats a rejected one, and
        an editor's touch on either survives. Returns whether `other`'s content
        should replace this row's (it is the active one of the two)."""
        takes_other = self.status != other.status and other.status == Status.ACTIVE
        if takes_other:
            self.status = Status.ACTIVE
        if Origin.EDITOR in (self.origin, other.origin):
            self.origin = Origin.EDITOR
        return takes_other


# ---------------------------------------------------------------------------
# Rows that carry their article's date


class DatedQuerySet(PublishedQuerySetMixin, ProvenanceQuerySet):
    """Rows that carry their article's date (ArticleDated)."""

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        search_index.articles_changed(obj.article_id for obj in created)
        return created


class ArticleDated(RemembersStored):
    """Mentions and quotes carry a copy of their article's date, so the newest
    articles, the quotes and the monthly timeline of someone named in 12,000
    articles are read from one index instead of joining and sorting them all.
    It is derived data: search_index keeps it current (every save and bulk
    create of such a row, and every save of an article, goes through its door)."""

    published = models.DateField(null=True, blank=True, editable=False, help_text="The article's date (a copy).")
    remembered = ("article_id",)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The row's new article, and its old one if it moved.
        search_index.articles_changed([self.article_id, self.stored("article_id")])
        self.remember_stored()

    def delete(self, *args, **kwargs):
        article_id = self.article_id
        result = super().delete(*args, **kwargs)
        search_index.articles_changed([article_id])
        return result


class Alias(models.Model):
    """A spelling that names a person or a country (subclasses add the foreign
    key named by `entity`, related_name "aliases"); looked up by its
    normalised form, which is unique across all spellings of the kind."""

    entity: str = ""

    name = models.CharField(max_length=200)
    normalised = models.CharField(max_length=200, unique=True, editable=False)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MACHINE)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        named = getattr(self, self.entity) if getattr(self, f"{self.entity}_id") else None
        return f"{self.name} → {named and self.label_of(named)}"

    @staticmethod
    def label_of(named) -> str:
        return str(named)

    def get_absolute_url(self) -> str:
        return getattr(self, self.entity).get_absolute_url()

    def save(self, *args, **kwargs):
        self.normalised = normalise_alias(self.name)
        super().save(*args, **kwargs)

    @classmethod
    def correction_label(cls, record, name) -> str:
        return f"Alias “{record.name}”"


def ids_of(rows: Iterable) -> list:
    return [getattr(row, "pk", row) for row in rows]


@models.ForeignKey.register_lookup
@models.BigAutoField.register_lookup
@models.AutoField.register_lookup
class AnyOf(models.Lookup):
    """`field__any_of=[ids]`: `__in` for a list of ids, sent as one parameter
    (an array on PostgreSQL, a JSON list on SQLite) instead of one placeholder
    each. Facets and ranking take the 1,000 newest matches of a search, and
    Django prepared a thousand placeholders for each of those queries, a few
    milliseconds apiece."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(getattr(value, "pk", value)) for value in self.rhs]

    def as_sql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        lhs, params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*params, self.rhs]
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(self.rhs)]

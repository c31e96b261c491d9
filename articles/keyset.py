"""Keyset (cursor) pagination for the API and anything else that walks a long
result: the next page is "the rows after this one in this order", a WHERE on
the ordering columns that an index answers, so page 5,000 costs what page 1
costs. OFFSET would read and throw away every row before the page.

An ordering is a tuple of `Key`s ending with a unique column (the id), so
that "after" is always well defined. The cursor is the last row's values of
those keys, as url-safe base64 of JSON: opaque to a client, checked on the
way back in (a cursor is user input like any other).

For the index to do the work, "after" is written as a row comparison,
(published, id) < (%s, %s), which PostgreSQL turns into the start of an
index range scan; an OR of the same conditions it can only filter row by row.
A nullable first key (undated articles and quotes, listed last) is read in
two parts, the dated rows and then the undated ones, so that each part is one
range of the index: a page that reaches the undated rows costs one query more.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import F, Q, prefetch_related_objects

# Row comparisons: public in Django 5.2 for composite primary keys, and
# compiled to plain SQL on PostgreSQL and SQLite alike.
from django.db.models.fields.tuple_lookups import (
    Tuple,
    TupleGreaterThan,
    TupleGreaterThanOrEqual,
    TupleLessThan,
    TupleLessThanOrEqual,
)

MAX_CURSOR_LENGTH = 2000


class BadCursor(ValueError):
    """A cursor this ordering could not have produced."""


@dataclass(frozen=True)
class Key:
    field: str
    descending: bool = False
    # Nulls sort last whichever the direction (the pages list undated articles last).
    nullable: bool = False
    kind: type = int
    # Where the index that serves this order keeps nulls. Each part of a
    # nullable key's read has none, so this changes no result, but PostgreSQL
    # reads an index in order only when the ORDER BY says the same.
    index_nulls_first: bool = False

    def order(self):
        expression = F(self.field)
        nulls = {}
        if self.nullable:
            nulls = {"nulls_first": True} if self.index_nulls_first else {"nulls_last": True}
        return expression.desc(**nulls) if self.descending else expression.asc(**nulls)

    def after(self, value) -> Q | None:
        """Rows strictly after `value` in this key's order (None: no row is)."""
        if value is None:
            return None  # nulls come last: nothing sorts after them
        beyond = Q(**{f"{self.field}__{'lt' if self.descending else 'gt'}": value})
        return beyond | Q(**{f"{self.field}__isnull": True}) if self.nullable else beyond

    def equal(self, value) -> Q:
        return Q(**{f"{self.field}__isnull": True}) if value is None else Q(**{self.field: value})

    def dump(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else value

    def load(self, raw):
        if raw is None:
            if not self.nullable:
                raise BadCursor(f"{self.field} cannot be empty")
            return None
        if self.kind is datetime.date:
            if not isinstance(raw, str):
                raise BadCursor(f"{self.field} is not a date")
            try:
                return datetime.date.fromisoformat(raw)
            except ValueError as error:
                raise BadCursor(str(error)) from None
        if self.kind is int:
            if type(raw) is not int or not -(2**63) <= raw < 2**63:
                raise BadCursor(f"{self.field} is not a whole number")
            return raw
        if type(raw) is not str or "\x00" in raw or len(raw) > 500:
            raise BadCursor(f"{self.field} is not a string")
        return raw


def encode(keys: tuple[Key, ...], row) -> str:
    values = [key.dump(getattr(row, key.field)) for key in keys]
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def decode(keys: tuple[Key, ...], cursor: str) -> list:
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise BadCursor("too long")
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise BadCursor(str(error)) from None
    if not isinstance(raw, list) or len(raw) != len(keys):
        raise BadCursor("wrong shape")
    return [key.load(value) for key, value in zip(keys, raw)]


def after(keys: tuple[Key, ...], values: list) -> Q:
    """Rows that come after `values` in the order of `keys`: after on the first
    key, or equal on it and after on the second, and so on."""
    clauses, equal = [], Q()
    for key, value in zip(keys, values):
        beyond = key.after(value)
        if beyond is not None:
            clauses.append(equal & beyond)
        equal &= key.equal(value)
    return reduce(or_, clauses) if clauses else Q(pk__in=[])


def conditions(keys: tuple[Key, ...], values: list) -> list:
    """Filters for the rows after `values`, none of them null: a row
    comparison on the leading keys that share the first one's direction
    (exact when they are all the keys; otherwise a bound that starts the
    index scan) and, when needed, the exact condition."""
    run = 1
    while run < len(keys) and keys[run].descending == keys[0].descending:
        run += 1
    lhs, rhs = Tuple(*(F(key.field) for key in keys[:run])), tuple(values[:run])
    if run == len(keys):
        return [(TupleLessThan if keys[0].descending else TupleGreaterThan)(lhs, rhs)]
    bound = (TupleLessThanOrEqual if keys[0].descending else TupleGreaterThanOrEqual)(lhs, rhs)
    return [bound, after(keys, values)]


def _fetch(queryset, keys, values, count: int) -> list:
    queryset = queryset.order_by(*(key.order() for key in keys))
    if values is not None:
        queryset = queryset.filter(*conditions(keys, values))
    return list(queryset[:count])


def page(queryset, keys: tuple[Key, ...], cursor: str | None, limit: int) -> tuple[list, str | None]:
    """Up to `limit` rows of `queryset` in the order of `keys`, starting after
    `cursor`, and the cursor of the next page (None on the last). One query
    (two when the page reaches the rows whose nullable first key is null),
    plus the queryset's prefetches once for the page: it asks for one row
    more than it shows to know whether there is a next page."""
    values = decode(keys, cursor) if cursor else None
    prefetches = queryset._prefetch_related_lookups
    queryset = queryset.prefetch_related(None)
    first = keys[0]
    if not first.nullable:
        rows = _fetch(queryset, keys, values, limit + 1)
    else:
        rows = []
        if values is None or values[0] is not None:
            rows = _fetch(queryset.filter(**{f"{first.field}__isnull": False}), keys, values, limit + 1)
        if len(rows) <= limit:
            nulls = queryset.filter(**{f"{first.field}__isnull": True})
            within = values is not None and values[0] is None
            rows += _fetch(nulls, keys[1:], values[1:] if within else None, limit + 1 - len(rows))
    shown = rows[:limit]
    if prefetches:
        prefetch_related_objects(shown, *prefetches)
    return shown, (encode(keys, rows[limit - 1]) if len(rows) > limit else None)

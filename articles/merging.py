"""Merging people: one human, one page.

`merge_people` folds one or more people into a survivor in a single transaction:
their mentions, quotes and aliases move, their names become aliases of the
survivor (so the next ingestion resolves them to the survivor too), their slugs
become redirects, and a PersonMerge row records who did it and how many rows
moved. Every row it touches gets a history record naming the user.

Rows move in bulk (a few queries per 500 rows), so merging someone mentioned in
ten thousand articles is one request, not ten thousand.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from articles import search_index
from articles.history import ensure_baseline
from articles.models import (
    Event,
    Origin,
    Person,
    PersonAlias,
    PersonMention,
    PersonMerge,
    PersonRedirect,
    Quote,
    count_subquery,
)
from articles.text import normalise_alias

CHANGE_REASON = "Merged {names} into {survivor}"
REASON_MAX = 100  # simple_history's change reason column
BATCH_SIZE = 500
COMBINED_FIELDS = ["count", "spans", "first_offset", "status", "origin", "updated"]


class MergeError(ValueError):
    """The people asked for cannot be merged (nothing to merge, or the survivor among them)."""


def merge_people(survivor: Person, others: Iterable[Person], user=None) -> PersonMerge:
    """Fold `others` into `survivor` and delete them; returns the audit record."""
    others = _distinct_others(survivor, others)
    user = user if user is not None and user.is_authenticated else None
    reason = CHANGE_REASON.format(names=", ".join(p.name for p in others), survivor=survivor.name)
    if len(reason) > REASON_MAX:
        reason = reason[: REASON_MAX - 1] + "…"
    with transaction.atomic(), search_index.deferred():
        # Lock the people involved so a concurrent merge or edit waits (a no-op on SQLite).
        locked = list(Person.objects.select_for_update().filter(pk__in=[survivor.pk, *[p.pk for p in others]]))
        if len(locked) != len(others) + 1:
            raise MergeError("One of these people no longer exists; reload the page and try again.")
        _record_baselines(survivor, others)
        # Their articles are now found by the survivor's name, not theirs.
        search_index.articles_changed(PersonMention.objects.filter(person__in=others).values_list("article_id", flat=True))
        moved = {
            "mentions": _move_mentions(survivor, others, user, reason),
            "quotes": _move_quotes(survivor, others, user, reason),
            "aliases": _move_aliases(survivor, others, user, reason),
            "redirects": _redirect_slugs(survivor, others),
        }
        _move_events(survivor, others)
        # Earlier merges into a person merged now stay on record, under the new survivor.
        PersonMerge.objects.filter(survivor__in=others).update(survivor=survivor)
        record = PersonMerge.objects.create(
            survivor=survivor,
            merged_names=[p.name for p in others],
            merged_slugs=[p.slug for p in others],
            moved=moved,
            merged_by=user,
        )
        # Nothing points at them any more; were anything left, the database's
        # foreign keys would refuse and the whole merge would roll back.
        delete_with_history(Person, others, user, reason)
    return record


def people_for_merge(pks: Iterable[int]) -> list[Person]:
    """The people to merge, each annotated with how many mentions, quotes and
    aliases it holds (all statuses: everything moves), in one query."""
    return list(
        Person.objects.filter(pk__in=list(pks))
        .annotate(
            mentions_n=count_subquery(PersonMention.objects.filter(person=OuterRef("pk"))),
            quotes_n=count_subquery(Quote.objects.filter(speaker=OuterRef("pk"))),
            aliases_n=count_subquery(PersonAlias.objects.filter(person=OuterRef("pk"))),
        )
        .order_by("name", "pk")
    )


def _distinct_others(survivor: Person, others: Iterable[Person]) -> list[Person]:
    distinct = {p.pk: p for p in others if p.pk != survivor.pk}
    if not distinct:
        raise MergeError("Choose at least one person other than the survivor to merge.")
    return list(distinct.values())


def _record_baselines(survivor: Person, others: list[Person]) -> None:
    """So the history of every row the merge touches says what it was before."""
    ensure_baseline(Person, [p.pk for p in others])
    # order_by(): the models' default orderings would join and sort for nothing.
    theirs = PersonMention.objects.filter(person__in=others).order_by()
    shared = PersonMention.objects.filter(person=survivor, article_id__in=theirs.values("article_id")).order_by()
    ensure_baseline(PersonMention, [*theirs.values_list("pk", flat=True), *shared.values_list("pk", flat=True)])
    ensure_baseline(Quote, Quote.objects.filter(speaker__in=others).order_by().values_list("pk", flat=True))
    ensure_baseline(PersonAlias, PersonAlias.objects.filter(person__in=others).order_by().values_list("pk", flat=True))


def delete_with_history(model, objs: list, user, reason: str) -> None:
    """Delete rows that nothing references any more, with one '-' history record
    each, in bulk (a plain delete writes one history row per object)."""
    if not objs:
        return
    history = model.history.model
    now = timezone.now()
    history.objects.bulk_create(
        [
            history(
                history_date=now,
                history_user=user,
                history_change_reason=reason,
                history_type="-",
                **{f.attname: getattr(obj, f.attname) for f in history.tracked_fields},
            )
            for obj in objs
        ],
        batch_size=BATCH_SIZE,
    )
    # _raw_delete: a single DELETE without the per-object signals (and history)
    # already written above; the rows have no dependants left to cascade to.
    queryset = model._default_manager.filter(pk__in=[obj.pk for obj in objs])
    queryset._raw_delete(queryset.db)


def _move_mentions(survivor: Person, others: list[Person], user, reason: str) -> int:
    """Re-point the others' mentions to the survivor. Where the survivor (or
    another of them) is already mentioned in the same article, the two rows
    become one: the (article, person) pair is unique."""
    mentions = list(PersonMention.objects.filter(person__in=others).order_by("article_id", "id"))
    kept_by_article = {
        m.article_id: m
        for m in PersonMention.objects.filter(person=survivor, article_id__in={m.article_id for m in mentions}).order_by()
    }
    to_move, absorbed, combined = [], [], {}
    for mention in mentions:
        kept = kept_by_article.get(mention.article_id)
        if kept is None:
            mention.person = survivor
            kept_by_article[mention.article_id] = mention
            to_move.append(mention)
        else:
            kept.absorb(mention)
            absorbed.append(mention)
            combined[kept.pk] = kept
    # Absorbed rows go first so no moved row meets them on the unique (article, person).
    delete_with_history(PersonMention, absorbed, user, reason)
    now = timezone.now()
    repoint(PersonMention, to_move, {"person": survivor, "updated": now}, user, reason)
    if combined:
        rows = list(combined.values())
        # One small UPDATE per combined row: faster than bulk_update's CASE
        # expressions, which Django builds per row and field.
        for row in rows:
            row.updated = now
            PersonMention.objects.filter(pk=row.pk).update(**{f: getattr(row, f) for f in COMBINED_FIELDS})
        PersonMention.history.bulk_history_create(
            rows, batch_size=BATCH_SIZE, update=True, default_user=user, default_change_reason=reason
        )
    return len(mentions)


def repoint(model, objs: list, values: dict, user, reason: str) -> None:
    """Set the same `values` on many rows: one UPDATE per 500 rows and their
    history in bulk (QuerySet.bulk_update builds a CASE per row and field,
    which takes seconds for thousands of rows)."""
    for obj in objs:
        for name, value in values.items():
            setattr(obj, name, value)
    for start in range(0, len(objs), BATCH_SIZE):
        chunk = objs[start : start + BATCH_SIZE]
        model._default_manager.filter(pk__in=[obj.pk for obj in chunk]).update(**values)
    if objs:
        model.history.bulk_history_create(
            objs, batch_size=BATCH_SIZE, update=True, default_user=user, default_change_reason=reason
        )


def _move_events(survivor: Person, others: list[Person]) -> None:
    """The events the others took part in now name the survivor (once each)."""
    through = Event.people.through
    theirs = set(through.objects.filter(person__in=others).values_list("event_id", flat=True))
    if not theirs:
        return
    through.objects.filter(person__in=others).delete()
    held = set(through.objects.filter(person=survivor, event_id__in=theirs).values_list("event_id", flat=True))
    through.objects.bulk_create([through(event_id=pk, person_id=survivor.pk) for pk in sorted(theirs - held)])


def _move_quotes(survivor: Person, others: list[Person], user, reason: str) -> int:
    quotes = list(Quote.objects.filter(speaker__in=others).order_by("pk"))
    repoint(Quote, quotes, {"speaker": survivor, "updated": timezone.now()}, user, reason)
    return len(quotes)


def _move_aliases(survivor: Person, others: list[Person], user, reason: str) -> int:
    """Move the others' aliases, and keep each other's canonical name as an
    alias, so the machine resolves every old spelling to the survivor."""
    aliases = list(PersonAlias.objects.filter(person__in=others).order_by("pk"))
    repoint(PersonAlias, aliases, {"person": survivor}, user, reason)
    names = {normalise_alias(p.name): p.name for p in others}
    names.pop(normalise_alias(survivor.name), None)
    # A spelling already held (by the survivor, or by a third person, whose it
    # is not ours to decide) stays as it is.
    taken = set(PersonAlias.objects.filter(normalised__in=list(names)).values_list("normalised", flat=True))
    # An editor's merge makes editor's aliases (they steer even a bare surname);
    # the machine's (ingest.consolidate_people, no user) makes machine ones.
    origin = Origin.EDITOR if user is not None else Origin.MACHINE
    new = [
        PersonAlias(person=survivor, name=name, normalised=key, origin=origin)
        for key, name in names.items()
        if key not in taken
    ]
    if new:
        bulk_create_with_history(
            new, PersonAlias, batch_size=BATCH_SIZE, default_user=user, default_change_reason=reason
        )
    return len(aliases)


def _redirect_slugs(survivor: Person, others: list[Person]) -> int:
    """The others' slugs, and every slug that already redirected to them, now
    lead to the survivor."""
    slugs = [p.slug for p in others]
    PersonRedirect.objects.filter(person__in=others).update(person=survivor)
    PersonRedirect.objects.filter(old_slug__in=slugs).update(person=survivor)
    existing = set(PersonRedirect.objects.filter(old_slug__in=slugs).values_list("old_slug", flat=True))
    PersonRedirect.objects.bulk_create(
        [PersonRedirect(old_slug=slug, person=survivor) for slug in slugs if slug not in existing]
    )
    PersonRedirect.objects.filter(old_slug=survivor.slug).delete()
    return len(others)

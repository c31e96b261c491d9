"""Merging people: one human, one page.

`merge_people` folds one or more people into a survivor in a single transaction:
their mentions, quotes and aliases move, their names become aliases of the
survivor (so the next ingestion resolves them to the survivor too), their slugs
become redirects, and a PersonMerge row records who did it and how many rows
moved. Every row it touches gets a history record naming the user.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef
from simple_history.utils import bulk_update_with_history

from articles.models import (
    Origin,
    Person,
    PersonAlias,
    PersonMention,
    PersonMerge,
    PersonRedirect,
    Quote,
    Status,
)
from articles.extraction.types import normalise_alias
from articles.history import ensure_baseline
from articles.querysets import _count_subquery

CHANGE_REASON = "Merged {names} into {survivor}"
BATCH_SIZE = 500


class MergeError(ValueError):
    """The people asked for cannot be merged (nothing to merge, or the survivor among them)."""


def merge_people(survivor: Person, others: Iterable[Person], user=None) -> PersonMerge:
    """Fold `others` into `survivor` and delete them; returns the audit record."""
    others = _distinct_others(survivor, others)
    reason = CHANGE_REASON.format(names=", ".join(p.name for p in others), survivor=survivor.name)
    if len(reason) > 100:  # simple_history's change reason column
        reason = reason[:99] + "…"
    with transaction.atomic():
        # Lock the people involved so a concurrent ingestion cannot attach a new
        # mention to someone who is about to disappear (a no-op on SQLite).
        locked = list(Person.objects.select_for_update().filter(pk__in=[survivor.pk, *[p.pk for p in others]]))
        if len(locked) != len(others) + 1:
            raise MergeError("One of these people no longer exists; reload the page and try again.")
        _record_baselines(survivor, others)
        moved = {
            "mentions": _move_mentions(survivor, others, user, reason),
            "quotes": _move_quotes(survivor, others, user, reason),
            "aliases": _move_aliases(survivor, others, user, reason),
            "redirects": _redirect_slugs(survivor, others),
        }
        # Earlier merges into a person merged now stay on record, under the new survivor.
        PersonMerge.objects.filter(survivor__in=others).update(survivor=survivor)
        record = PersonMerge.objects.create(
            survivor=survivor,
            merged_names=[p.name for p in others],
            merged_slugs=[p.slug for p in others],
            moved=moved,
            merged_by=user if user is not None and user.is_authenticated else None,
        )
        for other in others:
            _with_history(other, user, reason).delete()
    return record


def people_for_merge(pks: Iterable[int]) -> list[Person]:
    """The people to merge, each annotated with how many mentions, quotes and
    aliases it holds (all statuses: everything moves), in one query."""
    return list(
        Person.objects.filter(pk__in=list(pks))
        .annotate(
            mentions_n=_count_subquery(PersonMention.objects.filter(person=OuterRef("pk"))),
            quotes_n=_count_subquery(Quote.objects.filter(speaker=OuterRef("pk"))),
            aliases_n=_count_subquery(PersonAlias.objects.filter(person=OuterRef("pk"))),
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
    theirs = PersonMention.objects.filter(person__in=others)
    shared = PersonMention.objects.filter(person=survivor, article_id__in=theirs.values("article_id"))
    ensure_baseline(PersonMention, [*theirs.values_list("pk", flat=True), *shared.values_list("pk", flat=True)])
    ensure_baseline(Quote, Quote.objects.filter(speaker__in=others).values_list("pk", flat=True))
    ensure_baseline(PersonAlias, PersonAlias.objects.filter(person__in=others).values_list("pk", flat=True))


def _with_history(obj, user, reason):
    # Outside a request (shell, command) the history middleware knows no user.
    if user is not None and user.is_authenticated:
        obj._history_user = user
    obj._change_reason = reason
    return obj


def _move_mentions(survivor: Person, others: list[Person], user, reason: str) -> int:
    """Re-point the others' mentions to the survivor. Where the survivor is
    already mentioned in the same article, the two rows become one (the
    (article, person) pair is unique)."""
    mentions = list(PersonMention.objects.filter(person__in=others).order_by("article_id", "id"))
    kept_by_article = {
        m.article_id: m
        for m in PersonMention.objects.filter(person=survivor, article_id__in={m.article_id for m in mentions})
    }
    already_there = set(kept_by_article)
    to_move, absorbed, combined = [], [], {}
    for mention in mentions:
        kept = kept_by_article.get(mention.article_id)
        if kept is None:
            mention.person = survivor
            kept_by_article[mention.article_id] = mention
            to_move.append(mention)
        else:
            combine_mentions(kept, mention)
            absorbed.append(mention)
            if mention.article_id in already_there:
                combined[kept.pk] = kept
    # Absorbed rows go first so no moved row meets them on the unique (article, person).
    for mention in absorbed:
        _with_history(mention, user, reason).delete()
    if to_move:
        bulk_update_with_history(
            to_move, PersonMention, ["person", "count", "spans", "first_offset", "status", "origin"],
            batch_size=BATCH_SIZE, default_user=_user_or_none(user), default_change_reason=reason,
        )
    for kept in combined.values():
        _with_history(kept, user, reason).save()
    return len(mentions)


def combine_mentions(kept: PersonMention, other: PersonMention) -> None:
    """Fold `other` into `kept` (same article, one human). An active row beats a
    rejected one: the rejected spans were judged wrong, so they are dropped;
    two rows of the same status add up. An editor's touch on either survives."""
    if kept.status != other.status:
        if other.status == Status.ACTIVE:
            kept.count, kept.spans, kept.status = other.count, list(other.spans or []), Status.ACTIVE
    else:
        kept_spans = [list(s) for s in kept.spans or []]
        other_spans = [list(s) for s in other.spans or []]
        shared = sum(1 for s in other_spans if s in kept_spans)
        kept.spans = sorted(kept_spans + [s for s in other_spans if s not in kept_spans])
        kept.count = kept.count + other.count - shared
    kept.first_offset = kept.spans[0][0] if kept.spans else _min_offset(kept.first_offset, other.first_offset)
    if Origin.EDITOR in (kept.origin, other.origin):
        kept.origin = Origin.EDITOR


def _min_offset(a, b):
    offsets = [o for o in (a, b) if o is not None]
    return min(offsets) if offsets else None


def _move_quotes(survivor: Person, others: list[Person], user, reason: str) -> int:
    quotes = list(Quote.objects.filter(speaker__in=others))
    for quote in quotes:
        quote.speaker = survivor
    if quotes:
        bulk_update_with_history(
            quotes, Quote, ["speaker"], batch_size=BATCH_SIZE,
            default_user=_user_or_none(user), default_change_reason=reason,
        )
    return len(quotes)


def _move_aliases(survivor: Person, others: list[Person], user, reason: str) -> int:
    """Move the others' aliases, and keep each other's canonical name as an
    alias, so the machine resolves every old spelling to the survivor."""
    aliases = list(PersonAlias.objects.filter(person__in=others))
    for alias in aliases:
        alias.person = survivor
    if aliases:
        bulk_update_with_history(
            aliases, PersonAlias, ["person"], batch_size=BATCH_SIZE,
            default_user=_user_or_none(user), default_change_reason=reason,
        )
    known = {a.normalised for a in aliases} | set(
        PersonAlias.objects.filter(person=survivor).values_list("normalised", flat=True)
    )
    known.add(normalise_alias(survivor.name))
    for other in others:
        key = normalise_alias(other.name)
        if key in known:
            continue
        known.add(key)
        # A third person holding this spelling keeps it: that is not ours to decide.
        if PersonAlias.objects.filter(normalised=key).exists():
            continue
        alias = PersonAlias(person=survivor, name=other.name, origin=Origin.EDITOR)
        _with_history(alias, user, reason).save()
    return len(aliases)


def _redirect_slugs(survivor: Person, others: list[Person]) -> int:
    """The others' slugs, and every slug that already redirected to them, now
    lead to the survivor."""
    PersonRedirect.objects.filter(person__in=others).update(person=survivor)
    for other in others:
        PersonRedirect.objects.update_or_create(old_slug=other.slug, defaults={"person": survivor})
    PersonRedirect.objects.filter(old_slug=survivor.slug).delete()
    return len(others)


def _user_or_none(user):
    return user if user is not None and user.is_authenticated else None

"""What a search matches, and the derived data that keeps it (and the pages) current.

This module is the one place to change "what a search matches":
- the search document of an article (PostgreSQL): which texts go into its
  vector, with which weight and text-search configuration (`REFRESH_SQL`);
- how a query is read and matched, ranked and highlighted, on PostgreSQL
  (websearch syntax) and on SQLite (every word, anywhere);

and the one door through which every write says "these articles changed":
`articles_changed(ids)`. Derived data is what pages read but nobody writes by
hand: each article's search vector (its text plus the names of its active
people and countries) and the article date that its mentions and quotes carry
(so a person's newest articles and timeline come off one index). Model saves,
bulk creates, ingestion, merges and the admin's bulk actions all call
`articles_changed`; inside `deferred()` (an ingestion batch, an admin request, a
merge) the ids are collected and refreshed once, when the block ends, inside its
transaction. `refresh(ids)` recomputes them now (also `manage.py refresh_derived`).

The models import this module, so it imports none of them: the app binds the
models it needs at start-up (`bind`, called from ArticlesConfig.ready).
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Left

SEARCH_CONFIG = "english"  # stemming for the texts
NAMES_CONFIG = "simple"  # names are not stemmed: "Jones" is not "Jone"
# to_tsvector refuses inputs over 1 MB; the first 400,000 characters of a body
# are plenty to find an article by.
BODY_CHARS = 400_000
# ts_headline parses the whole text it is given: on long bodies it cost more
# than the search itself. The first few thousand characters hold the match in
# most news articles.
HEADLINE_SOURCE_CHARS = 3000
# Private-use characters mark the highlighted words in a PostgreSQL headline, so
# the snippet can be escaped as plain text before the marks become <mark>.
MARK_START, MARK_STOP = "\ue000", "\ue001"
WORD_RE = re.compile(r"\w+", re.UNICODE)

# The search document: title A, standfirst B, body C, the names of the
# article's active people and countries A and of its organisations B, so a
# search for a name finds the article however the text spelt it (and a merge or
# a rename moves it).
REFRESH_SQL = f"""
UPDATE articles_article AS a SET search_vector =
    setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(a.title, '')), 'A')
 || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(a.standfirst, '')), 'B')
 || setweight(to_tsvector('{SEARCH_CONFIG}', left(coalesce(a.body, ''), {BODY_CHARS})), 'C')
 || setweight(to_tsvector('{NAMES_CONFIG}', coalesce((
        SELECT string_agg(p.name, ' ') FROM articles_personmention pm
        JOIN articles_person p ON p.id = pm.person_id
        WHERE pm.article_id = a.id AND pm.status = %(active)s), '')), 'A')
 || setweight(to_tsvector('{NAMES_CONFIG}', coalesce((
        SELECT string_agg(c.name, ' ') FROM articles_countrymention cm
        JOIN articles_country c ON c.id = cm.country_id
        WHERE cm.article_id = a.id AND cm.status = %(active)s), '')), 'A')
 || setweight(to_tsvector('{NAMES_CONFIG}', coalesce((
        SELECT string_agg(o.name, ' ') FROM articles_organisationmention om
        JOIN articles_organisation o ON o.id = om.organisation_id
        WHERE om.article_id = a.id AND om.status = %(active)s), '')), 'B')
WHERE a.id = ANY(%(ids)s)
"""


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


class _Models:
    """The models this module works with, bound once the app is ready."""

    article = None  # Article
    named: tuple = ()  # mention models whose entities' names go into the document
    dated: tuple = ()  # models whose rows carry their article's date
    active = None  # the status of a row readers see


def bind(*, article, named, dated, active) -> None:
    _Models.article, _Models.named, _Models.dated, _Models.active = article, tuple(named), tuple(dated), active


# ---------------------------------------------------------------------------
# The door: every write that changes what an article's derived data is made of

_pending: contextvars.ContextVar[set | None] = contextvars.ContextVar("articles_changed_pending", default=None)


def articles_changed(ids: Iterable) -> None:
    """Say that these articles' derived data may have changed: refreshed now,
    or at the end of the enclosing `deferred()` block."""
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    pending = _pending.get()
    if pending is None:
        refresh(ids)
    else:
        pending.update(ids)


@contextmanager
def deferred() -> Iterator[None]:
    """Collect `articles_changed` calls and refresh each article once when the
    block ends without an error. Put it inside the transaction (`with
    transaction.atomic(), deferred():`) so the refresh commits with the writes.
    Nested blocks join the outermost one."""
    if _pending.get() is not None:
        yield
        return
    pending: set = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    refresh(pending)


def refresh(ids: Iterable) -> None:
    """Recompute the derived data of these articles now."""
    ids = sorted({pk for pk in ids if pk is not None})
    if not ids:
        return
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        _refresh_vectors(chunk)
        _refresh_dates(chunk)


def _refresh_vectors(ids: list) -> None:
    if not is_postgresql():
        return  # SQLite searches the live rows (see matching)
    with connection.cursor() as cursor:
        cursor.execute(REFRESH_SQL, {"ids": ids, "active": _Models.active})


def _refresh_dates(ids: list) -> None:
    """Copy each article's date to its mentions and quotes: one UPDATE per kind
    of row, whatever the number of articles."""
    dates = _Models.article.objects.filter(pk=OuterRef("article_id")).values("published")[:1]
    for model in _Models.dated:
        model.objects.filter(article_id__in=ids).update(published=dates)


# ---------------------------------------------------------------------------
# Matching, ranking, highlighting


def words_of(query: str, limit: int = 12) -> list[str]:
    """The words of a query for the simple (SQLite) search; operators and
    punctuation are dropped."""
    return [w for w in WORD_RE.findall(query) if w.lower() != "or"][:limit]


def _search_query(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


def matching(queryset, query: str):
    """Articles of `queryset` matching `query`, unordered. PostgreSQL:
    websearch syntax ("phrases", -word, or) against the search document.
    SQLite: every word in the title, standfirst, body or the name of an active
    person or country of the article."""
    query = (query or "").strip()
    if not query:
        return queryset
    if is_postgresql():
        return queryset.filter(search_vector=_search_query(query))
    words = words_of(query)
    if not words:
        return queryset.none()
    for word in words:
        names = [
            Exists(model.objects.active().filter(article=OuterRef("pk"), **{f"{model.entity}__name__icontains": word}))
            for model in _Models.named
        ]
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word) | _any(names)
        )
    return queryset


def _any(conditions) -> Q:
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined


def ranked(queryset, query: str):
    """Best match for `query` first (PostgreSQL; SQLite keeps the order). Every
    article's vector is read: keep the set small."""
    query = (query or "").strip()
    if not query or not is_postgresql():
        return queryset
    return queryset.annotate(rank=SearchRank(F("search_vector"), _search_query(query))).order_by(
        "-rank", F("published").desc(nulls_last=True), "-id"
    )


def with_headline(queryset, query: str):
    """Annotate `headline`: a snippet of the body around the matches, each match
    between MARK_START and MARK_STOP (PostgreSQL; the SQLite snippet is cut in
    Python, see articles.templatetags.articles_extras.snippet)."""
    query = (query or "").strip()
    if not query or not is_postgresql():
        return queryset
    return queryset.annotate(
        headline=SearchHeadline(
            Left("body", HEADLINE_SOURCE_CHARS),
            _search_query(query),
            config=SEARCH_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            max_words=35,
            min_words=15,
            max_fragments=2,
        )
    )

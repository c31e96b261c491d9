"""What a search matches, and the derived data that keeps it (and the pages) current.

This module is the one place to change "what a search matches":
- the search document of an article: its title, standfirst, body and the names
  of its active people and countries, weighted in that spirit on both
  databases: a weighted tsvector on PostgreSQL (`REFRESH_SQL`), a row of the
  FTS5 table `article_search` with bm25 column weights on SQLite
  (`SQLITE_REFRESH_SQL`, `BM25_WEIGHTS`; tables made by migration 0012);
- how a query is read (the websearch syntax on both: "phrases", or, -word;
  `fts5_query` translates it for SQLite), matched, ranked and highlighted;
- "did you mean": the person or country whose name is closest to a misspelt
  query (pg_trgm on PostgreSQL, FTS5 trigram tables of names and the same
  word-similarity measure in Python on SQLite: `closest`);

and the one door through which every write says "these articles changed":
`articles_changed(ids)`. Derived data is what pages read but nobody writes by
hand: each article's search document (its text plus the names of its active
people and countries; and on SQLite the trigram index of those names), the article date that its mentions and quotes carry
(so a person's newest articles and timeline come off one index), and the
number of articles naming each person, country and organisation it names
(`article_count`, which every list is ordered by). Model saves,
bulk creates, ingestion, merges and the admin's bulk actions all call
`articles_changed`; inside `deferred()` (an ingestion batch, an admin request, a
merge) the ids are collected and refreshed once, when the block ends, inside its
transaction. `refresh(ids)` recomputes them now (also `manage.py refresh_derived`).

The models import this module, so it imports none of them: the app binds the
models it needs at start-up (`bind`, called from ArticlesConfig.ready).
"""

from __future__ import annotations

import contextvars
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import F, OuterRef
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
# A word of a query: letters and digits (the underscore and punctuation
# separate words, as both databases' tokenizers do).
WORD_RE = re.compile(r"[^\W_]+")
# At most this many words of a query are searched for: a pasted paragraph
# must not become a query with hundreds of terms.
MAX_QUERY_WORDS = 16

# The search document: title A, standfirst B, body C, the names of the
# article's active people and countries A and of its organisations B, so a
# search for a name finds the article however the text spelt it (and a merge or
# a rename moves it).
#
# PostgreSQL ranks on a shorter document, `rank_vector`: the same without the
# body past its first RANK_BODY_CHARS characters. Best match means the words are
# in the headline, the standfirst, the names or the opening of the story; and
# ranking reads the vector of each of the 1,000 newest matches, which for the
# whole document cost 15-26 ms a search against 3-7 ms (20,000 articles, load ~4).
RANK_BODY_CHARS = 1500
_NAMES = f"""
    setweight(to_tsvector('{NAMES_CONFIG}', coalesce((
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
        WHERE om.article_id = a.id AND om.status = %(active)s), '')), 'B')"""
REFRESH_SQL = f"""
UPDATE articles_article AS target SET search_vector = d.head || d.body || d.names, rank_vector = d.head || d.lead || d.names
FROM (
    SELECT a.id,
           setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(a.title, '')), 'A')
        || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(a.standfirst, '')), 'B') AS head,
           setweight(to_tsvector('{SEARCH_CONFIG}', left(coalesce(a.body, ''), {BODY_CHARS})), 'C') AS body,
           setweight(to_tsvector('{SEARCH_CONFIG}', left(coalesce(a.body, ''), {RANK_BODY_CHARS})), 'C') AS lead,
           {_NAMES} AS names
    FROM articles_article a WHERE a.id = ANY(%(ids)s)
) d
WHERE target.id = d.id
"""

# SQLite: the same document as a row of the FTS5 table article_search (rowid =
# article id; columns title, standfirst, body, names; Porter stemming like the
# 'english' configuration). A standalone table, not external content: the names
# come from other tables, and snippet() needs the text. bm25 weighs the columns
# as ts_rank weighs A, B, C (1.0, 0.4, 0.2): title and names, standfirst, body.
ARTICLE_FTS = "article_search"
BM25_WEIGHTS = (1.0, 0.4, 0.2, 1.0)
SNIPPET_COLUMN = 2  # the body, as on PostgreSQL
SNIPPET_TOKENS = 28
_IDS = "SELECT value FROM json_each(%s)"  # one parameter for any number of ids
# One statement: FTS5 takes INSERT OR REPLACE by rowid. (A deleted article's
# row stays until its id is refreshed: it matches no article, and ids are
# never reused, AUTOINCREMENT.)
SQLITE_REFRESH_SQL = f"""
INSERT OR REPLACE INTO {ARTICLE_FTS} (rowid, title, standfirst, body, names)
SELECT a.id, coalesce(a.title, ''), coalesce(a.standfirst, ''), substr(coalesce(a.body, ''), 1, {BODY_CHARS}),
       coalesce((SELECT group_concat(p.name, ' ') FROM articles_personmention pm
                 JOIN articles_person p ON p.id = pm.person_id
                 WHERE pm.article_id = a.id AND pm.status = %s), '')
       || ' ' ||
       coalesce((SELECT group_concat(c.name, ' ') FROM articles_countrymention cm
                 JOIN articles_country c ON c.id = cm.country_id
                 WHERE cm.article_id = a.id AND cm.status = %s), '')
       || ' ' ||
       coalesce((SELECT group_concat(o.name, ' ') FROM articles_organisationmention om
                 JOIN articles_organisation o ON o.id = om.organisation_id
                 WHERE om.article_id = a.id AND om.status = %s), '')
FROM articles_article a WHERE a.id IN ({_IDS})
"""
# SQLite's trigram indexes of names, for "did you mean" (PostgreSQL has
# pg_trgm indexes on the name columns): the names of the people and countries
# named in the refreshed articles are (re)written. A person merged away or no
# longer named keeps a stale row; `closest` only offers those still named.
NAME_TRIGRAMS = {
    # entity: (FTS5 trigram table, entity table, mention table, mention's key)
    "person": ("person_name_search", "articles_person", "articles_personmention", "person_id"),
    "country": ("country_name_search", "articles_country", "articles_countrymention", "country_id"),
}


def _name_refresh_sql(entity: str) -> str:
    table, entities, mentions, key = NAME_TRIGRAMS[entity]
    named = f"SELECT {key} FROM {mentions} WHERE article_id IN ({_IDS})"
    return f"INSERT OR REPLACE INTO {table} (rowid, name) SELECT id, name FROM {entities} WHERE id IN ({named})"


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
        _recount_named(chunk)


def _refresh_vectors(ids: list) -> None:
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(REFRESH_SQL, {"ids": ids, "active": _Models.active})
            return
        refresh_sqlite(cursor, ids, _Models.active)


def refresh_sqlite(cursor, ids: list, active: str) -> None:
    """Rewrite these articles' rows of the SQLite search tables, and the names
    of their people and countries: three statements for any number of
    articles (raw SQL, so migration 0012 fills the tables with it too)."""
    ids = json.dumps(list(ids))
    cursor.execute(SQLITE_REFRESH_SQL, [active, active, active, ids])
    for entity in NAME_TRIGRAMS:
        cursor.execute(_name_refresh_sql(entity), [ids])


def _recount_named(ids: list) -> None:
    """Recount in how many articles each person, country and organisation these
    articles name (in any state: a rejected mention lowers its count) is named:
    one UPDATE per kind of entity. (A mention deleted or moved to someone else
    recounts the one it left, see Mention.)"""
    for model in _Models.named:
        named = model.objects.filter(article_id__in=ids).values(f"{model.entity}_id")
        model.entity_model().objects.filter(pk__in=named).recount()


def _refresh_dates(ids: list) -> None:
    """Copy each article's date to its mentions and quotes: one UPDATE per kind
    of row, whatever the number of articles."""
    dates = _Models.article.objects.filter(pk=OuterRef("article_id")).values("published")[:1]
    for model in _Models.dated:
        model.objects.filter(article_id__in=ids).update(published=dates)


# ---------------------------------------------------------------------------
# Reading a query: PostgreSQL's websearch syntax, on both databases


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or the words of a phrase
    negated: bool = False


QUERY_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_query(query: str) -> list[list[Term]]:
    """The query as alternatives (or) of terms that must all hold (and), read
    as PostgreSQL's websearch_to_tsquery reads it: "a quoted phrase" (an
    unclosed quote runs to the end), `or` between terms, -word or -"phrase" to
    exclude. Other punctuation separates words, and words joined by it
    ("U.S.", "well-known") make a phrase. Like websearch, `or` binds looser
    than the implicit and: `a b or c` is (a and b) or c."""
    alternatives, current, count = [], [], 0
    for match in QUERY_TOKEN_RE.finditer(query or ""):
        minus, phrase, bare = match.groups()
        if phrase is not None:
            negated, words = bool(minus), WORD_RE.findall(phrase)
        elif bare.lower() == "or":
            if current:
                alternatives.append(current)
                current = []
            continue
        else:
            negated, words = bare.startswith("-"), WORD_RE.findall(bare)
        words = words[: MAX_QUERY_WORDS - count]
        if words:
            count += len(words)
            current.append(Term(tuple(words), negated))
    if current:
        alternatives.append(current)
    return alternatives


def fts5_query(query: str) -> tuple[str, bool] | None:
    """The query as an SQLite FTS5 expression, and whether it only excludes.

    Every word or phrase is written as an FTS5 string ("..."), and a word holds
    only letters and digits, so nothing typed is ever read as FTS5 syntax
    (AND, NEAR, *, ^, column filters): the operators come from here alone.
    FTS5 cannot say "anything but x": an alternative made only of exclusions
    is dropped, and a query made only of them ("-geneva") comes back as what
    the matches must not contain (excluding=True). None: nothing to search."""

    def string(term: Term) -> str:
        return '"' + " ".join(term.words) + '"'

    alternatives, excluded = [], []
    for terms in parse_query(query):
        wanted = [string(t) for t in terms if not t.negated]
        unwanted = [string(t) for t in terms if t.negated]
        excluded += unwanted
        if wanted:
            expression = "(" + " AND ".join(wanted) + ")"
            if unwanted:
                expression += " NOT (" + " OR ".join(unwanted) + ")"
            alternatives.append(f"({expression})")
    if alternatives:
        return " OR ".join(alternatives), False
    if excluded:
        return " OR ".join(excluded), True
    return None


# ---------------------------------------------------------------------------
# Matching, ranking, highlighting


def _search_query(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


class _Fts5(models.Expression):
    """An FTS5 auxiliary function (bm25, snippet) of each article of a query:
    (SELECT function FROM article_search WHERE article_search MATCH expression
    AND rowid = the article's id). The id is compiled as a column, so the
    annotation stays right when the query becomes a subquery under another
    alias; FTS5 seeks the one rowid, it does not run the whole match per row."""

    def __init__(self, function: str, params: list, expression: str, output_field):
        super().__init__(output_field=output_field)
        self.function, self.params, self.expression = function, list(params), expression
        self.pk = F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, expressions):
        (self.pk,) = expressions

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        sql = f"(SELECT {self.function} FROM {ARTICLE_FTS} WHERE {ARTICLE_FTS} MATCH %s AND rowid = {pk_sql})"
        return sql, [*self.params, self.expression, *pk_params]


def matching(queryset, query: str):
    """Articles of `queryset` matching `query`, unordered: the websearch syntax
    against the search document (a GIN-indexed tsvector on PostgreSQL, the
    FTS5 table on SQLite)."""
    query = (query or "").strip()
    if not query:
        return queryset
    if is_postgresql():
        return queryset.filter(search_vector=_search_query(query))
    translated = fts5_query(query)
    if translated is None:
        return queryset.none()
    expression, excluding = translated
    matches = models.expressions.RawSQL(f"SELECT rowid FROM {ARTICLE_FTS} WHERE {ARTICLE_FTS} MATCH %s", [expression])
    return queryset.exclude(pk__in=matches) if excluding else queryset.filter(pk__in=matches)


def ranked(queryset, query: str):
    """Best match for `query` first (ts_rank of the shorter rank_vector on
    PostgreSQL, which reads every article's vector: keep the set small; bm25 on
    SQLite), then newest."""
    query = (query or "").strip()
    if not query:
        return queryset
    if is_postgresql():
        rank = SearchRank(F("rank_vector"), _search_query(query))
    else:
        translated = fts5_query(query)
        if translated is None or translated[1]:
            return queryset  # nothing to rank by: no word is looked for
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        # bm25 is lower for a better match; rank is higher, as on PostgreSQL.
        rank = _Fts5(f"-bm25({ARTICLE_FTS}, {weights})", [], translated[0], models.FloatField())
    return queryset.annotate(rank=rank).order_by("-rank", F("published").desc(nulls_last=True), "-id")


def with_headline(queryset, query: str):
    """Annotate `headline`: a snippet of the body around the matches, each match
    between MARK_START and MARK_STOP (ts_headline on PostgreSQL, FTS5's
    snippet() on SQLite). The template escapes it, then makes the marks <mark>."""
    query = (query or "").strip()
    if not query:
        return queryset
    if is_postgresql():
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
    translated = fts5_query(query)
    if translated is None or translated[1]:
        return queryset
    function = f"snippet({ARTICLE_FTS}, {SNIPPET_COLUMN}, %s, %s, '', {SNIPPET_TOKENS})"
    return queryset.annotate(headline=_Fts5(function, [MARK_START, MARK_STOP], translated[0], models.TextField()))


# ---------------------------------------------------------------------------
# Close names: "did you mean", misspelt people


# A person or country closer than this (word similarity, 0..1) is offered as
# "Did you mean ...?". PostgreSQL's person and quote searches use pg_trgm's own
# threshold through the %> operator, which the trigram index serves; SQLite
# uses the same value, WORD_SIMILARITY_THRESHOLD.
TRIGRAM_THRESHOLD = 0.45
WORD_SIMILARITY_THRESHOLD = 0.6
# SQLite: how many names sharing the most trigrams with the query are scored.
CANDIDATES = 100


def closest(queryset, query: str):
    """The one of `queryset` (people or countries) whose name is most like
    `query` by trigram word similarity, if at least TRIGRAM_THRESHOLD; or None."""
    query = (query or "").strip()[:200]
    if not query:
        return None
    if is_postgresql():
        from django.contrib.postgres.search import TrigramWordSimilarity

        return (
            queryset.annotate(similarity=TrigramWordSimilarity(models.Value(query), "name"))
            .filter(similarity__gte=TRIGRAM_THRESHOLD)
            .order_by("-similarity", "name")
            .first()
        )
    found = close_names(queryset, query, TRIGRAM_THRESHOLD)
    return found[0][1] if found else None


def close_names(queryset, query: str, threshold: float = WORD_SIMILARITY_THRESHOLD) -> list[tuple[float, object]]:
    """SQLite: (similarity, row) for the rows of `queryset` (people or
    countries) whose name is at least `threshold` like `query`, closest first.
    The FTS5 trigram table of names gives the candidates (names that share the
    most three-letter pieces with the query's words); pg_trgm's word
    similarity, computed here, scores them. One query."""
    grams = sorted({w[i : i + 3] for w in WORD_RE.findall(query.lower()[:200]) for i in range(len(w) - 2)})
    if not grams:
        return []
    table = NAME_TRIGRAMS[queryset.model._meta.model_name][0]
    candidates = models.expressions.RawSQL(
        f"SELECT rowid FROM {table} WHERE {table} MATCH %s ORDER BY rank LIMIT {CANDIDATES}",
        [" OR ".join(f'"{gram}"' for gram in grams[:64])],
    )
    scored = [(word_similarity(query, row.name), row) for row in queryset.filter(pk__in=candidates)]
    return sorted(((s, row) for s, row in scored if s >= threshold), key=lambda pair: (-pair[0], pair[1].name))


def _trigrams(text: str) -> list[str]:
    """pg_trgm's trigrams of `text`, in order: each word lower-cased, padded
    with two spaces before and one after."""
    grams = []
    for word in WORD_RE.findall(text.lower()):
        padded = f"  {word} "
        grams += [padded[i : i + 3] for i in range(len(padded) - 2)]
    return grams


def word_similarity(query: str, text: str) -> float:
    """pg_trgm's word_similarity(query, text): the greatest similarity (shared
    trigrams over all trigrams) between the query and any continuous stretch of
    the text's trigrams; "Lavrof" and "Sergey Lavrov" score 0.71."""
    wanted, grams = set(_trigrams(query)), _trigrams(text)
    best = 0.0
    for start, first in enumerate(grams):
        if first not in wanted:
            continue  # a stretch starting with an unshared trigram scores less
        seen, common = set(), 0
        for gram in grams[start:]:
            if gram not in seen:
                seen.add(gram)
                common += gram in wanted
                best = max(best, common / (len(wanted) + len(seen) - common))
    return best


def closest_first(queryset, query: str, also: models.Q):
    """Rows of `queryset` (people) matching `also` or whose name is close to
    `query` (word similarity at least WORD_SIMILARITY_THRESHOLD): those matching
    `also` first, the most mentioned first (a search for "Trump" leads with
    Donald Trump), then the closest spellings:
    "Lavrof" finds Sergey Lavrov."""
    named = models.Case(models.When(also, then=models.Value(1)), default=models.Value(0), output_field=models.IntegerField())
    order = ["-named", "-article_count", "-similarity", "name"]
    if is_postgresql():
        from django.contrib.postgres.search import TrigramWordSimilarity

        return (
            queryset.filter(also | models.Q(name__trigram_word_similar=query))
            .annotate(named=named, similarity=TrigramWordSimilarity(models.Value(query), "name"))
            .order_by(*order)
        )
    close = close_names(queryset.model.objects.all(), query)
    similarity = models.Case(
        *(models.When(pk=row.pk, then=models.Value(score)) for score, row in close),
        default=models.Value(0.0),
        output_field=models.FloatField(),
    )
    return (
        queryset.filter(also | models.Q(pk__in=[row.pk for _, row in close]))
        .annotate(named=named, similarity=similarity)
        .order_by(*order)
    )


def close_name(model, query: str, path: str) -> models.Q:
    """A condition: the `model` row at `path` (a quote's "speaker") has a name
    close to `query` (word similarity at least WORD_SIMILARITY_THRESHOLD)."""
    if is_postgresql():
        return models.Q(**{f"{path}__name__trigram_word_similar": query})
    return models.Q(**{f"{path}__in": [row.pk for _, row in close_names(model.objects.all(), query)]})

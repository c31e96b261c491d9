"""Read logic for the public pages: search, filters, facets, co-occurrence and
timelines, as QuerySet methods so views stay thin.

Only active mentions and quotes count anywhere here: a row an editor rejected
is invisible to readers. PostgreSQL gets ranked full-text search and trigram
matching of names; SQLite gets a plain word search so development needs no
server.
"""

from __future__ import annotations

import re

from django.apps import apps
from django.core.cache import cache
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Value, Window
from django.db.models.functions import Left, TruncMonth

ACTIVE = "active"
# Newest first: dated articles by date, undated ones last (PostgreSQL puts
# NULLs first in a descending order unless told).
NEWEST = (F("published").desc(nulls_last=True),)
# People and countries shown under each article of a list.
TAGS_PER_ARTICLE = 6
# Private-use characters mark the highlighted words in a PostgreSQL headline, so
# the snippet can be escaped as plain text before the marks become <mark>.
MARK_START, MARK_STOP = "\ue000", "\ue001"
SEARCH_CONFIG = "english"
HEADLINE_SOURCE_CHARS = 3000
# A person or country closer than this (pg_trgm word similarity, 0..1) is
# offered as "Did you mean ...?". The person and quote searches use pg_trgm's
# own threshold (0.6) through the %> operator, which the trigram index serves.
TRIGRAM_THRESHOLD = 0.45
WORD_RE = re.compile(r"\w+", re.UNICODE)


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def words_of(query: str, limit: int = 12) -> list[str]:
    """The words of a query for the simple (SQLite) search; operators and
    punctuation are dropped."""
    return [w for w in WORD_RE.findall(query) if w.lower() != "or"][:limit]


def _model(name: str):
    return apps.get_model("articles", name)


# to_tsvector refuses inputs over 1 MB; the first 400,000 characters of a body
# are plenty to find an article by.
REFRESH_SEARCH_VECTOR_SQL = """
UPDATE articles_article AS a SET search_vector =
    setweight(to_tsvector('english', coalesce(a.title, '')), 'A')
 || setweight(to_tsvector('english', coalesce(a.standfirst, '')), 'B')
 || setweight(to_tsvector('english', left(coalesce(a.body, ''), 400000)), 'C')
 || setweight(to_tsvector('simple', coalesce((
        SELECT string_agg(p.name, ' ') FROM articles_personmention pm
        JOIN articles_person p ON p.id = pm.person_id
        WHERE pm.article_id = a.id AND pm.status = 'active'), '')), 'A')
 || setweight(to_tsvector('simple', coalesce((
        SELECT string_agg(c.name, ' ') FROM articles_countrymention cm
        JOIN articles_country c ON c.id = cm.country_id
        WHERE cm.article_id = a.id AND cm.status = 'active'), '')), 'A')
WHERE a.id = ANY(%s)
"""


class ArticleQuerySet(models.QuerySet):
    def refresh_search_vectors(self) -> int:
        """Recompute the weighted full-text vector of these articles (PostgreSQL
        only): title A, standfirst B, body C, and the names of the article's
        active people and countries A, so a search for a name finds the article
        however the text spelt it."""
        if not is_postgresql():
            return 0
        ids = list(self.values_list("pk", flat=True))
        if not ids:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(REFRESH_SEARCH_VECTOR_SQL, [ids])
            return cursor.rowcount

    def refresh_mention_dates(self) -> None:
        """Copy each of these articles' date to its mentions and quotes (see
        ArticleDated): three UPDATEs whatever the number of articles."""
        dates = _model("Article").objects.filter(pk=OuterRef("article_id")).values("published")[:1]
        for name in ("PersonMention", "CountryMention", "Quote"):
            _model(name).objects.filter(article__in=self.order_by().values("pk")).update(published=Subquery(dates))

    def search(self, query: str) -> ArticleQuerySet:
        """Articles matching `query`, best first. PostgreSQL: websearch syntax
        ("phrases", -word, or) against the weighted vector, ranked. SQLite: every
        word in the title, standfirst, body or the names of people and
        countries, newest first."""
        return self.matching(query).ranked(query)

    def ranked(self, query: str) -> ArticleQuerySet:
        """These articles, best match for `query` first (PostgreSQL; SQLite
        leaves the order as it is). Every article's vector is read: keep the
        set small."""
        query = (query or "").strip()
        if not query or not is_postgresql():
            return self
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return self.annotate(rank=SearchRank(F("search_vector"), search_query)).order_by("-rank", *NEWEST, "-id")

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by(*NEWEST, "-id")

    def newest_of(self, mentions, count: int) -> ArticleQuerySet:
        """The `count` newest articles of these mention rows, for a list."""
        return self.filter(pk__in=mentions.newest_article_ids(count)).for_listing().newest_first()

    def matching(self, query: str) -> ArticleQuerySet:
        """Articles matching `query`, unordered and unranked (see search)."""
        query = (query or "").strip()
        if not query:
            return self
        if is_postgresql():
            return self.filter(search_vector=SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG))
        words = words_of(query)
        if not words:
            return self.none()
        queryset = self
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(standfirst__icontains=word)
                | Q(body__icontains=word)
                | Exists(_model("PersonMention").objects.active().filter(article=OuterRef("pk"), person__name__icontains=word))
                | Exists(_model("CountryMention").objects.active().filter(article=OuterRef("pk"), country__name__icontains=word))
            )
        return queryset

    def with_headline(self, query: str) -> ArticleQuerySet:
        """Annotate `headline`: a snippet of the body around the matches with
        MARK_START/MARK_STOP around each match (PostgreSQL only; see
        articles.templatetags.articles_extras.snippet for SQLite)."""
        query = (query or "").strip()
        if not query or not is_postgresql():
            return self
        return self.annotate(
            headline=SearchHeadline(
                # ts_headline parses the whole text it is given: on long bodies
                # it cost more than the search itself. The first few thousand
                # characters hold the match in most news articles.
                Left("body", HEADLINE_SOURCE_CHARS),
                SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG),
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
            )
        )

    def for_listing(self, with_body: bool = False) -> ArticleQuerySet:
        """Only the columns a list of articles shows: the body and the search
        vector are by far the widest and a list needs neither (the PostgreSQL
        snippet is made in the database)."""
        fields = ["id", "title", "slug", "published", "source", "standfirst"]
        return self.only(*fields, *(["body"] if with_body else []))

    def count_and_newest(self, count: int) -> tuple[int, list[int]]:
        """How many articles these are and the ids of the `count` newest, in one
        query: a full-text match is evaluated once for the page's total and
        its facets instead of once for each. (The window sees every match, so
        PostgreSQL reads them off the GIN index and sorts, rather than walking
        the date index and testing each article's vector.)"""
        rows = list(self.newest_first().annotate(total=Window(Count("*"))).values_list("pk", "total")[:count])
        return (rows[0][1] if rows else 0), [pk for pk, _ in rows]

    def icontains(self, query: str) -> ArticleQuerySet:
        """The naive search the benchmark compares against."""
        return self.filter(Q(title__icontains=query) | Q(body__icontains=query))

    def mentioning(self, person) -> ArticleQuerySet:
        """Articles with an active mention of `person`; chain it to ask for
        several people at once (AND)."""
        return self.filter(
            Exists(_model("PersonMention").objects.active().filter(article=OuterRef("pk"), person=person))
        )

    def about(self, country) -> ArticleQuerySet:
        """Articles with an active mention of `country` (AND when chained)."""
        return self.filter(
            Exists(_model("CountryMention").objects.active().filter(article=OuterRef("pk"), country=country))
        )

    def published_between(self, start=None, end=None) -> ArticleQuerySet:
        queryset = self
        if start:
            queryset = queryset.filter(published__gte=start)
        if end:
            queryset = queryset.filter(published__lte=end)
        return queryset

    def with_entities(self, at_most: int = TAGS_PER_ARTICLE) -> ArticleQuerySet:
        """Prefetch each article's `at_most` most-mentioned active people and
        countries into `active_people` and `active_countries` (two queries for
        any page; a round-up naming sixty people costs six rows, not sixty)."""
        PersonMention, CountryMention = _model("PersonMention"), _model("CountryMention")
        return self.prefetch_related(
            Prefetch(
                "person_mentions",
                queryset=PersonMention.objects.active()
                .select_related("person")
                .only("article_id", "count", "person__name", "person__slug")
                .order_by("-count", "person__name")[:at_most],
                to_attr="active_people",
            ),
            Prefetch(
                "country_mentions",
                queryset=CountryMention.objects.active()
                .select_related("country")
                .only("article_id", "count", "country__name", "country__code")
                .order_by("-count", "country__name")[:at_most],
                to_attr="active_countries",
            ),
        )

    def timeline(self) -> list[tuple]:
        """(first day of month, number of articles) for each month that has any."""
        return [
            (row["month"], row["n"])
            for row in self.filter(published__isnull=False)
            .order_by()
            .annotate(month=TruncMonth("published"))
            .values("month")
            .annotate(n=Count("id"))
            .order_by("month")
        ]


class DatedQuerySet(models.QuerySet):
    """Rows that carry their article's date (models.ArticleDated)."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        from articles.models import copy_article_dates

        copy_article_dates(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def active(self):
        return self.filter(status=ACTIVE)


class RankedThenNewest:
    """Search results, sliceable for Paginator: the newest matches (their ids
    given) best first, then the older ones newest first. Ranking reads each
    article's search vector, so it is bounded to those ids whatever the
    number of matches. A page is chosen by id in a subquery before
    `decorate` adds the snippet and the rest: the database would otherwise
    make a snippet for every row an OFFSET skips."""

    ordered = True

    def __init__(self, matches: ArticleQuerySet, newest_ids: list[int], query: str, decorate):
        self.matches, self.newest_ids, self.query, self.decorate = matches, newest_ids, query, decorate

    def __getitem__(self, key: slice):
        start, stop, split = key.start or 0, key.stop, len(self.newest_ids)
        rows = []
        if start < split:
            ranked = _model("Article").objects.filter(pk__in=self.newest_ids).ranked(self.query)
            rows.append(self._page(ranked, start, min(stop, split), lambda page: page.ranked(self.query)))
        if stop > split:
            rows.append(self._page(self.matches.newest_first(), max(start, split), stop, ArticleQuerySet.newest_first))
        return [article for part in rows for article in part]

    def _page(self, ordered, start: int, stop: int, order):
        return self.decorate(order(_model("Article").objects.filter(pk__in=ordered.values("pk")[start:stop])))


class MentionQuerySet(DatedQuerySet):
    def timeline(self) -> list[tuple]:
        """(first day of month, number of articles) from these mention rows
        (one per article), read from the dates they carry: for one person or
        country an index-only scan, no join."""
        return [
            (row["month"], row["n"])
            for row in self.filter(published__isnull=False)
            .order_by()
            .annotate(month=TruncMonth("published"))
            .values("month")
            .annotate(n=Count("*"))
            .order_by("month")
        ]

    def newest_article_ids(self, count: int):
        """The ids of the `count` newest articles of these mentions, as a
        subquery (PostgreSQL reads them off *mention_newest_idx)."""
        return self.order_by(*NEWEST, "-article_id").values("article_id")[:count]


class PersonQuerySet(models.QuerySet):
    def with_counts(self) -> PersonQuerySet:
        """Annotate `article_count` and `quote_count` (active rows only) as
        subqueries, so the two counts do not multiply each other."""
        PersonMention, Quote = _model("PersonMention"), _model("Quote")
        return self.annotate(
            article_count=_count_subquery(PersonMention.objects.active().filter(person=OuterRef("pk"))),
            quote_count=_count_subquery(Quote.objects.active().filter(speaker=OuterRef("pk"))),
        )

    def mentioned(self) -> PersonQuerySet:
        PersonMention = _model("PersonMention")
        return self.filter(Exists(PersonMention.objects.active().filter(person=OuterRef("pk"))))

    def most_mentioned(self) -> PersonQuerySet:
        return self.mentioned().with_counts().order_by("-article_count", "name")

    def search(self, query: str) -> PersonQuerySet:
        """People whose name or an alias contains the query; on PostgreSQL also
        those whose name is close to it ("Lavrof" finds Lavrov)."""
        query = (query or "").strip()
        if not query:
            return self
        PersonAlias = _model("PersonAlias")
        contains = Q(name__icontains=query) | Exists(
            PersonAlias.objects.filter(person=OuterRef("pk"), name__icontains=query)
        )
        if not is_postgresql():
            return self.filter(contains)
        from django.contrib.postgres.search import TrigramWordSimilarity

        return (
            self.filter(contains | Q(name__trigram_word_similar=query))
            .annotate(similarity=TrigramWordSimilarity(Value(query), "name"))
            .order_by("-similarity", "name")
        )

    def in_articles(self, article_ids, limit: int = 10, exclude=()) -> list:
        """The people most often named in these articles (a list or subquery of
        ids), as Person objects (id, name, slug only) each with `n`: in how
        many of them."""
        return _most_named(_model("PersonMention"), "person", ("name", "slug"), article_ids, limit, exclude)

    def closest(self, query: str):
        """The person whose name is most like `query`, or None (PostgreSQL)."""
        return _closest_by_name(self.mentioned(), query)


def _closest_by_name(queryset, query: str):
    """The row of `queryset` whose name is most like `query` by trigram word
    similarity, or None; SQLite has no trigrams, so it never suggests."""
    if not is_postgresql() or not (query or "").strip():
        return None
    from django.contrib.postgres.search import TrigramWordSimilarity

    return (
        queryset.annotate(similarity=TrigramWordSimilarity(Value(query.strip()[:200]), "name"))
        .filter(similarity__gte=TRIGRAM_THRESHOLD)
        .order_by("-similarity", "name")
        .first()
    )


class CountryQuerySet(models.QuerySet):
    def with_counts(self) -> CountryQuerySet:
        CountryMention = _model("CountryMention")
        return self.annotate(
            article_count=_count_subquery(CountryMention.objects.active().filter(country=OuterRef("pk")))
        )

    def mentioned(self) -> CountryQuerySet:
        CountryMention = _model("CountryMention")
        return self.filter(Exists(CountryMention.objects.active().filter(country=OuterRef("pk"))))

    def most_mentioned(self) -> CountryQuerySet:
        return self.mentioned().with_counts().order_by("-article_count", "name")

    def search(self, query: str) -> CountryQuerySet:
        query = (query or "").strip()
        if not query:
            return self
        CountryAlias = _model("CountryAlias")
        return self.filter(
            Q(name__icontains=query)
            | Q(code__iexact=query)
            | Exists(CountryAlias.objects.filter(country=OuterRef("pk"), name__icontains=query))
        )

    def in_articles(self, article_ids, limit: int = 10, exclude=()) -> list:
        """The countries most often named in these articles (ids), each with `n`."""
        return _most_named(_model("CountryMention"), "country", ("code", "name"), article_ids, limit, exclude)

    def closest(self, query: str):
        """The country whose name is most like `query`, or None (PostgreSQL)."""
        return _closest_by_name(self.mentioned(), query)


class QuoteQuerySet(DatedQuerySet):
    def with_article(self):
        """Each quote's article (without its wide columns) and speaker, joined."""
        return self.select_related("article", "speaker").defer(
            "article__body", "article__search_vector", "article__caption", "article__ingested_from"
        )

    def newest_first(self):
        # The article's date as the quote carries it: a speaker's newest quotes
        # come straight off an index (quote_speaker_newest_idx, PostgreSQL).
        return self.order_by(*NEWEST, "-article_id", "paragraph", "start")

    def search(self, query: str) -> QuoteQuerySet:
        """Quotes containing the query, or said by a person whose name contains
        it or (PostgreSQL) is close to it."""
        query = (query or "").strip()
        if not query:
            return self
        matches = Q(text__icontains=query) | Q(speaker__name__icontains=query)
        if is_postgresql():
            matches |= Q(speaker__name__trigram_word_similar=query)
        return self.filter(matches)

    def in_articles(self, article_ids) -> QuoteQuerySet:
        """Quotes from these articles (ids, or a subquery of them)."""
        return self.filter(article_id__in=article_ids)

    def about(self, country) -> QuoteQuerySet:
        CountryMention = _model("CountryMention")
        return self.filter(
            Exists(CountryMention.objects.active().filter(article=OuterRef("article_id"), country=country))
        )


def _most_named(mention_model, entity: str, fields: tuple[str, ...], article_ids, limit: int, exclude) -> list:
    """Facets and co-occurrence: group the active mentions of these articles by
    person or country. Grouping the mention rows (not the people) lets
    PostgreSQL hash-aggregate them, and COUNT(*) is the number of articles
    because a mention row is unique per (article, person or country)."""
    rows = (
        mention_model.objects.active()
        .filter(article_id__in=article_ids)
        .exclude(**{f"{entity}_id__in": [getattr(e, "pk", e) for e in exclude]})
        .values(f"{entity}_id", *(f"{entity}__{f}" for f in fields))
        .annotate(n=Count("pk"))
        .order_by("-n", f"{entity}__{fields[-1]}")[:limit]
    )
    model = mention_model._meta.get_field(entity).related_model
    found = []
    for row in rows:
        instance = model(pk=row[f"{entity}_id"], **{f: row[f"{entity}__{f}"] for f in fields})
        instance.n = row["n"]
        found.append(instance)
    return found


def _count_subquery(queryset) -> models.Subquery:
    """COUNT(*) of a correlated queryset, as a scalar subquery (COUNT(*), not
    COUNT(id): an index without the id then answers it alone)."""
    return models.Subquery(
        queryset.order_by().annotate(c=models.Func(template="COUNT(*)", output_field=models.IntegerField())).values("c"),
        output_field=models.IntegerField(),
    )


SITE_TOTALS_SECONDS = 300


def site_totals() -> dict[str, int]:
    """Articles, people and countries mentioned, and quotes: one query, then
    cached for a few minutes, because counting every row on every page costs
    tens of milliseconds on a full corpus and a footer may lag a little."""
    return cache.get_or_set("site-totals", _count_totals, SITE_TOTALS_SECONDS)


def _count_totals() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT
              (SELECT count(*) FROM articles_article),
              (SELECT count(DISTINCT person_id) FROM articles_personmention WHERE status = 'active'),
              (SELECT count(DISTINCT country_id) FROM articles_countrymention WHERE status = 'active'),
              (SELECT count(*) FROM articles_quote WHERE status = 'active')
            """
        )
        articles, people, countries, quotes = cursor.fetchone()
    return {"articles": articles, "people": people, "countries": countries, "quotes": quotes}

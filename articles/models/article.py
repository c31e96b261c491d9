"""Articles and the reads of the public lists: search, filters, facets' samples."""

from __future__ import annotations

from collections import Counter

from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Window
from simple_history.models import HistoricalRecords

from articles import search_index
from articles.models.base import PublishedQuerySetMixin, TimeStamped, monthly_counts, url_for
from articles.models.mentions import NEWEST, CountryMention, PersonMention, mention_model
from articles.text import split_paragraphs

# People and countries shown under each article of a list.
TAGS_PER_ARTICLE = 6


class ArticleQuerySet(PublishedQuerySetMixin, models.QuerySet):
    def search(self, query: str):
        """Articles matching `query`, best first (see search_index)."""
        return self.matching(query).ranked(query)

    def matching(self, query: str):
        """Articles matching `query`, unordered and unranked."""
        return search_index.matching(self, query)

    def ranked(self, query: str):
        """These articles, best match for `query` first (PostgreSQL; SQLite
        leaves the order as it is). Keep the set small."""
        return search_index.ranked(self, query)

    def with_headline(self, query: str):
        """Annotate `headline`, a marked snippet around the matches (PostgreSQL)."""
        return search_index.with_headline(self, query)

    def newest_first(self):
        return self.order_by(*NEWEST, "-id")

    def oldest_first(self):
        # Undated articles last, as in newest_first.
        return self.order_by(models.F("published").asc(nulls_last=True), "id")

    def outlets(self, article_ids, limit: int = 12) -> list[dict]:
        """The outlets (`source`) of these articles (a list or subquery of ids),
        most articles first: [{"source": ..., "n": ...}]."""
        return list(
            self.filter(pk__in=article_ids)
            .exclude(source="")
            .values("source")
            .annotate(n=Count("*"))
            .order_by("-n", "source")[:limit]
        )

    @staticmethod
    def outlets_of(sources, limit: int = 12) -> list[dict]:
        """`outlets` for sources already read (one per article)."""
        counted = Counter(source for source in sources if source)
        return [{"source": s, "n": n} for s, n in sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:limit]]

    def newest_of(self, mentions, count: int):
        """The `count` newest articles of these mention rows, for a list."""
        return self.filter(pk__in=mentions.newest_article_ids(count)).for_listing().newest_first()

    def for_listing(self, with_body: bool = False):
        """Only the columns a list of articles shows: the body and the search
        vector are by far the widest and a list needs neither (the PostgreSQL
        snippet is made in the database)."""
        fields = ["id", "title", "slug", "published", "source", "standfirst"]
        return self.only(*fields, *(["body"] if with_body else []))

    def count_and_newest(self, count: int) -> tuple[int, list[int]]:
        """How many articles these are and the ids of the `count` newest, in one
        query: a full-text match is evaluated once for the page's total and
        its facets instead of once for each."""
        total, rows = self.count_and_newest_rows(count)
        return total, [pk for pk, _ in rows]

    def count_and_newest_rows(self, count: int) -> tuple[int, list[tuple[int, str]]]:
        """count_and_newest, with each article's outlet: (total, [(id, source)]),
        so the outlet facet costs no query of its own.

        On PostgreSQL the matches are gathered first, as a materialised CTE, and
        sorted after: asked in one query with ORDER BY, the planner walks the
        date index (article_newest_idx) and tests each article's search vector,
        de-TOASTing all of them. On the whole corpus that took 1,278 ms for
        "Trump" against 134 ms this way (at a load of 7.7 on 2 cores). The
        total is counted apart from the sort: a window count over every match
        cost 22.7 ms against 16.5 ms (18,770 matches, quiet machine)."""
        connection = connections[self.db]
        if connection.vendor != "postgresql":
            rows = list(self.newest_first().annotate(total=Window(Count("*"))).values_list("pk", "total", "source")[:count])
        else:
            sql, params = self.order_by().values_list("pk", "published", "source").query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"WITH matched (id, published, source) AS MATERIALIZED ({sql}) "
                    "SELECT id, (SELECT COUNT(*) FROM matched), source FROM matched "
                    "ORDER BY published DESC NULLS LAST, id DESC LIMIT %s",
                    [*params, count],
                )
                rows = cursor.fetchall()
        return (rows[0][1] if rows else 0), [(pk, source) for pk, _, source in rows]

    def icontains(self, query: str):
        """The naive search the benchmark compares against."""
        return self.filter(Q(title__icontains=query) | Q(body__icontains=query))

    def mentioning(self, entity):
        """Articles with an active mention of `entity` (a person or a country);
        chain it to ask for several at once (AND)."""
        model = mention_model(type(entity))
        return self.filter(Exists(model.objects.active().filter(article=OuterRef("pk"), **{model.entity: entity})))

    def with_entities(self, at_most: int = TAGS_PER_ARTICLE):
        """Prefetch each article's `at_most` most-mentioned active people and
        countries into `active_people` and `active_countries` (two queries for
        any page; a round-up naming sixty people costs six rows, not sixty)."""
        return self.prefetch_related(
            *(
                Prefetch(
                    f"{model.entity}_mentions",
                    queryset=model.objects.active()
                    .select_related(model.entity)
                    .only("article_id", "count", *(f"{model.entity}__{f}" for f in fields))
                    .order_by("-count", f"{model.entity}__name")[:at_most],
                    to_attr=to_attr,
                )
                for model, fields, to_attr in (
                    (PersonMention, ("name", "slug"), "active_people"),
                    (CountryMention, ("name", "code"), "active_countries"),
                )
            )
        )

    def timeline(self) -> list[tuple]:
        """(first day of month, number of articles) for each month that has any."""
        return monthly_counts(self)


class RankedThenNewest:
    """Search results, sliceable for Paginator: the newest matches (their ids
    given) best first, then the older ones newest first. Ranking reads each
    article's search vector, so it is bounded to those ids whatever the
    number of matches. A page is chosen by id in a subquery before
    `decorate` adds the snippet and the rest: the database would otherwise
    make a snippet for every row an OFFSET skips. With no ids to rank, the
    matches in the order `then` gives (newest first unless told)."""

    ordered = True

    def __init__(self, matches: ArticleQuerySet, newest_ids: list[int], query: str, decorate, then=None):
        self.matches, self.newest_ids, self.query, self.decorate = matches, newest_ids, query, decorate
        self.then = then or ArticleQuerySet.newest_first

    def __getitem__(self, key: slice):
        start, stop, split = key.start or 0, key.stop, len(self.newest_ids)
        rows = []
        if start < split:
            ranked = Article.objects.filter(pk__any_of=self.newest_ids).ranked(self.query)
            rows.append(self._page(ranked, start, min(stop, split), lambda page: page.ranked(self.query)))
        if stop > split:
            rows.append(self._page(self.then(self.matches), max(start, split), stop, self.then))
        return [article for part in rows for article in part]

    def _page(self, ordered, start: int, stop: int, order):
        return self.decorate(order(Article.objects.filter(pk__in=ordered.values("pk")[start:stop])))


class Article(TimeStamped):
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(blank=True)
    body = models.TextField(help_text="Paragraphs separated by a blank line.")
    caption = models.TextField("photo caption", blank=True)
    credit = models.CharField("photo credit", max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True)
    url = models.URLField("source URL", max_length=1000, blank=True)
    external_id = models.CharField(
        max_length=200, blank=True, help_text="The identifier the article had in the file it came from."
    )
    ingested_from = models.CharField(max_length=1000, blank=True)
    content_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the article's text.")
    search_vector = SearchVectorField(null=True, editable=False)
    # PostgreSQL: what "best match" ranks on, the document without the body past
    # its opening (search_index.RANK_BODY_CHARS).
    rank_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector", "rank_vector", "content_hash", "updated"])

    class Meta:
        # Dated articles first on every database: PostgreSQL puts NULL first in a
        # descending order unless told (its matching index: migration 0010).
        ordering = [models.F("published").desc(nulls_last=True), "-id"]
        indexes = [
            models.Index(fields=["-published", "-id"], name="article_published_idx"),
            models.Index(fields=["source"], name="article_source_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="article_unique_url"),
            models.UniqueConstraint(
                fields=["source", "external_id"], condition=~Q(external_id=""), name="article_unique_external_id"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("articles:article", self.slug)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Its text and date feed its search vector and the dates its rows carry.
        search_index.articles_changed([self.pk])

    @property
    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.body)

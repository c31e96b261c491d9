"""Mentions: one row per (article, person) or (article, country), with how often
and where the article names it. Both kinds are one abstract `Mention`; the
people and countries they point at share `EntityQuerySet`."""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import Count, Exists, OuterRef, Q, Window
from django.db.models.functions import Rank
from simple_history.models import HistoricalRecords

from articles.models.base import (
    ArticleDated,
    DatedQuerySet,
    Provenance,
    RemembersStored,
    Status,
    TimeStamped,
    count_subquery,
    ids_of,
    monthly_counts,
)
from articles import search_index

# Newest first: dated articles by date, undated ones last (PostgreSQL puts
# NULLs first in a descending order unless told).
NEWEST = (models.F("published").desc(nulls_last=True),)


class MentionQuerySet(DatedQuerySet):
    def timeline(self) -> list[tuple]:
        """(first day of month, number of articles) from these mention rows (one
        per article), read from the dates they carry: for one person or country
        an index-only scan, no join."""
        return monthly_counts(self)

    def newest_article_ids(self, count: int):
        """The ids of the `count` newest articles of these mentions, as a
        subquery (PostgreSQL reads them off *mention_newest_idx)."""
        return self.order_by(*NEWEST, "-article_id").values("article_id")[:count]


class Mention(ArticleDated, Provenance, TimeStamped):
    """An entity named in an article. Subclasses add the foreign key named by
    `entity` (related_name "mentions") and their constraints and indexes."""

    entity: str = ""  # "person", "country"

    count = models.PositiveIntegerField(default=1)
    first_offset = models.PositiveIntegerField(null=True, blank=True, help_text="Character offset in the body.")
    spans = models.JSONField(default=list, blank=True, help_text="[start, end] of each mention in the body.")

    objects = MentionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-count", "id"]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.entity:  # the row's article, and whom it names (RemembersStored)
            cls.remembered = (*ArticleDated.remembered, f"{cls.entity}_id")

    def save(self, *args, **kwargs):
        before = self.stored(f"{self.entity}_id")
        super().save(*args, **kwargs)
        # The door recounts who the article names now; one it no longer names
        # (the row moved to another person) is recounted here.
        if before not in (None, self.entity_id):
            self.entity_model().objects.filter(pk=before).recount()

    def delete(self, *args, **kwargs):
        entity_id = self.entity_id
        result = super().delete(*args, **kwargs)
        self.entity_model().objects.filter(pk=entity_id).recount()
        return result

    def __str__(self) -> str:
        return f"{self.entity_id and self.named} in {self.article_id and self.article.title}"

    def get_absolute_url(self) -> str:
        return self.article.get_absolute_url()

    @property
    def named(self):
        """The person or country mentioned."""
        return getattr(self, self.entity)

    @property
    def entity_id(self):
        return getattr(self, f"{self.entity}_id")

    @classmethod
    def entity_model(cls):
        return cls._meta.get_field(cls.entity).related_model

    @classmethod
    def correction_label(cls, record, name) -> str:
        """How the editors' history names a historical record of this row."""
        return f"Mention of {name(cls.entity_model(), getattr(record, f'{cls.entity}_id'))}"

    def absorb(self, other: Mention) -> None:
        """Fold `other` (same article, one human after a merge) into this row:
        the active one of the two wins (rejected spans were judged wrong and
        are dropped); two rows of the same status add up."""
        if self.status != other.status:
            if self.absorb_provenance(other):
                self.count, self.spans = other.count, list(other.spans or [])
        else:
            self.absorb_provenance(other)
            kept = [list(s) for s in self.spans or []]
            theirs = [list(s) for s in other.spans or []]
            shared = sum(1 for s in theirs if s in kept)
            self.spans = sorted(kept + [s for s in theirs if s not in kept])
            self.count = self.count + other.count - shared
        offsets = [o for o in (self.first_offset, other.first_offset) if o is not None]
        self.first_offset = self.spans[0][0] if self.spans else (min(offsets) if offsets else None)


def active_by_article(entity: str, name: str) -> models.Index:
    """The index facets and "named with" lists count from: (article, entity) of
    the active rows, so the counting reads the index alone (see most_named_in)."""
    return models.Index(fields=["article", entity], condition=Q(status=Status.ACTIVE), name=name)


class PersonMention(Mention):
    entity = "person"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="person_mentions")
    person = models.ForeignKey("articles.Person", on_delete=models.CASCADE, related_name="mentions")

    history = HistoricalRecords(excluded_fields=["updated", "published"])

    class Meta(Mention.Meta):
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="personmention_unique_article_person"),
        ]
        # PostgreSQL also has personmention_newest_idx (migration 0006).
        indexes = [models.Index(fields=["person", "status"], name="personmention_person_idx"), active_by_article("person", "personmention_article_idx")]

    @classmethod
    def correction_label(cls, record, name) -> str:
        article = cls._meta.get_field("article").related_model
        return f"{super().correction_label(record, name)} in {name(article, record.article_id)}"


class CountryMention(Mention):
    entity = "country"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="country_mentions")
    country = models.ForeignKey("articles.Country", on_delete=models.CASCADE, related_name="mentions")

    history = HistoricalRecords(excluded_fields=["updated", "published"])

    class Meta(Mention.Meta):
        constraints = [
            models.UniqueConstraint(fields=["article", "country"], name="countrymention_unique_article_country"),
        ]
        # PostgreSQL also has countrymention_newest_idx (migration 0006).
        indexes = [models.Index(fields=["country", "status"], name="countrymention_country_idx"), active_by_article("country", "countrymention_article_idx")]


class OrganisationMention(Mention):
    entity = "organisation"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="organisation_mentions")
    organisation = models.ForeignKey("articles.Organisation", on_delete=models.CASCADE, related_name="mentions")

    history = HistoricalRecords(excluded_fields=["updated", "published"])

    class Meta(Mention.Meta):
        constraints = [
            models.UniqueConstraint(fields=["article", "organisation"], name="orgmention_unique_article_org"),
        ]
        # PostgreSQL also has orgmention_newest_idx (migration 0008).
        indexes = [models.Index(fields=["organisation", "status"], name="orgmention_org_idx"), active_by_article("organisation", "orgmention_article_idx")]


# ---------------------------------------------------------------------------
# What people, countries and organisations share: being mentioned


def mention_model(entity_model):
    """The mention model whose rows point at `entity_model` (related_name "mentions")."""
    return entity_model.mentions.field.model


class Entity(RemembersStored):
    """A person or a country: named by mentions (related_name "mentions") and
    spelt by aliases (related_name "aliases"). Its articles are found by its
    name, so renaming it refreshes their search document."""

    remembered = ("name",)

    # Derived data, kept by search_index's door like the search documents: every
    # list of people, countries and organisations is ordered by it, and counting
    # the mentions of every one of them for each page took hundreds of
    # milliseconds on a large corpus. Only `recount` writes it.
    article_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="In how many articles it is actively named (kept up to date)."
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        renamed = self.pk is not None and self.stored("name") not in (None, self.name)
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            # An edit never writes back the count it read: ingestion may have moved it since.
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "article_count"
            ]
        super().save(*args, **kwargs)
        if renamed:
            search_index.articles_changed(self.mentions.values_list("article_id", flat=True))
        self.remember_stored()


class EntityQuerySet(models.QuerySet):
    """People and countries: named by mentions, found by name or alias."""

    # The fields a facet or a "named with" list shows of each (besides pk).
    shown_fields: tuple[str, ...] = ("name",)

    @property
    def mentions(self):
        return mention_model(self.model).objects

    def with_counts(self):
        """`article_count`, in how many articles it is actively named, is a
        stored field; subclasses annotate their other counts here."""
        return self

    def recount(self) -> int:
        """Store the `article_count` of these: one UPDATE, whatever their number."""
        named = self.mentions.active().filter(**{self.model_entity: OuterRef("pk")})
        return self.update(article_count=count_subquery(named))

    @property
    def model_entity(self) -> str:
        return mention_model(self.model).entity

    def mentioned(self):
        return self.filter(article_count__gt=0)

    def most_mentioned(self):
        return self.mentioned().with_counts().order_by("-article_count", "name")

    def named_like(self, query: str) -> Q:
        """Name or alias contains `query`."""
        return Q(name__icontains=query) | Exists(
            self.model.aliases.field.model.objects.filter(**{self.model_entity: OuterRef("pk"), "name__icontains": query})
        )

    def search(self, query: str):
        query = (query or "").strip()
        return self.filter(self.named_like(query)) if query else self

    def most_named_in(self, article_ids, limit: int = 10, exclude=()) -> list:
        """Facets and "named with" lists: the people or countries most often named
        in these articles (a list or subquery of ids), most first, each an
        instance (pk and `shown_fields` only) with `n`, in how many of them.

        One query, which counts the mention rows by entity id first and reads
        the names of only those ranked within `limit` (ties included, so the
        order by name among equals stays exact): joining the names before
        counting hashed every person of the corpus for each facet (a sequential
        scan that grows with the people table). COUNT(*) is the number of
        articles because a mention row is unique per (article, entity)."""
        key = f"{self.model_entity}_id"
        listed = isinstance(article_ids, (list, tuple))
        counted = (
            self.mentions.active()
            .filter(**{"article_id__any_of" if listed else "article_id__in": article_ids})
            .exclude(**{f"{key}__in": ids_of(exclude)})
            .values(key)
            .annotate(n=Count("*"), place=Window(Rank(), order_by=Count("*").desc()))
            .order_by()
        )
        try:
            sql, params = counted.query.sql_with_params()
        except EmptyResultSet:  # no articles: nothing is named in them
            return []
        connection = connections[self.db]
        quote_name, meta = connection.ops.quote_name, self.model._meta
        columns = ", ".join(f"e.{quote_name(meta.get_field(f).column)}" for f in self.shown_fields)
        name = quote_name(meta.get_field("name").column)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.{quote_name(meta.pk.column)}, counted.n, {columns} FROM ({sql}) counted "
                f"JOIN {quote_name(meta.db_table)} e ON e.{quote_name(meta.pk.column)} = counted.{quote_name(key)} "
                f"WHERE counted.place <= %s ORDER BY counted.n DESC, e.{name} LIMIT %s",
                [*params, limit, limit],
            )
            rows = cursor.fetchall()
        found = []
        for pk, n, *values in rows:
            instance = self.model(pk=pk, **dict(zip(self.shown_fields, values)))
            instance.n = n
            found.append(instance)
        return found

    def closest(self, query: str):
        """The mentioned one whose name is most like `query` ("Did you mean
        ...?"), or None (see search_index.closest)."""
        return search_index.closest(self.mentioned(), query)

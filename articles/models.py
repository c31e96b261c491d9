"""Articles, the people and countries they mention, and the quotes they carry.

Every mention and quote records where it came from (the machine or an editor) and
whether it stands (active) or was rejected by an editor: ingestion relies on both
to never overwrite or resurrect an editor's decision.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.contrib.postgres.search import SearchVectorField
from simple_history.models import HistoricalRecords

from articles.extraction.types import normalise_alias
from articles.querysets import (  # noqa: F401 (REFRESH_SEARCH_VECTOR_SQL kept importable from here)
    REFRESH_SEARCH_VECTOR_SQL,
    ArticleQuerySet,
    CountryQuerySet,
    MentionQuerySet,
    PersonQuerySet,
    QuoteQuerySet,
)


class Origin(models.TextChoices):
    MACHINE = "machine", "Machine"
    EDITOR = "editor", "Editor"


class Status(models.TextChoices):
    ACTIVE = "active", "Active"
    REJECTED = "rejected", "Rejected"


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


class TimeStamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


UNKNOWN = object()


class ArticleDated(models.Model):
    """Mentions and quotes carry a copy of their article's date, so the newest
    articles, the quotes and the monthly timeline of someone named in 12,000
    articles are read from one index instead of joining and sorting them all.
    A row takes the date when it is written (save, bulk_create); Article.save
    copies a changed date to the article's rows; refresh_mention_dates() (and
    `manage.py refresh_derived`) rebuilds it."""

    published = models.DateField(null=True, blank=True, editable=False, help_text="The article's date (a copy).")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        copy_article_dates([self])
        super().save(*args, **kwargs)


def copy_article_dates(rows) -> None:
    """Set each row's `published` from its article: from the article object
    when it is at hand, else in one query for all the others."""
    missing = []
    for row in rows:
        if type(row).article.is_cached(row) and row.article.pk == row.article_id:
            row.published = row.article.published
        elif row.article_id is not None:
            missing.append(row)
    if missing:
        dates = dict(Article.objects.filter(pk__in={row.article_id for row in missing}).values_list("pk", "published"))
        for row in missing:
            row.published = dates.get(row.article_id)


class Provenance(models.Model):
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MACHINE, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)

    class Meta:
        abstract = True


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

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector", "content_hash", "updated"])

    class Meta:
        # Dated articles first on every database: PostgreSQL puts NULL first in a
        # descending order unless told (its matching index: migration 0007).
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
        return reverse("articles:article", args=[self.slug])

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        article._stored_published = article.__dict__.get("published", UNKNOWN)
        return article

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if getattr(self, "_stored_published", self.published) != self.published:
            # Its mentions and quotes carry a copy of the date (see ArticleDated).
            Article.objects.filter(pk=self.pk).refresh_mention_dates()
        self._stored_published = self.published

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n\n") if self.body else []


class Person(TimeStamped):
    name = models.CharField(max_length=200, help_text="The canonical name: the fullest form, no titles.")
    slug = models.SlugField(max_length=200, unique=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:person", args=[self.slug])

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Person, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class PersonAlias(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, help_text="A spelling as written: 'Pompeo', 'Mr Pompeo'.")
    normalised = models.CharField(max_length=200, unique=True, editable=False)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MACHINE)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "person aliases"

    def __str__(self) -> str:
        return f"{self.name} → {self.person_id and self.person.name}"

    def get_absolute_url(self) -> str:
        return self.person.get_absolute_url()

    def save(self, *args, **kwargs):
        self.normalised = normalise_alias(self.name)
        super().save(*args, **kwargs)


class Country(models.Model):
    code = models.CharField("ISO 3166-1 alpha-2", max_length=2, unique=True)
    alpha3 = models.CharField("ISO 3166-1 alpha-3", max_length=3, unique=True)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:country", args=[self.code.lower()])


class AliasKind(models.TextChoices):
    NAME = "name", "Name"
    SHORT = "short", "Short form"
    DEMONYM = "demonym", "Demonym"
    CAPITAL = "capital", "Capital"
    INSTITUTION = "institution", "Institution"


class CountryAlias(models.Model):
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, help_text="As written: 'Russian', 'Moscow', 'the Kremlin'.")
    normalised = models.CharField(max_length=200, unique=True, editable=False)
    kind = models.CharField(max_length=12, choices=AliasKind.choices)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MACHINE)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "country aliases"

    def __str__(self) -> str:
        return f"{self.name} → {self.country_id and self.country.code}"

    def get_absolute_url(self) -> str:
        return self.country.get_absolute_url()

    def save(self, *args, **kwargs):
        self.normalised = normalise_alias(self.name)
        super().save(*args, **kwargs)


class PersonMention(ArticleDated, Provenance, TimeStamped):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="person_mentions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    first_offset = models.PositiveIntegerField(null=True, blank=True, help_text="Character offset in the body.")
    spans = models.JSONField(default=list, blank=True, help_text="[start, end] of each mention in the body.")

    objects = MentionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated", "published"])

    class Meta:
        ordering = ["-count", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="personmention_unique_article_person"),
        ]
        # PostgreSQL also has personmention_newest_idx (migration 0006).
        indexes = [models.Index(fields=["person", "status"], name="personmention_person_idx")]

    def __str__(self) -> str:
        return f"{self.person_id and self.person.name} in {self.article_id and self.article.title}"

    def get_absolute_url(self) -> str:
        return self.article.get_absolute_url()


class CountryMention(ArticleDated, Provenance, TimeStamped):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="country_mentions")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    first_offset = models.PositiveIntegerField(null=True, blank=True, help_text="Character offset in the body.")
    spans = models.JSONField(default=list, blank=True, help_text="[start, end] of each mention in the body.")

    objects = MentionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated", "published"])

    class Meta:
        ordering = ["-count", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "country"], name="countrymention_unique_article_country"),
        ]
        # PostgreSQL also has countrymention_newest_idx (migration 0006).
        indexes = [models.Index(fields=["country", "status"], name="countrymention_country_idx")]

    def __str__(self) -> str:
        return f"{self.country_id and self.country.name} in {self.article_id and self.article.title}"

    def get_absolute_url(self) -> str:
        return self.article.get_absolute_url()


class Quote(ArticleDated, Provenance, TimeStamped):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField()
    speaker = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes"
    )
    speaker_as_written = models.CharField(max_length=300, blank=True, help_text="'he', 'Mr Lavrov', 'the Kremlin'.")
    paragraph = models.PositiveIntegerField(default=0, help_text="Index of the paragraph in the body.")
    start = models.PositiveIntegerField(null=True, blank=True, help_text="Character offset in the body.")
    end = models.PositiveIntegerField(null=True, blank=True)
    partial = models.BooleanField(default=False, help_text="A fragment embedded in the narrator's sentence.")

    objects = QuoteQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated", "published"])

    class Meta:
        ordering = ["article", "paragraph", "start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "start", "end"], name="quote_unique_article_span"),
            models.CheckConstraint(condition=Q(start__isnull=True) | Q(end__gt=models.F("start")), name="quote_span_ordered"),
        ]
        indexes = [
            models.Index(fields=["speaker", "status"], name="quote_speaker_idx"),
            models.Index(fields=["article", "paragraph"], name="quote_article_paragraph_idx"),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:77] + "…"

    def get_absolute_url(self) -> str:
        from articles.parts import part_of

        part = part_of(self.paragraph)  # a long article is shown in parts
        return f"{self.article.get_absolute_url()}{f'?part={part}' if part > 1 else ''}#quote-{self.pk}"


class PersonMerge(models.Model):
    """A read-only record of an editor merging people into a survivor. The merged
    people's old slugs keep redirecting to the survivor through it."""

    survivor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges")
    merged_names = models.JSONField(help_text="Names of the people merged away.")
    merged_slugs = models.JSONField(help_text="Their slugs, which now redirect to the survivor.")
    moved = models.JSONField(default=dict, help_text="How many mentions, quotes and aliases moved.")
    merged_by = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, blank=True)
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{', '.join(self.merged_names)} → {self.survivor_id and self.survivor.name}"

    def get_absolute_url(self) -> str:
        return self.survivor.get_absolute_url()


class PersonRedirect(models.Model):
    """An old person slug (from a merge or a rename) and where it now lives."""

    old_slug = models.SlugField(max_length=200, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="redirects")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.person_id and self.person.slug}"

    def get_absolute_url(self) -> str:
        return self.person.get_absolute_url()

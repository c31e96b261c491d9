"""People: one canonical Person per human, many spellings (PersonAlias), and the
record of editors' merges and renames (PersonMerge, PersonRedirect)."""

from __future__ import annotations

from django.db import models
from django.db.models import OuterRef, Q, Value
from simple_history.models import HistoricalRecords

from articles.models.base import Alias, TimeStamped, count_subquery, unique_slug, url_for
from articles.models.mentions import Entity, EntityQuerySet
from articles.models.quotes import Quote
from articles.search_index import is_postgresql
from articles.text import normalise_alias


class PersonQuerySet(EntityQuerySet):
    shown_fields = ("name", "slug")

    def with_counts(self):
        """Annotate `article_count` and `quote_count` (active rows only) as
        subqueries, so the two counts do not multiply each other."""
        return (
            super()
            .with_counts()
            .annotate(quote_count=count_subquery(Quote.objects.active().filter(speaker=OuterRef("pk"))))
        )

    def search(self, query: str):
        """People whose name or an alias contains the query; on PostgreSQL also
        those whose name is close to it ("Lavrof" finds Lavrov), closest first."""
        query = (query or "").strip()
        if not query:
            return self
        if not is_postgresql():
            return self.filter(self.named_like(query))
        from django.contrib.postgres.search import TrigramWordSimilarity

        return (
            self.filter(self.named_like(query) | Q(name__trigram_word_similar=query))
            .annotate(similarity=TrigramWordSimilarity(Value(query), "name"))
            .order_by("-similarity", "name")
        )


class Person(Entity, TimeStamped):
    name = models.CharField(max_length=200, help_text="The canonical name: the fullest form, no titles.")
    slug = models.SlugField(max_length=200, unique=True)
    # Two ingestion workers meeting the same new name at once must make one
    # person: the second insert fails on this key and its chunk, retried, finds
    # the first worker's row (articles/jobs.py). Set when ingestion creates a
    # person, cleared when the person is renamed (the old spelling then lives on
    # as an alias, and a new person may take it).
    created_as = models.CharField(
        max_length=200, unique=True, null=True, blank=True, editable=False,
        help_text="The normalised name ingestion created this person under, while the person still bears it.",
    )

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("articles:person", self.slug)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Person, self.name, exclude_pk=self.pk)
        if self.created_as and normalise_alias(self.name) != self.created_as:
            self.created_as = None
        super().save(*args, **kwargs)


class PersonAlias(Alias):
    entity = "person"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, help_text="A spelling as written: 'Pompeo', 'Mr Pompeo'.")

    history = HistoricalRecords()

    class Meta(Alias.Meta):
        verbose_name_plural = "person aliases"


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

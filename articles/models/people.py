"""People: one canonical Person per human, many spellings (PersonAlias), and the
record of editors' merges and renames (PersonMerge, PersonRedirect)."""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from simple_history.models import HistoricalRecords

from articles import search_index
from articles.history import ensure_baseline
from articles.models.base import Alias, Status, TimeStamped, count_subquery, unique_slug, url_for
from articles.models.mentions import Entity, EntityQuerySet
from articles.models.quotes import Quote
from articles.text import normalise_alias


class PersonQuerySet(EntityQuerySet):
    shown_fields = ("name", "slug")

    def public(self):
        """People readers may see: not those an editor marked "not a person"."""
        return self.filter(not_a_person=False)

    def mentioned(self):
        return super().mentioned().public()

    def with_years(self):
        """Annotate `first_year` and `last_year` in which the person is named."""
        mentions = self.mentions.active().filter(person=OuterRef("pk"), published__isnull=False).order_by()
        return self.annotate(
            first_year=Subquery(mentions.order_by("published").values("published__year")[:1]),
            last_year=Subquery(mentions.order_by("-published").values("published__year")[:1]),
        )

    def with_counts(self):
        """Annotate `article_count` and `quote_count` (active rows only) as
        subqueries, so the two counts do not multiply each other."""
        return (
            super()
            .with_counts()
            .annotate(quote_count=count_subquery(Quote.objects.active().filter(speaker=OuterRef("pk"))))
        )

    def speaking_for(self, organisation):
        """The people quoted speaking for `organisation` ("Dmitry Peskov, Kremlin
        spokesman"), most quotes first, each with `n`, how many."""
        said = Q(quotes__speaker_organisation=organisation, quotes__status=Status.ACTIVE)
        return self.public().filter(said).annotate(n=Count("quotes")).order_by("-n", "name")

    def most_involved_in(self, events):
        """The people taking part in most of these events (a queryset of them),
        most first, each with `n`, in how many."""
        return self.public().filter(events__in=events.values("pk")).annotate(n=Count("events")).order_by("-n", "name")

    def search(self, query: str):
        """People whose name or an alias contains the query, or whose name is
        close to it ("Lavrof" finds Lavrov): those who contain it first, the
        most mentioned first (see search_index.closest_first)."""
        query = (query or "").strip()
        if not query:
            return self
        return search_index.closest_first(self, query, also=self.named_like(query))


class Person(Entity, TimeStamped):
    name = models.CharField(max_length=200, help_text="The canonical name: the fullest form, no titles.")
    slug = models.SlugField(max_length=200, unique=True)
    not_a_person = models.BooleanField(
        default=False,
        help_text="An editor's judgement: this name is not a person (a place, a group, scraper text). "
        "It is hidden everywhere and ingestion never links it again.",
    )
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
    history = HistoricalRecords(excluded_fields=["updated", "article_count"])

    class Meta:
        ordering = ["name"]
        # Lists lead with the most named: their first page comes straight off it.
        indexes = [models.Index(fields=["-article_count", "name"], name="person_most_named_idx")]
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

    def picker_label(self) -> str:
        """How the desk's pickers offer this person: the name, how many articles
        and which years (annotated by PersonQuerySet.with_counts and
        with_years), so namesakes and relatives are not a coin toss."""
        parts = [self.name]
        count = getattr(self, "article_count", None)
        if count is not None:
            parts.append(f"{count:,} article{'s' if count != 1 else ''}")
        first, last = getattr(self, "first_year", None), getattr(self, "last_year", None)
        if first:
            parts.append(f"{first}" if first == last else f"{first}–{last}")
        return " · ".join(parts)

    def mark_not_a_person(self, by=None) -> dict[str, int]:
        """An editor's judgement that this record is not a human: it leaves every
        public page (its mentions are rejected, so lists, facets and search forget
        it; its quotes lose it as speaker, keeping the words as written), its page
        answers 404, and ingestion never links the name again (the flag is read by
        the people index). Returns how many rows changed."""
        with transaction.atomic(), search_index.deferred():
            ensure_baseline(Person, [self.pk])
            self.not_a_person = True
            if by is not None and by.is_authenticated:
                self._history_user = by
            self.save()
            rejected = self.mentions.active().reject(by=by)
            unlinked = self.quotes.all().set_speaker(None, by=by)
        return {"mentions": rejected, "quotes": unlinked}


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

"""Organisations: governments and ministries, international bodies, parties,
armed groups, companies and news organisations, named and quoted like people.
They share the Entity, Alias and Mention machinery with people and countries."""

from __future__ import annotations

from django.db import models
from django.db.models import OuterRef
from simple_history.models import HistoricalRecords

from articles.models.base import Alias, TimeStamped, count_subquery, url_for
from articles.models.mentions import Entity, EntityQuerySet
from articles.models.quotes import Quote


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", "Government or ministry"
    INTERNATIONAL = "international", "International body"
    PARTY = "party", "Party"
    ARMED_GROUP = "armed_group", "Armed group"
    COMPANY = "company", "Company"
    NEWS = "news", "News organisation"
    OTHER = "other", "Other"


class OrganisationQuerySet(EntityQuerySet):
    shown_fields = ("name", "slug")

    def with_counts(self):
        """Annotate `article_count` and `quote_count`: the quotes said by it or
        by someone speaking for it (fragments too), as subqueries."""
        said = Quote.objects.active().filter(speaker_organisation=OuterRef("pk"))
        return super().with_counts().annotate(quote_count=count_subquery(said))

    def of_kind(self, kind: str | None):
        return self.filter(kind=kind) if kind else self

    def of_country(self, country):
        """Those belonging to `country` (None: no filter)."""
        return self.filter(country=country) if country is not None else self


class Organisation(Entity, TimeStamped):
    name = models.CharField(max_length=200, help_text="The canonical name: 'State Department', 'NATO'.")
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER)
    country = models.ForeignKey(
        "articles.Country",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="The country it belongs to, if any (the Kremlin: Russia; NATO: none).",
    )

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated", "article_count"])

    class Meta:
        ordering = ["name"]
        # Lists lead with the most named: their first page comes straight off it.
        indexes = [models.Index(fields=["-article_count", "name"], name="org_most_named_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("articles:organisation", self.slug)


class OrganisationAlias(Alias):
    entity = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, help_text="A spelling as written: 'the Kremlin', 'U.S. State Department'.")

    history = HistoricalRecords()

    class Meta(Alias.Meta):
        verbose_name_plural = "organisation aliases"

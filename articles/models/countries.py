"""Countries: ISO 3166-1 reference data (migration 0002) and the names,
demonyms, capitals and institutions that point to each (CountryAlias)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from articles.models.base import Alias, url_for
from articles.models.mentions import Entity, EntityQuerySet


class CountryQuerySet(EntityQuerySet):
    shown_fields = ("code", "name")

    def search(self, query: str):
        query = (query or "").strip()
        if not query:
            return self
        return self.filter(self.named_like(query) | Q(code__iexact=query))

    def pair(self, code: str, other: str) -> tuple | None:
        """The two countries of these ISO codes (either case), in that order;
        None unless both exist and they are two. One query."""
        found = {c.code: c for c in self.filter(code__in=[code.upper(), other.upper()])}
        if len(found) != 2:
            return None
        return found[code.upper()], found[other.upper()]


class Country(Entity):
    code = models.CharField("ISO 3166-1 alpha-2", max_length=2, unique=True)
    alpha3 = models.CharField("ISO 3166-1 alpha-3", max_length=3, unique=True)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        # Lists lead with the most named: their first page comes straight off it.
        indexes = [models.Index(fields=["-article_count", "name"], name="country_most_named_idx")]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("articles:country", self.code.lower())


class AliasKind(models.TextChoices):
    NAME = "name", "Name"
    SHORT = "short", "Short form"
    DEMONYM = "demonym", "Demonym"
    CAPITAL = "capital", "Capital"
    INSTITUTION = "institution", "Institution"


class CountryAlias(Alias):
    entity = "country"

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, help_text="As written: 'Russian', 'Moscow', 'the Kremlin'.")
    kind = models.CharField(max_length=12, choices=AliasKind.choices)

    history = HistoricalRecords()

    class Meta(Alias.Meta):
        verbose_name_plural = "country aliases"

    @staticmethod
    def label_of(named) -> str:
        return named.code

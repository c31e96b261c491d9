"""Countries: ISO 3166-1 reference data (migration 0002) and the names,
demonyms, capitals and institutions that point to each (CountryAlias)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from articles import search_index
from articles.models.base import Origin, RemembersStored, url_for
from articles.models.mentions import EntityQuerySet
from articles.text import normalise_alias


class CountryQuerySet(EntityQuerySet):
    shown_fields = ("code", "name")

    def search(self, query: str):
        query = (query or "").strip()
        if not query:
            return self
        return self.filter(self.named_like(query) | Q(code__iexact=query))


class Country(RemembersStored):
    code = models.CharField("ISO 3166-1 alpha-2", max_length=2, unique=True)
    alpha3 = models.CharField("ISO 3166-1 alpha-3", max_length=3, unique=True)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)

    objects = CountryQuerySet.as_manager()
    remembered = ("name",)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("articles:country", self.code.lower())

    def save(self, *args, **kwargs):
        renamed = self.pk is not None and self.stored("name") not in (None, self.name)
        super().save(*args, **kwargs)
        if renamed:
            search_index.articles_changed(self.mentions.values_list("article_id", flat=True))
        self.remember_stored()


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

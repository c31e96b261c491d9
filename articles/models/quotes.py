"""Quotes: what was said, by whom, where in which article."""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from articles.parts import part_of
from articles.models.base import ArticleDated, DatedQuerySet, Provenance, TimeStamped
from articles.models.mentions import NEWEST, mention_model
from articles import search_index


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    COUNTRY = "country", "Country (its government)"


class QuoteQuerySet(DatedQuerySet):
    def with_article(self):
        """Each quote's article (without its wide columns) and speaker, joined."""
        return self.select_related("article", "speaker", "speaker_organisation", "speaker_country").defer(
            "article__body", "article__search_vector", "article__caption", "article__ingested_from"
        )

    def newest_first(self):
        # The article's date as the quote carries it: a speaker's newest quotes
        # come straight off an index (quote_speaker_newest_idx, PostgreSQL).
        return self.order_by(*NEWEST, "-article_id", "paragraph", "start")

    def search(self, query: str):
        """Quotes containing the query, or said by a person whose name contains
        it or is close to it."""
        query = (query or "").strip()
        if not query:
            return self
        speaker = self.model._meta.get_field("speaker").related_model
        close = search_index.close_name(speaker, query, "speaker")
        return self.filter(Q(text__icontains=query) | Q(speaker__name__icontains=query) | close)

    def in_articles(self, article_ids):
        """Quotes from these articles (ids, or a subquery of them)."""
        return self.filter(article_id__in=article_ids)

    def set_speaker(self, speaker, by=None) -> int:
        """An editor's decision on who said these quotes (None: nobody known):
        they become the editor's rows, which ingestion never changes."""
        return self.decide({"speaker": speaker}, by, unless=Q(speaker=speaker) if speaker is not None else Q(speaker=None))

    def mentioning(self, entity):
        """Quotes from articles that actively name `entity` (a person or a country)."""
        model = mention_model(type(entity))
        return self.filter(
            Exists(model.objects.active().filter(article=OuterRef("article_id"), **{model.entity: entity}))
        )


class Quote(ArticleDated, Provenance, TimeStamped):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField()
    speaker = models.ForeignKey(
        "articles.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes"
    )
    # Who speaks: a person (speaker), an organisation, or a country speaking as
    # its government ("Moscow said"). speaker_organisation is also set when a
    # person speaks for one ("a spokesman for the European Commission").
    speaker_kind = models.CharField(max_length=12, choices=SpeakerKind.choices, blank=True, default="")
    speaker_organisation = models.ForeignKey(
        "articles.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes"
    )
    speaker_country = models.ForeignKey(
        "articles.Country", on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes"
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
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__gt=models.F("start")), name="quote_span_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["speaker", "status"], name="quote_speaker_idx"),
            models.Index(fields=["article", "paragraph"], name="quote_article_paragraph_idx"),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:77] + "…"

    def get_absolute_url(self) -> str:
        part = part_of(self.paragraph)  # a long article is shown in parts
        return f"{self.article.get_absolute_url()}{f'?part={part}' if part > 1 else ''}#quote-{self.pk}"

    @property
    def who(self):
        """Whoever speaks, to show and link: the person, the organisation, the
        country, or None (then speaker_as_written says it)."""
        if self.speaker_id:
            return self.speaker
        if self.speaker_kind == SpeakerKind.ORGANISATION and self.speaker_organisation_id:
            return self.speaker_organisation
        if self.speaker_kind == SpeakerKind.COUNTRY and self.speaker_country_id:
            return self.speaker_country
        return None

    @classmethod
    def correction_label(cls, record, name) -> str:
        text = record.text if len(record.text) <= 60 else record.text[:57] + "…"
        return f"Quote “{text}” ({name(cls._meta.get_field('speaker').related_model, record.speaker_id)})"

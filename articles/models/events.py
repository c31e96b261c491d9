"""Diplomatic events: who met, visited, called, agreed with, sanctioned, expelled
or criticised whom, where and when; one Event per real-world event, however
many articles report it, each report traced to its sentence (EventReport).

Kinds carry their PLOVER type and CAMEO code (from the extractor). An event's
`phase` says whether it happened, is planned or was cancelled (its
Provenance `status` is the editors' active/rejected, as on every corrected row).
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations

from django.db import connections, models
from django.db.models import Count, Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from articles.parts import part_of
from articles.models.base import (
    ArticleDated,
    DatedQuerySet,
    Provenance,
    ProvenanceQuerySet,
    TimeStamped,
    count_subquery,
    monthly_counts,
    url_for,
)


class EventKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    VISIT = "visit", "Visit"
    CALL = "call", "Call"
    AGREEMENT = "agreement", "Agreement"
    SANCTION = "sanction", "Sanction"
    EXPULSION = "expulsion", "Expulsion"
    CRITICISM = "criticism", "Criticism"


COOPERATION = (EventKind.MEETING, EventKind.VISIT, EventKind.CALL, EventKind.AGREEMENT)
CONFLICT = (EventKind.SANCTION, EventKind.EXPULSION, EventKind.CRITICISM)
# Where people meet: a person's "meetings and visits".
ENCOUNTERS = (EventKind.MEETING, EventKind.VISIT, EventKind.CALL)


class EventPhase(models.TextChoices):
    HAPPENED = "happened", "Happened"
    PLANNED = "planned", "Planned"
    CANCELLED = "cancelled", "Cancelled"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class Role(models.TextChoices):
    ACTOR = "actor", "Acts"  # the visitor, the sanctioner, the critic
    TARGET = "target", "Receives"  # the host, the sanctioned, the criticised
    SIDE = "side", "Takes part"  # a side of talks, a call, an agreement


class EventQuerySet(ProvenanceQuerySet):
    def newest_first(self):
        return self.order_by(models.F("anchor").desc(nulls_last=True), "-id")

    def matching(self, kind: str, phase: str, countries_key: str, window: tuple[date, date]):
        """The stored event that one of this kind, phase and countries, anchored
        in `window`, is a report of (the earliest), or None.

        On PostgreSQL it first takes a transaction-long advisory lock on the
        (kind, phase, countries) triple, so two ingestion runs or queue workers
        that meet the same new event one after the other: the second waits for
        the first's transaction and then finds its event rather than making a
        twin. (No unique key can say this: "the same event" is a date window.)
        A deadlock between two batches is retried by the ingestion run like any
        other conflict. SQLite has one writer at a time and needs no lock."""
        if connections[self.db].vendor == "postgresql":
            with connections[self.db].cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"event {kind} {phase} {countries_key}"])
        return (
            self.filter(kind=kind, phase=phase, countries_key=countries_key, anchor__range=window)
            .order_by("anchor", "pk")
            .first()
        )

    def involving(self, entity):
        """Events in which `entity` (a country, a person or an organisation) takes part."""
        if entity._meta.model_name == "country":
            return self.filter(Exists(EventCountry.objects.filter(event=OuterRef("pk"), country=entity)))
        if entity._meta.model_name == "person":
            return self.filter(people=entity)
        return self.filter(bodies=entity)

    def encounters(self):
        """Meetings, visits and calls: whom someone met, where and when."""
        return self.filter(kind__in=ENCOUNTERS)

    def between(self, first, second):
        """Events in which both countries take part."""
        return self.involving(first).involving(second)

    def reported_in(self, article):
        """Events an active report of `article` tells of."""
        return self.filter(Exists(EventReport.objects.active().filter(event=OuterRef("pk"), article=article)))

    def sides_of(self, people, countries) -> dict:
        """Which of `countries` each of `people` stands for, as far as these
        events tell (a person's country is not stored): the one their events
        most often involve, {person id: country id}, None on a tie. Someone
        seen only at US–Russia talks is on neither side; Lavrov, also at
        talks with France and China, is Russia's. One query."""
        through = self.model.people.through
        rows = (
            through.objects.filter(person_id__in=[p.pk for p in people], event__in=self.values("pk"))
            .filter(event__sides__country__in=countries)
            .values_list("person_id", "event__sides__country_id")
            .annotate(n=Count("event_id", distinct=True))
        )
        counted: dict = {}
        for person_id, country_id, n in rows:
            counted.setdefault(person_id, {})[country_id] = n
        sides = {}
        for person in people:
            n = [counted.get(person.pk, {}).get(country.pk, 0) for country in countries]
            most = max(n, default=0)
            sides[person.pk] = countries[n.index(most)].pk if most and n.count(most) == 1 else None
        return sides

    def for_listing(self):
        """With their sides, people and place for a list: three queries for any page."""
        return self.select_related("place_country").prefetch_related(
            models.Prefetch("sides", queryset=EventCountry.objects.select_related("country").order_by("role", "country__name")),
            models.Prefetch("people", queryset=_person_model().objects.public().only("name", "slug")),
        ).annotate(report_count=count_subquery(EventReport.objects.active().filter(event=OuterRef("pk"))))

    def monthly_balance(self) -> list[tuple[date, int, int]]:
        """(month, cooperation events, conflict events) for each month with any."""
        return monthly_counts(self, "anchor", cooperation=Q(kind__in=COOPERATION), conflict=Q(kind__in=CONFLICT))

    def partners_of(self, country, limit: int = 10) -> list:
        """The countries these events pair with `country`, most events first:
        each a Country (pk, code, name only) with `n` events, `cooperation`
        and `conflict` among them (and `cooperation_percent` of `n`, to draw
        the balance). One query, grouping the sides."""
        counted = {
            "n": Count("event", distinct=True),
            "cooperation": Count("event", distinct=True, filter=Q(event__kind__in=COOPERATION)),
            "conflict": Count("event", distinct=True, filter=Q(event__kind__in=CONFLICT)),
        }
        rows = (
            EventCountry.objects.filter(event__in=self.involving(country).values("pk"))
            .exclude(country=country)
            .values("country_id", "country__code", "country__name")
            .annotate(**counted)
            .order_by("-n", "country__name")[:limit]
        )
        model = EventCountry.country.field.related_model
        partners = []
        for row in rows:
            partner = model(pk=row["country_id"], code=row["country__code"], name=row["country__name"])
            partner.n, partner.cooperation, partner.conflict = row["n"], row["cooperation"], row["conflict"]
            partner.cooperation_percent = round(100 * row["cooperation"] / row["n"]) if row["n"] else 0
            partners.append(partner)
        return partners


def _person_model():
    return Event.people.field.related_model


class Event(Provenance, TimeStamped):
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    phase = models.CharField(
        max_length=10, choices=EventPhase.choices, default=EventPhase.HAPPENED,
        help_text="Happened, planned (will meet, invited, scheduled) or cancelled (called off, postponed, refused).",
    )
    date = models.DateField(null=True, blank=True, help_text="When, at the precision below (the first day of a month or year).")
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    # The day used to tell one real event from another: its date when known,
    # else the date of the article that first reported it.
    anchor = models.DateField(null=True, blank=True, editable=False, db_index=True)
    place_name = models.CharField(max_length=200, blank=True)
    place_country = models.ForeignKey(
        "articles.Country", on_delete=models.SET_NULL, null=True, blank=True, related_name="events_held"
    )
    # Every side's code, sorted and comma-separated: "RU,US". With kind, phase
    # and anchor it finds the event a new report is about.
    countries_key = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    people = models.ManyToManyField("articles.Person", blank=True, related_name="events")
    bodies = models.ManyToManyField("articles.Organisation", blank=True, related_name="events")
    cameo = models.CharField("CAMEO code", max_length=4, blank=True)
    plover = models.CharField("PLOVER type", max_length=12, blank=True)

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["-anchor", "-id"]
        indexes = [models.Index(fields=["kind", "phase", "countries_key", "anchor"], name="event_match_idx")]

    def __str__(self) -> str:
        sides = " – ".join(self.countries_key.split(",")) if self.countries_key else "no country"
        when = f", {self.shown_date}" if self.date else ""
        where = f", {self.place_name}" if self.place_name else ""
        return f"{self.get_kind_display()} ({self.get_phase_display().lower()}): {sides}{where}{when}"

    def get_absolute_url(self) -> str:
        return url_for("articles:event", str(self.pk))

    @property
    def shown_date(self) -> str:
        if not self.date:
            return ""
        if self.date_precision == DatePrecision.YEAR:
            return f"{self.date:%Y}"
        if self.date_precision == DatePrecision.MONTH:
            return f"{self.date:%B %Y}"
        return f"{self.date.day} {self.date:%B %Y}"

    @property
    def sides_text(self) -> str:
        """"United States → Russia" for who acts on whom, "Russia – United States"
        for the sides of talks (read from the prefetched sides)."""
        sides = list(self.sides.all())
        actors = [s.country.name for s in sides if s.role == Role.ACTOR]
        targets = [s.country.name for s in sides if s.role == Role.TARGET]
        others = [s.country.name for s in sides if s.role == Role.SIDE]
        if actors and targets:
            return " & ".join(actors) + " → " + " & ".join(targets + others)
        return " – ".join(actors + others + targets) or "No country named"

    @property
    def countries(self) -> list:
        """The distinct countries taking part (read from the prefetched sides)."""
        countries = []
        for side in self.sides.all():
            if side.country not in countries:
                countries.append(side.country)
        return countries

    @property
    def pair(self):
        """The two countries of a two-country event, for a link to their
        relations; None for one or more than two (which two would be a guess)."""
        countries = self.countries
        return countries if len(countries) == 2 else None

    @property
    def pairs(self) -> list:
        """Every two of its countries, for links to their relations."""
        return list(combinations(self.countries, 2))

    @property
    def is_cooperation(self) -> bool:
        return self.kind in COOPERATION

    @classmethod
    def window(cls, day: date | None, precision: str) -> tuple[date, date] | None:
        """The anchors that may be the same real event as one on `day`: a few
        days either side of a day, the same month or year otherwise."""
        if day is None:
            return None
        if precision in (DatePrecision.MONTH, DatePrecision.YEAR):
            return day, day
        return day - timedelta(days=3), day + timedelta(days=3)

    @classmethod
    def correction_label(cls, record, name) -> str:
        return f"Event “{record.kind}, {record.countries_key or 'no country'}”"


class EventCountry(models.Model):
    """A country taking part in an event, and how: acting, receiving, or a side."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sides")
    country = models.ForeignKey("articles.Country", on_delete=models.CASCADE, related_name="event_sides")
    role = models.CharField(max_length=6, choices=Role.choices, default=Role.SIDE)

    class Meta:
        ordering = ["role", "country__name"]
        verbose_name = "country taking part"
        verbose_name_plural = "countries taking part"
        constraints = [models.UniqueConstraint(fields=["event", "country", "role"], name="eventcountry_unique")]
        indexes = [models.Index(fields=["country", "event"], name="eventcountry_country_idx")]

    def __str__(self) -> str:
        return f"{self.country_id and self.country.code} ({self.get_role_display().lower()})"


class EventReportQuerySet(DatedQuerySet):
    def in_reading_order(self):
        """With their articles (not their wide columns), oldest article first
        and in reading order within each: an event's page of evidence."""
        return (
            self.select_related("article")
            .defer("article__body", "article__search_vector", "article__caption", "article__ingested_from")
            .order_by("published", "article_id", "part", "start")
        )


class EventReport(ArticleDated, Provenance, TimeStamped):
    """A sentence of an article that reports an event: where to read it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reports")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="event_reports")
    sentence = models.TextField()
    part = models.CharField(max_length=10, default="body", help_text="title, standfirst, caption or body")
    paragraph = models.PositiveIntegerField(null=True, blank=True)
    start = models.PositiveIntegerField(default=0, help_text="Offset in the part's text.")
    end = models.PositiveIntegerField(default=0)

    objects = EventReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated", "published"])

    class Meta:
        ordering = ["article", "part", "start"]
        constraints = [
            models.UniqueConstraint(fields=["event", "article", "part", "start"], name="eventreport_unique_sentence")
        ]

    def __str__(self) -> str:
        return self.sentence if len(self.sentence) <= 80 else self.sentence[:77] + "…"

    def get_absolute_url(self) -> str:
        if self.part != "body" or self.paragraph is None:
            return self.article.get_absolute_url()
        part = part_of(self.paragraph)  # a long article is shown in parts
        return f"{self.article.get_absolute_url()}{f'?part={part}' if part > 1 else ''}#p{self.paragraph}"

    @classmethod
    def correction_label(cls, record, name) -> str:
        text = record.sentence if len(record.sentence) <= 60 else record.sentence[:57] + "…"
        return f"Report “{text}”"

"""The footer's totals, and the whole corpus month by month (what a timeline's
"share of all coverage" divides by)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connections, router

from articles.models.article import Article
from articles.models.base import Status, monthly_counts
from articles.models.events import Event
from articles.models.mentions import CountryMention, PersonMention
from articles.models.quotes import Quote

SITE_TOTALS_SECONDS = 300


def site_totals() -> dict[str, int]:
    """Articles, people and countries mentioned, and quotes: one query, then
    cached for a few minutes, because counting every row on every page costs
    tens of milliseconds on a full corpus and a footer may lag a little."""
    return cache.get_or_set("site-totals", _count_totals, SITE_TOTALS_SECONDS)


def _count_totals() -> dict[str, int]:
    tables = {m.__name__: m._meta.db_table for m in (Article, PersonMention, CountryMention, Quote)}
    # Raw SQL, so ask the router which database reads articles (a replica, on a public page).
    with connections[router.db_for_read(Article)].cursor() as cursor:
        cursor.execute(
            f"""
            SELECT
              (SELECT count(*) FROM {tables['Article']}),
              (SELECT count(DISTINCT person_id) FROM {tables['PersonMention']} WHERE status = %(active)s),
              (SELECT count(DISTINCT country_id) FROM {tables['CountryMention']} WHERE status = %(active)s),
              (SELECT count(*) FROM {tables['Quote']} WHERE status = %(active)s)
            """,
            {"active": Status.ACTIVE},
        )
        articles, people, countries, quotes = cursor.fetchone()
    return {"articles": articles, "people": people, "countries": countries, "quotes": quotes}


def articles_per_month() -> dict:
    """{first day of month: articles published that month}, all articles:
    one query, cached like the totals (a month's total moves little between
    two page views, and grouping every article costs tens of milliseconds)."""
    return cache.get_or_set("articles-per-month", lambda: dict(monthly_counts(Article.objects.all())), SITE_TOTALS_SECONDS)


def events_per_month() -> dict:
    """{first day of month: active events anchored in it}, all events; cached."""
    return cache.get_or_set(
        "events-per-month", lambda: dict(monthly_counts(Event.objects.active(), "anchor")), SITE_TOTALS_SECONDS
    )

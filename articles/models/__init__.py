"""The app's data, each model beside the QuerySet that reads it.

- base.py       what every row shares: timestamps, slugs, provenance ("editors
                win": Provenance.machine_may_change, reject, restore), the
                article date mentions and quotes carry, query helpers
- article.py    Article and ArticleQuerySet (search, filters, listing)
- mentions.py   the abstract Mention, PersonMention and CountryMention, and
                EntityQuerySet (what people and countries share)
- people.py     Person, PersonAlias, PersonMerge, PersonRedirect
- countries.py  Country, CountryAlias
- quotes.py     Quote
- totals.py     the footer's site totals
- jobs.py       Job and JobChunk: background jobs run by queue workers

What a search matches and the derived data it needs live in
articles/search_index.py; every write here goes through its door.
"""

from articles.models.article import TAGS_PER_ARTICLE, Article, ArticleQuerySet, RankedThenNewest
from articles.models.base import (
    Origin,
    Provenance,
    ProvenanceQuerySet,
    Status,
    TimeStamped,
    count_subquery,
    free_slug,
    max_length,
    monthly_counts,
    slug_base,
    unique_slug,
)
from articles.models.jobs import Job, JobChunk
from articles.models.countries import AliasKind, Country, CountryAlias, CountryQuerySet
from articles.models.mentions import CountryMention, EntityQuerySet, Mention, MentionQuerySet, PersonMention
from articles.models.people import Person, PersonAlias, PersonMerge, PersonQuerySet, PersonRedirect
from articles.models.quotes import Quote, QuoteQuerySet
from articles.models.totals import site_totals


def dated_models() -> tuple:
    """The rows that carry their article's date (see base.ArticleDated)."""
    return (PersonMention, CountryMention, Quote)


__all__ = [
    "TAGS_PER_ARTICLE",
    "AliasKind",
    "Article",
    "ArticleQuerySet",
    "Country",
    "CountryAlias",
    "CountryMention",
    "CountryQuerySet",
    "EntityQuerySet",
    "Job",
    "JobChunk",
    "Mention",
    "MentionQuerySet",
    "Origin",
    "Person",
    "PersonAlias",
    "PersonMention",
    "PersonMerge",
    "PersonQuerySet",
    "PersonRedirect",
    "Provenance",
    "ProvenanceQuerySet",
    "Quote",
    "QuoteQuerySet",
    "RankedThenNewest",
    "Status",
    "TimeStamped",
    "count_subquery",
    "dated_models",
    "free_slug",
    "max_length",
    "monthly_counts",
    "site_totals",
    "slug_base",
    "unique_slug",
]

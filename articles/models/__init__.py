"""The app's data, each model beside the QuerySet that reads it.

- base.py       what every row shares: timestamps, slugs, provenance ("editors
                win": Provenance.machine_may_change, reject, restore), the
                article date mentions and quotes carry, query helpers
- article.py    Article and ArticleQuerySet (search, filters, listing)
- mentions.py   the abstract Mention, PersonMention, CountryMention and
                OrganisationMention; Entity and EntityQuerySet (what people,
                countries and organisations share)
- people.py     Person, PersonAlias, PersonMerge, PersonRedirect
- countries.py  Country, CountryAlias
- organisations.py  Organisation, OrganisationAlias (governments, bodies, parties...)
- quotes.py     Quote
- events.py     Event (one per real-world event), EventCountry, EventReport
- totals.py     the footer's site totals; all articles and events per month
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
    first_and_total,
    free_slug,
    max_length,
    monthly_counts,
    slug_base,
    unique_slug,
)
from articles.models.jobs import Job, JobChunk
from articles.models.countries import AliasKind, Country, CountryAlias, CountryQuerySet
from articles.models.events import (
    CONFLICT,
    COOPERATION,
    ENCOUNTERS,
    DatePrecision,
    Event,
    EventCountry,
    EventKind,
    EventPhase,
    EventQuerySet,
    EventReport,
    Role,
)
from articles.models.mentions import (
    CountryMention,
    EntityQuerySet,
    Mention,
    MentionQuerySet,
    OrganisationMention,
    PersonMention,
)
from articles.models.organisations import Organisation, OrganisationAlias, OrganisationKind, OrganisationQuerySet
from articles.models.people import Person, PersonAlias, PersonMerge, PersonQuerySet, PersonRedirect
from articles.models.quotes import Quote, QuoteQuerySet, SpeakerKind
from articles.models.totals import articles_per_month, events_per_month, site_totals


def dated_models() -> tuple:
    """The rows that carry their article's date (see base.ArticleDated)."""
    return (PersonMention, CountryMention, OrganisationMention, Quote, EventReport)


__all__ = [
    "CONFLICT",
    "COOPERATION",
    "ENCOUNTERS",
    "DatePrecision",
    "Event",
    "EventCountry",
    "EventKind",
    "EventPhase",
    "EventQuerySet",
    "EventReport",
    "Role",
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
    "Organisation",
    "OrganisationAlias",
    "OrganisationKind",
    "OrganisationMention",
    "OrganisationQuerySet",
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
    "SpeakerKind",
    "Status",
    "TimeStamped",
    "count_subquery",
    "dated_models",
    "first_and_total",
    "free_slug",
    "max_length",
    "monthly_counts",
    "site_totals",
    "articles_per_month",
    "events_per_month",
    "slug_base",
    "unique_slug",
]

"""Extraction: people, countries, attributed quotes and diplomatic events from an article's text.

Plain Python plus spaCy; no database. See ../shared/DESIGN.md.

Importing this package does not import spaCy: the parser and the plain data
types are light, and the web processes that only parse or read these types
(models, views, the admin) never pay for the pipeline. `extract`,
`extract_many` and `load_nlp` load it on first use.
"""

from articles.extraction.parsing import parse_article
from articles.extraction.types import (
    CountryFound,
    Event,
    EventEvidence,
    Extraction,
    Lookups,
    OrganisationFound,
    ParsedArticle,
    PersonFound,
    QuoteFound,
    normalise_alias,
)

_PIPELINE = ("extract", "extract_many", "load_nlp")

__all__ = [
    "CountryFound",
    "Event",
    "EventEvidence",
    "Extraction",
    "Lookups",
    "OrganisationFound",
    "ParsedArticle",
    "PersonFound",
    "QuoteFound",
    "extract",
    "extract_many",
    "load_nlp",
    "normalise_alias",
    "parse_article",
]


def __getattr__(name: str):
    if name in _PIPELINE:
        from articles.extraction import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Extraction: people, countries, attributed quotes and diplomatic events from an article's text.

Plain Python plus spaCy; no database. See ../shared/DESIGN.md.
"""

from articles.extraction.parsing import parse_article
from articles.extraction.pipeline import extract, extract_many, load_nlp
from articles.extraction.types import (
    CountryFound,
    Event,
    EventEvidence,
    Extraction,
    Lookups,
    ParsedArticle,
    PersonFound,
    QuoteFound,
    normalise_alias,
)

__all__ = [
    "CountryFound",
    "Event",
    "EventEvidence",
    "Extraction",
    "Lookups",
    "ParsedArticle",
    "PersonFound",
    "QuoteFound",
    "extract",
    "extract_many",
    "load_nlp",
    "normalise_alias",
    "parse_article",
]

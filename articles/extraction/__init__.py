"""Extraction: people, countries and attributed quotes from an article's text.

Plain Python plus spaCy; no database. See ../shared/DESIGN.md.
"""

from articles.extraction.parsing import parse_article
from articles.extraction.pipeline import extract, extract_many, load_nlp
from articles.extraction.types import (
    CountryFound,
    Extraction,
    Lookups,
    OrganisationFound,
    ParsedArticle,
    PersonFound,
    QuoteFound,
    normalise_alias,
)

__all__ = [
    "CountryFound",
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

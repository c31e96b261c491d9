"""Building blocks for the extraction tests (no database)."""

from functools import lru_cache

from articles.countrydata import alias_map
from articles.extraction import Lookups, ParsedArticle, extract


@lru_cache(maxsize=1)
def country_aliases() -> dict[str, str]:
    return alias_map()


def lookups_for_tests(known_people: dict[str, str] | None = None) -> Lookups:
    """The full country alias table, as the database holds it, plus known people."""
    return Lookups(country_aliases=country_aliases(), known_people=known_people or {})


def article(*paragraphs: str, title: str = "A headline") -> ParsedArticle:
    return ParsedArticle(title=title, paragraphs=tuple(paragraphs))


def run(nlp, *paragraphs: str, known_people=None, title: str = "A headline"):
    return extract(article(*paragraphs, title=title), nlp, lookups_for_tests(known_people))

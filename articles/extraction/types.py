"""Plain data passed in and out of the extraction library.

Nothing here touches the database: ingestion turns these into rows, the `extract`
command prints them as JSON, and tests build them by hand.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

PARAGRAPH_SEPARATOR = "\n\n"


def normalise_alias(text: str) -> str:
    """The key under which a spelling is stored and looked up: case, accents of
    compatibility forms, curly apostrophes and runs of spaces do not matter."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


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
class EventEvidence:
    """One sentence reporting an event. part: "title", "standfirst", "caption" or
    "body"; start and end index into that part's text (for the body, into
    ParsedArticle.body, and paragraph is the paragraph's index; None elsewhere)."""

    sentence: str
    part: str
    paragraph: int | None
    start: int
    end: int


@dataclass
class Event:
    kind: str  # meeting, visit, call, agreement, sanction, expulsion, criticism
    status: str  # happened, planned, cancelled
    countries: list[str] = field(default_factory=list)  # ISO alpha-2, every side
    actors: list[str] = field(default_factory=list)  # directed kinds: who acts (visitor, sanctioner...)
    targets: list[str] = field(default_factory=list)  # directed kinds: who receives
    people: list[str] = field(default_factory=list)  # canonical names, as in Extraction.people
    bodies: list[str] = field(default_factory=list)  # UN, EU, NATO, G20, IAEA...
    place: dict[str, str | None] | None = None  # {"name": ..., "country": alpha-2 or None}
    date: str | None = None  # "2019-05-14", "2019-06" or "2018", at date_precision
    date_precision: str | None = None  # day, month, year
    cameo: str = ""
    plover: str = ""
    evidence: list[EventEvidence] = field(default_factory=list)


@dataclass
class Extraction:
    people: list[PersonFound] = field(default_factory=list)
    countries: list[CountryFound] = field(default_factory=list)
    quotes: list[QuoteFound] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

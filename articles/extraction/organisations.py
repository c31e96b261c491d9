"""Organisations a Doc names: the institutions of the reference table (articles/data/
organisations.json), ministries built from a country ("China's foreign ministry",
"the Russian Defence Ministry"), and the model's ORG entities, one entry per
organisation under its canonical name.

Countries speaking as governments ("Moscow said", "the Chinese government said")
are not organisations: quotes.py reads them from the country matches.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from articles.extraction.gender import FEMALE_NAMES, MALE_NAMES
from articles.extraction.types import normalise_alias

REFERENCE_PATH = Path(__file__).resolve().parents[1] / "data" / "organisations.json"
KINDS = ("government", "international", "party", "armed_group", "company", "news", "other")

# "foreign ministry", "Ministry of Foreign Affairs": the portfolio words and what they are called.
PORTFOLIOS = {
    "foreign": "Foreign", "foreign affairs": "Foreign", "external affairs": "Foreign", "defence": "Defence",
    "defense": "Defence", "interior": "Interior", "home affairs": "Interior", "finance": "Finance",
    "justice": "Justice", "health": "Health", "trade": "Trade", "commerce": "Trade", "economy": "Economy",
    "economic": "Economy", "energy": "Energy", "education": "Education", "agriculture": "Agriculture",
    "information": "Information", "emergencies": "Emergencies", "emergency situations": "Emergencies",
}
MINISTRY_WORDS = frozenset({"ministry", "ministries"})
# A country's own word for the whole government: "the Chinese government said".
GOVERNMENT_WORDS = frozenset({"government", "authorities", "regime", "cabinet"})
CORPORATE_SUFFIXES = frozenset({"inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "plc", "llc", "ag", "sa",
                                "nv", "gmbh", "group", "holdings", "company", "corporation", "airlines", "bank"})
NEWS_WORDS = frozenset({"times", "post", "news", "journal", "herald", "tribune", "telegraph", "guardian", "gazette",
                        "press", "reuters", "magazine", "daily", "radio", "television", "tv", "broadcasting",
                        "network", "newspaper", "observer", "independent", "examiner", "monitor"})
GOVERNMENT_NAME_WORDS = frozenset({"ministry", "department", "agency", "bureau", "office", "commission", "parliament",
                                   "senate", "congress", "assembly", "council", "court", "police", "army", "navy",
                                   "military", "forces", "administration", "embassy", "service", "guard"})
PARTY_WORDS = frozenset({"party", "front", "league", "movement"})
ARMED_WORDS = frozenset({"militia", "rebels", "brigade", "brigades", "army", "insurgents"})
# ORG entities that name no organisation: the small model gives ORG to laws, diseases,
# currencies and parts of speech ("Covid", "Brexit", "the House" alone is kept).
NOT_ORGANISATIONS = frozenset(
    """brexit covid covid-19 coronavirus obamacare medicare medicaid twitter facebook instagram youtube tiktok
    whatsapp internet god hiv aids ebola cholera senate-confirmed""".split()
)
# Whole names the model calls ORG that name no one who speaks: a place ("the Oval Office"),
# a programme ("Social Security"), a word left alone ("State" of "Secretary of State",
# "LLC" of a copyright line). Inside a longer name they are fine ("State Board of Elections").
NOT_ORGANISATION_NAMES = frozenset(
    {"state", "states", "oval office", "social security", "capitol", "capitol hill", "llc", "inc", "inc.", "ltd",
     "ltd.", "corp", "corp.", "plc", "co", "co.", "pac"}
)
LONGER_NAME_ENDS = frozenset(
    "pac committee committees caucus fund foundation commission subcommittee panel office council".split()
) | GOVERNMENT_NAME_WORDS
RANKS = frozenset("capt captain col colonel gen general lt lieutenant sgt sergeant maj major adm admiral cmdr commander".split())
LOWERCASE_GLUE = frozenset({"of", "for", "and", "the", "on", "de", "du", "des", "la", "le", "'s", "’s", "&", "-"})
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
DASHES = frozenset({"-", "--", "\u2013", "\u2014", ":", "|"})


@dataclass(frozen=True)
class Reference:
    name: str
    kind: str
    country: str | None


@dataclass(frozen=True)
class OrganisationTable:
    codes: dict[str, Reference]  # compact spelling -> organisation
    prefixes: frozenset[str]
    acronyms: frozenset[str]  # compact spellings that count only written in capitals ("AP", "IS", "WHO")


@dataclass
class Organisation:
    name: str
    kind: str
    country: str | None
    forms: dict[str, int] = field(default_factory=dict)  # spelling as written -> count
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token spans in the Doc
    portfolio: str = ""  # "Foreign" for a foreign ministry, so "the ministry" finds it


@dataclass
class OrganisationsInDoc:
    organisations: list[Organisation]
    organisation_at: dict[int, int]  # token index -> organisation index


@lru_cache(maxsize=1)
def reference_organisations() -> dict[str, tuple[str, str, str | None]]:
    """normalised alias -> (canonical name, kind, country), the shape Lookups.organisations takes."""
    data = json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))
    table = {}
    for entry in data["organisations"]:
        value = (entry["name"], entry["kind"], entry.get("country"))
        for spelling in (entry["name"], *entry.get("aliases", ())):
            table.setdefault(normalise_alias(spelling), value)
    return table


def organisation_table(organisations: dict[str, tuple[str, str, str | None]]) -> OrganisationTable:
    codes, acronyms = {}, set()
    for alias, (name, kind, country) in organisations.items():
        key = _compact(alias)
        codes[key] = Reference(name, kind, country)
        letters = [ch for ch in alias if ch.isalpha()]
        if len(letters) <= 5 and " " not in alias.strip():
            acronyms.add(key)
    prefixes = frozenset(key[:n] for key in codes for n in range(1, len(key) + 1))
    return OrganisationTable(codes=codes, prefixes=prefixes, acronyms=frozenset(acronyms))


def _compact(text: str) -> str:
    return "".join(text.split()).casefold().replace("\u2019", "'")


def find_organisations(
    doc: Doc, table: OrganisationTable, country_spans: list[tuple[int, int, str]], person_at: dict[int, int],
    title_end: int = 0, country_name=None,
) -> OrganisationsInDoc:
    """country_spans: find_countries' matches; country_name: alpha-2 -> the name a
    ministry is called by ("Foreign Ministry of Russia")."""
    country_name = country_name or (lambda code: code)
    found: dict[str, Organisation] = {}
    taken: dict[int, str] = {}

    def add(start: int, end: int, name: str, kind: str, country: str | None, portfolio: str = "") -> None:
        if any(i in taken or i in person_at for i in range(start, end)):
            return
        organisation = found.setdefault(name, Organisation(name=name, kind=kind, country=country, portfolio=portfolio))
        written = _as_written(doc, start, end)
        organisation.forms[written] = organisation.forms.get(written, 0) + 1
        organisation.mentions.append((start, end))
        for i in range(start, end):
            taken[i] = name

    country_at = {i: (start, end, code) for start, end, code in country_spans for i in range(start, end)}
    people_written = _people_in_capitals(doc, person_at)
    for start, end, portfolio, code in _ministries(doc, country_at):
        add(start, end, f"{portfolio} Ministry of {country_name(code)}", "government", code, portfolio)
    for start, end, reference in _reference_matches(doc, table):
        add(start, end, reference.name, reference.kind, reference.country)
    for ent in doc.ents:
        if ent.label_ != "ORG" or ent.start_char < title_end:
            continue
        start, end = _trimmed(doc, ent.start, ent.end)
        if start >= end:
            continue
        if any(i in taken for i in range(start, end)):
            continue
        text = doc[start:end].text
        reference = table.codes.get(_compact(text))
        if reference is not None and _ends_another_name(doc, start, end):
            continue
        if reference is not None:
            add(start, end, reference.name, reference.kind, reference.country)
        elif doc[start:end].text in people_written:
            continue  # "TRUMP", "AOC": a person the story names, written in capitals
        elif _plausible(doc, start, end, country_at) and _stands_as_name(doc, start, end):
            add(start, end, text, _kind_of(doc, start, end), _country_in(start, end, country_at))
    _bare_ministries(doc, found, taken)
    organisations = sorted(found.values(), key=lambda o: min(o.mentions))
    organisation_at = {}
    for number, organisation in enumerate(organisations):
        organisation.mentions.sort()
        for start, end in organisation.mentions:
            for i in range(start, end):
                organisation_at[i] = number
    return OrganisationsInDoc(organisations=organisations, organisation_at=organisation_at)


def _people_in_capitals(doc: Doc, person_at: dict[int, int]) -> set[str]:
    """The names of the people in the Doc as a headline or a nickname writes them in
    capitals: each word ("TRUMP") and the initials of a full name ("AOC" for
    Alexandria Ocasio-Cortez)."""
    written: set[str] = set()
    spans: list[list[int]] = []
    for i in sorted(person_at):
        if spans and spans[-1][-1] in (i - 1, i - 2) and person_at[spans[-1][-1]] == person_at[i]:
            spans[-1].append(i)
        else:
            spans.append([i])
        if doc[i].is_alpha and len(doc[i].text) > 1:
            written.add(doc[i].text.upper())
    for span in spans:
        capitals = [doc[i].text[0] for i in span if doc[i].text[:1].isupper()]
        if len(capitals) >= 3:
            written.add("".join(capitals))
    return written


def _as_written(doc: Doc, start: int, end: int) -> str:
    return doc[start:end].text


def _reference_matches(doc: Doc, table: OrganisationTable):
    length = len(doc)
    i = 0
    while i < length:
        token = doc[i]
        if not (token.text[:1].isupper() or token.lower_ == "the"):
            i += 1
            continue
        best = None
        key = ""
        for j in range(i, min(i + 10, length)):
            key += doc[j].lower_.replace("\u2019", "'")
            if key not in table.prefixes:
                break
            reference = table.codes.get(key)
            if reference is not None and _written_as_name(doc, i, j + 1, key in table.acronyms):
                best = (j + 1, reference)
            if "\n" in doc[j].whitespace_:
                break
        if best is None:
            i += 1
            continue
        end, reference = best
        start = i + 1 if doc[i].lower_ == "the" and end - i > 1 else i  # "the" is not part of the name
        if _ends_another_name(doc, start, end):
            i = end
            continue
        yield start, end, reference
        i = end


def _ends_another_name(doc: Doc, start: int, end: int) -> bool:
    """A lone word such as "House" or "Senate" that is part of some other name:
    after a capitalised word ("Opera House", "Ohio Senate"; "U.S. Senate" is listed
    whole) or heading a longer one ("Senate Majority PAC", "House Oversight Committee")."""
    if end - start != 1 or doc[start].text.isupper():
        return False
    for following in doc[start + 1 : start + 5]:
        if not following.text[:1].isupper() or following.ent_type_ == "PERSON":
            break
        if following.lower_ in LONGER_NAME_ENDS:
            return True
    if start == 0:
        return False
    before = doc[start - 1]
    return before.is_title and not before.is_sent_start and before.lower_ not in LOWERCASE_GLUE


def _written_as_name(doc: Doc, start: int, end: int, acronym: bool) -> bool:
    """"WHO" but not "who", "AP" but not "ap"; every content word capitalised."""
    for token in doc[start:end]:
        if token.lower_ in LOWERCASE_GLUE:
            continue
        text = token.text
        if acronym and not (text.isupper() or text[:1].isupper() and len(text) > 3 and token.lower_ not in ("amnesty",)):
            return False
        if token.is_alpha and not text[0].isupper():
            return False
    if acronym and end - start == 1 and doc[start].lower_ in ("who", "is", "au", "ap", "abc") and doc[start].tag_ not in ("NNP", "NNPS"):
        return False  # "who said", "it is"
    return doc[start].lower_ != "the" or end - start > 1


def _ministries(doc: Doc, country_at: dict):
    """"China's foreign ministry", "the Russian Defence Ministry", "Iran's Ministry of
    Foreign Affairs", "the Ministry of Foreign Affairs of Ukraine", "Russian foreign
    ministry spokeswoman"."""
    for i, token in enumerate(doc):
        if token.lower_ not in MINISTRY_WORDS:
            continue
        # <country>('s) <portfolio> ministry
        j = i - 1
        portfolio = None
        for size in (2, 1):
            words = " ".join(t.lower_ for t in doc[max(i - size, 0) : i])
            if i - size >= 0 and words in PORTFOLIOS:
                portfolio, j = PORTFOLIOS[words], i - size - 1
                break
        if portfolio is not None:
            if j >= 0 and doc[j].text in POSSESSIVES:
                j -= 1
            if j >= 0 and j in country_at:
                start, _, code = country_at[j]
                yield start, i + 1, portfolio, code
            continue
        # ministry of <portfolio> (of <country>)
        if i + 2 < len(doc) and doc[i + 1].lower_ == "of":
            for size in (2, 1):
                words = " ".join(t.lower_ for t in doc[i + 2 : i + 2 + size])
                if words in PORTFOLIOS and i + 2 + size <= len(doc):
                    end = i + 2 + size
                    code = None
                    if end + 1 < len(doc) and doc[end].lower_ == "of" and end + 1 in country_at:
                        code_start, code_end, code = country_at[end + 1]
                        end = code_end
                    start = i
                    k = i - 1
                    if k >= 0 and doc[k].text in POSSESSIVES:
                        k -= 1
                    if code is None and k >= 0 and k in country_at:
                        start, _, code = country_at[k]
                    if code:
                        yield start, end, PORTFOLIOS[words], code
                    break


def _bare_ministries(doc: Doc, found: dict[str, Organisation], taken: dict[int, str]) -> None:
    """"The ministry" or "the foreign ministry" after the article has named one is that ministry."""
    ministries = [o for o in found.values() if o.portfolio]
    if not ministries:
        return
    first_named = min(min(o.mentions)[0] for o in ministries)
    for i, token in enumerate(doc):
        if token.lower_ not in ("ministry",) or i in taken or i < first_named:
            continue
        start = i
        portfolio = None
        if i > 0 and doc[i - 1].lower_ in PORTFOLIOS:
            portfolio = PORTFOLIOS[doc[i - 1].lower_]
            start = i - 1
        if start == 0 or doc[start - 1].lower_ != "the":
            continue
        earlier = [o for o in ministries if min(o.mentions)[0] < i and (portfolio is None or o.portfolio == portfolio)]
        if not earlier:
            continue
        target = max(earlier, key=lambda o: max(s for s, _ in o.mentions if s < i))
        target.forms[doc[start : i + 1].text] = target.forms.get(doc[start : i + 1].text, 0) + 1
        target.mentions.append((start, i + 1))
        for k in range(start, i + 1):
            taken[k] = target.name


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Without "the", possessives, and a heading run into the name ("REVIEW - Pew Research")."""
    for i in range(end - 1, start, -1):
        if doc[i].text in DASHES and (doc[i].whitespace_ or doc[i - 1].whitespace_):
            start = i + 1
            break
    for i in range(start + 1, end - 1):
        if doc[i].text in POSSESSIVES:  # "the National Association of Manufacturers' Chad Moutray"
            end = i
            break
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVES or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _plausible(doc: Doc, start: int, end: int, country_at: dict) -> bool:
    text = doc[start:end].text
    if "\n" in text or len(text) < 2 or end - start > 8:
        return False
    if normalise_alias(text) in NOT_ORGANISATIONS or doc[start].lower_ in NOT_ORGANISATIONS:
        return False
    if normalise_alias(text) in NOT_ORGANISATION_NAMES or _in_copyright_line(doc, start):
        return False
    if all(i in country_at for i in range(start, end)):
        return False  # a country, not an organisation ("the US")
    if not any(t.text[:1].isupper() for t in doc[start:end]):
        return False
    if any(t.like_num or t.text.startswith(("#", "@", "http")) for t in doc[start:end]):
        return False
    if doc[end - 1].lower_.rstrip(".") in RANKS:
        return False  # "Navy Capt." before a name: a person's title, not an organisation
    first = doc[start].lower_
    if end - start == 2 and (first in MALE_NAMES or first in FEMALE_NAMES) and doc[end - 1].is_title:
        return False  # "Carroll Doherty": a person the model took for an organisation
    return True


def _in_copyright_line(doc: Doc, start: int) -> bool:
    """"© 2019 Daily Planet Media LLC. All rights reserved": the publisher's notice, not the story."""
    i = start
    while i > 0 and start - i < 30 and "\n" not in doc[i - 1].text + doc[i - 1].whitespace_:
        i -= 1
        if doc[i].text == "©" or doc[i].lower_ == "copyright":
            return True
    return False


def _stands_as_name(doc: Doc, start: int, end: int) -> bool:
    """A lone word the model calls an organisation is one when written as an acronym
    or when it heads its phrase ("Politifact said"); before a noun it is more often a
    person's name describing something ("one Trump insider", "the Cruz campaign")."""
    if end - start > 1 or doc[start].text.isupper():
        return True
    return doc[start].dep_ not in ("compound", "amod", "nmod", "poss")


def _kind_of(doc: Doc, start: int, end: int) -> str:
    words = {t.lower_ for t in doc[start:end]}
    last = doc[end - 1].lower_
    if words & PARTY_WORDS and last in PARTY_WORDS:
        return "party"
    if last in CORPORATE_SUFFIXES:
        return "company"
    if words & NEWS_WORDS:
        return "news"
    if words & ARMED_WORDS:
        return "armed_group"
    if words & GOVERNMENT_NAME_WORDS:
        return "government"
    return "other"


def _country_in(start: int, end: int, country_at: dict) -> str | None:
    for i in range(start, end):
        if i in country_at:
            return country_at[i][2]
    return None


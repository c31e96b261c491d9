"""Countries a Doc refers to, through the alias table (names, short forms, demonyms,
capitals, institutions), longest spelling first, capitalised text only."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

# Spellings that contain a country alias but name something else; matched like
# aliases so the longer one wins, then dropped.
NOT_COUNTRIES = frozenset(
    phrase.strip()
    for phrase in """new mexico|new jersey|new england|new south wales|new guinea|jersey city|british columbia|latin america
    |latin american|latin americans|south america|south american|south americans|north america|north american
    |north americans|central america|central american|central americans|african american|african americans
    |asian american|asian americans|native american|native americans|mexican american|mexican americans
    |washington post|washington times|washington examiner|washington free beacon|washington state
    |george washington|moscow times|the moscow times|irish times|china daily|paris agreement|paris climate agreement
    |new york|american express|american airlines|british airways|british museum|english channel|georgia tech
    |indian ocean|arabian sea|south china sea|east china sea|dominican republic|american indian|american indians
    |jersey shore|indian country|order of malta|knights of malta|maltese cross|north jersey|south jersey
    |central jersey|guinea pig|guinea pigs""".split("|")
)
# The one country whose name contains another country's alias as a word.
ALSO_COUNTRIES = {"dominican republic": "DO"}
# Short aliases (alpha-3 codes and the like) that are also ordinary English words.
ENGLISH_WORDS = frozenset(
    """and are can per com ben col mar sen nor pan gin ton fin est dom mac cub gab gum mus arm guy jam ken lie ago
    bes bol bra cod cog cok eth geo hun ind ita lux nam pol sur swe tun van man png mli fro cam aus tur pak
    irl isr cze""".split()
)
# Aliases in the table that, in news text, are more often a person, a common word or
# another place than the country they point to.
AMBIGUOUS = frozenset(
    alias.strip()
    for alias in """island|mann|mannin|dominique|reunion|viti|guiana|hamilton|douglas|victoria|stanley|kingston|plymouth|jamestown
    |georgetown|the valley|west island|king edward point|flying fish cove|road town|diego garcia|adamstown
    |saint-denis|marigot|praia""".split("|")
)
# Country names that are also a US state: in American news "Georgia" is far more often
# the state, so it counts as the country only when the article also speaks of that
# country (its capital, its regions or leaders). Not "Georgian": the state's
# people are Georgians too.
GEORGIA_EVIDENCE = (
    "tbilisi", "abkhazia", "ossetia", "saakashvili", "shevardnadze", "ivanishvili", "caucasus",
    "republic of georgia", "georgian government", "georgian president", "georgian troops", "georgian forces",
    "georgian army", "georgian dream", "georgian prime minister",
)
# "Jersey" in American news is New Jersey ("Jersey's been hit", "Jersey Jazzman");
# the Channel Island is named with its neighbours or its capital.
JERSEY_EVIDENCE = ("channel islands", "channel island", "guernsey", "st helier", "st. helier", "crown dependenc")
NEEDS_CONTEXT = {
    "georgia": GEORGIA_EVIDENCE, "georgian": GEORGIA_EVIDENCE, "georgians": GEORGIA_EVIDENCE, "jersey": JERSEY_EVIDENCE,
}
# A scraped list of country names (a "choose your country" menu): this many names
# or more one after another, most with nothing but a space between them, are no
# country the article speaks of. Prose lists put a comma between every two.
MENU_RUN = 5
MENU_GAP = 4
MENU_PUNCTUATION = frozenset({",", "(", ")", "'", "."})
ALLOWED_TWO_LETTER = frozenset({"us", "uk"})
# The only codes and acronyms news writes for a country. Every other ISO alpha-3 code
# in the alias table is, in running text, some other acronym: "ATF" (not the French
# Southern Territories), "BLM" (not Saint Barthélemy).
WRITTEN_CODES = frozenset({"us", "uk", "u.s.", "u.k.", "usa", "u.s.a.", "uae", "u.a.e.", "drc", "rsa", "prc", "dprk", "rok"})
# Country names that are also first names: "Chad Pergram", "Jordan Peterson" are
# people, so the name counts only when no other name word follows (or precedes) it.
FIRST_NAME_COUNTRIES = frozenset({"chad", "jordan", "georgia"})
LOWERCASE_WORDS = frozenset({"the", "of", "and", "da", "de", "del", "la", "le", "du", "d'", "and", "-", "'s", "’s"})


@dataclass(frozen=True)
class AliasTable:
    codes: dict[str, str]  # compact key (lowercase, no spaces) -> alpha-2, "" for NOT_COUNTRIES
    prefixes: frozenset[str]
    short: frozenset[str]  # compact keys that must be written in capitals
    # Compact keys of spellings written with a space: only these may match words
    # apart ("South Korea"); "Long Way To Go" is no "Togo".
    spaced: frozenset[str] = frozenset()


def alias_table(country_aliases: dict[str, str]) -> AliasTable:
    codes: dict[str, str] = {}
    short, spaced = set(), {_compact(phrase) for phrase in NOT_COUNTRIES}
    for alias, code in country_aliases.items():
        key = _compact(alias)
        if len(alias.split()) > 1:
            spaced.add(key)
        letters = sum(ch.isalpha() for ch in key)
        if letters <= 2 and key.replace(".", "") not in ALLOWED_TWO_LETTER or key in ENGLISH_WORDS or alias in AMBIGUOUS:
            continue
        if key in AMBIGUOUS_COMPACT:  # "George Town" (Cayman) is written like Georgetown (Washington)
            continue
        if letters <= 3:
            if key not in WRITTEN_CODES:
                continue
            short.add(key)
        codes[key] = code
    for phrase in NOT_COUNTRIES:
        codes[_compact(phrase)] = ALSO_COUNTRIES.get(phrase, "")
    prefixes = frozenset(key[:n] for key in codes for n in range(1, len(key) + 1))
    return AliasTable(codes=codes, prefixes=prefixes, short=frozenset(short), spaced=frozenset(spaced))


def _compact(text: str) -> str:
    return "".join(text.split()).casefold().replace("\u2019", "'")


AMBIGUOUS_COMPACT = frozenset(_compact(alias) for alias in AMBIGUOUS)


def find_countries(doc: Doc, table: AliasTable, person_at: dict[int, int]) -> list[tuple[int, int, str]]:
    """(start, end, alpha-2) token spans, not overlapping, not inside a person's name."""
    found = []
    length = len(doc)
    i = 0
    while i < length:
        token = doc[i]
        text = token.text
        if not (text[0].isupper() or token.lower_ == "the") or i in person_at:
            i += 1
            continue
        best = _longest_match(doc, i, table)
        if best is None:
            i += 1
            continue
        end, code = best
        if (
            code
            and not any(j in person_at for j in range(i, end))
            and _in_context(doc, i, end)
            and not _first_name(doc, i, end)
        ):
            found.append((i, end, code))
        i = end
    return _without_menus(doc, found)


def _without_menus(doc: Doc, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    runs: list[list[tuple[int, int, str]]] = []
    bare: list[int] = []  # per run, how many of its gaps are a space alone
    for span in found:
        gap = _menu_gap(doc, runs[-1][-1][1], span[0]) if runs else None
        if gap is None:
            runs.append([span])
            bare.append(0)
        else:
            runs[-1].append(span)
            bare[-1] += gap == 0
    return [span for run, spaces in zip(runs, bare) if len(run) < MENU_RUN or spaces * 2 < len(run) - 1 for span in run]


def _menu_gap(doc: Doc, end: int, start: int) -> int | None:
    """Between two country names of a menu: how many tokens (a few capitalised
    words, "of the", commas and brackets of "Congo, Republic of the" or "Virgin
    Islands (U.S.)"); None when the gap is something else, or a line break."""
    gap = doc[end:start]
    if len(gap) > MENU_GAP or "\n" in doc[end - 1].whitespace_:
        return None
    for token in gap:
        if "\n" in token.whitespace_ or not (
            token.is_alpha and token.text[0].isupper() or token.lower_ in LOWERCASE_WORDS or token.text in MENU_PUNCTUATION
            or token.text.isupper()
        ):
            return None
    return len(gap)


def _first_name(doc: Doc, start: int, end: int) -> bool:
    """"Chad Pergram", "Michael Jordan": a country name beside another name word."""
    if end - start != 1 or doc[start].lower_ not in FIRST_NAME_COUNTRIES:
        return False
    after = doc[end] if end < len(doc) else None
    before = doc[start - 1] if start > 0 else None
    name_after = after is not None and doc[start].whitespace_ and _name_word(after)
    name_before = before is not None and before.whitespace_ and not doc[start].is_sent_start and _name_word(before)
    return bool(name_after or name_before)


def _name_word(token) -> bool:
    # "arrived in Jordan Sunday evening": a day or month is no surname.
    return token.is_alpha and token.text[0].isupper() and token.tag_ == "NNP" and token.lower_ not in CALENDAR_WORDS


CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december".split()
)


def _in_context(doc: Doc, start: int, end: int) -> bool:
    evidence = NEEDS_CONTEXT.get(_compact(doc[start:end].text))
    if evidence is None:
        return True
    text = doc.text.casefold()
    return any(word in text for word in evidence)


def _longest_match(doc: Doc, start: int, table: AliasTable) -> tuple[int, str] | None:
    key = ""
    best = None
    apart = False  # a space between two of the words so far
    for j in range(start, min(start + 8, len(doc))):
        key += doc[j].lower_.replace("\u2019", "'")
        if key not in table.prefixes:
            break
        code = table.codes.get(key)
        if code is not None and (not apart or key in table.spaced) and _written_as_name(doc, start, j + 1, key in table.short):
            best = (j + 1, code)
        apart = apart or bool(doc[j].whitespace_)
        if doc[j].whitespace_ and "\n" in doc[j].whitespace_:
            break
    return best


def _written_as_name(doc: Doc, start: int, end: int, short: bool) -> bool:
    """"US" but not "us", "Chad" but not "chad"; "the White House" allowed."""
    for token in doc[start:end]:
        text = token.text
        if short:
            if not text.isupper():
                return False
        elif token.is_alpha and not text[0].isupper() and token.lower_ not in LOWERCASE_WORDS:
            return False
    return doc[start].lower_ != "the" or end - start > 1

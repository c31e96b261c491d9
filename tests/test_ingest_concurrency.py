"""Two `ingest` runs at once over the same inputs, in opposite orders, end with
exactly the rows one run makes: no person twice, no article lost, nothing
reported as failed. PostgreSQL: SQLite serialises its writers."""

import threading

import pytest
from django.db import connection, connections

from articles.extraction import CountryFound, Extraction, PersonFound, QuoteFound
from articles.extraction.types import Event as EventFound
from articles.extraction.types import EventEvidence
from articles.ingest import Options, ingest_extracted
from articles.models import Article, Event, EventReport, Person, PersonMention, Quote
from tests.test_ingest import source

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")

NAMES = ["Marisol Quenby", "Tobias Wendt", "Ilse Varga", "Anouk Brel", "Pavel Orlik", "Dara Finch"]


def inputs(count: int = 24) -> list:
    pairs = []
    for n in range(count):
        first, second = NAMES[n % len(NAMES)], NAMES[(n + 1) % len(NAMES)]
        body = f"{first} met {second} in Oslo on day {n}. \u201cWe talked,\u201d {first} said."
        quote_start = body.index("We talked")
        extraction = Extraction(
            people=[PersonFound(first, mentions=2, spans=[(0, len(first))]), PersonFound(second, mentions=1)],
            countries=[CountryFound("NO", mentions=1)],
            quotes=[QuoteFound("We talked,", first, first, False, 0, quote_start, quote_start + 10)],
        )
        pairs.append((source(f"Talks on day {n}\n\n{body}", label=f"day-{n}.txt"), extraction))
    return pairs


def counts() -> tuple:
    return (Article.objects.count(), Person.objects.count(), PersonMention.objects.count(), Quote.objects.count())


def summit_reports(prefix: str, count: int = 12) -> list:
    """Articles that name nobody (so nothing else makes the runs wait for each
    other) and all report the same summit."""
    pairs = []
    for n in range(count):
        body = f"Norway and Sweden held talks in Oslo on Tuesday, report {prefix}{n} says."
        summit = EventFound(
            "meeting", "happened", countries=["NO", "SE"], date="2019-05-14", date_precision="day",
            evidence=[EventEvidence(body, "body", 0, 0, len(body))],
        )
        extraction = Extraction(countries=[CountryFound("NO", mentions=1), CountryFound("SE", mentions=1)], events=[summit])
        pairs.append((source(f"Summit report {prefix}{n}\n\n{body}", label=f"{prefix}{n}.txt"), extraction))
    return pairs


def run_at_once(works: dict[str, list], batch_size: int) -> dict:
    """Each named list of (source, extraction) ingested by its own thread, all
    starting together; their summaries by name."""
    start = threading.Barrier(len(works))
    summaries = {}

    def run(name, work):
        try:
            start.wait()
            summaries[name] = ingest_extracted(work, options=Options(batch_size=batch_size))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in works.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return summaries


# serialized_rollback: the reference data (countries, the Editors group) is put
# back after the test empties the tables, as for the other threaded tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_ends_two_concurrent_runs_in_opposite_orders_with_the_rows_of_one():
    pairs = inputs()
    summaries = run_at_once({"forward": pairs, "backward": list(reversed(pairs))}, batch_size=4)

    assert {name: summary.failed for name, summary in summaries.items()} == {"forward": 0, "backward": 0}
    assert sum(s.created for s in summaries.values()) == len(pairs)
    assert counts() == (24, len(NAMES), 48, 24)
    assert sorted(Person.objects.values_list("name", flat=True)) == sorted(NAMES)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_reporting_the_same_new_event_at_once_make_one_event():
    summaries = run_at_once({name: summit_reports(name) for name in ("a", "b")}, batch_size=3)

    assert {name: summary.failed for name, summary in summaries.items()} == {"a": 0, "b": 0}
    assert (Event.objects.count(), EventReport.objects.count()) == (1, 24)

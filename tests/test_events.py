"""Events at the database: one Event per real-world event however many articles
report it, each report traced to its sentence, editors' rejections kept through
re-ingestion, and the events, event and country-pair pages."""

from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.extraction import Extraction, PersonFound
from articles.extraction.types import Event as FoundEvent, EventEvidence
from articles.ingest import Job, Options, Run, ingest_extracted, ingest_sources
from articles.models import Article, Event, EventReport, Person, Status
from articles.sources import read_sources
from tests.test_ingest import source

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_e16e98646cb8484a.txt"


def talks(day: str | None = "2019-05-14", sentence: str = "Pompeo met Lavrov in Sochi.", kind: str = "meeting") -> FoundEvent:
    return FoundEvent(
        kind=kind,
        status="happened",
        countries=["RU", "US"],
        people=["Mike Pompeo"],
        bodies=["G20"],
        place={"name": "Sochi", "country": "RU"},
        date=day,
        date_precision="day" if day else None,
        cameo="040",
        plover="CONSULT",
        evidence=[EventEvidence(sentence, "body", 0, 0, len(sentence))],
    )


def report(title: str, *events: FoundEvent, published=date(2019, 5, 15), label=None):
    text = f"{title}\n\n{events[0].evidence[0].sentence if events else 'Nothing.'}"
    parsed_source = source(text, label=label or f"{title}.txt")
    parsed_source = parsed_source.__class__(**{**parsed_source.__dict__, "parsed": parsed_source.parsed.__class__(
        **{**parsed_source.parsed.__dict__, "published": published})})
    return parsed_source, Extraction(people=[PersonFound("Mike Pompeo", mentions=1)], events=list(events))


def test_it_keeps_one_event_for_one_meeting_reported_by_two_articles():
    ingest_extracted([report("Talks in Sochi", talks()), report("Pompeo in Russia", talks(None, "The two met on Tuesday."))])

    event = Event.objects.get()
    assert (event.kind, event.phase, event.countries_key, event.date) == ("meeting", "happened", "RU,US", date(2019, 5, 14))
    assert event.place_name == "Sochi" and event.place_country.code == "RU"
    assert [p.name for p in event.people.all()] == ["Mike Pompeo"]
    assert [b.name for b in event.bodies.all()] == ["G20"]
    assert EventReport.objects.count() == 2
    assert {s.country.code: s.role for s in event.sides.select_related("country")} == {"RU": "side", "US": "side"}


def test_it_keeps_two_meetings_months_apart_apart():
    ingest_extracted([report("May talks", talks()), report("Autumn talks", talks("2019-10-02"), published=date(2019, 10, 3))])
    assert Event.objects.count() == 2


def test_it_never_feeds_an_event_an_editor_rejected_and_keeps_a_rejected_report_through_reextraction():
    ingest_extracted([report("Talks in Sochi", talks())])
    event = Event.objects.get()
    event.reject()
    ingest_extracted([report("Pompeo in Russia", talks(None, "The two met on Tuesday."))])
    assert EventReport.objects.count() == 1 and Event.objects.count() == 1

    event.restore()
    first = EventReport.objects.get()
    first.reject()
    article = Article.objects.get(title="Talks in Sochi")
    Run(None, Options(reextract=True)).run([Job(article=article, extraction=report("Talks in Sochi", talks())[1])])
    assert list(EventReport.objects.values_list("status", flat=True)) == [Status.REJECTED]


def test_it_lists_events_and_shows_one_with_the_sentences_that_report_it(client):
    ingest_extracted([report("Talks in Sochi", talks()), report("Pompeo in Russia", talks(None, "The two met on Tuesday."))])
    event = Event.objects.get()

    listing = client.get(reverse("articles:event_list"), {"kind": "meeting", "country": ["us", "ru"]})
    assert [e.pk for e in listing.context["page"].object_list] == [event.pk]
    assert "Relations between" in listing.content.decode()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Pompeo met Lavrov in Sochi." in page and "The two met on Tuesday." in page
    assert "14 May 2019" in page and "Sochi" in page


def test_it_shows_the_relations_of_two_countries_over_time(client):
    ingest_extracted([report("Talks in Sochi", talks())])
    ingest_extracted([report("Sanctions", talks("2019-08-01", "Washington imposed sanctions on Moscow.", kind="sanction"),
                             published=date(2019, 8, 1))])

    page = client.get(reverse("articles:country_pair", args=["us", "ru"]))

    assert page.status_code == 200
    assert page.context["balance"] == [(date(2019, 5, 1), 1, 0), (date(2019, 8, 1), 0, 1)]
    html = page.content.decode()
    assert "May 2019: 1 cooperation event" in html and "August 2019: 1 conflict event" in html
    assert client.get(reverse("articles:country_pair", args=["US", "RU"])).status_code == 301
    assert client.get(reverse("articles:country_pair", args=["us", "zz"])).status_code == 404


@pytest.mark.parametrize("url_name", ["articles:event_list", "country_pair"])
def test_it_costs_the_same_queries_for_one_or_many_events(client, django_assert_num_queries, url_name):
    expected = {"articles:event_list": 5, "country_pair": 10}[url_name]
    url = reverse("articles:country_pair", args=["us", "ru"]) if url_name == "country_pair" else reverse(url_name)
    for total in (1, 12):
        for n in range(Event.objects.count(), total):
            ingest_extracted([report(f"Talks {n}", talks(f"2019-{1 + n % 12:02d}-14"), label=f"{n}.txt")])
        cache.clear()
        # list: the count, the page of events, their sides, their people, the
        # footer's totals;
        # pair: the two countries, the balance, the events, their sides and
        # people, the count, the people most involved, the articles, all
        # events per month (for the chart's shares), the totals
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200


def test_it_stores_the_sample_articles_sochi_talks_as_one_event_from_real_text(nlp):
    ingest_sources(read_sources([SEED], 2_000_000), nlp)
    sochi = Event.objects.get(place_name="Sochi")
    assert sochi.kind in ("visit", "meeting") and sochi.phase == "happened" and sochi.date == date(2019, 5, 14)
    assert set(sochi.countries_key.split(",")) == {"RU", "US"}
    assert {"Mike Pompeo", "Sergey Lavrov"} <= set(sochi.people.values_list("name", flat=True))
    assert sochi.reports.count() >= 2
    assert Event.objects.filter(kind="sanction", phase="happened").exists()


def test_it_moves_the_events_of_a_merged_person_to_the_survivor():
    from articles.merging import merge_people

    ingest_extracted([report("Talks in Sochi", talks())])
    event = Event.objects.get()
    pompeo = Person.objects.get(name="Mike Pompeo")
    survivor = Person.objects.create(name="Michael Pompeo")
    merge_people(survivor, [pompeo])
    assert list(event.people.values_list("name", flat=True)) == ["Michael Pompeo"]


def test_the_events_list_exports_its_filtered_result_as_csv(client):
    import csv
    import io

    ingest_extracted([
        report("Talks in Sochi", talks()),
        report("A call", talks("2019-06-02", "Pompeo called Lavrov.", kind="call"), published=date(2019, 6, 3)),
    ])
    listing = client.get(reverse("articles:event_list"), {"kind": "call"}).content.decode()
    assert 'href="/events.csv?kind=call" download' in listing

    def rows(params):
        response = client.get("/events.csv", params)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    everything = rows({})
    assert [(row["date"], row["kind"], row["status"]) for row in everything] == [
        ("2019-06-02", "Call", "Happened"), ("2019-05-14", "Meeting", "Happened"),
    ]
    meeting = everything[1]
    assert (meeting["sides"], meeting["people"], meeting["place"], meeting["place_country"], meeting["reports"]) == (
        "Russia – United States", "Mike Pompeo", "Sochi", "Russia", "1",
    )
    assert meeting["page"] == f"http://testserver{Event.objects.get(kind='meeting').get_absolute_url()}"
    assert [row["kind"] for row in rows({"kind": "call"})] == ["Call"]


def test_the_events_list_shows_a_filter_chip_only_for_a_filter_asked_for(client):
    ingest_extracted([report("Talks in Sochi", talks())])
    article = Event.objects.get().reports.get().article

    plain = client.get(reverse("articles:event_list")).content.decode()
    assert "Reported in" not in plain and 'aria-label="Active filters"' not in plain
    filtered = client.get(reverse("articles:event_list"), {"article": article.slug}).content.decode()
    assert f"Reported in “{article.title}”" in filtered

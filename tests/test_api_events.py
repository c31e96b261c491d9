"""The JSON API's organisations, events and country pairs, and what an
article's detail embeds of them: the same rows the pages show (stored through
real ingestion of hand-made extractions), bad requests as JSON 4xx, cursors,
the article detail's caps, and query counts at two data sizes."""

from dataclasses import replace
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from articles import api
from articles.extraction import CountryFound, Extraction, OrganisationFound, PersonFound, QuoteFound
from articles.extraction.types import Event as FoundEvent, EventEvidence
from articles.ingest import ingest_extracted
from articles.models import Article, Event, Organisation, Person
from tests import factories as f
from tests.test_api import get, slugs, walk
from tests.test_ingest import source

pytestmark = pytest.mark.django_db


def event(kind, countries, sentence, day=None, precision="day", people=(), bodies=(), actors=(), targets=(),
          status="happened", place=None):
    return FoundEvent(
        kind=kind, status=status, countries=list(countries), actors=list(actors), targets=list(targets),
        people=list(people), bodies=list(bodies), place=place, date=day, date_precision=precision if day else None,
        cameo="040" if kind == "meeting" else "", plover="CONSULT" if kind == "meeting" else "",
        evidence=[EventEvidence(sentence, "body", 0, 0, len(sentence))],
    )


def store(title, sentence, published, *events, people=("Mike Pompeo",), more=(), organisations=(), quotes=()):
    """One article (title, the events' sentence, `more` paragraphs) and its
    extraction, stored as ingestion stores them."""
    body = "\n\n".join([sentence, *more])
    parsed = source(f"{title}\n\n{body}", label=f"{title}.txt")
    parsed = replace(parsed, parsed=replace(parsed.parsed, published=published))

    def spans(name):
        at = body.find(name.split()[-1])
        return [(at, at + len(name.split()[-1]))] if at != -1 else []

    extraction = Extraction(
        people=[PersonFound(name, mentions=1, spans=spans(name)) for name in people],
        countries=[CountryFound(code, mentions=1) for code in sorted({c for e in events for c in e.countries})],
        organisations=list(organisations),
        quotes=list(quotes),
        events=list(events),
    )
    ingest_extracted([(parsed, extraction)])
    return Article.objects.get(title=title)


@pytest.fixture
def world():
    peskov_said = '"It was useful," Kremlin spokesman Dmitry Peskov said.'
    regret = '"We regret it," the Kremlin said.'
    body = "\n\n".join(["Pompeo met Lavrov in Sochi.", regret, peskov_said])

    def at(words):
        start = body.index(words)
        return start, start + len(words)

    sochi = store(
        "Talks in Sochi", "Pompeo met Lavrov in Sochi.", date(2019, 5, 15),
        event("meeting", ["RU", "US"], "Pompeo met Lavrov in Sochi.", "2019-05-14",
              people=["Mike Pompeo", "Sergey Lavrov"], bodies=["G20"], place={"name": "Sochi", "country": "RU"}),
        people=("Mike Pompeo", "Sergey Lavrov", "Dmitry Peskov"),
        more=(regret, peskov_said),
        organisations=[
            OrganisationFound("Kremlin", "government", "RU", ["the Kremlin"], 2, [at("Kremlin said")]),
            OrganisationFound("G20", "international", None, [], 1, []),
        ],
        quotes=[
            QuoteFound("We regret it,", "Kremlin", "the Kremlin", False, 1, *at("We regret it,"),
                       speaker_kind="organisation", speaker_organisation="Kremlin", speaker_country="RU"),
            QuoteFound("It was useful,", "Dmitry Peskov", "Kremlin spokesman Dmitry Peskov", False, 2,
                       *at("It was useful,"), speaker_kind="person", speaker_organisation="Kremlin",
                       speaker_country="RU"),
        ],
    )
    sanctions = store(
        "Sanctions", "Washington imposed sanctions on Moscow.", date(2019, 8, 1),
        event("sanction", ["RU", "US"], "Washington imposed sanctions on Moscow.", "2019-08",
              precision="month", actors=["US"], targets=["RU"], people=["Mike Pompeo"]),
    )
    paris = store(
        "Lavrov in Paris", "Lavrov met Le Drian in Paris.", date(2019, 9, 2),
        event("meeting", ["FR", "RU"], "Lavrov met Le Drian in Paris.", "2019-09-02", people=["Sergey Lavrov"]),
        people=("Sergey Lavrov",),
    )
    seoul = store(
        "Pompeo in Seoul", "Pompeo held talks in Seoul.", date(2019, 10, 1),
        event("meeting", ["KR", "US"], "Pompeo held talks in Seoul.", "2019-10-01", people=["Mike Pompeo"]),
    )
    undated = store(
        "A call to come", "Putin will call Trump.", None,
        event("call", ["RU", "US"], "Putin will call Trump.", status="planned"),
        people=(),
    )
    events = {e.reports.get().article.title: e for e in Event.objects.all()}
    return {
        "sochi": sochi, "sanctions": sanctions, "paris": paris, "seoul": seoul, "undated": undated,
        "talks": events["Talks in Sochi"], "sanction": events["Sanctions"], "paris_talks": events["Lavrov in Paris"],
        "seoul_talks": events["Pompeo in Seoul"], "call": events["A call to come"],
    }


def ids(page):
    return [item["id"] for item in page["items"]]


def walk_link(client, link, limit):
    """Every item of the list at `link` (a URL with its filters), following the cursors."""
    address = urlsplit(link)
    return walk(client, address.path, parse_qs(address.query), limit)


# Organisations.


def test_it_lists_organisations_most_named_first_and_filters_them(client, world):
    f.article("Kremlin again", "The Kremlin said nothing.")
    kremlin = Organisation.objects.get(name="Kremlin")
    f._mention(type(kremlin.mentions.first()), Article.objects.get(title="Kremlin again"), "Kremlin",
               organisation=kremlin)
    items = get(client, "/api/organisations")["items"]
    assert [(o["slug"], o["article_count"], o["quote_count"]) for o in items] == [("kremlin", 2, 2), ("g20", 1, 0)]
    assert items[0]["kind"] == "government" and items[0]["country"]["code"] == "RU" and items[1]["country"] is None
    assert slugs(get(client, "/api/organisations", {"kind": "international"})) == ["g20"]
    assert slugs(get(client, "/api/organisations", {"country": "ru"})) == ["kremlin"]
    assert slugs(get(client, "/api/organisations", {"country": "fr"})) == []
    assert slugs(get(client, "/api/organisations", {"q": "krem"})) == ["kremlin"]
    assert [o["slug"] for o in walk(client, "/api/organisations", {}, limit=1)] == ["kremlin", "g20"]


def test_it_gives_one_organisation_as_its_page_shows_it(client, world):
    kremlin = get(client, "/api/organisations/kremlin")
    assert kremlin["aliases"] == ["the Kremlin"]
    assert kremlin["timeline"] == [{"month": "2019-05", "articles": 1}]
    assert kremlin["spokespeople"] == [
        {"person": {"slug": "dmitry-peskov", "name": "Dmitry Peskov", "api_url": "http://testserver/api/people/dmitry-peskov",
                    "html_url": "http://testserver/people/dmitry-peskov/"}, "quotes": 1}
    ]
    said = get(client, kremlin["quotes_url"])["items"]
    assert sorted(q["text"] for q in said) == ["It was useful,", "We regret it,"]
    by_kremlin = next(q for q in said if q["text"] == "We regret it,")
    assert by_kremlin["speaker"] is None and by_kremlin["speaker_kind"] == "organisation"
    assert by_kremlin["speaker_organisation"]["slug"] == "kremlin" and by_kremlin["speaker_country"]["code"] == "RU"
    assert slugs(get(client, kremlin["articles_url"])) == [world["sochi"].slug]


# Events.


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ["seoul_talks", "paris_talks", "sanction", "talks", "call"]),
        ({"kind": "meeting"}, ["seoul_talks", "paris_talks", "talks"]),
        ({"status": "planned"}, ["call"]),
        ({"country": "fr"}, ["paris_talks"]),
        ({"country": ["us", "ru"]}, ["sanction", "talks", "call"]),
        ({"person": "sergey-lavrov"}, ["paris_talks", "talks"]),
        ({"person": "sergey-lavrov", "country": "us"}, ["talks"]),
        ({"from": "2019-08-01", "to": "2019-09-30"}, ["paris_talks", "sanction"]),
        ({"kind": "meeting", "country": "us", "from": "2019-06-01"}, ["seoul_talks"]),
    ],
)
def test_it_filters_events_as_the_events_page_does(client, world, params, expected):
    assert ids(get(client, "/api/events", params)) == [world[name].pk for name in expected]
    # The page calls the status "phase" in its query string.
    page = client.get("/events/", {("phase" if k == "status" else k): v for k, v in params.items()})
    assert [e.pk for e in page.context["page"].object_list] == [world[name].pk for name in expected]


def test_it_lists_the_events_an_article_reports_a_person_takes_part_in_or_a_country(client, world):
    assert ids(get(client, "/api/events", {"article": world["paris"].slug})) == [world["paris_talks"].pk]
    lavrov = get(client, "/api/people/sergey-lavrov")
    assert ids(get(client, lavrov["events_url"])) == [world["paris_talks"].pk, world["talks"].pk]
    france = get(client, "/api/countries/fr")
    assert ids(get(client, france["events_url"])) == [world["paris_talks"].pk]


def test_cursors_walk_every_event_once_with_the_undated_last(client, world):
    walked = walk(client, "/api/events", {}, limit=2)
    assert [e["id"] for e in walked] == ids(get(client, "/api/events"))
    assert walked[-1]["id"] == world["call"].pk and walked[-1]["anchor"] is None


def test_it_gives_one_event_with_its_participants_and_every_report(client, world):
    store("Sochi again", "Pompeo and Lavrov talked in Sochi.", date(2019, 5, 16),
          event("meeting", ["RU", "US"], "Pompeo and Lavrov talked in Sochi.", "2019-05-14"))
    talks = get(client, f"/api/events/{world['talks'].pk}")
    assert (talks["kind"], talks["status"], talks["date"], talks["date_precision"]) == (
        "meeting", "happened", "2019-05-14", "day")
    assert talks["place"]["name"] == "Sochi" and talks["place"]["country"]["code"] == "RU"
    assert (talks["cameo"], talks["plover"]) == ("040", "CONSULT")
    assert [(s["country"]["code"], s["role"]) for s in talks["countries"]] == [("RU", "side"), ("US", "side")]
    assert {p["slug"] for p in talks["people"]} == {"mike-pompeo", "sergey-lavrov"}
    assert [b["slug"] for b in talks["bodies"]] == ["g20"]
    assert talks["report_count"] == 2
    assert [(r["article"]["title"], r["sentence"]) for r in talks["reports"]] == [
        ("Talks in Sochi", "Pompeo met Lavrov in Sochi."),
        ("Sochi again", "Pompeo and Lavrov talked in Sochi."),
    ]
    first = talks["reports"][0]
    article = get(client, first["article"]["api_url"])
    assert first["part"] == "body" and first["paragraph"] == 0
    assert article["body"][first["start"]:first["end"]] == first["sentence"]
    assert first["html_url"].endswith(f"/articles/{world['sochi'].slug}/#p0")
    sanction = get(client, f"/api/events/{world['sanction'].pk}")
    assert [(s["country"]["code"], s["role"]) for s in sanction["countries"]] == [("US", "actor"), ("RU", "target")]
    assert (sanction["date"], sanction["date_precision"]) == ("2019-08-01", "month")


def test_a_rejected_event_is_not_found_and_a_name_that_is_no_person_takes_part_in_none(client, world):
    world["sanction"].reject()
    assert client.get(f"/api/events/{world['sanction'].pk}").status_code == 404
    assert world["sanction"].pk not in ids(get(client, "/api/events"))
    Person.objects.get(slug="sergey-lavrov").mark_not_a_person()
    talks = get(client, f"/api/events/{world['talks'].pk}")
    assert [p["slug"] for p in talks["people"]] == ["mike-pompeo"]
    assert "Sergey Lavrov" not in client.get(f"/events/{world['talks'].pk}/").content.decode()


# Country pairs.


def test_it_gives_two_countries_relations_as_their_page_shows_them(client, world):
    f.country_mention(f.article("Both named", "Russia and the United States."), "RU", as_written="Russia")
    f.country_mention(Article.objects.get(title="Both named"), "US", as_written="United States")
    pair = get(client, "/api/countries/us/ru")
    assert [c["code"] for c in pair["countries"]] == ["US", "RU"]
    assert pair["balance"] == [
        {"month": "2019-05", "cooperation": 1, "conflict": 0},
        {"month": "2019-08", "cooperation": 0, "conflict": 1},
    ]
    assert pair["event_count"] == 3
    assert ids(pair["events"]) == [world["sanction"].pk, world["talks"].pk, world["call"].pk]
    assert pair["events"]["next"] is None
    assert ids(get(client, pair["events_url"])) == ids(pair["events"])
    # Pompeo: two events with Russia and three with the US; Lavrov: one with the US, two with Russia.
    assert [(p["person"]["slug"], p["events"], p["side"] and p["side"]["code"]) for p in pair["people"]] == [
        ("mike-pompeo", 2, "US"),
        ("sergey-lavrov", 1, "RU"),
    ]
    # Both named: the three articles of their events, and one more.
    assert pair["article_count"] == 4
    assert len(walk_link(client, pair["articles_url"], limit=3)) == 4
    page = client.get("/countries/us/ru/")
    assert [p.name for p in page.context["people"]] == ["Mike Pompeo", "Sergey Lavrov"]


def test_the_pairs_first_page_of_events_continues_in_the_events_list(client, world):
    for n in range(api.DEFAULT_LIMIT + 1):
        # A month apart: talks within a few days of each other would be one event.
        day = date(2016 + n // 12, 1 + n % 12, 1)
        store(f"Talks {n}", f"Round {n} of talks.", day, event("meeting", ["RU", "US"], f"Round {n} of talks.", f"{day}"))
    pair = get(client, "/api/countries/ru/us")
    assert len(pair["events"]["items"]) == api.DEFAULT_LIMIT and "/api/events?" in pair["events"]["next"]
    rest = walk(client, "/api/events", {"country": ["ru", "us"], "cursor": pair["events"]["next_cursor"]}, 50)
    assert ids(pair["events"]) + [e["id"] for e in rest] == ids(get(client, "/api/events", {"country": ["ru", "us"], "limit": 100}))
    assert len(rest) == pair["event_count"] - api.DEFAULT_LIMIT


# What an article's detail embeds.


def test_an_articles_detail_gives_its_events_and_organisations(client, world):
    sochi = get(client, f"/api/articles/{world['sochi'].slug}")
    assert [(o["organisation"]["slug"], o["count"]) for o in sochi["organisations"]] == [("kremlin", 2), ("g20", 1)]
    assert sochi["organisations_count"] == 2
    [talks] = sochi["events"]
    assert talks["id"] == world["talks"].pk and talks["report_count"] == 1
    assert talks["reports"] == [{"part": "body", "paragraph": 0, "sentence": "Pompeo met Lavrov in Sochi.",
                                 "start": 0, "end": 27}]
    assert sochi["event_count"] == 1 and ids(get(client, sochi["events_url"])) == [world["talks"].pk]
    assert [q["text"] for q in sochi["quotes"]] == ["We regret it,", "It was useful,"] and sochi["quote_count"] == 2
    assert slugs(get(client, "/api/articles", {"organisation": "kremlin"})) == [world["sochi"].slug]


def test_an_articles_detail_embeds_a_bounded_number_of_quotes_and_links_to_them_all(client, monkeypatch):
    paragraphs = [f'"Point number {n}," Lavrov said.' for n in range(7)]
    article = f.article("Long briefing", paragraphs=paragraphs)
    lavrov = f.person("Sergey Lavrov")
    f.person_mention(article, lavrov, as_written="Lavrov")
    quotes = [f.quote(article, f"Point number {n},", lavrov) for n in reversed(range(7))]  # stored out of order
    monkeypatch.setattr(api, "IN_ARTICLE", 3)

    detail = get(client, f"/api/articles/{article.slug}")

    assert [q["text"] for q in detail["quotes"]] == ["Point number 0,", "Point number 1,", "Point number 2,"]
    assert detail["quote_count"] == 7
    assert detail["quotes_url"] == f"http://testserver/api/quotes?article={article.slug}"
    f.quote(f.article("Another briefing", '"Point number 8," Lavrov said.'), "Point number 8,", lavrov)
    everything = walk_link(client, detail["quotes_url"], limit=2)
    assert [q["text"] for q in everything] == [f"Point number {n}," for n in range(7)]
    assert {q["id"] for q in everything} == {q.pk for q in quotes}
    assert (detail["people_count"], len(detail["people"])) == (1, 1)


def test_the_schema_says_the_detail_is_capped(client):
    schema = get(client, "/api/openapi.json")
    quotes = schema["components"]["schemas"]["ArticleDetail"]["properties"]["quotes"]
    assert "first 200" in quotes["description"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/events?kind=party",
        "/api/events?status=maybe",
        "/api/events?country=zz",
        "/api/events?person=nobody-at-all",
        "/api/events?article=no-such-article",
        "/api/events?from=2019-02-30",
        "/api/events?cursor=WyJ4Il0",
        "/api/events/0",
        "/api/events/abc",
        "/api/events/99999999999999999999999",
        "/api/events/999999",
        "/api/organisations?kind=club",
        "/api/organisations?country=zz",
        "/api/organisations?country=rus",
        "/api/organisations/nobody",
        "/api/countries/us/us",
        "/api/countries/us/zz",
        "/api/countries/usa/ru",
        "/api/countries/us/ru/more",
        "/api/quotes?article=no-such-article",
        "/api/quotes?organisation=nobody",
        "/api/articles?organisation=nobody",
    ],
)
def test_it_answers_bad_requests_with_a_json_message_and_a_4xx(client, world, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


# Query counts, each pinned with 2 rounds of data and again with 12.


def populate(rounds: int) -> None:
    """Grow the data to `rounds` rounds of US–Russia talks, each in its own
    article naming Pompeo, Lavrov, the Kremlin and the G20, with a Kremlin
    quote, one report and, every other round, a meeting of Lavrov in France."""
    have = Article.objects.filter(title__startswith="Round ").count()
    for n in range(have, rounds):
        said = f'"Round {n} went well," the Kremlin said.'
        body = f"Pompeo met Lavrov, round {n}.\n\n{said}"
        start = body.index(said) + 1
        store(
            f"Round {n}", f"Pompeo met Lavrov, round {n}.", date(2019, 1 + n % 12, 1 + n),
            event("meeting", ["RU", "US"], f"Pompeo met Lavrov, round {n}.", f"2019-{1 + n % 12:02d}-{1 + n:02d}",
                  people=["Mike Pompeo", "Sergey Lavrov"], bodies=["G20"]),
            *([event("visit", ["FR", "RU"], f"Pompeo met Lavrov, round {n}.", f"2019-{1 + n % 12:02d}-{1 + n:02d}",
                     people=["Sergey Lavrov"], actors=["RU"], targets=["FR"])] if n % 2 else []),
            people=("Mike Pompeo", "Sergey Lavrov"),
            more=(said,),
            organisations=[OrganisationFound("Kremlin", "government", "RU", ["the Kremlin"], 1, []),
                           OrganisationFound("G20", "international", None, [], 1, [])],
            quotes=[QuoteFound(f"Round {n} went well,", "Kremlin", "the Kremlin", False, 1, start,
                               start + len(f"Round {n} went well,"), speaker_kind="organisation",
                               speaker_organisation="Kremlin", speaker_country="RU")],
        )


@pytest.mark.parametrize(
    "url, params, expected",
    [
        # The page of organisations with their counts and countries.
        ("/api/organisations", {"limit": 1}, 1),
        # The country, the page.
        ("/api/organisations", {"limit": 1, "kind": "government", "country": "ru", "q": "krem"}, 2),
        # The organisation with its counts and country, its aliases, the timeline, who speaks for it.
        ("/api/organisations/kremlin", {}, 4),
        # The page of events, their sides, their people, their bodies.
        ("/api/events", {"limit": 2}, 4),
        # The countries, the person, the article named; the page, and (it is
        # the last page) the undated events after it; sides, people, bodies.
        ("/api/events", {"limit": 1, "country": ["us", "ru"], "person": "sergey-lavrov", "article": "round-0",
                         "kind": "meeting", "status": "happened", "from": "2019-01-01"}, 8),
        # The event with its place; sides, people, bodies; the reports with their articles.
        ("/api/events/{event}", {}, 5),
        # The two countries; the page of events (and, fewer than a page, the
        # undated ones after them), their sides, people and bodies; the people
        # most involved; their sides; the balance; the count of events; the
        # count of articles.
        ("/api/countries/us/ru", {}, 11),
        # The article; its people, countries, organisations and quotes (each
        # with its total); its events, their sides, people, bodies and
        # reports in this article.
        ("/api/articles/round-0", {}, 10),
    ],
)
def test_each_endpoint_costs_a_fixed_number_of_queries(client, django_assert_num_queries, url, params, expected):
    for rounds in (2, 12):
        populate(rounds)
        address = url.format(event=Event.objects.order_by("pk").first().pk)
        with django_assert_num_queries(expected):
            response = client.get(address, params)
        assert response.status_code == 200, response.content[:300]

"""What the events add to the person, country, organisation and pair pages: a
country's relations (its partners ranked by events, cooperation against
conflict), a person's meetings and visits, and the one timeline every page
draws (labelled axes, a month to hover and to click, counts or shares of all
coverage), each page at a fixed number of queries with events in the data."""

from dataclasses import replace
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.charts import Series, months_between, monthly_chart, scale
from articles.extraction import CountryFound, Extraction, OrganisationFound, PersonFound
from articles.ingest import ingest_extracted
from articles.models import Country, Event, Organisation, Person
from tests.factories import fresh_cache  # noqa: F401 (the footer's totals and the monthly totals are cached)
from tests.test_events import report, talks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

PEOPLE = [PersonFound("Mike Pompeo", mentions=1), PersonFound("Sergey Lavrov", mentions=1)]


def meeting(day: str, n: int = 0, kind: str = "meeting", countries=("RU", "US"), place="Sochi", **fields):
    """One article reporting one event between Pompeo and Lavrov (by default)."""
    found = replace(
        talks(day, f"Pompeo and Lavrov event {n} on {day}.", kind=kind),
        countries=list(countries),
        people=["Mike Pompeo", "Sergey Lavrov"],
        place={"name": place, "country": countries[0]} if place else {},
        **fields,
    )
    parsed, extraction = report(f"Story {n} {kind} {day}", found, published=date.fromisoformat(day), label=f"{n}-{day}.txt")
    extraction = Extraction(
        people=PEOPLE,
        countries=[CountryFound(code, mentions=1) for code in countries],
        organisations=[OrganisationFound("G20", kind="body", mentions=1)],
        events=extraction.events,
    )
    return parsed, extraction


def test_it_ranks_a_countrys_partners_by_events_with_the_balance_of_cooperation_and_conflict(client):
    ingest_extracted([
        meeting("2019-05-14", 1),
        meeting("2019-06-20", 2, kind="call"),
        meeting("2019-08-01", 3, kind="sanction"),
        meeting("2019-09-03", 4, countries=("CN", "RU"), place=""),
    ])

    page = client.get("/countries/ru/")

    partners = [(p.code, p.n, p.cooperation, p.conflict) for p in page.context["partners"]]
    assert partners == [("US", 3, 2, 1), ("CN", 1, 1, 0)]
    html = page.content.decode()
    united_states = Country.objects.get(code="US").name
    assert f'<a href="/countries/ru/us/">{united_states}</a>' in html
    assert 'aria-label="67% cooperation"' in html
    assert '<a href="/events/?country=ru">' in html


def test_it_leads_from_the_events_list_to_the_relations_of_an_events_two_countries(client):
    ingest_extracted([meeting("2019-05-14", 1)])
    html = client.get(reverse("articles:event_list")).content.decode()
    assert 'href="/countries/ru/us/"' in html and "relations</a>" in html
    one_country = client.get(reverse("articles:event_list"), {"country": "ru"}).content.decode()
    assert 'href="/countries/ru/#relations-heading"' in one_country


def test_it_links_every_two_countries_of_a_three_country_event_from_its_page_and_guesses_none_in_a_list(client):
    ingest_extracted([meeting("2019-05-14", 1, countries=("CN", "RU", "US"))])
    event = Event.objects.get()
    listing = client.get(reverse("articles:event_list")).content.decode()
    assert "relations</a>" not in listing
    page = client.get(event.get_absolute_url()).content.decode()
    for first, second in [("cn", "ru"), ("cn", "us"), ("ru", "us")]:
        assert f'href="/countries/{first}/{second}/"' in page


def test_it_lists_whom_a_person_met_where_and_when_linking_each_event(client):
    ingest_extracted([
        meeting("2019-05-14", 1),
        meeting("2019-06-20", 2, kind="call", place=""),
        meeting("2019-08-01", 3, kind="sanction"),  # not a meeting: left out
    ])
    pompeo, lavrov = Person.objects.get(name="Mike Pompeo"), Person.objects.get(name="Sergey Lavrov")

    page = client.get(pompeo.get_absolute_url())

    assert [e.kind for e in page.context["encounters"]] == ["call", "meeting"]
    assert page.context["encounter_count"] == 2
    html = page.content.decode()
    section = html[html.index("Meetings and visits"):html.index('id="quotes-heading"')]
    sochi = Event.objects.get(kind="meeting")
    assert f'<a class="what" href="{sochi.get_absolute_url()}">Meeting</a>' in section
    assert f'with <a href="{lavrov.get_absolute_url()}">Sergey Lavrov</a>' in section
    assert 'href="/people/mike-pompeo/">' not in section  # not "met himself"
    assert f"in Sochi ({Country.objects.get(code='RU').name})" in section
    assert '<time datetime="2019-05-14">14 May 2019</time>' in section
    assert '<a href="/events/?person=mike-pompeo">' in section


def test_it_filters_the_events_list_by_person_and_says_when_nobody_has_that_name(client):
    ingest_extracted([meeting("2019-05-14", 1), meeting("2019-09-03", 2, countries=("CN", "RU"), place="")])
    Event.objects.get(countries_key="CN,RU").people.clear()

    page = client.get(reverse("articles:event_list"), {"person": "mike-pompeo"})
    assert [e.countries_key for e in page.context["page"].object_list] == ["RU,US"]
    nobody = client.get(reverse("articles:event_list"), {"person": "nobody-at-all"})
    assert nobody.status_code == 200 and len(nobody.context["page"].object_list) == 2
    assert "No person “nobody-at-all”" in nobody.content.decode()


def test_it_links_each_month_of_a_persons_timeline_to_that_months_articles(client):
    ingest_extracted([meeting("2019-05-14", 1), meeting("2019-07-02", 2)])
    pompeo = Person.objects.get(name="Mike Pompeo")

    html = client.get(pompeo.get_absolute_url()).content.decode()

    link = "/articles/?person=mike-pompeo&amp;from=2019-07-01&amp;to=2019-07-31"
    assert f'<a href="{link}"><title>July 2019: 1 article' in html
    assert "<title>June 2019: 0 articles</title>" in html  # an empty month: named, not linked
    listed = client.get(link.replace("&amp;", "&")).context["page"].object_list
    assert [a.title for a in listed] == ["Story 2 meeting 2019-07-02"]
    # Axes: a count scale on the left, the months below with the year.
    assert '<text class="axis-title" x="0" y="20">Articles a month</text>' in html
    assert 'text-anchor="middle">May</text>' in html and ">2019</text>" in html


def test_it_shows_a_countrys_coverage_as_a_share_of_all_articles_that_month(client):
    ingest_extracted([meeting("2019-05-14", 1)])
    ingest_extracted([meeting("2019-05-20", 2, countries=("CN", "JP"), place="")])  # May: two articles, one about Russia
    ingest_extracted([meeting("2019-06-03", 3)])

    html = client.get("/countries/ru/").content.decode()

    assert "<title>May 2019: 1 article — 50% of the 2 articles that month</title>" in html
    assert "<title>June 2019: 1 article — 100% of the 1 article that month</title>" in html
    assert 'class="mode-count" name="timeline-mode" id="timeline-count" value="count" aria-describedby="timeline-show" checked>' in html
    shared = client.get("/countries/ru/", {"timeline": "share"}).content.decode()
    assert 'id="timeline-share" value="share" aria-describedby="timeline-show" checked>' in shared


def test_it_links_each_month_of_the_pair_chart_to_that_months_events_between_them(client):
    ingest_extracted([meeting("2019-05-14", 1), meeting("2019-08-01", 2, kind="sanction")])

    html = client.get(reverse("articles:country_pair", args=["ru", "us"])).content.decode()

    link = "/events/?country=ru&amp;country=us&amp;from=2019-08-01&amp;to=2019-08-31"
    assert f'<a href="{link}"><title>August 2019: 1 conflict event — 100% of the 1 event that month</title>' in html
    listed = client.get(link.replace("&amp;", "&")).context["page"].object_list
    assert [e.kind for e in listed] == ["sanction"]
    assert 'class="coop"' in html and 'class="conf"' in html


def test_it_draws_every_month_up_and_down_on_one_scale_and_shares_on_another():
    may, june, july = date(2019, 5, 1), date(2019, 6, 1), date(2019, 7, 1)
    chart = monthly_chart(
        [Series({may: 4, july: 1}, "cooperation event", "coop"), Series({may: 2}, "conflict event", "conf", down=True)],
        {may: 12, july: 1},
        label="Two countries",
        whole="event",
        href=lambda first, last: f"{first}/{last}",
    )
    assert [c.month for c in chart.columns] == [may, june, july]
    assert [c.href for c in chart.columns] == ["2019-05-01/2019-05-31", "", "2019-07-01/2019-07-31"]
    up, down = chart.columns[0].counted
    assert up.y + up.height == chart.zero == down.y and up.height == 2 * down.height
    assert [t.label for t in chart.counted_ticks] == ["0", "1", "2", "3", "4", "1", "2", "3", "4"]
    assert [t.label for t in chart.shared_ticks][:3] == ["0%", "50%", "100%"]  # July: 1 of 1
    assert monthly_chart([Series({}, "article")], {}, label="Nobody", whole="article") is None


@pytest.mark.parametrize(
    "peak, whole, ticks",
    [(1, True, [0, 1]), (3, True, [0, 1, 2, 3]), (7, True, [0, 2, 4, 6, 8]), (140, True, [0, 50, 100, 150]),
     (12.5, False, [0, 5, 10, 15]), (0.4, False, [0, 0.1, 0.2, 0.3, 0.4])],
)
def test_it_picks_round_ticks_at_or_above_the_peak(peak, whole, ticks):
    assert scale(peak, whole) == ticks


def test_it_labels_months_over_short_spans_and_years_over_long_ones():
    from articles.charts import LEFT, RIGHT, WIDTH, month_ticks

    def labels(first, last):
        months = months_between(first, last)
        return [(t.label, t.year) for t in month_ticks(months, (WIDTH - LEFT - RIGHT) / len(months))]

    assert labels(date(2018, 11, 1), date(2019, 2, 1)) == [("Nov", "2018"), ("Dec", ""), ("Jan", "2019"), ("Feb", "")]
    assert labels(date(2014, 7, 1), date(2020, 2, 1)) == [("", str(y)) for y in range(2015, 2021)]


# ---------------------------------------------------------------------------
# Queries: the same for one event as for many


def pages():
    pompeo = Person.objects.get(name="Mike Pompeo")
    g20 = Organisation.objects.get(name="G20")
    return {
        # person with counts, aliases, quotes, their events (meetings), its sides and people, their count,
        # newest articles, the ids of its newest 1,000 articles, people and countries named with, the timeline, all articles per month, totals
        "person": (pompeo.get_absolute_url(), 14),
        # country with count, newest quotes, partners, newest articles, its newest 1,000 article ids, named with (people, countries),
        # the timeline, all articles per month, totals
        "country": ("/countries/ru/", 10),
        # organisation with its counts, its quotes, spokespeople, aliases, newest articles, newest 1,000 ids,
        # named with (people, countries), the timeline, all articles per month, totals
        "organisation": (g20.get_absolute_url(), 11),
        # the two countries, the balance, the events, their sides and people, their count, the people
        # most involved, the articles naming both, all events per month, totals
        "pair": (reverse("articles:country_pair", args=["ru", "us"]), 10),
    }


@pytest.mark.parametrize("name", ["person", "country", "organisation", "pair"])
def test_it_costs_the_same_queries_for_one_event_or_many(client, django_assert_num_queries, name):
    for total in (1, 14):
        for n in range(Event.objects.count(), total):
            kind = ("meeting", "visit", "call", "sanction", "criticism")[n % 5]
            ingest_extracted([meeting(f"{2015 + n // 6}-{1 + 2 * (n % 6):02d}-14", n, kind=kind)])
        url, expected = pages()[name]
        cache.clear()
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.status_code == 200 and b'<svg class="timeline"' in response.content

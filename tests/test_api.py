"""The JSON API: what each endpoint answers, its cursors, its errors (always
JSON, never a 500) and its query counts at two data sizes."""

from datetime import date

import pytest
from django.db import connection

from articles.merging import merge_people
from articles.models import Article, Person
from tests import factories as f

pytestmark = pytest.mark.django_db


def get(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def slugs(page):
    return [item["slug"] for item in page["items"]]


def walk(client, url, params, limit):
    """Every item of a list, following the cursors."""
    seen, params = [], {**params, "limit": limit}
    while True:
        page = get(client, url, params)
        seen.extend(page["items"])
        if not page["next_cursor"]:
            return seen
        assert page["next"].endswith(f"cursor={page['next_cursor']}") or "cursor=" in page["next"]
        params["cursor"] = page["next_cursor"]


@pytest.fixture
def world():
    sochi, lavrov, said = f.lavrov_article(title="Pompeo meets Lavrov in Sochi", url="https://wire.example/sochi")
    pompeo = Person.objects.get(slug="mike-pompeo")
    paris = f.article(
        "Lavrov in Paris",
        'Sergey Lavrov arrived in Paris.\n\nHe called it "a useful visit" on Monday.',
        published=date(2019, 6, 2),
        source="Other Wire",
    )
    f.person_mention(paris, lavrov, as_written="Sergey Lavrov")
    f.country_mention(paris, "FR", as_written="Paris")
    fragment = f.quote(paris, "a useful visit", lavrov, partial=True)
    old = f.article("Old news", "Nothing here about anyone.", published=date(2001, 1, 1))
    return {"sochi": sochi, "paris": paris, "old": old, "lavrov": lavrov, "said": said, "fragment": fragment, "pompeo": pompeo}


def test_it_lists_articles_newest_first_with_their_people_and_countries(client, world):
    page = get(client, "/api/articles")
    assert slugs(page) == [world["paris"].slug, world["sochi"].slug, world["old"].slug]
    sochi = page["items"][1]
    assert sochi["published"] == "2019-05-14"
    assert sochi["url"] == "https://wire.example/sochi"
    assert [p["slug"] for p in sochi["people"]] == ["mike-pompeo", "sergey-lavrov"]  # two mentions each: by name
    assert {c["code"] for c in sochi["countries"]} == {"RU", "US"}
    assert sochi["api_url"] == f"http://testserver/api/articles/{world['sochi'].slug}"
    assert page["next_cursor"] is None and page["next"] is None


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"q": "Paris"}, ["paris"]),
        ({"person": "mike-pompeo"}, ["sochi"]),
        ({"person": ["sergey-lavrov", "mike-pompeo"]}, ["sochi"]),
        ({"person": "sergey-lavrov"}, ["paris", "sochi"]),
        ({"country": "fr"}, ["paris"]),
        ({"from": "2019-05-20"}, ["paris"]),
        ({"to": "2019-05-20"}, ["sochi", "old"]),
        ({"from": "2019-01-01", "to": "2019-05-31"}, ["sochi"]),
        ({"source": "Other Wire"}, ["paris"]),
    ],
)
def test_it_filters_articles_as_the_search_page_does(client, world, params, expected):
    assert slugs(get(client, "/api/articles", params)) == [world[name].slug for name in expected]


def test_it_gives_one_article_with_offsets_into_its_body(client, world):
    article = get(client, f"/api/articles/{world['sochi'].slug}")
    body = article["body"]
    lavrov = next(m for m in article["people"] if m["person"]["slug"] == "sergey-lavrov")
    assert [body[start:end] for start, end in lavrov["spans"]] == ["Sergey Lavrov", "Lavrov"]
    assert lavrov["count"] == 2 and body[lavrov["first_offset"] :].startswith("Sergey Lavrov")
    [quote] = article["quotes"]
    assert body[quote["start"] : quote["end"]] == quote["text"] == world["said"].text
    assert quote["speaker"]["slug"] == "sergey-lavrov" and quote["partial"] is False
    assert body.split("\n\n")[quote["paragraph"]].find(quote["text"]) != -1


def test_it_lists_people_most_mentioned_first_and_gives_one_with_aliases_and_timeline(client, world):
    people = get(client, "/api/people")["items"]
    assert [(p["slug"], p["article_count"], p["quote_count"]) for p in people] == [
        ("sergey-lavrov", 2, 2),
        ("mike-pompeo", 1, 0),
    ]
    assert slugs(get(client, "/api/people", {"q": "pomp"})) == ["mike-pompeo"]
    lavrov = get(client, "/api/people/sergey-lavrov")
    assert lavrov["aliases"] == ["Lavrov"]
    assert lavrov["timeline"] == [{"month": "2019-05", "articles": 1}, {"month": "2019-06", "articles": 1}]
    assert lavrov["articles_url"].endswith("/api/articles?person=sergey-lavrov")


def test_it_answers_a_merged_slug_with_the_person_it_was_merged_into(client, world):
    merge_people(world["lavrov"], [f.person("S. Lavrov")])
    assert get(client, "/api/people/s-lavrov")["slug"] == "sergey-lavrov"


def test_it_lists_countries_and_gives_one_with_its_aliases(client, world):
    countries = get(client, "/api/countries")["items"]
    assert [(c["code"], c["article_count"]) for c in countries] == [("FR", 1), ("RU", 1), ("US", 1)]
    assert [c["code"] for c in get(client, "/api/countries", {"q": "russ"})["items"]] == ["RU"]
    russia = get(client, "/api/countries/RU")
    assert russia["alpha3"] == "RUS" and {"name": "Moscow", "kind": "capital"} in russia["aliases"]
    assert russia["timeline"] == [{"month": "2019-05", "articles": 1}]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ["fragment", "said"]),
        ({"speaker": "sergey-lavrov"}, ["fragment", "said"]),
        ({"country": "fr"}, ["fragment"]),
        ({"q": "suspicions"}, ["said"]),
        ({"partial": "true"}, ["fragment"]),
        ({"partial": "false"}, ["said"]),
        ({"from": "2019-06-01"}, ["fragment"]),
        ({"to": "2019-05-31"}, ["said"]),
    ],
)
def test_it_filters_quotes(client, world, params, expected):
    quotes = get(client, "/api/quotes", params)["items"]
    assert [q["id"] for q in quotes] == [world[name].pk for name in expected]


def test_a_quote_carries_its_article_and_speaker(client, world):
    quote = get(client, "/api/quotes", {"partial": "false"})["items"][0]
    assert quote["article"]["slug"] == world["sochi"].slug and quote["published"] == "2019-05-14"
    assert quote["speaker"]["name"] == "Sergey Lavrov"
    assert quote["html_url"].endswith(f"#quote-{world['said'].pk}")


def test_cursors_walk_every_article_once_across_equal_and_missing_dates(client):
    for number in range(23):
        # Many share a date, and some have none: the cursor must break ties by id and put undated ones last.
        f.article(f"Item {number}", published=None if number % 5 == 0 else date(2020, 1, 1 + number % 3))
    expected = list(Article.objects.order_by("-published", "-id").values_list("slug", flat=True))
    expected = [s for s in expected if Article.objects.get(slug=s).published] + [
        s for s in expected if not Article.objects.get(slug=s).published
    ]
    walked = [item["slug"] for item in walk(client, "/api/articles", {}, limit=4)]
    assert walked == expected


def test_cursors_walk_people_countries_and_quotes_once(client, world):
    for number in range(7):
        article = f.article(f"Extra {number}", f'Envoy{number} Smith said "yes {number}" in Berlin.')
        envoy = f.person(f"Envoy{number} Smith")
        f.person_mention(article, envoy)
        f.country_mention(article, "DE", as_written="Berlin")
        f.quote(article, f"yes {number}", envoy)
    people = walk(client, "/api/people", {}, limit=2)
    assert len(people) == 9 and len({p["slug"] for p in people}) == 9
    assert [p["slug"] for p in people] == slugs(get(client, "/api/people", {"limit": 100}))
    quotes = walk(client, "/api/quotes", {}, limit=3)
    assert len(quotes) == 9 and len({q["id"] for q in quotes}) == 9
    countries = walk(client, "/api/countries", {}, limit=1)
    assert [c["code"] for c in countries] == ["DE", "FR", "RU", "US"]


def test_a_cursor_keeps_the_filters_in_its_next_link(client, world):
    page = get(client, "/api/articles", {"person": "sergey-lavrov", "limit": 1})
    assert "person=sergey-lavrov" in page["next"]
    rest = client.get(page["next"]).json()
    assert slugs(rest) == [world["sochi"].slug] and rest["next"] is None


@pytest.mark.parametrize(
    "url",
    [
        "/api/articles?from=yesterday",
        "/api/articles?to=2019-02-30",
        "/api/articles?person=nobody-at-all",
        "/api/articles?country=zz",
        "/api/articles?cursor=not-a-cursor",
        "/api/articles?cursor=WyJ4Il0",  # ["x"]: valid base64 and JSON, wrong shape
        "/api/articles?cursor=WyJub3QgYSBkYXRlIiwxXQ",  # ["not a date",1]
        "/api/articles?cursor=WyIyMDE5LTAxLTAxIiwieCJd",  # ["2019-01-01","x"]
        "/api/articles?cursor=%00",
        "/api/articles?limit=0",
        "/api/articles?limit=100000",
        "/api/articles?limit=many",
        "/api/people?cursor=W251bGwsbnVsbCxudWxsXQ",  # [null,null,null]
        "/api/quotes?speaker=nobody",
        "/api/quotes?country=%00%00",
        "/api/quotes?partial=perhaps",
        "/api/quotes?from=2019-13-01",
        "/api/countries/r%00",
        "/api/countries/xx",
        "/api/countries/russia",
        "/api/people/nobody",
        "/api/people/a%2Fb",
        "/api/articles/no-such-article",
        "/api/articles/%00",
        "/api/no-such-thing",
        "/api/people/sergey-lavrov/more",
    ],
)
def test_it_answers_bad_requests_with_a_json_message_and_a_4xx(client, world, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


def test_it_drops_a_nul_from_the_words_rather_than_failing(client, world):
    assert slugs(get(client, "/api/articles", {"q": "Pari\x00s"})) == [world["paris"].slug]
    assert slugs(get(client, "/api/articles", {"q": "Paris\x00"})) == [world["paris"].slug]


def test_it_is_read_only(client, world):
    for method in (client.post, client.put, client.delete):
        response = method("/api/articles")
        assert response.status_code == 405


def test_it_publishes_an_openapi_schema_and_a_docs_page(client):
    schema = get(client, "/api/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/articles", "/api/articles/{slug}", "/api/people", "/api/people/{slug}",
        "/api/organisations", "/api/organisations/{slug}",
        "/api/countries", "/api/countries/{code}", "/api/countries/{code}/{other}", "/api/quotes",
        "/api/events", "/api/events/{event_id}",
    }
    parameters = {p["name"] for p in schema["paths"]["/api/articles"]["get"]["parameters"]}
    assert parameters == {"q", "person", "country", "organisation", "from", "to", "source", "cursor", "limit"}
    parameters = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert parameters == {"kind", "status", "country", "person", "article", "from", "to", "cursor", "limit"}
    index = get(client, "/api/")
    assert index["openapi"] == "http://testserver/api/openapi.json" and index["quotes"].endswith("/api/quotes")
    assert index["organisations"].endswith("/api/organisations") and index["events"].endswith("/api/events")
    docs = client.get(index["docs"])
    assert docs.status_code == 200 and b"/api/openapi.json" in docs.content
    assert b"cdn" not in docs.content.lower()  # Swagger UI served from our static files


# Query counts, each pinned with 3 articles and again with 30.


def populate(total: int) -> None:
    """Grow the data to `total` articles, each naming its own person (with an
    alias) and Lavrov, two countries, and quoting Lavrov."""
    lavrov = Person.objects.filter(slug="sergey-lavrov").first() or f.person("Sergey Lavrov", aliases=("Lavrov",))
    for number in range(Article.objects.count(), total):
        name = f"Envoy{number} Smith"
        article = f.article(f"Talks number {number}", f'{name} met Lavrov in Paris. "We talk," Lavrov said. Germany agreed.')
        f.person_mention(article, f.person(name, aliases=(f"Mr Envoy{number}",)))
        f.person_mention(article, lavrov, as_written="Lavrov")
        f.country_mention(article, "FR", as_written="Paris")
        f.country_mention(article, "DE", as_written="Germany")
        f.quote(article, "We talk,", lavrov)


def assert_fixed_cost(client, django_assert_num_queries, url, expected, params=None):
    for total in (3, 30):
        populate(total)
        with django_assert_num_queries(expected):
            # A full page (two rows of three or thirty): the last page costs one query more (below).
            response = client.get(url, {"limit": 2, **(params or {})})
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        assert body.get("items", [body])


@pytest.mark.parametrize(
    "url, params, expected",
    [
        # The page, its people, its countries.
        ("/api/articles", {}, 3),
        # The person and the country named, the page, its people, its countries.
        ("/api/articles", {"person": "sergey-lavrov", "country": "fr", "q": "talks", "from": "2019-01-01"}, 5),
        # The page of people with their counts as subqueries.
        ("/api/people", {}, 1),
        # On SQLite, close spellings come from its trigram table of names: one more.
        ("/api/people", {"q": "envoy"}, 1 if connection.vendor == "postgresql" else 2),
        # The page of countries with their counts.
        ("/api/countries", {}, 1),
        # The page of quotes joined to their articles and speakers.
        ("/api/quotes", {}, 1),
        # The speaker, the country, the page.
        ("/api/quotes", {"speaker": "sergey-lavrov", "country": "fr", "partial": "false", "from": "2019-01-01"}, 3),
        # The person with counts, the aliases, the timeline.
        ("/api/people/sergey-lavrov", {}, 3),
        # The country with its count, its aliases, the timeline.
        ("/api/countries/fr", {}, 3),
        # The article; its people, countries, organisations, quotes and events,
        # each with its total (an article with events: tests/test_api_events.py).
        ("/api/articles/talks-number-0", {}, 6),
    ],
)
def test_each_endpoint_costs_a_fixed_number_of_queries(client, django_assert_num_queries, url, params, expected):
    assert_fixed_cost(client, django_assert_num_queries, url, expected, params)


def test_a_page_after_a_cursor_costs_what_the_first_costs(client, django_assert_num_queries):
    populate(30)
    first = get(client, "/api/articles", {"limit": 10})
    with django_assert_num_queries(3):
        second = get(client, "/api/articles", {"limit": 10, "cursor": first["next_cursor"]})
    assert len(second["items"]) == 10


@pytest.mark.parametrize("url, queries", [("/api/articles", 4), ("/api/quotes", 2)])
def test_a_page_that_reaches_the_undated_rows_reads_them_in_one_more_query(client, django_assert_num_queries, url, queries):
    # Dated rows, then undated ones: two ranges of the index, one query each
    # (and, for articles, their people and countries once for the page).
    populate(3)
    undated = f.article("Undated talks", 'Lavrov said "We talk," today.', published=None)
    f.quote(undated, "We talk,", Person.objects.get(slug="sergey-lavrov"))
    with django_assert_num_queries(queries):
        page = get(client, url, {"limit": 10})
    assert len(page["items"]) == 4 and page["next"] is None
    last = page["items"][-1]
    assert (last.get("slug") or last["article"]["slug"]) == undated.slug

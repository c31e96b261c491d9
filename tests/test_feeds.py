"""Atom feeds of a search, a person and a country, read back with feedparser
as a feed reader would, and linked from each page's head."""

from datetime import date

import feedparser
import pytest

from tests import factories as f
from tests.factories import fresh_cache  # noqa: F401 (the footer's totals are cached)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


@pytest.fixture
def world():
    sochi, lavrov, _ = f.lavrov_article(standfirst="Two ministers talk.")
    paris = f.article("Lavrov in Paris", "Sergey Lavrov arrived in Paris.", published=date(2019, 6, 2), source="Other Wire")
    f.person_mention(paris, lavrov, as_written="Sergey Lavrov")
    f.country_mention(paris, "FR", as_written="Paris")
    undated = f.article("Lavrov, undated", "Sergey Lavrov again.", published=None, source="")
    f.person_mention(undated, lavrov, as_written="Sergey Lavrov")
    return {"sochi": sochi, "paris": paris, "undated": undated}


def test_a_persons_feed_carries_date_title_outlet_and_link_of_each_article(client, world):
    feed = parse(client, "/people/sergey-lavrov/articles.atom")
    assert feed.feed.title == "Sergey Lavrov — Diplomatic News Browser"
    assert feed.feed.link == "http://testserver/people/sergey-lavrov/"
    assert [e.title for e in feed.entries] == ["Lavrov in Paris", "Pompeo meets Lavrov in Sochi", "Lavrov, undated"]
    paris, sochi, undated = feed.entries
    assert paris.link == f"http://testserver{world['paris'].get_absolute_url()}"
    assert paris.published_parsed[:3] == (2019, 6, 2) and sochi.updated_parsed[:3] == (2019, 5, 14)
    assert paris.author == "Other Wire" and sochi.author == "Test Wire"
    assert sochi.summary == "Two ministers talk."
    assert {t.term for t in sochi.tags} == {"Sergey Lavrov", "Mike Pompeo", "Russia", "United States"}
    assert undated.published_parsed is not None and "author" not in undated
    assert feed.feed.author == "Diplomatic News Browser"  # stands in for it


def test_a_merged_persons_feed_follows_the_merge(client, world):
    from articles.merging import merge_people
    from articles.models import Person

    merge_people(Person.objects.get(slug="sergey-lavrov"), [f.person("S. Lavrov")])
    assert len(parse(client, "/people/s-lavrov/articles.atom").entries) == 3


def test_a_countrys_feed_lists_its_articles(client, world):
    feed = parse(client, "/countries/fr/articles.atom")
    assert feed.feed.title == "France — Diplomatic News Browser"
    assert [e.title for e in feed.entries] == ["Lavrov in Paris"]
    assert client.get("/countries/zz/articles.atom").status_code == 404
    assert client.get("/people/nobody/articles.atom").status_code == 404


def test_a_search_feed_follows_the_searchs_words_and_filters(client, world):
    feed = parse(client, "/articles.atom?q=Sochi&person=mike-pompeo&page=3")
    assert feed.feed.title == "Articles: “Sochi”, Mike Pompeo — Diplomatic News Browser"
    assert feed.feed.link == "http://testserver/articles/?q=Sochi&person=mike-pompeo"
    assert [e.title for e in feed.entries] == ["Pompeo meets Lavrov in Sochi"]
    assert len(parse(client, "/articles.atom").entries) == 3
    assert parse(client, "/articles.atom?from=2019-06-01&to=junk").entries[0].title == "Lavrov in Paris"


@pytest.mark.parametrize(
    "page, feed",
    [
        ("/articles/?q=sochi&page=2", "/articles.atom?q=sochi"),
        ("/people/sergey-lavrov/", "/people/sergey-lavrov/articles.atom"),
        ("/countries/fr/", "/countries/fr/articles.atom"),
    ],
)
def test_each_page_links_its_feed_in_its_head(client, world, page, feed):
    html = client.get(page).content.decode()
    head = html.split("</head>")[0]
    assert f'<link rel="alternate" type="application/atom+xml"' in head and f'href="{feed}"' in head
    assert f'href="{feed}" type="application/atom+xml">Atom feed</a>' in html


def test_a_feed_costs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    # The person, the articles, their people, their countries.
    with django_assert_num_queries(4):
        parse(client, "/people/sergey-lavrov/articles.atom")
    for number in range(20):
        article = f.article(f"More {number}", "Sergey Lavrov spoke.")
        f.person_mention(article, world["sochi"].person_mentions.first().person)
    with django_assert_num_queries(4):
        assert len(parse(client, "/people/sergey-lavrov/articles.atom").entries) == 23

"""The countries list and the country page."""

import pytest

from tests import factories as f
from tests.factories import fresh_cache  # noqa: F401 (the footer's totals are cached)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def test_it_lists_only_mentioned_countries_with_their_article_counts(client):
    f.lavrov_article()
    f.lavrov_article(title="Second meeting")
    page = client.get("/countries/").content.decode()
    russia = f.country("RU").name
    assert f'<a href="/countries/ru/">{russia}</a></td><td>RU</td><td class="num">2</td>' in page
    assert "/countries/fr/" not in page


def test_it_finds_a_country_by_an_alias(client):
    f.lavrov_article()
    page = client.get("/countries/", {"q": "Kremlin"}).content.decode()
    assert "/countries/ru/" in page and "/countries/us/" not in page


def test_it_shows_a_country_with_its_articles_people_quotes_and_neighbours(client):
    article, lavrov, said = f.lavrov_article()
    response = client.get("/countries/ru/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"<title>{f.country('RU').name} — Diplomatic News Browser</title>" in page
    assert f'<a href="{article.get_absolute_url()}">{article.title}</a>' in page
    assert '<a href="/people/sergey-lavrov/">Sergey Lavrov</a> <span class="count" title="articles together">1</span>' in page
    assert f'<a href="/countries/us/">{f.country("US").name}</a>' in page
    assert "<p>We see that there are suspicions and prejudices</p>" in page
    assert '<svg class="timeline"' in page


def test_it_redirects_an_upper_case_code_to_the_lower_case_address(client):
    response = client.get("/countries/RU/")
    assert response.status_code == 301 and response["Location"] == "/countries/ru/"


@pytest.mark.parametrize("code", ["zz", "xyz", "r"])
def test_it_answers_404_for_an_unknown_code(client, code):
    assert client.get(f"/countries/{code}/").status_code == 404


def test_it_costs_the_same_queries_for_a_busy_country(client, django_assert_num_queries):
    for n in range(15):
        f.lavrov_article(title=f"Meeting {n}")
    # totals (cache cleared for the test); country with count; articles; quotes; partners in events; the ids
    # of its newest 1,000 articles; people named with; other countries named with; timeline; all articles per month
    with django_assert_num_queries(10):
        assert client.get("/countries/ru/").status_code == 200


def test_it_costs_two_queries_for_the_countries_list(client, django_assert_num_queries):
    f.lavrov_article()
    # totals (cache cleared for the test); countries with counts
    with django_assert_num_queries(2):
        assert client.get("/countries/").status_code == 200

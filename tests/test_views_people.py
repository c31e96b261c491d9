"""The people list and the person page."""

from datetime import date

import pytest

from tests import factories as f
from tests.factories import fresh_cache  # noqa: F401 (the footer's totals are cached)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def test_it_lists_people_with_their_article_and_quote_counts_most_mentioned_first(client):
    f.lavrov_article()
    f.lavrov_article(title="Second meeting")
    loner = f.article("Elsewhere")
    f.person_mention(loner, f.person("Ann Other"), spans=[])
    page = client.get("/people/").content.decode()
    assert page.index("Mike Pompeo") < page.index("Ann Other")
    assert '<a href="/people/sergey-lavrov/">Sergey Lavrov</a></td><td class="num">2</td><td class="num">2</td>' in page
    assert "3 people" in page


def test_it_finds_people_by_name_or_alias(client):
    f.lavrov_article()
    page = client.get("/people/", {"q": "lavrov"}).content.decode()
    assert "Sergey Lavrov" in page and "Mike Pompeo" not in page


def test_it_finds_people_by_a_misspelt_name(client):
    f.lavrov_article()
    assert "Sergey Lavrov" in client.get("/people/", {"q": "Lavrof"}).content.decode()
    assert "Mike Pompeo" in client.get("/people/", {"q": "Pompei"}).content.decode()


def test_it_shows_a_person_with_aliases_counts_quotes_articles_and_companions(client):
    article, lavrov, said = f.lavrov_article()
    f.person("Unrelated Person")
    response = client.get(lavrov.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Sergey Lavrov — Diplomatic News Browser</title>" in page
    assert "Also written: Lavrov" in page
    assert ">1 article</a>" in page and ">1 quote</a>" in page
    assert "<p>We see that there are suspicions and prejudices</p>" in page and f'href="{said.get_absolute_url()}"' in page
    assert f'<a href="{article.get_absolute_url()}">{article.title}</a>' in page
    assert '<a href="/people/mike-pompeo/">Mike Pompeo</a> <span class="count" title="articles together">1</span>' in page
    assert "Unrelated Person" not in page
    assert '<svg class="timeline"' in page and "May 2019: 1 article" in page


def test_it_lists_a_persons_quotes_newest_first(client):
    lavrov = f.person("Sergey Lavrov")
    old = f.article("Old talks", published=date(2015, 1, 1), paragraphs=["Old words here."])
    new = f.article("New talks", published=date(2020, 1, 1), paragraphs=["New words here."])
    f.quote(old, "Old words here.", lavrov)
    f.quote(new, "New words here.", lavrov)
    page = client.get(lavrov.get_absolute_url()).content.decode()
    assert page.index("New words here.") < page.index("Old words here.")


def test_it_draws_empty_months_in_the_timeline(client):
    lavrov = f.person("Sergey Lavrov")
    for day in (date(2019, 1, 5), date(2019, 4, 5)):
        f.person_mention(f.article(published=day), lavrov, spans=[])
    page = client.get(lavrov.get_absolute_url()).content.decode()
    assert page.count('<rect class="hit"') == 4  # January to April
    assert page.count('<rect class="bar"') == 4  # January and April, as counts and as shares
    assert "<title>February 2019: 0 articles</title>" in page and "<title>April 2019: 1 article —" in page


def test_it_redirects_the_slug_of_a_merged_person_permanently(client):
    lavrov = f.person("Sergey Lavrov")
    f.redirect("sergei-lavrov", lavrov)
    response = client.get("/people/sergei-lavrov/")
    assert response.status_code == 301
    assert response["Location"] == "/people/sergey-lavrov/"


def test_it_answers_404_for_an_unknown_person(client):
    assert client.get("/people/nobody-at-all/").status_code == 404


def test_it_costs_the_same_queries_for_a_busy_person(client, django_assert_num_queries):
    for n in range(15):
        f.lavrov_article(title=f"Meeting {n}")
    lavrov_url = "/people/sergey-lavrov/"
    # totals (cache cleared for the test); person with counts; aliases; quotes; meetings and visits (none
    # here: their sides and people are not asked for, see test_relations_pages) and their count; articles;
    # the ids of the newest 1,000 (the next two count over them); people named with; countries named with; timeline; all articles per month
    with django_assert_num_queries(12):
        assert client.get(lavrov_url).status_code == 200


def test_it_costs_the_same_queries_for_a_long_people_list(client, django_assert_num_queries):
    for n in range(60):
        f.person_mention(f.article(), f.person(f"Person {n}"), spans=[])
    # totals (cache cleared for the test); count; page of people with their counts
    with django_assert_num_queries(3):
        assert client.get("/people/", {"page": "2"}).status_code == 200


def test_it_counts_companions_in_the_newest_articles_only_and_says_so(client, monkeypatch):
    from articles import views

    monkeypatch.setattr(views, "SAMPLE", 2)
    for n in range(3):
        f.lavrov_article(title=f"Meeting {n}")
    page = client.get("/people/sergey-lavrov/").content.decode()
    assert "Counted in the 2 newest of its 3 articles." in page
    assert '<a href="/people/mike-pompeo/">Mike Pompeo</a> <span class="count" title="articles together">2</span>' in page


def test_it_lists_a_persons_newest_articles_first_and_undated_ones_last(client):
    lavrov = f.person("Sergey Lavrov")
    for title, day in (("Undated talks", None), ("Old talks", date(2015, 1, 1)), ("New talks", date(2020, 1, 1))):
        f.person_mention(f.article(title, published=day), lavrov, spans=[])
    page = client.get(lavrov.get_absolute_url()).content.decode()
    assert page.index("New talks") < page.index("Old talks") < page.index("Undated talks")

import pytest

from tests import factories as f
from tests.factories import fresh_cache  # noqa: F401 (the footer's totals are cached)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def test_it_shows_the_latest_articles_the_most_mentioned_people_and_countries_and_totals(client):
    article, lavrov, _ = f.lavrov_article()
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert article.title in page
    assert 'href="/people/sergey-lavrov/"' in page
    assert 'href="/countries/ru/"' in page
    assert "1 article · 2 people · 2 countries · 1 quote" in page
    assert 'action="/articles/"' in page and '<label for="home-q">' in page


def test_it_leaves_out_people_whose_only_mention_was_rejected(client):
    article = f.article("Quiet day")
    f.person_mention(article, f.person("Rejected Person"), spans=[], status="rejected")
    assert "Rejected Person" not in client.get("/").content.decode()


def test_it_costs_the_same_queries_for_one_or_many_articles(client, django_assert_num_queries):
    for n in range(12):
        f.lavrov_article(title=f"Meeting {n}")
    # totals (cache cleared for the test); the ids of the latest 1,000 articles; the latest ten; their people;
    # their countries; people and countries most named in the 1,000
    with django_assert_num_queries(7):
        assert client.get("/").status_code == 200


def test_it_counts_the_footer_totals_once_and_then_reuses_them(client, django_assert_num_queries):
    f.lavrov_article()
    client.get("/")
    # the latest ids; the latest articles; their people; their countries; people and countries in the news
    with django_assert_num_queries(6):
        page = client.get("/").content.decode()
    assert "1 article · 2 people · 2 countries · 1 quote" in page


def test_it_names_who_is_in_the_news_in_the_latest_articles_not_over_all_time(client, monkeypatch):
    import articles.views

    monkeypatch.setattr(articles.views, "SAMPLE", 2)
    from datetime import date

    old = f.article("Old news", published=date(2001, 1, 1))
    for n in range(3):
        f.person_mention(old, f.person(f"Old Name{n}"))  # three people in one old article...
    jane = f.person("Jane Newsome")
    for day in (1, 2):
        new = f.article(f"News {day}", published=date(2020, 1, day))
        f.person_mention(new, jane)
        f.country_mention(new, "FR")
    page = client.get("/").content.decode()
    assert "People in the news" in page and "Most named in the 2 latest articles." in page
    news = page.split("People in the news")[1].split("Countries in the news")[0]
    assert "Jane Newsome</a> <span class=\"count\">2</span>" in news  # ...but the two latest name her
    assert "Old Name" not in news
    assert "France</a> <span class=\"count\">2</span>" in page.split("Countries in the news")[1]

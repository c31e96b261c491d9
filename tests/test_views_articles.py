"""The article list (search, filters, facets, pagination) and the article page."""

from datetime import date

import pytest
from django.db import connection

from tests import factories as f
from tests.factories import fresh_cache  # noqa: F401 (the footer's totals are cached)


def fresh_cache_clear():
    from django.core.cache import cache

    cache.clear()

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def get(client, url, **params):
    response = client.get(url, params)
    return response, response.content.decode()


# The list -------------------------------------------------------------------


def test_it_lists_matching_articles_with_snippet_people_and_countries(client):
    article, _, _ = f.lavrov_article()
    f.article("Harvest festival opens")
    response, page = get(client, "/articles/", q="Lavrov")
    assert response.status_code == 200
    assert article.title in page and "Harvest festival" not in page
    assert "<mark>Lavrov</mark>" in page
    assert 'class="tag person" href="/people/sergey-lavrov/"' in page
    assert 'class="tag country" href="/countries/us/"' in page
    assert "1 article" in page
    assert "<title>“Lavrov” — Articles" in page


def test_it_offers_facets_that_add_a_filter_with_counts(client):
    f.lavrov_article()
    second, _, _ = f.lavrov_article(title="Second meeting")
    f.country_mention(second, "SY", spans=[])
    response, page = get(client, "/articles/", person="sergey-lavrov")
    syria, russia = f.country("SY").name, f.country("RU").name
    assert f'<a href="?person=sergey-lavrov&amp;country=sy">{syria}</a> <span class="count">1</span>' in page
    assert f'<a href="?person=sergey-lavrov&amp;country=ru">{russia}</a> <span class="count">2</span>' in page
    assert '<a href="?person=sergey-lavrov&amp;person=mike-pompeo">Mike Pompeo</a> <span class="count">2</span>' in page
    # The person already filtered on is a chip, not a facet.
    assert "?person=sergey-lavrov&amp;person=sergey-lavrov" not in page
    assert 'aria-label="Remove the filter Sergey Lavrov"' in page


def test_it_narrows_with_and_across_several_countries(client):
    both = f.article("About both")
    f.country_mention(both, "US", spans=[])
    f.country_mention(both, "RU", spans=[])
    only_us = f.article("About one")
    f.country_mention(only_us, "US", spans=[])
    response, page = get(client, "/articles/?country=us&country=ru")
    assert "About both" in page and "About one" not in page
    response, page = get(client, "/articles/?country=us")
    assert "About both" in page and "About one" in page


def test_it_filters_by_date_range(client):
    f.article("Spring talks", published=date(2019, 4, 1))
    f.article("Summer talks", published=date(2019, 7, 1))
    f.article("Winter talks", published=date(2019, 12, 1))
    _, page = get(client, "/articles/", **{"from": "2019-05-01", "to": "2019-08-31"})
    assert "Summer talks" in page and "Spring talks" not in page and "Winter talks" not in page


def test_it_ignores_an_invalid_date_with_a_notice(client):
    f.article("Spring talks", published=date(2019, 4, 1))
    response, page = get(client, "/articles/", **{"from": "2019-02-31"})
    assert response.status_code == 200
    assert "Spring talks" in page
    assert "Ignored from “2019-02-31”" in page


def test_it_ignores_an_unknown_person_filter_with_a_notice(client):
    f.article("Spring talks")
    response, page = get(client, "/articles/", person="nobody-at-all")
    assert response.status_code == 200
    assert "No person “nobody-at-all”" in page and "Spring talks" in page


def test_it_paginates_and_shows_the_last_page_past_the_end(client):
    for n in range(25):
        f.article(f"Story {n:02d}", published=date(2019, 1, 1 + n))
    _, first = get(client, "/articles/")
    assert "25 articles · page 1 of 2" in first and "Story 24" in first and "Story 04" not in first
    assert 'href="?page=2"' in first
    _, past = get(client, "/articles/", page="99")
    assert "page 2 of 2" in past and "Story 04" in past and "Story 05" not in past


def test_it_shows_the_first_page_with_a_notice_for_a_page_that_is_not_a_number(client):
    f.article("Story")
    response, page = get(client, "/articles/", page="two")
    assert response.status_code == 200
    assert "Story" in page and "The page number was not a number" in page


@pytest.mark.parametrize(
    "query",
    [
        "x" * 1000, "!!!???...", "'; DROP TABLE articles_article; --", '<script>alert("q")</script>', "nul\x00byte",
        '"unclosed -', 'NEAR("a" "b") AND c* OR ^d title:e', "- -- or OR -or", '""""', "é_ü ß 中文 😀",
    ],
)
def test_it_answers_a_normal_page_for_hostile_queries(client, query):
    f.lavrov_article()
    response, page = get(client, "/articles/", q=query, person=query, country=query[:5], source=query, sort=query)
    assert response.status_code == 200
    assert "<script>alert" not in page
    assert client.get("/people/", {"q": query}).status_code == 200
    assert client.get("/quotes/", {"q": query, "speaker": query, "country": query}).status_code == 200
    assert client.get("/countries/", {"q": query}).status_code == 200


def test_it_escapes_what_it_shows_from_an_article(client):
    article = f.article(
        "<b>Bold</b> claims", paragraphs=["<img src=x onerror=alert(1)> Lavrov & co"], standfirst="<i>hi</i>"
    )
    f.person_mention(article, f.person("<Evil> Lavrov"), as_written="Lavrov")
    for url in ("/", "/articles/?q=Lavrov", article.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt;" in page, url
        assert "<img" not in page and "<Evil>" not in page, url


def test_it_suggests_the_closest_person_or_country_when_nothing_matches(client):
    f.lavrov_article()
    _, page = get(client, "/articles/", q="Lavrof")
    assert "Did you mean" in page and '<a href="/people/sergey-lavrov/">Sergey Lavrov</a>' in page
    _, page = get(client, "/articles/", q="Rusia")
    assert "Did you mean" in page and f'<a href="/countries/ru/">{f.country("RU").name}</a>' in page
    _, page = get(client, "/articles/", q="Zebedee")
    assert "Did you mean" not in page


def test_it_understands_or_phrases_and_exclusions_on_the_page(client):
    f.article("Trump speaks", paragraphs=["The president spoke on trade."])
    f.article("Obama speaks", paragraphs=["The former president spoke on health."])
    f.article("Harvest festival opens")
    _, page = get(client, "/articles/", q="Trump OR Obama")
    assert "2 articles" in page and "Harvest festival" not in page
    _, page = get(client, "/articles/", q='"former president" -trump')
    assert "1 article" in page and "Obama speaks" in page
    _, page = get(client, "/articles/", q="-speaks")
    assert "1 article" in page and "Harvest festival" in page


def test_it_offers_an_outlet_facet_and_filter(client):
    f.article("Wire story one", source="Global Wire")
    f.article("Wire story two", source="Global Wire")
    f.article("Paper story", source="Daily Paper")
    _, page = get(client, "/articles/", q="story")
    assert '<a href="?q=story&amp;source=Global+Wire">Global Wire</a> <span class="count">2</span>' in page
    assert '<a href="?q=story&amp;source=Daily+Paper">Daily Paper</a> <span class="count">1</span>' in page
    _, page = get(client, "/articles/", q="story", source="Daily Paper")
    assert "1 article" in page and "Paper story" in page and "Wire story" not in page
    assert 'aria-label="Remove the filter Daily Paper"' in page and "<h2>Outlets</h2>" not in page
    _, page = get(client, "/articles/?source=Daily+Paper&source=Global+Wire")
    assert "3 articles" in page


def test_it_sorts_by_best_match_newest_or_oldest(client):
    f.article("Sanctions sanctions sanctions", published=date(2017, 1, 1))
    f.article("Later note", paragraphs=["A word on sanctions."], published=date(2019, 1, 1))
    f.article("Undated note", paragraphs=["More on sanctions."], published=None)

    def order(**params):
        _, page = get(client, "/articles/", **params)
        return sorted(["Sanctions sanctions", "Later note", "Undated note"], key=page.index)

    assert order(q="sanctions")[0] == "Sanctions sanctions"
    assert order(q="sanctions", sort="newest") == ["Later note", "Sanctions sanctions", "Undated note"]
    assert order(q="sanctions", sort="oldest") == ["Sanctions sanctions", "Later note", "Undated note"]
    assert order(sort="oldest") == ["Sanctions sanctions", "Later note", "Undated note"]
    assert order().index("Later note") < order().index("Sanctions sanctions")
    # Without words there is nothing to rank by: newest first, and no "best match" to choose.
    _, page = get(client, "/articles/", sort="best")
    assert "Best match" not in page and '<option value="newest" selected>' in page
    response, page = get(client, "/articles/", q="sanctions", sort="sideways")
    assert response.status_code == 200 and "Ignored sort “sideways”" in page


def test_it_costs_the_same_queries_for_a_page_of_many_results(client, django_assert_num_queries):
    for n in range(25):
        f.lavrov_article(title=f"Meeting {n}")
    # totals (cache cleared for the test); person filter; country filter; the total with the newest 1,000 ids;
    # (and their outlets, for the facet); page of articles (ranked among those ids, with snippets); their people;
    # their countries; facet people; facet countries
    for sort in ("best", "newest", "oldest"):
        fresh_cache_clear()
        with django_assert_num_queries(9):
            response = client.get("/articles/", {"q": "Lavrov", "person": "sergey-lavrov", "country": "ru", "sort": sort})
        assert "25 articles" in response.content.decode()


def test_it_costs_the_same_queries_for_a_filter_without_words(client, django_assert_num_queries):
    for n in range(25):
        f.lavrov_article(title=f"Meeting {n}")
    # totals (cache cleared for the test); person filter; count; page of articles; their people; their countries;
    # facet people, facet countries and facet outlets (each over the newest 1,000 as a subquery)
    with django_assert_num_queries(9):
        response = client.get("/articles/", {"person": "sergey-lavrov"})
    assert "25 articles" in response.content.decode()
    # An outlet chosen: its facet is not counted.
    fresh_cache_clear()
    with django_assert_num_queries(8):
        response = client.get("/articles/", {"person": "sergey-lavrov", "source": "Test Wire", "sort": "oldest"})
    assert "25 articles" in response.content.decode()


# The article page -------------------------------------------------------------


def test_it_shows_an_article_with_linked_mentions_and_attributed_quotes(client):
    article, lavrov, said = f.lavrov_article(
        standfirst="A first visit", credit="Pool via REUTERS", url="https://example.org/sochi"
    )
    response, page = get(client, article.get_absolute_url())
    assert response.status_code == 200
    assert "<title>Pompeo meets Lavrov in Sochi — Diplomatic News Browser</title>" in page
    assert '<a class="mention person" href="/people/sergey-lavrov/">Sergey Lavrov</a>' in page
    assert '<a class="mention country" href="/countries/ru/">Russia</a>' in page
    assert f'<span class="quote" id="quote-{said.pk}">We see that there are suspicions and prejudices,</span>' in page
    assert '<p class="attribution">— <a href="/people/sergey-lavrov/">Sergey Lavrov</a></p>' in page
    assert "Pool via REUTERS" in page and "A first visit" in page
    assert 'href="https://example.org/sochi"' in page


def test_it_hides_rejected_mentions_and_quotes_on_the_article(client):
    article, _, said = f.lavrov_article()
    said.status = "rejected"
    said.save()
    article.person_mentions.filter(person__name="Mike Pompeo").update(status="rejected")
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'class="quote"' not in page
    assert "/people/mike-pompeo/" not in page
    assert "/people/sergey-lavrov/" in page


def test_it_sets_apart_a_quotation_that_runs_over_a_paragraph_break(client):
    article = f.article("Long quote", paragraphs=['"First part.', 'Second part," he said.'])
    body = article.body
    f.quote(article, body[1 : body.index('"', 1) - 1], f.person("Mike Pompeo"))
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.count('class="quote"') == 2
    assert page.count('id="quote-') == 1


def test_it_survives_mention_offsets_that_are_out_of_range_or_crossing(client):
    article = f.article("Offsets", paragraphs=["Sergey Lavrov met Mike Pompeo."])
    f.person_mention(article, f.person("Sergey Lavrov"), spans=[[0, 13], [5, 20], [500, 510], "junk"])
    response, page = get(client, article.get_absolute_url())
    assert response.status_code == 200
    assert '<a class="mention person" href="/people/sergey-lavrov/">Sergey Lavrov</a> met Mike Pompeo.' in page


def test_it_answers_404_for_an_unknown_article(client):
    assert client.get("/articles/no-such-article/").status_code == 404


def test_it_costs_the_same_queries_whatever_the_number_of_mentions(client, django_assert_num_queries):
    article, _, _ = f.lavrov_article()
    for n in range(10):
        f.person_mention(article, f.person(f"Extra Person {n}"), spans=[])
    # totals (cache cleared for the test); article; its people; its countries;
    # its organisations; its quotes (with whoever speaks, joined)
    with django_assert_num_queries(6):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_it_names_a_speaker_once_under_a_paragraph_with_two_of_their_quotes(client):
    article = f.article("Two quotes", paragraphs=['"First," he wrote. "Second."'])
    pompeo = f.person("Mike Pompeo")
    f.quote(article, "First,", pompeo)
    f.quote(article, "Second.", pompeo)
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.count('class="quote" id="quote-') == 2
    assert '<p class="attribution">— <a href="/people/mike-pompeo/">Mike Pompeo</a></p>' in page


def test_it_marks_the_query_in_a_snippet_of_the_body_and_escapes_the_rest(client):
    f.article("Talks", paragraphs=["alpha " * 60 + "Earlier Lavrov spoke & said 1 < 2 " + "omega " * 60])
    _, page = get(client, "/articles/", q="lavrov")
    assert "<mark>Lavrov</mark> spoke &amp; said 1 &lt; 2" in page
    assert "alpha " * 60 not in page  # a snippet, not the body


def test_it_shows_the_standfirst_when_only_the_title_matches(client):
    f.article("Zanzibar talks", paragraphs=["Nothing here.", "Nor here."], standfirst="A <short> summary")
    _, page = get(client, "/articles/", q="zanzibar")
    assert "A &lt;short&gt; summary" in page


def test_it_ranks_the_newest_matches_of_a_broad_search_then_lists_the_older_ones_and_says_so(client, monkeypatch):
    from articles import views

    monkeypatch.setattr(views, "SAMPLE", 2)
    f.article("Sanctions sanctions sanctions", published=date(2017, 1, 1))
    f.article("Sanctions again", published=date(2018, 1, 1))
    f.article("Later note", paragraphs=["A word on sanctions."], published=date(2019, 1, 1))
    _, page = get(client, "/articles/", q="sanctions")
    assert "Over 2 articles match: the 2 newest are ranked best match first" in page
    assert page.index("Sanctions again") < page.index("Later note") < page.index("Sanctions sanctions sanctions")
    monkeypatch.setattr(views, "SAMPLE", 10)
    _, page = get(client, "/articles/", q="sanctions")
    assert "newest are ranked" not in page
    assert page.index("Sanctions sanctions sanctions") < page.index("Sanctions again") < page.index("Later note")
    monkeypatch.setattr(views, "SAMPLE", 2)
    monkeypatch.setattr(views, "ARTICLES_PER_PAGE", 1)
    _, page = get(client, "/articles/", q="sanctions", page="3")
    assert "Sanctions sanctions sanctions" in page and "Later note" not in page


def test_it_writes_large_counts_with_thousands_separators():
    from articles.templatetags.articles_extras import plural, thousands

    assert plural(18879, "article") == "18,879 articles"
    assert plural(1, "person,people") == "1 person"
    assert thousands(1234567) == "1,234,567"

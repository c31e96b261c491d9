"""Admin pages cost a fixed number of queries, however many rows they show:
each count is pinned with 3 rows and again with 30.

Every page starts with the same four queries for a signed-in editor (not a
superuser): the session, the user, the user's permissions, the group's
permissions. The comments list the queries after those four.
"""

import pytest
from django.db import connection
from django.urls import reverse

from articles.merging import merge_people
from articles.models import Article, PersonAlias, PersonMention, Quote
from tests import factories as f
from tests.admin_support import make_editor

pytestmark = pytest.mark.django_db

SIGN_IN = 4  # session, user, user permissions, group permissions
# A person search on SQLite first finds the close spellings (one query; PostgreSQL does it in the same one).
SQLITE_CLOSE_NAMES = 0 if connection.vendor == "postgresql" else 1


@pytest.fixture
def editor(client):
    user = make_editor()
    client.force_login(user)
    return user


def populate(total: int) -> None:
    """Grow the data to `total` articles, each with its own two people (one
    merged away, leaving a merge record and a redirect), two countries and a quote."""
    for number in range(Article.objects.count(), total):
        name = f"Envoy{number} Smith"
        article = f.article(
            f"Talks number {number}",
            f'{name} arrived in Paris. "We talk," {name} said. Germany agreed.',
            source=f"Wire {number % 4}",
        )
        envoy = f.person(name, aliases=(f"Mr Envoy{number}",))
        f.person_mention(article, envoy)
        f.country_mention(article, "FR", as_written="Paris")
        f.country_mention(article, "DE", as_written="Germany")
        f.quote(article, "We talk,", envoy)
        duplicate = f.person(f"E{number} Smith")
        merge_people(envoy, [duplicate])


def changelist(model_name: str) -> str:
    return reverse(f"admin:articles_{model_name}_changelist")


def assert_fixed_cost(client, django_assert_num_queries, url, expected, params=None, rows_page_shows=None):
    for total in (3, 30):
        populate(total)
        with django_assert_num_queries(expected):
            response = client.get(url, params or {})
        assert response.status_code == 200
        if rows_page_shows is not None:
            assert response.context["cl"].result_count == rows_page_shows(total)


def test_it_lists_articles_in_nine_queries(client, editor, django_assert_num_queries):
    # COUNT, the page (people and quote counts as subqueries), the date
    # hierarchy's first/last date and its days, the sources for the filter.
    assert_fixed_cost(client, django_assert_num_queries, changelist("article"), SIGN_IN + 5, rows_page_shows=lambda n: n)


def test_it_searches_and_filters_articles_in_a_fixed_number_of_queries(client, editor, django_assert_num_queries):
    # COUNT of the matches, the page, the date hierarchy (two), the sources.
    params = {"q": "talks", "source": "Wire 1"}
    assert_fixed_cost(
        client, django_assert_num_queries, changelist("article"), SIGN_IN + 5, params,
        rows_page_shows=lambda n: len(range(1, n, 4)),
    )


def test_it_lists_people_with_their_counts_in_six_queries(client, editor, django_assert_num_queries):
    # COUNT, the page with article and quote counts as subqueries.
    assert_fixed_cost(client, django_assert_num_queries, changelist("person"), SIGN_IN + 2, rows_page_shows=lambda n: n)


def test_it_searches_people_by_alias_in_six_queries(client, editor, django_assert_num_queries):
    # COUNT of the matches, the page; on SQLite first the close names (search_index.close_names).
    assert_fixed_cost(
        client, django_assert_num_queries, changelist("person"), SIGN_IN + 2 + SQLITE_CLOSE_NAMES, {"q": "Mr Envoy1"},
        rows_page_shows=lambda n: len([i for i in range(n) if str(i).startswith("1")]),
    )


# After sign-in, each list below costs:
OTHER_LISTS = {
    # COUNT, the page (with person/country/speaker and article joined), the sources for the filter.
    "personmention": 3,
    "countrymention": 3,
    "quote": 3,
    # COUNT, the page with the person or country joined.
    "personalias": 2,
    "countryalias": 2,
    # COUNT, the page with the survivor / person joined.
    "personmerge": 2,
    "personredirect": 2,
    # COUNT, the page.
    "country": 2,
}


def test_it_lists_the_other_tables_in_a_fixed_number_of_queries(client, editor, django_assert_num_queries):
    for total in (3, 30):
        populate(total)
        for model_name, extra in OTHER_LISTS.items():
            with django_assert_num_queries(SIGN_IN + extra):
                assert client.get(changelist(model_name)).status_code == 200


def test_it_opens_an_article_with_many_mentions_in_eight_queries(client, editor, django_assert_num_queries):
    # The article, then one query per inline (people with person joined,
    # countries, quotes with speaker joined); the autocomplete widgets label
    # their choice from the joined row instead of one query each.
    paragraphs = [f'Delegate{i} Jones spoke. "Yes," said Delegate{i} Jones.' for i in range(30)]
    article = f.article(body="\n\n".join(paragraphs))
    url = reverse("admin:articles_article_change", args=[article.pk])
    for total in (3, 30):
        for i in range(PersonMention.objects.filter(article=article).count(), total):
            delegate = f.person(f"Delegate{i} Jones")
            f.person_mention(article, delegate)
            f.quote(article, "Yes,", delegate, start=None, paragraph=i)
        client.get(url)  # the inline rows' content types, cached for the process after the first page
        with django_assert_num_queries(SIGN_IN + 4):
            response = client.get(url)
        assert response.status_code == 200
        assert f"Delegate{total - 1} Jones".encode() in response.content
        assert Quote.objects.filter(article=article).count() == total


def test_it_opens_a_person_with_many_aliases_in_seven_queries(client, editor, django_assert_num_queries):
    # The person (with counts), whether anything points at them (may they be
    # deleted), the aliases.
    person = f.person("Sergey Lavrov")
    url = reverse("admin:articles_person_change", args=[person.pk])
    for total in (3, 30):
        for i in range(person.aliases.count(), total):
            PersonAlias.objects.create(person=person, name=f"Lavrov spelling {i}")
        client.get(url)  # content types, cached for the process after the first page
        with django_assert_num_queries(SIGN_IN + 3):
            assert client.get(url).status_code == 200


def test_it_answers_speaker_autocomplete_in_a_fixed_number_of_queries(client, editor, django_assert_num_queries):
    # COUNT of the matching people (for "more results"), the page of twenty; on SQLite first the close names.
    url = reverse("admin:autocomplete")
    params = {"term": "Smith", "app_label": "articles", "model_name": "quote", "field_name": "speaker"}
    for total in (3, 30):
        populate(total)
        with django_assert_num_queries(SIGN_IN + 2 + SQLITE_CLOSE_NAMES):
            response = client.get(url, params)
        assert len(response.json()["results"]) == min(total, 20)

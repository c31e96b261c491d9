"""The quotes page: search, speaker and country filters."""

import pytest

from tests import factories as f
from tests.factories import fresh_cache  # noqa: F401 (the footer's totals are cached)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture
def two_quotes():
    _, lavrov, said = f.lavrov_article()
    other = f.article("Paris talks", paragraphs=['"France stands ready," Macron said.'])
    macron = f.person("Emmanuel Macron")
    f.country_mention(other, "FR", spans=[])
    ready = f.quote(other, "France stands ready,", macron)
    return said, ready


def test_it_lists_quotes_with_speaker_article_and_date(client, two_quotes):
    said, ready = two_quotes
    page = client.get("/quotes/").content.decode()
    assert "<p>We see that there are suspicions and prejudices</p>" in page and "<p>France stands ready</p>" in page
    assert '<a href="/people/sergey-lavrov/">Sergey Lavrov</a>, in <a href="' in page
    assert f'href="{said.get_absolute_url()}">Pompeo meets Lavrov in Sochi</a>' in page
    assert "14 May 2019" in page and "2 quotes" in page


def test_it_searches_the_words_of_quotes(client, two_quotes):
    page = client.get("/quotes/", {"q": "prejudices"}).content.decode()
    assert "suspicions and prejudices" in page and "France stands ready" not in page


def test_it_finds_quotes_by_a_misspelt_speaker(client, two_quotes):
    page = client.get("/quotes/", {"q": "Lavrof"}).content.decode()
    assert "suspicions and prejudices" in page and "France stands ready" not in page


def test_it_filters_by_speaker_and_by_country(client, two_quotes):
    by_speaker = client.get("/quotes/", {"speaker": "emmanuel-macron"}).content.decode()
    assert "France stands ready" in by_speaker and "prejudices" not in by_speaker
    assert "Quotes by Emmanuel Macron" in by_speaker
    by_country = client.get("/quotes/", {"country": "ru"}).content.decode()
    assert "prejudices" in by_country and "France stands ready" not in by_country


def test_it_hides_rejected_quotes(client, two_quotes):
    said, _ = two_quotes
    said.status = "rejected"
    said.save()
    assert "prejudices" not in client.get("/quotes/").content.decode()


def test_it_ignores_an_unknown_speaker_with_a_notice(client, two_quotes):
    response = client.get("/quotes/", {"speaker": "nobody"})
    page = response.content.decode()
    assert response.status_code == 200 and "No person “nobody”" in page and "2 quotes" in page


def test_it_costs_the_same_queries_for_many_quotes(client, django_assert_num_queries):
    for n in range(40):
        f.lavrov_article(title=f"Meeting {n}")
    # totals (cache cleared for the test); speaker filter; country filter; count; page of quotes with article and speaker
    with django_assert_num_queries(5):
        response = client.get("/quotes/", {"speaker": "sergey-lavrov", "country": "ru"})
    assert "40 quotes" in response.content.decode()

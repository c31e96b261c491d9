"""Search on a small set of articles written for the test: ranking, websearch
syntax, names, misspellings and the SQLite fallback."""

import pytest
from django.db import connection

from articles.models import Article, Country, Person, Quote, Status
from tests import factories as f

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranking, websearch syntax and trigrams need PostgreSQL"
)


def titles(queryset):
    return [article.title for article in queryset]


@pytest.fixture
def corpus():
    body_match = f.article(
        "Ministers meet in Geneva",
        paragraphs=["Talks went on late.", "The sanctions regime on Iran was discussed at length."],
    )
    title_match = f.article(
        "Sanctions on Iran tightened",
        paragraphs=["Officials gave few details.", "More measures may follow."],
    )
    unrelated = f.article("Harvest festival opens", paragraphs=["Farmers sold apples.", "The weather held."])
    return body_match, title_match, unrelated


def test_it_finds_articles_by_a_word_in_the_title_or_the_body(corpus):
    found = set(titles(Article.objects.search("sanctions")))
    assert found == {"Ministers meet in Geneva", "Sanctions on Iran tightened"}


def test_it_requires_every_word_of_the_query(corpus):
    assert titles(Article.objects.search("sanctions geneva")) == ["Ministers meet in Geneva"]


def test_it_returns_everything_for_an_empty_query(corpus):
    assert Article.objects.search("   ").count() == 3


def test_it_finds_an_article_by_the_name_of_a_person_mentioned_in_it(corpus):
    body_match, _, _ = corpus
    f.person_mention(body_match, f.person("Javad Zarif"), spans=[])
    assert titles(Article.objects.search("Zarif")) == ["Ministers meet in Geneva"]


def test_it_finds_nothing_for_a_query_of_punctuation_only(corpus):
    assert Article.objects.search("!!! ... ???").count() == 0


def test_it_narrows_by_person_and_country_with_and(corpus):
    body_match, title_match, _ = corpus
    zarif = f.person("Javad Zarif")
    for article in (body_match, title_match):
        f.person_mention(article, zarif, spans=[])
    f.country_mention(title_match, "IR", spans=[])
    f.country_mention(body_match, "CH", spans=[])
    iran = Country.objects.get(code="IR")
    assert titles(Article.objects.mentioning(zarif)) == titles(Article.objects.filter(pk__in=[body_match.pk, title_match.pk]))
    assert titles(Article.objects.mentioning(zarif).mentioning(iran)) == ["Sanctions on Iran tightened"]
    assert titles(Article.objects.mentioning(iran).mentioning(Country.objects.get(code="CH"))) == []


def test_it_ignores_rejected_mentions(corpus):
    body_match, _, _ = corpus
    zarif = f.person("Javad Zarif")
    f.person_mention(body_match, zarif, spans=[], status=Status.REJECTED)
    assert Article.objects.mentioning(zarif).count() == 0
    assert Person.objects.mentioned().count() == 0


@postgresql_only
def test_it_ranks_a_title_match_above_a_body_match(corpus):
    assert titles(Article.objects.search("sanctions")) == ["Sanctions on Iran tightened", "Ministers meet in Geneva"]


@postgresql_only
def test_it_understands_websearch_phrases_and_exclusions(corpus):
    assert titles(Article.objects.search('"sanctions regime"')) == ["Ministers meet in Geneva"]
    assert titles(Article.objects.search("sanctions -geneva")) == ["Sanctions on Iran tightened"]
    assert set(titles(Article.objects.search("apples or geneva"))) == {"Harvest festival opens", "Ministers meet in Geneva"}


@postgresql_only
def test_it_stems_english_words(corpus):
    assert titles(Article.objects.search("festivals")) == ["Harvest festival opens"]


@postgresql_only
def test_it_marks_the_matches_in_a_headline_that_keeps_the_text_escapable():
    f.article("Markup", paragraphs=["<script>alert(1)</script> Profits < costs after sanctions & more"])
    (found,) = Article.objects.search("sanctions").with_headline("sanctions")
    from articles.templatetags.articles_extras import headline

    html = headline(found.headline)
    assert "<mark>sanctions</mark>" in html
    # ts_headline drops what looks like a tag; everything else arrives escaped.
    assert "<script" not in html
    assert "Profits &lt; costs" in html and "&amp; more" in html


@postgresql_only
def test_it_finds_a_person_by_a_misspelt_name():
    lavrov = f.person("Sergey Lavrov")
    pompeo = f.person("Mike Pompeo")
    assert list(Person.objects.search("Lavrof")) == [lavrov]
    assert list(Person.objects.search("Pompei")) == [pompeo]


@postgresql_only
def test_it_offers_the_closest_person_for_a_misspelling():
    article, lavrov, _ = f.lavrov_article()
    assert Person.objects.closest("Lavrof") == lavrov
    assert Person.objects.closest("Zebedee") is None


@postgresql_only
def test_it_finds_quotes_by_a_misspelt_speaker():
    _, lavrov, said = f.lavrov_article()
    assert list(Quote.objects.active().search("Lavrof")) == [said]


def test_it_finds_a_person_by_an_alias():
    lavrov = f.person("Sergey Lavrov", aliases=("Sergei Lavrov",))
    assert list(Person.objects.search("sergei")) == [lavrov]


def test_it_finds_quotes_by_their_words():
    _, _, said = f.lavrov_article()
    assert list(Quote.objects.active().search("prejudices")) == [said]
    assert list(Quote.objects.active().search("apples")) == []


def test_it_counts_articles_per_month_for_a_timeline():
    from datetime import date

    person = f.person("Mike Pompeo")
    for day in (date(2019, 5, 1), date(2019, 5, 20), date(2019, 7, 3)):
        f.person_mention(f.article(published=day), person, spans=[])
    assert Article.objects.mentioning(person).timeline() == [(date(2019, 5, 1), 2), (date(2019, 7, 1), 1)]


def test_it_counts_the_people_named_together_with_someone():
    _, lavrov, _ = f.lavrov_article()
    f.lavrov_article(title="Second meeting")
    articles = Article.objects.mentioning(lavrov)
    together = {p.name: p.n for p in Person.objects.most_named_in(articles, exclude=[lavrov])}
    assert together == {"Mike Pompeo": 2}
    assert {c.code: c.n for c in Country.objects.most_named_in(articles)} == {"RU": 2, "US": 2}

"""Search on a small set of articles written for the test: ranking, websearch
syntax, names, misspellings. Every test runs on both databases: PostgreSQL's
full text and pg_trgm, SQLite's FTS5 (see articles/search_index.py)."""

import pytest

from articles.models import Article, Country, Person, Quote, Status
from tests import factories as f

pytestmark = pytest.mark.django_db


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


def test_it_ranks_a_title_match_above_a_body_match(corpus):
    assert titles(Article.objects.search("sanctions")) == ["Sanctions on Iran tightened", "Ministers meet in Geneva"]


def test_it_understands_websearch_phrases_and_exclusions(corpus):
    assert titles(Article.objects.search('"sanctions regime"')) == ["Ministers meet in Geneva"]
    assert titles(Article.objects.search("sanctions -geneva")) == ["Sanctions on Iran tightened"]
    assert set(titles(Article.objects.search("apples or geneva"))) == {"Harvest festival opens", "Ministers meet in Geneva"}


def test_it_stems_english_words(corpus):
    assert titles(Article.objects.search("festivals")) == ["Harvest festival opens"]


def test_it_marks_the_matches_in_a_headline_that_keeps_the_text_escapable():
    f.article("Markup", paragraphs=["<script>alert(1)</script> Profits < costs after sanctions & more"])
    (found,) = Article.objects.search("sanctions").with_headline("sanctions")
    from articles.templatetags.articles_extras import headline

    html = headline(found.headline)
    assert "<mark>sanctions</mark>" in html
    # ts_headline drops what looks like a tag; everything else arrives escaped.
    assert "<script" not in html
    assert "Profits &lt; costs" in html and "&amp; more" in html


def test_it_finds_a_person_by_a_misspelt_name():
    article = f.article()
    lavrov = f.person("Sergey Lavrov")
    pompeo = f.person("Mike Pompeo")
    for person in (lavrov, pompeo):  # SQLite's trigram index holds the names of people named in articles
        f.person_mention(article, person, spans=[])
    assert list(Person.objects.search("Lavrof")) == [lavrov]
    assert list(Person.objects.search("Pompei")) == [pompeo]


def test_it_offers_the_closest_person_for_a_misspelling():
    article, lavrov, _ = f.lavrov_article()
    assert Person.objects.closest("Lavrof") == lavrov
    assert Person.objects.closest("Zebedee") is None


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


def test_it_reads_or_phrases_and_exclusions_as_websearch_does(corpus):
    assert set(titles(Article.objects.search("Geneva OR festival"))) == {"Ministers meet in Geneva", "Harvest festival opens"}
    assert titles(Article.objects.search("geneva festival")) == []
    # "or" binds looser than the implied "and": (iran and geneva) or apples
    assert set(titles(Article.objects.search("iran geneva or apples"))) == {
        "Ministers meet in Geneva",
        "Harvest festival opens",
    }
    assert titles(Article.objects.search('"regime sanctions"')) == []
    assert set(titles(Article.objects.search("-geneva"))) == {"Sanctions on Iran tightened", "Harvest festival opens"}


def test_it_translates_a_query_into_an_fts5_expression_of_quoted_words_only():
    from articles.search_index import MAX_QUERY_WORDS, fts5_query

    assert fts5_query("sanctions -geneva") == ('(("sanctions") NOT ("geneva"))', False)
    assert fts5_query('"sanctions regime" or Iran') == ('(("sanctions regime")) OR (("Iran"))', False)
    assert fts5_query("-geneva") == ('"geneva"', True)
    assert fts5_query("!!! or ...") is None
    # FTS5's own syntax arrives as plain words, each in its own string.
    assert fts5_query('NEAR(a b) title:c d* ^e "f') == ('(("NEAR a" AND "b" AND "title c" AND "d" AND "e" AND "f"))', False)
    assert fts5_query(" ".join(f"w{n}" for n in range(100)))[0].count('"') == 2 * MAX_QUERY_WORDS


def test_it_answers_junk_queries_without_an_error(corpus):
    import random

    alphabet = 'ab Or NOT AND NEAR " - ( ) * ^ : + { } , . \\ \' _ é 中 😀 \x01'.split(" ") + [" ", '"', "-"]
    generator = random.Random(14)
    for _ in range(200):
        query = "".join(generator.choice(alphabet) for _ in range(generator.randint(1, 12)))
        found = Article.objects.search(query).with_headline(query)
        assert len(list(found)) == found.count() <= 3, query


def test_postgresql_ranks_on_the_opening_of_a_story_and_still_finds_the_rest():
    from django.db import connection

    from articles.search_index import RANK_BODY_CHARS

    if connection.vendor != "postgresql":
        pytest.skip("SQLite ranks with bm25 over the whole text")
    filler = "The committee met again to discuss the budget for next year. " * (RANK_BODY_CHARS // 60 + 5)
    deep = f.article("Budget talks drag on", filler + "Kazakhstan. Kazakhstan. Kazakhstan. Kazakhstan.")
    lead = f.article("Budget talks end", "Kazakhstan sent an observer. " + filler)
    found = list(Article.objects.search("Kazakhstan"))
    assert found == [lead, deep]  # the deep mentions still match, after the story that opens with it

"""The search document follows every write: an article is found by the names of
the people and countries it now has, and no longer by the ones it lost, whatever
path changed them (ingestion, merge, rename, reject and restore, admin edits,
re-extraction). Both databases store the document (a tsvector, an FTS5 row),
so these tests run on both."""

import pytest
from django.db import connection
from django.urls import reverse

from articles import search_index
from articles.ingest import ingest_extracted, reextract
from articles.merging import merge_people
from articles.models import Article, Country, Person, PersonMention
from articles.extraction import CountryFound, Extraction, PersonFound
from tests import factories as f
from tests.admin_support import form_data, make_editor
from tests.test_ingest import source

pytestmark = pytest.mark.django_db

BODY = "Talks went on late into the night. Nothing was agreed."


def found(word: str) -> list[str]:
    return [a.title for a in Article.objects.search(word)]


@pytest.fixture
def quux_article():
    article = f.article("Night talks", BODY)
    quux = f.person("Zbigniew Quux")
    f.person_mention(article, quux, spans=[])
    return article, quux


@pytest.fixture
def editor(client):
    user = make_editor()
    client.force_login(user)
    return user


def test_it_finds_an_article_by_its_new_person_after_a_merge(quux_article):
    _, quux = quux_article
    frobnitz = f.person("Walter Frobnitz")
    assert found("Quux") == ["Night talks"] and found("Frobnitz") == []

    merge_people(frobnitz, [quux])

    assert found("Frobnitz") == ["Night talks"]
    assert found("Quux") == []


def test_it_finds_an_article_by_a_persons_new_name_after_an_admin_rename(client, editor, quux_article):
    _, quux = quux_article
    url = reverse("admin:articles_person_change", args=[quux.pk])
    data = form_data(client.get(url))
    data["name"] = "Walter Frobnitz"

    assert client.post(url, data).status_code == 302

    assert found("Frobnitz") == ["Night talks"]
    assert found("Quux") == []


def test_it_follows_a_rename_made_in_code():
    article = f.article("Night talks", BODY)
    quux = f.person("Zbigniew Quux")
    f.person_mention(article, quux, spans=[])
    quux.name = "Walter Frobnitz"
    quux.save()
    assert (found("Frobnitz"), found("Quux")) == (["Night talks"], [])


def test_it_forgets_a_rejected_mention_and_remembers_a_restored_one(client, editor, quux_article):
    changelist = reverse("admin:articles_personmention_changelist")
    selected = {"_selected_action": list(PersonMention.objects.values_list("pk", flat=True))}

    client.post(changelist, {**selected, "action": "reject_selected"})
    assert found("Quux") == []

    client.post(changelist, {**selected, "action": "restore_selected"})
    assert found("Quux") == ["Night talks"]


def test_it_follows_an_editors_change_to_an_article_and_its_inline_rows(client, editor, quux_article):
    article, _ = quux_article
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url))
    data["title"] = "Marathon negotiations"
    data["person_mentions-0-DELETE"] = "on"  # rejects Quux

    assert client.post(url, data).status_code == 302

    assert found("marathon") == ["Marathon negotiations"]
    assert found("Quux") == []


def test_it_follows_ingestion_and_re_extraction_of_an_article():
    text = "Night talks\n\n" + BODY
    quux = Extraction(people=[PersonFound("Zbigniew Quux", mentions=1)], countries=[CountryFound("NO", mentions=1)])
    ingest_extracted([(source(text), quux)])
    assert found("Quux") == ["Night talks"] and found("Norway") == ["Night talks"]

    frobnitz = Extraction(people=[PersonFound("Walter Frobnitz", mentions=1)])
    from articles.ingest import Job, Options, Run

    article = Article.objects.get()
    Run(None, Options(reextract=True)).run([Job(article=article, extraction=frobnitz)])

    assert found("Frobnitz") == ["Night talks"]
    assert found("Quux") == [] and found("Norway") == []


def test_it_refreshes_once_per_deferred_block_whatever_the_writes(django_assert_num_queries):
    article = f.article("Night talks", BODY)
    people = [Person.objects.create(name=f"Envoy Number{n}") for n in range(3)]
    # Three mention INSERTs and their history rows, then one refresh: the
    # document (PostgreSQL: the vector UPDATE; SQLite: the article's FTS5 row
    # and the two tables of names), the dates (5 UPDATEs) and the article counts
    # of the people, countries and organisations named (3).
    document = 1 if connection.vendor == "postgresql" else 3
    with django_assert_num_queries(3 * 2 + document + 5 + 3):
        with search_index.deferred():
            for person in people:
                PersonMention.objects.create(article=article, person=person)
    assert found("Number1") == ["Night talks"]


def test_it_follows_a_country_renamed_by_an_editor():
    article = f.article("Night talks", BODY)
    f.country_mention(article, "NO", spans=[])
    norway = Country.objects.get(code="NO")
    norway.name = "Kingdom of Norway"
    norway.save()
    assert found("Kingdom") == ["Night talks"]


def test_it_suggests_a_person_by_their_new_name_after_a_rename_and_not_a_merged_one(quux_article):
    _, quux = quux_article
    assert Person.objects.closest("Zbignew Qux") == quux
    quux.name = "Walter Frobnitz"
    quux.save()
    assert Person.objects.closest("Walter Frobnits") == quux
    assert Person.objects.closest("Zbignew Qux") is None
    survivor = f.person("Walther Frobnitz")
    merge_people(survivor, [quux])
    assert Person.objects.closest("Walter Frobnits") == survivor


def test_postgresql_keeps_bodies_and_vectors_out_of_the_article_rows():
    # Migration 0016: the rows a search reads stay narrow (a short body and its
    # vector would otherwise sit inline), and the text still reads back whole.
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL storage setting")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'articles_article'")
        assert "toast_tuple_target=256" in cursor.fetchone()[0]
    body = "Sergey Lavrov met Mike Pompeo in Sochi. " * 30
    f.article("Short talks", body)
    assert Article.objects.get(title="Short talks").body == body

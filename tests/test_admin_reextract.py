"""Editors' corrections made in the admin survive the machine: a rejection
stays rejected after `ingest --reextract` (and the "Extract again" action), and
an alias an editor adds steers the next ingestion. Real spaCy, real ingestion."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, CountryAlias, CountryMention, Origin, Person, PersonMention, Status
from tests import factories as f
from tests.admin_support import form_data, inline_index, make_editor

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR) / "seeds" / "000_e16e98646cb8484a.txt"


@pytest.fixture
def editor(client, nlp):  # nlp: spaCy loaded once per test run, shared with ingestion
    user = make_editor()
    client.force_login(user)
    return user


def ingest(*args) -> None:
    call_command("ingest", *[str(a) for a in args], "--workers", "1", stdout=None, stderr=None)


def reject_from_article_page(client, article, person) -> None:
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url))
    data[f"person_mentions-{inline_index(data, 'person_mentions', 'person', person.pk)}-DELETE"] = "on"
    assert client.post(url, data).status_code == 302


def seed_article_with_pompeo():
    ingest(SEED)
    article = Article.objects.get()
    pompeo = Person.objects.get(name="Mike Pompeo")
    assert PersonMention.objects.get(article=article, person=pompeo).status == Status.ACTIVE
    return article, pompeo


def test_it_keeps_a_mention_rejected_in_the_admin_rejected_after_ingest_reextract(client, editor):
    article, pompeo = seed_article_with_pompeo()
    others_before = set(PersonMention.objects.filter(article=article).exclude(person=pompeo).values_list("person__name", flat=True))
    reject_from_article_page(client, article, pompeo)

    ingest("--reextract")

    mention = PersonMention.objects.get(article=article, person=pompeo)
    assert (mention.status, mention.origin) == (Status.REJECTED, Origin.EDITOR)
    others_after = set(PersonMention.objects.filter(article=article).exclude(person=pompeo).values_list("person__name", flat=True))
    assert others_after == others_before and "Sergey Lavrov" in others_after
    assert pompeo not in Person.objects.filter(mentions__article=article, mentions__status=Status.ACTIVE)


def test_it_extracts_again_from_the_admin_action_keeping_the_rejection(client, editor):
    article, pompeo = seed_article_with_pompeo()
    reject_from_article_page(client, article, pompeo)
    lavrov = PersonMention.objects.get(article=article, person__name="Sergey Lavrov")
    PersonMention.objects.filter(pk=lavrov.pk).update(count=99)  # a machine row the re-run must put right

    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "extract_again", "_selected_action": [article.pk]},
        follow=True,
    )

    assert "Extracted again: 0 created, 0 updated, 0 unchanged, 1 re-extracted, 0 failed" in " ".join(
        str(m) for m in response.context["messages"]
    )
    assert PersonMention.objects.get(article=article, person=pompeo).status == Status.REJECTED
    lavrov.refresh_from_db()
    assert lavrov.count != 99


BODY = """Talks on fishing rights resume

Negotiators said on Monday that the talks on fishing rights would resume next month.

"We have waited long enough," Sergei Lavrov told reporters after meeting Kiwi officials.

Sergei Lavrov said the Kiwi negotiators had been patient.
"""


def write_article(tmp_path) -> Path:
    path = tmp_path / "fishing.txt"
    path.write_text(BODY, encoding="utf-8")
    return path


def add_person_alias_in_admin(client, person, alias: str) -> None:
    url = reverse("admin:articles_person_change", args=[person.pk])
    data = form_data(client.get(url))
    data[f"aliases-{int(data['aliases-TOTAL_FORMS']) - 1}-name"] = alias
    assert client.post(url, data).status_code == 302


def add_country_alias_in_admin(client, country, alias: str, kind: str) -> None:
    url = reverse("admin:articles_country_change", args=[country.pk])
    data = form_data(client.get(url))
    row = int(data["aliases-TOTAL_FORMS"]) - 1
    data.update({f"aliases-{row}-name": alias, f"aliases-{row}-kind": kind})
    assert client.post(url, data).status_code == 302


def test_it_resolves_a_spelling_an_editor_added_as_alias_to_that_person(client, editor, tmp_path):
    # (A French transliteration: "Sergey" and "Sergei" the name rules join alone.)
    lavrov = f.person("Serguei Lavrov")
    add_person_alias_in_admin(client, lavrov, "Sergei Lavrov")

    ingest(write_article(tmp_path))

    article = Article.objects.get(title="Talks on fishing rights resume")
    assert list(PersonMention.objects.filter(article=article).values_list("person__name", flat=True)) == ["Serguei Lavrov"]
    assert not Person.objects.filter(name="Sergei Lavrov").exists()
    assert article.quotes.get().speaker == lavrov


def test_it_resolves_the_old_spelling_of_a_person_an_editor_renamed(client, editor, tmp_path):
    person = f.person("Sergei Lavrov")
    url = reverse("admin:articles_person_change", args=[person.pk])
    assert client.post(url, {**form_data(client.get(url)), "name": "Serguei Lavrov"}).status_code == 302

    ingest(write_article(tmp_path))

    article = Article.objects.get(title="Talks on fishing rights resume")
    assert list(PersonMention.objects.filter(article=article).values_list("person_id", flat=True)) == [person.pk]
    assert list(Person.objects.values_list("name", flat=True)) == ["Serguei Lavrov"]


def test_it_makes_a_new_person_of_that_spelling_without_the_editors_alias(editor, tmp_path):
    f.person("Serguei Lavrov")

    ingest(write_article(tmp_path))

    article = Article.objects.get(title="Talks on fishing rights resume")
    assert list(PersonMention.objects.filter(article=article).values_list("person__name", flat=True)) == ["Sergei Lavrov"]


def test_it_finds_a_country_through_an_alias_an_editor_added(client, editor, tmp_path):
    nz = f.country("NZ")
    assert not CountryAlias.objects.filter(normalised="kiwi").exists()
    add_country_alias_in_admin(client, nz, "Kiwi", "demonym")

    ingest(write_article(tmp_path))

    article = Article.objects.get(title="Talks on fishing rights resume")
    mention = CountryMention.objects.get(article=article, country=nz)
    assert (mention.count, mention.origin) == (2, Origin.MACHINE)


def test_it_finds_no_country_in_that_text_without_the_editors_alias(editor, tmp_path):
    ingest(write_article(tmp_path))

    article = Article.objects.get(title="Talks on fishing rights resume")
    assert not CountryMention.objects.filter(article=article).exists()


def test_it_keeps_a_merge_after_ingest_reextract(client, editor):
    article, pompeo = seed_article_with_pompeo()
    survivor = f.person("Michael R. Pompeo")
    client.post(
        reverse("admin:articles_person_changelist"),
        {"action": "merge_selected", "_selected_action": [survivor.pk, pompeo.pk], "confirm": "yes", "survivor": survivor.pk},
    )
    assert not Person.objects.filter(name="Mike Pompeo").exists()

    ingest("--reextract")

    assert not Person.objects.filter(name__in=["Mike Pompeo", "Pompeo"]).exists()
    mention = PersonMention.objects.get(article=article, person=survivor)
    assert mention.status == Status.ACTIVE and mention.count >= 2


def test_it_leaves_articles_too_long_to_extract_while_the_editor_waits_to_the_command_it_names(client, editor):
    from articles.admin import EXTRACT_IN_REQUEST_CHARACTERS

    short, pompeo = seed_article_with_pompeo()
    long = Article.objects.create(
        title="A very long article", slug="a-very-long-article", content_hash="long",
        body="\n\n".join(["Mike Pompeo met Sergey Lavrov in Sochi."] * (EXTRACT_IN_REQUEST_CHARACTERS // 30)),
    )

    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "extract_again", "_selected_action": [short.pk, long.pk]},
        follow=True,
    )

    shown = [str(m) for m in response.context["messages"]]
    assert shown[0].startswith("Extracted again: 0 created, 0 updated, 0 unchanged, 1 re-extracted, 0 failed")
    assert shown[1].startswith("1 article(s) not extracted again: over 100,000 characters")
    assert shown[1].endswith(f"Run: python manage.py ingest --reextract --article {long.pk}")
    assert not long.person_mentions.exists()  # not extracted in the request


def test_it_extracts_again_only_the_articles_named_on_the_command_line(editor):
    first, _ = seed_article_with_pompeo()
    second = Article.objects.create(title="Another", slug="another", content_hash="x", body="Mike Pompeo met Sergey Lavrov.")
    out = StringIO()

    call_command("ingest", "--reextract", "--article", str(second.pk), "--workers", "1", stdout=out, stderr=StringIO())

    assert "1 re-extracted" in out.getvalue()
    assert second.person_mentions.filter(person__name="Mike Pompeo").exists()

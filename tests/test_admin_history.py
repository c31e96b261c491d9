"""Every correction made in the admin is recorded: who changed which field of
which row, from what to what, and when; editors read it from the admin."""

import pytest
from django.urls import reverse

from articles.models import Article, Person, PersonMention, Quote, Status
from tests import factories as f
from tests.admin_support import form_data, inline_index, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_editor("marta")
    client.force_login(user)
    return user


def changes(record) -> dict[str, tuple]:
    delta = record.diff_against(record.prev_record)
    return {change.field: (change.old, change.new) for change in delta.changes}


def test_it_records_who_changed_an_article_title_from_what_to_what(client, editor):
    article, _, _ = f.lavrov_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = {**form_data(client.get(url)), "title": "Pompeo warns Lavrov"}

    client.post(url, data)

    record = Article.history.filter(id=article.pk).latest()
    assert (record.history_user, record.history_type) == (editor, "~")
    assert changes(record) == {"title": ("Pompeo meets Lavrov in Sochi", "Pompeo warns Lavrov")}


def test_it_shows_the_article_history_with_the_editor_and_the_change(client, editor):
    article, _, _ = f.lavrov_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.post(url, {**form_data(client.get(url)), "title": "Pompeo warns Lavrov"})

    page = client.get(reverse("admin:articles_article_history", args=[article.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "marta" in html
    assert "Pompeo meets Lavrov in Sochi" in html and "Pompeo warns Lavrov" in html


def test_it_records_a_rejection_made_from_the_article_page(client, editor):
    article, lavrov, _ = f.lavrov_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url))
    data[f"person_mentions-{inline_index(data, 'person_mentions', 'person', lavrov.pk)}-DELETE"] = "on"

    client.post(url, data)

    mention = PersonMention.objects.get(article=article, person=lavrov)
    record = mention.history.latest()
    assert record.history_user == editor
    assert changes(record) == {"status": (Status.ACTIVE, Status.REJECTED), "origin": ("machine", "editor")}


def test_it_records_a_speaker_reassignment(client, editor):
    article, lavrov, said = f.lavrov_article()
    pompeo = Person.objects.get(name="Mike Pompeo")
    url = reverse("admin:articles_quote_change", args=[said.pk])

    client.post(url, {**form_data(client.get(url)), "speaker": pompeo.pk})

    record = Quote.history.filter(id=said.pk).latest()
    assert record.history_user == editor
    assert changes(record) == {"speaker": (lavrov.pk, pompeo.pk), "origin": ("machine", "editor")}
    page = client.get(reverse("admin:articles_quote_history", args=[said.pk]))
    assert "marta" in page.content.decode()


def test_it_shows_a_person_renamed_in_their_history(client, editor):
    person = f.person("Sergei Lavrov")
    url = reverse("admin:articles_person_change", args=[person.pk])

    client.post(url, {**form_data(client.get(url)), "name": "Sergey Lavrov"})

    page = client.get(reverse("admin:articles_person_history", args=[person.pk]))
    html = page.content.decode()
    assert "marta" in html and "Sergei Lavrov" in html and "Sergey Lavrov" in html
    assert changes(Person.history.filter(id=person.pk).latest()) == {"name": ("Sergei Lavrov", "Sergey Lavrov")}

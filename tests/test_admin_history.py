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


def test_it_keeps_the_body_and_its_offsets_when_a_browser_sends_crlf_line_ends(client, editor):
    article, _, said = f.lavrov_article()
    body = article.body
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url))
    data.update(title="Pompeo warns Lavrov", body=data["body"].replace("\n", "\r\n"))
    row = inline_index(data, "quotes", "id", said.pk)
    data[f"quotes-{row}-text"] = data[f"quotes-{row}-text"] + "\r\n"

    client.post(url, data)

    article.refresh_from_db()
    assert article.body == body
    assert article.body[said.start:said.end] == said.text
    assert changes(Article.history.filter(id=article.pk).latest()) == {"title": ("Pompeo meets Lavrov in Sochi", "Pompeo warns Lavrov")}
    said.refresh_from_db()
    assert said.origin == "machine"  # the quote was not changed


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


def test_it_shows_corrections_to_an_articles_mentions_on_its_history_page(client, editor):
    article, lavrov, _ = f.lavrov_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url))
    data[f"person_mentions-{inline_index(data, 'person_mentions', 'person', lavrov.pk)}-DELETE"] = "on"
    client.post(url, data)

    page = client.get(reverse("admin:articles_article_history", args=[article.pk]))

    latest = page.context["corrections"][0]
    assert (latest.what, latest.action, latest.who) == (
        "Mention of Sergey Lavrov in Pompeo meets Lavrov in Sochi", "Changed", editor,
    )
    assert ("status", "active", "rejected") in latest.changes
    assert "Mention of Sergey Lavrov" in page.content.decode()


def test_it_shows_a_quote_taken_from_a_person_on_their_history_page(client, editor):
    article, lavrov, said = f.lavrov_article()
    pompeo = Person.objects.get(name="Mike Pompeo")
    url = reverse("admin:articles_quote_change", args=[said.pk])
    client.post(url, {**form_data(client.get(url)), "speaker": pompeo.pk})

    page = client.get(reverse("admin:articles_person_history", args=[lavrov.pk]))

    latest = page.context["corrections"][0]
    assert latest.who == editor
    assert ("speaker", "Sergey Lavrov", "Mike Pompeo") in latest.changes


def test_it_opens_an_article_history_in_a_fixed_number_of_queries(client, editor, django_assert_num_queries):
    # Sign-in (session, user, two permission queries), the article, its own
    # history (COUNT and page), one query for each related history (mentions
    # of people, of countries, of organisations, quotes), the names of the
    # people and articles shown (countries too when there are any).
    article = f.article(body="Many envoys came.")
    url = reverse("admin:articles_article_history", args=[article.pk])
    for total in (3, 30):
        for i in range(Quote.objects.filter(article=article).count(), total):
            envoy = f.person(f"Envoy{i} Brown")
            f.person_mention(article, envoy, spans=[])
            said = f.quote(article, f"Statement {i}", envoy)
            said.partial = True
            said.save()
        client.get(url)  # content types, cached for the process after the first page
        with django_assert_num_queries(4 + 1 + 2 + 4 + 2):
            page = client.get(url)
        assert len(page.context["corrections"]) == 3 * total


def test_it_says_from_what_when_the_first_change_is_to_a_row_ingestion_wrote_in_bulk(client, editor):
    article, _, _ = f.lavrov_article()
    putin = f.person("Vladimir Putin")
    # Ingestion writes rows with bulk_create, which records no history.
    [mention] = PersonMention.objects.bulk_create([PersonMention(article=article, person=putin, count=2)])
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url))
    data[f"person_mentions-{inline_index(data, 'person_mentions', 'person', putin.pk)}-DELETE"] = "on"

    client.post(url, data)

    before, after = mention.history.order_by("history_date", "history_id")
    assert (before.history_user, before.status, after.history_user, after.status) == (
        None, Status.ACTIVE, editor, Status.REJECTED,
    )
    assert changes(after) == {"status": (Status.ACTIVE, Status.REJECTED), "origin": ("machine", "editor")}


def test_it_names_a_merged_person_in_the_articles_correction_log(client, editor):
    from articles.merging import merge_people

    article = f.article(body="Putin spoke.")
    putin, full = f.person("Putin"), f.person("Vladimir Putin")
    f.person_mention(article, putin, as_written="Putin")
    merge_people(full, [putin], editor)

    page = client.get(reverse("admin:articles_article_history", args=[article.pk]))

    latest = page.context["corrections"][0]
    assert ("person", "Putin (merged or deleted)", "Vladimir Putin") in latest.changes
    assert latest.reason == "Merged Putin into Vladimir Putin"


def test_it_adds_no_article_history_entry_when_only_an_inline_row_changed(client, editor):
    article, lavrov, _ = f.lavrov_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url))
    data[f"person_mentions-{inline_index(data, 'person_mentions', 'person', lavrov.pk)}-DELETE"] = "on"
    entries = Article.history.filter(id=article.pk).count()

    client.post(url, data)

    assert Article.history.filter(id=article.pk).count() == entries
    assert PersonMention.objects.get(article=article, person=lavrov).status == Status.REJECTED

"""The editors' desk, driven through the admin with the test client: each
correction an editor makes, saved as origin=editor, rejections kept."""

import pytest
from django.urls import reverse

from articles.models import (
    Article,
    CountryAlias,
    CountryMention,
    Origin,
    Person,
    PersonAlias,
    PersonMention,
    PersonMerge,
    Quote,
    Status,
)
from tests import factories as f
from tests.admin_support import add_inline_row, form_data, inline_index, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_editor()
    client.force_login(user)
    return user


def last_row(data, prefix: str) -> int:
    return int(data[f"{prefix}-TOTAL_FORMS"]) - 1


def change_url(obj) -> str:
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])


def changelist_url(model) -> str:
    return reverse(f"admin:articles_{model._meta.model_name}_changelist")


# Articles and their inlines


def test_it_adds_a_missing_person_to_an_article_as_an_editors_row(client, editor):
    article, lavrov, _ = f.lavrov_article()
    trump = f.person("Donald Trump")
    data = form_data(client.get(change_url(article)))
    add_inline_row(data, "person_mentions", person=trump.pk, count=1, status=Status.ACTIVE)

    response = client.post(change_url(article), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    added = PersonMention.objects.get(article=article, person=trump)
    assert (added.origin, added.status) == (Origin.EDITOR, Status.ACTIVE)


def test_it_rejects_a_mention_deleted_from_the_article_page_instead_of_deleting_it(client, editor):
    article, lavrov, _ = f.lavrov_article()
    data = form_data(client.get(change_url(article)))
    row = inline_index(data, "person_mentions", "person", lavrov.pk)
    data[f"person_mentions-{row}-DELETE"] = "on"

    response = client.post(change_url(article), data)

    assert response.status_code == 302
    mention = PersonMention.objects.get(article=article, person=lavrov)
    assert (mention.status, mention.origin) == (Status.REJECTED, Origin.EDITOR)


def test_it_rejects_a_quote_and_a_country_deleted_from_the_article_page(client, editor):
    article, _, said = f.lavrov_article()
    data = form_data(client.get(change_url(article)))
    data[f"quotes-{inline_index(data, 'quotes', 'id', said.pk)}-DELETE"] = "on"
    us = f.country("US")
    data[f"country_mentions-{inline_index(data, 'country_mentions', 'country', us.pk)}-DELETE"] = "on"

    assert client.post(change_url(article), data).status_code == 302

    said.refresh_from_db()
    assert said.status == Status.REJECTED
    assert CountryMention.objects.get(article=article, country=us).status == Status.REJECTED


def test_it_leaves_rows_the_editor_did_not_touch_as_machine_rows(client, editor):
    article, lavrov, said = f.lavrov_article()
    data = form_data(client.get(change_url(article)))
    data["title"] = "Pompeo and Lavrov meet in Sochi"

    assert client.post(change_url(article), data).status_code == 302

    article.refresh_from_db()
    assert article.title == "Pompeo and Lavrov meet in Sochi"
    assert set(PersonMention.objects.filter(article=article).values_list("origin", flat=True)) == {Origin.MACHINE}
    said.refresh_from_db()
    assert said.origin == Origin.MACHINE


def test_it_marks_a_mention_whose_count_an_editor_fixed_as_the_editors(client, editor):
    article, lavrov, _ = f.lavrov_article()
    data = form_data(client.get(change_url(article)))
    data[f"person_mentions-{inline_index(data, 'person_mentions', 'person', lavrov.pk)}-count"] = "3"

    assert client.post(change_url(article), data).status_code == 302

    mention = PersonMention.objects.get(article=article, person=lavrov)
    assert (mention.count, mention.origin) == (3, Origin.EDITOR)


def test_it_finds_articles_by_the_people_they_mention_from_the_search_box(client, editor):
    article, _, _ = f.lavrov_article()
    f.article("Weather in Madrid", "Rain again.")

    response = client.get(changelist_url(Article), {"q": "Lavrov"})

    assert list(response.context["cl"].result_list) == [article]


def test_it_searches_articles_with_the_full_text_search_ranked_and_stemmed(client, editor):
    about = f.article("Ceasefire collapses", "Negotiators were negotiating all night.")
    f.person_mention(about, f.person("Sergey Lavrov"), spans=[])
    f.article("Weather in Madrid", "Rain again.")

    by_stem = client.get(changelist_url(Article), {"q": "negotiate"})
    by_person = client.get(changelist_url(Article), {"q": "Lavrov"})

    assert list(by_stem.context["cl"].result_list) == [about]
    assert list(by_person.context["cl"].result_list) == [about]


# Quotes


def test_it_reassigns_a_quote_to_another_speaker(client, editor):
    article, lavrov, said = f.lavrov_article()
    pompeo = Person.objects.get(name="Mike Pompeo")
    data = form_data(client.get(change_url(said)))
    data.update(speaker=pompeo.pk, partial="on")

    response = client.post(change_url(said), data)

    assert response.status_code == 302
    said.refresh_from_db()
    assert (said.speaker, said.partial, said.origin) == (pompeo, True, Origin.EDITOR)


def test_it_offers_speakers_through_autocomplete(client, editor):
    f.lavrov_article()

    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "Lavr", "app_label": "articles", "model_name": "quote", "field_name": "speaker"},
    )

    # With what tells namesakes apart: how many articles, which years.
    assert [r["text"] for r in response.json()["results"]] == ["Sergey Lavrov · 1 article · 2019"]


def test_it_rejects_selected_quotes_with_an_action_and_offers_no_delete(client, editor):
    _, _, said = f.lavrov_article()

    response = client.post(
        changelist_url(Quote), {"action": "reject_selected", "_selected_action": [said.pk]}, follow=True
    )

    said.refresh_from_db()
    assert (said.status, said.origin) == (Status.REJECTED, Origin.EDITOR)
    assert "Rejected 1 row(s)." in [str(m) for m in response.context["messages"]]
    assert "delete_selected" not in dict(response.context["action_form"].fields["action"].choices)
    assert client.get(reverse("admin:articles_quote_delete", args=[said.pk])).status_code == 403


def test_it_stops_finding_an_article_by_a_person_once_an_editor_rejects_the_mention(client, editor):
    article = f.article("Talks resume", "The foreign minister arrived on Monday.")
    mention = f.person_mention(article, f.person("Sergey Lavrov"), spans=[])
    assert list(Article.objects.search("Lavrov")) == [article]

    client.post(changelist_url(PersonMention), {"action": "reject_selected", "_selected_action": [mention.pk]})

    assert list(Article.objects.search("Lavrov")) == []


def test_it_restores_a_rejected_mention_with_an_action(client, editor):
    article, lavrov, _ = f.lavrov_article()
    mention = PersonMention.objects.get(article=article, person=lavrov)
    mention.status = Status.REJECTED
    mention.save()

    client.post(changelist_url(PersonMention), {"action": "restore_selected", "_selected_action": [mention.pk]})

    mention.refresh_from_db()
    assert (mention.status, mention.origin) == (Status.ACTIVE, Origin.EDITOR)


# People


def test_it_adds_and_removes_aliases_from_the_person_page(client, editor):
    lavrov = f.person("Sergey Lavrov", aliases=("Lavroff",))
    wrong = lavrov.aliases.get()
    data = form_data(client.get(change_url(lavrov)))
    data[f"aliases-{inline_index(data, 'aliases', 'id', wrong.pk)}-DELETE"] = "on"
    data[f"aliases-{last_row(data, 'aliases')}-name"] = "Sergei Lavrov"  # the blank row the page offers

    response = client.post(change_url(lavrov), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert list(lavrov.aliases.values_list("name", "origin")) == [("Sergei Lavrov", Origin.EDITOR)]


def test_it_redirects_a_persons_old_page_when_an_editor_changes_the_slug(client, editor):
    person = f.person("Sergei Lavrov")
    old_url = person.get_absolute_url()
    data = {**form_data(client.get(change_url(person))), "name": "Sergey Lavrov", "slug": "sergey-lavrov"}

    assert client.post(change_url(person), data).status_code == 302

    moved = client.get(old_url)
    assert (moved.status_code, moved["Location"]) == (301, "/people/sergey-lavrov/")
    assert client.get("/people/sergey-lavrov/").status_code == 200


def test_it_keeps_the_old_name_as_an_alias_when_an_editor_renames_a_person(client, editor):
    person = f.person("Sergei Lavrov")
    data = {**form_data(client.get(change_url(person))), "name": "Sergey Lavrov"}

    client.post(change_url(person), data)

    person.refresh_from_db()
    assert person.name == "Sergey Lavrov"
    assert list(person.aliases.values_list("name", "origin")) == [("Sergei Lavrov", Origin.EDITOR)]


def test_it_refuses_to_delete_a_person_who_is_mentioned_and_offers_the_merge_instead(client, editor):
    article, lavrov, _ = f.lavrov_article()
    nobody = f.person("Nobody Mentioned")

    refused = client.post(reverse("admin:articles_person_delete", args=[lavrov.pk]), {"post": "yes"})
    allowed = client.post(reverse("admin:articles_person_delete", args=[nobody.pk]), {"post": "yes"})

    assert (refused.status_code, allowed.status_code) == (403, 302)
    assert list(Person.objects.filter(pk__in=[lavrov.pk, nobody.pk])) == [lavrov]
    actions = dict(client.get(changelist_url(Person)).context["action_form"].fields["action"].choices)
    assert "merge_selected" in actions and "delete_selected" not in actions


def test_it_shows_mention_and_quote_counts_in_the_person_list(client, editor):
    f.lavrov_article()
    f.lavrov_article(title="Lavrov again")

    response = client.get(changelist_url(Person))

    counts = {p.name: (p.article_count, p.quote_count) for p in response.context["cl"].result_list}
    assert counts == {"Sergey Lavrov": (2, 2), "Mike Pompeo": (2, 0)}
    assert b'<td class="field-articles">2</td>' in response.content


def test_it_merges_people_after_a_confirmation_page_and_redirects_the_old_page(client, editor):
    lavrov = f.person("Sergey Lavrov", aliases=("Lavrov",))
    duplicate = f.person("Sergei Lavrov")
    article = f.article(body='"No," Sergei Lavrov said.')
    f.person_mention(article, duplicate)
    said = f.quote(article, "No,", duplicate)
    old_url = duplicate.get_absolute_url()
    selected = {"action": "merge_selected", "_selected_action": [lavrov.pk, duplicate.pk]}

    confirmation = client.post(changelist_url(Person), selected)

    assert confirmation.status_code == 200
    assert "admin/articles/person/merge_confirmation.html" in [t.name for t in confirmation.templates]
    assert [(p.name, p.mentions_n, p.quotes_n) for p in confirmation.context["people"]] == [
        ("Sergei Lavrov", 1, 1), ("Sergey Lavrov", 0, 0),
    ]
    assert Person.objects.count() == 2  # nothing happens before the editor confirms

    done = client.post(changelist_url(Person), {**selected, "confirm": "yes", "survivor": lavrov.pk}, follow=True)

    assert "Merged Sergei Lavrov into Sergey Lavrov" in " ".join(str(m) for m in done.context["messages"])
    said.refresh_from_db()
    assert said.speaker == lavrov
    assert PersonMention.objects.get(article=article).person == lavrov
    assert PersonMerge.objects.get().merged_by == editor
    moved = client.get(old_url)
    assert (moved.status_code, moved["Location"]) == (301, lavrov.get_absolute_url())


def test_it_lists_merges_read_only(client, editor):
    survivor, other = f.person("Ana Palacio"), f.person("Ana Palacio Vallelersundi")
    from articles.merging import merge_people

    merge_people(survivor, [other], editor)

    response = client.get(changelist_url(PersonMerge))
    assert response.status_code == 200
    assert b"Ana Palacio Vallelersundi" in response.content
    record = PersonMerge.objects.get()
    assert client.get(reverse("admin:articles_personmerge_add")).status_code == 403
    assert client.post(reverse("admin:articles_personmerge_delete", args=[record.pk]), {"post": "yes"}).status_code == 403
    assert PersonMerge.objects.count() == 1


# Countries


def test_it_adds_a_country_alias_from_the_country_page_without_changing_the_country(client, editor):
    nz = f.country("NZ")
    data = form_data(client.get(change_url(nz)))
    extra = last_row(data, "aliases")  # the blank row the page offers
    data[f"aliases-{extra}-name"] = "Aotearoans"
    data[f"aliases-{extra}-kind"] = "demonym"
    data["name"] = "Renamed"

    response = client.post(change_url(nz), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    nz.refresh_from_db()
    assert nz.name == "New Zealand"
    alias = CountryAlias.objects.get(name="Aotearoans")
    assert (alias.country, alias.origin) == (nz, Origin.EDITOR)


def test_it_adds_a_person_alias_from_the_alias_list(client, editor):
    lavrov = f.person("Sergey Lavrov")

    response = client.post(
        reverse("admin:articles_personalias_add"), {"person": lavrov.pk, "name": "Minister Lavrov"}
    )

    assert response.status_code == 302
    assert PersonAlias.objects.get(name="Minister Lavrov").origin == Origin.EDITOR

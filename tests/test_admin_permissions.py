"""Who may use the editors' desk: staff only, editors correct data but manage
no users or groups, and CSRF protection stays on."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from articles.models import Person
from tests import factories as f
from tests.admin_support import PASSWORD, form_data, make_editor

pytestmark = pytest.mark.django_db

EDITORS_PERMISSIONS = {
    f"articles.{action}_{model}"
    for model in ("article", "person", "personalias", "personmention", "countrymention", "quote", "countryalias", "personredirect")
    for action in ("add", "change", "delete", "view")
} | {"articles.view_country", "articles.view_personmerge", "articles.view_job"}


def login_redirect(url: str) -> str:
    return f"{reverse('admin:login')}?next={url}"


@pytest.mark.parametrize("url_name", ["admin:index", "admin:articles_article_changelist", "admin:articles_person_changelist"])
def test_it_sends_anonymous_visitors_to_the_login_page(client, url_name):
    url = reverse(url_name)

    response = client.get(url)

    assert (response.status_code, response["Location"]) == (302, login_redirect(url))


def test_it_refuses_a_signed_in_user_who_is_not_staff(client):
    reader = User.objects.create_user("reader", password=PASSWORD)
    client.force_login(reader)
    article, _, _ = f.lavrov_article()
    url = reverse("admin:articles_article_change", args=[article.pk])

    response = client.get(url)
    posted = client.post(url, {"title": "Defaced"})

    assert (response.status_code, response["Location"]) == (302, login_redirect(url))
    assert posted.status_code == 302
    article.refresh_from_db()
    assert article.title == "Pompeo meets Lavrov in Sochi"


def test_it_gives_editors_exactly_the_permissions_to_correct_data():
    editors = Group.objects.get(name="Editors")
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in editors.permissions.select_related("content_type")}
    assert granted == EDITORS_PERMISSIONS


def test_it_lets_an_editor_open_every_page_of_the_desk(client):
    client.force_login(make_editor())
    article, lavrov, said = f.lavrov_article()
    pages = [
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_person_change", args=[lavrov.pk]),
        reverse("admin:articles_person_history", args=[lavrov.pk]),
        reverse("admin:articles_quote_change", args=[said.pk]),
        reverse("admin:articles_country_change", args=[f.country("RU").pk]),
        reverse("admin:articles_personmerge_changelist"),
        reverse("admin:articles_countryalias_add"),
    ]
    assert {url: client.get(url).status_code for url in pages} == {url: 200 for url in pages}


@pytest.mark.parametrize(
    "url_name", ["admin:auth_user_changelist", "admin:auth_group_changelist", "admin:auth_user_add", "admin:auth_group_add"]
)
def test_it_keeps_editors_out_of_user_and_group_management(client, url_name):
    client.force_login(make_editor())

    assert client.get(reverse(url_name)).status_code == 403


def test_it_does_not_let_an_editor_make_themself_a_superuser(client):
    editor = make_editor()
    client.force_login(editor)

    response = client.post(
        reverse("admin:auth_user_change", args=[editor.pk]), {"username": "editor", "is_superuser": "on"}
    )

    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_it_does_not_let_an_editor_rename_a_country(client):
    client.force_login(make_editor())
    russia = f.country("RU")
    url = reverse("admin:articles_country_change", args=[russia.pk])

    page = client.get(url)

    assert "name" not in page.context["adminform"].form.fields
    client.post(url, {**form_data(page), "name": "Elsewhere"})
    russia.refresh_from_db()
    assert russia.name == "Russia"


def test_it_keeps_csrf_protection_on_admin_forms():
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(make_editor())
    lavrov = f.person("Sergey Lavrov")
    url = reverse("admin:articles_person_change", args=[lavrov.pk])
    page = csrf_client.get(url)
    data = {**form_data(page), "name": "Sergey V. Lavrov"}

    refused = csrf_client.post(url, data)
    accepted = csrf_client.post(url, {**data, "csrfmiddlewaretoken": page.context["csrf_token"]})

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert Person.objects.get(pk=lavrov.pk).name == "Sergey V. Lavrov"


def test_it_keeps_csrf_protection_on_the_merge_action():
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(make_editor())
    a, b = f.person("Ana Palacio"), f.person("Ana Palacio V.")

    response = csrf_client.post(
        reverse("admin:articles_person_changelist"),
        {"action": "merge_selected", "_selected_action": [a.pk, b.pk], "confirm": "yes", "survivor": a.pk},
    )

    assert response.status_code == 403
    assert Person.objects.count() == 2

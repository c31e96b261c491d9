"""Requests a careless or hostile visitor can make, and a database that is not
there: never a 500, never a traceback, one clear answer."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories as f
from tests.admin_support import PASSWORD, make_editor
from tests.factories import fresh_cache  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "url",
    [
        "/countries/%00/",
        "/countries/a%00/",
        "/people/a%00b/",
        "/articles/a%00b/",
        "/%00",
    ],
)
def test_it_answers_400_for_a_nul_byte_in_a_public_address(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


@pytest.mark.parametrize("url", ["/articles/?q=%00&page=%00", "/articles/?person=%00&country=f%00r", "/quotes/?speaker=a%00", "/people/?q=%00"])
def test_it_ignores_a_nul_byte_in_a_public_query_string_with_a_notice(client, url):
    f.lavrov_article()
    response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/autocomplete/?term=%00&app_label=articles&model_name=quote&field_name=speaker",
        "/admin/articles/article/?source=%00",
        "/admin/articles/person/?q=%00",
    ],
)
def test_it_answers_400_for_a_nul_byte_in_an_admin_address(client, url):
    client.force_login(make_editor())
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("selected", ["\x00", "abc", "1 OR 1=1"])
def test_it_answers_400_for_an_admin_action_on_rows_that_are_not_ids(client, selected):
    client.force_login(make_editor())
    article = f.article("Kept")
    response = client.post(
        "/admin/articles/article/", {"action": "extract_again", "_selected_action": [str(article.pk), selected]}
    )
    assert response.status_code == 400


def test_it_still_serves_a_query_that_only_spells_percent_zero_zero(client):
    assert client.get("/articles/", {"q": "%00"}).status_code == 200


def test_it_answers_a_404_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/no/such/page/")
    assert response.status_code == 404 and "Not found" in response.content.decode()


def test_it_shows_the_first_page_for_a_negative_page_number(client):
    for n in range(25):
        f.article(f"Article {n:02}", published=date(2019, 1, 1 + n))
    page = client.get("/articles/", {"page": "-1"}).content.decode()
    assert "showing the first page" in page
    assert "Article 24" in page and "Article 00" not in page  # newest first: page 1


def test_it_lists_dated_articles_before_undated_ones(client):
    """PostgreSQL sorts NULL first in a descending order unless told otherwise;
    SQLite sorts it last: this matters on PostgreSQL (run the suite there)."""
    f.article("Undated talks", published=None)
    f.article("Dated talks", published=date(2019, 5, 14))
    for url in ("/", "/articles/"):
        page = client.get(url).content.decode()
        assert page.index("Dated talks") < page.index("Undated talks"), url


def test_it_sends_a_login_with_a_refused_next_to_the_desk(client):
    make_editor()
    response = client.post(
        reverse("admin:login") + "?next=https://elsewhere.example/",
        {"username": "editor", "password": PASSWORD, "next": "https://elsewhere.example/"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("url", ["/", "/articles/", "/no/such/page/", "/admin/login/"])
def test_it_sends_a_content_security_policy_and_a_permissions_policy(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


# The database is not there --------------------------------------------------

UNREACHABLE = {
    "postgres": ("postgres://postgres@127.0.0.1:1/newsapp_gone", "Database newsapp_gone (postgresql at 127.0.0.1:1): "),
    "sqlite": ("sqlite:////nonexistent-directory/db.sqlite3", "Database /nonexistent-directory/db.sqlite3 (sqlite3): "),
}


@pytest.mark.parametrize("database", sorted(UNREACHABLE))
@pytest.mark.parametrize(
    "command",
    [
        ["extract", "seeds/000_e16e98646cb8484a.txt", "--json"],
        ["ingest", "seeds", "--workers", "1"],
        ["refresh_derived"],
        ["migrate"],
    ],
    ids=lambda command: command[0] if isinstance(command, list) else command,
)
def test_it_says_in_one_line_which_database_it_cannot_use(command, database):
    url, prefix = UNREACHABLE[database]
    finished = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT, env={**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": url},
        capture_output=True, text=True, timeout=120,
    )
    assert finished.returncode != 0
    [line] = finished.stderr.strip().splitlines()
    assert line.startswith(prefix) and len(line) > len(prefix)
    assert finished.stdout == ""

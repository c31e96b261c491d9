"""Read replicas (DATABASE_REPLICA_URLS): the public pages read from a replica,
writes and the editors' desk use the primary. The replica here is a second
database alias pointing at the same server and database, so every query is
real and each alias's queries can be counted."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Person
from newsapp.routers import ReplicaRouter, _public_read
from tests import factories as f
from tests.admin_support import make_editor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def replica():
    """A 'replica' alias on the primary's (test) database, added for this test."""
    connections.settings["replica"] = {**connections["default"].settings_dict}
    # Connected here, directly: the test case only lets aliases it knew at its
    # start open a connection lazily, and this one is added after.
    connections["replica"].connect()
    try:
        with override_settings(REPLICA_DATABASES=["replica"]):
            yield connections["replica"]
    finally:
        connections["replica"].close()
        del connections["replica"]
        del connections.settings["replica"]


def count_queries(client, url):
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections["replica"]) as copy:
        response = client.get(url)
    assert response.status_code == 200
    return len(primary.captured_queries), len(copy.captured_queries)


def test_it_reads_the_public_pages_from_the_replica(client, replica):
    article, person, _ = f.lavrov_article()

    for url in ["/", article.get_absolute_url(), person.get_absolute_url(), reverse("articles:article_list") + "?q=Lavrov"]:
        on_primary, on_replica = count_queries(client, url)
        assert on_replica > 0 and on_primary == 0, url


def test_it_keeps_the_desk_on_the_primary(client, replica):
    article, _, _ = f.lavrov_article()
    client.force_login(make_editor())

    for url in [reverse("admin:articles_article_changelist"), reverse("admin:articles_article_change", args=[article.pk])]:
        on_primary, on_replica = count_queries(client, url)
        assert on_primary > 0 and on_replica == 0, url


def test_it_writes_to_the_primary_even_a_row_read_from_the_replica(replica):
    f.person("Sergey Lavrov")
    token = _public_read.set(True)
    try:
        person = Person.objects.get(name="Sergey Lavrov")
    finally:
        _public_read.reset(token)
    assert person._state.db == "replica"

    person.name = "Sergei Lavrov"
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections["replica"]) as copy:
        person.save()

    assert any(q["sql"].startswith("UPDATE") for q in primary.captured_queries)
    assert not any(q["sql"].startswith("UPDATE") for q in copy.captured_queries)


def test_it_uses_the_primary_outside_a_public_request(replica):
    router = ReplicaRouter()
    assert router.db_for_read(Article) is None  # commands, workers: the primary
    token = _public_read.set(True)
    try:
        assert router.db_for_read(Article) == "replica"
        assert router.db_for_read(make_editor().__class__) is None  # sessions and users stay on the primary
    finally:
        _public_read.reset(token)
    assert router.allow_migrate("replica", "articles") is False and router.allow_migrate("default", "articles") is True

"""Background jobs in this process: what a chunk carries, running a chunk
exactly once, two workers meeting on the same new person, the commands and the
desk. (tests/test_queue_workers.py runs the real queue with real workers.)"""

from __future__ import annotations

import datetime
import threading
import time
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse

from articles import jobs
from articles.extraction import extract, parse_article
from articles.lookups import load_lookups
from articles.models import Article, Job, JobChunk, Person, PersonMention
from articles.sources import Source
from articles.text import normalise_alias
from tests import factories as f
from tests.admin_support import make_editor
from tests.queue_support import BROKER, on_postgresql, require_redis

pytestmark = pytest.mark.django_db

ENVOY = """Envoy Marisol Quenby visits Oslo

Marisol Quenby, the trade envoy, arrived in Oslo on Tuesday for talks on fishing rights.

"We want an agreement this year," Marisol Quenby told reporters.
"""

TALKS = """Fishing talks resume in Bergen

Negotiators met in Bergen on Thursday as the talks on fishing rights resumed.

Marisol Quenby said the two sides were close to an agreement.
"""


def source(text: str, label: str) -> Source:
    return Source(label=label, parsed=parse_article(text), ingested_from=f"/wire/{label}", path_identity=f"/wire/{label}")


def payload(*sources: Source) -> dict:
    return {"options": {}, "sources": [jobs.source_to_json(s) for s in sources]}


def queued_job(chunks: int = 1) -> Job:
    return Job.objects.create(kind=Job.Kind.INGEST, chunks_total=chunks, total=0)


def test_it_carries_a_source_through_json_unchanged():
    original = Source(
        label="wire.jsonl:3",
        parsed=parse_article("Title: A title\nDate: 2024-03-05\nSource: Wire\nURL: https://example.org/a\n\nA title\n\nOne.\n\nTwo."),
        external_id="a-3",
        ingested_from="/data/wire.jsonl:3",
        notice="read as Windows-1252",
    )
    assert original.parsed.published == datetime.date(2024, 3, 5)

    assert jobs.source_from_json(jobs.source_to_json(original)) == original


def test_it_runs_a_chunk_once_however_often_the_queue_delivers_it(nlp):
    job = queued_job()
    chunk = payload(source(ENVOY, "envoy.txt"), source(TALKS, "talks.txt"))

    first = jobs.run_chunk(job.pk, 0, chunk, nlp=nlp)
    again = jobs.run_chunk(job.pk, 0, chunk, nlp=nlp)

    assert first is not None and again is None
    job.refresh_from_db()
    assert (job.state, job.created, job.unchanged, job.failed, job.chunks_done) == ("done", 2, 0, 0, 1)
    assert job.started_at <= job.finished_at
    assert Article.objects.count() == 2 and JobChunk.objects.get().size == 2
    quenby = Person.objects.get(name="Marisol Quenby")
    assert quenby.created_as == "marisol quenby"
    assert PersonMention.objects.filter(person=quenby).count() == 2


def test_it_counts_unreadable_inputs_as_failed_at_the_check_and_queues_the_rest():
    require_redis()
    import redis

    queue, errors = f"test-check-{uuid.uuid4().hex[:8]}", []
    try:
        with override_settings(CELERY_BROKER_URL=BROKER, CELERY_TASK_DEFAULT_QUEUE=queue):
            job = jobs.enqueue_sources(
                [source(ENVOY, "a.txt"), Source(label="b.txt", error="empty: no article text"), source(TALKS, "c.txt")],
                "test", chunk_size=1, on_error=errors.append,
            )
        assert redis.Redis.from_url(BROKER).llen(queue) == 2  # one chunk per readable article
    finally:
        redis.Redis.from_url(BROKER).delete(queue)
    assert errors == ["b.txt: empty: no article text"]
    assert (job.total, job.chunks_total, job.failed, job.state) == (3, 2, 1, "queued")
    assert job.all_errors() == [("b.txt", "empty: no article text")]


def test_it_refuses_to_queue_without_a_broker_and_queues_nothing(tmp_path):
    (tmp_path / "a.txt").write_text(ENVOY)
    with override_settings(CELERY_BROKER_URL=""), pytest.raises(CommandError) as raised:
        call_command("ingest", str(tmp_path), "--queue", stdout=StringIO(), stderr=StringIO())
    assert str(raised.value) == "no queue configured (CELERY_BROKER_URL is empty); nothing was queued"
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--queue", "--dry-run"], "--dry-run cannot be queued: run it without --queue"),
        (["--queue", "--chunk-size", "0"], "--chunk-size must be at least 1"),
        (["--chunk-size", "5"], "--chunk-size goes with --queue"),
    ],
)
def test_it_refuses_options_that_do_not_go_with_the_queue(tmp_path, args, message):
    (tmp_path / "a.txt").write_text(ENVOY)
    with override_settings(CELERY_BROKER_URL=BROKER), pytest.raises(CommandError) as raised:
        call_command("ingest", str(tmp_path), *args, stdout=StringIO(), stderr=StringIO())
    assert str(raised.value) == message
    assert not Job.objects.exists()


def test_it_says_in_one_line_when_the_broker_does_not_answer(tmp_path):
    (tmp_path / "a.txt").write_text(ENVOY)
    with override_settings(CELERY_BROKER_URL="redis://:secret@127.0.0.1:9/0"), pytest.raises(CommandError) as raised:
        call_command("ingest", str(tmp_path), "--queue", stdout=StringIO(), stderr=StringIO())
    message = str(raised.value)
    assert message.startswith("cannot reach the queue at redis://***@127.0.0.1:9/0") and "\n" not in message
    assert "secret" not in message
    assert not Job.objects.exists()


def test_it_lists_jobs_and_shows_one(nlp):
    job = queued_job()
    jobs.run_chunk(job.pk, 0, payload(source(ENVOY, "envoy.txt")), nlp=nlp)
    listing, shown = StringIO(), StringIO()

    call_command("jobs", stdout=listing)
    call_command("jobs", str(job.pk), stdout=shown)

    assert f"{job.pk:>6}  Ingest        done" in listing.getvalue()
    assert shown.getvalue().startswith(f"Job {job.pk} (Ingest, done, 1/1 chunks): 1 created, 0 updated, 0 unchanged, 0 failed in ")
    with pytest.raises(CommandError, match="no job 999999"):
        call_command("jobs", "999999", stdout=StringIO())


def test_it_exits_non_zero_for_a_job_with_failed_articles():
    job = Job.objects.create(kind=Job.Kind.INGEST, state=Job.State.DONE, chunks_total=0, failed=1, errors=[["b.txt", "empty"]])
    err = StringIO()
    with pytest.raises(CommandError, match="1 article\\(s\\) failed"):
        call_command("jobs", str(job.pk), stdout=StringIO(), stderr=err)
    assert err.getvalue() == "b.txt: empty\n"


@pytest.mark.skipif("not on_postgresql()", reason="two writers at once need PostgreSQL; SQLite serialises writers")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_makes_one_person_when_two_workers_create_the_same_new_person_at_once(nlp):
    """Another worker has inserted Marisol Quenby and not committed yet: this
    worker's insert waits on the unique key, fails once the other commits, and
    its retry finds the other worker's row."""
    found = extract(parse_article(ENVOY), nlp, load_lookups()).people
    assert "Marisol Quenby" in [person.name for person in found]
    job = queued_job()
    inserted, results = threading.Event(), {}

    def other_worker():
        try:
            with transaction.atomic():
                results["other"] = Person.objects.create(name="Marisol Quenby", slug="quenby-other", created_as="marisol quenby").pk
                inserted.set()
                time.sleep(3)  # this worker is now blocked on the key
        finally:
            connection.close()

    def this_worker():
        try:
            inserted.wait(10)
            results["chunk"] = jobs.run_chunk(job.pk, 0, payload(source(ENVOY, "envoy.txt")), nlp=nlp)
        finally:
            connection.close()

    threads = [threading.Thread(target=other_worker), threading.Thread(target=this_worker)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert list(Person.objects.filter(name="Marisol Quenby").values_list("pk", flat=True)) == [results["other"]]
    assert PersonMention.objects.get(article__title__startswith="Envoy").person_id == results["other"]
    assert results["chunk"].attempts == 2  # the first run of its writes met the other worker's row
    assert Job.objects.get(pk=job.pk).created == 1


def test_it_frees_the_creation_key_when_a_person_is_renamed():
    person = f.person("Marisol Quenby", created_as="marisol quenby")
    person.name = "Marisol A. Quenby"
    person.save()
    assert Person.objects.get(pk=person.pk).created_as is None
    assert normalise_alias("Marisol Quenby") == "marisol quenby"


# ---------------------------------------------------------------------------
# The desk


def extract_again(client, *articles):
    return client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "extract_again", "_selected_action": [a.pk for a in articles]},
        follow=True,
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_it_queues_extract_again_as_a_job_when_a_broker_is_configured(client):
    require_redis()
    import redis

    client.force_login(make_editor())
    articles = [f.article(), f.article()]
    queue = f"test-desk-{uuid.uuid4().hex[:8]}"
    try:
        with override_settings(CELERY_BROKER_URL=BROKER, CELERY_TASK_DEFAULT_QUEUE=queue):
            response = extract_again(client, *articles)
        job = Job.objects.get()
        assert (job.kind, job.state, job.total, job.chunks_total, job.requested_by.username) == ("reextract", "queued", 2, 1, "editor")
        url = reverse("admin:articles_job_change", args=[job.pk])
        assert messages_of(response) == [f'Queued job <a href="{url}">{job.pk}</a> to extract 2 article(s) again; the workers will do it.']
        assert redis.Redis.from_url(BROKER).llen(queue) == 1  # the chunk waits for a worker
        job_page = client.get(reverse("admin:articles_job_change", args=[job.pk]))
        assert job_page.status_code == 200 and "0/2" in job_page.content.decode()
    finally:
        redis.Redis.from_url(BROKER).delete(queue)


def test_it_says_so_when_the_broker_does_not_answer_and_queues_nothing(client):
    client.force_login(make_editor())
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:9/0"):
        response = extract_again(client, f.article())
    assert response.status_code == 200
    (message,) = messages_of(response)
    assert message.startswith("Nothing was queued: cannot reach the queue at redis://127.0.0.1:9/0")
    assert not Job.objects.exists()


def test_it_extracts_again_in_the_request_only_when_no_queue_is_configured(client, nlp):
    client.force_login(make_editor())
    article = f.article(title="Envoy visits Oslo", paragraphs=["Marisol Quenby arrived in Oslo on Tuesday."])
    with override_settings(CELERY_BROKER_URL=""):
        response = extract_again(client, article)
    assert messages_of(response) == [
        "Extracted again: 0 created, 0 updated, 0 unchanged, 1 re-extracted, 0 failed in "
        + messages_of(response)[0].split(" in ", 1)[1]
    ]
    assert messages_of(response)[0].endswith("(No queue is configured, so it ran in this request.)")
    assert not Job.objects.exists()


def test_it_shows_jobs_read_only_to_editors(client):
    client.force_login(make_editor())
    job = Job.objects.create(kind=Job.Kind.INGEST, state=Job.State.DONE, chunks_total=1, total=3, created=2, failed=1,
                             errors=[["wire.jsonl:2", "not valid JSON"]])
    listing = client.get(reverse("admin:articles_job_changelist"))
    page = client.get(reverse("admin:articles_job_change", args=[job.pk]))
    assert listing.status_code == 200 and "3/3" in listing.content.decode()
    assert page.status_code == 200 and "wire.jsonl:2: not valid JSON" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert client.post(reverse("admin:articles_job_delete", args=[job.pk])).status_code == 403


@pytest.mark.skipif("not on_postgresql()", reason="two writers at once need PostgreSQL; SQLite serialises writers")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_keeps_an_editors_correction_saved_while_a_worker_extracts_the_article_again(nlp):
    """The editor saves while the worker is between reading the article's rows
    and writing them: the worker waits for the editor and leaves the row alone."""
    jobs.run_chunk(queued_job().pk, 0, payload(source(ENVOY, "envoy.txt")), nlp=nlp)
    mention = PersonMention.objects.get(person__name="Marisol Quenby")
    PersonMention.objects.filter(pk=mention.pk).update(count=99)  # a machine row the re-run would put right
    again = Job.objects.create(kind=Job.Kind.REEXTRACT, chunks_total=1, total=1)
    saved, results = threading.Event(), {}

    def editor():
        try:
            with transaction.atomic():
                row = PersonMention.objects.get(pk=mention.pk)
                row.count = 7
                row.mark_edited()
                row.save()
                saved.set()
                time.sleep(4)  # the worker reads and writes meanwhile
        finally:
            connection.close()

    def worker():
        try:
            saved.wait(10)
            results["chunk"] = jobs.run_chunk(again.pk, 0, {"articles": [mention.article_id]}, nlp=nlp)
        finally:
            connection.close()

    threads = [threading.Thread(target=editor), threading.Thread(target=worker)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    mention.refresh_from_db()
    assert (mention.count, mention.origin) == (7, "editor")
    assert results["chunk"].reextracted == 1

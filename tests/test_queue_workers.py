"""The queue for real: `manage.py ingest --queue` into the real Redis, real
`celery -A newsapp worker` processes extracting with the real spaCy model and
writing to a real database (PostgreSQL when the suite runs on it, where two
workers write at once; SQLite runs one worker, its writes being serialised).

Skipped, saying why, when Redis does not answer; .ci/run starts it."""

from __future__ import annotations

import os
import signal
import time

import pytest

from articles.text import normalise_alias
from tests.queue_support import VISIBILITY_TIMEOUT, QueueDatabase, Worker, on_postgresql, require_redis, short_articles, write_jsonl

pytestmark = pytest.mark.queue


@pytest.fixture
def queue_db(tmp_path, request):
    require_redis()
    database = QueueDatabase(tmp_path, request.node.name.removeprefix("test_it_")[:20])
    workers: list[Worker] = []
    database.start_worker = lambda name, **kw: workers.append(Worker(database, name, tmp_path / f"{name}.log", **kw)) or workers[-1]
    yield database
    for worker in workers:
        worker.stop()
    database.drop()


def duplicate_people(database: QueueDatabase) -> list[str]:
    """People sharing a normalised name: two rows for one human."""
    seen, duplicates = set(), []
    for (name,) in database.query("SELECT name FROM articles_person"):
        key = normalise_alias(name)
        if key in seen:
            duplicates.append(name)
        seen.add(key)
    return duplicates


def test_it_ingests_200_articles_through_the_queue_and_a_second_enqueue_changes_nothing(queue_db, tmp_path):
    inputs = write_jsonl(tmp_path / "wire.jsonl", short_articles(200))
    names = ["w1", "w2"] if on_postgresql() else ["w1"]
    for name in names:
        queue_db.start_worker(name)

    started = time.monotonic()
    job_id = queue_db.enqueue(str(inputs), "--chunk-size", "10")
    returned_after = time.monotonic() - started
    job = queue_db.wait_for(job_id)

    assert (job["total"], job["chunks_total"], job["chunks_done"]) == (200, 20, 20)
    assert (job["created"], job["updated"], job["unchanged"], job["failed"]) == (200, 0, 0, 0)
    counts = queue_db.counts()
    assert counts["articles"] == 200
    assert counts["people"] >= 10 and counts["person_mentions"] >= 200 and counts["quotes"] >= 100
    assert duplicate_people(queue_db) == []
    assert queue_db.query("SELECT COUNT(*) FROM articles_person WHERE created_as IS NULL")[0][0] == 0
    workers_used = {row[0].split("@")[0] for row in queue_db.query(f"SELECT DISTINCT worker FROM articles_jobchunk WHERE job_id = {job_id}")}
    assert workers_used == set(names)  # both workers took chunks
    # The command returned long before the work was done: it only queued it.
    assert returned_after < 60

    again = queue_db.enqueue(str(inputs), "--chunk-size", "10")
    second = queue_db.wait_for(again)

    assert (second["created"], second["updated"], second["unchanged"], second["failed"]) == (0, 0, 200, 0)
    assert queue_db.counts() == counts
    follow = queue_db.manage("jobs", str(again))
    assert f"Job {again} (Ingest, done, 20/20 chunks): 0 created, 0 updated, 200 unchanged, 0 failed" in follow.stdout


FAULT_ARTICLES = 40


@pytest.fixture(scope="module")
def fault_inputs(tmp_path_factory):
    """The fault tests' inputs and what a clean run of them holds: the same
    file through the local, in-process ingestion, into a database of its own."""
    require_redis()
    directory = tmp_path_factory.mktemp("fault")
    inputs = write_jsonl(directory / "wire.jsonl", short_articles(FAULT_ARTICLES, start=500))
    clean = QueueDatabase(directory, "clean_reference")
    try:
        clean.manage("ingest", str(inputs), "--workers", "1")
        expected = clean.counts()
    finally:
        clean.drop()
    assert expected["articles"] == FAULT_ARTICLES
    return inputs, expected


def test_it_redoes_a_chunk_whose_pool_process_was_killed_and_ends_as_a_clean_run_does(queue_db, fault_inputs):
    inputs, expected = fault_inputs
    worker = queue_db.start_worker("w1")
    job_id = queue_db.enqueue(str(inputs), "--chunk-size", "4")
    queue_db.wait_for(job_id, until=lambda job: job["chunks_done"] >= 2)
    (child,) = worker.pool_children()

    os.kill(child, signal.SIGKILL)  # the pool process running a chunk, mid-way: the worker hands the chunk back
    killed_at = queue_db.job(job_id)
    job = queue_db.wait_for(job_id)

    assert killed_at["chunks_done"] < 10  # it was killed with work left
    assert "signal 9" in worker.output()
    assert_clean(queue_db, job_id, job, expected)


def test_it_redoes_the_chunk_of_a_worker_killed_outright_and_ends_as_a_clean_run_does(queue_db, fault_inputs):
    """The whole worker vanishes (a machine lost): its chunk waits in Redis's
    unacknowledged set until the visibility timeout, then another worker takes it."""
    inputs, expected = fault_inputs
    first = queue_db.start_worker("w1", pool="solo")  # one process: the one running the chunk
    job_id = queue_db.enqueue(str(inputs), "--chunk-size", "4")
    queue_db.wait_for(job_id, until=lambda job: job["chunks_done"] >= 2)

    first.process.send_signal(signal.SIGKILL)
    first.process.wait()
    killed_at = queue_db.job(job_id)
    time.sleep(VISIBILITY_TIMEOUT + 1)
    second = queue_db.start_worker("w2", pool="solo")
    job = queue_db.wait_for(job_id)

    assert killed_at["chunks_done"] < 10
    assert_clean(queue_db, job_id, job, expected)
    workers = {row[0].split("@")[0] for row in queue_db.query(f"SELECT DISTINCT worker FROM articles_jobchunk WHERE job_id = {job_id}")}
    assert workers == {"w1", "w2"}


def assert_clean(queue_db, job_id, job, expected) -> None:
    """The database holds what a clean run holds, and the job counted each article once."""
    assert (job["created"], job["unchanged"], job["failed"], job["chunks_done"]) == (FAULT_ARTICLES, 0, 0, 10)
    assert queue_db.counts() == expected
    assert duplicate_people(queue_db) == []
    sizes = queue_db.query(f"SELECT SUM(size), COUNT(*) FROM articles_jobchunk WHERE job_id = {job_id}")[0]
    assert tuple(sizes) == (FAULT_ARTICLES, 10)

"""Background jobs: ingestion and re-extraction split into chunks on a Celery
queue (Redis), run by workers on any number of machines, written through the
same ingestion service as a local run (articles/ingest.py).

What a chunk carries: the articles themselves (parsed, as JSON), not file paths
and line ranges. A worker then needs no view of the files the command read (no
shared disk between machines), and what it writes is exactly what the command
checked. The cost is the text travelling through Redis: about 2.4 KB per
article of the corpus once compressed (6.4 KB as JSON), so a million-article
archive queued at once asks Redis for some 2.4 GB; queue such an archive a part
at a time (see the README).

Exactly once, whatever the queue does. The queue delivers a chunk at least once
(acks_late: a worker that dies mid-chunk hands it back). A chunk's writes, its
JobChunk row and its counts on the Job commit in one transaction, so a chunk
killed mid-way leaves nothing, and a chunk delivered again after it committed
finds its JobChunk row and does nothing. Two workers on the same chunk at once
(a redelivery while the first still runs) meet on the JobChunk key: the second
rolls back and finds the chunk done.

Workers meeting each other. Each worker resolves people against the people
known when its chunk began. Two workers creating the same new person, or
articles with the same slug, meet on a unique key (Person.created_as,
Article.slug...): the second to write gets an IntegrityError (PostgreSQL waits
for the first to commit), its chunk's writes roll back and are run again, and
the people index, read afresh, now holds the first worker's row. Deadlocks
between workers are retried the same way. The extraction (spaCy, the costly
part) is kept across these retries: only the writes run again.
"""

from __future__ import annotations

import datetime
import logging
import random
import socket
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict

from django.conf import settings
from django.db import IntegrityError, OperationalError, close_old_connections, transaction
from django.db.models import F
from django.utils import timezone

from typing import TYPE_CHECKING

from articles.models import Article, Job, JobChunk
from articles.models.jobs import COUNTS, MAX_ERRORS
from articles.planner import refresh_statistics

if TYPE_CHECKING:
    from articles import ingest
    from articles.sources import Source

# Ingestion (and through it spaCy) is imported by the functions that run in a
# worker, never at import: the web process queues "Extract again" without it.

log = logging.getLogger(__name__)

# A chunk is spaCy's batch and one transaction: 10 articles ran at 0.73x the local pool's speed
# with one process, 50 at 0.97x (tests/bench/bench_queue.py); a redelivery redoes at most this many.
DEFAULT_CHUNK_SIZE = 50
# Runs of a chunk's writes when they meet another worker's; the last run
# records such an article as failed instead of retrying.
WRITE_ATTEMPTS = 4


class QueueUnavailable(Exception):
    """No broker configured, or the broker cannot be reached."""


# ---------------------------------------------------------------------------
# The broker


def queue_configured() -> bool:
    return bool(settings.CELERY_BROKER_URL)


def connect_broker():
    """A connection to the broker, checked now; QueueUnavailable (one line) if
    there is none. Read from the settings at each call, not once per process."""
    if not queue_configured():
        raise QueueUnavailable("no queue configured (CELERY_BROKER_URL is empty)")
    from newsapp.celery import app

    connection = app.connection_for_write(settings.CELERY_BROKER_URL)
    try:
        connection.ensure_connection(max_retries=1, timeout=5)
    except Exception as error:  # kombu raises several kinds; all mean the same here
        connection.release()
        raise QueueUnavailable(f"cannot reach the queue at {redacted(settings.CELERY_BROKER_URL)}: {error}") from error
    return connection


def redacted(url: str) -> str:
    """The broker URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
    return url


# ---------------------------------------------------------------------------
# What travels in a chunk


def source_to_json(source: Source) -> dict:
    parsed = asdict(source.parsed)
    parsed["published"] = source.parsed.published.isoformat() if source.parsed.published else None
    return {
        "label": source.label,
        "parsed": parsed,
        "external_id": source.external_id,
        "ingested_from": source.ingested_from,
        "path_identity": source.path_identity,
        "notice": source.notice,
    }


def source_from_json(data: dict) -> Source:
    from articles.extraction.types import ParsedArticle
    from articles.sources import Source

    parsed = dict(data["parsed"])
    parsed["published"] = datetime.date.fromisoformat(parsed["published"]) if parsed["published"] else None
    parsed["paragraphs"] = tuple(parsed["paragraphs"])
    return Source(
        label=data["label"],
        parsed=ParsedArticle(**parsed),
        external_id=data["external_id"],
        ingested_from=data["ingested_from"],
        path_identity=data["path_identity"],
        notice=data["notice"],
    )


# ---------------------------------------------------------------------------
# Enqueueing


class Enqueuer:
    """Creates a Job and sends its chunks as they fill; `finish` says how many
    there were, and the job ends when workers have done that many."""

    def __init__(self, kind: str, description: str, chunk_size: int = DEFAULT_CHUNK_SIZE, options: dict | None = None, user=None):
        self.connection = connect_broker()
        self.job = Job.objects.create(kind=kind, description=description[:10_000], requested_by=user)
        self.chunk_size = chunk_size
        self.options = options or {}
        self.chunks = 0
        self.total = 0
        self.rejected = 0
        self.errors: list[list[str]] = []
        self._pending: list = []

    def add(self, item) -> None:
        self.total += 1
        self._pending.append(item)
        if len(self._pending) >= self.chunk_size:
            self._send()

    def reject(self, label: str, reason: str) -> None:
        """An input that failed the checks: counted as failed, never queued."""
        self.total += 1
        self.rejected += 1
        self.errors.append([label, reason])

    def _send(self) -> None:
        from newsapp.celery import app

        payload = {"options": self.options}
        if self.job.kind == Job.Kind.INGEST:
            payload["sources"] = [source_to_json(source) for source in self._pending]
        else:
            payload["articles"] = self._pending
        # By name: the task's module (articles/tasks.py) imports this one.
        app.send_task(
            "articles.run_chunk", (self.job.pk, self.chunks, payload),
            connection=self.connection, queue=settings.CELERY_TASK_DEFAULT_QUEUE, retry=True,
        )
        self.chunks += 1
        self._pending = []

    def finish(self) -> Job:
        try:
            if self._pending:
                self._send()
        finally:
            self.connection.release()
        return self._close()

    def abort(self, reason: str) -> Job:
        """Queueing stopped part-way: the job ends once the chunks already sent
        are done, and says why the rest is missing."""
        self.connection.release()
        self._pending = []
        self.errors.append(["(queueing)", f"stopped after {self.chunks} chunk(s): {reason}"])
        return self._close()

    def _close(self) -> Job:
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=self.job.pk)
            job.chunks_total, job.total = self.chunks, self.total
            job.failed += self.rejected
            job.errors = self.errors[:MAX_ERRORS]
            _finish_if_complete(job)
            job.save()
        job.rejected = self.rejected  # for the caller's message: the job's `failed` grows as workers go
        self.job = job
        return job


def enqueue_sources(sources: Iterable[Source], description: str, chunk_size: int = DEFAULT_CHUNK_SIZE,
                    reextract: bool = False, on_error=lambda message: None, on_notice=lambda message: None) -> Job:
    """Queue articles read from disk; those that cannot be read are reported
    through `on_error`, counted as failed in the job and not queued."""
    enqueuer = Enqueuer(Job.Kind.INGEST, description, chunk_size, {"reextract": reextract})
    try:
        for source in sources:
            if source.notice:
                on_notice(f"{source.label}: {source.notice}")
            if source.error or source.parsed is None:
                enqueuer.reject(source.label, source.error or "no article text")
                on_error(f"{source.label}: {source.error}")
            else:
                enqueuer.add(source)
    except BaseException as error:  # Ctrl-C, the broker gone: the job must still end
        enqueuer.abort(f"{type(error).__name__}: {error}")
        raise
    return enqueuer.finish()


def enqueue_reextract(article_ids: Iterable[int], description: str, chunk_size: int = DEFAULT_CHUNK_SIZE, user=None) -> Job:
    """Queue stored articles for extraction again (editors' corrections kept)."""
    enqueuer = Enqueuer(Job.Kind.REEXTRACT, description, chunk_size, user=user)
    try:
        for pk in article_ids:
            enqueuer.add(pk)
    except BaseException as error:
        enqueuer.abort(f"{type(error).__name__}: {error}")
        raise
    return enqueuer.finish()


# ---------------------------------------------------------------------------
# Running a chunk (in a worker)


def run_chunk(job_id: int, number: int, payload: dict, nlp=None, attempts: int = WRITE_ATTEMPTS, worker: str = "") -> JobChunk | None:
    """Extract and write one chunk, exactly once; None if it was done already."""
    from articles import ingest

    started = timezone.now()
    if JobChunk.objects.filter(job_id=job_id, number=number).exists():
        return None  # delivered again after it committed
    Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(state=Job.State.RUNNING, started_at=started)
    work = None
    for attempt in range(1, attempts + 1):
        last = attempt == attempts
        try:
            with transaction.atomic():
                work = _work(payload, work)
                options = ingest.Options(
                    workers=1,
                    batch_size=max(len(work), 1),
                    reextract=payload.get("options", {}).get("reextract", False) or "articles" in payload,
                    raise_conflicts=not last,
                )
                summary = ingest.Run(nlp or worker_nlp(), options).run(work)
                return _record(job_id, number, summary, _missing(payload, work), attempt, started, worker)
        except IntegrityError as error:
            if JobChunk.objects.filter(job_id=job_id, number=number).exists():
                return None  # another worker did this chunk while we ran it
            if last:
                raise
            log.info("job %s chunk %s: writes met another worker's (%s); retrying", job_id, number, error)
        except OperationalError as error:
            if last:
                raise
            log.info("job %s chunk %s: %s; retrying", job_id, number, error)
            close_old_connections()  # a connection the error broke is opened afresh
        time.sleep(random.uniform(0.05, 0.2) * attempt)  # apart, so the two do not meet again
    return None


def _work(payload: dict, before: list[ingest.Job] | None) -> list[ingest.Job]:
    """The chunk's articles; on a retry, with the extraction the rolled-back run
    made (spaCy's work is not redone) and nothing else it decided. Stored
    articles are read again inside the transaction, so the rows they are merged
    with are current; an extraction is kept only for text that has not changed."""
    from articles import ingest

    if "sources" in payload:
        if before is not None:
            return [ingest.Job(source=job.source, extraction=job.extraction) for job in before]
        return [ingest.Job(source=source_from_json(data)) for data in payload["sources"]]

    def text_of(article):  # what the extraction read: an editor may have changed it since
        return article.pk, ingest.content_hash(ingest.parsed_from_article(article))

    kept = {text_of(job.article): job.extraction for job in before or []}
    articles = Article.objects.filter(pk__in=payload["articles"]).order_by("pk")
    return [ingest.Job(article=article, extraction=kept.get(text_of(article))) for article in articles]


def _missing(payload: dict, work: list[ingest.Job]) -> list[list[str]]:
    """Articles queued for re-extraction but deleted since."""
    if "articles" not in payload:
        return []
    found = {job.article.pk for job in work}
    return [[f"article {pk}", "deleted before it was extracted again"] for pk in payload["articles"] if pk not in found]


def _record(job_id, number, summary: ingest.Summary, missing: list, attempt: int, started, worker: str = "") -> JobChunk:
    """The chunk's row and its counts on the job, in the chunk's transaction.
    The JobChunk insert is what a second run of the chunk fails on."""
    errors = [error.split(": ", 1) if ": " in error else [error, ""] for error in summary.errors] + missing
    counts = {name: getattr(summary, name) for name in COUNTS}
    counts["failed"] += len(missing)
    chunk = JobChunk.objects.create(
        job_id=job_id, number=number, size=sum(counts.values()), errors=errors[:MAX_ERRORS], attempts=attempt,
        worker=(worker or socket.gethostname())[:200], started_at=started, finished_at=timezone.now(), **counts,
    )
    Job.objects.filter(pk=job_id).update(chunks_done=F("chunks_done") + 1, **{name: F(name) + n for name, n in counts.items()})
    job = Job.objects.select_for_update().get(pk=job_id)
    if _finish_if_complete(job):
        job.save(update_fields=["state", "finished_at", "started_at"])
        written = job.created + job.updated + job.reextracted
        transaction.on_commit(lambda: refresh_statistics(written))
    return chunk


def _finish_if_complete(job: Job) -> bool:
    if job.state != Job.State.DONE and job.chunks_total is not None and job.chunks_done >= job.chunks_total:
        job.state = Job.State.DONE
        job.finished_at = timezone.now()
        job.started_at = job.started_at or job.finished_at
        return True
    return False


def record_chunk_failure(job_id: int, number: int, payload: dict, reason: str) -> None:
    """A chunk that could not be run at all (a bug, the database gone for good):
    its articles count as failed, so the job still ends and says why."""
    from articles import ingest

    labels = [data["label"] for data in payload.get("sources", [])] or [f"article {pk}" for pk in payload.get("articles", [])]
    summary = ingest.Summary(failed=len(labels), errors=[f"{label}: chunk failed: {reason}" for label in labels])
    try:
        with transaction.atomic():
            _record(job_id, number, summary, [], 0, timezone.now())
    except IntegrityError:
        pass  # it was done after all


_nlp = None


def worker_nlp():
    """spaCy, loaded once per worker process, on its first chunk."""
    global _nlp
    if _nlp is None:
        from articles.extraction import load_nlp

        _nlp = load_nlp()
    return _nlp


# ---------------------------------------------------------------------------
# Following a job


def follow(job_id: int, interval: float = 1.0, timeout: float | None = None) -> Iterator[Job]:
    """The job, read again every `interval` seconds until it is done."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        job = Job.objects.get(pk=job_id)
        yield job
        if job.state == Job.State.DONE or (deadline is not None and time.monotonic() > deadline):
            return
        time.sleep(interval)

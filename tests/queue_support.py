"""Helpers for the tests that run the real queue: a database of their own (the
workers are other processes, so they cannot see pytest-django's test database
or its uncommitted rows), real Redis, real `celery worker` processes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
# Seconds before Redis hands a vanished worker's chunk to another worker; a
# chunk here takes a second or two.
VISIBILITY_TIMEOUT = 15
# A Redis database of the tests' own: a worker restores any unacknowledged
# message older than its visibility timeout in its database, and the tests' is
# short; they must not hand back another program's messages in progress.
BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")


def redis_reachable() -> str:
    """'' if Redis answers, else why not."""
    import redis

    try:
        if redis.Redis.from_url(BROKER, socket_timeout=2).ping():
            return ""
    except Exception as error:  # any failure to talk to it means the same: skip
        return f"Redis is not reachable at {BROKER} ({error}); .ci/run starts it"
    return f"Redis at {BROKER} did not answer PING"


def require_redis() -> None:
    reason = redis_reachable()
    if reason:
        pytest.skip(reason)


def on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


class QueueDatabase:
    """A migrated database for the workers: a SQLite file, or a PostgreSQL
    database beside the suite's own (same server, name + suffix)."""

    def __init__(self, tmp_path: Path, suffix: str):
        if on_postgresql():
            base = settings.DATABASES["default"]
            self.name = f"{base['NAME']}_{suffix}"[:63]
            self.params = {k: base[k] for k in ("USER", "PASSWORD", "HOST", "PORT")}
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"', f'CREATE DATABASE "{self.name}"')
            auth = f"{self.params['USER']}:{self.params['PASSWORD']}@" if self.params["PASSWORD"] else f"{self.params['USER']}@"
            self.url = f"postgres://{auth}{self.params['HOST'] or '127.0.0.1'}:{self.params['PORT'] or 5432}/{self.name}"
        else:
            self.path = tmp_path / f"{suffix}.sqlite3"
            self.url = f"sqlite:///{self.path}"
        self.queue = f"test-{suffix}-{uuid.uuid4().hex[:8]}"
        self.env = {
            **os.environ,
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": self.url,
            "DATABASE_CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": BROKER,
            "CELERY_QUEUE": self.queue,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        }
        self.env.pop("DATABASE_REPLICA_URLS", None)
        self.manage("migrate", "-v0")

    def _admin(self, *statements: str) -> None:
        import psycopg2

        connection = psycopg2.connect(dbname="postgres", user=self.params["USER"], password=self.params["PASSWORD"] or None,
                                      host=self.params["HOST"] or "127.0.0.1", port=self.params["PORT"] or 5432)
        connection.autocommit = True
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        connection.close()

    def drop(self) -> None:
        if on_postgresql():
            self._admin(
                f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{self.name}' AND pid <> pg_backend_pid()",
                f'DROP DATABASE IF EXISTS "{self.name}"',
            )
        import redis

        redis.Redis.from_url(BROKER).delete(self.queue, f"{self.queue}\x06\x163", f"{self.queue}\x06\x166", f"{self.queue}\x06\x169")

    def manage(self, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True,
                                text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result

    def query(self, sql: str) -> list[tuple]:
        """Read the workers' database directly (fast enough to poll)."""
        if on_postgresql():
            import psycopg2

            connection = psycopg2.connect(self.url)
        else:
            connection = sqlite3.connect(self.path, timeout=30)
        try:
            cursor = connection.cursor()
            cursor.execute(sql)
            return cursor.fetchall()
        finally:
            connection.close()

    def job(self, job_id: int) -> dict:
        row = self.query(
            "SELECT state, total, chunks_total, chunks_done, created, updated, unchanged, reextracted, failed "
            f"FROM articles_job WHERE id = {int(job_id)}"
        )[0]
        return dict(zip(("state", "total", "chunks_total", "chunks_done", "created", "updated", "unchanged", "reextracted", "failed"), row))

    def wait_for(self, job_id: int, timeout: float = 600, until=lambda job: job["state"] == "done") -> dict:
        deadline = time.monotonic() + timeout
        while True:
            job = self.job(job_id)
            if until(job):
                return job
            if time.monotonic() > deadline:
                raise AssertionError(f"job {job_id} not there after {timeout} s: {job}")
            time.sleep(0.2)

    def counts(self) -> dict[str, int]:
        tables = {
            "articles": "articles_article",
            "people": "articles_person",
            "aliases": "articles_personalias",
            "person_mentions": "articles_personmention",
            "country_mentions": "articles_countrymention",
            "quotes": "articles_quote",
        }
        return {name: self.query(f"SELECT COUNT(*) FROM {table}")[0][0] for name, table in tables.items()}

    def enqueue(self, *args: str) -> int:
        result = self.manage("ingest", *args, "--queue")
        words = result.stdout.split()
        assert words[:2] == ["Queued", "job"], result.stdout
        return int(words[2].rstrip(":"))


class Worker:
    """A real `celery -A newsapp worker` process (prefork pool)."""

    def __init__(self, database: QueueDatabase, name: str, log: Path, concurrency: int = 1, pool: str = "prefork"):
        self.log = log
        self.name = name
        self._log_file = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "newsapp", "worker", "-Q", database.queue, "-c", str(concurrency),
             "-n", f"{name}@%h", "--pool", pool, "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
            cwd=ROOT, env=database.env, stdout=self._log_file, stderr=subprocess.STDOUT,
        )

    def pool_children(self) -> list[int]:
        result = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in result.stdout.split()]

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown: finishes the chunk in hand
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()


FIRST = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hiroshi", "Ines", "Jonas"]
LAST = ["Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quintero", "Rahman", "Sorensen", "Tanaka"]
COUNTRIES = ["France", "Japan", "Brazil", "Kenya", "Canada", "India", "Germany", "Chile", "Egypt", "Norway"]
TOPICS = ["fishing rights", "grain exports", "a border crossing", "climate finance", "visa rules", "a rail link"]


def person(n: int) -> str:
    return f"{FIRST[n % 10]} {LAST[(n // 10 + n) % 10]}"


def short_articles(count: int, start: int = 0) -> list[dict]:
    """Short news items written for these tests: full names only (no bare
    surnames), so what they hold does not depend on the order they are read in;
    a small cast of people recurs, so workers meet the same new people."""
    records = []
    for i in range(start, start + count):
        a, b = person(i * 3 % 23), person((i * 7 + 5) % 23)
        if a == b:
            b = person((i * 7 + 6) % 23)
        home, host, topic = COUNTRIES[i % 10], COUNTRIES[(i * 3 + 1) % 10], TOPICS[i % 6]
        if home == host:
            host = COUNTRIES[(i + 5) % 10]
        content = (
            f"{a}, the foreign minister of {home}, met {b} in {host} on Monday to discuss {topic}.\n\n"
            f'"We have made real progress on {topic}," {a} told reporters after the meeting.\n\n'
            f"{b} said {host} would send a delegation to {home} next month."
        )
        records.append({"id": f"item-{i}", "title": f"Envoys from {home} and {host} talk {topic}, round {i}", "content": content,
                        "date": f"2024-{i % 12 + 1:02d}-{i % 27 + 1:02d}", "source": "Test Wire"})
    return records


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


"""The queue's throughput beside the local pool's, as figures and ratios (a
script, not a test).

    createdb -h 127.0.0.1 -U postgres jobs_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jobs_bench \\
        .venv/bin/python tests/bench/bench_queue.py --articles 200 --workers 1 2 4

For each worker count N, on the first ARTICLES articles of the corpus and an
emptied database:
- local: `manage.py ingest CORPUS --limit ARTICLES --workers N` (the local pool),
  its rate as the command reports it (spaCy's load not included);
- queued: one `celery -A newsapp worker -c N` (N pool processes, spaCy loaded
  before they fork), `manage.py ingest ... --queue`, and the job's rate from its
  first chunk's start to its last chunk's end;
and their ratio (the issue's target: >= 0.9 with 2 workers). Then the write-only
rate: the same articles' extractions, computed once, written again into an
emptied database by the ingestion service alone; what a PostgreSQL primary
takes is the ceiling for any number of worker machines.

It prints `uptime` first and last: this machine is shared, so read the figures
with its load.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "allsides" / "all-articles.jsonl.xz"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
QUEUE = f"bench-{uuid.uuid4().hex[:8]}"
ENV = {**os.environ, "CELERY_QUEUE": QUEUE}

from benchdb import empty_database, setup  # noqa: E402


def manage(*args) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout + result.stderr


def local(articles: int, workers: int) -> float:
    empty_database()
    output = manage("ingest", str(CORPUS), "--limit", str(articles), "--workers", str(workers))
    return float(re.search(r"([\d.]+) articles/s", output).group(1))


def queued(articles: int, workers: int, chunk_size: int) -> float:
    from articles.models import Job

    empty_database()
    log = Path(f"/tmp/{QUEUE}-{workers}.log")
    with log.open("w") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "newsapp", "worker", "-Q", QUEUE, "-c", str(workers),
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
            cwd=ROOT, env=ENV, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        while "ready." not in log.read_text():  # spaCy loaded, pool forked
            if worker.poll() is not None:
                raise SystemExit(f"the worker stopped:\n{log.read_text()}")
            time.sleep(0.5)
        output = manage("ingest", str(CORPUS), "--limit", str(articles), "--queue", "--chunk-size", str(chunk_size))
        job_id = int(re.search(r"Queued job (\d+)", output).group(1))
        while (job := Job.objects.get(pk=job_id)).state != Job.State.DONE:
            time.sleep(0.5)
        if job.failed or job.created != articles:
            print(f"   (job {job.pk}: {job.counts_line()})")
        return job.per_second
    finally:
        worker.terminate()
        worker.wait(60)


def write_only(articles: int) -> float:
    from django.conf import settings
    from itertools import islice

    from articles.extraction import extract, load_nlp
    from articles.ingest import Options, ingest_extracted
    from articles.lookups import load_lookups
    from articles.sources import read_sources

    nlp = load_nlp()
    sources = [s for s in islice(read_sources([CORPUS], settings.INGEST_MAX_FILE_BYTES), articles) if s.parsed]
    empty_database()
    lookups = load_lookups()
    pairs = [(source, extract(source.parsed, nlp, lookups)) for source in sources]
    summary = ingest_extracted(pairs, nlp=nlp, options=Options(workers=1))
    return summary.per_second


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--chunk-size", type=int, default=50, help="articles per chunk (default 50, as ingest --queue)")
    args = parser.parse_args()
    setup()
    from django.db import connection

    print(f"uptime: {uptime()}")
    print(f"{args.articles} articles of {CORPUS.name}, {connection.vendor}, chunks of {args.chunk_size}, queue {QUEUE}")
    print(f"{'workers':>7}  {'local pool':>12}  {'queued':>12}  {'queued/local':>12}")
    for workers in args.workers:
        rate_local = local(args.articles, workers)
        rate_queued = queued(args.articles, workers, args.chunk_size)
        print(f"{workers:>7}  {rate_local:>8.1f} a/s  {rate_queued:>8.1f} a/s  {rate_queued / rate_local:>12.2f}", flush=True)
    print(f"write-only (extractions given, one writer): {write_only(args.articles):.1f} articles/s")
    print(f"uptime: {uptime()}")


if __name__ == "__main__":
    main()

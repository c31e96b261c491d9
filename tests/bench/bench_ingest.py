"""Ingestion speed and memory, as figures and ratios (a script, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsapp_bench \
        .venv/bin/python tests/bench/bench_ingest.py --articles 1000 --workers 1 2
    DATABASE_URL=... .venv/bin/python tests/bench/bench_ingest.py --full

The first form reads the first N articles of the corpus (streamed, never copied),
then for each worker count times nlp.pipe alone on the same texts and a full
ingest into an emptied database, and prints both and their ratio (target <= 1.2),
then the speed-up of the most workers over one (target >= 1.6 for 2 on 2 cores).
Each is also given from CPU seconds (see Cpu), which other work on a shared
machine hardly changes.
The second runs `manage.py ingest` on the whole JSONL corpus in a child process
(its output goes to this one's), samples the resident memory of that process and
of its extraction workers every few seconds, prints a progress line every minute
(articles stored, rate, time left, memory) and at the end the peaks.

Both run with DEBUG off: with it on, Django keeps the text of every query.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "allsides" / "all-articles.jsonl.xz"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")

from benchdb import empty_database, setup  # noqa: E402


def read(count: int):
    from django.conf import settings

    from articles.sources import read_sources

    sources = [s for s in islice(read_sources([CORPUS], settings.INGEST_MAX_FILE_BYTES), count) if s.parsed]
    return sources


def time_pipe(nlp, sources, workers: int, batch_size: int) -> tuple[float, Cpu]:
    from articles.extraction.pipeline import compose

    texts = [compose(source.parsed)[0] for source in sources]
    started = time.perf_counter()
    with Cpu(workers) as cpu:
        for _ in nlp.pipe(texts, n_process=workers, batch_size=max(1, batch_size // 2)):
            pass
    return time.perf_counter() - started, cpu


def time_ingest(nlp, sources, workers: int, batch_size: int):
    from articles.ingest import Options, ingest_sources

    empty_database()
    started = time.perf_counter()
    with Cpu(workers) as cpu:
        summary = ingest_sources(iter(sources), nlp, Options(workers=workers, batch_size=batch_size))
    return time.perf_counter() - started, cpu, summary


class Cpu:
    """CPU seconds of this process, of its worker processes (once they have
    ended) and of the database server process serving it. Unlike wall time they
    hardly change with the other work on the machine, so they give an estimate
    of the wall time on an idle one: the main process waits for the database,
    each worker does its share, and all of it shares the cores."""

    def __init__(self, workers: int):
        self.workers = workers

    def __enter__(self):
        self.started = self._now()
        return self

    def __exit__(self, *exc):
        multiprocessing.active_children()  # reaps ended workers so that their time counts
        self.main, self.children, self.database = (b - a for a, b in zip(self.started, self._now()))

    @staticmethod
    def _now() -> tuple[float, float, float]:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time(), children.ru_utime + children.ru_stime, database_cpu()

    @property
    def idle_estimate(self) -> float:
        total = self.main + self.children + self.database
        return max(self.main + self.database, self.children / self.workers, total / (os.cpu_count() or 1))

    def line(self) -> str:
        return (f"CPU s: main {self.main:.1f}, workers {self.children:.1f}, database {self.database:.1f}; "
                f"idle-machine estimate {self.idle_estimate:.1f} s")


def database_cpu() -> float:
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0  # SQLite works inside this process
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # a server on another machine
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench(args) -> None:
    from django.db import connection

    from articles.extraction import load_nlp

    setup()
    nlp = load_nlp()
    started = time.perf_counter()
    sources = read(args.articles)
    print(f"database: {connection.vendor}; {len(sources)} articles read in {time.perf_counter() - started:.1f} s; "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)
    ingest_times, estimates = {}, {}
    for workers in args.workers:
        pipe, pipe_cpu = time_pipe(nlp, sources, workers, args.batch_size)
        ingest, ingest_cpu, summary = time_ingest(nlp, sources, workers, args.batch_size)
        ingest_times[workers], estimates[workers] = ingest, ingest_cpu.idle_estimate
        print(f"workers={workers}: nlp.pipe alone {pipe:.1f} s ({len(sources) / pipe:.1f}/s); "
              f"ingest {ingest:.1f} s ({len(sources) / ingest:.1f}/s) [{summary.line()}]; "
              f"ingest / pipe = {ingest / pipe:.2f} (target <= 1.2)\n"
              f"    nlp.pipe {pipe_cpu.line()}\n    ingest {ingest_cpu.line()}; "
              f"ingest / pipe = {ingest_cpu.idle_estimate / pipe_cpu.idle_estimate:.2f}; "
              f"load average {os.getloadavg()[0]:.2f}", flush=True)
    if 1 in ingest_times and len(ingest_times) > 1:
        most = max(ingest_times)
        print(f"ingest speed-up, {most} workers over 1: {ingest_times[1] / ingest_times[most]:.2f} (target >= 1.6); "
              f"from the idle-machine estimates: {estimates[1] / estimates[most]:.2f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def full(args) -> None:
    setup()
    from articles.models import Article

    empty_database()
    total = _count_lines(CORPUS)
    command = [sys.executable, str(ROOT / "manage.py"), "ingest", str(CORPUS), "--workers", str(args.workers[-1])]
    print(f"{total:,} articles; {' '.join(command[1:])}", flush=True)
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT)
    peak = main_peak = 0
    last = (started, 0)
    while child.poll() is None:
        tree = [child.pid, *descendants(child.pid)]
        main, everything = rss_kb(child.pid), sum(rss_kb(pid) for pid in tree)
        peak, main_peak = max(peak, everything), max(main_peak, main)
        now = time.perf_counter()
        if now - last[0] >= 60:
            stored = Article.objects.count()
            rate = stored / (now - started)
            recent = (stored - last[1]) / (now - last[0])
            left = f"{(total - stored) / recent / 3600:.1f} h left" if recent else "no progress"
            print(f"{now - started:7.0f} s: {stored:,} articles stored, {rate:.2f}/s overall, {recent:.2f}/s in the "
                  f"last minute, {left}; resident memory: main {main / 1024:.0f} MB, with its {len(tree) - 1} workers "
                  f"{everything / 1024:.0f} MB; load {os.getloadavg()[0]:.1f}", flush=True)
            last = (now, stored)
        time.sleep(3)
    print(f"exit status {child.returncode}; {Article.objects.count():,} articles stored in "
          f"{time.perf_counter() - started:.0f} s; peak resident memory {peak / 1024:.0f} MB (main process and "
          f"workers together, shared pages counted in each), main process peak {main_peak / 1024:.0f} MB")


def _count_lines(path: Path) -> int:
    import lzma

    with lzma.open(path, "rb") as stream:
        return sum(1 for line in stream if line.strip())


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """Every process below pid, whichever of its threads started it."""
    found = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(child) for child in children.read_text().split()]
        except OSError:
            pass
    return found + [grandchild for child in found for grandchild in descendants(child)]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--full", action="store_true", help="Ingest the whole JSONL corpus and report peak memory.")
    arguments = parser.parse_args()
    full(arguments) if arguments.full else bench(arguments)

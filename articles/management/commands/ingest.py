"""manage.py ingest PATH [PATH ...]: read articles, extract, store.

Per-article problems go to stderr as one line naming the file (and line) and the
run goes on; the exit status is non-zero when anything failed. Ctrl-C stops after
the batch in progress, prints the summary and leaves nothing half-written.
"""

from __future__ import annotations

import lzma
import gzip
import os
import signal
import time
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries

from articles.ingest import DEFAULT_BATCH_SIZE, Options, Summary, ingest_sources, reextract
from articles.management.database import require_migrated
from articles.models import Article
from articles.planner import refresh_statistics
from articles.sources import JSONL_SUFFIXES, read_sources


class Command(BaseCommand):
    help = "Ingest article files (.txt), directories of them, or JSON Lines files (.jsonl, .jsonl.gz, .jsonl.xz)."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", metavar="PATH",
            help="A .txt article, a directory (every .txt under it, sorted) or a JSON Lines file of "
            "objects with title and content (or text), optional date, source, url, id.",
        )
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1,
            help="Extraction processes, each running spaCy and the rules (default: the number of cores). "
            "Database writes stay in this process; with 1, everything runs in it. "
            "(With --queue the workers' own -c sets it.)",
        )
        parser.add_argument(
            "--batch-size", type=int, default=DEFAULT_BATCH_SIZE,
            help=f"Articles per database transaction and per look-up query (default {DEFAULT_BATCH_SIZE}).",
        )
        parser.add_argument("--limit", type=int, help="Stop after this many articles.")
        parser.add_argument("--dry-run", action="store_true", help="Extract and report; write nothing.")
        parser.add_argument(
            "--article", type=int, action="append", metavar="ID",
            help="With --reextract and no PATH: only this stored article (repeat for more).",
        )
        parser.add_argument(
            "--queue", action="store_true",
            help="Read and check the inputs, queue them in chunks for the workers (`celery -A newsapp worker`, "
            "on any number of machines) and return at once with a job id; follow it with `manage.py jobs ID`. "
            "Needs the broker (CELERY_BROKER_URL).",
        )
        parser.add_argument(
            "--chunk-size", type=int, default=None,
            help="With --queue: articles per chunk, the unit a worker takes and a redelivery redoes "
            "(default 50).",
        )
        parser.add_argument(
            "--reextract", action="store_true",
            help="Extract again articles already stored (those in PATHs, or every article when no PATH is "
            "given), keeping every editor's correction and rejection.",
        )

    def handle(self, *args, **options):
        paths = options["paths"]
        if not paths and not options["reextract"]:
            raise CommandError("give at least one PATH (or --reextract to re-run extraction on every stored article)")
        if options["article"] and (paths or not options["reextract"]):
            raise CommandError("--article picks stored articles to extract again: use it with --reextract and no PATH")
        if options["workers"] < 1 or options["batch_size"] < 1:
            raise CommandError("--workers and --batch-size must be at least 1")
        require_migrated()
        if options["queue"]:
            return self._enqueue(paths, options)
        if options["chunk_size"] is not None:
            raise CommandError("--chunk-size goes with --queue")
        interrupted = []
        previous = signal.signal(signal.SIGINT, lambda *_: self._interrupt(interrupted))
        try:
            summary = self._run(paths, options, interrupted)
        finally:
            signal.signal(signal.SIGINT, previous)
        self._finish(summary)

    def _enqueue(self, paths, options) -> None:
        from articles import jobs

        if options["dry_run"]:
            raise CommandError("--dry-run cannot be queued: run it without --queue")
        chunk_size = jobs.DEFAULT_CHUNK_SIZE if options["chunk_size"] is None else options["chunk_size"]
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1")
        limit = options["limit"]
        try:
            if options["reextract"] and not paths:
                chosen = Article.objects.filter(pk__in=options["article"]) if options["article"] else Article.objects.all()
                ids = chosen.order_by("pk").values_list("pk", flat=True)
                job = jobs.enqueue_reextract(
                    ids[:limit] if limit else ids.iterator(chunk_size=2000), "manage.py ingest --reextract --queue", chunk_size
                )
            else:
                sources = read_sources(paths, settings.INGEST_MAX_FILE_BYTES)
                job = jobs.enqueue_sources(
                    islice(sources, limit) if limit else sources,
                    "manage.py ingest " + " ".join(paths),
                    chunk_size,
                    reextract=options["reextract"],
                    on_error=lambda message: self.stderr.write(message),
                    on_notice=lambda message: self.stderr.write(f"notice: {message}", self.style.WARNING),
                )
        except jobs.QueueUnavailable as error:
            raise CommandError(f"{error}; nothing was queued") from None
        queued = job.total - job.rejected
        self.stdout.write(
            f"Queued job {job.pk}: {queued} article(s) in {job.chunks_total} chunk(s), {job.rejected} failed the checks. "
            f"Follow it with: manage.py jobs {job.pk}"
        )
        if job.rejected:
            raise CommandError(f"{job.rejected} input(s) failed the checks and were not queued; see the messages above")

    def _interrupt(self, interrupted: list) -> None:
        if os.getpid() != self._pid:  # a worker just forked, before it ignores Ctrl-C: it keeps working
            return
        interrupted.append(True)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a second Ctrl-C stops at once
        self.stderr.write("\nStopping after the current batch (Ctrl-C again to stop at once)…")

    def _run(self, paths, options, interrupted) -> Summary:
        self._pid = os.getpid()
        self._dry = options["dry_run"]
        self._started = time.monotonic()
        total = self._total(paths, options) if self.stdout.isatty() else None
        run_options = Options(
            workers=options["workers"],
            batch_size=options["batch_size"],
            dry_run=options["dry_run"],
            reextract=options["reextract"],
            should_stop=lambda: bool(interrupted),
            on_batch=lambda summary: self._progress(summary, total),
            on_error=lambda message: self.stderr.write(message),
            on_notice=lambda message: self.stderr.write(f"notice: {message}", self.style.WARNING),
        )
        if options["reextract"] and not paths:
            articles = Article.objects.filter(pk__in=options["article"]) if options["article"] else Article.objects.all()
            if options["limit"]:
                articles = Article.objects.filter(pk__in=list(articles.order_by("pk").values_list("pk", flat=True)[: options["limit"]]))
            return reextract(articles, options=run_options)
        sources = read_sources(paths, settings.INGEST_MAX_FILE_BYTES)
        if options["limit"]:
            sources = islice(sources, options["limit"])
        return ingest_sources(sources, options=run_options)

    def _total(self, paths, options) -> int | None:
        """Articles to come, for the progress display (a terminal only)."""
        if not paths:
            count = len(options["article"]) if options["article"] else Article.objects.count()
        else:
            count = 0
            for path in map(Path, paths):
                if path.is_dir():
                    count += sum(1 for _ in path.rglob("*.txt"))
                elif path.name.endswith(JSONL_SUFFIXES):
                    count += _count_lines(path)
                else:
                    count += 1
        return min(count, options["limit"]) if options["limit"] else count

    def _progress(self, summary: Summary, total: int | None) -> None:
        reset_queries()  # with DEBUG on, Django keeps every query: a long run must not
        if total is None:
            return
        elapsed = time.monotonic() - self._started
        rate = summary.done / elapsed if elapsed else 0
        left = f", {(total - summary.done) / rate / 60:.1f} min left" if rate and total >= summary.done else ""
        self.stdout.write(f"\r{summary.done:,}/{total:,} articles, {rate:.1f}/s{left}   ", ending="")
        self.stdout.flush()

    def _finish(self, summary: Summary) -> None:
        if self.stdout.isatty():
            self.stdout.write("")
        prefix = "Dry run, nothing written. " if self._dry else ""
        self.stdout.write(prefix + "Ingest: " + summary.line())
        if not self._dry:
            refresh_statistics(summary.created + summary.updated + summary.reextracted)
        if summary.interrupted:
            raise CommandError("interrupted: stopped after the last complete batch", returncode=130)
        if summary.failed:
            raise CommandError(f"{summary.failed} article(s) failed; see the messages above")


def _count_lines(path: Path) -> int:
    opener = gzip.open if path.name.endswith(".gz") else lzma.open if path.name.endswith(".xz") else open
    try:
        with opener(path, "rb") as stream:
            return sum(1 for line in stream if line.strip())
    except (OSError, EOFError, lzma.LZMAError):
        return 0

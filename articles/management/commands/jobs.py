"""manage.py jobs [ID]: the background jobs, or one job followed to its end.

`jobs` lists the newest jobs; `jobs ID` shows one, with a progress bar that
follows it until the workers have done it (on a terminal; elsewhere it waits
and prints the outcome). Exit status 1 when the job has failed articles.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from articles.jobs import follow
from articles.management.database import require_migrated
from articles.models import Job

BAR = 30


class Command(BaseCommand):
    help = "List background jobs, or follow one (manage.py jobs ID)."

    def add_arguments(self, parser):
        parser.add_argument("job_id", nargs="?", type=int, metavar="ID", help="Follow this job to its end.")
        parser.add_argument("--limit", type=int, default=20, help="Jobs listed (default 20, newest first).")
        parser.add_argument("--no-follow", action="store_true", help="With ID: print the job as it is now and return.")
        parser.add_argument("--json", action="store_true", help="With ID: print the job as JSON (implies --no-follow).")
        parser.add_argument("--timeout", type=float, help="With ID: stop following after this many seconds (exit 2).")

    def handle(self, *args, job_id=None, **options):
        require_migrated()
        if job_id is None:
            return self._list(options["limit"])
        if not Job.objects.filter(pk=job_id).exists():
            raise CommandError(f"no job {job_id}: `manage.py jobs` lists them")
        if options["json"]:
            self.stdout.write(json.dumps(as_json(Job.objects.get(pk=job_id))))
            return
        job = None
        for job in follow(job_id, timeout=options["timeout"]) if not options["no_follow"] else [Job.objects.get(pk=job_id)]:
            if self.stdout.isatty():
                self.stdout.write("\r" + progress_line(job) + "   ", ending="")
                self.stdout.flush()
        if self.stdout.isatty():
            self.stdout.write("")
        self.stdout.write(describe(job))
        for label, reason in job.all_errors():
            self.stderr.write(f"{label}: {reason}")
        if job.state != Job.State.DONE and not options["no_follow"]:
            raise CommandError(f"job {job.pk} is still {job.state} after {options['timeout']:g} s", returncode=2)
        if job.failed:
            raise CommandError(f"job {job.pk}: {job.failed} article(s) failed")

    def _list(self, limit: int) -> None:
        jobs = list(Job.objects.all()[:limit])
        if not jobs:
            self.stdout.write("No jobs yet (`manage.py ingest PATH --queue` queues one).")
            return
        self.stdout.write(f"{'ID':>6}  {'kind':<13} {'state':<8} {'done':>13}  {'failed':>6}  queued")
        for job in jobs:
            total = f"{job.done}/{job.total}" if job.chunks_total is not None else f"{job.done}/…"
            self.stdout.write(
                f"{job.pk:>6}  {job.get_kind_display():<13} {job.state:<8} {total:>13}  {job.failed:>6}  "
                f"{job.queued_at:%Y-%m-%d %H:%M}  {job.description[:60]}"
            )


def progress_line(job: Job) -> str:
    total = job.total if job.chunks_total is not None else None
    share = job.done / total if total else (1.0 if job.state == Job.State.DONE else 0.0)
    filled = int(BAR * min(share, 1.0))
    of = f"{total:,}" if total is not None else "…"
    rate = f", {job.per_second:.1f}/s" if job.per_second else ""
    return f"Job {job.pk} [{'#' * filled}{'.' * (BAR - filled)}] {job.done:,}/{of} {job.state}{rate}"


def describe(job: Job) -> str:
    seconds = job.seconds
    timing = f" in {seconds:.1f} s, {job.per_second:.1f} articles/s" if seconds is not None and job.state == Job.State.DONE else ""
    chunks = f"{job.chunks_done}/{job.chunks_total if job.chunks_total is not None else '…'} chunks"
    return f"Job {job.pk} ({job.get_kind_display()}, {job.state}, {chunks}): {job.counts_line()}{timing}"


def as_json(job: Job) -> dict:
    return {
        "id": job.pk,
        "kind": job.kind,
        "state": job.state,
        "total": job.total,
        "done": job.done,
        "chunks_total": job.chunks_total,
        "chunks_done": job.chunks_done,
        **{name: getattr(job, name) for name in ("created", "updated", "unchanged", "reextracted", "failed")},
        "errors": [list(error) for error in job.all_errors()],
        "attempts": sum(job.chunks.values_list("attempts", flat=True)),
        "queued_at": job.queued_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "seconds": job.seconds,
    }

"""Background jobs: a Job is one `ingest --queue` run or one "Extract again" from
the desk, split into chunks that workers take from the queue (articles/jobs.py).

A JobChunk row is written in the same transaction as its chunk's articles: it
is what makes a chunk's work and its counts happen exactly once, however many
times the queue delivers it (a worker killed mid-chunk, a redelivery after a
timeout)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

COUNTS = ("created", "updated", "unchanged", "reextracted", "failed")
# Errors kept per chunk and for the inputs that failed the checks: enough to act
# on, bounded so a job over a broken archive stays a small row.
MAX_ERRORS = 200


class Job(models.Model):
    class Kind(models.TextChoices):
        INGEST = "ingest", "Ingest"
        REEXTRACT = "reextract", "Extract again"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    description = models.TextField(blank=True, help_text="What was asked: the inputs, or the articles selected.")
    total = models.PositiveIntegerField(default=0, help_text="Inputs read, those that failed the checks included.")
    chunks_total = models.PositiveIntegerField(null=True, blank=True, help_text="Unknown until every chunk is queued.")
    chunks_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    reextracted = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="[input, reason] for inputs that failed the checks.")
    requested_by = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]

    def __str__(self) -> str:
        return f"Job {self.pk}: {self.get_kind_display()}, {self.get_state_display().lower()}"

    @property
    def done(self) -> int:
        return sum(getattr(self, name) for name in COUNTS)

    @property
    def seconds(self) -> float | None:
        if self.started_at is None:
            return None
        return ((self.finished_at or timezone.now()) - self.started_at).total_seconds()

    @property
    def per_second(self) -> float:
        seconds = self.seconds
        return self.done / seconds if seconds else 0.0

    def counts_line(self) -> str:
        parts = [f"{self.created} created", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        if self.reextracted:
            parts.append(f"{self.reextracted} re-extracted")
        parts.append(f"{self.failed} failed")
        return ", ".join(parts)

    def all_errors(self, limit: int = MAX_ERRORS) -> list[tuple[str, str]]:
        """[input, reason]: the inputs that failed the checks, then those that
        failed in the workers, in chunk order (one query)."""
        rows = [tuple(error) for error in self.errors]
        for chunk_errors in self.chunks.exclude(errors=[]).order_by("number").values_list("errors", flat=True):
            rows.extend(tuple(error) for error in chunk_errors)
        return rows[:limit]


class JobChunk(models.Model):
    """One chunk done: written with its articles, in their transaction."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    size = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    reextracted = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(default=1, help_text="Runs of the chunk's writes (a conflict with another worker retries them).")
    worker = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()

    class Meta:
        ordering = ["job", "number"]
        constraints = [models.UniqueConstraint(fields=["job", "number"], name="jobchunk_unique_job_number")]

    def __str__(self) -> str:
        return f"Job {self.job_id}, chunk {self.number}"

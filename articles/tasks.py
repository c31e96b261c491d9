"""The queue's tasks: thin wrappers over articles/jobs.py, which owns the rules."""

from __future__ import annotations

from celery import shared_task
from celery.signals import worker_init
from django.db import OperationalError

from articles import jobs


@shared_task(
    name="articles.run_chunk",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    # The database away for a while (a restart, a failover): try again later
    # rather than counting the chunk's articles as failed.
    autoretry_for=(OperationalError,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=8,
)
def run_chunk(self, job_id: int, number: int, payload: dict) -> None:
    try:
        jobs.run_chunk(job_id, number, payload, worker=self.request.hostname or "")
    except OperationalError:
        if self.request.retries >= self.max_retries:
            jobs.record_chunk_failure(job_id, number, payload, "the database could not be reached")
        raise
    except Exception as error:  # a bug: say so in the job, which can then end
        jobs.record_chunk_failure(job_id, number, payload, f"{type(error).__name__}: {error}")
        raise


@worker_init.connect
def load_model_before_the_pool_forks(**kwargs) -> None:
    """spaCy is loaded once, in the worker's main process, before it forks its
    pool: the pool processes share its memory and their first chunk is not
    slowed by the load. (It reads no database: nothing to carry over a fork.)"""
    jobs.worker_nlp()

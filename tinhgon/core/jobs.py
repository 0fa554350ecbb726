"""Running a function as a background job the user can follow on a progress page.

A job function is registered under a kind with :func:`job_function` and is called as
``fn(params, owner=…, progress=…)``; ``progress(done, total)`` moves the bar. It returns JSON data
(stored in ``Job.result``; its ``"message"``, if any, becomes ``Job.message``). A
:class:`~tinhgon.core.errors.Refused` or any other exception marks the job failed with a Vietnamese
message. :func:`job_start` creates the :class:`Job` row and enqueues :func:`run_job` with
django-tasks (the database backend and its ``db_worker`` in production, the immediate backend in
tests).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from tinhgon.core.errors import Refused
from tinhgon.core.models import Job

logger = logging.getLogger(__name__)

JobFunction = Callable[..., dict[str, Any] | None]
_FUNCTIONS: dict[str, JobFunction] = {}


def job_function(kind: str) -> Callable[[JobFunction], JobFunction]:
    """Register ``fn`` as the function run for jobs of ``kind``."""

    def register(fn: JobFunction) -> JobFunction:
        _FUNCTIONS[kind] = fn
        return fn

    return register


def job_start(*, kind: str, label: str, owner: Any, params: dict[str, Any]) -> Job:
    """Create a queued job and enqueue it (after the surrounding transaction commits)."""
    if kind not in _FUNCTIONS:
        raise ValueError(f"No job function registered for {kind!r}")
    job = Job.objects.create(kind=kind, label=label[:300], owner=owner, params=params)
    transaction.on_commit(lambda: run_job.enqueue(job.pk), robust=False)
    return job


def job_enqueue(job: Job) -> Job:
    """Enqueue an already created job (after the surrounding transaction commits)."""
    if job.kind not in _FUNCTIONS:
        raise ValueError(f"No job function registered for {job.kind!r}")
    transaction.on_commit(lambda: run_job.enqueue(job.pk), robust=False)
    return job


class _ProgressWriter:
    """Writes ``total``/``done`` as the job goes, at most once per percent.

    A job function usually works inside one transaction (an import is all or nothing); rows written
    on that connection stay invisible to the progress page until it commits. On PostgreSQL the
    progress therefore goes through a second connection of its own. SQLite allows one writer at a
    time, so there the bar moves before and after the transaction only.
    """

    def __init__(self, job: Job) -> None:
        self.job = job
        self.last_percent = -1
        self.side = None
        if connections["default"].vendor != "sqlite":
            self.side = connections.create_connection("default")

    def __call__(self, done: int, total: int) -> None:
        done = min(done, total) if total else done
        percent = int(done * 100 / total) if total else 0
        if percent == self.last_percent and done != total:
            return
        self.last_percent = percent
        self.job.done, self.job.total = done, total
        conn = connections["default"]
        if self.side is not None and conn.in_atomic_block:
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Job._meta.db_table} SET done = %s, total = %s WHERE id = %s",  # noqa: S608
                    [done, total, self.job.pk],
                )
        else:
            Job.objects.filter(pk=self.job.pk).update(done=done, total=total)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def run_job_now(job: Job) -> Job:
    """Run ``job`` in this process (what the task does); returns the job as finished."""
    module = str(job.params.get("module", ""))
    if job.kind not in _FUNCTIONS and module.startswith("tinhgon."):
        importlib.import_module(module)  # registers the job function in a fresh worker
    fn = _FUNCTIONS.get(job.kind)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    progress = _ProgressWriter(job)
    try:
        if fn is None:
            raise Refused.one("", _("Không có chức năng cho loại việc “%(k)s”.") % {"k": job.kind})
        result = fn(job.params, owner=job.owner, progress=progress) or {}
    except Refused as exc:
        job.status, job.message, job.result = Job.Status.FAILED, str(exc), None
    except Exception as exc:
        logger.exception("Job %s failed", job.pk)
        job.status = Job.Status.FAILED
        job.message = _("Việc chạy nền bị lỗi: %(e)s") % {"e": exc}
        job.result = None
    else:
        job.status = Job.Status.DONE
        job.result = result
        job.message = str(result.get("message", "")) if isinstance(result, dict) else ""
        if job.total == 0:
            job.total = 1
        job.done = job.total
    finally:
        progress.close()
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "result", "total", "done", "finished_at"])
    return job


@task()
def run_job(job_id: int) -> None:
    """The django-tasks task: load the job and run its function with a progress callback."""
    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.finished:
        return
    run_job_now(job)

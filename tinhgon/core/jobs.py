"""Running a function as a background job the user can follow on a progress page.

A job function is registered under a kind with :func:`job_function` and is called as
``fn(params, owner=…, progress=…)``; ``progress(done, total)`` moves the bar. It returns JSON data
(stored in ``Job.result``; its ``"message"``, if any, becomes ``Job.message``). A
:class:`~tinhgon.core.errors.Refused` or any other exception marks the job failed with a Vietnamese
message. :func:`job_start` creates the :class:`Job` row and enqueues :func:`run_job` with
django-tasks (the database backend and its ``db_worker`` in production, the immediate backend in
tests).

A worker killed in the middle of a job (``kill -9``, a machine restarted) cannot mark its job
failed; its transaction is rolled back by the database, but the row would say "running" for ever.
Each running job therefore carries its worker (``host:pid``) and a heartbeat moved with its
progress; :func:`jobs_recover` — run when a job's page is looked at and by ``tinhgon jobs_recover``
— marks failed a running job whose worker process is gone (a worker on this machine: its pid is
checked, however long it has been silent) or, for a worker on another machine, whose heartbeat is
older than ``TINHGON_JOB_STALE_MINUTES``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import os
import socket
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
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
        now = timezone.now()
        conn = connections["default"]
        if self.side is not None and conn.in_atomic_block:
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Job._meta.db_table} SET done = %s, total = %s, heartbeat_at = %s "  # noqa: S608
                    "WHERE id = %s",
                    [done, total, now, self.job.pk],
                )
        else:
            Job.objects.filter(pk=self.job.pk).update(done=done, total=total, heartbeat_at=now)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def run_job_now(job: Job) -> Job:
    """Run ``job`` in this process (what the task does); returns the job as finished."""
    module = str(job.params.get("module", ""))
    if job.kind not in _FUNCTIONS and module.startswith("tinhgon."):
        importlib.import_module(module)  # registers the job function in a fresh worker
    fn = _FUNCTIONS.get(job.kind)
    job.worker = _this_worker()
    job.heartbeat_at = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, worker=job.worker, heartbeat_at=job.heartbeat_at
    )
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


def _this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _worker_gone(job: Job, stale_before: dt.datetime) -> bool:
    """On this machine: the worker's process no longer exists. Elsewhere: its heartbeat is stale."""
    host, _sep, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # alive, another user's
            return False
        return False
    return (job.heartbeat_at or job.created_at) < stale_before


def jobs_recover(jobs: Iterable[Job] | None = None, *, now: dt.datetime | None = None) -> list[Job]:
    """Mark failed the running jobs (all, or those given) whose worker died; returns them."""
    now = now or timezone.now()
    stale_before = now - dt.timedelta(minutes=settings.TINHGON_JOB_STALE_MINUTES)
    running = (
        [j for j in jobs if j.status == Job.Status.RUNNING]
        if jobs is not None
        else list(Job.objects.filter(status=Job.Status.RUNNING))
    )
    recovered = []
    for job in running:
        if not _worker_gone(job, stale_before):
            continue
        heartbeat = job.heartbeat_at or job.created_at
        job.status = Job.Status.FAILED
        job.message = _(
            "Việc chạy nền đã dừng giữa chừng (tiến trình xử lý bị tắt lúc %(t)s). Các thay đổi "
            "dở dang không được ghi vào cơ sở dữ liệu; hãy chạy lại."
        ) % {"t": timezone.localtime(heartbeat).strftime("%H:%M %d/%m/%Y")}
        job.finished_at = now
        # Only if it is still running: a worker that finished meanwhile keeps its own result.
        if Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=job.status, message=job.message, finished_at=now
        ):
            logger.warning("Job %s marked failed: its worker %s is gone", job.pk, job.worker)
            recovered.append(job)
    return recovered


@task()
def run_job(job_id: int) -> None:
    """The django-tasks task: load the job and run its function with a progress callback."""
    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.finished:
        return
    run_job_now(job)

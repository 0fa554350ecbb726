"""A background job whose worker died is reported as failed, not "running" for ever."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
from typing import Any

import pytest
from django.utils import timezone

from tinhgon.core.jobs import jobs_recover
from tinhgon.core.models import Job

pytestmark = pytest.mark.django_db


def _running(people: Any, worker: str, minutes_ago: int) -> Job:
    return Job.objects.create(
        kind="import",
        label="Nhập sổ biên chế",
        owner=people.supervisor,
        status=Job.Status.RUNNING,
        worker=worker,
        heartbeat_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
    )


def test_a_job_whose_worker_is_gone_is_marked_failed(people: Any, web: Any, settings: Any) -> None:
    settings.TINHGON_JOB_STALE_MINUTES = 30
    here = socket.gethostname()
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    dead = _running(people, f"{here}:{finished.stdout.strip()}", minutes_ago=1)
    alive = _running(people, f"{here}:{os.getpid()}", minutes_ago=90)  # this process: alive
    silent = _running(people, "may-chu-khac:4242", minutes_ago=31)
    moving = _running(people, "may-chu-khac:4343", minutes_ago=5)

    # The page of the dead one says what happened, in Vietnamese.
    page = web("supervisor").get(f"/viec/{dead.pk}/tien-do/").content.decode()
    assert 'data-status="failed"' in page and "đã dừng giữa chừng" in page

    assert [j.pk for j in jobs_recover()] == [silent.pk]
    statuses = dict(Job.objects.values_list("pk", "status"))
    assert statuses == {
        dead.pk: "failed",
        alive.pk: "running",  # same machine, process alive: long silences are allowed
        silent.pk: "failed",  # another machine, no heartbeat for 31 minutes
        moving.pk: "running",
    }


def test_the_command_reports_what_it_marked(people: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    _running(people, "may-chu-khac:4242", minutes_ago=120)
    out = StringIO()
    call_command("jobs_recover", stdout=out)
    assert "Đã đánh dấu lỗi 1 việc chạy nền" in out.getvalue()
    assert Job.objects.get().finished_at is not None

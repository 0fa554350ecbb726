"""A kill -9 in the middle of an import or an event application leaves no partial write.

The barrier is PostgreSQL itself, no test hook in the code: the test holds ``LOCK TABLE
staffing_quotaentry IN EXCLUSIVE MODE`` (reads pass, writes wait). The process under test — the job
worker (``tinhgon db_worker``) committing an uploaded quota workbook, or a process recording a merger
through ``event_record`` — runs until it writes to the quota ledger (the import after its decision
and audit rows; the merger after the registry step, in the staffing step) and waits there, inside
its transaction,
with its first rows already written (``pg_stat_activity``: waiting on a lock, with a transaction id,
i.e. it has written). The test then kills it with SIGKILL, lets the lock go and checks that every
table holds exactly what it held before (the job's own status row aside, which the worker commits
before the import starts).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection
from openpyxl import load_workbook

from tests.ops.helpers import pg_url, wait_for
from tinhgon.core import importing, ops
from tinhgon.organizations.services import DecisionInput
from tinhgon.staffing.services import EntryInput, quota_entries_record

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

APP = "tinhgon-kill9-test"
# Committed by the worker around the import, not by it: the job's status and the task queue.
OUTSIDE_THE_WRITE = {"core_job", "django_tasks_database_dbtaskresult"}


def digest(skip: set[str] = frozenset()) -> dict[str, str]:
    """An md5 of every row of every table (a change of any value changes it)."""
    out = {}
    with connection.cursor() as cur:
        for table in ops._tables():
            if table in skip:
                continue
            q = connection.ops.quote_name(table)
            sql = "SELECT COUNT(*), md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), ''))"
            cur.execute(f"{sql} FROM {q} t")
            count, md5 = cur.fetchone()
            out[table] = f"{count}:{md5}"
    return out


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    full = {
        **os.environ,
        "TINHGON_TESTING": "1",
        "DATABASE_URL": pg_url(),
        "PGAPPNAME": APP,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        **env,
    }
    full.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.Popen(
        [sys.executable, "-m", "tinhgon.manage", *args],
        env=full,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def blocked_mid_transaction(pg: psycopg.Connection[Any]) -> Any:
    """The backend of the process under test if it waits on a lock after having written."""
    return pg.execute(
        "SELECT pid FROM pg_stat_activity WHERE application_name = %s AND wait_event_type = 'Lock'"
        " AND backend_xid IS NOT NULL AND xact_start < query_start",
        [APP],
    ).fetchone()


def kill_mid_transaction(proc: subprocess.Popen[str]) -> set[str]:
    """Hold the quota ledger, wait until ``proc`` is stuck inside its write, SIGKILL it."""
    with psycopg.connect(pg_url()) as locker, psycopg.connect(pg_url(), autocommit=True) as watch:
        locker.execute("LOCK TABLE staffing_quotaentry IN EXCLUSIVE MODE")
        try:
            row = wait_for(
                lambda: proc.poll() is None and blocked_mid_transaction(watch), timeout=90
            )
        except AssertionError:
            output = proc.stdout.read() if proc.poll() is not None and proc.stdout else ""
            raise AssertionError(f"the process never reached its write: {output}") from None
        backend = row[0]
        # it has written: it holds a row-exclusive lock on some table besides the one it waits for
        written = watch.execute(
            "SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
            " WHERE l.pid = %s AND l.mode = 'RowExclusiveLock' AND l.granted"
            " AND c.relkind = 'r'",
            [backend],
        ).fetchall()
        assert written, "the process had not written anything yet"
        print("written before the kill:", sorted(r[0] for r in written))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        locker.rollback()
        # the server notices the lost client and rolls its transaction back
        wait_for(
            lambda: (
                not watch.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend]
                ).fetchone()
            ),
            timeout=30,
        )
    return {r[0] for r in written}


def _workbook(rows: list[list[Any]]) -> bytes:
    from tinhgon.staffing.importers import ENTRIES, QUOTA_IMPORT

    wb = load_workbook(io.BytesIO(importing.template_bytes(QUOTA_IMPORT.spec)))
    ws = wb[ENTRIES]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_kill_9_of_the_job_worker_during_an_import_leaves_no_partial_write(
    registry: Any, people: Any, settings: Any, tmp_path: Path, web: Any
) -> None:
    from tinhgon.core.importing.job import UPLOAD_DIR
    from tinhgon.core.jobs import job_start
    from tinhgon.core.models import Job
    from tinhgon.staffing.importers import QUOTA_IMPORT
    from tinhgon.staffing.models import QuotaEntry

    settings.MEDIA_ROOT = str(tmp_path)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    issuer = "UBND tỉnh Hà Tĩnh"
    data = _workbook(
        [
            [code, "public_employee_budget", 2026, "allocation", amount, "01/01/2026",
             "7/QĐ-UBND", "20/12/2025", issuer, None]
            for code, amount in (("000.00.00.H23", 900), ("000.00.10.H23", 300),
                                 ("000.00.11.H23", 400))
        ]
    )  # fmt: skip
    (tmp_path / UPLOAD_DIR).mkdir()
    (tmp_path / UPLOAD_DIR / "so-bien-che.xlsx").write_bytes(data)
    job_start(
        kind="import",
        label="Nhập sổ biên chế",
        owner=people.supervisor,
        params={
            "kind": QUOTA_IMPORT.key,
            "module": "tinhgon.staffing.importers",
            "path": "so-bien-che.xlsx",
            "sha256": hashlib.sha256(data).hexdigest(),
        },
    )
    before = digest(OUTSIDE_THE_WRITE)
    worker_args = ["db_worker", "--interval", "0.2", "--no-startup-delay", "--skip-checks"]
    env = {"MEDIA_ROOT": str(tmp_path)}

    worker = start(worker_args, env)
    worker_pid = worker.pid
    written = kill_mid_transaction(worker)

    # the import had written the decision and its audit row
    assert {"organizations_legaldocument", "core_auditentry"} <= written
    assert digest(OUTSIDE_THE_WRITE) == before
    assert QuotaEntry.objects.count() == 0
    # The job's page does not say "running" for ever: the worker is gone, and the page says so.
    job = Job.objects.get()
    assert job.status == Job.Status.RUNNING and job.worker.endswith(":" + str(worker_pid))
    page = web("supervisor").get(f"/viec/{job.pk}/tien-do/").content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "đã dừng giữa chừng" in page and "hãy chạy lại" in page


MERGE = """
import datetime as dt
from tinhgon.accounts.models import User
from tinhgon.organizations.choices import EventKind, Kind, Sector
from tinhgon.organizations.services import DecisionInput, EventInput, NewUnit
from tinhgon.restructuring.services import event_record
event_record(
    acting_user=User.objects.get(username="chuyen-vien-snv"),
    data=EventInput(
        kind=EventKind.MERGE,
        effective_date=dt.date(2026, 7, 1),
        decision=DecisionInput("88/QĐ-UBND", dt.date(2026, 6, 20), "UBND tỉnh Hà Tĩnh"),
        predecessors=[{a}, {b}],
        successors=[NewUnit(name="Trường Tiểu học Tùng Lạc", kind=Kind.SCHOOL,
                            sector=Sector.EDUCATION, managing_body={body})],
    ),
)
print("recorded")
"""


def test_kill_9_during_an_event_application_leaves_no_partial_write(
    registry: Any, people: Any
) -> None:
    quota_entries_record(
        acting_user=people.supervisor,
        rows=[
            EntryInput(org.pk, "public_employee_budget", 2026, "allocation", amount,
                       dt.date(2026, 1, 10),
                       DecisionInput("3/QĐ-UBND", dt.date(2026, 1, 5), "UBND tỉnh Hà Tĩnh"))
            for org, amount in ((registry.province, 100), (registry.district, 50),
                                (registry.commune, 20), (registry.commune2, 10),
                                (registry.primary, 10), (registry.primary2, 5))
        ],
    )  # fmt: skip
    script = MERGE.format(a=registry.primary.pk, b=registry.primary2.pk, body=registry.district.pk)
    before = digest()

    written = kill_mid_transaction(start(["shell", "-c", script], {}))

    # the registry step and the audit trail were written; the staffing step was moving the quota
    assert {
        "organizations_reorgevent",
        "organizations_organizationstate",
        "organizations_eventlink",
        "core_auditentry",
    } <= written
    assert digest() == before

"""Benchmark of the quota ledger workbook on PostgreSQL (`make bench`, issue 4).

1. Database: ``DATABASE_URL`` if it points to PostgreSQL, else the benchmarks' throwaway cluster
   (``bench/_pg.py``, port 54330, data in ``bench/.cache/pg``), database ``tinhgon_bench_import``
   (its own, so that the registry benchmark's data is left alone).
2. ``tinhgon migrate``, then a registry written in bulk once (kept behind ``bench_meta.key =
   'import'``): a province, 40 departments and 2,000 coded units under them. Before every run the
   ledger, the register of decisions and the audit trail are emptied and the bodies' allocations
   put back (generous, so that no row is refused).
3. The workbook (100,000 rows: per unit and year 2016–2025 the allocations and +1 adjustments of
   two quota kinds and a −1 recovery) is generated once with openpyxl and cached in
   ``bench/.cache/import-100k.xlsx``.
4. Timings (best of ``--runs``): python-calamine only reading the sheet; the dry run
   (``run_import(commit=False)``: read, parse, every check, rolled back); the commit
   (``run_import(commit=True)``). Rows per second and the ratio of each to calamine's read.
   Since issue 10 (approval everywhere) the commit stores ONE quota submission (the rows checked as
   the approval will check them); the ledger is written when Sở Nội vụ approves it
   (``quota_submission_approve`` by a second account, a separate step taken later), timed too;
   "write" = commit + approval, the work from the upload to the rows in the ledger (informative).

Results: a table on stdout and ``bench/results/import.json``. Target (issue 3): the import's commit
≥ 5,000 rows/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import _pg  # noqa: E402
from _pg import Cluster  # noqa: E402

DATA_VERSION = "import-v1"
DB_NAME = "tinhgon_bench_import"
N_DEPTS, UNITS_PER_DEPT = 40, 50
YEARS = range(2016, 2026)
ISSUER = "UBND tỉnh Hà Tĩnh"
START = dt.date(2010, 1, 1)
WORKBOOK = HERE / ".cache" / "import-100k.xlsx"
TARGET_ROWS_PER_S = 5000


def setup_django(port: int) -> Cluster | None:
    cluster = _pg.setup_django(port, DB_NAME, "bench/import.py")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return cluster


def codes() -> list[str]:
    return [f"BI{d:02d}U{u:02d}" for d in range(N_DEPTS) for u in range(UNITS_PER_DEPT)]


def ensure_registry() -> None:
    """The province, departments and units (bulk, once)."""
    from django.db import connection, transaction

    from tinhgon.organizations.choices import Kind, Sector
    from tinhgon.organizations.models import Organization, OrganizationState

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_meta "
            "(key text PRIMARY KEY, value jsonb NOT NULL, created_at timestamptz DEFAULT now())"
        )
        cursor.execute("SELECT value FROM bench_meta WHERE key = 'import'")
        row = cursor.fetchone()
        if (
            row
            and (row[0] if isinstance(row[0], dict) else json.loads(row[0])).get("version")
            == DATA_VERSION
        ):
            return
    with transaction.atomic():
        province = Organization.objects.create(code="BI-TINH", valid_from=START)
        depts = Organization.objects.bulk_create(
            Organization(code=f"BI{d:02d}", valid_from=START) for d in range(N_DEPTS)
        )
        units = Organization.objects.bulk_create(
            Organization(code=code, valid_from=START) for code in codes()
        )
        states = [
            OrganizationState(
                organization=province,
                valid_from=START,
                name=ISSUER,
                name_folded="ubnd tinh ha tinh",
                kind=Kind.PROVINCIAL_COMMITTEE,
                sector=Sector.STATE_MANAGEMENT,
            )
        ]
        for d, dept in enumerate(depts):
            states.append(
                OrganizationState(
                    organization=dept,
                    valid_from=START,
                    name=f"Sở thử {d}",
                    name_folded=f"so thu {d}",
                    kind=Kind.DEPARTMENT,
                    sector=Sector.STATE_MANAGEMENT,
                    managing_body=province,
                )
            )
            for u in range(UNITS_PER_DEPT):
                states.append(
                    OrganizationState(
                        organization=units[d * UNITS_PER_DEPT + u],
                        valid_from=START,
                        name=f"Trường thử {d}-{u}",
                        name_folded=f"truong thu {d}-{u}",
                        kind=Kind.SCHOOL,
                        sector=Sector.EDUCATION,
                        managing_body=dept,
                    )
                )
        OrganizationState.objects.bulk_create(states, batch_size=2000)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_meta (key, value) VALUES ('import', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [json.dumps({"version": DATA_VERSION, "units": len(units)})],
            )


def reset_ledger() -> None:
    """Empty the ledger, the register of decisions and the audit trail; put back the bodies'
    allocations (province 1,000,000, each department 100,000 per kind)."""
    from django.db import connection

    from tinhgon.core.models import AuditEntry
    from tinhgon.organizations.models import LegalDocument, Organization
    from tinhgon.staffing.models import (
        Headcount,
        HeadcountSubmission,
        QuotaChainStep,
        QuotaEntry,
        QuotaSubmission,
    )

    # The import makes a quota submission (approval writes the ledger): empty those too, or the
    # next run's rows would be found waiting in the last run's submission and left alone.
    emptied = (
        QuotaEntry,
        QuotaChainStep,
        Headcount,
        AuditEntry,
        QuotaSubmission,
        HeadcountSubmission,
    )
    tables = [m._meta.db_table for m in emptied]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)}")
    LegalDocument.objects.all().delete()
    doc = LegalDocument.objects.create(
        number="1/QĐ-UBND", seq=1, type_code="QĐ", year=2015, date=dt.date(2015, 12, 1),
        issuer=ISSUER,
    )  # fmt: skip
    bodies = list(Organization.objects.filter(code__regex=r"^BI(-TINH|\d\d)$"))
    QuotaEntry.objects.bulk_create(
        QuotaEntry(
            organization=body,
            kind=kind,
            year=2016,
            entry_type="allocation",
            amount=1_000_000 if body.code == "BI-TINH" else 100_000,
            effective_date=dt.date(2016, 1, 1),
            decision=doc,
        )
        for body in bodies
        for kind in ("public_employee_budget", "contract")
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def workbook() -> bytes:
    """The 100,000-row workbook (cached)."""
    if WORKBOOK.exists():
        return WORKBOOK.read_bytes()
    from openpyxl import Workbook

    from tinhgon.core.importing.spec import META_SHEET
    from tinhgon.staffing.importers import ENTRIES, QUOTA_SPEC

    t0 = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(ENTRIES)
    ws.append([c.header for c in QUOTA_SPEC.sheet(ENTRIES).columns])
    for code in codes():
        for year in YEARS:
            number, decided = f"{year - 2000}/QĐ-UBND", dt.date(year - 1, 12, 15)
            for kind in ("public_employee_budget", "contract"):
                for etype, amount, day in (
                    ("allocation", 40, dt.date(year, 1, 1)),
                    ("adjustment", 1, dt.date(year, 7, 1)),
                ):
                    ws.append([code, kind, year, etype, amount, day, number, decided, ISSUER])
            ws.append(
                [code, "public_employee_budget", year, "recovery", -1, dt.date(year, 10, 1),
                 number, decided, ISSUER]
            )  # fmt: skip
    meta = wb.create_sheet(META_SHEET)
    meta.append([QUOTA_SPEC.kind])
    meta.append([QUOTA_SPEC.version])
    out = io.BytesIO()
    wb.save(out)
    WORKBOOK.parent.mkdir(parents=True, exist_ok=True)
    WORKBOOK.write_bytes(out.getvalue())
    print(f"Workbook generated in {time.perf_counter() - t0:.1f} s: {WORKBOOK}")
    return out.getvalue()


def measure(data: bytes, runs: int) -> dict[str, Any]:
    import python_calamine

    from tinhgon.accounts.models import User
    from tinhgon.core import importing
    from tinhgon.staffing.importers import ENTRIES, QUOTA_IMPORT
    from tinhgon.staffing.models import QuotaEntry, QuotaSubmission
    from tinhgon.staffing.submission_services import quota_submission_approve

    user = User.objects.filter(username="bench-import").first()
    if user is None:
        user = User.objects.create_superuser("bench-import", password=None)
    # The maker never approves their own submission: a second account approves.
    approver = User.objects.filter(username="bench-approve").first()
    if approver is None:
        approver = User.objects.create_superuser("bench-approve", password=None)
    n_rows = 0

    def read() -> None:
        nonlocal n_rows
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        n_rows = len(book.get_sheet_by_name(ENTRIES).to_python()) - 1

    def timed(fn: Any) -> float:
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    calamine = min(timed(read) for _ in range(runs))
    dry_times, commit_times, approve_times = [], [], []
    for _ in range(runs):
        reset_ledger()
        result: Any = None

        def dry() -> None:
            nonlocal result
            result = importing.run_import(
                QUOTA_IMPORT.spec, data, QUOTA_IMPORT.apply, acting_user=user, commit=False
            )

        dry_times.append(timed(dry))
        assert result.ok and QuotaEntry.objects.count() == 82, result.errors[:3]

        def commit() -> None:
            nonlocal result
            result = importing.run_import(
                QUOTA_IMPORT.spec, data, QUOTA_IMPORT.apply, acting_user=user, commit=True
            )

        commit_times.append(timed(commit))
        assert result.committed and result.created_total == n_rows, result.errors[:3]
        submission = QuotaSubmission.objects.latest("pk")

        def approve(sub: Any = submission) -> None:
            quota_submission_approve(
                acting_user=approver, submission=sub, expected_version=sub.version, reason="Bench"
            )

        approve_times.append(timed(approve))
        assert QuotaEntry.objects.count() == 82 + n_rows
    dry_s, commit_s, approve_s = min(dry_times), min(commit_times), min(approve_times)
    write_s = commit_s + approve_s
    return {
        "rows": n_rows,
        "calamine_read_s": round(calamine, 3),
        "calamine_rows_per_s": round(n_rows / calamine),
        "dry_run_s": round(dry_s, 3),
        "dry_run_rows_per_s": round(n_rows / dry_s),
        "dry_run_vs_calamine": round(dry_s / calamine, 1),
        "commit_s": round(commit_s, 3),
        "commit_rows_per_s": round(n_rows / commit_s),
        "commit_vs_calamine": round(commit_s / calamine, 1),
        "approve_s": round(approve_s, 3),
        "approve_rows_per_s": round(n_rows / approve_s),
        "write_s": round(write_s, 3),
        "write_rows_per_s": round(n_rows / write_s),
        "write_vs_calamine": round(write_s / calamine, 1),
        "target_commit_rows_per_s": TARGET_ROWS_PER_S,
        "ok": n_rows / commit_s >= TARGET_ROWS_PER_S,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=54330)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    cluster = setup_django(args.port)
    try:
        ensure_registry()
        data = workbook()
        results = measure(data, args.runs)
    finally:
        if cluster is not None:
            cluster.stop()
    results["python"] = platform.python_version()
    print(f"Quota workbook, {results['rows']:,} rows, PostgreSQL (best of {args.runs}):")
    print(f"  {'':<20}{'seconds':>10}{'rows/s':>10}{'× calamine':>12}")
    print(f"  {'calamine read':<20}{results['calamine_read_s']:>10}"
          f"{results['calamine_rows_per_s']:>10,}{1:>12}")  # fmt: skip
    print(f"  {'dry run':<20}{results['dry_run_s']:>10}{results['dry_run_rows_per_s']:>10,}"
          f"{results['dry_run_vs_calamine']:>12}")  # fmt: skip
    print(f"  {'commit':<20}{results['commit_s']:>10}{results['commit_rows_per_s']:>10,}"
          f"{results['commit_vs_calamine']:>12}")  # fmt: skip
    print(f"  {'approval':<20}{results['approve_s']:>10}{results['approve_rows_per_s']:>10,}"
          f"{round(results['approve_s'] / results['calamine_read_s'], 1):>12}")  # fmt: skip
    print(f"  {'write (both)':<20}{results['write_s']:>10}{results['write_rows_per_s']:>10,}"
          f"{results['write_vs_calamine']:>12}")  # fmt: skip
    verdict = "OK" if results["ok"] else "BELOW TARGET"
    print(f"  target: commit ≥ {TARGET_ROWS_PER_S:,} rows/s — {verdict}")
    out = HERE / "results" / "import.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

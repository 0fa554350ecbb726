"""Benchmark of plans at national scale on PostgreSQL (`make bench`).

1. Database: ``DATABASE_URL`` if it points to PostgreSQL, else the throwaway cluster of
   ``bench/_pg.py`` (port 54330, data kept in ``bench/.cache/pg``), database ``tinhgon_bench_plans``
   (its own, so the registry benchmark's data stays untouched).
2. ``tinhgon migrate``, then — once, cached behind ``bench_meta.key = 'plans'`` — with COPY: 34
   provinces of about 130 assigned agencies each (departments and communes), one national plan of
   5 tasks (recurring, dated, conditional, per-project, none) given to every agency (≈ 22,000
   assignments), and 10 half-year periods of progress reports (≈ 200,000 reports).
3. ANALYZE, then medians of the plan dashboard selector (``selectors.plan_dashboard``: every
   assignment's bucket, the tree roll-up and the scorecards) for the nation and for one province,
   and of one agency's "Việc của tôi" selector (scope + ``selectors.my_work_rows``).

Targets (issue 3): dashboard < 300 ms, "Việc của tôi" < 50 ms. Results on stdout and in
``bench/results/plans.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import _pg  # noqa: E402
from _pg import Cluster  # noqa: E402

DATA_VERSION = "plans-v1"
SEED = 56
N_PROVINCES = 34
AGENCIES_PER_PROVINCE = 130
DEPARTMENTS = 16
PLAN_DATE = dt.date(2021, 12, 1)
AS_OF = dt.date(2026, 11, 26)
START = dt.date(2015, 1, 1)
TASKS = (
    ("1", "recurring", None),
    ("2", "date", dt.date(2023, 6, 30)),
    ("3", "conditional", None),
    ("4", "per_project", None),
    ("5", "none", None),
)


def setup_django(args: argparse.Namespace) -> Cluster | None:
    return _pg.setup_django(args.port, "tinhgon_bench_plans", "bench/plans.py")


def meta(cursor: Any) -> dict[str, Any] | None:
    return _pg.read_meta(cursor, "plans", DATA_VERSION)


def _copy(cursor: Any, model: Any, rows: list[dict[str, Any]]) -> None:
    """COPY ``rows`` (dicts by attname; missing fields take their defaults) into ``model``'s table."""
    fields = list(model._meta.concrete_fields)
    columns = ", ".join(f'"{f.column}"' for f in fields)
    raw = cursor.cursor
    with raw.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            out = []
            for f in fields:
                if f.attname in row:
                    value = row[f.attname]
                elif f.has_default():
                    value = f.get_default()
                elif not f.null and f.get_internal_type() in ("CharField", "TextField"):
                    value = ""
                else:
                    value = None
                if isinstance(value, list | dict):
                    value = json.dumps(value, ensure_ascii=False)
                out.append(value)
            copy.write_row(out)
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
        f"(SELECT coalesce(max(id), 1) FROM {model._meta.db_table}))"
    )


def generate() -> dict[str, Any]:
    from django.db import connection, transaction
    from django.utils import timezone

    from tinhgon.core.text import fold
    from tinhgon.organizations.models import Organization, OrganizationState
    from tinhgon.plans import buckets
    from tinhgon.plans.models import Assignment, Plan, ProgressReport, Task

    rng = random.Random(SEED)
    now = timezone.now()
    tz = timezone.get_current_timezone()
    orgs: list[dict[str, Any]] = []
    states: list[dict[str, Any]] = []
    agencies: list[int] = []
    next_id = 1

    def org(name: str, kind: str, level: str, parent: int | None) -> int:
        nonlocal next_id
        pk = next_id
        next_id += 1
        orgs.append(
            {
                "id": pk,
                "valid_from": START,
                "valid_to": None,
                "is_demo": True,
                "created_at": now,
                "version": 1,
            }
        )
        states.append(
            {
                "id": pk,
                "organization_id": pk,
                "valid_from": START,
                "valid_to": None,
                "name": name,
                "name_folded": fold(name),
                "kind": kind,
                "sector": "state_management",
                "category": "",
                "level": level,
                "managing_body_id": parent,
                "autonomy_group": None,
                "unit_class": "",
                "has_management_board": False,
                "opened_by_id": None,
            }
        )
        return pk

    nation = org("Chính phủ (bench)", "other_admin", "province", None)
    for p in range(1, N_PROVINCES + 1):
        committee = org(f"UBND tỉnh {p:02d}", "provincial_committee", "province", nation)
        for d in range(DEPARTMENTS):
            agencies.append(
                org(f"Sở {d + 1:02d} tỉnh {p:02d}", "department", "province", committee)
            )
        for c in range(AGENCIES_PER_PROVINCE - DEPARTMENTS):
            agencies.append(
                org(f"UBND xã {c + 1:03d} tỉnh {p:02d}", "commune_committee", "commune", committee)
            )

    periods = buckets.periods_between("half", dt.date(2022, 1, 1), AS_OF)[-10:]
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE plans_evidencefile, plans_progressreport, plans_reassignmentitem_candidates, "
            "plans_reassignmentitem, plans_reminderlog, plans_reportingperiodreopen, plans_assignment, "
            "plans_product, plans_task, plans_plan, organizations_organizationstate, "
            "organizations_eventlink, organizations_reorgevent, organizations_legaldocument, "
            "organizations_organization RESTART IDENTITY CASCADE"
        )
        _copy(cursor, Organization, orgs)
        _copy(cursor, OrganizationState, states)
        plan = Plan.objects.create(
            number="01/KH-BENCH",
            date=PLAN_DATE,
            issuer="Chính phủ (bench)",
            issuer_org_id=nation,
            title="Kế hoạch toàn quốc (dữ liệu đo hiệu năng)",
            source="text",
            period_kind="half",
        )
        tasks = []
        for i, (ref, kind, due) in enumerate(TASKS, start=1):
            tasks.append(
                {
                    "id": i,
                    "plan_id": plan.pk,
                    "parent_id": None,
                    "ref": ref,
                    "position": i,
                    "depth": 0,
                    "text": f"Nhiệm vụ {ref}",
                    "deadline_kind": kind,
                    "due": due,
                    "agencies": [],
                    "condition_met_on": dt.date(2025, 3, 3) if kind == "conditional" else None,
                    "version": 1,
                }
            )
        _copy(cursor, Task, tasks)
        assignments = []
        reports = []
        aid = 0
        rid = 0
        for agency in agencies:
            for t in tasks:
                aid += 1
                done = None
                if t["deadline_kind"] in ("date", "conditional", "none") and rng.random() < 0.6:
                    done = dt.date(2023, 6, 1) + dt.timedelta(days=rng.randint(0, 600))
                assignments.append(
                    {
                        "id": aid,
                        "task_id": t["id"],
                        "organization_id": agency,
                        "role": "lead",
                        "valid_from": PLAN_DATE,
                        "valid_to": None,
                        "reason": "",
                        "created_at": now,
                        "done_on": done,
                        "done_approved_on": done and done + dt.timedelta(days=3),
                        "version": 1,
                    }
                )
                for p in periods:
                    if rng.random() < 0.1 or p.start > AS_OF:
                        continue
                    rid += 1
                    sub = min(
                        p.end + dt.timedelta(days=rng.randint(-10, 8)), AS_OF - dt.timedelta(days=1)
                    )
                    sub_at = dt.datetime(sub.year, sub.month, sub.day, 10, tzinfo=tz)
                    reports.append(
                        {
                            "id": rid,
                            "assignment_id": aid,
                            "period_kind": "half",
                            "period_year": p.year,
                            "period_number": p.number,
                            "period_start": p.start,
                            "period_end": p.end,
                            "progress": "completed"
                            if t["deadline_kind"] == "recurring"
                            else "in_progress",
                            "percent": 100 if t["deadline_kind"] == "recurring" else 50,
                            "narrative": "",
                            "status": "approved",
                            "submitted_at": sub_at,
                            "decided_at": sub_at + dt.timedelta(days=2),
                            "decision_reason": "",
                            "created_at": sub_at,
                            "version": 3,
                        }
                    )
        _copy(cursor, Assignment, assignments)
        _copy(cursor, ProgressReport, reports)
        info = {
            "version": DATA_VERSION,
            "seed": SEED,
            "provinces": N_PROVINCES,
            "agencies": len(agencies),
            "assignments": len(assignments),
            "reports": len(reports),
            "periods": len(periods),
            "plan_id": plan.pk,
            "copy_s": round(time.perf_counter() - t0, 2),
        }
        cursor.execute(
            "INSERT INTO bench_meta (key, value) VALUES ('plans', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, created_at = now()",
            [json.dumps(info)],
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"Generated {info['assignments']:,} assignments, {info['reports']:,} reports in {info['copy_s']} s"
    )
    return info


def median_ms(fn: Any, runs: int, warmup: int) -> dict[str, float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "min_ms": round(times[0], 2),
        "max_ms": round(times[-1], 2),
    }


def measure(info: dict[str, Any], runs: int, warmup: int) -> dict[str, Any]:
    from tinhgon.organizations import selectors as org_selectors
    from tinhgon.organizations.models import OrganizationState
    from tinhgon.plans import selectors
    from tinhgon.plans.models import Plan

    plan = Plan.objects.get(pk=info["plan_id"])
    province = (
        OrganizationState.objects.filter(kind="provincial_committee")
        .order_by("id")[10]
        .organization_id
    )
    agency = (
        OrganizationState.objects.filter(kind="department", managing_body_id=province)
        .order_by("id")[0]
        .organization_id
    )
    province_scope = org_selectors.subtree_ids([province], AS_OF)

    def dashboard() -> None:
        selectors.plan_dashboard(plan, AS_OF)

    def dashboard_province() -> None:
        selectors.plan_dashboard(plan, AS_OF, org_selectors.subtree_ids([province], AS_OF))

    def my_work() -> None:
        selectors.my_work_rows(org_selectors.subtree_ids([agency], AS_OF), AS_OF)

    dash = selectors.plan_dashboard(plan, AS_OF)
    mine = selectors.my_work_rows({agency}, AS_OF)
    results = {
        "plan_dashboard_nation": {
            "label": "Bảng tổng hợp kế hoạch (toàn quốc)",
            "target_ms": 300,
            **median_ms(dashboard, runs, warmup),
        },
        "plan_dashboard_province": {
            "label": "Bảng tổng hợp kế hoạch (một tỉnh)",
            "target_ms": 300,
            **median_ms(dashboard_province, runs, warmup),
        },
        "my_work_agency": {
            "label": "Việc của tôi (một sở)",
            "target_ms": 50,
            **median_ms(my_work, runs, warmup),
        },
    }
    for r in results.values():
        r["met"] = r["median_ms"] < r["target_ms"]
    return {
        "as_of": AS_OF.isoformat(),
        "runs": runs,
        "warmup": warmup,
        "results": results,
        "dashboard_counts": dash.counts,
        "province_scope": len(province_scope),
        "my_work_rows": len(mine),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--port", type=int, default=54330)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "plans.json")
    args = parser.parse_args()
    cluster = setup_django(args)
    try:
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0, interactive=False)
        with connection.cursor() as cursor:
            info = None if args.regenerate else meta(cursor)
        if info is None:
            name = connection.settings_dict["NAME"]
            if "bench" not in name:
                raise SystemExit(
                    f"Database {name!r} is not a bench database: refusing to truncate it."
                )
            print("Generating the national plan data (once; cached in the database)…")
            info = generate()
        else:
            print(f"Using the cached plan data ({info['assignments']:,} assignments).")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        data = measure(info, args.runs, args.warmup)
        data["dataset"] = info
        data["machine"] = {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "postgresql": connection.pg_version,
        }
        print(
            f"\nPlans benchmark on PostgreSQL, as of {data['as_of']} (median of {args.runs} runs)"
        )
        for r in data["results"].values():
            verdict = "met" if r["met"] else "MISSED"
            print(
                f"  {r['label']:<40} {r['median_ms']:>9.2f} ms  (target < {r['target_ms']} ms)  {verdict}"
            )
        print(f"  bucket counts: {data['dashboard_counts']}")
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
        print(f"Results written to {args.output}")
    finally:
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

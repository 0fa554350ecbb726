"""Benchmark of a restructuring project of 2,000 units at national scale on PostgreSQL (issue 8).

1. Database, registry and quota ledger as ``bench/registry.py`` and ``bench/indicators.py`` (own
   cluster, data cached in ``bench/.cache/pg``; generated once).
2. On top of it — once, cached behind ``bench_meta.key = 'proposals'`` — ten people with a
   full-time assignment in each of 2,000 public service units of the largest provinces (bulk
   insert), and two deputies in every tenth of them.
3. The project: 600 mergers of three units of the same department (1,800 units, the successor
   in the best autonomy group of its predecessors) and 200 absorptions (one unit into another of
   the same department, the receiver in the better group): 2,000 units, effective 01/01/2027.
4. Medians of ``project_impact.impact`` (runs after warm-ups) and of ``project_apply`` (each run
   in a transaction rolled back afterwards; the draft, submission, appraisal and approval of the
   project are outside the timing). Targets: impact < 2 s, application < 10 s.

Results: a table on stdout and ``bench/results/proposals.json``. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import _pg  # noqa: E402
import indicators as ind  # noqa: E402  (bench/indicators.py: the quota ledger)
import registry as reg  # noqa: E402  (bench/registry.py: cluster, registry generation)

DAY = dt.date(2027, 1, 1)
UNITS = 2000
PEOPLE_PER_UNIT = 10
VERSION = "proposals-v1"
TARGETS_MS = {"impact": 2000.0, "application": 10000.0}


class Rollback(Exception):
    """Raised inside a timed application to roll its transaction back."""


def pick_units() -> list[tuple[int, int, int]]:
    """2,000 public service units alive on DAY−1 with no child, grouped by department:
    ``(org, department, autonomy group)``, largest provinces first."""
    from django.db import connection

    base = DAY - dt.timedelta(days=1)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.organization_id, s.managing_body_id, coalesce(s.autonomy_group, 4), p.province_id
            FROM organizations_organizationstate s
            JOIN organizations_organizationstate b ON b.organization_id = s.managing_body_id
             AND b.valid_from <= %s AND (b.valid_to IS NULL OR b.valid_to >= %s)
             AND b.kind = 'department'
            JOIN bench_org_province p ON p.org_id = s.organization_id
            WHERE s.valid_from <= %s AND (s.valid_to IS NULL OR s.valid_to >= %s)
              AND s.kind = ANY(%s)
              AND NOT EXISTS (
                SELECT 1 FROM organizations_organizationstate c
                WHERE c.managing_body_id = s.organization_id
                  AND c.valid_from <= %s AND (c.valid_to IS NULL OR c.valid_to >= %s))
            ORDER BY s.managing_body_id, s.organization_id
            """,
            [base, base, base, base, list(reg.PSU_KINDS), base, base],
        )
        rows = cursor.fetchall()
    by_dept: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for org, dept, group, _province in rows:
        by_dept[dept].append((org, group))
    chosen: list[tuple[int, int, int]] = []
    for dept, units in sorted(by_dept.items(), key=lambda kv: -len(kv[1])):
        usable = len(units) - len(units) % 3
        chosen.extend((org, dept, group) for org, group in units[:usable])
        if len(chosen) >= UNITS:
            break
    return chosen[:UNITS]


def people_meta(cursor: Any) -> dict[str, Any] | None:
    return _pg.read_meta(cursor, "proposals", VERSION)


def generate_people(units: list[tuple[int, int, int]]) -> dict[str, Any]:
    from django.db import connection, transaction

    from tinhgon.core.text import fold
    from tinhgon.organizations.services import DecisionInput, document_resolve
    from tinhgon.workforce.choices import LeaderRole
    from tinhgon.workforce.models import Assignment, LeadershipAppointment, Person

    t0 = time.perf_counter()
    with transaction.atomic():
        doc = document_resolve(
            acting_user=None,
            decision=DecisionInput("2/QĐ-UBND", dt.date(2023, 12, 20), "Bench", "Người ký"),
        )
        people = [
            Person(
                full_name=f"Viên chức {org}-{k}",
                name_folded=fold(f"Viên chức {org}-{k}"),
                birth_date=dt.date(1980 + k, 1, 1),
                sex="F" if k % 2 else "M",
                employment_kind="vien_chuc",
                hired_on=dt.date(2010, 9, 1),
            )
            for org, _d, _g in units
            for k in range(PEOPLE_PER_UNIT)
        ]
        Person.objects.bulk_create(people, batch_size=5000)
        assignments = []
        appointments = []
        for i, p in enumerate(people):
            org = units[i // PEOPLE_PER_UNIT][0]
            assignments.append(
                Assignment(person=p, organization_id=org, valid_from=dt.date(2020, 1, 1))
            )
            if (i // PEOPLE_PER_UNIT) % 10 == 0 and i % PEOPLE_PER_UNIT < 2:
                appointments.append(
                    LeadershipAppointment(
                        person=p,
                        organization_id=org,
                        role=LeaderRole.DEPUTY,
                        title="Phó Giám đốc",
                        document=doc,
                        valid_from=dt.date(2024, 1, 1),
                        term_end=dt.date(2028, 12, 31),
                    )
                )
        Assignment.objects.bulk_create(assignments, batch_size=5000)
        LeadershipAppointment.objects.bulk_create(appointments, batch_size=5000)
        info = {
            "version": VERSION,
            "people": len(people),
            "appointments": len(appointments),
            "units": [u[0] for u in units],
            "seconds": round(time.perf_counter() - t0, 1),
        }
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_meta (key, value, created_at) VALUES ('proposals', %s, now()) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, created_at = now()",
                [json.dumps(info)],
            )
    return info


def project_content(units: list[tuple[int, int, int]]) -> dict[str, Any]:
    events: list[dict[str, Any]] = []
    merged = units[:1800]
    for i in range(0, len(merged), 3):
        trio = merged[i : i + 3]
        events.append(
            {
                "kind": "merge",
                "predecessors": [u[0] for u in trio],
                "new_units": [
                    {
                        "key": f"M{i // 3}",
                        "name": f"Đơn vị hợp nhất số {i // 3 + 1}",
                        "kind": "center",
                        "sector": "education",
                        "managing_body": trio[0][1],
                        "autonomy_group": min(u[2] for u in trio),
                    }
                ],
            }
        )
    rest = units[1800:]
    for i in range(0, len(rest) - 1, 2):
        a, b = sorted(rest[i : i + 2], key=lambda u: u[2])  # the receiver in the better group
        events.append({"kind": "absorb", "predecessors": [b[0]], "receiver": a[0]})
    return {"events": events, "placements": []}


def approved_project(content: dict[str, Any], users: tuple[Any, Any, Any], owner: int) -> Any:
    from tinhgon.organizations.services import DecisionInput
    from tinhgon.restructuring import project_services as ps

    maker, appraiser, approver = users
    p = ps.project_save(
        acting_user=maker,
        data=ps.ProjectInput(
            name="Đề án thử tải 2.000 đơn vị",
            owner=owner,
            effective_date=DAY,
            events=content["events"],
        ),
    )
    p = ps.project_submit(acting_user=maker, project=p, expected_version=p.version)
    p = ps.project_appraise(
        acting_user=appraiser, project=p, expected_version=p.version, comment="Thử tải"
    )
    return ps.project_approve(
        acting_user=approver,
        project=p,
        expected_version=p.version,
        decision=DecisionInput("1/QĐ-UBND", dt.date(2026, 12, 1), "Bench", "Người ký"),
    )


def measure(runs: int, warmup: int, app_runs: int) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from tinhgon.organizations.models import OrganizationState
    from tinhgon.restructuring.choices import ProjectStatus
    from tinhgon.restructuring.project_impact import impact
    from tinhgon.restructuring.project_services import project_apply

    with connection.cursor() as cursor:
        info = people_meta(cursor)
    assert info is not None
    ids = info["units"]
    states = {
        s.organization_id: s
        for s in OrganizationState.objects.as_of(DAY - dt.timedelta(days=1)).filter(
            organization_id__in=ids
        )
    }
    units = [(i, states[i].managing_body_id, states[i].autonomy_group or 4) for i in ids]
    content = project_content(units)  # type: ignore[arg-type]
    touched = {p for e in content["events"] for p in e["predecessors"]} | {
        e["receiver"] for e in content["events"] if e.get("receiver")
    }
    figures, sim = impact(content, DAY)
    assert not sim.problems, sim.problems.problems[:5]
    times = []
    for _ in range(warmup):
        impact(content, DAY)
    for _ in range(runs):
        t0 = time.perf_counter()
        impact(content, DAY)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    result: dict[str, Any] = {
        "project": {
            "events": len(content["events"]),
            "units_touched": len(touched),
            "people": figures["people"],
            "units_before": figures["units"]["before"],
            "units_after": figures["units"]["after"],
        },
        "impact": {
            "median_ms": round(statistics.median(times), 1),
            "min_ms": round(times[0], 1),
            "max_ms": round(times[-1], 1),
        },
    }
    User = get_user_model()
    users = tuple(
        User.objects.get_or_create(
            username=f"bench-{n}", defaults={"role": "administrator", "is_superuser": True}
        )[0]
        for n in ("maker", "appraiser", "approver")
    )
    owner = states[ids[0]].managing_body_id
    app_times = []
    for _ in range(app_runs):
        with contextlib.suppress(Rollback), transaction.atomic():
            project = approved_project(content, users, owner)  # type: ignore[arg-type]
            t0 = time.perf_counter()
            done = project_apply(acting_user=users[2], project=project, today=DAY)
            app_times.append((time.perf_counter() - t0) * 1000)
            assert done.status == ProjectStatus.APPLIED, done.application_error[:500]
            result["applied_events"] = done.events.count()
            raise Rollback
    app_times.sort()
    result["application"] = {
        "median_ms": round(statistics.median(app_times), 1),
        "min_ms": round(app_times[0], 1),
        "max_ms": round(app_times[-1], 1),
        "runs": app_runs,
    }
    return result


def report(data: dict[str, Any]) -> None:
    p = data["project"]
    print(
        f"\nProject: {p['events']} events, {p['units_touched']} units, "
        f"{p['people']['to_reassign']} people; units {p['units_before']:,} → {p['units_after']:,}"
    )
    print(f"{'case':<14}{'median':>12}{'min':>12}{'max':>12}{'target':>12}")
    for case in ("impact", "application"):
        r = data[case]
        ok = "ok" if r["median_ms"] < TARGETS_MS[case] else "MISSED"
        print(
            f"{case:<14}{r['median_ms']:>10.0f}ms{r['min_ms']:>10.0f}ms{r['max_ms']:>10.0f}ms"
            f"{TARGETS_MS[case]:>10.0f}ms {ok}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--application-runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=54330, help="port of the own cluster")
    parser.add_argument("--force", action="store_true", help="truncate a non-bench database")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "proposals.json")
    args = parser.parse_args()

    cluster = reg.setup_django(args)
    try:
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0, interactive=False)
        with connection.cursor() as cursor:
            info = reg.meta(cursor)
        if info is None:
            print("Generating the national registry (once; cached in the database)…")
            info = reg.generate(force=args.force)
        with connection.cursor() as cursor:
            ledger = ind.ledger_meta(cursor)
        if ledger is None:
            print("Generating the quota ledger (once; cached in the database)…")
            ledger = ind.generate_ledger()
        from tinhgon.indicators.models import Target
        from tinhgon.indicators.services import targets_seed_national

        if not Target.objects.exists():
            targets_seed_national(acting_user=None)
        with connection.cursor() as cursor:
            people = people_meta(cursor)
        if people is None:
            print("Adding people to 2,000 units (once; cached in the database)…")
            people = generate_people(pick_units())
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        data = measure(args.runs, args.warmup, args.application_runs)
        data["dataset"] = {
            "registry": info,
            "ledger": ledger,
            "people": {k: v for k, v in people.items() if k != "units"},
        }
        data["machine"] = {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "postgresql": connection.pg_version,
        }
        report(data)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
        print(f"\nResults written to {args.output}")
    finally:
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

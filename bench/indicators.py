"""Benchmark of the whole indicator set at national scale on PostgreSQL (`make bench`, issues 4 and 7).

1. Database and registry as ``bench/registry.py`` (own cluster on port 54330, data cached in
   ``bench/.cache/pg``; the registry generated once behind ``bench_meta.key = 'registry'``).
2. On top of it — once, cached behind ``bench_meta.key = 'ledger'`` — ten years of quota ledger written
   with COPY: on 1 January 2016–2025 an allocation of the budget-paid quota (and of the revenue-paid
   quota for groups 1–3) to every public service unit alive then, and the pools of its province's
   committee and departments; during each year about one adjustment or transfer per unit.
3. Medians (15 runs after 2 warm-ups) of ``indicator_payload(as_of, scope)`` for the nation and for one
   province, against one hand-written SQL query computing the same numbers (units at ``as_of`` and on
   the 2015/2021 baselines, budget-paid quota sums, the autonomous share — the registry-based measure
   of issue 7 — and the most units under one department), with the answers compared.

Results: a table on stdout and ``bench/results/indicators.json`` (with EXPLAIN ANALYZE of the slow
parts). See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import time
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import registry as reg  # noqa: E402  (bench/registry.py: cluster, registry generation, medians)

LEDGER_VERSION = "ledger-v1"
LEDGER_SEED = 19
FIRST_YEAR, LAST_YEAR = 2016, 2025
BUDGET, REVENUE = "public_employee_budget", "public_employee_revenue"
TARGETS_MS = {"nation": 500.0, "province": 50.0}
TARGET_RATIO = 2.0
BASELINES = (dt.date(2015, 12, 31), dt.date(2021, 12, 31))
KH130_EXCLUDED = ("education", "health")
BODY_KINDS = ("provincial_committee", "department")
REVENUE_SHARE = {1: 1.0, 2: 0.8, 3: 0.3}  # share of a unit's quota paid from its revenue, by group


# ---------------------------------------------------------------------------- the ledger


def ledger_meta(cursor: Any) -> dict[str, Any] | None:
    """The ledger marker, valid only for the registry it was generated on."""
    cursor.execute("SELECT created_at FROM bench_meta WHERE key = 'registry'")
    row = cursor.fetchone()
    cursor.execute("SELECT value FROM bench_meta WHERE key = 'ledger'")
    mine = cursor.fetchone()
    if row is None or mine is None:
        return None
    value = mine[0] if isinstance(mine[0], dict) else json.loads(mine[0])
    if value.get("version") != LEDGER_VERSION or value.get("registry") != row[0].isoformat():
        return None
    cursor.execute("SELECT EXISTS (SELECT 1 FROM staffing_quotaentry)")
    return value if cursor.fetchone()[0] else None


def generate_ledger() -> dict[str, Any]:
    """Simulate the ledger year by year from the registry's states and COPY it."""
    from django.db import connection, transaction

    t0 = time.perf_counter()
    rng = random.Random(LEDGER_SEED)
    psu = set(reg.PSU_KINDS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT organization_id, valid_from, valid_to, kind, managing_body_id, autonomy_group "
            "FROM organizations_organizationstate ORDER BY organization_id, valid_from"
        )
        states = cursor.fetchall()
        cursor.execute("SELECT org_id, province_id FROM bench_org_province")
        province_of = dict(cursor.fetchall())
        cursor.execute("SELECT coalesce(max(id), 0) FROM organizations_legaldocument")
        doc_id = cursor.fetchone()[0]
        cursor.execute("SELECT created_at FROM bench_meta WHERE key = 'registry'")
        registry_created = cursor.fetchone()[0].isoformat()
    life: dict[int, tuple[dt.date, dt.date | None]] = {}
    for org_id, valid_from, valid_to, *_ in states:
        start = life.get(org_id, (valid_from, None))[0]
        life[org_id] = (start, valid_to)
    now = dt.datetime.now(dt.UTC)
    docs: list[tuple[Any, ...]] = []
    entries: list[tuple[Any, ...]] = []
    balance: dict[tuple[int, str], int] = defaultdict(int)

    def decision(province: int, day: dt.date, what: str) -> int:
        nonlocal doc_id
        doc_id += 1
        issuer = f"Ủy ban nhân dân (bench) {province}"
        docs.append(
            (doc_id, f"BC-{what}-{day.year}/QĐ-UBND", 1, "QĐ", "Quyết định", day.year, day,
             issuer, issuer.casefold(), "", f"Giao biên chế năm {day.year} ({what})", now,
             province)
        )  # fmt: skip
        return doc_id

    def entry(org: int, kind: str, typ: str, amount: int, day: dt.date, doc: int, other: Any):
        entries.append(
            (len(entries) + 1, kind, day.year, typ, amount, day, "", now, other, doc, None, org)
        )
        if typ == "allocation":
            balance[(org, kind)] = amount
        else:
            balance[(org, kind)] += amount

    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        jan1 = dt.date(year, 1, 1)
        alive = [
            s for s in states if s[1] <= jan1 and (s[2] is None or s[2] >= jan1)
        ]  # one state per organization on a day
        alloc_doc = {p: decision(p, jan1, "giao") for p in set(province_of.values())}
        move_doc = {p: decision(p, dt.date(year, 6, 30), "dieu-chinh") for p in alloc_doc}
        pools: dict[tuple[int, str], int] = defaultdict(int)
        units_in: dict[int, list[int]] = defaultdict(list)
        bodies: list[tuple[int, int | None, str]] = []
        for org_id, _f, _t, kind, parent, group in alive:
            p = province_of[org_id]
            if kind in BODY_KINDS:
                bodies.append((org_id, parent, kind))
                continue
            if kind not in psu:
                continue
            units_in[p].append(org_id)
            last = balance[(org_id, BUDGET)] + balance[(org_id, REVENUE)]
            total = round(last * rng.uniform(0.95, 1.0)) if last > 0 else rng.randint(10, 90)
            revenue = round(total * REVENUE_SHARE.get(group, 0.0))
            budget = total - revenue
            entry(org_id, BUDGET, "allocation", budget, jan1, alloc_doc[p], None)
            if revenue:
                entry(org_id, REVENUE, "allocation", revenue, jan1, alloc_doc[p], None)
            if parent is not None:
                pools[(parent, BUDGET)] += budget
                pools[(parent, REVENUE)] += revenue
        # Pools: departments first (their units + 5 %), then committees (departments + units).
        for org_id, parent, _kind in sorted(bodies, key=lambda b: b[2] != "department"):
            for quota in (BUDGET, REVENUE):
                amount = round(pools[(org_id, quota)] * 1.05) + 10
                entry(
                    org_id, quota, "allocation", amount, jan1, alloc_doc[province_of[org_id]], None
                )
                if parent is not None:
                    pools[(parent, quota)] += amount
        # About one adjustment or transfer per unit and year, on a day the unit is alive.
        for p, units in units_in.items():
            for org_id in units:
                end = life[org_id][1]
                last_day = min(dt.date(year, 12, 31), end) if end else dt.date(year, 12, 31)
                if last_day <= jan1:
                    continue
                day = jan1 + dt.timedelta(days=rng.randint(1, (last_day - jan1).days))
                held = balance[(org_id, BUDGET)]
                if rng.random() < 0.6 or held < 2:
                    amount = rng.choice((-2, -1, -1, 1, 2, 3)) if held >= 2 else rng.randint(1, 3)
                    entry(org_id, BUDGET, "adjustment", amount, day, move_doc[p], None)
                    continue
                other = units[rng.randrange(len(units))]
                o_from, o_to = life[other]
                if other == org_id or o_from > day or (o_to is not None and o_to < day):
                    continue
                amount = rng.randint(1, max(1, held // 10))
                entry(org_id, BUDGET, "transfer_out", -amount, day, move_doc[p], other)
                entry(other, BUDGET, "transfer_in", amount, day, move_doc[p], org_id)
    t_sim = time.perf_counter() - t0
    print(f"Simulated {len(entries):,} ledger entries, {len(docs):,} decisions in {t_sim:.1f} s")
    t1 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE staffing_quotaentry RESTART IDENTITY")
        cursor.execute("DELETE FROM organizations_legaldocument WHERE number LIKE 'BC-%%'")
        raw = cursor.cursor
        with raw.copy(
            f"COPY organizations_legaldocument ({reg.COLUMNS['organizations_legaldocument']}) "
            "FROM STDIN"
        ) as copy:
            for row in docs:
                copy.write_row(row)
        with raw.copy(
            "COPY staffing_quotaentry (id, kind, year, entry_type, amount, effective_date, note, "
            "created_at, counterpart_id, decision_id, event_id, organization_id) FROM STDIN"
        ) as copy:
            for row in entries:
                copy.write_row(row)
        for table in ("organizations_legaldocument", "staffing_quotaentry"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        info = {
            "version": LEDGER_VERSION,
            "seed": LEDGER_SEED,
            "registry": registry_created,
            "entries": len(entries),
            "decisions": len(docs),
            "years": [FIRST_YEAR, LAST_YEAR],
            "simulate_s": round(t_sim, 2),
            "copy_s": round(time.perf_counter() - t1, 2),
        }
        cursor.execute(
            "INSERT INTO bench_meta (key, value) VALUES ('ledger', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, created_at = now()",
            [json.dumps(info)],
        )
    print(f"COPY of the ledger in {info['copy_s']} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE staffing_quotaentry")
        cursor.execute("VACUUM ANALYZE organizations_legaldocument")
    return info


# ---------------------------------------------------------------------------- the hand-written SQL

PSU_SQL = ", ".join(f"'{k}'" for k in reg.PSU_KINDS)

# Every number of the indicator set in one statement. ``scope`` is NULL for the nation, else the
# root whose subtree (on each date, by managing body) is measured.
HAND_SQL = f"""
WITH RECURSIVE d(day) AS (SELECT unnest(%(days)s::date[])),
sub(day, id) AS (
    SELECT d.day, s.organization_id FROM d JOIN organizations_organizationstate s
        ON s.organization_id = %(scope)s
       AND s.valid_from <= d.day AND (s.valid_to IS NULL OR s.valid_to >= d.day)
    UNION
    SELECT sub.day, s.organization_id FROM sub JOIN organizations_organizationstate s
        ON s.managing_body_id = sub.id
       AND s.valid_from <= sub.day AND (s.valid_to IS NULL OR s.valid_to >= sub.day)
),
alive AS (
    SELECT d.day, s.organization_id, s.sector, s.kind, s.autonomy_group, s.managing_body_id
      FROM d JOIN organizations_organizationstate s
        ON s.valid_from <= d.day AND (s.valid_to IS NULL OR s.valid_to >= d.day)
     WHERE %(scope)s IS NULL
    UNION ALL
    SELECT sub.day, s.organization_id, s.sector, s.kind, s.autonomy_group, s.managing_body_id
      FROM sub JOIN organizations_organizationstate s
        ON s.organization_id = sub.id
       AND s.valid_from <= sub.day AND (s.valid_to IS NULL OR s.valid_to >= sub.day)
),
units AS (SELECT * FROM alive WHERE kind IN ({PSU_SQL})),
last_alloc AS (
    SELECT DISTINCT ON (u.day, u.organization_id) u.day, u.organization_id, q.effective_date, q.id
      FROM units u JOIN staffing_quotaentry q
        ON q.organization_id = u.organization_id AND q.kind = '{BUDGET}'
       AND q.entry_type = 'allocation' AND q.effective_date <= u.day
     ORDER BY u.day, u.organization_id, q.effective_date DESC, q.id DESC
),
quota AS (
    SELECT u.day, sum(q.amount) AS n
      FROM units u
      LEFT JOIN last_alloc a ON a.day = u.day AND a.organization_id = u.organization_id
      JOIN staffing_quotaentry q
        ON q.organization_id = u.organization_id AND q.kind = '{BUDGET}'
       AND q.effective_date <= u.day
       AND (a.id IS NULL OR q.effective_date > a.effective_date
            OR (q.effective_date = a.effective_date AND q.id >= a.id))
     GROUP BY u.day
),
per_dept AS (
    SELECT dep.organization_id, count(u.organization_id) AS n,
           bool_and(u.sector IN ('education', 'health')) AS all_excluded
      FROM alive dep LEFT JOIN units u ON u.day = dep.day AND u.managing_body_id = dep.organization_id
     WHERE dep.day = %(as_of)s AND dep.kind = 'department'
       AND dep.sector NOT IN ('education', 'health')
     GROUP BY dep.organization_id
)
SELECT d.day,
       (SELECT count(*) FROM units u WHERE u.day = d.day),
       coalesce((SELECT n FROM quota WHERE quota.day = d.day), 0),
       (SELECT count(*) FILTER (WHERE autonomy_group IN (1, 2)) FROM units u WHERE u.day = d.day),
       (SELECT coalesce(max(n), 0) FROM per_dept WHERE n = 0 OR NOT all_excluded)
  FROM d ORDER BY d.day
"""


def hand_written(cursor: Any, as_of: dt.date, scope: int | None) -> dict[str, Any]:
    days = sorted({as_of, *BASELINES})
    cursor.execute(HAND_SQL, {"days": days, "scope": scope, "as_of": as_of})
    rows = {r[0]: r[1:] for r in cursor.fetchall()}
    units, quota, autonomous, _ = rows[as_of]
    share = (
        (Decimal(autonomous) * 100 / Decimal(units)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if units
        else Decimal(0)
    )
    return {
        "units_total": units,
        "units_baselines": [rows[b][0] for b in BASELINES],
        "budget_staff_quota": quota,
        "budget_baselines": [rows[b][1] for b in BASELINES],
        "autonomous_share": float(share),
        "units_per_department_max": rows[as_of][3],
    }


def ours_numbers(payload: dict[str, Any]) -> dict[str, Any]:
    by = {i["code"]: i for i in payload["indicators"]}
    return {
        "units_total": by["units_total"]["value"],
        "units_baselines": [
            by[f"units_change_vs_{b.year}"]["baseline"]["value"] for b in BASELINES
        ],
        "budget_staff_quota": by["budget_staff_quota"]["value"],
        "budget_baselines": [
            by[f"budget_staff_change_vs_{b.year}"]["baseline"]["value"] for b in BASELINES
        ],
        "autonomous_share": float(by["autonomous_share"]["value"]),
        "units_per_department_max": by["units_per_department_max"]["value"],
    }


# ---------------------------------------------------------------------------- measurement


def explain(as_of: dt.date, province: Any) -> dict[str, str]:
    """EXPLAIN ANALYZE of the slow parts: the quota sum (nation), the province's unit count and the
    hand-written query for the nation."""
    from django.db import connection

    from tinhgon.indicators import selectors
    from tinhgon.staffing.models import QuotaEntry

    plans: dict[str, str] = {}
    queries: dict[str, tuple[str, Any]] = {}
    units = selectors.units_on(as_of, None)
    queries["units_count_nation"] = units.values("kind").order_by().query.sql_with_params()
    queries["units_count_province"] = (
        selectors.units_on(as_of, province).values("kind").order_by().query.sql_with_params()
    )
    entries = QuotaEntry.objects.filter(kind=BUDGET, effective_date__lte=as_of)
    queries["ledger_rows_nation"] = entries.values("id").query.sql_with_params()
    queries["hand_written_nation"] = (
        HAND_SQL,
        {"days": sorted({as_of, *BASELINES}), "scope": None, "as_of": as_of},
    )
    for key, (sql, params) in queries.items():
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plans[key] = "\n".join(r[0] for r in cursor.fetchall())
    return plans


def measure(as_of: dt.date, runs: int, warmup: int) -> dict[str, Any]:
    from django.db import connection

    from tinhgon.indicators import selectors
    from tinhgon.indicators.choices import Measure
    from tinhgon.organizations.models import Organization, OrganizationState

    province_id = (
        OrganizationState.objects.as_of(as_of)
        .filter(kind="provincial_committee", name__endswith=reg.BENCH_PROVINCE)
        .values_list("organization_id", flat=True)
        .get()
    )
    province = Organization.objects.get(pk=province_id)
    cursor = connection.cursor()
    cases = {
        "nation": (f"indicator_payload({as_of}, None)", None),
        "province": (f"indicator_payload({as_of}, {reg.BENCH_PROVINCE})", province),
    }
    results: dict[str, Any] = {}
    answers: dict[str, Any] = {}
    for key, (label, scope) in cases.items():
        ours = reg.median_ms(lambda s=scope: selectors.indicator_payload(as_of, s), runs, warmup)
        scope_id = scope.pk if scope else None
        plain = reg.median_ms(lambda s=scope_id: hand_written(cursor, as_of, s), runs, warmup)
        mine = ours_numbers(selectors.indicator_payload(as_of, scope))
        theirs = hand_written(cursor, as_of, scope_id)
        answers[key] = {"ours": mine, "hand_written": theirs, "match": mine == theirs}
        if mine != theirs:
            print(f"WARNING: {key}: indicator_payload {mine} ≠ hand-written SQL {theirs}")
        ratio = round(ours["median_ms"] / plain["median_ms"], 2)
        results[key] = {
            "label": label,
            "ours": ours,
            "hand_written_sql": plain,
            "ratio": ratio,
            "target_ms": TARGETS_MS[key],
            "target_ratio": TARGET_RATIO,
            "met": ours["median_ms"] < TARGETS_MS[key] and ratio < TARGET_RATIO,
        }
    # Informative: the autonomy measure alone (issue 7 adds its own measures to this bench).
    for key, scope in (("autonomous_share_nation", None), ("autonomous_share_province", province)):
        results[key] = {
            "label": f"measure(autonomous_share, {as_of}, {'None' if scope is None else reg.BENCH_PROVINCE})",
            "ours": reg.median_ms(
                lambda s=scope: selectors.measure(Measure.AUTONOMOUS_SHARE, as_of, s), runs, warmup
            ),
            "hand_written_sql": None,
            "ratio": None,
            "target_ms": None,
            "met": None,
        }
    cursor.execute("SELECT count(*) FROM staffing_quotaentry")
    n_entries = cursor.fetchone()[0]
    return {
        "as_of": as_of.isoformat(),
        "runs": runs,
        "warmup": warmup,
        "province": {"name": reg.BENCH_PROVINCE, "id": province_id},
        "ledger_entries": n_entries,
        "answers": answers,
        "results": results,
        "plans": explain(as_of, province),
    }


def report(data: dict[str, Any]) -> None:
    print()
    print(
        f"Indicator set on PostgreSQL, as of {data['as_of']} ({data['ledger_entries']:,} ledger "
        f"entries; median of {data['runs']} runs after {data['warmup']} warm-ups)"
    )
    head = f"{'case':<58} {'ours ms':>9} {'SQL ms':>9} {'ratio':>7} {'target':>12}  result"
    print(head)
    print("-" * len(head))
    for r in data["results"].values():
        plain = r["hand_written_sql"]
        target = f"<{r['target_ms']:.0f}, <{TARGET_RATIO:.0f}×" if r["target_ms"] else "—"
        print(
            f"{r['label']:<58} {r['ours']['median_ms']:>9.2f} "
            f"{plain['median_ms'] if plain else float('nan'):>9.2f} "
            f"{r['ratio'] if r['ratio'] is not None else float('nan'):>6.2f}× {target:>12}  "
            f"{ {True: 'met', False: 'MISSED', None: ''}[r['met']] }"
        )
    if not all(a["match"] for a in data["answers"].values()):
        print("\nWARNING: the hand-written SQL and indicator_payload disagree (see the JSON).")
    missed = [k for k, r in data["results"].items() if r["met"] is False]
    print("\nAll targets met." if not missed else f"\nTargets missed: {', '.join(missed)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", default="2025-06-30", type=dt.date.fromisoformat)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--port", type=int, default=54330, help="port of the own cluster")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the cached ledger")
    parser.add_argument("--force", action="store_true", help="truncate a non-bench database")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "indicators.json")
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
            ledger = None if args.regenerate else ledger_meta(cursor)
        if ledger is None:
            print("Generating the quota ledger (once; cached in the database)…")
            ledger = generate_ledger()
        else:
            print(f"Using the cached ledger ({ledger['entries']:,} entries).")
        from tinhgon.indicators.models import Target
        from tinhgon.indicators.services import targets_seed_national

        if not Target.objects.exists():  # the registry's TRUNCATE … CASCADE empties the targets
            print(f"Seeded {targets_seed_national(acting_user=None)} national targets.")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        data = measure(args.as_of, args.runs, args.warmup)
        data["dataset"] = {"registry": info, "ledger": ledger}
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

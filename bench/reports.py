"""Benchmark of the consolidated report in each format (`make bench`, issue 9).

Two places, each timed as median of ``--runs`` runs after ``--warmup`` warm-ups:

* ``--demo``: the demo of Hà Tĩnh in a SQLite file (``bench/.cache/demo.sqlite3``, loaded once
  with ``tinhgon load_demo`` and reused): the consolidated Plan 56 report (``plan_periodic``,
  2026-Q3, with the indicators and their two charts) and the consolidated ``dvsncl_annual`` 2025;
* default: the national registry of ``bench/registry.py`` on PostgreSQL (own cluster on port
  54330, data cached in ``bench/.cache/pg``): ``dvsncl_annual`` 2025 consolidated for Hà Tĩnh's
  committee among the 34 provinces (~50,000 units in the database).

A round with every agency's contribution approved is set up inside a transaction that is rolled back
at the end (the cached data stay as they were). The build of the data object from the database
(``collection.consolidated_document``) is timed ``--build-runs`` times (1 on the demo, where one
build of Plan 56's report takes minutes on SQLite under load), each renderer
(``generate.render_checked``) ``--runs`` times on the built object; "docx+xlsx" and "all three"
are the build's median plus the renderers' medians (one build serves every format). Targets: docx+xlsx < 3 s,
with pdf < 6 s. Results: a table on stdout and ``bench/results/reports[-demo].json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

TODAY = dt.date(2026, 11, 26)
TARGETS_MS = {"docx+xlsx": 3000.0, "docx+xlsx+pdf": 6000.0}
DEMO_DB = HERE / ".cache" / "demo.sqlite3"


def setup_demo() -> None:
    DEMO_DB.parent.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DEMO_DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhgon.settings")
    os.environ.setdefault("TINHGON_TESTING", "1")
    os.environ.pop("DEBUG", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from tinhgon.plans.models import Plan

    if not Plan.objects.filter(number="56/KH-UBND").exists():
        print(f"Loading the demo into {DEMO_DB} (once, about 3 minutes)…")
        t0 = time.perf_counter()
        call_command("load_demo", verbosity=0)
        print(f"Demo loaded in {time.perf_counter() - t0:.0f} s.")


def approved_round(kind: str, period: str, scope: Any, plan_id: int | None) -> Any:
    """A round whose every agency has an approved contribution (set up, not timed)."""
    from django.utils import timezone

    from tinhgon.core.approval import ApprovalStatus
    from tinhgon.reports import collection, kinds
    from tinhgon.reports.models import ReportRound, Submission

    k = kinds.get_kind(kind)
    p = kinds.parse_period(period, k, TODAY)
    day = collection.data_day(p, TODAY)
    rnd = ReportRound.objects.create(
        kind=kind, period=p.code, plan_id=plan_id, scope=scope, deadline=k.deadline(p)
    )
    now = timezone.now()
    Submission.objects.bulk_create(
        Submission(
            round=rnd,
            organization=o,
            status=ApprovalStatus.APPROVED,
            results=f"Kết quả nổi bật của đơn vị số {i}.",
            problems="Thiếu nhân lực." if i % 3 == 0 else "",
            proposals="Bổ sung biên chế." if i % 4 == 0 else "",
            submitted_at=now,
            decided_at=now,
        )
        for i, o in enumerate(collection.participants(day, scope))
    )
    return rnd


def time_round(rnd: Any, runs: int, warmup: int, build_runs: int) -> dict[str, Any]:
    """The build (database → data object) timed ``build_runs`` times, each renderer ``runs``
    times on the built object; a combination is the build's median plus its renderers' medians."""
    from registry import median_ms

    from tinhgon.reports.collection import consolidated_document
    from tinhgon.reports.generate import render_checked

    built: list[Any] = []

    def build() -> None:
        built.append(consolidated_document(rnd, TODAY))

    out: dict[str, Any] = {"build only": median_ms(build, build_runs, 0)}
    doc = built[-1]
    for fmt in ("docx", "xlsx", "pdf"):
        r = median_ms(lambda f=fmt: render_checked(doc, f), runs, warmup)
        out[f"render {fmt}"] = r
    b = out["build only"]["median_ms"]
    for label, formats in (
        ("docx", ("docx",)),
        ("xlsx", ("xlsx",)),
        ("pdf", ("pdf",)),
        ("docx+xlsx", ("docx", "xlsx")),
        ("docx+xlsx+pdf", ("docx", "xlsx", "pdf")),
    ):
        total = b + sum(out[f"render {f}"]["median_ms"] for f in formats)
        out[label] = {"median_ms": round(total, 3), "min_ms": None, "max_ms": None}
    for label, r in out.items():
        target = TARGETS_MS.get(label)
        r["target_ms"] = target
        r["met"] = None if target is None else r["median_ms"] < target
    out["_document"] = {
        "sections": len(doc.sections),
        "tables": sum(len(s.tables) for s in doc.sections),
        "rows": sum(len(t.rows) for s in doc.sections for t in s.tables),
        "images": sum(len(s.images) for s in doc.sections),
        "agencies": rnd.submissions.count(),
    }
    return out


def report(title: str, results: dict[str, dict[str, Any]]) -> None:
    print(f"\n{title}")
    head = (
        f"{'report':<34} {'case':<15} {'median ms':>10} {'min':>9} {'max':>9} {'target':>8}  result"
    )
    print(head)
    print("-" * len(head))
    for name, cases in results.items():
        d = cases["_document"]
        print(f"{name:<34} ({d['agencies']} agencies, {d['tables']} tables, {d['rows']} rows, "
              f"{d['images']} images)")  # fmt: skip
        for case, r in cases.items():
            if case.startswith("_"):
                continue
            target = f"<{r['target_ms'] / 1000:.0f} s" if r["target_ms"] else "—"
            result = {True: "met", False: "MISSED", None: ""}[r["met"]]
            lo = "" if r["min_ms"] is None else f"{r['min_ms']:.0f}"
            hi = "" if r["max_ms"] is None else f"{r['max_ms']:.0f}"
            print(
                f"{'':<34} {case:<15} {r['median_ms']:>10.0f} {lo:>9} {hi:>9} {target:>8}  {result}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", action="store_true", help="the demo (SQLite) instead of PG")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument(
        "--build-runs", type=int, help="runs of the build (default: --runs; 1 with --demo)"
    )
    parser.add_argument("--port", type=int, default=54330, help="port of the own cluster")
    parser.add_argument("--force", action="store_true", help="truncate a non-bench database")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    build_runs = args.build_runs or (1 if args.demo else args.runs)
    output = args.output or HERE / "results" / (
        "reports-demo.json" if args.demo else "reports.json"
    )

    cluster = None
    if args.demo:
        setup_demo()
    else:
        import registry as reg

        cluster = reg.setup_django(args)
    try:
        from django.core.management import call_command
        from django.db import connection, transaction

        from tinhgon.organizations.models import OrganizationState

        results: dict[str, Any] = {}
        if args.demo:
            from tinhgon.plans.models import Plan

            plan = Plan.objects.get(number="56/KH-UBND")
            from tinhgon.reports.collection import province_root

            root = province_root(TODAY)
            with transaction.atomic():
                results["plan_periodic 2026-Q3 (Plan 56)"] = time_round(
                    approved_round("plan_periodic", "2026-Q3", root, plan.pk),
                    args.runs,
                    args.warmup,
                    build_runs,
                )
                results["dvsncl_annual 2025"] = time_round(
                    approved_round("dvsncl_annual", "2025", root, None),
                    args.runs,
                    args.warmup,
                    build_runs,
                )
                transaction.set_rollback(True)
            title = f"Consolidated reports on the demo (SQLite; median of {args.runs} runs)"
        else:
            import registry as reg

            call_command("migrate", verbosity=0, interactive=False)
            with connection.cursor() as cursor:
                info = reg.meta(cursor)
            if info is None:
                print("Generating the national registry (once; cached in the database)…")
                reg.generate(force=args.force)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            committee = (
                OrganizationState.objects.filter(
                    kind="provincial_committee", name__endswith=reg.BENCH_PROVINCE
                )
                .select_related("organization")
                .first()
            )
            assert committee is not None
            with transaction.atomic():
                results[f"dvsncl_annual 2025 ({reg.BENCH_PROVINCE})"] = time_round(
                    approved_round("dvsncl_annual", "2025", committee.organization, None),
                    args.runs,
                    args.warmup,
                    build_runs,
                )
                transaction.set_rollback(True)
            title = (
                f"Consolidated report for one province at national scale (PostgreSQL; median of "
                f"{args.runs} runs)"
            )
        report(title, results)
        data = {
            "title": title,
            "runs": args.runs,
            "warmup": args.warmup,
            "results": results,
            "machine": {
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "database": connection.vendor,
            },
            "note": "2 cores shared with other work: figures taken under load",
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
        print(f"\nResults written to {output}")
        missed = [
            f"{n}: {c}"
            for n, cases in results.items()
            for c, r in cases.items()
            if not c.startswith("_") and r["met"] is False
        ]
        print("\nAll targets met." if not missed else f"\nTargets missed: {', '.join(missed)}")
    finally:
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

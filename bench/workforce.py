"""Benchmark of the workforce at national scale on PostgreSQL (`make bench`).

1. The national registry of ``bench/registry.py`` (generated once and cached), then — once, cached
   behind ``bench_meta.key = 'workforce'`` — about 2,000,000 public employees written with COPY:
   each unit alive on ``--as-of`` gets people in proportion to a seeded size, each person one
   full-time assignment and one title-and-rank holding (career levels from the salary groups).
2. ANALYZE, then medians of the national structure report (``workforce.selectors.structure`` by
   level, by sex and by age band) and of one unit's staffing page (``selectors.unit_staffing``),
3. and the workforce Excel import: rows/s for a dry run and a commit through the core pipeline,
   against python-calamine only reading the same file.

Results: a table on stdout and ``bench/results/workforce.json``. ``--people`` sets the size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import random
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import _pg  # noqa: E402
import registry  # noqa: E402

DATA_VERSION = "workforce-v1"
SEED = 232
TARGETS_MS = {"structure_national": 2000.0, "unit_staffing": 50.0}
RANKS = [  # title code, title name, rank code, rank, group, min, max
    ("V.07.05", "Giáo viên trung học phổ thông", "V.07.05.15", "III", "A1", "2.34", "4.98"),
    ("V.07.05", "Giáo viên trung học phổ thông", "V.07.05.14", "II", "A2.2", "4.00", "6.38"),
    ("V.07.05", "Giáo viên trung học phổ thông", "V.07.05.13", "I", "A2.1", "4.40", "6.78"),
    ("V.08.01", "Bác sĩ", "V.08.01.03", "III", "A1", "2.34", "4.98"),
    ("V.08.01", "Bác sĩ", "V.08.01.01", "I", "A3.1", "6.20", "8.00"),
    ("01.005", "Nhân viên", "01.005", "IV", "B", "1.86", "4.06"),
    ("V.07.02", "Giáo viên mầm non", "V.07.02.26", "III", "A0", "2.10", "4.89"),
]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đình", "Ngọc", "Minh", "Thanh", "Quốc", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hoa",
    "Hùng",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
    "Phương",
    "Quang",
    "Sơn",
    "Thảo",
    "Trang",
]


def meta(cursor: Any) -> dict[str, Any] | None:
    return _pg.read_meta(cursor, "workforce", DATA_VERSION)


def catalogue() -> list[int]:
    from tinhgon.positions.models import TitleRank
    from tinhgon.positions.services import TitleRankInput, title_rank_record

    for row in RANKS:
        title_rank_record(acting_user=None, data=TitleRankInput(*row))
    return list(TitleRank.objects.order_by("id").values_list("id", flat=True))


def generate(as_of: dt.date, people: int) -> dict[str, Any]:
    from django.db import connection, transaction

    from tinhgon.core.text import fold
    from tinhgon.organizations.choices import PUBLIC_SERVICE_UNIT_KINDS
    from tinhgon.organizations.models import OrganizationState

    rng = random.Random(SEED)
    ranks = catalogue()
    units = list(
        OrganizationState.objects.as_of(as_of)
        .filter(kind__in=PUBLIC_SERVICE_UNIT_KINDS)
        .values_list("organization_id", "valid_from")
    )
    weights = [rng.choice((15, 25, 30, 40, 60, 80, 150, 400)) for _u in units]
    scale = people / sum(weights)
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE workforce_titleholding, workforce_assignment, workforce_pendingplacement, "
            "workforce_rating, workforce_salarystep, workforce_qualification, workforce_allowance, "
            "workforce_leadershipappointment, workforce_training, workforce_insuranceperiod, "
            "workforce_person RESTART IDENTITY CASCADE"
        )
        raw = cursor.cursor
        pid = 0
        now = dt.datetime.now(dt.UTC)
        with (
            raw.copy(
                "COPY workforce_person (id, version, full_name, name_folded, id_number, birth_date, "
                "birth_year_only, sex, employment_kind, annex, annex_reason, hired_on, recruitment, "
                "qualification, is_talent, is_demo, created_at) FROM STDIN"
            ) as persons,
        ):
            plan: list[tuple[int, int, dt.date, dt.date]] = []
            for (org_id, start), w in zip(units, weights, strict=True):
                for _i in range(max(1, round(w * scale))):
                    pid += 1
                    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                    birth = dt.date(rng.randint(1966, 2001), rng.randint(1, 12), rng.randint(1, 28))
                    hired = dt.date(birth.year + rng.randint(22, 28), 9, 1)
                    kind = "vien_chuc" if rng.random() < 0.93 else "hop_dong"
                    persons.write_row((
                        pid, 1, name, fold(name), f"{pid:012d}", birth, False, rng.choice("MF"),
                        kind, "I", "", hired, "exam", "university", False, False, now,
                    ))  # fmt: skip
                    plan.append((pid, org_id, max(hired, start), hired))
        with raw.copy(
            "COPY workforce_assignment (person_id, organization_id, full_time, valid_from, note) FROM STDIN"
        ) as copy:
            for p, org, start, _h in plan:
                copy.write_row((p, org, True, start, ""))
        with raw.copy(
            "COPY workforce_titleholding (person_id, title_rank_id, valid_from, reason) FROM STDIN"
        ) as copy:
            for p, _org, _s, hired in plan:
                copy.write_row((p, rng.choice(ranks), hired, "recruitment"))
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('workforce_person', 'id'), %s)", [max(pid, 1)]
        )
        info = {
            "version": DATA_VERSION,
            "people": pid,
            "units": len(units),
            "as_of": as_of.isoformat(),
            "copy_s": round(time.perf_counter() - t0, 1),
        }
        cursor.execute(
            "INSERT INTO bench_meta (key, value) VALUES ('workforce', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, created_at = now()",
            [json.dumps(info)],
        )
    t1 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    info["vacuum_analyze_s"] = round(time.perf_counter() - t1, 1)
    print(f"Generated {pid:,} people in {len(units):,} units: COPY {info['copy_s']} s")
    return info


def import_speed(as_of: dt.date, rows: int) -> dict[str, Any]:
    """Rows/s of the workforce import (dry run, commit) and of python-calamine reading the file."""
    import python_calamine
    from django.contrib.auth import get_user_model
    from openpyxl import load_workbook

    from tinhgon.core import importing
    from tinhgon.organizations.models import Organization, OrganizationState
    from tinhgon.workforce.importers import WORKFORCE_IMPORT

    User = get_user_model()
    user, _c = User.objects.get_or_create(
        username="bench-admin", defaults={"role": "administrator", "is_superuser": True}
    )
    state = OrganizationState.objects.as_of(as_of).filter(kind="school").order_by("id").first()
    assert state is not None
    org = Organization.objects.get(pk=state.organization_id)
    if not org.code:
        org.code = f"BENCH{org.pk}"
        org.save(update_fields=["code"])
    if rows > 100_000:
        raise SystemExit("--import-rows: at most 100,000 (12-digit identification numbers)")
    stamp = int(time.time()) % 1_000_000  # 12 digits: 9, the stamp, the row number
    wb = load_workbook(io.BytesIO(importing.template_bytes(WORKFORCE_IMPORT.spec)))
    ws = wb["Người"]
    for i in range(rows):
        ws.append([
            f"Người Thử {i}", f"9{stamp:06d}{i:05d}", "1985", "F", "vien_chuc", org.code,
            dt.date(2010, 9, 1), "V.07.05", "III", "3,00", None, None, "university",
        ])  # fmt: skip
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    t0 = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    n_read = len(book.get_sheet_by_name("Người").to_python())
    t_read = time.perf_counter() - t0
    out: dict[str, Any] = {"rows": rows, "calamine_rows_per_s": round(n_read / t_read)}
    for commit in (False, True):
        t0 = time.perf_counter()
        result = importing.run_import(
            WORKFORCE_IMPORT.spec, data, WORKFORCE_IMPORT.apply, acting_user=user, commit=commit
        )
        elapsed = time.perf_counter() - t0
        assert result.ok, result.errors[:3]
        out["commit_rows_per_s" if commit else "dry_run_rows_per_s"] = round(rows / elapsed)
    out["commit_vs_calamine"] = round(out["commit_rows_per_s"] / out["calamine_rows_per_s"], 3)
    return out


def measure(as_of: dt.date, runs: int, warmup: int) -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Count

    from tinhgon.workforce import selectors
    from tinhgon.workforce.models import Assignment, alive_on

    # A typical unit: the largest with at most 80 people (about 60 at 2,000,000 people).
    counts = (
        Assignment.objects.filter(alive_on(as_of))
        .values("organization_id")
        .annotate(n=Count("id"))
        .order_by("-n", "organization_id")
    )
    row = counts.filter(n__lte=80).first() or counts.first()
    assert row is not None
    unit = row["organization_id"]
    out: dict[str, Any] = {"unit": unit, "unit_people": row["n"]}
    for by in ("level", "sex", "age_band"):
        out[f"structure_national_{by}"] = registry.median_ms(
            lambda by=by: selectors.structure(None, as_of, by), runs, warmup
        )
    out["unit_staffing"] = registry.median_ms(
        lambda: selectors.unit_staffing(unit, as_of), runs * 3, warmup
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM workforce_person")
        out["people_in_db"] = cursor.fetchone()[0]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", default="2026-11-26", type=dt.date.fromisoformat)
    parser.add_argument("--people", type=int, default=2_000_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--port", type=int, default=54330)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "workforce.json")
    args = parser.parse_args()
    cluster = registry.setup_django(args)
    try:
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0, interactive=False)
        with connection.cursor() as cursor:
            reg = registry.meta(cursor)
        if reg is None:
            print("Generating the national registry (once; cached in the database)…")
            reg = registry.generate(force=args.force)
        with connection.cursor() as cursor:
            info = None if args.regenerate else meta(cursor)
        if info is None or info.get("people", 0) < args.people * 0.95:
            info = generate(args.as_of, args.people)
        else:
            print(f"Using the cached workforce ({info['people']:,} people).")
        data = {"dataset": info, "registry": {"organizations": reg.get("organizations")}}
        data["timings"] = measure(args.as_of, args.runs, args.warmup)
        data["import"] = import_speed(args.as_of, args.import_rows)
        data["targets_ms"] = TARGETS_MS
        data["machine"] = {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "postgresql": connection.pg_version,
        }
        t = data["timings"]
        print(f"people: {t['people_in_db']:,}")
        for key in (
            "structure_national_level",
            "structure_national_sex",
            "structure_national_age_band",
            "unit_staffing",
        ):
            print(f"{key:32s} median {t[key]['median_ms']:9.1f} ms")
        print(f"import: {data['import']}")
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        print(f"Results written to {args.output}")
    finally:
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

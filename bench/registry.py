"""Benchmark of the dated registry at national scale on PostgreSQL (`make bench`).

1. Database: ``DATABASE_URL`` if it points to PostgreSQL, else a throwaway cluster on port 54330
   whose data directory persists in ``bench/.cache/pg`` (database ``tinhgon_bench``).
2. ``tinhgon migrate``, then — once, cached behind the row ``bench_meta.key = 'registry'`` — a
   national registry written with COPY: 34 provinces, 14 departments each, ~50,000 public service
   units, 200,000 reorganization events over 2015–2026 with their links, decisions and the
   states they imply (an event effective on D ends the states it changes on D−1, opens new on D).
3. ANALYZE, then medians of ``selectors.unit_counts`` (nation, one province with
   ``selectors.subtree_ids``) and ``selectors.lineage`` against a plain snapshot table.

Results: a table on stdout and ``bench/results/registry.json``. See bench/README.md.
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
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import _pg  # noqa: E402
from _pg import Cluster  # noqa: E402

DATA_VERSION = "registry-v1"
SEED = 56
N_PROVINCES = 34
DEPARTMENTS_PER_PROVINCE = 14
N_UNITS = 50_000
N_EVENTS = 200_000
START = dt.date(2015, 1, 1)
END = dt.date(2026, 12, 31)
ONE_DAY = dt.timedelta(days=1)
TARGETS_MS = {"national_count": 200.0, "province_count": 20.0}

PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
    "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi",
    "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh",
    "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]  # fmt: skip
BENCH_PROVINCE = "Hà Tĩnh"

# Departments of a province: one per sector, three sectors twice (14 in all).
DEPARTMENT_SECTORS = [
    ("state_management", "Văn phòng UBND"),
    ("education", "Sở Giáo dục và Đào tạo"),
    ("vocational", "Sở Nội vụ"),
    ("health", "Sở Y tế"),
    ("culture_sport_tourism", "Sở Văn hóa, Thể thao và Du lịch"),
    ("agriculture_environment", "Sở Nông nghiệp và Môi trường"),
    ("science_technology", "Sở Khoa học và Công nghệ"),
    ("labour_social", "Sở Lao động - Thương binh và Xã hội"),
    ("construction_transport", "Sở Xây dựng"),
    ("justice", "Sở Tư pháp"),
    ("economic_other", "Sở Tài chính"),
    ("economic_other", "Sở Công Thương"),
    ("culture_sport_tourism", "Sở Du lịch"),
    ("agriculture_environment", "Ban Quản lý Khu kinh tế"),
]
# Sector weights of units, and (kind, category, name prefix) choices per sector.
UNIT_SECTORS = {
    "education": 58,
    "vocational": 3,
    "health": 10,
    "culture_sport_tourism": 6,
    "agriculture_environment": 7,
    "science_technology": 2,
    "labour_social": 3,
    "construction_transport": 4,
    "justice": 1,
    "economic_other": 5,
    "state_management": 1,
}
UNIT_SHAPES = {
    "education": [
        ("school", "preschool", "Trường Mầm non"),
        ("school", "primary", "Trường Tiểu học"),
        ("school", "lower_secondary", "Trường THCS"),
        ("school", "upper_secondary", "Trường THPT"),
        ("school", "multi_level_school", "Trường TH và THCS"),
        ("center", "continuing_education", "Trung tâm GDNN-GDTX"),
    ],
    "vocational": [("school", "college", "Trường Cao đẳng")],
    "health": [
        ("hospital", "general_hospital", "Bệnh viện Đa khoa"),
        ("hospital", "specialist_hospital", "Bệnh viện chuyên khoa"),
        ("health_center", "district_health", "Trung tâm Y tế khu vực"),
        ("center", "cdc", "Trung tâm Kiểm soát bệnh tật"),
    ],
    "culture_sport_tourism": [
        ("management_board", "relic_board", "Ban Quản lý di tích"),
        ("center", "culture_center", "Trung tâm Văn hóa - Thể thao"),
    ],
    "agriculture_environment": [
        ("center", "agriculture_center", "Trung tâm Dịch vụ nông nghiệp"),
        ("institute", "other", "Trạm Khuyến nông"),
    ],
    "science_technology": [("institute", "other", "Viện Khoa học")],
    "labour_social": [("center", "other", "Trung tâm Bảo trợ xã hội")],
    "construction_transport": [("management_board", "project_board", "Ban Quản lý dự án")],
    "justice": [("center", "other", "Trung tâm Trợ giúp pháp lý")],
    "economic_other": [("other_unit", "other", "Trung tâm Dịch vụ")],
    "state_management": [("other_unit", "other", "Trung tâm Phục vụ hành chính công")],
}
# Event mix (percent); merges/absorbs/dissolves are roughly balanced by establishments.
EVENT_MIX = {
    "rename": 20,
    "transfer": 15,
    "change_autonomy_group": 7,
    "merge": 10,
    "absorb": 10,
    "dissolve": 4,
    "convert_jsc": 1,
    "split": 5,
    "separate": 4,
    "establish": 24,
}
PSU_KINDS = (
    "school",
    "hospital",
    "health_center",
    "center",
    "management_board",
    "institute",
    "other_unit",
)


# ---------------------------------------------------------------------------- database


def setup_django(args: argparse.Namespace) -> Cluster | None:
    """Point DATABASE_URL at PostgreSQL (own cluster if needed), then ``django.setup()``."""
    return _pg.setup_django(args.port, "tinhgon_bench", "bench/registry.py")


def meta(cursor: Any) -> dict[str, Any] | None:
    return _pg.read_meta(cursor, "registry", DATA_VERSION)


# ---------------------------------------------------------------------------- generation


class Pool:
    """A set with O(1) add, remove and random choice."""

    def __init__(self) -> None:
        self.items: list[int] = []
        self.where: dict[int, int] = {}

    def add(self, item: int) -> None:
        self.where[item] = len(self.items)
        self.items.append(item)

    def remove(self, item: int) -> None:
        i = self.where.pop(item)
        last = self.items.pop()
        if i < len(self.items):
            self.items[i] = last
            self.where[last] = i

    def choice(self, rng: random.Random) -> int:
        return self.items[rng.randrange(len(self.items))]

    def __len__(self) -> int:
        return len(self.items)


class Generator:
    """Simulates the registry day by day and keeps the rows for COPY."""

    def __init__(self, seed: int = SEED) -> None:
        from tinhgon.core.text import fold

        self.fold = fold
        self.rng = random.Random(seed)
        self.now = dt.datetime.now(dt.UTC)
        self.orgs: list[list[Any]] = []  # id, version, code, valid_from, valid_to, is_demo, ...
        self.org_row: dict[int, list[Any]] = {}
        self.states: list[list[Any]] = []
        self.current: dict[int, list[Any]] = {}  # org id → its open state row
        self.events: list[tuple[Any, ...]] = []
        self.links: list[tuple[Any, ...]] = []
        self.docs: list[tuple[Any, ...]] = []
        self.province_of: dict[int, int] = {}
        self.alive = Pool()
        self.alive_in: dict[int, Pool] = defaultdict(Pool)
        self.committee: dict[int, int] = {}  # province index → committee org id
        self.departments: dict[int, list[tuple[int, str]]] = {}
        self.dept_by_sector: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.province_name: dict[int, str] = {}
        self.doc_seq: dict[tuple[int, int], int] = defaultdict(int)
        self.open_doc: dict[int, tuple[int, dt.date]] = {}
        self.unit_no = 0
        self.sectors = list(UNIT_SECTORS)
        self.sector_weights = list(UNIT_SECTORS.values())
        self.province_weights: list[float] = []

    # -- rows
    def new_org(self, day: dt.date, province: int) -> int:
        org_id = len(self.orgs) + 1
        row = [org_id, 1, None, day, None, False, self.now]
        self.orgs.append(row)
        self.org_row[org_id] = row
        self.province_of[org_id] = province
        return org_id

    def open_state(self, org_id: int, day: dt.date, values: dict[str, Any], event: int | None):
        row = [
            len(self.states) + 1,
            day,
            None,
            values["name"],
            self.fold(values["name"]),
            values["kind"],
            values["sector"],
            values.get("category", ""),
            values.get("level", "province"),
            values.get("autonomy_group"),
            values.get("unit_class", ""),
            values.get("has_management_board", False),
            values.get("managing_body"),
            org_id,
            event,
        ]
        self.states.append(row)
        self.current[org_id] = row
        return row

    @staticmethod
    def values_of(state: list[Any]) -> dict[str, Any]:
        keys = ("name", "kind", "sector", "category", "level", "autonomy_group", "unit_class")
        values = dict(zip(keys, state[3:4] + state[5:11], strict=True))
        values["has_management_board"] = state[11]
        values["managing_body"] = state[12]
        return values

    def end_state(self, org_id: int, day: dt.date) -> list[Any]:
        state = self.current[org_id]
        state[2] = day - ONE_DAY
        return state

    def end_org(self, org_id: int, day: dt.date) -> None:
        self.end_state(org_id, day)
        del self.current[org_id]
        self.org_row[org_id][4] = day - ONE_DAY
        self.alive.remove(org_id)
        self.alive_in[self.province_of[org_id]].remove(org_id)

    def new_unit(self, province: int, day: dt.date, event: int | None, sector: str | None = None):
        rng = self.rng
        sector = sector or rng.choices(self.sectors, self.sector_weights)[0]
        kind, category, prefix = rng.choice(UNIT_SHAPES[sector])
        depts = self.dept_by_sector.get((province, sector))
        parent = self.committee[province] if not depts or rng.random() < 0.03 else rng.choice(depts)
        self.unit_no += 1
        org_id = self.new_org(day, province)
        self.open_state(
            org_id,
            day,
            {
                "name": f"{prefix} số {self.unit_no} {self.province_name[province]}",
                "kind": kind,
                "sector": sector,
                "category": category,
                "level": "province",
                "autonomy_group": rng.choices((1, 2, 3, 4), (3, 15, 40, 42))[0],
                "unit_class": rng.choice(("", "", "Hạng I", "Hạng II", "Hạng III")),
                "has_management_board": rng.random() < 0.05,
                "managing_body": parent,
            },
            event,
        )
        self.alive.add(org_id)
        self.alive_in[province].add(org_id)
        return org_id

    def decision(self, province: int, day: dt.date) -> int:
        """A decision of the province's committee, sometimes shared by several events."""
        rng = self.rng
        current = self.open_doc.get(province)
        if current and (day - current[1]).days <= 20 and rng.random() < 0.4:
            return current[0]
        date = max(START, day - dt.timedelta(days=rng.randint(0, 20)))
        self.doc_seq[(province, date.year)] += 1
        seq = self.doc_seq[(province, date.year)]
        issuer = f"Ủy ban nhân dân tỉnh {self.province_name[province]}"
        doc_id = len(self.docs) + 1
        self.docs.append(
            (
                doc_id,
                f"{seq}/QĐ-UBND",
                seq,
                "QĐ",
                "Quyết định",
                date.year,
                date,
                issuer,
                self.fold(issuer),
                "",
                f"Về việc sắp xếp, tổ chức lại đơn vị sự nghiệp công lập ({seq})",
                self.now,
                self.committee[province],
            )
        )
        self.open_doc[province] = (doc_id, date)
        return doc_id

    def event(self, kind: str, day: dt.date, province: int, changes: dict[str, Any]) -> int:
        event_id = len(self.events) + 1
        doc = self.decision(province, day)
        self.events.append((event_id, kind, day, json.dumps(changes), "", self.now, doc))
        return event_id

    def link(self, event: int, org_id: int, role: str) -> None:
        self.links.append((len(self.links) + 1, role, org_id, event))

    # -- simulation
    def pick(self, pool: Pool, day: dt.date, exclude: Any = frozenset()) -> int | None:
        """A live unit whose current state started before ``day`` (so it can change on day)."""
        if not len(pool):
            return None
        for _ in range(12):
            org_id = pool.choice(self.rng)
            if org_id not in exclude and self.current[org_id][1] < day:
                return org_id
        return None

    def build(self) -> None:
        rng = self.rng
        for p, name in enumerate(PROVINCES):
            self.province_name[p] = name
            committee = self.new_org(START, p)
            self.committee[p] = committee
            self.open_state(
                committee,
                START,
                {
                    "name": f"Ủy ban nhân dân tỉnh {name}",
                    "kind": "provincial_committee",
                    "sector": "state_management",
                },
                None,
            )
            self.departments[p] = []
            for sector, dept_name in DEPARTMENT_SECTORS[:DEPARTMENTS_PER_PROVINCE]:
                dept = self.new_org(START, p)
                self.open_state(
                    dept,
                    START,
                    {
                        "name": f"{dept_name} tỉnh {name}",
                        "kind": "department",
                        "sector": sector,
                        "managing_body": committee,
                    },
                    None,
                )
                self.departments[p].append((dept, sector))
                self.dept_by_sector[(p, sector)].append(dept)
        # Units, provinces of uneven sizes.
        self.province_weights = [rng.uniform(0.4, 1.8) for _ in PROVINCES]
        for _ in range(N_UNITS):
            p = rng.choices(range(len(PROVINCES)), self.province_weights)[0]
            self.new_unit(p, START, None)
        # Events, in date order.
        span = (END - START).days
        days = sorted(START + dt.timedelta(days=rng.randint(1, span)) for _ in range(N_EVENTS))
        kinds = rng.choices(list(EVENT_MIX), list(EVENT_MIX.values()), k=N_EVENTS)
        skipped = 0
        for day, kind in zip(days, kinds, strict=True):
            if not self.apply(kind, day) and not self.apply("establish", day):
                skipped += 1
        self.skipped = skipped

    def apply(self, kind: str, day: dt.date) -> bool:
        rng = self.rng
        if kind == "establish":
            p = rng.choices(range(len(PROVINCES)), self.province_weights)[0]
            event = self.event(kind, day, p, {})
            self.link(event, self.new_unit(p, day, event), "successor")
            return True
        first = self.pick(self.alive, day)
        if first is None:
            return False
        p = self.province_of[first]
        pool = self.alive_in[p]
        state = self.current[first]
        if kind in ("rename", "transfer", "change_autonomy_group"):
            values = self.values_of(state)
            if kind == "rename":
                values["name"] = f"{values['name'].split(' (')[0]} ({day.year})"
                changes: dict[str, Any] = {"name": values["name"]}
            elif kind == "transfer":
                choices = [d for d, _ in self.departments[p] if d != values["managing_body"]]
                values["managing_body"] = rng.choice(choices)
                changes = {"managing_body": values["managing_body"], "level": "province"}
            else:
                group = values["autonomy_group"]
                values["autonomy_group"] = rng.choice([g for g in (1, 2, 3, 4) if g != group])
                changes = {"autonomy_group": values["autonomy_group"]}
            event = self.event(kind, day, p, changes)
            self.link(event, first, "predecessor")
            self.end_state(first, day)
            self.open_state(first, day, values, event)
            return True
        if kind in ("dissolve", "convert_jsc"):
            event = self.event(kind, day, p, {})
            self.link(event, first, "predecessor")
            self.end_org(first, day)
            return True
        if kind == "separate":
            event = self.event(kind, day, p, {})
            self.link(event, first, "predecessor")
            self.link(event, self.new_unit(p, day, event, state[6]), "successor")
            return True
        if kind == "split":
            event = self.event(kind, day, p, {})
            self.link(event, first, "predecessor")
            self.end_org(first, day)
            for _ in range(rng.choice((2, 2, 3))):
                self.link(event, self.new_unit(p, day, event, state[6]), "successor")
            return True
        # merge / absorb: more units of the same province.
        group = {first}
        for _ in range(rng.choice((1, 1, 2))):
            other = self.pick(pool, day, group)
            if other is not None:
                group.add(other)
        if kind == "absorb":
            receiver = self.pick(pool, day + ONE_DAY, group)  # alive, may have changed today
            if receiver is None:
                return False
            event = self.event(kind, day, p, {})
            for org_id in sorted(group):
                self.link(event, org_id, "predecessor")
                self.end_org(org_id, day)
            self.link(event, receiver, "successor")
            return True
        if len(group) < 2:
            return False
        event = self.event(kind, day, p, {})
        for org_id in sorted(group):
            self.link(event, org_id, "predecessor")
            self.end_org(org_id, day)
        self.link(event, self.new_unit(p, day, event, state[6]), "successor")
        return True


COLUMNS = {
    "organizations_organization": "id, version, code, valid_from, valid_to, is_demo, created_at",
    "organizations_legaldocument": (
        "id, number, seq, type_code, type_name, year, date, issuer, issuer_folded, signer, title, "
        "created_at, issuer_org_id"
    ),
    "organizations_reorgevent": "id, kind, effective_date, changes, note, created_at, decision_id",
    "organizations_eventlink": "id, role, organization_id, event_id",
    "organizations_organizationstate": (
        "id, valid_from, valid_to, name, name_folded, kind, sector, category, level, "
        "autonomy_group, unit_class, has_management_board, managing_body_id, organization_id, "
        "opened_by_id"
    ),
}


def generate(*, force: bool) -> dict[str, Any]:
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM organizations_organization")
        existing = cursor.fetchone()[0]
    name = connection.settings_dict["NAME"]
    if existing and "bench" not in name and not force:
        raise SystemExit(
            f"Database {name!r} already has {existing} organizations and no benchmark marker: "
            "refusing to truncate it. Use a database named *bench* or --force."
        )
    t0 = time.perf_counter()
    gen = Generator()
    gen.build()
    t_sim = time.perf_counter() - t0
    print(
        f"Simulated {len(gen.orgs):,} organizations, {len(gen.states):,} states, "
        f"{len(gen.events):,} events, {len(gen.links):,} links, {len(gen.docs):,} decisions "
        f"in {t_sim:.1f} s"
    )
    rows = {
        "organizations_organization": gen.orgs,
        "organizations_legaldocument": gen.docs,
        "organizations_reorgevent": gen.events,
        "organizations_eventlink": gen.links,
        "organizations_organizationstate": gen.states,
    }
    t1 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE organizations_organizationstate, organizations_eventlink, "
            "organizations_reorgevent, organizations_legaldocument, organizations_organization, "
            "organizations_classcount RESTART IDENTITY CASCADE"
        )
        cursor.execute("DROP TABLE IF EXISTS bench_org_province")
        cursor.execute(
            "CREATE TABLE bench_org_province (org_id bigint PRIMARY KEY, province_id bigint)"
        )
        raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        for table, data in rows.items():
            with raw.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        with raw.copy("COPY bench_org_province (org_id, province_id) FROM STDIN") as copy:
            for org_id, p in gen.province_of.items():
                copy.write_row((org_id, gen.committee[p]))
        info = {
            "version": DATA_VERSION,
            "seed": SEED,
            "organizations": len(gen.orgs),
            "states": len(gen.states),
            "events": len(gen.events),
            "links": len(gen.links),
            "decisions": len(gen.docs),
            "events_replaced_by_establish": gen.skipped,
            "simulate_s": round(t_sim, 2),
            "copy_s": round(time.perf_counter() - t1, 2),
        }
        cursor.execute(
            "INSERT INTO bench_meta (key, value) VALUES ('registry', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, created_at = now()",
            [json.dumps(info)],
        )
    print(f"COPY into PostgreSQL in {info['copy_s']} s")
    t2 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    info["vacuum_analyze_s"] = round(time.perf_counter() - t2, 2)
    return info


def check_tiling(cursor: Any) -> dict[str, int]:
    """Each organization's states tile its life: no overlap, no gap, same ends."""
    checks = {
        "overlaps_or_gaps": """
            SELECT count(*) FROM (
              SELECT organization_id, valid_from, valid_to,
                     lead(valid_from) OVER (PARTITION BY organization_id ORDER BY valid_from) nxt
                FROM organizations_organizationstate) s
             WHERE nxt IS NOT NULL AND (valid_to IS NULL OR nxt <> valid_to + 1)""",
        "life_mismatch": """
            SELECT count(*) FROM organizations_organization o JOIN (
              SELECT organization_id, min(valid_from) f, max(valid_from) lf,
                     bool_or(valid_to IS NULL) open_, max(valid_to) t
                FROM organizations_organizationstate GROUP BY organization_id) s
              ON s.organization_id = o.id
             WHERE s.f <> o.valid_from
                OR (o.valid_to IS NULL) <> s.open_
                OR (o.valid_to IS NOT NULL AND o.valid_to <> s.t)""",
        "orgs_without_state": """
            SELECT count(*) FROM organizations_organization o WHERE NOT EXISTS
              (SELECT 1 FROM organizations_organizationstate s WHERE s.organization_id = o.id)""",
    }
    out = {}
    for name, sql in checks.items():
        cursor.execute(sql)
        out[name] = cursor.fetchone()[0]
    return out


# ---------------------------------------------------------------------------- measurement


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
        "median_ms": round(statistics.median(times), 3),
        "min_ms": round(times[0], 3),
        "max_ms": round(times[-1], 3),
    }


def measure(as_of: dt.date, runs: int, warmup: int) -> dict[str, Any]:
    from django.db import connection

    from tinhgon.organizations import selectors
    from tinhgon.organizations.models import Organization, OrganizationState

    cursor = connection.cursor()
    psu = ", ".join(f"'{k}'" for k in PSU_KINDS)
    cursor.execute("DROP TABLE IF EXISTS bench_snapshot")
    cursor.execute(
        f"""CREATE TABLE bench_snapshot AS
            SELECT s.organization_id AS org_id, s.sector, p.province_id
              FROM organizations_organizationstate s
              JOIN bench_org_province p ON p.org_id = s.organization_id
             WHERE s.valid_from <= %s AND (s.valid_to IS NULL OR s.valid_to >= %s)
               AND s.kind IN ({psu})""",
        [as_of, as_of],
    )
    cursor.execute("CREATE INDEX bench_snapshot_province ON bench_snapshot (province_id, sector)")
    cursor.execute("CREATE INDEX bench_snapshot_sector ON bench_snapshot (sector)")
    cursor.execute("VACUUM ANALYZE bench_snapshot")
    cursor.execute("ANALYZE")

    province = (
        OrganizationState.objects.as_of(as_of)
        .filter(kind="provincial_committee", name__endswith=BENCH_PROVINCE)
        .values_list("organization_id", flat=True)
        .get()
    )
    cursor.execute(
        """SELECT l.organization_id, count(*) FROM organizations_eventlink l
             JOIN organizations_reorgevent e ON e.id = l.event_id AND e.kind = 'merge'
             JOIN organizations_eventlink p ON p.event_id = e.id AND p.role = 'predecessor'
            WHERE l.role = 'successor'
            GROUP BY l.organization_id ORDER BY count(*) DESC, l.organization_id LIMIT 1"""
    )
    lineage_org_id, lineage_preds = cursor.fetchone()
    org = Organization.objects.get(pk=lineage_org_id)

    # Our selectors.
    def national() -> dict[str, Any]:
        return selectors.unit_counts(as_of, "sector")

    def by_province() -> dict[str, Any]:
        scope = selectors.subtree_ids([province], as_of)
        return selectors.unit_counts(as_of, "sector", scope=scope)

    committees = list(
        OrganizationState.objects.as_of(as_of)
        .filter(kind="provincial_committee")
        .values_list("organization_id", flat=True)
    )

    def all_provinces() -> dict[str, Any]:
        # A user whose scope is every province: the scope travels as a Python set of ids.
        scope = selectors.subtree_ids(committees, as_of)
        return selectors.unit_counts(as_of, "sector", scope=scope)

    def lineage() -> Any:
        return selectors.lineage(org)

    # The plain baselines.
    def snap_national() -> list[tuple[Any, ...]]:
        cursor.execute("SELECT sector, count(*) FROM bench_snapshot GROUP BY sector ORDER BY 1")
        return cursor.fetchall()

    def snap_province() -> list[tuple[Any, ...]]:
        cursor.execute(
            "SELECT sector, count(*) FROM bench_snapshot WHERE province_id = %s "
            "GROUP BY sector ORDER BY 1",
            [province],
        )
        return cursor.fetchall()

    def plain_lineage() -> list[tuple[Any, ...]]:
        cursor.execute(
            """SELECT b.organization_id, b.role, e.id, e.effective_date
                 FROM organizations_eventlink a
                 JOIN organizations_eventlink b ON b.event_id = a.event_id AND b.role <> a.role
                 JOIN organizations_reorgevent e ON e.id = a.event_id
                WHERE a.organization_id = %s""",
            [org.pk],
        )
        return cursor.fetchall()

    # Same answers?
    checks = {
        "national_total": (national()["total"], sum(n for _, n in snap_national())),
        "province_total": (by_province()["total"], sum(n for _, n in snap_province())),
        "all_provinces_total": (all_provinces()["total"], sum(n for _, n in snap_national())),
        "lineage_predecessors": (len(lineage()["predecessors"]), lineage_preds),
    }
    for name, (ours, plain) in checks.items():
        if ours != plain:
            print(f"WARNING: {name}: selectors {ours} ≠ baseline {plain}")

    cases = [
        ("national_count", "unit_counts(as_of, 'sector'), nation", national, snap_national),
        (
            "province_count",
            f"subtree_ids + unit_counts(scope), {BENCH_PROVINCE}",
            by_province,
            snap_province,
        ),
        (
            "all_provinces_scope",
            f"subtree_ids + unit_counts(scope), all {len(committees)} provinces",
            all_provinces,
            snap_national,
        ),
        (
            "lineage",
            f"lineage(org #{org.pk}, {lineage_preds} predecessors)",
            lineage,
            plain_lineage,
        ),
    ]
    results: dict[str, Any] = {}
    for key, label, ours_fn, plain_fn in cases:
        ours = median_ms(ours_fn, runs, warmup)
        plain = median_ms(plain_fn, runs, warmup)
        target = TARGETS_MS.get(key)
        results[key] = {
            "label": label,
            "ours": ours,
            "baseline": plain,
            "ratio": round(ours["median_ms"] / plain["median_ms"], 1),
            "target_ms": target,
            "met": None if target is None else ours["median_ms"] < target,
        }
    scope_size = len(selectors.subtree_ids([province], as_of))
    cursor.execute("SELECT count(*) FROM bench_snapshot")
    return {
        "as_of": as_of.isoformat(),
        "runs": runs,
        "warmup": warmup,
        "province": {"name": BENCH_PROVINCE, "id": province, "subtree_size": scope_size},
        "units_alive_on_as_of": cursor.fetchone()[0],
        "answers_match": {k: v[0] == v[1] for k, v in checks.items()},
        "results": results,
        "plans": explain(as_of, province, results),
    }


def explain(as_of: dt.date, province: int, results: dict[str, Any]) -> dict[str, str]:
    """EXPLAIN ANALYZE of the count queries (kept in the JSON, printed when a target is missed)."""
    from django.db import connection

    from tinhgon.organizations import selectors
    from tinhgon.organizations.models import OrganizationState

    def qs(scope: set[int] | None) -> Any:
        q = OrganizationState.objects.as_of(as_of).public_service_units()
        if scope is not None:
            q = q.filter(organization_id__in=scope)
        return q.values("sector").annotate(n=__import__("django").db.models.Count("id"))

    plans = {}
    scope = selectors.subtree_ids([province], as_of)
    for key, query in (("national_count", qs(None)), ("province_count", qs(scope))):
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plans[key] = "\n".join(r[0] for r in cursor.fetchall())
    return plans


def report(data: dict[str, Any]) -> None:
    print()
    print(
        f"Registry benchmark on PostgreSQL, as of {data['as_of']} "
        f"({data['units_alive_on_as_of']:,} units alive; median of {data['runs']} runs "
        f"after {data['warmup']} warm-ups)"
    )
    head = f"{'query':<62} {'ours ms':>9} {'plain ms':>9} {'ratio':>7} {'target':>8}  result"
    print(head)
    print("-" * len(head))
    for r in data["results"].values():
        target = f"<{r['target_ms']:.0f}" if r["target_ms"] else "—"
        verdict = {True: "met", False: "MISSED", None: ""}[r["met"]]
        print(
            f"{r['label']:<62} {r['ours']['median_ms']:>9.2f} {r['baseline']['median_ms']:>9.2f} "
            f"{r['ratio']:>6.1f}× {target:>8}  {verdict}"
        )
    missed = [k for k, r in data["results"].items() if r["met"] is False]
    for key in missed:
        print(f"\nTarget missed for {key}; plan of its count query:\n{data['plans'][key]}")
    if not missed:
        print("\nAll targets met.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", default="2021-12-31", type=dt.date.fromisoformat)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--port", type=int, default=54330, help="port of the own cluster")
    parser.add_argument("--regenerate", action="store_true", help="ignore the cached data")
    parser.add_argument("--force", action="store_true", help="truncate a non-bench database")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "registry.json")
    args = parser.parse_args()

    cluster = setup_django(args)
    try:
        from django.core.management import call_command
        from django.db import connection

        t0 = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        print(f"migrate: {time.perf_counter() - t0:.1f} s")
        with connection.cursor() as cursor:
            info = None if args.regenerate else meta(cursor)
        if info is None:
            print("Generating the national registry (once; cached in the database)…")
            info = generate(force=args.force)
        else:
            print(f"Using the cached registry ({info['organizations']:,} organizations).")
        with connection.cursor() as cursor:
            tiling = check_tiling(cursor)
            cursor.execute("ANALYZE")
        if any(tiling.values()):
            print(f"WARNING: temporal rows inconsistent: {tiling}")
        data = measure(args.as_of, args.runs, args.warmup)
        data["dataset"] = info
        data["tiling_problems"] = tiling
        data["machine"] = {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "postgresql": connection.pg_version,
        }
        report(data)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        print(f"\nResults written to {args.output}")
    finally:
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

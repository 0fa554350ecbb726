"""Reads of the workforce: people present, the compliance checks per unit, structure reports,
retirement and level-change lists. Report data are plain dataclasses; the legal numbers come from
``tinhgon.rules`` (deputy_cap, professional_share, level_ratio_check, retirement_date)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count

from tinhgon.organizations.choices import (
    PUBLIC_SERVICE_UNIT_KINDS,
    Category,
    EventKind,
    Kind,
    LinkRole,
)
from tinhgon.organizations.models import ClassCount, EventLink, OrganizationState
from tinhgon.positions import selectors as positions
from tinhgon.positions.choices import CAREER_LEVEL, PositionCategory, Regime, SalaryGroup, regime_on
from tinhgon.positions.models import TitleRank
from tinhgon.rules import catalogue as rules
from tinhgon.rules.base import RuleInputError
from tinhgon.workforce.choices import (
    EmploymentKind,
    Grade,
    LeaderRole,
    QualificationLevel,
    RatingPeriod,
    Sex,
)
from tinhgon.workforce.models import (
    Assignment,
    LeadershipAppointment,
    PendingPlacement,
    Person,
    Rating,
    TitleHolding,
    alive_on,
)

COUNTED = (EmploymentKind.CAN_BO, EmploymentKind.CONG_CHUC, EmploymentKind.VIEN_CHUC)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


# ---------------------------------------------------------------------------------------------
# Counts


def present_counts(org_ids: Iterable[int] | None, as_of: dt.date) -> dict[int, Counter[str]]:
    """People with a full-time assignment on ``as_of`` per unit and employment kind."""
    qs = Assignment.objects.filter(alive_on(as_of), full_time=True)
    if org_ids is not None:
        qs = qs.filter(organization_id__in=list(org_ids))
    out: dict[int, Counter[str]] = defaultdict(Counter)
    for org_id, kind, n in qs.values_list("organization_id", "person__employment_kind").annotate(
        n=Count("id")
    ):
        out[org_id][kind] = n
    return out


def deputies_on(org_ids: Iterable[int] | None, as_of: dt.date) -> dict[int, int]:
    qs = LeadershipAppointment.objects.filter(alive_on(as_of), role=LeaderRole.DEPUTY)
    if org_ids is not None:
        qs = qs.filter(organization_id__in=list(org_ids))
    return dict(qs.values_list("organization_id").annotate(n=Count("id")))


# ---------------------------------------------------------------------------------------------
# Compliance


class Check:
    DEPUTIES = "deputies_over_cap"
    DIVISION = "division_too_small"
    SMALL_UNIT = "unit_too_small"
    SHARE = "professional_share"
    LEVELS = "level_ratio"
    NO_DECISION = "no_decision"
    NO_POSITION = "no_position"
    NOT_APPROVED = "position_not_approved"
    RANK_BELOW = "rank_below"
    OVER_APPROVED = "over_approved"

    LABELS = {
        DEPUTIES: "Cấp phó vượt số lượng tối đa",
        DIVISION: "Phòng thuộc đơn vị dưới 7 viên chức",
        SMALL_UNIT: "Đơn vị dưới 15 người làm việc",
        SHARE: "Tỷ lệ chức danh nghề nghiệp dưới 65% (Nghị định 106)",
        LEVELS: "Tỷ lệ viên chức theo bậc nghề nghiệp vượt mức (Nghị định 232)",
        NO_DECISION: "Chưa có quyết định vị trí việc làm",
        NO_POSITION: "Người chưa được bố trí vị trí việc làm",
        NOT_APPROVED: "Người ở vị trí không thuộc quyết định của đơn vị",
        RANK_BELOW: "Người có hạng/bậc thấp hơn yêu cầu của vị trí",
        OVER_APPROVED: "Số người vượt số vị trí được phê duyệt",
    }
    PEOPLE = (NO_POSITION, NOT_APPROVED, RANK_BELOW)
    ORDER = (
        DEPUTIES,
        DIVISION,
        SMALL_UNIT,
        SHARE,
        LEVELS,
        NO_DECISION,
        NO_POSITION,
        NOT_APPROVED,
        RANK_BELOW,
        OVER_APPROVED,
    )


@dataclass
class Violation:
    check: str
    amount: int  # people concerned, or how many over
    detail: str
    deadline: dt.date | None = None

    @property
    def label(self) -> str:
        return Check.LABELS[self.check]


@dataclass
class UnitCompliance:
    organization_id: int
    name: str
    kind: str
    managing_body_id: int | None
    people: int  # cán bộ, công chức, viên chức (no contract staff)
    vien_chuc: int
    contract: int
    deputies: int
    max_deputies: int | None
    deputy_deadline: dt.date | None
    decision: Any  # PositionDecision | None
    approved: int | None
    violations: list[Violation] = field(default_factory=list)
    deputy_explanation: list[dict[str, str]] = field(default_factory=list)


def unit_type_for(parent_kind: str | None, as_of: dt.date) -> str:
    """The ND 120 art 2 unit type of a unit from the kind of its managing body."""
    after = as_of >= dt.date(2025, 7, 1)
    types: dict[str, str] = {
        Kind.PROVINCIAL_COMMITTEE: "prov_direct",
        Kind.DEPARTMENT: "dept",
        Kind.SUB_DEPARTMENT: "subdept",
        Kind.OTHER_ADMIN: "other_admin",
        Kind.DISTRICT_COMMITTEE: "commune" if after else "district",
        Kind.COMMUNE_COMMITTEE: "commune" if after else "district",
    }
    return types.get(parent_kind or "", "dept")


def _special(state: OrganizationState, classes: dict[int, int]) -> dict[str, Any]:
    rank_1 = state.unit_class.strip().lower() in {"i", "hạng i", "đặc biệt", "hạng đặc biệt"}
    if state.kind == Kind.HOSPITAL and rank_1:
        return {"special": "hospital_rank_1"}
    if state.category == Category.CDC and rank_1:
        return {"special": "cdc_rank_1"}
    if state.category == Category.MULTI_LEVEL_SCHOOL and state.organization_id in classes:
        return {"special": "multi_level_school", "classes": classes[state.organization_id]}
    return {}


def _deputy_deadline(org_ids: list[int], as_of: dt.date) -> dict[int, dt.date]:
    """Units that are the successor of a merge or absorption: the last day to bring deputies
    within the cap (ND 120 art 27; years as the setting ``TINHGON_DEPUTY_EXCESS_YEARS``)."""
    years = settings.TINHGON_DEPUTY_EXCESS_YEARS
    out: dict[int, dt.date] = {}
    for org_id, day in (
        EventLink.objects.filter(
            organization_id__in=org_ids,
            role=LinkRole.SUCCESSOR,
            event__kind__in=[EventKind.MERGE, EventKind.ABSORB],
            event__effective_date__lte=as_of,
        )
        .order_by("event__effective_date")
        .values_list("organization_id", "event__effective_date")
    ):
        try:
            end = day.replace(year=day.year + years)
        except ValueError:
            end = day.replace(year=day.year + years, day=28)
        out[org_id] = end - dt.timedelta(days=1)
    return out


@dataclass
class PersonPlace:
    person_id: int
    organization_id: int
    position_id: int | None
    kind: str
    level: int | None


def _places(org_ids: list[int] | None, as_of: dt.date) -> list[PersonPlace]:
    qs = Assignment.objects.filter(alive_on(as_of), full_time=True).exclude(
        person__employment_kind=EmploymentKind.HOP_DONG
    )
    if org_ids is not None:
        qs = qs.filter(organization_id__in=org_ids)
    rows = list(
        qs.values_list("person_id", "organization_id", "position_id", "person__employment_kind")
    )
    holdings = TitleHolding.objects.filter(alive_on(as_of), person_id__in=qs.values("person_id"))
    groups = dict(holdings.values_list("person_id", "title_rank__salary_group"))
    return [
        PersonPlace(p, o, pos, k, CAREER_LEVEL.get(SalaryGroup(groups[p])) if p in groups else None)
        for p, o, pos, k in rows
    ]


def compliance(org_ids: Iterable[int] | None, as_of: dt.date) -> list[UnitCompliance]:
    """Every check for the public service units and internal divisions alive on ``as_of``."""
    states = OrganizationState.objects.as_of(as_of).filter(
        kind__in=[*PUBLIC_SERVICE_UNIT_KINDS, Kind.INTERNAL_DIVISION]
    )
    if org_ids is not None:
        states = states.filter(organization_id__in=list(org_ids))
    states_list = list(
        states.select_related("managing_body").order_by("name_folded", "organization_id")
    )
    ids = [s.organization_id for s in states_list]
    parent_states = {
        s.organization_id: s
        for s in OrganizationState.objects.as_of(as_of).filter(
            organization_id__in={s.managing_body_id for s in states_list if s.managing_body_id}
        )
    }
    counts = present_counts(ids, as_of)
    deputies = deputies_on(ids, as_of)
    decisions = positions.decisions_on(ids, as_of)
    deadlines = _deputy_deadline(ids, as_of)
    classes: dict[int, int] = {}
    for org_id, n in (
        ClassCount.objects.filter(organization_id__in=ids, school_year__lte=as_of.year)
        .order_by("school_year")
        .values_list("organization_id", "classes")
    ):
        classes[org_id] = n
    places: dict[int, list[PersonPlace]] = defaultdict(list)
    for p in _places(ids, as_of):
        places[p.organization_id].append(p)
    era = regime_on(as_of)
    min_people = settings.TINHGON_MIN_UNIT_PEOPLE
    out: list[UnitCompliance] = []
    for s in states_list:
        c = counts.get(s.organization_id, Counter())
        people = sum(c[k] for k in COUNTED)
        vc = c[EmploymentKind.VIEN_CHUC]
        parent = parent_states.get(s.managing_body_id) if s.managing_body_id else None
        division = s.kind == Kind.INTERNAL_DIVISION
        group = (parent.autonomy_group if division and parent else s.autonomy_group) or 4
        parent_kind = parent.kind if parent else None
        if division and parent is not None:
            grand = parent_states.get(parent.managing_body_id) if parent.managing_body_id else None
            parent_kind = grand.kind if grand else None
        payload: dict[str, Any] = {
            "unit_type": unit_type_for(parent_kind, as_of),
            "autonomy_group": group,
            "vien_chuc_count": vc,
            "is_internal_division": division,
            "as_of": as_of.isoformat(),
        }
        if not division:
            payload.update(_special(s, classes))
        cap: dict[str, Any]
        try:
            cap = rules.run("deputy_cap", payload)
        except RuleInputError:
            cap = {"allowed": True, "max_deputies": None, "explanation": []}
        decision = decisions.get(s.organization_id)
        row = UnitCompliance(
            organization_id=s.organization_id,
            name=s.name,
            kind=s.kind,
            managing_body_id=s.managing_body_id,
            people=people,
            vien_chuc=vc,
            contract=c[EmploymentKind.HOP_DONG],
            deputies=deputies.get(s.organization_id, 0),
            max_deputies=cap["max_deputies"],
            deputy_deadline=deadlines.get(s.organization_id),
            decision=decision,
            approved=decision.total_headcount if decision else None,
            deputy_explanation=cap["explanation"],
        )
        v = row.violations
        if row.max_deputies is not None and row.deputies > row.max_deputies:
            v.append(
                Violation(
                    Check.DEPUTIES,
                    row.deputies - row.max_deputies,
                    f"{row.deputies} cấp phó, tối đa {row.max_deputies}",
                    row.deputy_deadline,
                )
            )
        if division and not cap["allowed"]:
            v.append(Violation(Check.DIVISION, vc, f"{vc} viên chức (cần ít nhất 7)"))
        if division:
            out.append(row)
            continue
        if people < min_people:
            v.append(
                Violation(Check.SMALL_UNIT, people, f"{people} người làm việc (dưới {min_people})")
            )
        if decision is None:
            if people:
                v.append(
                    Violation(
                        Check.NO_DECISION,
                        people,
                        f"{people} người, chưa có vị trí việc làm được phê duyệt",
                    )
                )
            out.append(row)
            continue
        approved_positions = {p.pk: p for p in decision.positions.all()}
        mine = places.get(s.organization_id, [])
        no_pos = [p for p in mine if p.position_id is None]
        not_approved = [
            p for p in mine if p.position_id is not None and p.position_id not in approved_positions
        ]
        below = [
            p
            for p in mine
            if p.position_id in approved_positions
            and approved_positions[p.position_id].required_rank is not None
            and (p.level or 0) < approved_positions[p.position_id].required_rank.career_level  # type: ignore[union-attr]
        ]
        if no_pos:
            v.append(Violation(Check.NO_POSITION, len(no_pos), f"{len(no_pos)} người"))
        if not_approved:
            v.append(Violation(Check.NOT_APPROVED, len(not_approved), f"{len(not_approved)} người"))
        if below:
            v.append(Violation(Check.RANK_BELOW, len(below), f"{len(below)} người"))
        if row.approved is not None and people > row.approved:
            v.append(
                Violation(
                    Check.OVER_APPROVED,
                    people - row.approved,
                    f"{people} người / {row.approved} vị trí được phê duyệt",
                )
            )
        if era == Regime.ND106 and decision.regime == Regime.ND106 and row.approved:
            specialised = sum(
                p.headcount
                for p in approved_positions.values()
                if p.category == PositionCategory.SPECIALISED
            )
            shared = sum(
                p.headcount
                for p in approved_positions.values()
                if p.category == PositionCategory.SHARED
            )
            share = rules.run(
                "professional_share",
                {
                    "total": row.approved,
                    "specialised": specialised,
                    "shared": shared,
                    "as_of": as_of.isoformat(),
                },
            )
            if not share["compliant"]:
                v.append(
                    Violation(
                        Check.SHARE,
                        share["shortfall"],
                        f"{share['share_percent']}% (thiếu {share['shortfall']} vị trí)",
                    )
                )
        if era == Regime.ND232 and decision.regime == Regime.ND232:
            over_total = 0
            for pos in approved_positions.values():
                levels = Counter(p.level for p in mine if p.position_id == pos.pk and p.level)
                if len(levels) < 2 or not pos.headcount:
                    continue
                result = rules.run(
                    "level_ratio_check",
                    {
                        "levels": {str(k): n for k, n in levels.items()},
                        "quota": pos.headcount,
                        "autonomy_group": group,
                        "as_of": as_of.isoformat(),
                    },
                )
                if result["binding"] and not result["compliant"]:
                    over_total += sum(line["over"] for line in result["levels"])
            if over_total:
                v.append(Violation(Check.LEVELS, over_total, f"{over_total} người vượt tỷ lệ bậc"))
        out.append(row)
    return out


@dataclass
class ComplianceSummary:
    units: int
    rows: list[UnitCompliance]
    by_check: dict[str, dict[str, int]]  # check → {"units": n, "amount": n}


def compliance_summary(rows: list[UnitCompliance]) -> ComplianceSummary:
    by: dict[str, dict[str, int]] = {c: {"units": 0, "amount": 0} for c in Check.ORDER}
    for r in rows:
        for v in r.violations:
            by[v.check]["units"] += 1
            by[v.check]["amount"] += v.amount
    return ComplianceSummary(len(rows), rows, by)


# ---------------------------------------------------------------------------------------------
# A unit's staffing page


@dataclass
class PositionLine:
    position: Any
    people: int
    vacancies: int
    over: int


@dataclass
class StaffRow:
    assignment: Assignment
    person: Person
    title: str
    level: int | None
    problem: str


@dataclass
class UnitStaffing:
    compliance: UnitCompliance | None
    lines: list[PositionLine]
    staff: list[StaffRow]
    pending: list[PendingPlacement]


def unit_staffing(org_id: int, as_of: dt.date) -> UnitStaffing:
    rows = compliance([org_id], as_of)
    row = rows[0] if rows else None
    decision = positions.decisions_on([org_id], as_of).get(org_id)
    assignments = list(
        Assignment.objects.filter(alive_on(as_of), organization_id=org_id)
        .select_related("person", "position")
        .order_by("person__name_folded", "person_id")
    )
    holdings = {
        h.person_id: h
        for h in TitleHolding.objects.filter(
            alive_on(as_of), person__assignments__in=assignments
        ).select_related("title_rank__title")
    }
    approved = {p.pk: p for p in decision.positions.all()} if decision else {}
    by_pos = Counter(
        a.position_id
        for a in assignments
        if a.full_time and a.person.employment_kind != EmploymentKind.HOP_DONG
    )
    lines = [
        PositionLine(
            p,
            by_pos.get(p.pk, 0),
            max(0, p.headcount - by_pos.get(p.pk, 0)),
            max(0, by_pos.get(p.pk, 0) - p.headcount),
        )
        for p in approved.values()
    ]
    staff = []
    for a in assignments:
        h = holdings.get(a.person_id)
        level = h.title_rank.career_level if h else None
        problem = ""
        if a.person.employment_kind != EmploymentKind.HOP_DONG and a.full_time:
            if a.position_id is None:
                problem = Check.LABELS[Check.NO_POSITION] if decision else ""
            elif a.position_id not in approved:
                problem = Check.LABELS[Check.NOT_APPROVED]
            elif (need := approved[a.position_id].required_rank) and (
                level or 0
            ) < need.career_level:
                problem = Check.LABELS[Check.RANK_BELOW]
        staff.append(StaffRow(a, a.person, str(h.title_rank) if h else "—", level, problem))
    pending = list(
        PendingPlacement.objects.filter(
            from_organization_id=org_id, resolved_on__isnull=True
        ).select_related("person", "event")
    )
    return UnitStaffing(row, lines, staff, pending)


# ---------------------------------------------------------------------------------------------
# Structure reports (any scope, national included)

STRUCTURE_BY = {
    "sex": "Giới tính",
    "employment_kind": "Loại",
    "title": "Chức danh",
    "rank": "Chức danh và hạng",
    "level": "Bậc nghề nghiệp",
    "qualification": "Trình độ",
    "age_band": "Nhóm tuổi",
}
AGE_BANDS = ((30, "Dưới 30"), (40, "30–39"), (50, "40–49"), (60, "50–59"))


PERSON_DIMENSIONS = ("sex", "employment_kind", "qualification", "age_band")
TITLE_DIMENSIONS = ("title", "rank", "level")


def _present_sql(org_ids: Iterable[int] | None, as_of: dt.date) -> tuple[str, tuple[Any, ...]]:
    """The full-time assignments alive on ``as_of`` in the scope, as SQL selecting ``person_id``."""
    qs = Assignment.objects.filter(alive_on(as_of), full_time=True)
    if org_ids is not None:
        qs = qs.filter(organization_id__in=list(org_ids))
    sql, params = qs.order_by().values("person_id").query.sql_with_params()
    return sql, tuple(params)


def _band(birth: dt.date | str, as_of: dt.date) -> str:
    if isinstance(birth, str):  # a raw SQLite cursor may return the text
        birth = dt.date.fromisoformat(birth)
    for years, label in AGE_BANDS:
        if birth > _years_before(as_of, years):
            return label
    return "Từ 60"


# The age band is grouped by birth date (a few thousand groups) and banded here: cheaper than a
# CASE evaluated on every row.
_PERSON_COLUMN = {"sex": "p.sex", "employment_kind": "p.employment_kind",
                  "qualification": "p.qualification", "age_band": "p.birth_date"}  # fmt: skip


def _person_counts(
    org_ids: Iterable[int] | None, as_of: dt.date, dims: tuple[str, ...]
) -> dict[str, list[tuple[Any, int]]]:
    """Counts of the people present by each of ``dims`` (person attributes), aggregated in SQL:
    one GROUP BY per dimension, or on PostgreSQL one scan with GROUPING SETS for several."""
    org_ids = None if org_ids is None else list(org_ids)
    if org_ids == []:  # an empty scope (e.g. a day before its units existed): nobody
        return {d: [] for d in dims}
    base, base_params = _present_sql(org_ids, as_of)
    exprs = {d: _PERSON_COLUMN[d] for d in dims}
    join = f"FROM ({base}) a INNER JOIN {Person._meta.db_table} p ON p.id = a.person_id"
    out: dict[str, list[tuple[Any, int]]] = {d: [] for d in dims}
    with connection.cursor() as cursor:
        if len(dims) > 1 and connection.vendor == "postgresql":
            inner = ", ".join(f"{e} AS d{i}" for i, e in enumerate(exprs.values()))
            cols = ", ".join(f"d{i}" for i in range(len(dims)))
            flags = ", ".join(f"GROUPING(d{i})" for i in range(len(dims)))
            sets = ", ".join(f"(d{i})" for i in range(len(dims)))
            cursor.execute(
                f"SELECT {cols}, {flags}, COUNT(*) FROM (SELECT {inner} {join}) x "  # noqa: S608
                f"GROUP BY GROUPING SETS ({sets})",
                base_params,
            )
            n = len(dims)
            for row in cursor.fetchall():
                values, grouped, count = row[:n], row[n : 2 * n], row[-1]
                for i, d in enumerate(dims):
                    if grouped[i] == 0:  # this row is the group of dimension i
                        out[d].append((values[i], count))
            return out
        for d, expr in exprs.items():
            cursor.execute(f"SELECT {expr}, COUNT(*) {join} GROUP BY 1", base_params)
            out[d] = list(cursor.fetchall())
    return out


def _title_counts(org_ids: Iterable[int] | None, as_of: dt.date) -> list[tuple[int | None, int]]:
    """Counts of the people present by the title-and-rank each holds on ``as_of`` (None: none),
    one GROUP BY of the assignments joined to the holdings by person (the person row unread)."""
    org_ids = None if org_ids is None else list(org_ids)
    if org_ids == []:
        return []
    base, base_params = _present_sql(org_ids, as_of)
    table = TitleHolding._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT th.title_rank_id, COUNT(*) FROM ({base}) a "  # noqa: S608
            f"LEFT JOIN {table} th ON th.person_id = a.person_id AND th.valid_from <= %s "
            "AND (th.valid_to IS NULL OR th.valid_to >= %s) GROUP BY th.title_rank_id",
            [*base_params, as_of, as_of],
        )
        return list(cursor.fetchall())


def _labelled(by: str, rows: list[tuple[Any, int]], as_of: dt.date) -> list[tuple[str, int]]:
    labels: dict[Any, str] = {}
    if by == "age_band":
        rows = [(_band(birth, as_of), n) for birth, n in rows]
    if by == "sex":
        labels = {k: str(v) for k, v in Sex.choices}
    elif by == "employment_kind":
        labels = {k: str(v) for k, v in EmploymentKind.choices}
    elif by == "qualification":
        labels = {**{k: str(v) for k, v in QualificationLevel.choices}, "": "Chưa ghi"}
    elif by in TITLE_DIMENSIONS:
        ids = [pk for pk, _n in rows if pk is not None]
        ranks = TitleRank.objects.select_related("title").in_bulk(ids)
        if by == "title":
            labels = {pk: r.title.name for pk, r in ranks.items()}
        elif by == "rank":
            labels = {pk: r.code for pk, r in ranks.items()}
        else:
            labels = {
                pk: f"Bậc {CAREER_LEVEL[SalaryGroup(r.salary_group)]}" for pk, r in ranks.items()
            }
        labels[None] = "Chưa xếp"
    counts = Counter[str]()
    for value, n in rows:
        counts[labels.get(value, value) if labels else (value or "Chưa xếp")] += n
    if by == "age_band":
        order = [label for _y, label in AGE_BANDS] + ["Từ 60"]
        return [(label, counts.get(label, 0)) for label in order]
    return sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))


def structure(org_ids: Iterable[int] | None, as_of: dt.date, by: str) -> list[tuple[str, int]]:
    """People present on ``as_of`` (one full-time assignment each) counted by ``by``; for title,
    rank and level each title holding alive that day counts ("Chưa xếp" without one)."""
    if by in PERSON_DIMENSIONS:
        return _labelled(by, _person_counts(org_ids, as_of, (by,))[by], as_of)
    if by in TITLE_DIMENSIONS:
        return _labelled(by, _title_counts(org_ids, as_of), as_of)
    raise ValueError(by)


def structure_all(
    org_ids: Iterable[int] | None, as_of: dt.date
) -> dict[str, list[tuple[str, int]]]:
    """Every dimension of :func:`structure` in two scans: the person attributes together (one
    query with GROUPING SETS on PostgreSQL), the title holdings once for title, rank and level."""
    ids = list(org_ids) if org_ids is not None else None
    people = _person_counts(ids, as_of, PERSON_DIMENSIONS)
    titles = _title_counts(ids, as_of)
    out = {by: _labelled(by, rows, as_of) for by, rows in people.items()}
    out.update({by: _labelled(by, titles, as_of) for by in TITLE_DIMENSIONS})
    return {by: out[by] for by in STRUCTURE_BY}


# ---------------------------------------------------------------------------------------------
# Retirement in the next months, level-change candidates, people lists


@dataclass(frozen=True)
class RetirementRow:
    person: Person
    organization_id: int
    retirement_month: str
    pension_from: dt.date


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def retiring(
    org_ids: Iterable[int] | None, as_of: dt.date, months: int = 24
) -> list[RetirementRow]:
    """People present whose statutory retirement month (rules.retirement_date) falls within the
    next ``months`` months."""
    horizon = _add_months(as_of, months)
    qs = Assignment.objects.filter(alive_on(as_of), full_time=True).select_related("person")
    if org_ids is not None:
        qs = qs.filter(organization_id__in=list(org_ids))
    # No statutory age is below 50 years (Annex II, women): skip the young without the rule.
    qs = qs.filter(
        person__birth_date__lte=_years_before(horizon, 50), person__birth_date__year__gte=1920
    )
    out = []
    for a in qs:
        p = a.person
        result = rules.run(
            "retirement_date",
            {
                "sex": p.sex,
                "birth_date": p.birth_date.isoformat(),
                "annex": p.annex,
                "as_of": as_of.isoformat(),
            },
        )
        month = dt.date.fromisoformat(result["retirement_month"] + "-01")
        if as_of.replace(day=1) <= month < horizon:
            out.append(
                RetirementRow(
                    p,
                    a.organization_id,
                    result["retirement_month"],
                    dt.date.fromisoformat(result["pension_from"]),
                )
            )
    return sorted(out, key=lambda r: (r.retirement_month, r.person.name_folded))


@dataclass(frozen=True)
class LevelChangeRow:
    person: Person
    organization_id: int
    holding: TitleHolding
    years: int


def level_change_candidates(org_ids: Iterable[int] | None, as_of: dt.date) -> list[LevelChangeRow]:
    """Viên chức who meet the criteria for a level change (settings ``TINHGON_LEVEL_CHANGE``):
    held the current rank for ``years_at_rank`` years, rated at least "hoàn thành tốt" in each of
    the last ``good_years`` years, and a higher rank exists for their title."""
    crit = settings.TINHGON_LEVEL_CHANGE
    since = _years_before(as_of, int(crit["years_at_rank"]))
    qs = Assignment.objects.filter(
        alive_on(as_of), full_time=True, person__employment_kind=EmploymentKind.VIEN_CHUC
    )
    if org_ids is not None:
        qs = qs.filter(organization_id__in=list(org_ids))
    where = dict(qs.values_list("person_id", "organization_id"))
    holdings = list(
        TitleHolding.objects.filter(
            alive_on(as_of), person_id__in=qs.values("person_id"), valid_from__lte=since
        ).select_related("person", "title_rank__title")
    )
    years = [as_of.year - i for i in range(1, int(crit["good_years"]) + 1)]
    good = defaultdict(set)
    for pid, year in Rating.objects.filter(
        person_id__in=[h.person_id for h in holdings],
        period=RatingPeriod.YEAR,
        year__in=years,
        grade__in=[Grade.EXCELLENT, Grade.GOOD],
    ).values_list("person_id", "year"):
        good[pid].add(year)
    from tinhgon.positions.models import TitleRank

    top: dict[int, int] = defaultdict(int)
    for title_id, group in TitleRank.objects.values_list("title_id", "salary_group"):
        top[title_id] = max(top[title_id], CAREER_LEVEL[SalaryGroup(group)])
    out = [
        LevelChangeRow(h.person, where[h.person_id], h, as_of.year - h.valid_from.year)
        for h in holdings
        if set(years) <= good[h.person_id]
        and h.title_rank.career_level < top[h.title_rank.title_id]
    ]
    return sorted(out, key=lambda r: r.person.name_folded)


def people_in(org_ids: Iterable[int] | None, as_of: dt.date, q: str = "") -> Any:
    """Assignments alive on ``as_of`` (a queryset: the caller paginates)."""
    from tinhgon.core.text import fold

    qs = Assignment.objects.filter(alive_on(as_of)).select_related("person", "position")
    if org_ids is not None:
        qs = qs.filter(organization_id__in=list(org_ids))
    if q.strip():
        qs = qs.filter(person__name_folded__contains=fold(q))
    return qs.order_by("person__name_folded", "person_id", "id")


def person_history(person: Person) -> dict[str, Any]:
    return {
        "assignments": list(
            person.assignments.select_related("organization", "position", "event").order_by(
                "-valid_from"
            )
        ),
        "titles": list(person.titles.select_related("title_rank__title").order_by("-valid_from")),
        "salary": list(person.salary_steps.order_by("-valid_from")),
        "allowances": list(person.allowances.order_by("-valid_from")),
        "ratings": list(person.ratings.order_by("-year", "period", "part")),
        "appointments": list(
            person.appointments.select_related("organization", "document").order_by("-valid_from")
        ),
        "qualifications": list(person.qualifications.all()),
        "trainings": list(person.trainings.order_by("-valid_from")),
        "insurance": list(person.insurance.order_by("-valid_from")),
        "pending": list(person.pending.filter(resolved_on__isnull=True).select_related("event")),
    }


def person_org_ids(person: Person) -> set[int]:
    return set(person.assignments.values_list("organization_id", flat=True))

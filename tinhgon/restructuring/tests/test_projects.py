"""Restructuring projects: a project of 34 units, its impact checked against figures counted
independently from the fixture, then applied; conflicts; bad input; the workflow's permissions."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from tinhgon.conftest import People, Registry, decision
from tinhgon.core.errors import Refused
from tinhgon.indicators import selectors as indicators
from tinhgon.organizations.choices import EventKind, Kind, Sector
from tinhgon.organizations.models import Organization, OrganizationState
from tinhgon.organizations.selectors import unit_counts
from tinhgon.organizations.services import (
    EventInput,
    NewUnit,
    organization_register_existing,
)
from tinhgon.plans.choices import AssignmentRole
from tinhgon.plans.models import Assignment as PlanAssignment
from tinhgon.plans.models import Product
from tinhgon.plans.tests.conftest import make_plan
from tinhgon.positions.choices import DecisionStatus, PositionCategory
from tinhgon.positions.models import PositionDecision
from tinhgon.positions.services import PositionInput
from tinhgon.restructuring.choices import ProjectStatus
from tinhgon.restructuring.models import Project
from tinhgon.restructuring.project_services import (
    ProjectInput,
    project_apply,
    project_appraise,
    project_approve,
    project_reopen,
    project_return,
    project_save,
    project_submit,
)
from tinhgon.restructuring.services import event_record
from tinhgon.staffing.choices import EntryType, QuotaKind
from tinhgon.staffing.selectors import balances
from tinhgon.staffing.services import EntryInput, quota_entries_record
from tinhgon.workforce.choices import LeaderRole
from tinhgon.workforce.models import Assignment, LeadershipAppointment, PendingPlacement
from tinhgon.workforce.services import PersonInput, appointment_record, person_record
from tinhgon.workforce.tests.conftest import approve, catalogue

DAY = dt.date(2027, 1, 1)
LAST = DAY - dt.timedelta(days=1)
BUDGET = QuotaKind.PUBLIC_EMPLOYEE_BUDGET
START = dt.date(2010, 1, 1)


@dataclass
class Network:
    schools: list[Organization]
    people: dict[int, list[int]]  # school → person ids
    quota: dict[int, int]
    division: Organization
    product: Product
    decision_doc: Any


def _school(registry: Registry, i: int, group: int = 4) -> Organization:
    return organization_register_existing(
        acting_user=None,
        unit=NewUnit(
            name=f"Trường THCS Thử nghiệm số {i:02d}",
            kind=Kind.SCHOOL,
            sector=Sector.EDUCATION,
            managing_body=registry.education.pk,
            autonomy_group=group,
        ),
        valid_from=START,
        reason="Nhập sổ ban đầu",
    )


@pytest.fixture
def network(registry: Registry, people: People) -> Network:
    catalogue()
    schools = [_school(registry, i, group=3 if i in (30, 31) else 4) for i in range(36)]
    division = organization_register_existing(
        acting_user=None,
        unit=NewUnit(
            name="Tổ Văn phòng",
            kind=Kind.INTERNAL_DIVISION,
            sector=Sector.EDUCATION,
            managing_body=schools[0].pk,
        ),
        valid_from=START,
        reason="Nhập sổ ban đầu",
    )
    staff: dict[int, list[int]] = {}
    for i, s in enumerate(schools):
        n = 2 + i % 4  # 2..5 people
        staff[s.pk] = [
            person_record(
                acting_user=None,
                data=PersonInput(
                    full_name=f"Giáo viên {i:02d}-{k}",
                    birth=dt.date(1985, 1, 1),
                    sex="F",
                    employment_kind="vien_chuc",
                    hired_on=dt.date(2015, 9, 1),
                    organization=s.pk,
                ),
            ).pk
            for k in range(n)
        ]
    # Two deputies in each of the first three schools: six after their merger.
    doc = decision(dt.date(2020, 1, 1))
    for s in schools[:3]:
        for pid in staff[s.pk][:2]:
            appointment_record(
                acting_user=None,
                person=Person(pid),
                organization=s.pk,
                role=LeaderRole.DEPUTY,
                title="Phó Hiệu trưởng",
                decision=doc,
                valid_from=dt.date(2024, 8, 1),
            )
    approve(
        schools[0],
        dt.date(2022, 1, 1),
        [PositionInput("GV", "Giáo viên", PositionCategory.SPECIALISED, 5, "V.07.05.15")],
    )
    quota = {s.pk: 10 + i % 3 for i, s in enumerate(schools)}
    rows = [
        EntryInput(
            registry.province.pk,
            BUDGET,
            2026,
            EntryType.ALLOCATION,
            2000,
            dt.date(2026, 1, 1),
            decision(dt.date(2025, 12, 20)),
        ),
        EntryInput(
            registry.education.pk,
            BUDGET,
            2026,
            EntryType.ALLOCATION,
            900,
            dt.date(2026, 1, 1),
            decision(dt.date(2025, 12, 20)),
        ),
    ] + [
        EntryInput(
            pk,
            BUDGET,
            2026,
            EntryType.ALLOCATION,
            n,
            dt.date(2026, 1, 1),
            decision(dt.date(2025, 12, 20)),
        )
        for pk, n in quota.items()
    ]
    quota_entries_record(acting_user=None, rows=rows)
    plan = make_plan(people.supervisor, registry)
    product = Product.objects.create(task=plan.conditional, name="Đề án sắp xếp trường học")
    PlanAssignment.objects.create(
        task=plan.conditional,
        product=product,
        organization=registry.education,
        role=AssignmentRole.LEAD,
        valid_from=dt.date(2025, 1, 15),
    )
    return Network(schools, staff, quota, division, product, doc)


def Person(pk: int) -> Any:
    from tinhgon.workforce.models import Person as P

    return P.objects.get(pk=pk)


def _new(key: str, name: str, body: int, group: int | None = 4) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "kind": Kind.SCHOOL,
        "sector": Sector.EDUCATION,
        "managing_body": body,
        "autonomy_group": group,
    }


def big_project(registry: Registry, net: Network) -> tuple[ProjectInput, dict[str, Any]]:
    """8 mergers of 3 schools (24), 2 absorptions (4), a split, a dissolution, a transfer and a
    change of autonomy group: 34 units of the registry touched."""
    s = net.schools
    edu = registry.education.pk
    events: list[dict[str, Any]] = []
    for g in range(8):
        trio = s[3 * g : 3 * g + 3]
        events.append(
            {
                "kind": EventKind.MERGE,
                "predecessors": [u.pk for u in trio],
                "new_units": [_new(f"M{g}", f"Trường THCS Liên xã số {g + 1}", edu)],
            }
        )
    events.append({"kind": EventKind.ABSORB, "predecessors": [s[24].pk], "receiver": s[25].pk})
    events.append({"kind": EventKind.ABSORB, "predecessors": [s[26].pk], "receiver": s[27].pk})
    events.append(
        {
            "kind": EventKind.SPLIT,
            "predecessors": [s[28].pk],
            "new_units": [
                _new("S1", "Trường Tiểu học Tách số 1", edu),
                _new("S2", "Trường THCS Tách số 2", edu),
            ],
        }
    )
    events.append({"kind": EventKind.DISSOLVE, "predecessors": [s[29].pk]})
    events.append(
        {
            "kind": EventKind.TRANSFER,
            "predecessors": [s[30].pk],
            "changes": {"managing_body": registry.district.pk},
        }
    )
    events.append(
        {
            "kind": EventKind.CHANGE_AUTONOMY_GROUP,
            "predecessors": [s[31].pk],
            "changes": {"autonomy_group": 2},
        }
    )
    split_people = net.people[s[28].pk]
    placements = [
        {"person": split_people[0], "destination": "S1"},
        {"person": split_people[1], "destination": "S2"},
    ]
    data = ProjectInput(
        name="Đề án sắp xếp các trường THCS thử nghiệm",
        owner=edu,
        effective_date=DAY,
        events=events,
        placements=placements,
        plan_product=net.product.pk,
    )
    return data, {"events": events, "placements": placements}


def _approve_flow(project: Project, people: People) -> Project:
    project = project_submit(
        acting_user=people.officer_b, project=project, expected_version=project.version
    )
    project = project_appraise(
        acting_user=people.supervisor,
        project=project,
        expected_version=project.version,
        comment="Đủ điều kiện trình phê duyệt.",
    )
    return project_approve(
        acting_user=people.admin,
        project=project,
        expected_version=project.version,
        decision=decision(dt.date(2026, 12, 15)),
    )


def test_impact_of_a_34_unit_project_equals_the_registry_after_it_is_applied(
    registry: Registry, people: People, network: Network
) -> None:
    net = network
    s = net.schools
    data, _content = big_project(registry, net)
    project = project_save(acting_user=people.officer_b, data=data)
    imp = project.impact
    base = DAY - dt.timedelta(days=1)

    # --- independent computation of every figure from the fixture ---
    before_total = unit_counts(base)["total"]
    ended = 24 + 2 + 1 + 1  # merged, absorbed, split, dissolved
    created = 8 + 2
    assert imp["units"]["before"] == before_total
    assert imp["units"]["after"] == before_total - ended + created
    assert (imp["units"]["ended"], imp["units"]["created"]) == (ended, created)
    edu_row = next(r for r in imp["units"]["by_sector"] if r["key"] == Sector.EDUCATION)
    assert edu_row["after"] - edu_row["before"] == created - ended
    bodies = {r["key"]: r for r in imp["units"]["by_managing_body"]}
    assert (
        bodies[str(registry.education.pk)]["after"] - bodies[str(registry.education.pk)]["before"]
        == created - ended - 1
    )
    assert (
        bodies[str(registry.district.pk)]["after"] - bodies[str(registry.district.pk)]["before"]
        == 1
    )
    n = {pk: len(v) for pk, v in net.people.items()}
    moved = sum(n[u.pk] for u in s[:24]) + n[s[24].pk] + n[s[26].pk] + 2
    without = n[s[28].pk] - 2 + n[s[29].pk]
    assert imp["people"] == {
        "to_reassign": moved + without,
        "moved": moved,
        "without_place": without,
        "without_place_ids": sorted(net.people[s[28].pk][2:] + net.people[s[29].pk]),
    }
    # Merger 1 carries six deputies; the cap of a group-4 school under a sở is 2 (rule deputy_cap).
    over = imp["deputies_over_cap"]
    assert [(o["name"], o["deputies"], o["max"], o["excess"]) for o in over] == [
        ("Trường THCS Liên xã số 1", 6, 2, 4)
    ]
    assert over[0]["deadline"] == "2029-12-31"  # 3 years (TINHGON_DEPUTY_EXCESS_YEARS) − 1 day
    assert [r["name"] for r in imp["small_divisions"]] == ["Tổ Văn phòng"]
    per_after: Counter[str] = Counter()
    for g in range(8):
        per_after[f"Trường THCS Liên xã số {g + 1}"] = sum(n[u.pk] for u in s[3 * g : 3 * g + 3])
    per_after["Trường THCS Thử nghiệm số 25"] = n[s[25].pk] + n[s[24].pk]
    per_after["Trường THCS Thử nghiệm số 27"] = n[s[27].pk] + n[s[26].pk]
    per_after["Trường Tiểu học Tách số 1"] = 1
    per_after["Trường THCS Tách số 2"] = 1
    per_after["Trường THCS Thử nghiệm số 30"] = n[s[30].pk]
    per_after["Trường THCS Thử nghiệm số 31"] = n[s[31].pk]
    assert {r["name"]: r["people"] for r in imp["small_units"]} == dict(per_after)
    q = net.quota
    touched_before = sum(q[u.pk] for u in s[:32])
    assert imp["quota"][BUDGET] == {"before": touched_before, "after": touched_before - q[s[29].pk]}
    assert imp["positions_to_review"] == 1
    ind = {i["code"]: i for i in imp["indicators"]}
    assert ind["units_total"]["after"] - ind["units_total"]["before"] == created - ended
    assert ind["budget_staff_quota"]["after"] - ind["budget_staff_quota"]["before"] == -q[s[29].pk]

    # --- the workflow, then the scheduled command on the effective date ---
    project = _approve_flow(project, people)
    assert project.status == ProjectStatus.APPROVED
    import time_machine

    with time_machine.travel(dt.datetime(2027, 1, 2, 9, 0), tick=False):
        call_command("apply_projects")
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPLIED, project.application_error
    assert project.events.count() == 14

    # --- registry, quotas, assignments, positions, tasks and indicators equal the impact ---
    assert unit_counts(DAY)["total"] == imp["units"]["after"]
    after_sector = {g["key"]: g["count"] for g in unit_counts(DAY)["groups"]}
    assert after_sector[Sector.EDUCATION] == edu_row["after"]
    after_body = {g["key"]: g["count"] for g in unit_counts(DAY, "managing_body")["groups"]}
    assert after_body[registry.education.pk] == bodies[str(registry.education.pk)]["after"]
    merged = {
        st.name: st.organization_id
        for st in OrganizationState.objects.as_of(DAY).filter(name__startswith="Trường")
    }
    alive_people: Counter[int] = Counter(
        Assignment.objects.filter(
            valid_from__lte=DAY, valid_to__isnull=True, full_time=True
        ).values_list("organization_id", flat=True)
    )
    for name, count in per_after.items():
        assert alive_people[merged[name]] == count, name
    pending = PendingPlacement.objects.filter(
        event__in=project.events.all(), resolved_on__isnull=True
    )
    assert sorted(pending.values_list("person_id", flat=True)) == imp["people"]["without_place_ids"]
    new_ids = [merged[f"Trường THCS Liên xã số {g + 1}"] for g in range(8)]
    b = balances(
        [
            *new_ids,
            s[25].pk,
            s[27].pk,
            s[30].pk,
            s[31].pk,
            merged["Trường Tiểu học Tách số 1"],
            merged["Trường THCS Tách số 2"],
        ],
        BUDGET,
        DAY,
    )
    assert sum(b.values()) == imp["quota"][BUDGET]["after"]
    assert (
        LeadershipAppointment.objects.filter(
            organization_id=new_ids[0], role=LeaderRole.DEPUTY, valid_to__isnull=True
        ).count()
        == over[0]["deputies"]
    )
    assert (
        PositionDecision.objects.filter(status=DecisionStatus.TO_REVIEW).count()
        == imp["positions_to_review"]
    )
    assert (
        OrganizationState.objects.as_of(DAY).get(organization=net.division).managing_body_id
        == new_ids[0]
    )
    done = PlanAssignment.objects.get(product=net.product)
    assert done.done_on == DAY
    now = {i.code: i.value for i in indicators.indicator_set(DAY, None)}
    for code, row in ind.items():
        assert Decimal(str(row["after"])) == now[code], code


def test_a_conflicting_change_after_approval_stops_the_application_and_writes_nothing(
    registry: Registry, people: People, network: Network
) -> None:
    s = network.schools
    data = ProjectInput(
        name="Sáp nhập ba trường",
        owner=registry.education.pk,
        effective_date=DAY,
        events=[
            {
                "kind": EventKind.MERGE,
                "predecessors": [s[0].pk, s[1].pk, s[2].pk],
                "new_units": [_new("A", "Trường THCS Hợp nhất", registry.education.pk)],
            }
        ],
    )
    project = _approve_flow(project_save(acting_user=people.officer_b, data=data), people)
    # Another decision renames one of the schools after the approval.
    event_record(
        acting_user=people.admin,
        data=EventInput(
            kind=EventKind.RENAME,
            effective_date=dt.date(2026, 12, 20),
            decision=decision(dt.date(2026, 12, 18)),
            predecessors=[s[1].pk],
            changes={"name": "Trường THCS Đổi tên"},
        ),
    )
    states, people_rows = OrganizationState.objects.count(), Assignment.objects.count()
    result = project_apply(acting_user=people.admin, project=project, today=DAY)
    assert result.status == ProjectStatus.APPROVED
    assert (
        "“Trường THCS Đổi tên” đã thay đổi sau khi lập đề án (sự kiện đổi tên ngày 20/12/2026)"
        in result.application_error
    )
    assert (OrganizationState.objects.count(), Assignment.objects.count()) == (states, people_rows)
    assert not OrganizationState.objects.filter(name="Trường THCS Hợp nhất").exists()
    # The officer reopens it to correct the draft (the baseline is taken again at saving).
    reopened = project_reopen(
        acting_user=people.supervisor,
        project=result,
        expected_version=result.version,
        reason="Một trường đã đổi tên",
    )
    assert reopened.status == ProjectStatus.DRAFT and reopened.decision is None


def test_bad_input_is_refused_pointing_at_the_event_or_row(
    registry: Registry, people: People, network: Network
) -> None:
    s = network.schools
    edu = registry.education.pk
    data = ProjectInput(
        name="Đề án lỗi",
        owner=edu,
        effective_date=DAY,
        events=[
            {
                "kind": EventKind.MERGE,
                "predecessors": [s[0].pk, s[1].pk],
                "new_units": [_new("A", "Trường A", edu)],
            },
            {
                "kind": EventKind.MERGE,
                "predecessors": [s[1].pk, s[2].pk],
                "new_units": [_new("B", "Trường B", None)],
            },
            {"kind": EventKind.ABSORB, "predecessors": [s[3].pk], "receiver": s[4].pk},
            {"kind": EventKind.DISSOLVE, "predecessors": [s[4].pk, s[5].pk]},
        ],
        placements=[{"person": network.people[s[5].pk][0], "destination": s[4].pk}],
    )
    with pytest.raises(Refused) as exc:
        project_save(acting_user=people.officer_b, data=data)
    got = {p.path: p.message for p in exc.value.problems}
    assert got["events[1].predecessors[0]"].startswith(
        "Đơn vị “Trường THCS Thử nghiệm số 01” đã kết thúc ở sự kiện số 1 (hợp nhất)"
    )
    assert (
        got["events[1].new_units[0].managing_body"]
        == "Đơn vị mới “Trường B” thiếu cơ quan quản lý trực tiếp."
    )
    assert "bị giải thể ở sự kiện số 4" in got["events[2].receiver"]
    assert "bị giải thể theo chính đề án này" in got["placements[0].destination"]
    assert not Project.objects.exists()


def test_effective_date_before_the_approval_and_the_makers_own_approval_are_refused(
    registry: Registry, people: People, network: Network
) -> None:
    s = network.schools
    data = ProjectInput(
        name="Giải thể một trường",
        owner=registry.education.pk,
        effective_date=dt.date(2026, 12, 10),
        events=[{"kind": EventKind.DISSOLVE, "predecessors": [s[7].pk]}],
    )
    p = project_save(acting_user=people.officer_b, data=data)
    p = project_submit(acting_user=people.officer_b, project=p, expected_version=p.version)
    with pytest.raises(Refused, match="thẩm định"):
        project_appraise(
            acting_user=people.officer_a, project=p, expected_version=p.version, comment="Ổn"
        )
    p = project_appraise(
        acting_user=people.supervisor, project=p, expected_version=p.version, comment="Ổn"
    )
    assert not p.appraisal_late
    with pytest.raises(Refused) as exc:
        project_approve(
            acting_user=people.officer_b,
            project=p,
            expected_version=p.version,
            decision=decision(dt.date(2026, 12, 15)),
        )
    paths = {x.path for x in exc.value.problems}
    assert {"decided_by", "effective_date"} <= paths
    p = project_return(
        acting_user=people.supervisor,
        project=p,
        expected_version=p.version,
        reason="Sửa ngày hiệu lực",
    )
    assert p.status == ProjectStatus.RETURNED
    data.effective_date = DAY
    p = project_save(acting_user=people.officer_b, data=data, project=p, expected_version=p.version)
    assert p.versions.count() == 2
    assert p.versions.first().changes == ["Sửa ngày hiệu lực: 2026-12-10 → 2027-01-01"]


def test_quota_growth_is_impossible_and_a_merger_may_not_lower_autonomy(
    registry: Registry, people: People, network: Network
) -> None:
    s = network.schools
    data = ProjectInput(
        name="Hợp nhất làm giảm nhóm tự chủ",
        owner=registry.education.pk,
        effective_date=DAY,
        events=[
            {
                "kind": EventKind.MERGE,
                "predecessors": [s[30].pk, s[0].pk],
                "new_units": [_new("A", "Trường C", registry.education.pk, group=4)],
            }
        ],
    )
    with pytest.raises(Refused) as exc:
        project_save(acting_user=people.officer_b, data=data)
    assert "Nghị định 120/2020/NĐ-CP Điều 5" in str(exc.value)
    assert exc.value.problems[0].path == "events[0].new_units[0].autonomy_group"


def _outcome(since: int) -> dict[str, Any]:
    """What the events wrote, in names instead of the ids that differ from one run to the other:
    the registry, the quota ledger, people, positions, tasks and the audit rows after ``since``."""
    from tinhgon.core.models import AuditEntry
    from tinhgon.organizations.models import ReorgEvent
    from tinhgon.plans.models import Task
    from tinhgon.staffing.models import QuotaEntry

    name = {st.organization_id: st.name for st in OrganizationState.objects.order_by("valid_from")}
    events = {
        e.pk: (e.kind, tuple(sorted((lk.role, name[lk.organization_id]) for lk in e.links.all())))
        for e in ReorgEvent.objects.prefetch_related("links")
    }
    as_org = {"organization", "managing_body", "counterpart", "subject_org"}
    as_event = {"event", "opened_by", "carried_by_event"}
    # Row ids, and a follow-up task's number (its order in the follow-up plan).
    dropped = {"id", "decision", "moved_from", "assignment", "task", "plan", "ref"}

    def plain(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return sorted(
                ((k, plain(v, k)) for k, v in value.items() if k not in dropped), key=repr
            )
        if isinstance(value, list):
            return [plain(v, key) for v in value]
        if key in as_org or key in ("predecessors", "successors", "candidates"):
            return name.get(value, value)
        if key in as_event:
            return events.get(value, value)
        return value

    def rows(items: Any) -> list[Any]:
        return sorted(items, key=repr)

    return {
        "states": rows(
            (s.name, s.valid_from, s.valid_to, s.kind, name.get(s.managing_body_id), s.level)
            for s in OrganizationState.objects.all()
        ),
        "units": rows(
            (name[o.pk], o.valid_from, o.valid_to, o.version) for o in Organization.objects.all()
        ),
        "events": rows(
            (*events[e.pk], e.effective_date, plain(e.changes), e.note)
            for e in ReorgEvent.objects.all()
        ),
        "quota": rows(
            (
                name[q.organization_id],
                q.kind,
                q.entry_type,
                q.amount,
                q.effective_date,
                name.get(q.counterpart_id),
                q.note,
            )
            for q in QuotaEntry.objects.filter(event__isnull=False)
        ),
        "people": rows(
            (a.person_id, name[a.organization_id], a.valid_from, a.valid_to, events.get(a.event_id))
            for a in Assignment.objects.all()
        ),
        "leaders": rows(
            (a.person_id, name[a.organization_id], a.role, a.valid_from, a.valid_to)
            for a in LeadershipAppointment.objects.all()
        ),
        "waiting": rows((p.person_id, events[p.event_id]) for p in PendingPlacement.objects.all()),
        "positions": rows(
            (name[d.organization_id], d.status, d.version) for d in PositionDecision.objects.all()
        ),
        "tasks": rows(
            (name.get(a.organization_id), a.task.text, a.valid_from, a.valid_to)
            for a in PlanAssignment.objects.select_related("task")
        )
        + rows((t.text, t.due, name.get(t.subject_org_id)) for t in Task.objects.all()),
        "audit": rows(
            (e.action, e.object_type, plain(e.before), plain(e.after), e.reason)
            for e in AuditEntry.objects.filter(pk__gt=since).exclude(
                object_type__startswith="restructuring."
            )
        ),
    }


def test_a_project_applied_in_one_batch_writes_what_its_events_write_one_by_one(
    registry: Registry, people: People, network: Network
) -> None:
    """A project applies its events through the one door in one batch: every step reads the
    project's units once and keeps what it knows as the events write (organizations.services
    registry_batched and the steps' batches). The registry, ledger, people, positions, tasks and
    audit rows are the same as when the same events are recorded one by one."""
    from django.db import transaction

    from tinhgon.core.models import AuditEntry

    data, _content = big_project(registry, network)
    data.placements, data.plan_product = [], None  # the events only: the same on both sides
    # A school of the third merger leads a task: it moves to the merged school.
    PlanAssignment.objects.create(
        task=network.product.task,
        organization=network.schools[6],
        role=AssignmentRole.COORDINATING,
        valid_from=dt.date(2025, 2, 1),
    )
    project = _approve_flow(project_save(acting_user=people.officer_b, data=data), people)
    since = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    class Undo(Exception):
        """Rolls the events back once their result is read."""

    with pytest.raises(Undo), transaction.atomic():
        for ev in project.proposed_events.all():
            successors: list[Any] = [
                NewUnit(
                    name=spec["name"],
                    kind=spec["kind"],
                    sector=spec["sector"],
                    managing_body=int(spec["managing_body"]),
                    autonomy_group=spec.get("autonomy_group"),
                )
                for spec in ev.new_units
            ]
            if ev.kind == EventKind.ABSORB:
                successors = [int(ev.receiver)]
            event_record(
                acting_user=people.admin,
                data=EventInput(
                    kind=ev.kind,
                    effective_date=DAY,
                    decision=project.decision,
                    predecessors=[int(p) for p in ev.predecessors],
                    successors=successors,
                    changes=dict(ev.changes),
                    note=f"Theo đề án “{project.name}”",
                ),
            )
        one_by_one = _outcome(since)
        raise Undo
    applied = project_apply(acting_user=people.admin, project=project, today=DAY)
    assert applied.status == ProjectStatus.APPLIED, applied.application_error
    batched = _outcome(since)
    for part, rows in one_by_one.items():
        assert batched[part] == rows, part
    # What the comparison covers: the office carried with its school into the merged one, the
    # decision marked for review, the follow-up tasks, the quota and the people moved.
    assert len(one_by_one["events"]) == 15  # 14 events and the office's transfer
    office = [(s[4], s[1]) for s in one_by_one["states"] if s[0] == "Tổ Văn phòng"]
    assert office == [("Trường THCS Thử nghiệm số 00", START), ("Trường THCS Liên xã số 1", DAY)]
    assert one_by_one["positions"] == [
        ("Trường THCS Thử nghiệm số 00", DecisionStatus.TO_REVIEW, 2)
    ]
    moved = [t for t in one_by_one["tasks"] if t[1] == network.product.task.text]
    assert set(moved) == {
        ("Sở Giáo dục và Đào tạo", network.product.task.text, dt.date(2025, 1, 15), None),
        ("Trường THCS Liên xã số 3", network.product.task.text, DAY, None),
        ("Trường THCS Thử nghiệm số 06", network.product.task.text, dt.date(2025, 2, 1), LAST),
    }
    followups = [t for t in one_by_one["tasks"] if len(t) == 3 and t[2]]
    assert len(followups) == 2 * 12  # two per merged, absorbing and split school
    assert len(one_by_one["quota"]) > 30 and len(one_by_one["people"]) > 100


def test_a_batch_refuses_what_its_events_refuse_one_by_one(
    registry: Registry, people: People, network: Network
) -> None:
    """Inside one batch, a unit created under a school that a later event of the batch ends is
    refused as it is event by event (the batch keeps which units sit under which body)."""
    from django.db import transaction

    from tinhgon.restructuring.services import events_batched

    s = network.schools
    doc = decision(dt.date(2026, 12, 15))
    merge = EventInput(
        kind=EventKind.MERGE,
        effective_date=DAY,
        decision=doc,
        predecessors=[s[0].pk, s[1].pk],
        successors=[
            NewUnit(
                name="Tổ Thư viện",
                kind=Kind.INTERNAL_DIVISION,
                sector=Sector.EDUCATION,
                managing_body=s[33].pk,
            )
        ],
    )
    absorb = EventInput(
        kind=EventKind.ABSORB,
        effective_date=DAY,
        decision=doc,
        predecessors=[s[33].pk],
        successors=[s[34].pk],
    )
    refusals = []
    for batched in (False, True):
        with pytest.raises(Refused) as caught, transaction.atomic():
            block = events_batched(day=DAY, units=[p.pk for p in s[:35]]) if batched else None
            with block or transaction.atomic():
                event_record(acting_user=people.admin, data=merge)
                event_record(acting_user=people.admin, data=absorb)
        refusals.append([p.message for p in caught.value.problems])
    assert refusals[0] == refusals[1]
    assert refusals[0] == ["Đơn vị trực thuộc “Tổ Thư viện” đã có thay đổi từ ngày 01/01/2027."]

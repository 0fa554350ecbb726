"""On the demo: the consolidated Plan 56 report and ``dvsncl_annual`` carry the numbers of the
dashboard's selectors and of a count straight from the rows (issue 9, Done when)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Q

from tinhgon.accounts.choices import Role
from tinhgon.accounts.models import User
from tinhgon.indicators.selectors import indicator_set
from tinhgon.organizations import selectors as org_selectors
from tinhgon.organizations.choices import PUBLIC_SERVICE_UNIT_KINDS
from tinhgon.organizations.models import OrganizationState
from tinhgon.plans.models import Assignment, Plan
from tinhgon.plans.selectors import plan_dashboard
from tinhgon.reports import selectors, services, snapshot
from tinhgon.reports.generate import check_request
from tinhgon.reports.models import ReportVersion

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)


def raw_units(day: dt.date) -> int:
    """Public service units alive on ``day``, counted from the state rows without a selector."""
    return (
        OrganizationState.objects.filter(
            kind__in=[str(k) for k in PUBLIC_SERVICE_UNIT_KINDS], valid_from__lte=day
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .values("organization_id")
        .distinct()
        .count()
    )


@pytest.fixture
def today() -> Any:
    moment = dt.datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment, tick=False):
        yield TODAY


def test_dvsncl_annual_on_the_demo(demo: str, today: dt.date) -> None:
    req = check_request("dvsncl_annual", "2025", "xlsx", today)
    doc = selectors.build(req.kind, req.period, None, today=today)
    day = dt.date(2025, 12, 31)
    level_table, group_table = doc.sections[0].tables
    total = level_table.column_totals()[-1]
    dashboard = next(i for i in indicator_set(day, None) if i.code == "units_total")
    assert total == int(dashboard.value) == raw_units(day) > 500
    assert group_table.column_totals()[-1] == total
    by_sector = org_selectors.unit_counts(day, "sector")
    assert {g["label"]: g["count"] for g in by_sector["groups"]} == {
        r[0]: r[-1] for r in level_table.rows
    }


def test_consolidated_plan56_report_on_the_demo(demo: str, today: dt.date) -> None:
    from tinhgon.reports.collection import province_root

    plan = Plan.objects.get(number="56/KH-UBND")
    province = province_root(today)
    supervisor = User.objects.create(
        username="bc-demo-snv", role=Role.SUPERVISOR, scope_root=province, organization=province
    )
    leader = User.objects.create(
        username="bc-demo-lanh-dao", role=Role.LEADER, scope_root=province, organization=province
    )
    rnd = services.round_open(
        acting_user=supervisor, kind="plan_periodic", period="2026-Q3", plan_id=plan.pk,
        today=today,
    )  # fmt: skip
    officer = User(username="bc-demo-officer", role=Role.OFFICER)
    sub = rnd.submissions.select_related("organization").first()
    assert sub is not None
    officer.scope_root = officer.organization = sub.organization
    officer.save()
    sub = services.submission_update(
        acting_user=officer, submission=sub, expected_version=sub.version,
        results="Hoàn thành rà soát.", problems="", proposals="",
    )  # fmt: skip
    sub = services.submission_submit(
        acting_user=officer, submission=sub, expected_version=sub.version, today=today
    )
    services.submission_decide(
        acting_user=supervisor, submission=sub, expected_version=sub.version, approve=True
    )
    v = services.version_consolidate(acting_user=supervisor, rnd=rnd, today=today)
    v = services.version_sign_off(acting_user=leader, version=v, signer_name="", today=today)
    doc = snapshot.from_json(ReportVersion.objects.get(pk=v.pk).snapshot)
    day = dt.date(2026, 9, 14)  # end of the Q3 window (Decree 09)
    items, agencies, indicators = [t for s in doc.sections for t in s.tables][:3]
    dash = plan_dashboard(plan, day)
    assert sum(r[-1] for r in items.rows) == dash.total == sum(r[-1] for r in agencies.rows)
    # An independent count: the plan's concrete assignments in force on the day.
    raw = (
        Assignment.objects.concrete()
        .filter(task__plan=plan, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .count()
    )
    assert dash.total == raw > 100
    # The indicators table equals the dashboard's selector and the raw count of units.
    values = {r[0]: r[1] for r in indicators.rows}
    for ind in indicator_set(day, None):
        assert values[ind.label].startswith(selectors._num(ind.value)), ind.label
    units = next(i for i in indicator_set(day, None) if i.code == "units_total")
    assert int(units.value) == raw_units(day)
    assert values[units.label] == f"{selectors._num(raw_units(day))} {units.unit}".strip()


def test_the_demo_round_of_2026_and_what_its_narratives_say_is_in_the_registry(
    demo: str, today: dt.date, client: Any
) -> None:
    """`make demo` opens the 2026 ĐVSNCL round (demo_reports): the three agencies with a demo
    account in three states, the others drafts; every fact their narratives state is the demo's."""
    import io
    import re

    from django.core.management import call_command

    from tinhgon.organizations.models import LegalDocument
    from tinhgon.reports import demo as reports_demo
    from tinhgon.reports.models import ReportRound

    call_command("demo_accounts", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo_reports", stdout=out)
    assert "1 đã duyệt, 1 chờ duyệt, 1 trả lại" in out.getvalue()
    rnd = ReportRound.objects.get()
    states = {s.organization_id: s.status for s in rnd.submissions.all()}
    by_user = {u.username: u.organization_id for u in User.objects.filter(role=Role.OFFICER)}
    assert states.pop(by_user["soyte"]) == "approved"
    assert states.pop(by_user["sogddt"]) == "submitted"
    assert states.pop(by_user["xathachha"]) == "returned"
    assert len(states) > 50 and set(states.values()) == {"draft"}
    # Loading again changes nothing.
    call_command("demo_reports", stdout=io.StringIO())
    assert ReportRound.objects.count() == 1

    # The decisions quoted are the demo's, and the groups stated are the registry's.
    texts = " ".join(" ".join(parts) for parts in reports_demo.CONTRIBUTIONS.values())
    quoted = set(re.findall(r"\d+/QĐ-UBND", texts + reports_demo.RETURN_REASON))
    assert quoted == {"176/QĐ-UBND", "199/QĐ-UBND", "259/QĐ-UBND", "182/QĐ-UBND", "311/QĐ-UBND"}
    assert quoted <= set(LegalDocument.objects.values_list("number", flat=True))
    groups = dict(
        OrganizationState.objects.as_of(dt.date(2026, 1, 1))
        .filter(
            name__in=["Bệnh viện Đa khoa tỉnh", "Bệnh viện Tâm thần tỉnh", "Bệnh viện Phổi tỉnh"]
        )
        .values_list("name", "autonomy_group")
    )
    assert groups == {
        "Bệnh viện Đa khoa tỉnh": 1, "Bệnh viện Tâm thần tỉnh": 1, "Bệnh viện Phổi tỉnh": 2
    }  # fmt: skip

    from tinhgon.organizations.models import ReorgEvent

    merged = set()
    for event in ReorgEvent.objects.filter(decision__number="259/QĐ-UBND"):
        names = {
            link.role: OrganizationState.objects.filter(organization_id=link.organization_id)
            .order_by("valid_from")
            .first()
            .name  # type: ignore[union-attr]
            for link in event.links.all()
        }
        merged.add(f"{names['predecessor']} vào {names['successor']}")
    assert all(pair in texts for pair in merged) and len(merged) == 3

    # Sở Nội vụ sees the round on the calendar, and who has not sent.
    client.force_login(User.objects.get(username="snv"))
    page = client.get(f"/bao-cao/dot/{rnd.pk}/").content.decode()
    assert "Đã phê duyệt 1/" in page and "Bị trả lại" in page

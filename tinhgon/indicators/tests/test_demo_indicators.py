"""Every indicator on the demo, recomputed independently from the raw rows (no selectors), at three
dates, for the province and for one department (issue 4, Done when)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tinhgon.indicators.selectors import indicator_payload
from tinhgon.organizations.choices import PUBLIC_SERVICE_UNIT_KINDS
from tinhgon.organizations.models import Organization, OrganizationState
from tinhgon.staffing.models import QuotaEntry

pytestmark = pytest.mark.django_db
PSU = {str(k) for k in PUBLIC_SERVICE_UNIT_KINDS}
DATES = (dt.date(2021, 12, 31), dt.date(2025, 7, 1), dt.date(2026, 11, 26))


def alive_states(day: dt.date) -> dict[int, dict]:
    return {
        s["organization_id"]: s
        for s in OrganizationState.objects.values(
            "organization_id",
            "valid_from",
            "valid_to",
            "kind",
            "sector",
            "managing_body_id",
            "autonomy_group",
        )
        if s["valid_from"] <= day and (s["valid_to"] is None or s["valid_to"] >= day)
    }


def subtree(root: int, states: dict[int, dict]) -> set[int]:
    children = defaultdict(list)
    for org_id, s in states.items():
        children[s["managing_body_id"]].append(org_id)
    found, stack = set(), [root]
    while stack:
        node = stack.pop()
        if node in found:
            continue
        found.add(node)
        stack.extend(children.get(node, []))
    return found


def budget_balances(day: dt.date) -> dict[int, int]:
    balance: dict[int, int] = defaultdict(int)
    for e in QuotaEntry.objects.filter(
        kind="public_employee_budget", effective_date__lte=day
    ).order_by("effective_date", "id"):
        if e.entry_type == "allocation":
            balance[e.organization_id] = e.amount
        else:
            balance[e.organization_id] += e.amount
    return balance


def independent(day: dt.date, root: int) -> dict[str, Decimal]:
    states = alive_states(day)
    units = [o for o in subtree(root, states) if states[o]["kind"] in PSU]
    balances = budget_balances(day)
    autonomous = sum(1 for o in units if states[o]["autonomy_group"] in (1, 2))
    return {
        "units_total": Decimal(len(units)),
        "budget_staff_quota": Decimal(sum(balances[o] for o in units)),
        "autonomous_share": (Decimal(autonomous) * 100 / len(units)).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        ),
    }


def change(value: Decimal, base: Decimal) -> float:
    return float(((value / base - 1) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP))


@pytest.mark.parametrize("day", DATES)
@pytest.mark.parametrize("scope_name", ["UBND tỉnh Hà Tĩnh", "Sở Y tế"])
def test_indicators_equal_an_independent_computation(demo, day, scope_name):
    scope = Organization.objects.get(states__name=scope_name)
    got = {i["code"]: i for i in indicator_payload(day, scope)["indicators"]}
    mine = independent(day, scope.pk)
    assert got["units_total"]["value"] == mine["units_total"]
    assert got["budget_staff_quota"]["value"] == mine["budget_staff_quota"]
    assert Decimal(str(got["autonomous_share"]["value"])) == mine["autonomous_share"]
    for year in (2015, 2021):
        base = independent(dt.date(year, 12, 31), scope.pk)
        for measure, prefix in (("units_total", "units"), ("budget_staff_quota", "budget_staff")):
            item = got[f"{prefix}_change_vs_{year}"]
            assert item["baseline"] == {"date": f"{year}-12-31", "value": int(base[measure])}
            assert item["value"] == mine[measure]
            assert item["change_percent"] == change(mine[measure], base[measure])


def test_the_demo_shows_targets_achieved_and_missed(demo):
    got = {i["code"]: i for i in indicator_payload(dt.date(2026, 11, 26), None)["indicators"]}
    statuses = {i["target"]["status"] for i in got.values() if i["target"]}
    assert {"achieved", "missed"} <= statuses
    # NQ 19: units −10 % by 2021 vs 2015 achieved; budget-paid staff −10 % by 2021 missed.
    assert got["units_change_vs_2015"]["target"]["status"] == "achieved"
    assert got["budget_staff_change_vs_2015"]["target"]["status"] == "missed"


def test_the_province_total_never_changes_on_the_day_of_a_merge(demo):
    """On every merge or absorption of the demo, the province's budget-paid pool is the same on
    the effective date as the day before (the staffing step moves quotas, it does not create them)."""
    from tinhgon.organizations.models import ReorgEvent
    from tinhgon.staffing.selectors import balance

    province = Organization.objects.get(states__name="UBND tỉnh Hà Tĩnh")
    days = set(
        ReorgEvent.objects.filter(kind__in=["merge", "absorb"])
        .exclude(effective_date__day=1, effective_date__month=1)
        .values_list("effective_date", flat=True)
    )
    assert days
    for day in sorted(days):
        before = balance(province.pk, "public_employee_budget", day - dt.timedelta(days=1))
        assert balance(province.pk, "public_employee_budget", day) == before, day


def test_the_dashboard_shows_the_budget_effect_of_streamlining(demo, client):
    """The dashboard's panel equals the people who left this year with a decided case, counted
    straight from the cases: 12 × their monthly salary saved, the benefits actually paid."""
    from tinhgon.accounts.models import User
    from tinhgon.core.templatetags.vn import vn_number
    from tinhgon.streamlining.models import Case

    cases = [
        c
        for c in Case.objects.all()
        if c.status in ("approved", "paid")
        and c.leave_date is not None
        and dt.date(2026, 1, 1) <= c.leave_date <= dt.date(2026, 11, 26)
    ]
    assert cases, "the demo has people leaving in 2026"
    saved = sum(12 * c.monthly_salary_vnd for c in cases)
    paid = sum(c.total_vnd for c in cases if c.status == "paid")
    admin = User.objects.filter(is_superuser=True).first() or User.objects.get(username="he-thong")
    client.force_login(admin)
    page = client.get("/chi-tieu/?as_of=2026-11-26").content.decode()
    panel = page.split('data-testid="budget-effect"')[1].split("</table>")[0]
    assert f">{vn_number(len(cases))}<" in panel
    assert f">{vn_number(saved)}<" in panel
    assert f">{vn_number(paid)}<" in panel

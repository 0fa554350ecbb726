"""The autonomy demo: figures consistent with the registry, and the indicator selectors checked
against an independent computation from the raw rows, at two dates."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tinhgon.autonomy import selectors
from tinhgon.autonomy.models import AutonomyFigures, AutonomyPlan, GroupChange
from tinhgon.organizations.choices import PUBLIC_SERVICE_UNIT_KINDS
from tinhgon.organizations.models import Organization, OrganizationState
from tinhgon.rules import catalogue as rules

PSU = {str(k) for k in PUBLIC_SERVICE_UNIT_KINDS}
pytestmark = pytest.mark.django_db


def independent_shares(day: dt.date) -> tuple[int, Counter, Counter]:
    """From the raw rows only: units alive on ``day`` with their group; bands of group-3 units
    from their approved figures of the latest year up to ``day``'s year."""
    groups: dict[int, int | None] = {}
    for s in OrganizationState.objects.all().values(
        "organization_id", "valid_from", "valid_to", "kind", "autonomy_group"
    ):
        if (
            s["kind"] in PSU
            and s["valid_from"] <= day
            and (s["valid_to"] is None or s["valid_to"] >= day)
        ):
            groups[s["organization_id"]] = s["autonomy_group"]
    latest: dict[int, tuple[int, str]] = {}
    for org_id, year, band, status in AutonomyFigures.objects.values_list(
        "organization_id", "year", "band", "status"
    ):
        if (
            status == "approved"
            and year <= day.year
            and (org_id not in latest or latest[org_id][0] < year)
        ):
            latest[org_id] = (year, band)
    by_group = Counter(groups.values())
    by_band = Counter(
        (latest[pk][1] if pk in latest else "unknown") for pk, g in groups.items() if g == 3
    )
    return len(groups), by_group, by_band


@pytest.mark.parametrize("day", [dt.date(2022, 6, 30), dt.date(2025, 12, 31)])
def test_shares_and_bands_equal_an_independent_computation(demo, day):
    total, by_group, by_band = independent_shares(day)
    shares = selectors.group_shares(day)
    assert shares.total == total > 700
    assert shares.by_group == {g: by_group.get(g, 0) for g in (1, 2, 3, 4)}
    assert {k: v for k, v in shares.by_band.items() if v} == dict(by_band)
    expected = round((by_group[1] + by_group[2]) * 100 / total, 2)
    assert float(shares.autonomous_percent) == pytest.approx(expected, abs=0.005)
    assert sum(shares.by_band.values()) == by_group[3] > 0


def test_every_figure_gives_the_registry_group_of_its_year(demo):
    figures = list(AutonomyFigures.objects.all())
    assert len(figures) > 4000
    orgs = Organization.objects.in_bulk({f.organization_id for f in figures})
    mismatches = []
    for f in figures[::7]:
        org = orgs[f.organization_id]
        last = dt.date(f.year, 12, 31)
        state = org.state_on(min(last, org.valid_to or last))
        result = rules.run("autonomy_group", f.rule_input)
        if state.autonomy_group != f.group or result["group"] != f.group:
            mismatches.append((org.pk, f.year, state.autonomy_group, f.group))
    assert mismatches == []


def test_demo_has_plans_decisions_history_and_summary_audit(demo):
    plan = AutonomyPlan.objects.select_related("decision").first()
    assert plan.period_label == "2022–2026" and plan.decision.number.endswith("/QĐ-UBND")
    assert GroupChange.objects.filter(outcome="refused").count() == 1
    assert GroupChange.objects.filter(outcome="applied", event__isnull=False).count() >= 30
    from tinhgon.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="demo_load").count() == 8


def test_movements_and_budget_support_on_the_demo(demo):
    moves = selectors.group_movements(dt.date(2021, 12, 31), dt.date(2026, 11, 26))
    assert moves.upgraded >= 15 and moves.downgraded == 0
    support = selectors.budget_support_by_year(range(2021, 2026))
    assert [s.year for s in support] == [2021, 2022, 2023, 2024, 2025]
    assert all(s.budget_support_vnd > 0 for s in support)
    report = selectors.annual_report(2024)
    assert report.total_units == AutonomyFigures.objects.filter(year=2024).count()
    assert sum(g.units for g in report.groups) == report.total_units
    duty = selectors.upgrade_duty(2022, dt.date(2026, 11, 26))
    assert (
        sum(duty.start_bands.values()) == AutonomyFigures.objects.filter(year=2022, group=3).count()
    )

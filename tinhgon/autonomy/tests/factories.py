"""Helpers of the autonomy tests: yearly figures that give a chosen ratio, through the services."""

from __future__ import annotations

from typing import Any

from tinhgon.autonomy import services
from tinhgon.autonomy.models import AutonomyFigures
from tinhgon.organizations.models import Organization

BILLION = 1_000_000_000


def figures_input(org: Organization, year: int, **kw: Any) -> services.FiguresInput:
    """Defaults: A = 7 bn (services 6 + fees 1), B = 10 bn → 70 %, group 3, band 70-100."""
    values: dict[str, Any] = {
        "revenue_services_vnd": 6 * BILLION,
        "revenue_fees_vnd": 1 * BILLION,
        "total_revenue_vnd": 7 * BILLION,
        "recurrent_expenditure_vnd": 10 * BILLION,
        "budget_support_vnd": 3 * BILLION,
        "depreciation_vnd": BILLION,
    }
    values.update(kw)
    return services.FiguresInput(organization=org.pk, year=year, **values)


def submitted(officer: Any, org: Organization, year: int, **kw: Any) -> AutonomyFigures:
    obj = services.figures_save(acting_user=officer, data=figures_input(org, year, **kw))
    return services.figures_submit(acting_user=officer, figures=obj, expected_version=obj.version)

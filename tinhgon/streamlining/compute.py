"""Running the rule ``streamlining_benefits`` for a person of the workforce (shared by the case
services, the "what if" view and the calculator): the rule's input from the record's facts and the
form's choices, the province's settings, and the rule's refusals renamed to form fields."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings as django_settings

from tinhgon.core.errors import Problem
from tinhgon.rules.base import RuleInputError, to_json
from tinhgon.rules.streamlining import benefits as rule
from tinhgon.streamlining import grounds
from tinhgon.streamlining.choices import Category
from tinhgon.streamlining.record import Facts


def province_settings() -> dict[str, Any]:
    """The province's overrides of the rule's named settings (read at call time)."""
    return dict(getattr(django_settings, "TINHGON_STREAMLINING_SETTINGS", {}) or {})


# Rule paths → the case form's fields.
FIELD_OF_PATH = {
    "category": "category",
    "policy": "policy",
    "decree": "decree",
    "article_2_group": "ground",
    "leave_date": "leave_date",
    "reorganization_effective_date": "reorganization_effective_date",
    "person.insurance_years": "insurance_years",
    "person.insurance_months": "insurance_months",
    "person.current_salary_vnd": "current_salary_vnd",
    "person.salary_coefficient": "current_salary_vnd",
    "person.base_salary_vnd": "current_salary_vnd",
    "person.average_salary_60m_vnd": "average_salary_60m_vnd",
    # The record's facts: a category that does not fit the person's kind; a bad birth date.
    "person.employment": "category",
    "person.sex": "person",
    "person.birth_date": "person",
    "person.annex": "person",
    "person.statutory_retirement_date": "person",
}


def rule_problems(exc: RuleInputError, fields: dict[str, str] | None = None) -> list[Problem]:
    """The rule's refusals with paths renamed to form fields (unknown paths are kept)."""
    table = FIELD_OF_PATH if fields is None else fields
    out = []
    for p in exc.problems:
        path = table.get(p.path)
        if path is None and p.path.startswith("person.allowance_coefficients"):
            path = "current_salary_vnd"
        out.append(Problem(path or p.path, p.message))
    return out


def payload_for(
    facts: Facts,
    *,
    category: str,
    policy: str,
    ground: grounds.Ground | None,
    leave_date: dt.date | None,
    reorganization_effective_date: dt.date | None = None,
    decree: str = "",
    insurance_years: int | None = None,
    insurance_months: int | None = None,
    current_salary_vnd: int | None = None,
    average_salary_60m_vnd: int | None = None,
) -> dict[str, Any]:
    """The rule's input for this person (the record's facts, the form's choices)."""
    p = facts.person
    person: dict[str, Any] = {
        "sex": p.sex,
        "birth_date": facts.birth_date_text,
        "employment": p.employment_kind,
        "annex": p.annex,
    }
    if insurance_years is None and insurance_months is None:
        person["insurance_years"] = facts.insurance_months // 12
        person["insurance_months"] = facts.insurance_months % 12
    else:
        person["insurance_years"] = insurance_years if insurance_years is not None else 0
        person["insurance_months"] = insurance_months if insurance_months is not None else 0
    if current_salary_vnd is not None:
        person["current_salary_vnd"] = current_salary_vnd
    elif facts.salary_coefficient is not None:
        person["salary_coefficient"] = str(facts.salary_coefficient)
        if facts.allowance_coefficients:
            person["allowance_coefficients"] = {
                k: str(v) for k, v in facts.allowance_coefficients.items()
            }
    if average_salary_60m_vnd is not None:
        person["average_salary_60m_vnd"] = average_salary_60m_vnd
    payload: dict[str, Any] = {
        "category": category,
        "policy": policy,
        "person": person,
        "leave_date": leave_date.isoformat() if leave_date else None,
    }
    if decree:
        payload["decree"] = decree
    if ground is not None and ground.category == Category.SAP_XEP:
        payload["article_2_group"] = ground.article_2_group
    if reorganization_effective_date is not None:
        payload["reorganization_effective_date"] = reorganization_effective_date.isoformat()
    overrides = province_settings()
    if overrides:
        payload["settings"] = overrides
    return payload


def run_rule(payload: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The rule's output as JSON data and the monthly salary it used (whole đồng)."""
    parsed = rule.parse(payload)
    result: dict[str, Any] = to_json(rule.evaluate(parsed))
    salary = parsed.person.salary
    monthly = (
        int(salary.amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)) if salary is not None else 0
    )
    return result, monthly

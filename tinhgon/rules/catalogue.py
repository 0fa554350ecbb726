"""The catalogue of rules: one place from which the CLI, the API and the calculator page run them."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from tinhgon.rules import (
    autonomy_group,
    autonomy_upgrade_quota,
    deputy_cap,
    document_number,
    level_ratio_check,
    professional_share,
    report_window,
    retirement_date,
)
from tinhgon.rules.base import RuleInputError, to_json
from tinhgon.rules.streamlining import benefits as streamlining_benefits

RULES: dict[str, ModuleType] = {
    m.NAME: m
    for m in (
        document_number,
        autonomy_group,
        autonomy_upgrade_quota,
        deputy_cap,
        professional_share,
        level_ratio_check,
        retirement_date,
        report_window,
        streamlining_benefits,
    )
}


class UnknownRule(KeyError):
    pass


def get(name: str) -> ModuleType:
    try:
        return RULES[name]
    except KeyError:
        raise UnknownRule(name) from None


def run(name: str, payload: Any) -> dict[str, Any]:
    """Parse ``payload`` (JSON data), evaluate the rule, return its result as JSON data."""
    rule = get(name)
    if not isinstance(payload, dict):
        raise RuleInputError.one("", "Dữ liệu vào phải là một đối tượng JSON.")
    result = rule.evaluate(rule.parse(payload))
    data: dict[str, Any] = to_json(result)
    return data


def describe() -> list[dict[str, Any]]:
    return [
        {"name": name, "summary": m.SUMMARY, "input_schema": m.INPUT_SCHEMA}
        for name, m in sorted(RULES.items())
    ]

"""Writes of the indicators app: targets (the national ones seeded from ``rules.targets``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tinhgon.core import audit
from tinhgon.core.errors import Collector
from tinhgon.core.text import nfc
from tinhgon.core.versioning import bump, check_version
from tinhgon.indicators.choices import Comparison, Confidence, Measure
from tinhgon.indicators.models import Target
from tinhgon.organizations.choices import Sector
from tinhgon.rules.targets import NATIONAL_TARGETS

_FIELDS = [
    "code",
    "description",
    "source",
    "confidence",
    "measure",
    "comparison",
    "target_value",
    "baseline_date",
    "baseline_value",
    "deadline",
    "scope",
    "excluded_sectors",
    "is_national",
]


def targets_seed_national(*, acting_user: Any) -> int:
    """Create or update the national targets from ``rules.targets``; returns how many changed."""
    changed = 0
    with transaction.atomic():
        for spec in NATIONAL_TARGETS:
            values = {
                "description": spec.description,
                "source": spec.source,
                "confidence": spec.confidence,
                "measure": spec.measure,
                "comparison": spec.comparison,
                "target_value": spec.target_value,
                "baseline_date": spec.baseline_date,
                "baseline_value": spec.baseline_value,
                "deadline": spec.deadline,
                "excluded_sectors": list(spec.excluded_sectors),
                "is_national": True,
            }
            target = Target.objects.filter(code=spec.code).first()
            if target is None:
                target = Target.objects.create(code=spec.code, **values)
                audit.record(
                    actor=acting_user,
                    action="create",
                    obj=target,
                    before=None,
                    after=audit.snapshot(target, _FIELDS),
                )
                changed += 1
                continue
            before = audit.snapshot(target, _FIELDS)
            for key, value in values.items():
                setattr(target, key, value)
            target.full_clean(exclude=["code"])
            after = audit.snapshot(target, _FIELDS)
            if after != before:
                bump(target)
                target.save()
                audit.record(
                    actor=acting_user, action="update", obj=target, before=before, after=after
                )
                changed += 1
    return changed


def target_save(
    *,
    acting_user: Any,
    data: dict[str, Any],
    target: Target | None = None,
    expected_version: int | None = None,
) -> Target:
    """Create or change one of the province's own targets (national targets are changed by seeding)."""
    problems = Collector()
    if target is not None and target.is_national:
        problems.add("code", _("Chỉ tiêu của Trung ương không sửa ở đây."))
    code = nfc(str(data.get("code") or ""))
    if not code:
        problems.add("code", _("Thiếu mã chỉ tiêu."))
    elif Target.objects.filter(code=code).exclude(pk=target.pk if target else 0).exists():
        problems.add("code", _("Mã “%(c)s” đã có.") % {"c": code})
    if data.get("measure") not in Measure.values:
        problems.add("measure", _("Đại lượng đo không có trong danh mục."))
    if data.get("comparison") not in Comparison.values:
        problems.add("comparison", _("Cách so sánh không có trong danh mục."))
    try:
        value = Decimal(str(data.get("target_value")))
    except (InvalidOperation, TypeError):
        problems.add("target_value", _("Giá trị chỉ tiêu phải là một số."))
        value = Decimal(0)
    if not data.get("deadline"):
        problems.add("deadline", _("Thiếu thời hạn."))
    if data.get("comparison") == Comparison.CHANGE_PERCENT_MAX and not data.get("baseline_date"):
        problems.add("baseline_date", _("Chỉ tiêu giảm theo tỷ lệ cần ngày mốc."))
    for sector in data.get("excluded_sectors") or []:
        if sector not in Sector.values:
            problems.add(
                "excluded_sectors", _("Lĩnh vực “%(s)s” không có trong danh mục.") % {"s": sector}
            )
    problems.raise_if_any()
    with transaction.atomic():
        if target is None:
            target = Target(is_national=False, confidence=Confidence.CONFIRMED)
            before = None
        else:
            target = Target.objects.select_for_update().get(pk=target.pk)
            check_version(target, expected_version)
            before = audit.snapshot(target, _FIELDS)
            bump(target)
        target.code = code
        target.description = nfc(str(data.get("description") or ""))
        target.source = nfc(str(data.get("source") or ""))
        target.measure = data["measure"]
        target.comparison = data["comparison"]
        target.target_value = value
        target.baseline_date = data.get("baseline_date")
        target.deadline = data["deadline"]
        target.scope_id = data.get("scope")
        target.excluded_sectors = list(data.get("excluded_sectors") or [])
        target.save()
        audit.record(
            actor=acting_user,
            action="create" if before is None else "update",
            obj=target,
            before=before,
            after=audit.snapshot(target, _FIELDS),
        )
    return target

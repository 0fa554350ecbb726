"""Fixtures of the plans tests: a small plan of UBND tỉnh Hà Tĩnh with one task of each deadline
kind, on the registry of ``tinhgon/conftest.py`` (frozen on 26/11/2026 unless a test travels)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tinhgon.conftest import People, Registry
from tinhgon.plans import services
from tinhgon.plans.models import Assignment, Plan, Task
from tinhgon.rules.plan_text import parse_plan_text, to_data

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

TEXT = """ỦY BAN NHÂN DÂN
TỈNH HÀ TĨNH
-------
Số: 12/KH-UBND
Hà Tĩnh, ngày 15 tháng 01 năm 2025

KẾ HOẠCH
THEO DÕI THỬ NGHIỆM CÁC NHIỆM VỤ SẮP XẾP

I. NHIỆM VỤ
1. Sở Y tế chủ trì, phối hợp với Sở Giáo dục và Đào tạo rà soát mạng lưới đơn vị (hoàn thành trước ngày 31/3/2025).
2. Ủy ban nhân dân các huyện, thành phố, thị xã tuyên truyền, phổ biến (thực hiện thường xuyên).
3. Sở Giáo dục và Đào tạo xây dựng Đề án trường chuyên biệt (sau khi Thủ tướng Chính phủ ban hành Quy hoạch).
4. Sở Y tế thực hiện các Đề án đã phê duyệt (hoàn thành theo tiến độ của từng Đề án).
"""


def at(day: dt.date, hour: int = 9) -> Any:
    """``with at(date):`` travel to that day, 09:00 in Hà Nội, the clock stopped."""
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, hour, tzinfo=HANOI), tick=False
    )


@dataclass
class SmallPlan:
    plan: Plan
    dated: Task
    recurring: Task
    conditional: Task
    per_project: Task

    def assignment(self, task: Task, org: Any) -> Assignment:
        return Assignment.objects.get(task=task, organization=org, valid_to__isnull=True)


def make_plan(user: Any, registry: Registry, text: str = TEXT) -> SmallPlan:
    data = to_data(parse_plan_text(text))
    plan = services.plan_create(
        acting_user=user,
        data=data,
        issuer_org=registry.province,
        source_text=text,
        assignments=[services.AssignmentSpec("I.2", assignee_class="ubnd_cap_huyen")],
    )
    t = {task.ref: task for task in plan.tasks.all()}
    return SmallPlan(plan, t["I.1"], t["I.2"], t["I.3"], t["I.4"])


@pytest.fixture
def small_plan(registry: Registry, people: People) -> SmallPlan:
    with at(dt.date(2025, 1, 20)):
        return make_plan(people.supervisor, registry)

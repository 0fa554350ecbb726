"""The streamlining part of the shared Hà Tĩnh demo (loaded once per session, ``demo`` fixture)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tinhgon.streamlining import selectors
from tinhgon.streamlining.choices import Category
from tinhgon.streamlining.models import Case, ReviewPeriod

pytestmark = pytest.mark.django_db


def test_two_periods_about_150_cases_in_three_categories(demo: str) -> None:
    assert "Tinh giản, nghỉ việc: 2 đợt" in demo
    assert ReviewPeriod.objects.count() == 2
    cases = list(Case.objects.all())
    assert 130 <= len(cases) <= 170
    assert set(Counter(c.category for c in cases)) == set(Category.values)
    states = Counter(c.status for c in cases)
    assert {"paid", "approved", "submitted", "returned", "draft"} <= set(states)
    assert all(c.decision_id for c in cases if c.status in ("approved", "paid"))
    assert all(c.decided_by_id != c.submitted_by_id for c in cases if c.decided_at)


def test_totals_equal_the_sum_of_their_lines(demo: str) -> None:
    for period in ReviewPeriod.objects.all():
        s = selectors.period_summary(period)
        assert s.count == period.cases.count()
        for block in s.blocks:
            for row in block.rows:
                assert row.total_vnd == sum(row.amounts.values())
            assert block.total_vnd == sum(r.total_vnd for r in block.rows)
            assert block.total_vnd == sum(block.totals.values())
        assert s.total_vnd == sum(b.total_vnd for b in s.blocks) == sum(s.totals.values())
        decided = sum(b.decided_vnd for b in s.budget)
        assert decided == sum(
            c.total_vnd for c in period.cases.filter(status__in=("approved", "paid"))
        )


def test_yearly_report_and_budget_effect(demo: str) -> None:
    import datetime as dt

    report = selectors.yearly_report(2026)
    assert report.people > 50
    assert report.total_vnd == sum(line.total_vnd for line in report.lines)
    assert report.unit_revenue_vnd > 0  # units of groups 1 and 2 pay from their own revenue
    effect = selectors.budget_effect(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert effect.people == report.people
    assert effect.yearly_salary_saved_vnd > 0 and effect.one_off_paid_vnd > 0


def test_demo_pages(demo: str, client: Any) -> None:
    from tinhgon.accounts.models import User

    admin = User.objects.filter(is_superuser=True).first() or User.objects.get(username="he-thong")
    client.force_login(admin)
    period = ReviewPeriod.objects.order_by("sequence").first()
    assert client.get(f"/tinh-gian/dot/{period.pk}/").status_code == 200
    assert client.get("/tinh-gian/cho-duyet/").status_code == 200

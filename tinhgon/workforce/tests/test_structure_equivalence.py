"""The structure report against a plain Python count over the rows, on a generated workforce.

Written before the report was moved to SQL aggregates: whatever the query does, the numbers must be
those of counting, for every full-time assignment alive on the day (in the scope), the person's
attribute — and for title, rank and level each title holding of the person alive that day
("Chưa xếp" when there is none)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

import pytest

from tinhgon.positions.choices import CAREER_LEVEL, SalaryGroup
from tinhgon.positions.models import TitleRank
from tinhgon.workforce import selectors
from tinhgon.workforce.choices import EmploymentKind, QualificationLevel, Sex
from tinhgon.workforce.models import Assignment, Person, TitleHolding
from tinhgon.workforce.tests.conftest import catalogue

pytestmark = pytest.mark.django_db
DAYS = (dt.date(2026, 11, 26), dt.date(2020, 2, 29), dt.date(2012, 1, 1))


def _alive(row: Any, day: dt.date) -> bool:
    return row.valid_from <= day and (row.valid_to is None or row.valid_to >= day)


def _generate(registry: Any, n: int = 400) -> list[int]:
    """``n`` people with random attributes, past and future assignments (some part-time), and
    zero, one or two successive title holdings; birthdays on the age-band boundaries included."""
    catalogue()
    rng = random.Random(5)
    units = [
        registry.school_pdp.pk,
        registry.school_gifted.pk,
        registry.hospital.pk,
        registry.gdtx.pk,
        registry.primary.pk,
    ]
    ranks = list(TitleRank.objects.values_list("pk", flat=True))
    people = []
    for i in range(n):
        if i % 10 == 0:  # exactly 30, 40, 50 or 60 on the first report day, or one day short
            years = rng.choice((30, 40, 50, 60))
            birth = DAYS[0].replace(year=DAYS[0].year - years) + dt.timedelta(days=i % 20 // 10)
        else:
            birth = dt.date(rng.randint(1962, 2004), rng.randint(1, 12), rng.randint(1, 28))
        people.append(
            Person(
                full_name=f"Người {i}",
                name_folded=f"nguoi {i}",
                birth_date=birth,
                sex=rng.choice(Sex.values),
                employment_kind=rng.choice(EmploymentKind.values),
                hired_on=dt.date(2008, 1, 1),
                qualification=rng.choice([*QualificationLevel.values, ""]),
            )
        )
    Person.objects.bulk_create(people)
    assignments, holdings = [], []
    for p in people:
        start = dt.date(rng.randint(2008, 2027), rng.randint(1, 12), 1)
        end = None if rng.random() < 0.7 else start + dt.timedelta(days=rng.randint(0, 3000))
        full = rng.random() < 0.9
        assignments.append(Assignment(person=p, organization_id=rng.choice(units), full_time=full,
                                      valid_from=start, valid_to=end))  # fmt: skip
        if end is not None and rng.random() < 0.5:  # a later assignment elsewhere
            assignments.append(Assignment(person=p, organization_id=rng.choice(units),
                                          valid_from=end + dt.timedelta(days=1)))  # fmt: skip
        shape = rng.random()
        if shape < 0.15:
            continue
        first = dt.date(rng.randint(2008, 2022), 1, 1)
        if shape < 0.6:
            holdings.append(
                TitleHolding(person=p, title_rank_id=rng.choice(ranks), valid_from=first)
            )
        else:
            change = first + dt.timedelta(days=rng.randint(30, 4000))
            holdings.append(TitleHolding(person=p, title_rank_id=rng.choice(ranks),
                                         valid_from=first, valid_to=change - dt.timedelta(days=1)))  # fmt: skip
            holdings.append(TitleHolding(person=p, title_rank_id=rng.choice(ranks), valid_from=change))  # fmt: skip
    Assignment.objects.bulk_create(assignments)
    TitleHolding.objects.bulk_create(holdings)
    return units


def _band(birth: dt.date, day: dt.date) -> str:
    for years, label in selectors.AGE_BANDS:
        if birth > selectors._years_before(day, years):
            return label
    return "Từ 60"


def _expected(by: str, org_ids: list[int] | None, day: dt.date) -> list[tuple[str, int]]:
    people = {p.pk: p for p in Person.objects.all()}
    ranks = {r.pk: r for r in TitleRank.objects.select_related("title")}
    holdings: dict[int, list[TitleHolding]] = {}
    for h in TitleHolding.objects.all():
        if _alive(h, day):
            holdings.setdefault(h.person_id, []).append(h)
    labels: dict[str, dict[str, str]] = {
        "sex": {k: str(v) for k, v in Sex.choices},
        "employment_kind": {k: str(v) for k, v in EmploymentKind.choices},
        "qualification": {**{k: str(v) for k, v in QualificationLevel.choices}, "": "Chưa ghi"},
    }
    counts = Counter[str]()
    for a in Assignment.objects.all():
        if not a.full_time or not _alive(a, day):
            continue
        if org_ids is not None and a.organization_id not in org_ids:
            continue
        p = people[a.person_id]
        if by in labels:
            counts[labels[by][getattr(p, by)]] += 1
        elif by == "age_band":
            counts[_band(p.birth_date, day)] += 1
        else:
            for h in holdings.get(p.pk) or [None]:
                if h is None:
                    counts["Chưa xếp"] += 1
                    continue
                r = ranks[h.title_rank_id]
                counts[
                    {
                        "title": r.title.name,
                        "rank": r.code,
                        "level": f"Bậc {CAREER_LEVEL[SalaryGroup(r.salary_group)]}",
                    }[by]
                ] += 1
    if by == "age_band":
        order = [label for _y, label in selectors.AGE_BANDS] + ["Từ 60"]
        return [(label, counts.get(label, 0)) for label in order]
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def test_structure_equals_a_python_count(registry):
    units = _generate(registry)
    checked = 0
    for day in DAYS:
        for scope in (None, units[:2], [registry.province.pk]):
            for by in selectors.STRUCTURE_BY:
                expected = _expected(by, scope, day)
                assert selectors.structure(scope, day, by) == expected, (by, scope, day)
                checked += sum(n for _k, n in expected)
    assert checked > 1000  # the generated workforce is counted, not an empty one


def test_structure_all_dimensions_at_once(registry):
    units = _generate(registry, 150)
    for scope in (None, units[2:]):
        every = selectors.structure_all(scope, DAYS[0])
        assert set(every) == set(selectors.STRUCTURE_BY)
        for by, rows in every.items():
            assert rows == _expected(by, scope, DAYS[0]), by

"""The full default workforce demo (loaded once for this module through ``load_demo``): every count
on Sở Nội vụ's compliance page equals a count made here independently — straight from the tables
and the rules, without the workforce selectors."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict

import pytest
from django.db.models import Q
from django.test import Client

from tinhgon.accounts.models import User
from tinhgon.core.models import AuditEntry
from tinhgon.organizations.choices import PUBLIC_SERVICE_UNIT_KINDS, Kind
from tinhgon.organizations.models import ClassCount, EventLink, OrganizationState
from tinhgon.positions.choices import CAREER_LEVEL, Regime
from tinhgon.positions.models import ApprovedPosition, PositionDecision
from tinhgon.rules import catalogue as rules
from tinhgon.rules.base import RuleInputError
from tinhgon.workforce.models import (
    Assignment,
    LeadershipAppointment,
    PendingPlacement,
    Person,
    TitleHolding,
)

TODAY = dt.date(2026, 11, 26)
pytestmark = pytest.mark.django_db


def alive(prefix=""):
    return Q(**{f"{prefix}valid_from__lte": TODAY}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": TODAY})
    )


def independent_counts() -> dict[str, tuple[int, int]]:
    """(units, people-or-amount) for each check, from the raw tables."""
    states = {
        s.organization_id: s
        for s in OrganizationState.objects.filter(alive()).filter(
            kind__in=[*PUBLIC_SERVICE_UNIT_KINDS, Kind.INTERNAL_DIVISION]
        )
    }
    all_states = {s.organization_id: s for s in OrganizationState.objects.filter(alive())}
    people: dict[int, Counter] = defaultdict(Counter)
    places = []
    for org, pid, pos, kind in Assignment.objects.filter(alive(), full_time=True).values_list(
        "organization_id", "person_id", "position_id", "person__employment_kind"
    ):
        people[org][kind] += 1
        if kind != "hop_dong":
            places.append((org, pid, pos))
    deputies = Counter(
        LeadershipAppointment.objects.filter(alive(), role="deputy").values_list(
            "organization_id", flat=True
        )
    )
    decisions = {}
    for d in (
        PositionDecision.objects.filter(effective_from__lte=TODAY)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=TODAY))
        .order_by("effective_from")
    ):
        decisions[d.organization_id] = d
    positions = {
        p.pk: p for p in ApprovedPosition.objects.select_related("required_rank", "decision")
    }
    level = {
        pid: CAREER_LEVEL[g]
        for pid, g in TitleHolding.objects.filter(alive()).values_list(
            "person_id", "title_rank__salary_group"
        )
    }
    units = Counter()
    amount = Counter()
    for org, s in states.items():
        c = people[org]
        n = c["can_bo"] + c["cong_chuc"] + c["vien_chuc"]
        parent = all_states.get(s.managing_body_id)
        division = s.kind == Kind.INTERNAL_DIVISION
        grand = all_states.get(parent.managing_body_id) if division and parent else parent
        body_kind = grand.kind if grand else None
        unit_type = {
            "provincial_committee": "prov_direct",
            "department": "dept",
            "sub_department": "subdept",
            "other_admin": "other_admin",
            "district_committee": "commune",
            "commune_committee": "commune",
        }.get(body_kind, "dept")
        group = (
            ((parent.autonomy_group if division else s.autonomy_group) or 4)
            if parent or not division
            else 4
        )
        payload = {
            "unit_type": unit_type,
            "autonomy_group": group,
            "vien_chuc_count": c["vien_chuc"],
            "is_internal_division": division,
            "as_of": TODAY.isoformat(),
        }
        if not division:
            rank1 = s.unit_class.strip().lower() in {"i", "hạng i", "đặc biệt", "hạng đặc biệt"}
            if s.kind == "hospital" and rank1:
                payload["special"] = "hospital_rank_1"
            elif s.category == "cdc" and rank1:
                payload["special"] = "cdc_rank_1"
            elif s.category == "multi_level_school":
                cc = (
                    ClassCount.objects.filter(organization_id=org, school_year__lte=TODAY.year)
                    .order_by("-school_year")
                    .first()
                )
                if cc:
                    payload.update(special="multi_level_school", classes=cc.classes)
        try:
            cap = rules.run("deputy_cap", payload)
        except RuleInputError:
            cap = {"allowed": True, "max_deputies": None}
        if cap["max_deputies"] is not None and deputies[org] > cap["max_deputies"]:
            units["deputies_over_cap"] += 1
        if division:
            if not cap["allowed"]:
                units["division_too_small"] += 1
            continue
        if n < 15:
            units["unit_too_small"] += 1
        d = decisions.get(org)
        if d is None:
            if n:
                units["no_decision"] += 1
            continue
        mine = [(pid, pos) for o, pid, pos in places if o == org]
        approved = {pk for pk, p in positions.items() if p.decision_id == d.pk}
        no_pos = sum(1 for _p, pos in mine if pos is None)
        wrong = sum(1 for _p, pos in mine if pos is not None and pos not in approved)
        below = sum(
            1
            for pid, pos in mine
            if pos in approved
            and positions[pos].required_rank
            and level.get(pid, 0) < CAREER_LEVEL[positions[pos].required_rank.salary_group]
        )
        for key, value in (
            ("no_position", no_pos),
            ("position_not_approved", wrong),
            ("rank_below", below),
        ):
            if value:
                units[key] += 1
                amount[key] += value
        total = sum(positions[pk].headcount for pk in approved)
        if n > total:
            units["over_approved"] += 1
        if d.regime == Regime.ND232:
            over = 0
            for pk in approved:
                lv = Counter(level[pid] for pid, pos in mine if pos == pk and level.get(pid))
                quota = positions[pk].headcount
                if len(lv) < 2 or not quota or group in (1, 2):
                    continue
                top = max(lv)
                if len(lv) == 2:
                    caps = {top: 50}
                elif top == 5:
                    caps = {5: 30, max(k for k in lv if k < 5): 40}
                else:
                    caps = {4: 40} if top == 4 else {}
                over += sum(max(0, lv[k] - math.floor(p * quota / 100)) for k, p in caps.items())
            if over:
                units["level_ratio"] += 1
    nd106 = sum(1 for d in decisions.values() if d.regime == Regime.ND106)
    pending = PendingPlacement.objects.filter(resolved_on__isnull=True).count()
    out = {k: (units[k], amount[k]) for k in set(units) | set(amount)}
    out["nd106_not_replaced"] = (nd106, 0)
    out["pending"] = (0, pending)
    return out


def page_counts(html: str) -> dict[str, tuple[int, int]]:
    out = {}
    for m in re.finditer(r'data-check="(\w+)"(.*?)</div></div>', html, re.S):
        body = m.group(2)
        units = re.search(r'data-testid="count-units">([\d.]+)<', body)
        people = re.search(r'data-testid="count-people">([\d.]+)<', body)
        out[m.group(1)] = (
            int(units.group(1).replace(".", "")) if units else 0,
            int(people.group(1).replace(".", "")) if people else 0,
        )
    return out


def test_demo_size_and_bulk_audit(demo):
    assert 27_000 <= Person.objects.count() <= 33_000
    assert "Đội ngũ mẫu" in demo
    alive_units = OrganizationState.objects.filter(
        alive(), kind__in=PUBLIC_SERVICE_UNIT_KINDS
    ).count()
    assert AuditEntry.objects.filter(action="people_bulk_load").count() == alive_units
    assert not Person.objects.filter(id_number__isnull=True).exists()


def test_compliance_page_counts_equal_independent_counts(demo):
    import time_machine

    supervisor = User.objects.get(username="snv")  # the demo's Sở Nội vụ account
    assert supervisor.scope_root == (
        OrganizationState.objects.get(name="UBND tỉnh Hà Tĩnh", valid_to__isnull=True).organization
    )
    client = Client()
    client.force_login(supervisor)
    with time_machine.travel(dt.datetime(2026, 11, 26, 9, 0), tick=False):
        html = client.get("/doi-ngu/tuan-thu/").content.decode()
    shown = page_counts(html)
    expected = independent_counts()
    for check in (
        "deputies_over_cap",
        "division_too_small",
        "unit_too_small",
        "level_ratio",
        "no_decision",
        "over_approved",
    ):
        assert shown[check][0] == expected.get(check, (0, 0))[0], check
    for check in ("no_position", "position_not_approved", "rank_below"):
        assert shown[check] == expected.get(check, (0, 0)), check
    assert shown["nd106_not_replaced"][0] == expected["nd106_not_replaced"][0]
    assert shown["pending"][1] == expected["pending"][1]
    # The demo plants every kind of violation.
    for check in (
        "deputies_over_cap",
        "division_too_small",
        "unit_too_small",
        "level_ratio",
        "no_position",
        "position_not_approved",
        "rank_below",
        "over_approved",
        "nd106_not_replaced",
    ):
        assert shown[check][0] > 0, check
    # Deputies over the cap in a merged unit carry their deadline.
    assert EventLink.objects.filter(role="successor", event__kind__in=["merge", "absorb"]).exists()

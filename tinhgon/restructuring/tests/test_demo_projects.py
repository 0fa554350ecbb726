"""The demo's restructuring projects: linked to the events the demo records (nothing twice),
their impact pages show the demo's real numbers."""

from __future__ import annotations

import datetime as dt

from tinhgon.organizations.choices import EventKind
from tinhgon.organizations.models import ReorgEvent
from tinhgon.organizations.selectors import unit_counts
from tinhgon.restructuring.choices import ProjectStatus
from tinhgon.restructuring.models import Project


def test_four_applied_projects_link_recorded_events_and_one_waits(demo: str) -> None:
    assert "Đề án sắp xếp: 5 đề án" in demo
    projects = {p.kind: p for p in Project.objects.all()}
    assert sorted(p.status for p in projects.values()) == [
        ProjectStatus.APPLIED,
        ProjectStatus.APPLIED,
        ProjectStatus.APPLIED,
        ProjectStatus.APPLIED,
        ProjectStatus.DRAFT,
    ]
    # Nothing recorded twice: every linked event is the demo's own, with the project's decision.
    for p in projects.values():
        if p.status == ProjectStatus.APPLIED:
            events = list(p.events.all())
            assert events and {e.decision_id for e in events} == {p.decision_id}
            assert p.proposed_events.count() == len(events)
    # The counts of the demo are those of the registry (1,141 at the start, 801 on 01/07/2025).
    assert unit_counts(dt.date(2015, 12, 31))["total"] > 0
    relic = projects["heritage"]
    merged = relic.events.get()
    n = merged.links.filter(role="predecessor").count()
    assert relic.impact["units"]["after"] == relic.impact["units"]["before"] - n + 1
    assert relic.impact["units"]["before"] == unit_counts(dt.date(2025, 10, 14))["total"]
    # The hand-over moved the district units: after it, no unit is under a district committee.
    handover = projects["transfer"]
    assert handover.events.filter(kind=EventKind.TRANSFER).exists()
    assert handover.impact["units"]["after"] == handover.impact["units"]["before"] - sum(
        1
        for e in handover.events.filter(kind=EventKind.ABSORB)
        for _ in e.links.filter(role="predecessor")
    )
    bodies = handover.impact["units"]["by_managing_body"]
    assert any(r["label"].startswith("UBND huyện") and r["after"] == 0 for r in bodies)
    waiting = projects["special_education"]
    assert waiting.impact["units"]["after"] == waiting.impact["units"]["before"]
    assert ReorgEvent.objects.filter(projects=waiting).count() == 0

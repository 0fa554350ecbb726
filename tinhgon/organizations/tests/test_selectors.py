"""Reads as of a date: subtrees, ancestors, tree, counts, what a unit became."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhgon.conftest import new_unit, record
from tinhgon.organizations import selectors
from tinhgon.organizations.choices import EventKind

pytestmark = pytest.mark.django_db
D = dt.date(2025, 7, 1)


def test_subtree_and_ancestors(registry):
    ids = selectors.subtree_ids([registry.district.pk], D)
    assert ids == {
        registry.district.pk,
        registry.commune.pk,
        registry.commune2.pk,
        registry.school_hxh.pk,
        registry.preschool.pk,
        registry.primary.pk,
        registry.primary2.pk,
    }
    chain = [s.name for s in selectors.ancestors_on(registry.primary.pk, D)]
    assert chain == ["UBND xã Tùng Ảnh", "UBND huyện Đức Thọ", "UBND tỉnh Hà Tĩnh"]
    assert selectors.subtree_ids([registry.district.pk], dt.date(2009, 12, 31)) == set()


def test_tree_counts_public_service_units_under_each_node(registry):
    roots = selectors.tree_as_of(D)
    assert [r.state.name for r in roots] == ["UBND tỉnh Hà Tĩnh"]
    assert roots[0].unit_count == 10
    kids = {c.state.name: c.unit_count for c in roots[0].children}
    assert kids == {"Sở Y tế": 3, "Sở Giáo dục và Đào tạo": 3, "UBND huyện Đức Thọ": 4}
    pruned = selectors.tree_as_of(D, q="tung anh")
    assert pruned[0].children[0].state.name == "UBND huyện Đức Thọ"


def test_what_became_of_follows_several_events(registry):
    record(
        EventKind.MERGE,
        dt.date(2020, 1, 1),
        preds=[registry.primary, registry.preschool],
        succs=[new_unit("Trường Liên cấp Tùng Ảnh", registry.commune)],
    )
    merged = registry.commune.managed_states.get(name="Trường Liên cấp Tùng Ảnh").organization
    record(EventKind.ABSORB, D, preds=[merged], succs=[registry.school_hxh])
    registry.primary.refresh_from_db()
    assert selectors.what_became_of(registry.primary) == [registry.school_hxh]
    assert [e["event"].kind for e in selectors.timeline(merged)] == ["merge", "absorb"]


def test_unit_counts_by_managing_body_with_names_of_the_date(registry):
    record(EventKind.RENAME, D, preds=[registry.health], changes={"name": "Sở Y tế Hà Tĩnh"})
    groups = selectors.unit_counts(D, "managing_body")["groups"]
    assert {"key": registry.health.pk, "label": "Sở Y tế Hà Tĩnh", "count": 3} in groups
    old = selectors.unit_counts(D - dt.timedelta(days=1), "managing_body")["groups"]
    assert {"key": registry.health.pk, "label": "Sở Y tế", "count": 3} in old

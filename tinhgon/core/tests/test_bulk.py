"""Bulk writes (COPY on PostgreSQL): the rows read back as the ORM writes them."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhgon.core import bulk
from tinhgon.core.models import AuditEntry
from tinhgon.organizations.choices import EventKind

pytestmark = pytest.mark.django_db

COLUMNS = ["actor_label", "action", "object_type", "object_id", "before"]


def test_json_written_in_bulk_reads_back_as_the_orm_writes_it() -> None:
    """A project's audit snapshots go through bulk.insert_rows (COPY and orjson on PostgreSQL):
    Vietnamese text, choices, number keys, numbers and nesting read back as from save()."""
    value = {
        "tên": "Trường THCS Đức Lạc — hợp nhất",
        "loại": EventKind.MERGE,
        "theo_năm": {2026: 15, 2027: 12},
        "danh_sách": [1, 28479.6, -0.1, None, True, "", {"a": []}],
        "ngày": dt.date(2027, 1, 1).isoformat(),
    }
    orm = AuditEntry.objects.create(
        actor_label="Hệ thống", action="test", object_type="x", object_id="1", before=value
    )
    bulk.insert_rows(AuditEntry, COLUMNS, [("Hệ thống", "test", "x", "2", value)])
    orm.refresh_from_db()
    copied = AuditEntry.objects.get(object_id="2")
    assert copied.before == orm.before
    assert copied.before["theo_năm"] == {"2026": 15, "2027": 12}
    assert copied.before["loại"] == "merge"
    assert copied.before["danh_sách"][1] == 28479.6


def test_a_value_that_is_not_json_is_refused_in_bulk_as_by_the_orm() -> None:
    from django.db import transaction

    row = ("Hệ thống", "test", "x", "3", {"ngày": dt.date(2027, 1, 1)})
    with pytest.raises(TypeError), transaction.atomic():
        AuditEntry.objects.create(**dict(zip(COLUMNS, row, strict=True)))
    with pytest.raises(TypeError), transaction.atomic():
        bulk.insert_rows(AuditEntry, COLUMNS, [row])
    assert not AuditEntry.objects.filter(object_id="3").exists()

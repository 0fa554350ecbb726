"""The shared approval flow, on a throwaway concrete model (later apps use it for real data)."""

import pytest
from django.db import connection, models

from tinhgon.accounts.models import User
from tinhgon.core.approval import (
    Approvable,
    ApprovalStatus,
    approval_approve,
    approval_reopen,
    approval_return,
    approval_submit,
    ensure_editable,
)
from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry


class ApprovalProbe(Approvable):
    """A throwaway concrete model (not migrated; its table exists only during these tests)."""

    title = models.CharField(max_length=50)

    class Meta:
        app_label = "core"

    def __str__(self) -> str:
        return self.title


@pytest.fixture
def report_model(transactional_db):
    with connection.schema_editor() as editor:
        editor.create_model(ApprovalProbe)
    yield ApprovalProbe
    with connection.schema_editor() as editor:
        editor.delete_model(ApprovalProbe)


@pytest.fixture
def people(transactional_db):
    maker = User.objects.create_user("maker", password="x" * 12, role="officer")
    checker = User.objects.create_user("checker", password="x" * 12, role="supervisor")
    return maker, checker


def test_submit_approve_locks_and_audits(report_model, people):
    maker, checker = people
    obj = report_model.objects.create(title="Báo cáo quý", created_by=maker)
    obj = approval_submit(acting_user=maker, obj=obj, expected_version=1)
    assert obj.status == ApprovalStatus.SUBMITTED and obj.version == 2
    obj = approval_approve(acting_user=checker, obj=obj, expected_version=2)
    assert obj.status == ApprovalStatus.APPROVED and obj.decided_by == checker
    with pytest.raises(Refused) as info:
        ensure_editable(obj)
    assert "khoá" in info.value.problems[0].message
    actions = list(
        AuditEntry.objects.filter(object_id=str(obj.pk))
        .order_by("id")
        .values_list("action", "actor")
    )
    assert actions == [("submit", maker.pk), ("approve", checker.pk)]


def test_maker_cannot_approve_own_submission(report_model, people):
    maker, _ = people
    obj = approval_submit(
        acting_user=maker, obj=report_model.objects.create(title="A"), expected_version=1
    )
    with pytest.raises(Refused) as info:
        approval_approve(acting_user=maker, obj=obj, expected_version=obj.version)
    assert "không được tự phê duyệt" in info.value.problems[0].message
    obj.refresh_from_db()
    assert obj.status == ApprovalStatus.SUBMITTED


def test_return_needs_a_reason_and_resubmission_works(report_model, people):
    maker, checker = people
    obj = approval_submit(
        acting_user=maker, obj=report_model.objects.create(title="A"), expected_version=1
    )
    with pytest.raises(Refused) as info:
        approval_return(acting_user=checker, obj=obj, expected_version=obj.version, reason="  ")
    assert info.value.problems[0].path == "reason"
    obj = approval_return(
        acting_user=checker, obj=obj, expected_version=obj.version, reason="Thiếu số liệu"
    )
    assert obj.status == ApprovalStatus.RETURNED and obj.decision_reason == "Thiếu số liệu"
    ensure_editable(obj)  # returned data can be corrected
    obj = approval_submit(acting_user=maker, obj=obj, expected_version=obj.version)
    assert obj.status == ApprovalStatus.SUBMITTED


def test_reopen_needs_a_reason(report_model, people):
    maker, checker = people
    obj = approval_submit(
        acting_user=maker, obj=report_model.objects.create(title="A"), expected_version=1
    )
    obj = approval_approve(acting_user=checker, obj=obj, expected_version=obj.version)
    with pytest.raises(Refused):
        approval_reopen(acting_user=checker, obj=obj, expected_version=obj.version, reason="")
    obj = approval_reopen(
        acting_user=checker, obj=obj, expected_version=obj.version, reason="Sai số liệu"
    )
    assert obj.status == ApprovalStatus.DRAFT
    assert AuditEntry.objects.filter(action="reopen", reason="Sai số liệu").count() == 1


def test_stale_version_is_refused_with_what_changed(report_model, people):
    maker, checker = people
    obj = report_model.objects.create(title="A")
    approval_submit(acting_user=maker, obj=obj, expected_version=1)
    with pytest.raises(Refused) as info:
        approval_approve(acting_user=checker, obj=obj, expected_version=1)
    messages = [p.message for p in info.value.problems]
    assert "phiên bản của bạn 1, hiện tại 2" in messages[0]
    assert any("maker" in m and "“draft” → “submitted”" in m for m in messages[1:])


def test_illegal_transition_is_refused(report_model, people):
    _, checker = people
    obj = report_model.objects.create(title="A")
    with pytest.raises(Refused) as info:
        approval_approve(acting_user=checker, obj=obj, expected_version=1)
    assert "Không thể chuyển" in info.value.problems[0].message


def test_bulk_approve_is_all_or_nothing_with_one_reason(report_model, people):
    from tinhgon.core.approval import BulkItem, approval_bulk_approve

    maker, checker = people
    objs = []
    for title in ("Một", "Hai", "Ba"):
        obj = report_model.objects.create(title=title, created_by=maker)
        objs.append(approval_submit(acting_user=maker, obj=obj, expected_version=1))
    stale = [BulkItem(objs[0], 2), BulkItem(objs[1], 1), BulkItem(objs[2], 2)]
    with pytest.raises(Refused) as info:
        approval_bulk_approve(acting_user=checker, items=stale, reason="Đạt")
    assert {p.path for p in info.value.problems} == {"items[1].version"}
    assert set(report_model.objects.values_list("status", flat=True)) == {"submitted"}
    with pytest.raises(Refused) as info:
        approval_bulk_approve(acting_user=checker, items=[BulkItem(objs[0], 2)], reason="  ")
    assert info.value.problems[0].path == "reason"
    with pytest.raises(Refused) as info:
        approval_bulk_approve(
            acting_user=maker, items=[BulkItem(o, 2) for o in objs], reason="Tự duyệt"
        )
    assert [p.path for p in info.value.problems] == [f"items[{i}].decided_by" for i in range(3)]
    done = approval_bulk_approve(
        acting_user=checker, items=[BulkItem(o, 2) for o in objs], reason="Đạt"
    )
    assert [o.status for o in done] == ["approved"] * 3
    rows = AuditEntry.objects.filter(action="approve")
    assert rows.count() == 3 and set(rows.values_list("reason", flat=True)) == {"Đạt"}


def test_changed_since_approval_compares_the_approved_data(report_model, people):
    from tinhgon.core.approval import approval_fingerprint, changed_since_approval

    maker, checker = people
    obj = report_model.objects.create(title="Báo cáo", created_by=maker)
    assert not changed_since_approval(obj)  # never approved
    obj = approval_submit(acting_user=maker, obj=obj, expected_version=1)
    obj = approval_approve(acting_user=checker, obj=obj, expected_version=2)
    row = AuditEntry.objects.get(action="approve")
    assert row.after["approved_fingerprint"] == approval_fingerprint(obj)
    assert not changed_since_approval(obj)
    # The flow's own fields (reopen) are not data; the title is.
    obj = approval_reopen(acting_user=checker, obj=obj, expected_version=3, reason="Xem lại")
    assert not changed_since_approval(obj)
    report_model.objects.filter(pk=obj.pk).update(title="Báo cáo (sửa)")
    obj.refresh_from_db()
    assert changed_since_approval(obj)

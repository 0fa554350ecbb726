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

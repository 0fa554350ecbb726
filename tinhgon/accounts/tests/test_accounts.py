"""User administration by Sở Nội vụ: create, deactivate, reset password — scoped and audited."""

from __future__ import annotations

import pytest

from tinhgon.accounts import services
from tinhgon.accounts.models import User
from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_supervisor_creates_a_user_from_the_page_audited_as_ui(registry, people, web):
    response = web("supervisor").post(
        "/tai-khoan/nguoi-dung/them/",
        {
            "username": "Can-Bo-Moi",
            "full_name": "Nguyễn Thị Lan",
            "role": "officer",
            "scope_root": registry.health.pk,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="can-bo-moi")
    assert (user.first_name, user.last_name, user.scope_root) == (
        "Lan",
        "Nguyễn Thị",
        registry.health,
    )
    row = AuditEntry.objects.for_object(user).get()
    assert (row.action, row.source, row.actor) == ("create", "ui", people.supervisor)
    # Shown as Vietnamese writes it, family name first: the user list and the top bar.
    assert str(user) == user.get_full_name() == "Nguyễn Thị Lan"
    listing = web("supervisor").get("/tai-khoan/nguoi-dung/").content.decode()
    assert "Nguyễn Thị Lan" in listing and "Lan Nguyễn Thị" not in listing


def test_officer_cannot_manage_users(registry, people):
    with pytest.raises(Refused):
        services.user_create(
            acting_user=people.officer_a,
            username="x",
            full_name="X",
            email="",
            role="officer",
            organization_id=None,
            scope_root_id=registry.health.pk,
        )


def test_only_superuser_creates_administrators_and_scope_is_required(registry, people):
    with pytest.raises(Refused) as info:
        services.user_create(
            acting_user=people.supervisor,
            username="qt2",
            full_name="Quản Trị",
            email="",
            role="administrator",
            organization_id=None,
            scope_root_id=None,
        )
    assert {p.path for p in info.value.problems} == {"role"}
    with pytest.raises(Refused) as info:
        services.user_create(
            acting_user=people.supervisor,
            username="cb2",
            full_name="Cán Bộ",
            email="",
            role="officer",
            organization_id=None,
            scope_root_id=None,
        )
    assert {p.path for p in info.value.problems} == {"scope_root"}


def test_deactivated_user_loses_api_access(registry, people, api):
    client = api("officer_a")
    assert client.get("/api/v1/organizations/").status_code == 200
    services.user_set_active(acting_user=people.supervisor, user=people.officer_a, active=False)
    assert client.get("/api/v1/organizations/").status_code == 401
    with pytest.raises(Refused):
        services.user_set_active(
            acting_user=people.supervisor, user=people.supervisor, active=False
        )


def test_reset_password_changes_it_and_is_audited(registry, people):
    password = services.user_reset_password(acting_user=people.supervisor, user=people.officer_b)
    people.officer_b.refresh_from_db()
    assert people.officer_b.check_password(password)
    assert AuditEntry.objects.for_object(people.officer_b).get().action == "reset_password"


def test_supervisor_cannot_manage_a_user_outside_the_scope(registry, people, web):
    """An officer whose scope is Sở Y tế cannot see users; a scoped supervisor sees only theirs."""
    scoped = User.objects.create(username="snv-y-te", role="supervisor", scope_root=registry.health)
    client = web(None)
    client.force_login(scoped)
    page = client.get("/tai-khoan/nguoi-dung/").content.decode()
    assert "can-bo-so-y-te" in page and "can-bo-so-gddt" not in page
    assert client.post(f"/tai-khoan/nguoi-dung/{people.officer_b.pk}/khoa/").status_code == 404
    people.officer_b.refresh_from_db()
    assert people.officer_b.is_active

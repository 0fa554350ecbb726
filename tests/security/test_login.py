"""Login throttling (django-axes), optional TOTP two-factor, Vietnamese password rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tinhgon.conftest import PASSWORD, api_client

LOGIN = "/tai-khoan/dang-nhap/"


def _login(client: Client, username: str, password: str) -> Any:
    return client.post(LOGIN, {"username": username, "password": password})


def _code(device: TOTPDevice, shift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=shift):06d}"


def test_five_wrong_passwords_lock_the_login_but_not_the_api_token(people: Any) -> None:
    user = people.officer_a
    client = Client()
    for _ in range(4):
        assert _login(client, user.username, "sai-mat-khau").status_code == 200
    assert _login(client, user.username, "sai-mat-khau").status_code == 429  # the fifth locks
    locked = _login(client, user.username, PASSWORD)  # even the right password, for now
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Tạm khoá đăng nhập" in page and "sai mật khẩu quá nhiều lần" in page
    assert "_auth_user_id" not in client.session
    # another user from the same machine is not locked
    assert _login(Client(), people.officer_b.username, PASSWORD).status_code == 302
    # API calls with a token never meet the lockout
    assert api_client(user).get(reverse("stats-units")).status_code == 200


def test_a_good_login_resets_the_count(people: Any) -> None:
    user = people.officer_b
    client = Client()
    for _ in range(4):
        _login(client, user.username, "sai")
    assert _login(client, user.username, PASSWORD).status_code == 302
    for _ in range(4):
        _login(Client(), user.username, "sai")
    assert _login(Client(), user.username, PASSWORD).status_code == 302


def test_two_factor_enrol_then_login_asks_for_the_code(people: Any) -> None:
    user = people.supervisor
    client = Client()
    client.force_login(user)
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert "<svg" in page and "otp-secret" in page and "http" not in page.split("<svg")[1][:200]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    ok = client.post(reverse("accounts:two_factor"), {"code": _code(device)})
    assert ok.status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    fresh = Client()
    step1 = _login(fresh, user.username, PASSWORD)
    assert step1.status_code == 302 and step1.url == reverse("accounts:login_code")
    assert "_auth_user_id" not in fresh.session  # not logged in before the code
    assert fresh.get("/").status_code == 302  # still sent to the login page
    bad = fresh.post(reverse("accounts:login_code"), {"code": "12345"})
    assert "Mã gồm 6 chữ số." in bad.content.decode()
    device.refresh_from_db()
    good = fresh.post(reverse("accounts:login_code"), {"code": _code(device, shift=1)})
    assert good.status_code == 302, good.content.decode()[:500]
    assert fresh.get("/").status_code == 200
    # a wrong code keeps the door shut
    other = Client()
    _login(other, user.username, PASSWORD)
    wrong = "000000" if _code(device) != "000000" else "111111"
    refused = other.post(reverse("accounts:login_code"), {"code": wrong})
    assert "Mã xác thực không đúng" in refused.content.decode()
    assert "_auth_user_id" not in other.session
    # the API token is never asked for a code
    assert api_client(user).get(reverse("stats-units")).status_code == 200


def test_two_factor_is_for_supervisors_and_administrators(people: Any, web: Any) -> None:
    assert web("officer_a").get(reverse("accounts:two_factor")).status_code == 403
    assert web("admin").get(reverse("accounts:two_factor")).status_code == 200
    # an officer without a device logs in with the password alone
    assert _login(Client(), people.officer_a.username, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("1234567890123", "Mật khẩu không được chỉ gồm chữ số."),
        ("password123", "Mật khẩu này quá phổ biến, dễ bị đoán."),
    ],
)
def test_password_rules_speak_vietnamese(people: Any, password: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_password(password, people.officer_a)
    assert message in exc.value.messages


def test_password_like_the_user_name_is_refused(people: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_password("can-bo-so-y-te", people.officer_a)
    assert any(m.startswith("Mật khẩu quá giống") for m in exc.value.messages)


def test_the_token_endpoint_is_throttled_too(people: Any) -> None:
    """Getting a token needs the password, so it counts like the login form."""
    from rest_framework.test import APIClient

    client = APIClient()
    url = reverse("api-token")
    user = people.leader.username
    for _ in range(5):
        assert client.post(url, {"username": user, "password": "sai"}).status_code == 400
    again = client.post(url, {"username": user, "password": PASSWORD})
    assert again.status_code in {400, 403, 429}, again.content
    assert "token" not in again.json(), "locked: even the right password gives no token"
    assert Client().post(LOGIN, {"username": user, "password": PASSWORD}).status_code == 429


def test_the_admin_site_logs_in_through_the_same_door(people: Any) -> None:
    response = Client().get("/quan-tri/login/?next=/quan-tri/")
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/quan-tri/"
    assert Client().get("/quan-tri/").url.startswith("/quan-tri/login/")

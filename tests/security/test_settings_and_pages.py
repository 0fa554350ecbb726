"""Production settings pass ``check --deploy``; headers, cookies, CSRF and HTML escaping hold."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.middleware.csrf import CsrfViewMiddleware
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert('x')</script>"


def _production_env() -> dict[str, str]:
    """This process's environment less what only tests set (the browser tests allow async-unsafe
    calls, which a production server must not)."""
    test_only = {"TINHGON_TESTING", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {k: v for k, v in os.environ.items() if k not in test_only}


def test_check_deploy_is_clean_for_a_production_environment() -> None:
    env = _production_env()
    env.update(
        DEBUG="0",
        SECRET_KEY="k3-" + "x7Qz-9Lm" * 8,
        ALLOWED_HOSTS="tinhgon.hatinh.gov.vn",
        DATABASE_URL="sqlite:///:memory:",
    )
    out = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    text = out.stdout + out.stderr
    problems = re.findall(r"\((?:security|async|axes|csp|otp|django_otp)\.\w+\).*", text)
    assert problems == [], text
    assert out.returncode == 0, text


def test_production_settings_values() -> None:
    code = (
        "import tinhgon.settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS, s.DEBUG)"
    )
    env = _production_env()
    env.update(SECRET_KEY="k" * 60, ALLOWED_HOSTS="tinhgon.hatinh.gov.vn")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["True", "True", "31536000", "True", "DENY", "False"]


def test_pages_send_the_security_headers(people: Any, web: Any) -> None:
    response = web("officer_a").get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


def test_every_post_form_on_the_pages_carries_a_csrf_token(people: Any, registry: Any) -> None:
    """A page's POST forms all carry the token, and a POST without it is refused (403)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.supervisor)
    for url in ("/", reverse("imports:list"), reverse("accounts:two_factor"), "/don-vi/"):
        page = client.get(url).content.decode()
        for form in re.findall(r"<form\b[^>]*method=\"post\"[^>]*>.*?</form>", page, re.S | re.I):
            assert "csrfmiddlewaretoken" in form, (url, form[:200])
    refused = client.post(reverse("accounts:two_factor"), {"code": "123456"})
    assert refused.status_code == 403
    assert CsrfViewMiddleware  # the middleware is the project's (settings.MIDDLEWARE)


def test_script_in_names_is_escaped_on_pages(
    people: Any, api: Any, web: Any, registry: Any
) -> None:
    """A unit and a user named with a <script> show as text on the list, detail and audit pages."""
    people.officer_a.first_name = SCRIPT
    people.officer_a.save(update_fields=["first_name"])
    from tinhgon.organizations.models import OrganizationState

    state = OrganizationState.objects.filter(organization=registry.hospital).latest("valid_from")
    state.name = SCRIPT
    state.save(update_fields=["name"])
    client = web("admin")
    for url in (
        "/don-vi/",
        reverse("users:list"),
        f"/don-vi/{registry.hospital.pk}/",
    ):
        page = client.get(url).content.decode()
        assert SCRIPT not in page, url
    hits = [
        u
        for u in ("/don-vi/", reverse("users:list"))
        if "&lt;script&gt;" in client.get(u).content.decode()
    ]
    assert hits, "the escaped name must be shown somewhere"

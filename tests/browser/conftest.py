"""Fixtures of the browser tests: Debian's Chromium, a network guard and a small registry.

The registry is built through the real services (``organization_register_existing`` and
``event_record``), like an onboarding followed by one recorded merger.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

# live_server runs the app in a thread while Playwright's sync API holds an event loop.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
PASSWORD = "Mat-khau-thu-nghiem-2025!"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "viewport": {"width": 1366, "height": 900},
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
    }


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@dataclass
class Guard:
    """What the page did that it must not: leave 127.0.0.1, log errors, break the CSP."""

    foreign: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.foreign == [], f"requests left 127.0.0.1: {self.foreign}"
        assert self.csp == [], f"Content-Security-Policy violations: {self.csp}"
        assert self.page_errors == [], f"uncaught JavaScript errors: {self.page_errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"


@pytest.fixture
def guarded_page(page: Any) -> Any:
    """The Playwright page with every non-local request aborted and recorded."""
    guard = Guard()

    def handler(route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or (parts.hostname or "") in LOCAL_HOSTS:
            route.continue_()
        else:
            guard.foreign.append(url)
            route.abort()

    def on_console(msg: Any) -> None:
        text = msg.text
        if "Content Security Policy" in text:
            guard.csp.append(f"{page.url}: {text}")
        elif msg.type == "error":
            guard.console_errors.append(text)

    page.context.route("**/*", handler)
    page.route("**/*", handler)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: guard.page_errors.append(str(exc)))
    # Generous waits: CI machines are small and may be busy; a slow page is not a wrong page.
    page.set_default_timeout(30_000)
    expect.set_options(timeout=15_000)
    page.guard = guard
    yield page
    guard.assert_clean()


@dataclass
class Registry:
    province: Any
    department: Any
    district: Any
    schools: dict[str, Any]
    merged: Any
    merge_event: Any
    user: Any
    password: str = PASSWORD


@pytest.fixture
def registry(db: None) -> Registry:
    from tinhgon.accounts.models import User
    from tinhgon.organizations.choices import Category, EventKind, Kind, Sector
    from tinhgon.organizations.services import (
        DecisionInput,
        EventInput,
        NewUnit,
        organization_register_existing,
    )
    from tinhgon.restructuring.services import event_record

    user = User.objects.create_user(
        username="chuyenvien",
        password=PASSWORD,
        role="supervisor",
        first_name="Lan",
        last_name="Nguyễn Thị",
    )
    start = dt.date(2010, 1, 1)

    def register(name: str, kind: str, sector: str, parent: Any, category: str = "") -> Any:
        return organization_register_existing(
            acting_user=user,
            unit=NewUnit(
                name=name,
                kind=kind,
                sector=sector,
                managing_body=parent.pk if parent else None,
                category=category,
            ),
            valid_from=start,
        )

    province = register(
        "UBND tỉnh Hà Tĩnh", Kind.PROVINCIAL_COMMITTEE, Sector.STATE_MANAGEMENT, None
    )
    department = register(
        "Sở Giáo dục và Đào tạo", Kind.DEPARTMENT, Sector.STATE_MANAGEMENT, province
    )
    schools = {}
    for name in (
        "Trường THPT Nguyễn Du",
        "Trường THPT Trần Phú",
        "Trường THPT Phan Đình Phùng",
        "Trường THPT Lê Quý Đôn",
    ):
        schools[name] = register(
            name, Kind.SCHOOL, Sector.EDUCATION, department, Category.UPPER_SECONDARY
        )
    district = register(
        "UBND huyện Đức Thọ", Kind.DISTRICT_COMMITTEE, Sector.STATE_MANAGEMENT, province
    )
    for letter in "ABC":
        name = f"Trường Mầm non Đức Thọ {letter}"
        schools[name] = register(name, Kind.SCHOOL, Sector.EDUCATION, district, Category.PRESCHOOL)

    user.scope_root = province
    user.organization = province
    user.save(update_fields=["scope_root", "organization"])

    merge_event = event_record(
        acting_user=user,
        data=EventInput(
            kind=EventKind.MERGE,
            effective_date=dt.date(2020, 6, 1),
            decision=DecisionInput("15/QĐ-UBND", dt.date(2020, 5, 20), "UBND tỉnh Hà Tĩnh"),
            predecessors=[
                schools["Trường THPT Nguyễn Du"].pk,
                schools["Trường THPT Trần Phú"].pk,
            ],
            successors=[
                NewUnit(
                    name="Trường THPT Nguyễn Du - Trần Phú",
                    kind=Kind.SCHOOL,
                    sector=Sector.EDUCATION,
                    managing_body=department.pk,
                    category=Category.UPPER_SECONDARY,
                )
            ],
        ),
    )
    merged = merge_event.links.get(role="successor").organization
    return Registry(province, department, district, schools, merged, merge_event, user)


@pytest.fixture
def national_targets(db: None) -> None:
    """The national targets: a transactional test's flush empties the table the migration seeded."""
    from tinhgon.indicators.services import targets_seed_national

    targets_seed_national(acting_user=None)

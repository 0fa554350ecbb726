"""Shared fixtures: a small registry of Hà Tĩnh, the personas, API clients and frozen time.

The registry (all entered as existing on 2010-01-01, before the record starts):

    UBND tỉnh Hà Tĩnh
    ├── Sở Y tế ── Bệnh viện Đa khoa tỉnh Hà Tĩnh, Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh,
    │              Trung tâm Y tế huyện Đức Thọ
    ├── Sở Giáo dục và Đào tạo ── Trường THPT Phan Đình Phùng, Trường THPT chuyên Hà Tĩnh,
    │                            Trung tâm Giáo dục thường xuyên tỉnh
    └── UBND huyện Đức Thọ ── Trường THCS Hoàng Xuân Hãn
        ├── UBND xã Tùng Ảnh ── Trường Mầm non Tùng Ảnh, Trường Tiểu học Tùng Ảnh
        └── UBND xã Đức Lạc ── Trường Tiểu học Đức Lạc
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tinhgon.accounts.choices import Role
from tinhgon.accounts.models import User
from tinhgon.core.models import AuditEntry
from tinhgon.organizations.choices import Kind, Sector
from tinhgon.organizations.models import (
    EventLink,
    LegalDocument,
    Organization,
    OrganizationState,
    ReorgEvent,
)
from tinhgon.organizations.services import (
    DecisionInput,
    EventInput,
    NewUnit,
    organization_register_existing,
)
from tinhgon.restructuring.services import event_record

TODAY = dt.date(2026, 11, 26)
START = dt.date(2010, 1, 1)
PASSWORD = "Mat-khau-thu-nghiem-2026"  # noqa: S105
ISSUER = "UBND tỉnh Hà Tĩnh"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    # Each test run keeps its files apart (the SQLite and PostgreSQL runs go side by side).
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def frozen_today() -> Iterator[dt.date]:
    """Today is 26/11/2026, 09:00 in Hà Nội (the clock does not tick)."""
    moment = dt.datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment, tick=False):
        yield TODAY


@dataclass
class Registry:
    province: Organization
    health: Organization
    education: Organization
    district: Organization
    commune: Organization
    commune2: Organization
    hospital: Organization
    cdc: Organization
    district_health: Organization
    school_pdp: Organization
    school_gifted: Organization
    gdtx: Organization
    school_hxh: Organization
    preschool: Organization
    primary: Organization
    primary2: Organization

    @property
    def health_units(self) -> list[Organization]:
        return [self.hospital, self.cdc, self.district_health]

    @property
    def education_units(self) -> list[Organization]:
        return [self.school_pdp, self.school_gifted, self.gdtx]


def _existing(name: str, kind: str, sector: str, parent: Organization | None, **kw: Any) -> Any:
    return organization_register_existing(
        acting_user=None,
        unit=NewUnit(
            name=name,
            kind=kind,
            sector=sector,
            managing_body=parent.pk if parent else None,
            **kw,
        ),
        valid_from=START,
        reason="Nhập sổ ban đầu",
    )


@pytest.fixture
def registry(db: Any, frozen_today: dt.date) -> Registry:
    sm, ed, he = Sector.STATE_MANAGEMENT, Sector.EDUCATION, Sector.HEALTH
    province = _existing(
        "UBND tỉnh Hà Tĩnh", Kind.PROVINCIAL_COMMITTEE, sm, None, code="000.00.00.H23"
    )
    health = _existing("Sở Y tế", Kind.DEPARTMENT, sm, province, code="000.00.10.H23")
    education = _existing(
        "Sở Giáo dục và Đào tạo", Kind.DEPARTMENT, sm, province, code="000.00.11.H23"
    )
    district = _existing("UBND huyện Đức Thọ", Kind.DISTRICT_COMMITTEE, sm, province)
    commune = _existing("UBND xã Tùng Ảnh", Kind.COMMUNE_COMMITTEE, sm, district)
    commune2 = _existing("UBND xã Đức Lạc", Kind.COMMUNE_COMMITTEE, sm, district)
    return Registry(
        province=province,
        health=health,
        education=education,
        district=district,
        commune=commune,
        commune2=commune2,
        hospital=_existing("Bệnh viện Đa khoa tỉnh Hà Tĩnh", Kind.HOSPITAL, he, health),
        cdc=_existing("Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh", Kind.CENTER, he, health),
        district_health=_existing("Trung tâm Y tế huyện Đức Thọ", Kind.HEALTH_CENTER, he, health),
        school_pdp=_existing("Trường THPT Phan Đình Phùng", Kind.SCHOOL, ed, education),
        school_gifted=_existing("Trường THPT chuyên Hà Tĩnh", Kind.SCHOOL, ed, education),
        gdtx=_existing("Trung tâm Giáo dục thường xuyên tỉnh", Kind.CENTER, ed, education),
        school_hxh=_existing("Trường THCS Hoàng Xuân Hãn", Kind.SCHOOL, ed, district),
        preschool=_existing("Trường Mầm non Tùng Ảnh", Kind.SCHOOL, ed, commune),
        primary=_existing("Trường Tiểu học Tùng Ảnh", Kind.SCHOOL, ed, commune),
        primary2=_existing("Trường Tiểu học Đức Lạc", Kind.SCHOOL, ed, commune2),
    )


@dataclass
class People:
    officer_a: User
    officer_b: User
    commune_officer: User
    supervisor: User
    leader: User
    inspector: User
    admin: User


def _user(username: str, role: str, scope: Organization | None, **kw: Any) -> User:
    user = User(
        username=username,
        role=role,
        scope_root=scope,
        organization=scope,
        first_name=username.title(),
        **kw,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def people(registry: Registry) -> People:
    return People(
        officer_a=_user("can-bo-so-y-te", Role.OFFICER, registry.health),
        officer_b=_user("can-bo-so-gddt", Role.OFFICER, registry.education),
        commune_officer=_user("can-bo-xa", Role.OFFICER, registry.commune),
        supervisor=_user("chuyen-vien-snv", Role.SUPERVISOR, registry.province),
        leader=_user("lanh-dao", Role.LEADER, registry.province),
        inspector=_user("thanh-tra", Role.INSPECTOR, registry.province),
        admin=_user("quan-tri", Role.ADMINISTRATOR, None, is_superuser=True, is_staff=True),
    )


@pytest.fixture
def reminder_mail(people: People, settings: Any) -> None:
    """Reminders go to the test outbox; the two department officers have an address; "due soon"
    means within 5 working days."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TINHGON_PLANS_REMIND_BEFORE_WORKING_DAYS = 5
    for user, email in (
        (people.officer_a, "yte@example.vn"),
        (people.officer_b, "gddt@example.vn"),
    ):
        user.email = email
        user.save()


def api_client(user: User | None) -> APIClient:
    """An API client authenticated with the user's token (anonymous if ``user`` is None)."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def web_client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def api(people: People) -> Callable[[str | None], APIClient]:
    """``api("officer_a")``: a token-authenticated client for a persona; ``api(None)`` anonymous."""
    return lambda who: api_client(getattr(people, who) if who else None)


@pytest.fixture
def web(people: People) -> Callable[[str | None], Client]:
    """``web("supervisor")``: a logged-in browser client for a persona; ``web(None)`` anonymous."""
    return lambda who: web_client(getattr(people, who) if who else None)


_numbers = itertools.count(100)


def decision(
    date: dt.date, number: str | None = None, issuer: str = ISSUER, signer: str = "Võ Trọng Hải"
) -> DecisionInput:
    return DecisionInput(number or f"{next(_numbers)}/QĐ-UBND", date, issuer, signer)


def new_unit(name: str, parent: Organization, **kw: Any) -> NewUnit:
    kw.setdefault("kind", Kind.SCHOOL)
    kw.setdefault("sector", Sector.EDUCATION)
    return NewUnit(name=name, managing_body=parent.pk, **kw)


def record(
    kind: str,
    day: dt.date,
    *,
    preds: list[Organization] = (),  # type: ignore[assignment]
    succs: list[Organization | NewUnit] = (),  # type: ignore[assignment]
    changes: dict[str, Any] | None = None,
    actor: Any = None,
    doc: DecisionInput | None = None,
    note: str = "",
) -> ReorgEvent:
    """Record an event through the one door (``event_record``)."""
    return event_record(
        acting_user=actor,
        data=EventInput(
            kind=kind,
            effective_date=day,
            decision=doc or decision(day),
            predecessors=[p.pk for p in preds],
            successors=[s if isinstance(s, NewUnit) else s.pk for s in succs],
            changes=changes or {},
            note=note,
        ),
    )


def counts() -> dict[str, int]:
    """Row counts of everything an event may write."""
    return {
        m.__name__: m.objects.count()
        for m in (Organization, OrganizationState, ReorgEvent, EventLink, LegalDocument, AuditEntry)
    }


def name_on(org: Organization, day: dt.date) -> str | None:
    state = org.state_on(day)
    return state.name if state else None


# ---------------------------------------------------------------------------------------------
# The Hà Tĩnh demo, loaded once per test session.
#
# Tests that use the ``demo`` fixture run last (see ``pytest_collection_modifyitems``), after every
# other test, so that the committed demo data never meets a test that expects an empty database;
# the database is emptied at the end of the session.


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    items.sort(key=lambda item: "demo" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """Load the demo once for the whole session (committed); empty the database afterwards."""
    import io

    from django.core.management import call_command
    from django.test import override_settings

    out = io.StringIO()
    # Loaded as on the demo's day, so that ages and due dates do not drift with the calendar.
    # Its accounts' passwords hashed as the tests' (which check them).
    with django_db_blocker.unblock():
        with (
            time_machine.travel(
                dt.datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
            ),
            override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        ):
            call_command("load_demo", stdout=out)
        yield out.getvalue()
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def national_targets(db: Any) -> None:
    """The national targets (a data migration seeds them, but a transactional test's flush may
    have emptied the table before this test)."""
    from tinhgon.indicators.services import targets_seed_national

    targets_seed_national(acting_user=None)

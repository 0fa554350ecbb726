"""The Hà Tĩnh demo: loaded once per module, checked against an independent replay of its events."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from tinhgon.core.models import AuditEntry
from tinhgon.organizations.choices import PUBLIC_SERVICE_UNIT_KINDS, Category, EventKind, Kind
from tinhgon.organizations.models import (
    EventLink,
    LegalDocument,
    Organization,
    OrganizationState,
    ReorgEvent,
)
from tinhgon.organizations.selectors import unit_counts

ENDING = {
    EventKind.MERGE,
    EventKind.ABSORB,
    EventKind.SPLIT,
    EventKind.CONVERT_JSC,
    EventKind.DISSOLVE,
}
PSU_KINDS = {str(k) for k in PUBLIC_SERVICE_UNIT_KINDS}
LOCAL_SCHOOLS = (
    Category.PRESCHOOL,
    Category.PRIMARY,
    Category.LOWER_SECONDARY,
    Category.MULTI_LEVEL_SCHOOL,
)
D2015 = dt.date(2015, 12, 31)
D2021 = dt.date(2021, 12, 31)
D2024 = dt.date(2024, 12, 31)
D_LOC_HA = dt.date(2025, 1, 1)
D_BEFORE = dt.date(2025, 6, 30)
D_COMMUNES = dt.date(2025, 7, 1)


def alive(day, **filters):
    return OrganizationState.objects.as_of(day).filter(**filters)


def replay_counts(days):
    """Public service units alive on each day, from the raw record only (no selectors).

    Start: the units registered as existing (their audit rows). Then every event in effective-date
    order: predecessors of merge/absorb/split/convert_jsc/dissolve end the day before; successors
    that did not exist yet start on the day.
    """
    start: dict[int, dt.date] = {}
    end: dict[int, dt.date] = {}
    kind: dict[int, str] = {}
    for entry in AuditEntry.objects.filter(
        action="register_existing", object_type="organizations.organization"
    ):
        org_id = int(entry.object_id)
        start[org_id] = dt.date.fromisoformat(entry.after["organization"]["valid_from"])
        kind[org_id] = entry.after["state"]["kind"]
    first_kind = {}
    for org_id, k in OrganizationState.objects.order_by("-valid_from").values_list(
        "organization_id", "kind"
    ):
        first_kind[org_id] = k
    links: dict[int, list[tuple[int, str]]] = {}
    for event_id, org_id, role in EventLink.objects.values_list(
        "event_id", "organization_id", "role"
    ):
        links.setdefault(event_id, []).append((org_id, role))
    for event in ReorgEvent.objects.order_by("effective_date", "id"):
        day = event.effective_date
        for org_id, role in links.get(event.pk, []):
            if role == "predecessor" and event.kind in ENDING:
                assert org_id in start and org_id not in end, (event.pk, org_id)
                end[org_id] = day - dt.timedelta(days=1)
            elif role == "successor" and org_id not in start:
                start[org_id] = day
                kind[org_id] = first_kind[org_id]
    return {
        day: sum(
            1
            for org_id, s in start.items()
            if kind[org_id] in PSU_KINDS and s <= day and (org_id not in end or end[org_id] >= day)
        )
        for day in days
    }


@pytest.mark.django_db
def test_district_committees_over_time(demo):
    assert alive(D2024, kind=Kind.DISTRICT_COMMITTEE).count() == 13
    assert alive(D_LOC_HA, kind=Kind.DISTRICT_COMMITTEE).count() == 12
    assert not alive(D_LOC_HA, name="UBND huyện Lộc Hà").exists()
    assert alive(D_BEFORE, kind=Kind.DISTRICT_COMMITTEE).count() == 12
    assert alive(D_COMMUNES, kind=Kind.DISTRICT_COMMITTEE).count() == 0


@pytest.mark.django_db
def test_69_communes_from_2025_07_01(demo):
    names = list(alive(D_COMMUNES, kind=Kind.COMMUNE_COMMITTEE).values_list("name", flat=True))
    assert len(names) == 69
    assert sum(n.startswith("UBND xã ") for n in names) == 60
    assert sum(n.startswith("UBND phường ") for n in names) == 9
    assert {"UBND xã Sơn Kim 1", "UBND xã Sơn Kim 2", "UBND phường Thành Sen"} <= set(names)
    assert not alive(D_BEFORE, kind=Kind.COMMUNE_COMMITTEE).exists()


@pytest.mark.django_db
def test_counts_match_an_independent_replay(demo):
    days = [D2015, D2021, D_BEFORE, D_COMMUNES, timezone.localdate()]
    replayed = replay_counts(days)
    for day in days:
        assert unit_counts(day)["total"] == replayed[day], day


@pytest.mark.django_db
def test_size_and_reduction(demo):
    c2015 = unit_counts(D2015)["total"]
    c2021 = unit_counts(D2021)["total"]
    c2025 = unit_counts(D_COMMUNES)["total"]
    assert 1100 <= c2015 <= 1400
    assert c2021 <= 0.9 * c2015
    assert c2025 < c2021
    assert ReorgEvent.objects.count() >= 400


@pytest.mark.django_db
def test_every_public_service_unit_is_demo(demo):
    psu_orgs = set(
        OrganizationState.objects.filter(kind__in=PSU_KINDS).values_list(
            "organization_id", flat=True
        )
    )
    assert psu_orgs
    assert not Organization.objects.filter(pk__in=psu_orgs, is_demo=False).exists()
    admin_orgs = Organization.objects.exclude(pk__in=psu_orgs)
    assert not admin_orgs.filter(is_demo=True).exists()


@pytest.mark.django_db
def test_no_local_school_under_a_district_from_2025_07_01(demo):
    districts_before = set(
        alive(D_BEFORE, kind=Kind.DISTRICT_COMMITTEE).values_list("organization_id", flat=True)
    )
    assert alive(D_BEFORE, category__in=LOCAL_SCHOOLS, managing_body__in=districts_before).count()
    all_districts = set(
        OrganizationState.objects.filter(kind=Kind.DISTRICT_COMMITTEE).values_list(
            "organization_id", flat=True
        )
    )
    schools = alive(D_COMMUNES, category__in=LOCAL_SCHOOLS)
    assert schools.count() > 500
    assert not schools.filter(managing_body__in=all_districts).exists()
    communes = set(
        alive(D_COMMUNES, kind=Kind.COMMUNE_COMMITTEE).values_list("organization_id", flat=True)
    )
    assert not schools.exclude(managing_body__in=communes).exists()


@pytest.mark.django_db
def test_every_managing_body_is_alive(demo):
    for day in (D2015, D2021, D_LOC_HA, dt.date(2025, 3, 1), D_COMMUNES, timezone.localdate()):
        alive_ids = set(alive(day).values_list("organization_id", flat=True))
        parents = set(
            alive(day, managing_body__isnull=False).values_list("managing_body_id", flat=True)
        )
        assert parents <= alive_ids, day


@pytest.mark.django_db
def test_names_unique_within_a_managing_body(demo):
    for day in (D2015, D2021, D_BEFORE, D_COMMUNES, timezone.localdate()):
        pairs = Counter(alive(day).values_list("managing_body_id", "name"))
        assert [p for p, n in pairs.items() if n > 1] == [], day


@pytest.mark.django_db
def test_events_are_chronological_and_after_their_decision(demo):
    events = ReorgEvent.objects.select_related("decision")
    assert not [e.pk for e in events if e.effective_date < e.decision.date]
    kinds = set(events.values_list("kind", flat=True))
    assert {EventKind.MERGE, EventKind.ABSORB, EventKind.SPLIT, EventKind.SEPARATE} <= kinds
    assert {EventKind.DISSOLVE, EventKind.RENAME, EventKind.TRANSFER} <= kinds
    assert {EventKind.CHANGE_AUTONOMY_GROUP, EventKind.CONVERT_JSC, EventKind.ESTABLISH} <= kinds
    last: dict[int, dt.date] = {}
    for org_id, day in EventLink.objects.order_by("event_id").values_list(
        "organization_id", "event__effective_date"
    ):
        assert day >= last.get(org_id, day), org_id
        last[org_id] = day
    assert ReorgEvent.objects.filter(effective_date__year=2026).exists()


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing(demo):
    models = (
        Organization,
        OrganizationState,
        ReorgEvent,
        EventLink,
        LegalDocument,
        AuditEntry,
        get_user_model(),
    )
    before = {m: m.objects.count() for m in models}
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "đã được nạp" in out.getvalue()
    assert {m: m.objects.count() for m in models} == before


@pytest.mark.django_db
def test_demo_accounts(demo):
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["admin", "snv", "soyte"])}
    assert users["admin"].is_superuser
    assert users["snv"].role == "supervisor"
    assert str(users["snv"].scope_root) == "UBND tỉnh Hà Tĩnh"
    assert users["soyte"].check_password("tinhgon-demo-2026")
    assert AuditEntry.objects.filter(action="create", object_type="accounts.user").count() >= 7
    count = User.objects.count()
    call_command("demo_accounts", stdout=io.StringIO())
    assert User.objects.count() == count


@pytest.mark.django_db
def test_counts_agree_between_page_api_and_cli(demo, client):
    """The five dates of the home page: the page, the API and the CLI say the same number, and it is
    the number replayed independently from the event list."""
    import json
    import re

    from rest_framework.test import APIClient

    call_command("demo_accounts", stdout=io.StringIO())
    User = get_user_model()
    snv = User.objects.get(username="snv")
    client.force_login(snv)
    page = client.get("/").content.decode()
    api = APIClient()
    api.force_authenticate(snv)
    days = (D2015, D2021, D_BEFORE, D_COMMUNES, timezone.localdate())
    replayed = replay_counts(days)
    for day in days:
        shown = re.search(rf'data-testid="count-{day.isoformat()}">([\d.]+)<', page)
        assert shown, day
        on_page = int(shown.group(1).replace(".", ""))
        by_api = api.get(f"/api/v1/stats/units/?as_of={day.isoformat()}").json()["total"]
        out = io.StringIO()
        call_command(
            "units_count",
            "--as-of",
            day.isoformat(),
            "--by",
            "sector",
            "--json",
            "--user",
            "snv",
            stdout=out,
        )
        by_cli = json.loads(out.getvalue())["total"]
        assert on_page == by_api == by_cli == replayed[day], day

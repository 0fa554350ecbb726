"""Cached pages (tinhgon.core.memo) are never stale and never cross agencies.

These tests commit (``transaction=True``): the cache is used only for committed data, as in
production, so each page below is really served from the cache the second time it is opened.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tinhgon.conftest import new_unit, record
from tinhgon.core import memo
from tinhgon.indicators.choices import Measure
from tinhgon.organizations.choices import EventKind, Kind, Sector

pytestmark = pytest.mark.django_db(transaction=True)


def units_total(response) -> int:  # type: ignore[no-untyped-def]
    [i] = [i for i in response.context["indicators"] if i.code == Measure.UNITS_TOTAL]
    return int(i.value)


def home_count(response, day) -> int:  # type: ignore[no-untyped-def]
    html = response.content.decode()
    found = re.search(rf'data-testid="count-{day.isoformat()}">([\d.]+)<', html)
    assert found, "the home page shows today's count"
    return int(found.group(1).replace(".", ""))


def queries(client, url: str) -> tuple[int, object]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


def test_a_new_unit_shows_on_the_next_dashboard_and_home_page(registry, people, web, frozen_today):
    leader = web("leader")
    first_n, first = queries(leader, "/chi-tieu/")
    again_n, again = queries(leader, "/chi-tieu/")
    assert again_n < first_n, "the second load is served from the cache"
    before = units_total(first)
    assert units_total(again) == before
    assert home_count(leader.get("/"), frozen_today) == before

    # A committed write (through the one door, so with its audit row) makes every cached figure
    # unreachable: the next load recomputes.
    record(
        EventKind.ESTABLISH,
        frozen_today,
        succs=[new_unit("Trường THPT Nguyễn Du", registry.education, kind=Kind.SCHOOL)],
    )
    assert units_total(leader.get("/chi-tieu/")) == before + 1
    assert home_count(leader.get("/"), frozen_today) == before + 1


def test_a_renamed_unit_shows_its_new_name_in_the_cached_tree(registry, people, web, frozen_today):
    supervisor = web("supervisor")
    assert (
        "Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh" in supervisor.get("/don-vi/").content.decode()
    )
    queries(supervisor, "/don-vi/")  # cached
    record(EventKind.RENAME, frozen_today, preds=[registry.cdc], changes={"name": "CDC Hà Tĩnh"})
    page = supervisor.get("/don-vi/").content.decode()
    assert "CDC Hà Tĩnh" in page
    assert "Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh" not in page


def test_one_agencys_cached_pages_are_never_shown_to_another(registry, people, web):
    health, education = web("officer_a"), web("officer_b")
    for url in ("/don-vi/", "/", "/ke-hoach/viec-cua-toi/", "/doi-ngu/tuan-thu/"):
        health.get(url)  # cached for Sở Y tế's scope
        health.get(url)
    tree_a = health.get("/don-vi/").content.decode()
    tree_b = education.get("/don-vi/").content.decode()
    assert "Bệnh viện Đa khoa tỉnh Hà Tĩnh" in tree_a
    assert "Trường THPT Phan Đình Phùng" not in tree_a
    assert "Trường THPT Phan Đình Phùng" in tree_b
    assert "Bệnh viện Đa khoa tỉnh Hà Tĩnh" not in tree_b
    # Same page, same day, other agency: its own count (3 schools/centres), not Sở Y tế's.
    assert education.get("/").content.decode().count("Bệnh viện") == 0
    # The dashboard of Sở Y tế cached for its officer is not the province's nor Sở GD&ĐT's.
    assert units_total(health.get("/chi-tieu/")) == 3
    assert units_total(education.get("/chi-tieu/")) == 3
    assert units_total(web("leader").get("/chi-tieu/")) == 10
    # Another agency's scope asked for explicitly, after the leader cached it: still refused.
    assert web("leader").get(f"/chi-tieu/?scope={registry.education.pk}").status_code == 200
    assert health.get(f"/chi-tieu/?scope={registry.education.pk}").status_code == 404


def test_a_transaction_reads_its_own_uncommitted_writes_not_the_cache(registry, people):
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert memo.cached("test", ("x",), compute) == 1
    assert memo.cached("test", ("x",), compute) == 1  # cached
    with transaction.atomic():
        record(
            EventKind.ESTABLISH,
            registry.province.valid_from,
            succs=[new_unit("Trường mới", registry.education, sector=Sector.EDUCATION)],
        )
        assert memo.cached("test", ("x",), compute) == 2  # bypassed: not committed yet
        assert memo.cached("test", ("x",), compute) == 3
    assert memo.cached("test", ("x",), compute) == 4  # a new generation after the commit
    assert memo.cached("test", ("x",), compute) == 4

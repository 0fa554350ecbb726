"""``tinhgon units_count``: the same numbers as ``/api/v1/stats/units/``, as JSON or a table."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from tinhgon.conftest import new_unit, record
from tinhgon.organizations.choices import EventKind

pytestmark = pytest.mark.django_db


def _cli(*args: str) -> str:
    out = io.StringIO()
    call_command("units_count", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def history(registry):  # type: ignore[no-untyped-def]
    """A few events so that the counts differ from one date to the next."""
    record(EventKind.DISSOLVE, dt.date(2022, 1, 1), preds=[registry.cdc])
    record(
        EventKind.MERGE,
        dt.date(2025, 7, 1),
        preds=[registry.primary, registry.preschool],
        succs=[new_unit("Trường Liên cấp Tùng Ảnh", registry.commune)],
    )
    record(
        EventKind.ESTABLISH,
        dt.date(2026, 1, 1),
        succs=[new_unit("Trường Mầm non Hoa Sen", registry.district)],
    )
    return registry


@pytest.mark.parametrize("by", ["sector", "kind", "managing_body"])
@pytest.mark.parametrize("day", ["2015-12-31", "2021-12-31", "2025-06-30", "2025-07-01"])
def test_cli_json_is_exactly_the_api_answer_for_a_supervisor(history, api, day, by):
    response = api("supervisor").get("/api/v1/stats/units/", {"as_of": day, "group_by": by})
    assert response.status_code == 200
    printed = _cli("--as-of", day, "--by", by, "--json", "--user", "chuyen-vien-snv")
    assert printed == response.content.decode()
    assert list(json.loads(printed)) == ["as_of", "total", "groups"]


def test_cli_counts_change_with_the_date(history):
    totals = {
        day: json.loads(_cli("--as-of", day, "--json"))["total"]
        for day in ("2021-12-31", "2022-01-01", "2025-07-01", "2026-01-01")
    }
    assert totals == {"2021-12-31": 10, "2022-01-01": 9, "2025-07-01": 8, "2026-01-01": 9}


def test_cli_user_limits_to_the_user_scope(history, api, people):
    mine = json.loads(_cli("--as-of", "2021-12-31", "--json", "--user", "can-bo-so-y-te"))
    assert mine["total"] == 3
    assert [g["key"] for g in mine["groups"]] == ["health"]
    everything = json.loads(_cli("--as-of", "2021-12-31", "--json"))
    assert everything["total"] == 10
    api_a = api("officer_a").get("/api/v1/stats/units/", {"as_of": "2021-12-31"}).json()
    assert api_a == mine


def test_cli_table_is_readable_vietnamese(history):
    table = _cli("--as-of", "2021-12-31", "--by", "sector")
    lines = table.splitlines()
    assert lines[0] == "Đơn vị sự nghiệp công lập ngày 31/12/2021, theo lĩnh vực:"
    assert lines[1].split() == ["Giáo", "dục", "và", "đào", "tạo", "7"]
    assert lines[2].split() == ["Y", "tế", "3"]
    assert lines[-1].split() == ["Tổng", "cộng", "10"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "31/12/2021"], "không đúng định dạng YYYY-MM-DD"),
        (["--by", "colour"], "--by phải là sector, kind hoặc managing_body"),
        (["--user", "khong-co"], "Không có người dùng"),
    ],
)
def test_cli_errors_go_to_stderr_with_a_non_zero_exit(transactional_db, capsys, args, message):
    # run_from_argv closes the connections on an error: outside a test transaction that is harmless.
    with pytest.raises(SystemExit) as info:
        execute_from_command_line(["tinhgon", "units_count", "--json", *args])
    assert info.value.code != 0
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""
    with pytest.raises(CommandError):
        call_command("units_count", *args)

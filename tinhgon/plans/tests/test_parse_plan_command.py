"""``tinhgon parse_plan FILE [--json]``: the parse of the seed on stdout, errors on stderr, no database."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

SEED = (
    Path(__file__).resolve().parents[2] / "plans" / "seeds" / "kh56_2024.txt"
)  # the seed text, copied


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("parse_plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_of_the_seed():
    out, _err = run(str(SEED), "--json")
    data = json.loads(out)  # stdout holds the JSON only
    assert set(data) >= {"document", "references", "tasks", "warnings"}
    assert data["document"]["number"] == "56/KH-UBND"
    assert data["document"]["date"] == "2024-02-02"
    assert [t["ref"] for t in data["tasks"]] == ["I", "II"]
    section = data["tasks"][1]
    assert [t["ref"] for t in section["children"]] == [f"II.{i}" for i in range(1, 7)]
    item3 = section["children"][2]
    assert [t["ref"] for t in item3["children"]] == [f"II.3.{i}" for i in range(1, 6)]
    products = item3["children"][1]["products"]
    assert [p["deadlines"][0]["kind"] for p in products] == ["date", "date", "date", "conditional"]
    assert [p["deadlines"][0]["due"] for p in products[:3]] == ["2024-03-31"] * 3
    assert {"number": "222-KH/TU", "kind": "Kế hoạch", "date": "2023-11-27"} in data["references"]


def test_readable_tree_without_json():
    out, err = run(str(SEED))
    assert "Kế hoạch số 56/KH-UBND ngày 2024-02-02" in out
    assert "    II.3.2  Kịp thời hoàn thiện, ban hành" in out
    assert "sản phẩm: Đề án sắp xếp hệ thống cơ sở giáo dục mầm non" in out
    assert "Cảnh báo: Văn bản bị cắt" in err


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        run(str(tmp_path / "khong-co.txt"), "--json")


def test_needs_no_database(tmp_path):
    # No django_db mark: pytest-django refuses any database access in this module.
    path = tmp_path / "kh.txt"
    path.write_text("I. NHIỆM VỤ\n1. Rà soát (thực hiện thường xuyên).\n", encoding="utf-8")
    out, _err = run(str(path), "--json")
    assert json.loads(out)["tasks"][0]["children"][0]["deadlines"][0]["kind"] == "recurring"

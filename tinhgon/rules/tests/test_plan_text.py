"""The plan-text parser: the seed (Plan 56/KH-UBND, DOMAIN.md §1) and texts written here in the same style."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tinhgon.rules.plan_text import parse_plan_text, to_data

SEED = (
    Path(__file__).resolve().parents[2] / "plans" / "seeds" / "kh56_2024.txt"
)  # the seed text, copied


def shape(tasks):
    """(ref, deadline kinds, children) of every node: the whole tree in one comparable value."""
    return [
        (t["ref"], [d["kind"] for d in t["deadlines"]], shape(t["children"]))
        if t["children"]
        else (t["ref"], [d["kind"] for d in t["deadlines"]])
        for t in tasks
    ]


def find(tasks, ref):
    for t in tasks:
        if t["ref"] == ref:
            return t
        found = find(t["children"], ref)
        if found:
            return found
    return None


def dues(task):
    return [(d["kind"], d["due"]) for d in task["deadlines"]]


# ------------------------------------------------------------------------------------------ seed


@pytest.fixture(scope="module")
def seed():
    return to_data(parse_plan_text(SEED.read_text(encoding="utf-8")))


NONE, REC, DATE, PER, COND = ["none"], ["recurring"], ["date"], ["per_project"], ["conditional"]

SEED_TREE = [
    ("I", NONE, [("I.1", NONE), ("I.2", NONE), ("I.3", NONE), ("I.4", NONE)]),
    (
        "II",
        NONE,
        [
            ("II.1", REC),
            ("II.2", REC),
            (
                "II.3",
                NONE,
                [
                    ("II.3.1", PER),
                    ("II.3.2", ["date", "conditional"]),
                    ("II.3.3", REC),
                    ("II.3.4", REC),
                    ("II.3.5", REC),
                ],
            ),
            ("II.4", NONE, [("II.4.1", NONE), ("II.4.2", NONE)]),
            ("II.5", NONE, [("II.5.1", REC), ("II.5.2", REC)]),
            ("II.6", REC, [("II.6.1", NONE), ("II.6.2", NONE), ("II.6.3", NONE)]),
        ],
    ),
]


def test_seed_whole_tree(seed):
    assert shape(seed["tasks"]) == SEED_TREE


def test_seed_metadata(seed):
    assert (
        seed["document"]
        == {
            "number": "56/KH-UBND",
            "kind": "Kế hoạch",
            "date": "2024-02-02",  # from "Hà Tĩnh, ngày 02 tháng 02 năm 2024", not "Thứ 7, Ngày 26/10/2024"
            "issuer": "UBND tỉnh Hà Tĩnh",
            "signer": "Võ Trọng Hải",
            "title": seed["document"]["title"],
        }
    )
    assert seed["document"]["title"].startswith("TRIỂN KHAI THỰC HIỆN KẾT LUẬN SỐ 62-KL/TW")
    assert seed["preamble"].startswith("Triển khai Kết luận số 62-KL/TW")


def test_seed_references_are_normalized_and_deduplicated(seed):
    refs = {r["number"]: (r["kind"], r["date"]) for r in seed["references"]}
    assert refs == {
        "62-KL/TW": ("Kết luận", "2023-10-02"),
        "19-NQ/TW": ("Nghị quyết", "2017-10-25"),
        "222-KH/TU": ("Kế hoạch", "2023-11-27"),  # printed "222- KH/TU" too
        "63/SNV-XDCQ&TCBC": ("Văn bản", "2024-01-09"),
        "120/2020/NĐ-CP": ("Nghị định", "2020-10-07"),
        "40-KL/TW": ("Kết luận", "2022-07-18"),
        "70-QĐ/TW": ("Quy định", "2022-07-18"),
    }
    assert len(seed["references"]) == len(refs)


def test_seed_item_3_lead_paragraph_and_five_bullets(seed):
    item = find(seed["tasks"], "II.3")
    assert item["text"].startswith("Tiếp tục rà soát, sửa đổi, bổ sung")
    assert "Nghị định số 120/2020/NĐ-CP" in item["text"]
    assert [c["ref"] for c in item["children"]] == [f"II.3.{i}" for i in range(1, 6)]
    assert find(seed["tasks"], "II.3.1")["deadlines"][0]["text"].startswith(
        "theo tiến độ của từng Đề án"
    )


def test_seed_four_products_of_ii_3_2(seed):
    task = find(seed["tasks"], "II.3.2")
    products = task["products"]
    assert len(products) == 4
    assert products[0]["name"].startswith("Đề án sắp xếp hệ thống cơ sở giáo dục mầm non")
    assert products[1]["name"].startswith(
        "Đề án sắp xếp, kiện toàn, đổi mới mô hình tổ chức các Ban"
    )
    assert products[2]["name"].endswith(
        "tầm nhìn đến năm 2045"
    )  # the deadline's parenthesis is not in the name
    assert products[3]["name"].startswith("Đề án hệ thống cơ sở giáo dục chuyên biệt")
    for product in products[:3]:
        assert dues(product) == [("date", "2024-03-31")]
    (cond,) = products[3]["deadlines"]
    assert cond["kind"] == "conditional" and cond["due"] is None
    assert cond["condition"].startswith("sau khi Thủ tướng Chính phủ ban hành Quy hoạch")
    assert dues(task) == [("date", "2024-03-31"), ("conditional", None)]


def test_seed_recurring_and_agencies(seed):
    for ref in ("II.1", "II.2", "II.3.3", "II.3.4", "II.3.5", "II.5.1", "II.5.2", "II.6"):
        (deadline,) = find(seed["tasks"], ref)["deadlines"]
        assert deadline == {
            "kind": "recurring",
            "due": None,
            "condition": None,
            "text": "thực hiện thường xuyên",
        }
    # Section I speaks of "nhiệm vụ trọng tâm, thường xuyên" and "chi thường xuyên": not deadlines.
    assert find(seed["tasks"], "I.1")["deadlines"][0]["kind"] == "none"
    assert find(seed["tasks"], "II.1")["agencies"] == [
        {"text": "Giám đốc các Sở", "role": "lead"},
        {
            "text": "Thủ trưởng các ban, ngành, đơn vị sự nghiệp trực thuộc Ủy ban nhân dân tỉnh",
            "role": "lead",
        },
        {"text": "Chủ tịch Ủy ban nhân dân các huyện, thành phố, thị xã", "role": "lead"},
    ]
    assert find(seed["tasks"], "II.4.2")["agencies"] == [
        {"text": "Các cơ quan, đơn vị, địa phương", "role": "lead"}
    ]


def test_seed_cut_off_text_is_kept_with_a_warning(seed):
    assert find(seed["tasks"], "II.6.3")["text"].endswith("[...]")
    assert any("bị cắt" in w for w in seed["warnings"])


# ------------------------------------------------------------------------- (a) a Quyết định

DECISION = """ỦY BAN NHÂN DÂN
TỈNH HÀ TĨNH
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 2920/QĐ-UBND
Hà Tĩnh, ngày 24 tháng 11 năm 2025

QUYẾT ĐỊNH
Về việc tổ chức lại Trung tâm Dịch vụ nông nghiệp thuộc Sở Nông nghiệp và Môi trường

ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH

Căn cứ Nghị định số 120/2020/NĐ-CP ngày 07/10/2020 của Chính phủ quy định về thành lập, tổ chức lại, giải thể đơn vị sự nghiệp công lập; Nghị định số 83/2024/NĐ-CP ngày 10/7/2024 của Chính phủ;
Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 415/TTr-SNV ngày 15/11/2025.

QUYẾT ĐỊNH:

Điều 1. Tổ chức lại Trung tâm Dịch vụ nông nghiệp trên cơ sở hợp nhất các Trạm khuyến nông như sau:
1. Tên gọi: Trung tâm Dịch vụ nông nghiệp Hà Tĩnh.
2. Nhiệm vụ, quyền hạn:
a) Thực hiện dịch vụ khuyến nông, chuyển giao kỹ thuật (thực hiện thường xuyên);
b) Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Nội vụ, Sở Tài chính xây dựng đề án vị trí việc làm, hoàn thành trước ngày 31/12/2025.
Điều 2. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính hướng dẫn thực hiện Quyết định này; báo cáo Ủy ban nhân dân tỉnh định kỳ 6 tháng.
Điều 3. Quyết định này có hiệu lực thi hành kể từ ngày ký.
Chánh Văn phòng Ủy ban nhân dân tỉnh, Thủ trưởng các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:
- Như Điều 3;
- Lưu: VT, NC.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Võ Trọng Hải
"""


def test_decision_with_articles():
    data = to_data(parse_plan_text(DECISION))
    assert data["document"] == {
        "number": "2920/QĐ-UBND",
        "kind": "Quyết định",
        "date": "2025-11-24",
        "issuer": "UBND tỉnh Hà Tĩnh",
        "signer": "Võ Trọng Hải",
        "title": "Về việc tổ chức lại Trung tâm Dịch vụ nông nghiệp thuộc Sở Nông nghiệp và Môi trường",
    }
    assert shape(data["tasks"]) == [
        ("D1", NONE, [("D1.1", NONE), ("D1.2", NONE, [("D1.2.a", REC), ("D1.2.b", DATE)])]),
        ("D2", REC),
        ("D3", NONE),
    ]
    assert dues(find(data["tasks"], "D1.2.b")) == [("date", "2025-12-30")]
    assert find(data["tasks"], "D1.2.b")["agencies"] == [
        {"text": "Sở Nông nghiệp và Môi trường", "role": "lead"},
        {"text": "Sở Nội vụ", "role": "coordinating"},
        {"text": "Sở Tài chính", "role": "coordinating"},
    ]
    assert find(data["tasks"], "D2")["agencies"] == [
        {"text": "Sở Nội vụ", "role": "lead"},
        {"text": "Sở Tài chính", "role": "coordinating"},
    ]
    assert find(data["tasks"], "D2")["deadlines"][0]["text"] == "định kỳ 6 tháng"
    assert "Chánh Văn phòng" in find(data["tasks"], "D3")["text"]
    assert data["closing"].startswith(
        "Nơi nhận:"
    )  # the distribution list is kept, not read as tasks
    assert "QUYẾT ĐỊNH:" in data["preamble"]
    assert {r["number"]: (r["kind"], r["date"]) for r in data["references"]} == {
        "120/2020/NĐ-CP": ("Nghị định", "2020-10-07"),
        "83/2024/NĐ-CP": ("Nghị định", "2024-07-10"),
        "415/TTr-SNV": ("Tờ trình", "2025-11-15"),
    }
    assert data["warnings"] == []


# ------------------------------------------------------- (b) decimal items, letters, deadlines

PLAN_DECIMAL = """UBND TỈNH HÀ TĨNH
SỞ NỘI VỤ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 15/KH-SNV
Hà Tĩnh, ngày 10 tháng 11 năm 2024
KẾ HOẠCH
Rà soát vị trí việc làm và cơ cấu lại đội ngũ viên chức giai đoạn 2024 - 2026
Căn cứ Nghị định số 61/2018/NĐCP ngày 23/4/2018 của Chính phủ; Kế hoạch số 222- KH/TU ngày 27/11/2023 của Ban Thường vụ Tỉnh ủy; Văn bản số 63/SNV-XDCQ&TCBC;
Sở Nội vụ ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm vị trí việc làm phù hợp với chức năng, nhiệm vụ sau sắp xếp.
II. NHIỆM VỤ CỤ THỂ
1. Rà soát vị trí việc làm
1.1. Các đơn vị sự nghiệp công lập rà soát danh mục vị trí việc làm, gửi Sở Nội vụ trước ngày 15/12/2024.
1.2. Sở Nội vụ tổng hợp, thẩm định, trình Ủy ban nhân dân tỉnh phê duyệt trong tháng 6 năm 2025.
2. Cơ cấu lại đội ngũ viên chức
2.1. Xây dựng Đề án cơ cấu lại đội ngũ viên chức, hoàn thành trong năm 2026:
a) Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Tài chính và Ủy ban nhân dân các xã, phường xây dựng phương án đối với trường học;
b) Sở Y tế chủ trì đối với các đơn vị y tế (tháng 6 năm 2025).
2.2. Báo cáo kết quả thực hiện hằng năm, gửi Sở Nội vụ trước ngày 10/12.
III. TỔ CHỨC THỰC HIỆN
Sở Nội vụ theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch này.
"""


def test_plan_with_decimal_and_lettered_items():
    data = to_data(parse_plan_text(PLAN_DECIMAL))
    doc = data["document"]
    assert (doc["number"], doc["kind"], doc["date"], doc["issuer"], doc["signer"]) == (
        "15/KH-SNV",
        "Kế hoạch",
        "2024-11-10",
        "Sở Nội vụ",
        None,
    )
    assert (
        doc["title"]
        == "Rà soát vị trí việc làm và cơ cấu lại đội ngũ viên chức giai đoạn 2024 - 2026"
    )
    assert shape(data["tasks"]) == [
        ("I", NONE),
        (
            "II",
            NONE,
            [
                ("II.1", NONE, [("II.1.1", DATE), ("II.1.2", DATE)]),
                (
                    "II.2",
                    NONE,
                    [("II.2.1", DATE, [("II.2.1.a", NONE), ("II.2.1.b", DATE)]), ("II.2.2", REC)],
                ),
            ],
        ),
        ("III", NONE),
    ]
    assert dues(find(data["tasks"], "II.1.1")) == [
        ("date", "2024-12-14")
    ]  # "trước ngày 15/12/2024"
    assert dues(find(data["tasks"], "II.1.2")) == [("date", "2025-06-30")]  # "tháng 6 năm 2025"
    assert dues(find(data["tasks"], "II.2.1")) == [("date", "2026-12-31")]  # "năm 2026"
    assert dues(find(data["tasks"], "II.2.1.b")) == [("date", "2025-06-30")]
    assert find(data["tasks"], "II.2.2")["deadlines"][0]["text"] == "hằng năm"
    assert find(data["tasks"], "II.1.1")["agencies"] == [
        {"text": "Các đơn vị sự nghiệp công lập", "role": "lead"}
    ]
    assert find(data["tasks"], "II.1.2")["agencies"] == [{"text": "Sở Nội vụ", "role": "lead"}]
    assert find(data["tasks"], "II.2.1.a")["agencies"] == [
        {"text": "Sở Giáo dục và Đào tạo", "role": "lead"},
        {"text": "Sở Tài chính", "role": "coordinating"},
        {"text": "Ủy ban nhân dân các xã, phường", "role": "coordinating"},
    ]
    assert find(data["tasks"], "III")["agencies"] == [{"text": "Sở Nội vụ", "role": "lead"}]
    refs = {r["number"]: (r["kind"], r["date"]) for r in data["references"]}
    assert refs == {
        "61/2018/NĐ-CP": ("Nghị định", "2018-04-23"),  # printed without its hyphen
        "222-KH/TU": ("Kế hoạch", "2023-11-27"),
        "63/SNV-XDCQ&TCBC": ("Văn bản", None),
    }


# ---------------------------------------------------------------------------- (c) a task table

PLAN_TABLE = """KẾ HOẠCH
SẮP XẾP ĐƠN VỊ SỰ NGHIỆP CÔNG LẬP NĂM 2025
I. NHIỆM VỤ CỤ THỂ
TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm
---|---|---|---|---|---
1 | Rà soát, sắp xếp các đơn vị sự nghiệp thuộc sở | Sở Nội vụ | Các sở, ban, ngành; UBND các xã, phường | Quý II năm 2025 | Báo cáo UBND tỉnh
2 | Xây dựng Đề án sắp xếp trường học | Sở Giáo dục và Đào tạo | Sở Nội vụ, Sở Tài chính | Trước ngày 15/12/2025 | Đề án trình UBND tỉnh
3 | Tuyên truyền, phổ biến Kế hoạch | Sở Văn hóa, Thể thao và Du lịch | Các cơ quan báo chí | Thường xuyên |
4 | Thẩm định phương án tự chủ | Sở Tài chính | Sở Nội vụ | Sau khi đơn vị trình phương án | Quyết định giao quyền tự chủ
II. TỔ CHỨC THỰC HIỆN
Các cơ quan, đơn vị báo cáo kết quả về Sở Nội vụ trước ngày 10/12/2025.
"""


def test_plan_with_a_task_table():
    data = to_data(parse_plan_text(PLAN_TABLE))
    assert data["document"]["kind"] == "Kế hoạch"
    assert data["document"]["title"] == "SẮP XẾP ĐƠN VỊ SỰ NGHIỆP CÔNG LẬP NĂM 2025"
    assert shape(data["tasks"]) == [
        ("I", NONE, [("I.1", DATE), ("I.2", DATE), ("I.3", REC), ("I.4", COND)]),
        ("II", DATE),
    ]
    row1, row2, row3, row4 = find(data["tasks"], "I")["children"]
    assert row1["text"] == "Rà soát, sắp xếp các đơn vị sự nghiệp thuộc sở"
    assert dues(row1) == [("date", "2025-06-30")]
    assert row1["agencies"] == [
        {"text": "Sở Nội vụ", "role": "lead"},
        {"text": "Các sở, ban, ngành", "role": "coordinating"},
        {"text": "UBND các xã, phường", "role": "coordinating"},
    ]
    assert row1["products"] == [{"name": "Báo cáo UBND tỉnh", "deadlines": row1["deadlines"]}]
    assert dues(row2) == [("date", "2025-12-14")]
    assert [a["text"] for a in row2["agencies"]] == [
        "Sở Giáo dục và Đào tạo",
        "Sở Nội vụ",
        "Sở Tài chính",
    ]
    assert row3["agencies"][0] == {"text": "Sở Văn hóa, Thể thao và Du lịch", "role": "lead"}
    assert row3["products"] == []
    assert row4["deadlines"][0]["condition"] == "Sau khi đơn vị trình phương án"
    assert row4["products"][0]["name"] == "Quyết định giao quyền tự chủ"
    assert dues(find(data["tasks"], "II")) == [("date", "2025-12-09")]


def test_tab_separated_table():
    text = "Nội dung\tCơ quan chủ trì\tThời hạn\nRà soát biên chế\tSở Nội vụ\tTháng 3/2025\n"
    data = to_data(parse_plan_text(text))
    # The header row alone makes no task; the row does (no TT: numbered in order).
    assert shape(data["tasks"]) == [("1", DATE)]
    assert data["tasks"][0]["agencies"] == [{"text": "Sở Nội vụ", "role": "lead"}]
    assert dues(data["tasks"][0]) == [("date", "2025-03-31")]


# ------------------------------------------------------------------- deadlines, one at a time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- Gửi báo cáo trước ngày 15/12/2024.", [("date", "2024-12-14")]),
        ("- Gửi báo cáo chậm nhất ngày 15/12/2024.", [("date", "2024-12-15")]),
        ("- Hoàn thành trước ngày 01 tháng 3 năm 2025.", [("date", "2025-02-28")]),
        ("- Hoàn thành trong quý I năm 2024.", [("date", "2024-03-31")]),
        ("- Hoàn thành trong quý IV/2024.", [("date", "2024-12-31")]),
        ("- Trình phê duyệt trước tháng 6 năm 2024.", [("date", "2024-05-31")]),
        ("- Hoàn thành trong 6 tháng đầu năm 2025.", [("date", "2025-06-30")]),
        ("- Tổng kết (năm 2025).", [("date", "2025-12-31")]),
        ("- Quy hoạch mạng lưới đến năm 2030, tầm nhìn đến năm 2045.", [("none", None)]),
        ("- Đề án giai đoạn 2023 - 2030 (giai đoạn 2021-2025).", [("none", None)]),
        ("- Thực hiện theo Kết luận số 40-KL/TW ngày 18/7/2022.", [("none", None)]),
        ("- Báo cáo định kỳ hằng quý.", [("recurring", None)]),
        ("- Báo cáo hàng năm.", [("recurring", None)]),
        ("- Triển khai sau khi có hướng dẫn của Bộ Nội vụ.", [("conditional", None)]),
        ("- Hoàn thành theo tiến độ của từng dự án.", [("per_project", None)]),
        ("- Tiết kiệm chi thường xuyên.", [("none", None)]),
    ],
)
def test_deadline_phrases(text, expected):
    (task,) = to_data(parse_plan_text(text))["tasks"]
    assert dues(task) == expected


# ------------------------------------------------------------------------- damaged text


def test_no_structure_gives_one_task_and_a_warning():
    text = "Đề nghị các cơ quan, đơn vị báo cáo kết quả thực hiện trước ngày 15/12/2024"
    data = to_data(parse_plan_text(text))
    assert shape(data["tasks"]) == [("1", DATE)]
    assert data["tasks"][0]["text"] == text
    assert any("Không nhận ra cấu trúc" in w for w in data["warnings"])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "[...]",
        "I.",
        "II\n1.\n-\n+\na)\nĐiều",
        "Số:\nngày tháng năm\nKẾ HOẠCH",
        "Số: 56/KH-\nHà Tĩnh, ngày 31 tháng 02 năm 2024\nKẾ HOẠCH",
        "1. Hoàn thành trước ngày 31/02/2024 (thực hiện thường xuyên",
        "1. Ban hành: Đề án A; Đề án B (hoàn thành các Đề án trong quý V năm 2024); Đề án C (sau khi",
        "TT | Nội dung | Cơ quan chủ trì\n1 | a\n| | | | |\n2 | b | c | d | e | f | g",
        "- Kết luận số 62- KL/ TW ngày 99/99/2023; Nghị định 61/2018/NĐCP ngày 32/13/2018",
        "1.1.1.1.1. sâu\n2.9. nhảy cóc\nz) chữ cuối\nXIV. mục La Mã lớn",
        "Th\u0323c hi\u0323n th\u01b0\u1eddng xuy\u00ean (nfd)\u00a0\u200b\r\n- d\u00f2ng",
        "Kế hoạch \x00 có ký tự lạ \ufffd\ufffd",
    ],
)
def test_damaged_text_never_raises(text):
    data = to_data(parse_plan_text(text))
    assert isinstance(data["tasks"], list)
    assert isinstance(data["warnings"], list)


def test_impossible_dates_are_warned_not_raised():
    data = to_data(parse_plan_text("1. Hoàn thành trước ngày 31/02/2024."))
    assert dues(data["tasks"][0]) == [("none", None)]
    assert any("31/02/2024" in w for w in data["warnings"])


def test_repeated_labels_get_distinct_refs():
    data = to_data(parse_plan_text("1. Một\n1. Một nữa\n- gạch"))
    refs = [t["ref"] for t in data["tasks"]]
    assert refs == ["1", "1_2"]
    assert data["tasks"][1]["children"][0]["ref"] == "1_2.1"


_ALPHABET = st.sampled_from(
    [
        *"IVX0123456789.-+()|:;/ \n\tabcđ",
        "Điều ",
        "ngày ",
        "tháng ",
        "năm ",
        "quý ",
        "trước ",
        "sau khi ",
        "Số: ",
        "Sở Nội vụ ",
        "chủ trì",
        "phối hợp với ",
        "thường xuyên",
        "KẾ HOẠCH\n",
        "Đề án ",
        "[...]",
        "Nơi nhận:",
        "TM. ",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_fuzzed_text_never_raises(text):
    to_data(parse_plan_text(text))


def test_dates_are_iso_in_output():
    data = to_data(parse_plan_text(DECISION))
    assert dt.date.fromisoformat(data["document"]["date"]) == dt.date(2025, 11, 24)

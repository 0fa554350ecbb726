"""The Hà Tĩnh demo: the province's bodies, ~1,200 generated public service units, their history.

Everything here is deterministic (one ``random.Random(SEED)``) and goes through the services: units
that existed when the record starts via ``organization_register_existing``, every later change via
``restructuring.services.event_record`` — the one door for events — in chronological order.

Administrative bodies carry their real names (``is_demo=False``); every public service unit is
generated (``is_demo=True``). Names of communes follow DOMAIN.md §9.3; older commune names are used
as place words for schools.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tinhgon.organizations.choices import Category, EventKind, Kind, LinkRole, Sector
from tinhgon.organizations.models import EventLink, OrganizationState
from tinhgon.organizations.services import (
    DecisionInput,
    EventInput,
    NewUnit,
    organization_register_existing,
)
from tinhgon.restructuring.services import event_record

SEED = 56_2024
RECORD_START = dt.date(2015, 1, 1)
PROVINCE = "UBND tỉnh Hà Tĩnh"
UBTVQH = "Ủy ban Thường vụ Quốc hội"
SUMMARY_DATES = (
    dt.date(2015, 12, 31),
    dt.date(2021, 12, 31),
    dt.date(2024, 12, 31),
    dt.date(2025, 6, 30),
    dt.date(2025, 7, 1),
)


def demo_loaded() -> bool:
    """The demo is loaded when the province's committee is in the register."""
    return OrganizationState.objects.filter(name=PROVINCE, kind=Kind.PROVINCIAL_COMMITTEE).exists()


# ---------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class District:
    key: str
    type: str  # "thành phố", "thị xã", "huyện"
    place: str
    old_communes: tuple[str, ...]  # place words for schools (communes before 2019/2025)
    new_communes: tuple[str, ...]  # NQ 1665/NQ-UBTVQH15 communes of this area (DOMAIN §9.3)

    @property
    def full(self) -> str:
        return f"{self.type} {self.place}"

    @property
    def committee(self) -> str:
        return f"UBND {self.full}"


def _t(s: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in s.split(",") if x.strip())


DISTRICTS: tuple[District, ...] = (
    District(
        "ha_tinh",
        "thành phố",
        "Hà Tĩnh",
        _t(
            "Bắc Hà, Nam Hà, Tân Giang, Trần Phú, Hà Huy Tập, Thạch Linh, Thạch Quý, Nguyễn Du, "
            "Văn Yên, Đại Nài, Thạch Trung, Thạch Hạ, Thạch Môn, Thạch Hưng, Thạch Đồng, Thạch Bình"
        ),
        _t("phường Thành Sen, phường Trần Phú, phường Hà Huy Tập"),
    ),
    District(
        "hong_linh",
        "thị xã",
        "Hồng Lĩnh",
        _t("Bắc Hồng, Nam Hồng, Trung Lương, Đức Thuận, Đậu Liêu, Thuận Lộc"),
        _t("phường Bắc Hồng Lĩnh, phường Nam Hồng Lĩnh"),
    ),
    District(
        "tx_ky_anh",
        "thị xã",
        "Kỳ Anh",
        _t(
            "Sông Trí, Hưng Trí, Kỳ Trinh, Kỳ Thịnh, Kỳ Long, Kỳ Liên, Kỳ Phương, Kỳ Nam, Kỳ Hà, "
            "Kỳ Lợi, Kỳ Hoa, Kỳ Hưng"
        ),
        _t("phường Vũng Áng, phường Sông Trí, phường Hoành Sơn, phường Hải Ninh"),
    ),
    District(
        "cam_xuyen",
        "huyện",
        "Cẩm Xuyên",
        _t(
            "Thị trấn Cẩm Xuyên, Thị trấn Thiên Cầm, Cẩm Bình, Cẩm Vịnh, Cẩm Thành, Cẩm Quang, "
            "Cẩm Thạch, Cẩm Nhượng, Cẩm Duệ, Cẩm Dương, Cẩm Hòa, Cẩm Hưng, Cẩm Lạc, Cẩm Lĩnh, "
            "Cẩm Lộc, Cẩm Minh, Cẩm Mỹ, Cẩm Phúc, Cẩm Quan, Cẩm Sơn, Cẩm Thăng, Cẩm Thịnh, "
            "Cẩm Trung, Cẩm Vĩnh, Cẩm Yên, Cẩm Hà, Cẩm Huy"
        ),
        _t(
            "xã Cẩm Bình, xã Cẩm Xuyên, xã Thiên Cầm, xã Cẩm Duệ, xã Cẩm Hưng, xã Cẩm Lạc, "
            "xã Cẩm Trung, xã Yên Hòa"
        ),
    ),
    District(
        "can_loc",
        "huyện",
        "Can Lộc",
        _t(
            "Thị trấn Nghèn, Thiên Lộc, Thuần Thiện, Vượng Lộc, Thanh Lộc, Song Lộc, Trường Lộc, "
            "Tiến Lộc, Phú Lộc, Gia Hanh, Khánh Lộc, Trung Lộc, Xuân Lộc, Thượng Lộc, Quang Lộc, "
            "Đồng Lộc, Mỹ Lộc, Sơn Lộc, Kim Lộc, Tùng Lộc, Yên Lộc, Thường Nga, Vĩnh Lộc"
        ),
        _t("xã Can Lộc, xã Tùng Lộc, xã Gia Hanh, xã Trường Lưu, xã Xuân Lộc, xã Đồng Lộc"),
    ),
    District(
        "duc_tho",
        "huyện",
        "Đức Thọ",
        _t(
            "Thị trấn Đức Thọ, Đức Yên, Đức Long, Đức Lâm, Đức Lạng, Đức Đồng, Đức Lạc, Đức Hòa, "
            "Đức Thanh, Đức Thủy, Đức Thịnh, Đức Tùng, Đức Châu, Đức Dũng, Đức An, Đức Nhân, "
            "Đức Quang, Đức Vĩnh, Đức La, Đức Lập, Đức Tân, Bùi Xá, Yên Hồ, Trường Sơn, Liên Minh, "
            "Tùng Ảnh, Tân Hương, Thái Yên"
        ),
        _t("xã Đức Thọ, xã Đức Đồng, xã Đức Quang, xã Đức Thịnh, xã Đức Minh"),
    ),
    District(
        "huong_khe",
        "huyện",
        "Hương Khê",
        _t(
            "Thị trấn Hương Khê, Điền Mỹ, Hà Linh, Hương Thủy, Hòa Hải, Phúc Đồng, Hương Giang, "
            "Lộc Yên, Hương Bình, Hương Long, Phú Gia, Gia Phố, Phú Phong, Hương Đô, Hương Vĩnh, "
            "Hương Xuân, Phúc Trạch, Hương Trà, Hương Trạch, Hương Lâm, Hương Liên, Hàm Yên"
        ),
        _t(
            "xã Hương Khê, xã Hương Phố, xã Hương Đô, xã Hà Linh, xã Hương Bình, xã Phúc Trạch, "
            "xã Hương Xuân"
        ),
    ),
    District(
        "huong_son",
        "huyện",
        "Hương Sơn",
        _t(
            "Thị trấn Phố Châu, Thị trấn Tây Sơn, Sơn Hồng, Sơn Tiến, Sơn Lâm, Sơn Lễ, Sơn Diệm, "
            "Sơn Giang, Sơn Lĩnh, An Hòa Thịnh, Sơn Tây, Sơn Ninh, Sơn Châu, Tân Mỹ Hà, "
            "Quang Diệm, Sơn Trung, Sơn Bằng, Sơn Bình, Sơn Kim 1, Sơn Kim 2, Sơn Trà, Sơn Long, "
            "Kim Hoa, Sơn Hàm, Sơn Phú, Sơn Trường, Sơn Thủy, Sơn Mai, Sơn Phúc, Hàm Trường"
        ),
        _t(
            "xã Hương Sơn, xã Sơn Tây, xã Tứ Mỹ, xã Sơn Giang, xã Sơn Tiến, xã Sơn Hồng, "
            "xã Kim Hoa, xã Sơn Kim 1, xã Sơn Kim 2"
        ),
    ),
    District(
        "ky_anh",
        "huyện",
        "Kỳ Anh",
        _t(
            "Kỳ Đồng, Kỳ Xuân, Kỳ Bắc, Kỳ Phú, Kỳ Phong, Kỳ Giang, Kỳ Tiến, Kỳ Khang, Kỳ Văn, "
            "Kỳ Thọ, Kỳ Tân, Kỳ Hải, Kỳ Thư, Kỳ Châu, Kỳ Sơn, Kỳ Lạc, Kỳ Lâm, Kỳ Hợp, Kỳ Thượng, "
            "Kỳ Tây, Kỳ Trung"
        ),
        _t("xã Kỳ Xuân, xã Kỳ Anh, xã Kỳ Hoa, xã Kỳ Văn, xã Kỳ Khang, xã Kỳ Lạc, xã Kỳ Thượng"),
    ),
    District(
        "loc_ha",
        "huyện",
        "Lộc Hà",
        _t(
            "Thạch Bằng, Thạch Châu, Thạch Kim, Thạch Mỹ, Hộ Độ, Hồng Lộc, Tân Lộc, Bình Lộc, "
            "Thịnh Lộc, An Lộc, Ích Hậu, Phù Lưu, Mai Phụ"
        ),
        (),
    ),
    District(
        "nghi_xuan",
        "huyện",
        "Nghi Xuân",
        _t(
            "Thị trấn Nghi Xuân, Thị trấn Xuân An, Xuân Giang, Xuân Hồng, Xuân Lĩnh, Xuân Lam, "
            "Xuân Viên, Xuân Mỹ, Xuân Thành, Cổ Đạm, Xuân Liên, Cương Gián, Xuân Hội, Xuân Trường, "
            "Xuân Đan, Xuân Phổ, Xuân Hải, Xuân Yên, Tiên Điền"
        ),
        _t("xã Tiên Điền, xã Nghi Xuân, xã Cổ Đạm, xã Đan Hải"),
    ),
    District(
        "thach_ha",
        "huyện",
        "Thạch Hà",
        _t(
            "Thị trấn Thạch Hà, Thạch Bàn, Thạch Đài, Thạch Hải, Thạch Hội, Thạch Khê, Thạch Lạc, "
            "Thạch Lâm, Thạch Liên, Thạch Long, Thạch Ngọc, Thạch Sơn, Thạch Tân, Thạch Thắng, "
            "Thạch Thanh, Thạch Tiến, Thạch Trị, Thạch Văn, Thạch Vĩnh, Thạch Xuân, Thạch Kênh, "
            "Thạch Điền, Thạch Đỉnh, Tượng Sơn, Phù Việt, Việt Xuyên, Bắc Sơn, Nam Hương, "
            "Ngọc Sơn, Thạch Lưu, Thạch Hương"
        ),
        _t(
            "xã Thạch Lạc, xã Đồng Tiến, xã Thạch Khê, xã Thạch Hà, xã Toàn Lưu, xã Việt Xuyên, "
            "xã Đông Kinh, xã Thạch Xuân, xã Lộc Hà, xã Hồng Lộc, xã Mai Phụ"
        ),
    ),
    District(
        "vu_quang",
        "huyện",
        "Vũ Quang",
        _t(
            "Thị trấn Vũ Quang, Ân Phú, Đức Giang, Đức Lĩnh, Đức Bồng, Đức Hương, Đức Liên, "
            "Hương Minh, Hương Điền, Hương Quang, Sơn Thọ, Hương Thọ"
        ),
        _t("xã Vũ Quang, xã Mai Hoa, xã Thượng Đức"),
    ),
)
DISTRICT_BY_KEY = {d.key: d for d in DISTRICTS}
# Lộc Hà's communes that went to TP Hà Tĩnh on 01/01/2025 (the rest went to Thạch Hà).
LOC_HA_TO_CITY = ("Thạch Châu", "Thạch Kim", "Thạch Mỹ", "Hộ Độ")
# Regions for the 2025-10 mergers of the units taken over by the province.
REGIONS = {
    "Bắc Hà Tĩnh": ("hong_linh", "nghi_xuan", "can_loc", "duc_tho"),
    "Tây Hà Tĩnh": ("huong_son", "vu_quang", "huong_khe"),
    "Nam Hà Tĩnh": ("ha_tinh", "thach_ha", "cam_xuyen", "ky_anh", "tx_ky_anh"),
}

DEPARTMENTS = (
    "Văn phòng UBND tỉnh",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài nguyên và Môi trường",
    "Sở Xây dựng",
    "Sở Giao thông vận tải",
    "Sở Khoa học và Công nghệ",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Công Thương",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Tư pháp",
    "Sở Ngoại vụ",
    "Thanh tra tỉnh",
)
S = Sector
C = Category
DEPARTMENT_SECTORS: dict[str, str] = {
    "Sở Giáo dục và Đào tạo": Sector.EDUCATION,
    "Sở Y tế": Sector.HEALTH,
}
K = Kind
# (name, kind, sector, category, autonomy group, unit class) under each body in 2015.
PROVINCIAL_UNITS: dict[str, list[tuple[str, str, str, str, int, str]]] = {
    PROVINCE: [
        (
            "Đài Phát thanh và Truyền hình Hà Tĩnh",
            K.OTHER_UNIT,
            S.CULTURE_SPORT_TOURISM,
            C.OTHER,
            3,
            "",
        ),
        ("Trường Đại học Hà Tĩnh", K.SCHOOL, S.EDUCATION, C.COLLEGE, 3, ""),
        ("Trường Cao đẳng Nguyễn Du", K.SCHOOL, S.EDUCATION, C.COLLEGE, 3, ""),
        (
            "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp tỉnh",
            K.MANAGEMENT_BOARD,
            S.CONSTRUCTION_TRANSPORT,
            C.PROJECT_BOARD,
            2,
            "",
        ),
        (
            "Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh",
            K.MANAGEMENT_BOARD,
            S.CONSTRUCTION_TRANSPORT,
            C.PROJECT_BOARD,
            2,
            "",
        ),
        (
            "Ban Quản lý dự án đầu tư xây dựng công trình nông nghiệp và phát triển nông thôn tỉnh",
            K.MANAGEMENT_BOARD,
            S.CONSTRUCTION_TRANSPORT,
            C.PROJECT_BOARD,
            2,
            "",
        ),
    ],
    "Văn phòng UBND tỉnh": [
        ("Trung tâm Công báo - Tin học", K.CENTER, S.SCIENCE_TECHNOLOGY, C.OTHER, 4, ""),
        ("Nhà khách Tỉnh ủy - UBND tỉnh", K.OTHER_UNIT, S.ECONOMIC_OTHER, C.OTHER, 2, ""),
    ],
    "Sở Nội vụ": [
        ("Trung tâm Lưu trữ lịch sử tỉnh", K.CENTER, S.ECONOMIC_OTHER, C.OTHER, 4, ""),
    ],
    "Sở Tài chính": [
        ("Trung tâm Tư vấn và Dịch vụ tài chính công", K.CENTER, S.ECONOMIC_OTHER, C.OTHER, 2, ""),
    ],
    "Sở Kế hoạch và Đầu tư": [
        ("Trung tâm Xúc tiến và Hỗ trợ đầu tư", K.CENTER, S.ECONOMIC_OTHER, C.OTHER, 3, ""),
        ("Trung tâm Hỗ trợ doanh nghiệp nhỏ và vừa", K.CENTER, S.ECONOMIC_OTHER, C.OTHER, 3, ""),
    ],
    "Sở Nông nghiệp và Phát triển nông thôn": [
        ("Trung tâm Khuyến nông", K.CENTER, S.AGRICULTURE_ENVIRONMENT, C.AGRICULTURE_CENTER, 3, ""),
        (
            "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn",
            K.CENTER,
            S.AGRICULTURE_ENVIRONMENT,
            C.OTHER,
            2,
            "",
        ),
        (
            "Trung tâm Giống cây trồng",
            K.CENTER,
            S.AGRICULTURE_ENVIRONMENT,
            C.AGRICULTURE_CENTER,
            2,
            "",
        ),
        (
            "Trung tâm Giống vật nuôi",
            K.CENTER,
            S.AGRICULTURE_ENVIRONMENT,
            C.AGRICULTURE_CENTER,
            2,
            "",
        ),
        (
            "Ban Quản lý rừng phòng hộ Hồng Lĩnh",
            K.MANAGEMENT_BOARD,
            S.AGRICULTURE_ENVIRONMENT,
            C.OTHER,
            4,
            "",
        ),
        (
            "Ban Quản lý rừng phòng hộ Nam Hà Tĩnh",
            K.MANAGEMENT_BOARD,
            S.AGRICULTURE_ENVIRONMENT,
            C.OTHER,
            4,
            "",
        ),
        (
            "Ban Quản lý rừng phòng hộ Hương Sơn",
            K.MANAGEMENT_BOARD,
            S.AGRICULTURE_ENVIRONMENT,
            C.OTHER,
            4,
            "",
        ),
        (
            "Ban Quản lý Khu bảo tồn thiên nhiên Kẻ Gỗ",
            K.MANAGEMENT_BOARD,
            S.AGRICULTURE_ENVIRONMENT,
            C.OTHER,
            4,
            "",
        ),
        ("Vườn Quốc gia Vũ Quang", K.OTHER_UNIT, S.AGRICULTURE_ENVIRONMENT, C.OTHER, 4, ""),
    ],
    "Sở Tài nguyên và Môi trường": [
        ("Văn phòng Đăng ký đất đai", K.OTHER_UNIT, S.AGRICULTURE_ENVIRONMENT, C.OTHER, 2, ""),
        ("Trung tâm Phát triển quỹ đất tỉnh", K.CENTER, S.AGRICULTURE_ENVIRONMENT, C.OTHER, 3, ""),
        (
            "Trung tâm Quan trắc tài nguyên và môi trường",
            K.CENTER,
            S.AGRICULTURE_ENVIRONMENT,
            C.OTHER,
            3,
            "",
        ),
        (
            "Trung tâm Công nghệ thông tin tài nguyên và môi trường",
            K.CENTER,
            S.AGRICULTURE_ENVIRONMENT,
            C.OTHER,
            3,
            "",
        ),
    ],
    "Sở Xây dựng": [
        (
            "Trung tâm Quy hoạch và Kiểm định xây dựng",
            K.CENTER,
            S.CONSTRUCTION_TRANSPORT,
            C.OTHER,
            2,
            "",
        ),
        (
            "Viện Quy hoạch - Kiến trúc xây dựng",
            K.INSTITUTE,
            S.CONSTRUCTION_TRANSPORT,
            C.OTHER,
            2,
            "",
        ),
    ],
    "Sở Giao thông vận tải": [
        (
            "Trung tâm Đăng kiểm phương tiện giao thông",
            K.CENTER,
            S.CONSTRUCTION_TRANSPORT,
            C.OTHER,
            1,
            "",
        ),
        ("Trung tâm Đào tạo sát hạch lái xe", K.CENTER, S.CONSTRUCTION_TRANSPORT, C.OTHER, 1, ""),
        (
            "Ban Quản lý bảo trì đường bộ",
            K.MANAGEMENT_BOARD,
            S.CONSTRUCTION_TRANSPORT,
            C.OTHER,
            3,
            "",
        ),
    ],
    "Sở Khoa học và Công nghệ": [
        (
            "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
            K.CENTER,
            S.SCIENCE_TECHNOLOGY,
            C.OTHER,
            3,
            "",
        ),
        (
            "Trung tâm Kỹ thuật Tiêu chuẩn đo lường chất lượng",
            K.CENTER,
            S.SCIENCE_TECHNOLOGY,
            C.OTHER,
            2,
            "",
        ),
    ],
    "Sở Thông tin và Truyền thông": [
        (
            "Trung tâm Công nghệ thông tin và Truyền thông",
            K.CENTER,
            S.SCIENCE_TECHNOLOGY,
            C.OTHER,
            3,
            "",
        ),
    ],
    "Sở Lao động - Thương binh và Xã hội": [
        ("Trung tâm Dịch vụ việc làm", K.CENTER, S.LABOUR_SOCIAL, C.OTHER, 3, ""),
        ("Trung tâm Điều dưỡng người có công", K.CENTER, S.LABOUR_SOCIAL, C.OTHER, 4, ""),
        ("Trung tâm Bảo trợ xã hội tổng hợp", K.CENTER, S.LABOUR_SOCIAL, C.OTHER, 4, ""),
        ("Cơ sở Cai nghiện ma túy tỉnh", K.OTHER_UNIT, S.LABOUR_SOCIAL, C.OTHER, 4, ""),
        ("Trường Cao đẳng Kỹ thuật Việt - Đức Hà Tĩnh", K.SCHOOL, S.VOCATIONAL, C.COLLEGE, 3, ""),
        ("Trường Cao đẳng nghề Công nghệ Hà Tĩnh", K.SCHOOL, S.VOCATIONAL, C.COLLEGE, 3, ""),
    ],
    "Sở Văn hóa, Thể thao và Du lịch": [
        (
            "Ban Quản lý di tích Nguyễn Du",
            K.MANAGEMENT_BOARD,
            S.CULTURE_SPORT_TOURISM,
            C.RELIC_BOARD,
            4,
            "",
        ),
        (
            "Ban Quản lý Khu di tích Ngã ba Đồng Lộc",
            K.MANAGEMENT_BOARD,
            S.CULTURE_SPORT_TOURISM,
            C.RELIC_BOARD,
            4,
            "",
        ),
        (
            "Ban Quản lý Khu lưu niệm Tổng Bí thư Trần Phú",
            K.MANAGEMENT_BOARD,
            S.CULTURE_SPORT_TOURISM,
            C.RELIC_BOARD,
            4,
            "",
        ),
        (
            "Ban Quản lý Khu di tích Đại danh y Lê Hữu Trác",
            K.MANAGEMENT_BOARD,
            S.CULTURE_SPORT_TOURISM,
            C.RELIC_BOARD,
            4,
            "",
        ),
        ("Bảo tàng tỉnh", K.OTHER_UNIT, S.CULTURE_SPORT_TOURISM, C.OTHER, 4, ""),
        ("Thư viện tỉnh", K.OTHER_UNIT, S.CULTURE_SPORT_TOURISM, C.OTHER, 4, ""),
        (
            "Trung tâm Văn hóa - Điện ảnh tỉnh",
            K.CENTER,
            S.CULTURE_SPORT_TOURISM,
            C.CULTURE_CENTER,
            3,
            "",
        ),
        (
            "Trung tâm Huấn luyện và Thi đấu thể dục thể thao",
            K.CENTER,
            S.CULTURE_SPORT_TOURISM,
            C.CULTURE_CENTER,
            4,
            "",
        ),
        (
            "Nhà hát Nghệ thuật truyền thống tỉnh",
            K.OTHER_UNIT,
            S.CULTURE_SPORT_TOURISM,
            C.OTHER,
            3,
            "",
        ),
    ],
    "Sở Công Thương": [
        (
            "Trung tâm Khuyến công và Xúc tiến thương mại",
            K.CENTER,
            S.ECONOMIC_OTHER,
            C.OTHER,
            3,
            "",
        ),
    ],
    "Sở Giáo dục và Đào tạo": [
        ("Trường Phổ thông Dân tộc nội trú tỉnh", K.SCHOOL, S.EDUCATION, C.UPPER_SECONDARY, 4, ""),
        (
            "Trung tâm Giáo dục thường xuyên tỉnh",
            K.CENTER,
            S.EDUCATION,
            C.CONTINUING_EDUCATION,
            4,
            "",
        ),
        (
            "Trung tâm Hỗ trợ phát triển giáo dục hòa nhập tỉnh",
            K.CENTER,
            S.EDUCATION,
            C.SPECIAL_SCHOOL,
            4,
            "",
        ),
    ],
    "Sở Y tế": [
        ("Bệnh viện Đa khoa tỉnh", K.HOSPITAL, S.HEALTH, C.GENERAL_HOSPITAL, 2, "I"),
        ("Bệnh viện Y dược cổ truyền tỉnh", K.HOSPITAL, S.HEALTH, C.SPECIALIST_HOSPITAL, 3, "II"),
        ("Bệnh viện Phục hồi chức năng tỉnh", K.HOSPITAL, S.HEALTH, C.SPECIALIST_HOSPITAL, 3, "II"),
        ("Bệnh viện Mắt tỉnh", K.HOSPITAL, S.HEALTH, C.SPECIALIST_HOSPITAL, 2, "II"),
        ("Bệnh viện Phổi tỉnh", K.HOSPITAL, S.HEALTH, C.SPECIALIST_HOSPITAL, 3, "II"),
        ("Bệnh viện Tâm thần tỉnh", K.HOSPITAL, S.HEALTH, C.SPECIALIST_HOSPITAL, 3, "III"),
        (
            "Bệnh viện Đa khoa khu vực Cửa khẩu Quốc tế Cầu Treo",
            K.HOSPITAL,
            S.HEALTH,
            C.GENERAL_HOSPITAL,
            3,
            "III",
        ),
        ("Trung tâm Y tế dự phòng tỉnh", K.CENTER, S.HEALTH, C.OTHER, 4, ""),
        ("Trung tâm Phòng, chống HIV/AIDS", K.CENTER, S.HEALTH, C.OTHER, 4, ""),
        ("Trung tâm Phòng chống sốt rét - Nội tiết", K.CENTER, S.HEALTH, C.OTHER, 4, ""),
        ("Trung tâm Truyền thông - Giáo dục sức khỏe", K.CENTER, S.HEALTH, C.OTHER, 4, ""),
        ("Trung tâm Chăm sóc sức khỏe sinh sản", K.CENTER, S.HEALTH, C.OTHER, 4, ""),
        ("Trung tâm Kiểm nghiệm Thuốc, Mỹ phẩm, Thực phẩm", K.CENTER, S.HEALTH, C.OTHER, 3, ""),
        ("Trung tâm Giám định y khoa", K.CENTER, S.HEALTH, C.OTHER, 3, ""),
        ("Trung tâm Pháp y", K.CENTER, S.HEALTH, C.OTHER, 4, ""),
        ("Trường Cao đẳng Y tế Hà Tĩnh", K.SCHOOL, S.HEALTH, C.COLLEGE, 3, ""),
    ],
    "Sở Tư pháp": [
        ("Phòng Công chứng số 1", K.OTHER_UNIT, S.JUSTICE, C.OTHER, 2, ""),
        ("Phòng Công chứng số 2", K.OTHER_UNIT, S.JUSTICE, C.OTHER, 2, ""),
        ("Trung tâm Trợ giúp pháp lý Nhà nước", K.CENTER, S.JUSTICE, C.OTHER, 4, ""),
        ("Trung tâm Dịch vụ đấu giá tài sản", K.CENTER, S.JUSTICE, C.OTHER, 1, ""),
    ],
    "Sở Ngoại vụ": [
        ("Trung tâm Thông tin và Dịch vụ đối ngoại", K.CENTER, S.ECONOMIC_OTHER, C.OTHER, 3, ""),
    ],
}
# Upper-secondary schools under Sở GD&ĐT (district key, name).
THPT: tuple[tuple[str, str], ...] = tuple(
    (k, f"Trường THPT {n}")
    for k, names in (
        ("ha_tinh", "Chuyên Hà Tĩnh, Phan Đình Phùng, Thành Sen, Lý Tự Trọng, Nguyễn Trung Thiên"),
        ("hong_linh", "Hồng Lĩnh, Hồng Lam"),
        ("tx_ky_anh", "Kỳ Anh, Kỳ Lâm, Nguyễn Thị Bích Châu, Nguyễn Huệ"),
        ("cam_xuyen", "Cẩm Xuyên, Cẩm Bình, Hà Huy Tập, Nguyễn Đình Liễn, Phan Đình Giót"),
        ("can_loc", "Can Lộc, Nghèn, Đồng Lộc, Hồng Lam Can Lộc"),
        ("duc_tho", "Đức Thọ, Trần Phú, Minh Khai, Nguyễn Biểu"),
        ("huong_khe", "Hương Khê, Phúc Trạch, Hàm Nghi, Gia Phố"),
        ("huong_son", "Hương Sơn, Lê Hữu Trác, Cao Thắng, Lý Chính Thắng, Sơn Kim"),
        ("ky_anh", "Kỳ Phong, Lê Quảng Chí, Kỳ Sơn"),
        ("loc_ha", "Lộc Hà, Mai Thúc Loan, Nguyễn Văn Trỗi"),
        ("nghi_xuan", "Nghi Xuân, Nguyễn Du, Nguyễn Công Trứ, Xuân Trường"),
        (
            "thach_ha",
            "Lê Quý Đôn, Nguyễn Trung Thiên Thạch Hà, Mai Kính, Thạch Khê, Lý Tự Trọng Thạch Hà",
        ),
        ("vu_quang", "Vũ Quang, Cù Huy Cận"),
        ("ha_tinh", "Bán công Hà Tĩnh, Dân lập Hà Tĩnh"),
        ("huong_son", "Phố Châu"),
        ("cam_xuyen", "Cẩm Nhượng"),
        ("thach_ha", "Thạch Bàn"),
        ("can_loc", "Xuân Lộc"),
        ("duc_tho", "Đức Lạng"),
    )
    for n in _t(names)
)

FAMILY = _t("Nguyễn, Trần, Lê, Phan, Võ, Đặng, Hoàng, Bùi, Đỗ, Hồ, Ngô, Dương, Đinh, Thái")
MIDDLE = _t("Văn, Thị, Đình, Hữu, Quốc, Ngọc, Minh, Xuân, Trọng, Thanh, Đức, Hồng")
GIVEN = _t("An, Bình, Cường, Dũng, Hải, Hà, Hùng, Lâm, Long, Nam, Phương, Quang, Sơn, Thắng, Tuấn")


def provincial_signer(day: dt.date) -> str:
    if day < dt.date(2016, 7, 1):
        return "Lê Đình Sơn"
    if day < dt.date(2020, 7, 1):
        return "Đặng Quốc Khánh"
    return "Võ Trọng Hải"


# ---------------------------------------------------------------------------------------------
# The builder


def tagged(tag: str) -> Callable[[Unit], bool]:
    return lambda u: tag in u.tags


@dataclass
class Unit:
    id: int
    name: str
    parent: int | None
    kind: str
    sector: str
    category: str
    autonomy: int | None
    last: dt.date  # start of its latest state: later events must come strictly after it
    district: str | None = None
    commune: str | None = None  # old commune (place word) of a school
    new_commune: str | None = None
    tags: set[str] = field(default_factory=set)


class Builder:
    def __init__(self, user: Any, log: Callable[[str], None] | None = None) -> None:
        self.user = user
        self.rng = random.Random(SEED)
        self.log = log or (lambda _m: None)
        self.units: dict[int, Unit] = {}  # alive units (as of the latest applied date)
        self.named: dict[str, int] = {}  # administrative bodies by name
        self.numbers: dict[tuple[str, int], int] = {}
        self.signers: dict[str, str] = {}
        self.event_count = 0

    # -- helpers ---------------------------------------------------------------------------

    def body(self, name: str) -> int:
        return self.named[name]

    def signer(self, issuer: str, day: dt.date) -> str:
        if issuer == PROVINCE:
            return provincial_signer(day)
        if issuer not in self.signers:
            r = self.rng
            self.signers[issuer] = f"{r.choice(FAMILY)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"
        return self.signers[issuer]

    def decision(
        self, issuer: str, day: dt.date, title: str = "", *, lead: int | None = None
    ) -> DecisionInput:
        """A new decision of ``issuer`` dated ``lead`` days (random if not given) before ``day``."""
        lead = self.rng.randint(3, 25) if lead is None else lead
        date = day - dt.timedelta(days=lead)
        key = (issuer, date.year)
        if key not in self.numbers:
            self.numbers[key] = self.rng.randint(40, 300)
        self.numbers[key] += self.rng.randint(1, 35)
        number = f"{self.numbers[key]}/QĐ-UBND"
        return DecisionInput(number, date, issuer, self.signer(issuer, date), title)

    def children(self, parent: int, pred: Callable[[Unit], bool] | None = None) -> list[Unit]:
        return sorted(
            (u for u in self.units.values() if u.parent == parent and (pred is None or pred(u))),
            key=lambda u: u.id,
        )

    def unique_name(self, parent: int | None, name: str) -> str:
        taken = {u.name for u in self.units.values() if u.parent == parent}
        if name not in taken:
            return name
        for i in range(2, 50):
            candidate = f"{name} ({i})"
            if candidate not in taken:
                return candidate
        raise AssertionError(name)

    def register(
        self,
        name: str,
        kind: str,
        sector: str,
        parent: int | None,
        category: str = "",
        autonomy: int | None = None,
        unit_class: str = "",
        *,
        is_demo: bool = True,
        **meta: Any,
    ) -> Unit:
        org = organization_register_existing(
            acting_user=self.user,
            unit=NewUnit(
                name=name,
                kind=kind,
                sector=sector,
                managing_body=parent,
                category=category,
                autonomy_group=autonomy,
                unit_class=unit_class,
                is_demo=is_demo,
            ),
            valid_from=RECORD_START,
            reason="Đơn vị đã có khi bắt đầu ghi sổ (dữ liệu mẫu)",
        )
        unit = Unit(org.pk, name, parent, kind, sector, category, autonomy, RECORD_START, **meta)
        self.units[org.pk] = unit
        if kind in (
            K.PROVINCIAL_COMMITTEE,
            K.DEPARTMENT,
            K.DISTRICT_COMMITTEE,
            K.COMMUNE_COMMITTEE,
        ):
            self.named[name] = org.pk
        return unit

    def new(
        self,
        name: str,
        kind: str,
        sector: str,
        parent: int | None,
        category: str = "",
        autonomy: int | None = None,
        unit_class: str = "",
        *,
        is_demo: bool = True,
        **meta: Any,
    ) -> tuple[NewUnit, dict[str, Any]]:
        return (
            NewUnit(
                name=name,
                kind=kind,
                sector=sector,
                managing_body=parent,
                category=category,
                autonomy_group=autonomy,
                unit_class=unit_class,
                is_demo=is_demo,
            ),
            meta,
        )

    def ok(self, day: dt.date, *units: Unit) -> bool:
        return all(u.id in self.units and u.last < day for u in units)

    def event(
        self,
        kind: str,
        day: dt.date,
        decision: DecisionInput,
        preds: list[Unit] = (),  # type: ignore[assignment]
        new: list[tuple[NewUnit, dict[str, Any]]] = (),  # type: ignore[assignment]
        receiver: Unit | None = None,
        changes: dict[str, Any] | None = None,
        note: str = "",
    ) -> list[Unit]:
        """Record one event through the one door and mirror it in memory; the new units back."""
        assert self.ok(day, *preds, *([receiver] if receiver else [])), (kind, day, preds)
        successors: list[int | NewUnit] = [n for n, _m in new]
        if receiver is not None:
            successors = [receiver.id]
        event = event_record(
            acting_user=self.user,
            data=EventInput(
                kind=kind,
                effective_date=day,
                decision=decision,
                predecessors=[u.id for u in preds],
                successors=successors,
                changes=changes or {},
                note=note,
            ),
        )
        self.event_count += 1
        if kind in (
            EventKind.MERGE,
            EventKind.ABSORB,
            EventKind.SPLIT,
            EventKind.CONVERT_JSC,
            EventKind.DISSOLVE,
        ):
            for u in preds:
                del self.units[u.id]
        for u in preds:
            if kind == EventKind.TRANSFER:
                u.parent = int(changes["managing_body"])  # type: ignore[index]
                u.last = day
            elif kind == EventKind.RENAME:
                u.name = changes["name"]  # type: ignore[index]
                u.last = day
            elif kind == EventKind.CHANGE_AUTONOMY_GROUP:
                u.autonomy = changes["autonomy_group"]  # type: ignore[index]
                u.last = day
        created: list[Unit] = []
        if new:
            ids = list(
                EventLink.objects.filter(event=event, role=LinkRole.SUCCESSOR)
                .order_by("id")
                .values_list("organization_id", flat=True)
            )
            assert len(ids) == len(new)
            for oid, (n, meta) in zip(ids, new, strict=True):
                unit = Unit(
                    oid,
                    n.name,
                    n.managing_body,
                    n.kind,
                    n.sector,
                    n.category,
                    n.autonomy_group,
                    day,
                    **meta,
                )
                self.units[oid] = unit
                if n.kind in (K.DEPARTMENT, K.COMMUNE_COMMITTEE):
                    self.named[n.name] = oid
                created.append(unit)
        if kind in (EventKind.MERGE, EventKind.ABSORB):
            # The registry carries the live units of ended bodies to the successor.
            heir = receiver.id if receiver is not None else created[0].id
            ended = {u.id for u in preds}
            for u in self.units.values():
                if u.parent in ended:
                    u.parent = heir
                    u.last = day
        return created

    # -- 2015: what exists when the record starts ------------------------------------------

    def build_start(self) -> None:
        rng = self.rng
        province = self.register(
            PROVINCE, K.PROVINCIAL_COMMITTEE, S.STATE_MANAGEMENT, None, is_demo=False
        )
        for name in DEPARTMENTS:
            # A department's own sector is the field it manages (KH 130 exempts education and health).
            sector = DEPARTMENT_SECTORS.get(name, S.STATE_MANAGEMENT)
            self.register(name, K.DEPARTMENT, sector, province.id, is_demo=False)
        for dist in DISTRICTS:
            self.register(
                dist.committee, K.DISTRICT_COMMITTEE, S.STATE_MANAGEMENT, province.id, is_demo=False
            )
        for body, units in PROVINCIAL_UNITS.items():
            for name, kind, sector, category, group, unit_class in units:
                self.register(name, kind, sector, self.body(body), category, group, unit_class)
        sgd = self.body("Sở Giáo dục và Đào tạo")
        for key, name in THPT:
            group = 3 if "Chuyên" in name or "Dân lập" in name else 4
            self.register(name, K.SCHOOL, S.EDUCATION, sgd, C.UPPER_SECONDARY, group, district=key)
        for dist in DISTRICTS:
            self.build_district(dist, rng)

    def build_district(self, dist: District, rng: random.Random) -> None:
        parent = self.body(dist.committee)
        full = dist.full

        def reg(name: str, kind: str, sector: str, category: str, group: int, tag: str) -> None:
            self.register(
                name, kind, sector, parent, category, group, district=dist.key, tags={tag}
            )

        reg(f"Trung tâm Y tế {full}", K.HEALTH_CENTER, S.HEALTH, C.DISTRICT_HEALTH, 3, "ttyt")
        reg(f"Bệnh viện Đa khoa {full}", K.HOSPITAL, S.HEALTH, C.GENERAL_HOSPITAL, 3, "bvdk")
        reg(
            f"Trung tâm Văn hóa - Thể thao {full}",
            K.CENTER,
            S.CULTURE_SPORT_TOURISM,
            C.CULTURE_CENTER,
            4,
            "vhtt",
        )
        reg(
            f"Đài Truyền thanh - Truyền hình {full}",
            K.OTHER_UNIT,
            S.CULTURE_SPORT_TOURISM,
            C.OTHER,
            4,
            "dtth",
        )
        reg(
            f"Trung tâm Giáo dục thường xuyên {full}",
            K.CENTER,
            S.EDUCATION,
            C.CONTINUING_EDUCATION,
            4,
            "gdtx",
        )
        reg(f"Trung tâm Dạy nghề {full}", K.CENTER, S.VOCATIONAL, C.CONTINUING_EDUCATION, 4, "dn")
        reg(
            f"Trung tâm Ứng dụng khoa học kỹ thuật và Bảo vệ cây trồng, vật nuôi {full}",
            K.CENTER,
            S.AGRICULTURE_ENVIRONMENT,
            C.AGRICULTURE_CENTER,
            4,
            "nn",
        )
        reg(
            f"Ban Quản lý dự án đầu tư xây dựng {full}",
            K.MANAGEMENT_BOARD,
            S.CONSTRUCTION_TRANSPORT,
            C.PROJECT_BOARD,
            3,
            "bqlda",
        )
        reg(
            f"Trung tâm Phát triển quỹ đất {full}",
            K.CENTER,
            S.AGRICULTURE_ENVIRONMENT,
            C.OTHER,
            3,
            "ptqd",
        )
        for commune in dist.old_communes:
            place = commune.removeprefix("Thị trấn ")
            big = commune.startswith("Thị trấn") or dist.type != "huyện"
            meta: dict[str, Any] = {"district": dist.key, "commune": commune}
            n_mn = 2 if rng.random() < (0.5 if big else 0.12) else 1
            for i in range(n_mn):
                suffix = f" số {i + 1}" if n_mn > 1 else ""
                self.register(
                    f"Trường Mầm non {place}{suffix}",
                    K.SCHOOL,
                    S.EDUCATION,
                    parent,
                    C.PRESCHOOL,
                    4,
                    **meta,
                    tags={"mn"},
                )
            if rng.random() < 0.12:
                self.register(
                    f"Trường TH và THCS {place}",
                    K.SCHOOL,
                    S.EDUCATION,
                    parent,
                    C.MULTI_LEVEL_SCHOOL,
                    4,
                    **meta,
                    tags={"ths"},
                )
                continue
            n_th = 2 if rng.random() < (0.6 if big else 0.38) else 1
            for i in range(n_th):
                suffix = f" số {i + 1}" if n_th > 1 else ""
                self.register(
                    f"Trường Tiểu học {place}{suffix}",
                    K.SCHOOL,
                    S.EDUCATION,
                    parent,
                    C.PRIMARY,
                    4,
                    **meta,
                    tags={"th"},
                )
            self.register(
                f"Trường THCS {place}",
                K.SCHOOL,
                S.EDUCATION,
                parent,
                C.LOWER_SECONDARY,
                4,
                **meta,
                tags={"thcs"},
            )

    # -- 2016–2024 -------------------------------------------------------------------------

    def district_units(self, dist: District, tag: str) -> list[Unit]:
        return self.children(self.body(dist.committee), lambda u: tag in u.tags)

    def schools_of(self, parent: int, tag: str) -> dict[str, list[Unit]]:
        out: dict[str, list[Unit]] = defaultdict(list)
        for u in self.children(parent, lambda u: tag in u.tags):
            out[u.commune or ""].append(u)
        return out

    def consolidate_schools(self, year: int, count: int) -> None:
        """``count`` school merges/absorptions of a year, spread over the districts."""
        rng = self.rng
        days = sorted(
            dt.date(year, rng.choice((6, 7, 8)), rng.randint(1, 28)) for _ in range(count)
        )
        alive_districts = [d for d in DISTRICTS if d.committee in self.named]
        for day in days:
            for _attempt in range(10):
                dist = rng.choice(alive_districts)
                if self.consolidate_one(dist, day):
                    break

    def consolidate_one(self, dist: District, day: dt.date) -> bool:
        rng = self.rng
        parent = self.body(dist.committee)
        issuer = dist.committee
        choice = rng.choices(
            ("merge_th_thcs", "absorb_so2", "absorb_mn", "absorb_th"), (4, 2, 3, 2)
        )[0]
        if choice == "merge_th_thcs":
            th = self.schools_of(parent, "th")
            thcs = self.schools_of(parent, "thcs")
            options = [
                c
                for c in th
                if len(th[c]) == 1
                and len(thcs.get(c, [])) == 1
                and self.ok(day, th[c][0], thcs[c][0])
            ]
            if not options:
                return False
            c = rng.choice(sorted(options))
            place = c.removeprefix("Thị trấn ")
            a, b = th[c][0], thcs[c][0]
            name = self.unique_name(parent, f"Trường TH và THCS {place}")
            dec = self.decision(issuer, day, f"Về việc hợp nhất {a.name} và {b.name}")
            self.event(
                EventKind.MERGE,
                day,
                dec,
                [a, b],
                new=[
                    self.new(
                        name,
                        K.SCHOOL,
                        S.EDUCATION,
                        parent,
                        C.MULTI_LEVEL_SCHOOL,
                        4,
                        district=dist.key,
                        commune=c,
                        tags={"ths"},
                    )
                ],
            )
            return True
        if choice == "absorb_so2":
            groups = {**self.schools_of(parent, "th")}
            for c, us in self.schools_of(parent, "mn").items():
                groups[f"mn:{c}"] = us
            options = [k for k, us in groups.items() if len(us) == 2 and self.ok(day, *us)]
            if not options:
                return False
            k = rng.choice(sorted(options))
            first, second = sorted(groups[k], key=lambda u: u.name)
            if not (first.name.endswith(" số 1") and second.name.endswith(" số 2")):
                return False
            new_name = first.name.removesuffix(" số 1")
            if new_name in {u.name for u in self.children(parent)}:
                return False
            dec = self.decision(issuer, day, f"Về việc sáp nhập {second.name} vào {first.name}")
            self.event(EventKind.ABSORB, day, dec, [second], receiver=first)
            self.event(EventKind.RENAME, day, dec, [first], changes={"name": new_name})
            return True
        tag = "mn" if choice == "absorb_mn" else "th"
        groups = self.schools_of(parent, tag)
        singles = [c for c, us in groups.items() if len(us) == 1 and self.ok(day, us[0])]
        if len(singles) < 2:
            return False
        order = [c for c in dist.old_communes if c in singles]
        i = rng.randrange(len(order) - 1)
        keep, gone = groups[order[i]][0], groups[order[i + 1]][0]
        dec = self.decision(issuer, day, f"Về việc sáp nhập {gone.name} vào {keep.name}")
        self.event(EventKind.ABSORB, day, dec, [gone], receiver=keep)
        return True

    def district_round(
        self, day: dt.date, title: str, action: Callable[[District, int, DecisionInput], None]
    ) -> None:
        for dist in DISTRICTS:
            if dist.committee not in self.named:
                continue
            dec = self.decision(dist.committee, day, title)
            action(dist, self.body(dist.committee), dec)

    def history_2016_2024(self) -> None:
        rng = self.rng
        by = self.find

        self.consolidate_schools(2016, 12)

        # 2017: district general hospitals into the district health centres; GDNN-GDTX centres.
        day = dt.date(2017, 1, 1)

        def health(dist: District, parent: int, dec: DecisionInput) -> None:
            (bv,) = self.district_units(dist, "bvdk")
            (tt,) = self.district_units(dist, "ttyt")
            self.event(EventKind.ABSORB, day, dec, [bv], receiver=tt)

        self.district_round(day, "Về việc sáp nhập Bệnh viện đa khoa vào Trung tâm Y tế", health)
        day = dt.date(2017, 4, 1)

        def gdnn(dist: District, parent: int, dec: DecisionInput) -> None:
            (a,) = self.district_units(dist, "gdtx")
            (b,) = self.district_units(dist, "dn")
            self.event(
                EventKind.MERGE,
                day,
                dec,
                [a, b],
                new=[
                    self.new(
                        f"Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên {dist.full}",
                        K.CENTER,
                        S.VOCATIONAL,
                        parent,
                        C.CONTINUING_EDUCATION,
                        4,
                        district=dist.key,
                        tags={"gdnn"},
                    )
                ],
            )

        self.district_round(day, "Về việc thành lập Trung tâm GDNN-GDTX", gdnn)
        self.consolidate_schools(2017, 25)

        # 2018: CDC, convert to a company, agricultural centres renamed, social centre merger.
        day = dt.date(2018, 1, 1)
        dec = self.decision(PROVINCE, day, "Về việc thành lập Trung tâm Kiểm soát bệnh tật tỉnh")
        syt = self.body("Sở Y tế")
        self.event(
            EventKind.MERGE,
            day,
            dec,
            [
                by("Trung tâm Y tế dự phòng tỉnh"),
                by("Trung tâm Phòng, chống HIV/AIDS"),
                by("Trung tâm Phòng chống sốt rét - Nội tiết"),
                by("Trung tâm Truyền thông - Giáo dục sức khỏe"),
                by("Trung tâm Chăm sóc sức khỏe sinh sản"),
            ],
            new=[
                self.new(
                    "Trung tâm Kiểm soát bệnh tật tỉnh", K.CENTER, S.HEALTH, syt, C.CDC, 3, "I"
                )
            ],
        )
        for name, group in (("Bệnh viện Mắt tỉnh", 1), ("Bệnh viện Y dược cổ truyền tỉnh", 2)):
            self.event(
                EventKind.CHANGE_AUTONOMY_GROUP,
                day,
                self.decision(PROVINCE, day),
                [by(name)],
                changes={"autonomy_group": group},
            )
        day = dt.date(2018, 3, 1)
        dec = self.decision(PROVINCE, day, "Về việc hợp nhất Trung tâm Giống cây trồng, vật nuôi")
        self.event(
            EventKind.MERGE,
            day,
            dec,
            [by("Trung tâm Giống cây trồng"), by("Trung tâm Giống vật nuôi")],
            new=[
                self.new(
                    "Trung tâm Giống cây trồng, vật nuôi",
                    K.CENTER,
                    S.AGRICULTURE_ENVIRONMENT,
                    self.body("Sở Nông nghiệp và Phát triển nông thôn"),
                    C.AGRICULTURE_CENTER,
                    2,
                )
            ],
        )
        dec = self.decision(PROVINCE, day, "Về việc hợp nhất Trung tâm Xúc tiến đầu tư")
        self.event(
            EventKind.MERGE,
            day,
            dec,
            [
                by("Trung tâm Xúc tiến và Hỗ trợ đầu tư"),
                by("Trung tâm Hỗ trợ doanh nghiệp nhỏ và vừa"),
            ],
            new=[
                self.new(
                    "Trung tâm Xúc tiến đầu tư và Hỗ trợ doanh nghiệp",
                    K.CENTER,
                    S.ECONOMIC_OTHER,
                    self.body("Sở Kế hoạch và Đầu tư"),
                    C.OTHER,
                    3,
                )
            ],
        )
        dec = self.decision(PROVINCE, day, "Về việc hợp nhất các trung tâm thuộc Sở LĐTB&XH")
        self.event(
            EventKind.MERGE,
            day,
            dec,
            [by("Trung tâm Điều dưỡng người có công"), by("Trung tâm Bảo trợ xã hội tổng hợp")],
            new=[
                self.new(
                    "Trung tâm Điều dưỡng người có công và Bảo trợ xã hội",
                    K.CENTER,
                    S.LABOUR_SOCIAL,
                    self.body("Sở Lao động - Thương binh và Xã hội"),
                    C.OTHER,
                    4,
                )
            ],
        )
        day = dt.date(2018, 7, 1)
        dec = self.decision(PROVINCE, day, "Về việc chuyển đơn vị sự nghiệp thành công ty cổ phần")
        self.event(
            EventKind.CONVERT_JSC, day, dec, [by("Trung tâm Quy hoạch và Kiểm định xây dựng")]
        )
        day = dt.date(2018, 9, 1)

        def agri(dist: District, parent: int, dec: DecisionInput) -> None:
            (u,) = self.district_units(dist, "nn")
            self.event(
                EventKind.RENAME,
                day,
                dec,
                [u],
                changes={"name": f"Trung tâm Dịch vụ nông nghiệp {dist.full}"},
            )

        self.district_round(day, "Về việc đổi tên Trung tâm Dịch vụ nông nghiệp", agri)
        split_day = dt.date(2018, 8, 15)
        self.split_multilevel(split_day, 3)
        self.consolidate_schools(2018, 30)

        # 2019: culture and media centres, public administration centre, separations, dissolution.
        day = dt.date(2019, 1, 1)

        def culture(dist: District, parent: int, dec: DecisionInput) -> None:
            (a,) = self.district_units(dist, "vhtt")
            (b,) = self.district_units(dist, "dtth")
            self.event(
                EventKind.MERGE,
                day,
                dec,
                [a, b],
                new=[
                    self.new(
                        f"Trung tâm Văn hóa - Truyền thông {dist.full}",
                        K.CENTER,
                        S.CULTURE_SPORT_TOURISM,
                        parent,
                        C.CULTURE_CENTER,
                        4,
                        district=dist.key,
                        tags={"vhtt"},
                    )
                ],
            )

        self.district_round(day, "Về việc thành lập Trung tâm Văn hóa - Truyền thông", culture)
        day = dt.date(2019, 4, 1)
        dec = self.decision(
            PROVINCE, day, "Về việc thành lập Trung tâm Phục vụ hành chính công tỉnh"
        )
        self.event(
            EventKind.ESTABLISH,
            day,
            dec,
            new=[
                self.new(
                    "Trung tâm Phục vụ hành chính công tỉnh",
                    K.CENTER,
                    S.ECONOMIC_OTHER,
                    self.body("Văn phòng UBND tỉnh"),
                    C.OTHER,
                    4,
                )
            ],
        )
        dec = self.decision(PROVINCE, day, "Về việc tách Trung tâm Xúc tiến Du lịch")
        self.event(
            EventKind.SEPARATE,
            day,
            dec,
            [by("Trung tâm Văn hóa - Điện ảnh tỉnh")],
            new=[
                self.new(
                    "Trung tâm Xúc tiến Du lịch",
                    K.CENTER,
                    S.CULTURE_SPORT_TOURISM,
                    self.body("Sở Văn hóa, Thể thao và Du lịch"),
                    C.OTHER,
                    3,
                )
            ],
        )
        day = dt.date(2019, 10, 1)
        dec = self.decision(
            PROVINCE, day, "Về việc giải thể Trung tâm Tư vấn và Dịch vụ tài chính công"
        )
        self.event(EventKind.DISSOLVE, day, dec, [by("Trung tâm Tư vấn và Dịch vụ tài chính công")])
        self.consolidate_schools(2019, 30)

        # 2020: commune mergers (NQ 819/NQ-UBTVQH14) bring many preschool absorptions.
        day = dt.date(2020, 1, 15)
        dec = self.decision(PROVINCE, day, "Về việc sáp nhập Trung tâm Công báo - Tin học")
        self.event(
            EventKind.ABSORB,
            day,
            dec,
            [by("Trung tâm Công báo - Tin học")],
            receiver=by("Trung tâm Phục vụ hành chính công tỉnh"),
        )
        day = dt.date(2020, 7, 1)
        dec = self.decision(PROVINCE, day, "Về việc giải thể Trung tâm Giáo dục thường xuyên tỉnh")
        self.event(EventKind.DISSOLVE, day, dec, [by("Trung tâm Giáo dục thường xuyên tỉnh")])
        self.consolidate_schools(2020, 40)

        # 2021
        day = dt.date(2021, 3, 1)
        dec = self.decision(
            PROVINCE, day, "Về việc tách Trung tâm Giám sát điều hành đô thị thông minh"
        )
        self.event(
            EventKind.SEPARATE,
            day,
            dec,
            [by("Trung tâm Công nghệ thông tin và Truyền thông")],
            new=[
                self.new(
                    "Trung tâm Giám sát điều hành đô thị thông minh",
                    K.CENTER,
                    S.SCIENCE_TECHNOLOGY,
                    self.body("Sở Thông tin và Truyền thông"),
                    C.OTHER,
                    3,
                )
            ],
        )
        self.dissolve_small_schools(dt.date(2021, 8, 1), 2)
        self.consolidate_schools(2021, 20)

        # 2022: first classification under Decree 60/2021.
        day = dt.date(2022, 1, 1)
        candidates = [
            u
            for u in self.units.values()
            if u.kind in (K.HOSPITAL, K.HEALTH_CENTER, K.CENTER, K.OTHER_UNIT, K.MANAGEMENT_BOARD)
            and u.autonomy in (3, 4)
            and u.category not in (C.CDC,)
            and self.ok(day, u)
        ]
        candidates.sort(key=lambda u: u.id)
        for u in rng.sample(candidates, 30):
            dec = self.decision(PROVINCE, day, "Về việc giao quyền tự chủ tài chính", lead=20)
            self.event(
                EventKind.CHANGE_AUTONOMY_GROUP,
                day,
                dec,
                [u],
                changes={"autonomy_group": u.autonomy - 1},  # type: ignore[operator]
            )
        self.consolidate_schools(2022, 18)
        self.consolidate_schools(2023, 15)
        self.dissolve_small_schools(dt.date(2023, 8, 1), 2)
        day = dt.date(2023, 10, 1)
        dec = self.decision(PROVINCE, day, "Về việc chuyển giao Trường Cao đẳng Nguyễn Du")
        self.event(
            EventKind.TRANSFER,
            day,
            dec,
            [by("Trường Cao đẳng Nguyễn Du")],
            changes={"managing_body": self.body("Sở Giáo dục và Đào tạo")},
        )
        self.consolidate_schools(2024, 12)

    def find(self, name: str) -> Unit:
        (unit,) = [u for u in self.units.values() if u.name == name]
        return unit

    def split_multilevel(self, day: dt.date, count: int) -> None:
        done = 0
        for dist in DISTRICTS:
            parent = self.body(dist.committee)
            for u in self.district_units(dist, "ths"):
                if done >= count or not self.ok(day, u) or u.commune is None:
                    continue
                place = u.commune.removeprefix("Thị trấn ")
                names = {x.name for x in self.children(parent)}
                th, thcs = f"Trường Tiểu học {place}", f"Trường THCS {place}"
                if th in names or thcs in names:
                    continue
                meta: dict[str, Any] = {"district": dist.key, "commune": u.commune}
                dec = self.decision(dist.committee, day, f"Về việc chia {u.name}")
                self.event(
                    EventKind.SPLIT,
                    day,
                    dec,
                    [u],
                    new=[
                        self.new(
                            th, K.SCHOOL, S.EDUCATION, parent, C.PRIMARY, 4, **meta, tags={"th"}
                        ),
                        self.new(
                            thcs,
                            K.SCHOOL,
                            S.EDUCATION,
                            parent,
                            C.LOWER_SECONDARY,
                            4,
                            **meta,
                            tags={"thcs"},
                        ),
                    ],
                )
                done += 1
                break

    def dissolve_small_schools(self, day: dt.date, count: int) -> None:
        options = sorted(
            (
                u
                for u in self.units.values()
                if "th" in u.tags and u.name.endswith(" số 2") and self.ok(day, u)
            ),
            key=lambda u: u.id,
        )
        for u in self.rng.sample(options, min(count, len(options))):
            dist = DISTRICT_BY_KEY[u.district]  # type: ignore[index]
            dec = self.decision(dist.committee, day, f"Về việc giải thể {u.name}")
            self.event(EventKind.DISSOLVE, day, dec, [u])

    # -- 2025 ------------------------------------------------------------------------------

    def loc_ha(self) -> None:
        """NQ 1283/NQ-UBTVQH15: Lộc Hà into TP Hà Tĩnh and Thạch Hà from 01/01/2025."""
        day = dt.date(2025, 1, 1)
        dec = DecisionInput(
            "1283/NQ-UBTVQH15",
            dt.date(2024, 11, 14),
            UBTVQH,
            "Trần Thanh Mẫn",
            "Về việc sắp xếp đơn vị hành chính cấp huyện, cấp xã của tỉnh Hà Tĩnh "
            "giai đoạn 2023 – 2025",
        )
        loc_ha = DISTRICT_BY_KEY["loc_ha"]
        city, thach_ha = self.body("UBND thành phố Hà Tĩnh"), self.body("UBND huyện Thạch Hà")
        old = self.body(loc_ha.committee)
        for tag in ("vhtt", "nn", "bqlda", "ptqd"):
            (gone,) = self.children(old, tagged(tag))
            (keep,) = self.children(thach_ha, tagged(tag))
            self.event(EventKind.ABSORB, day, dec, [gone], receiver=keep)
        to_city = self.children(old, lambda u: u.commune in LOC_HA_TO_CITY)
        if to_city:
            self.event(EventKind.TRANSFER, day, dec, to_city, changes={"managing_body": city})
        rest = self.children(old)
        self.event(EventKind.TRANSFER, day, dec, rest, changes={"managing_body": thach_ha})
        for u in to_city:
            u.district = "ha_tinh"
        for u in rest:
            u.district = "thach_ha"
        self.event(EventKind.DISSOLVE, day, dec, [self.units[old]])
        del self.named[loc_ha.committee]

    def departments_2025(self) -> None:
        day = dt.date(2025, 3, 1)
        dec = self.decision(
            PROVINCE, day, "Về việc sắp xếp các cơ quan chuyên môn thuộc UBND tỉnh", lead=2
        )
        body = self.body
        province = body(PROVINCE)

        def move_children(old: str, new: int) -> None:
            kids = self.children(body(old))
            if kids:
                self.event(EventKind.TRANSFER, day, dec, kids, changes={"managing_body": new})

        # Kế hoạch và Đầu tư into Tài chính.
        move_children("Sở Kế hoạch và Đầu tư", body("Sở Tài chính"))
        self.event(
            EventKind.ABSORB,
            day,
            dec,
            [self.units[body("Sở Kế hoạch và Đầu tư")]],
            receiver=self.units[body("Sở Tài chính")],
        )
        # NN&PTNT + TN&MT → Nông nghiệp và Môi trường.
        self.event(
            EventKind.MERGE,
            day,
            dec,
            [
                self.units[body("Sở Nông nghiệp và Phát triển nông thôn")],
                self.units[body("Sở Tài nguyên và Môi trường")],
            ],
            new=[
                self.new(
                    "Sở Nông nghiệp và Môi trường",
                    K.DEPARTMENT,
                    S.STATE_MANAGEMENT,
                    province,
                    is_demo=False,
                )
            ],
        )
        # Their units follow them to the new department (carried by the merge).
        for old, new in (
            ("Sở Giao thông vận tải", "Sở Xây dựng"),
            ("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
        ):
            move_children(old, body(new))
            self.event(
                EventKind.ABSORB, day, dec, [self.units[body(old)]], receiver=self.units[body(new)]
            )
        # Lao động - Thương binh và Xã hội: its units to Nội vụ, Y tế, GD&ĐT; then dissolved.
        ldtbxh = body("Sở Lao động - Thương binh và Xã hội")
        kids = self.children(ldtbxh)
        targets = {
            "Sở Nội vụ": [u for u in kids if u.sector == S.LABOUR_SOCIAL and u.kind == K.CENTER],
            "Sở Y tế": [u for u in kids if u.kind == K.OTHER_UNIT],
            "Sở Giáo dục và Đào tạo": [u for u in kids if u.kind == K.SCHOOL],
        }
        assert sum(len(v) for v in targets.values()) == len(kids)
        for target, units in targets.items():
            if units:
                self.event(
                    EventKind.TRANSFER, day, dec, units, changes={"managing_body": body(target)}
                )
        self.event(EventKind.DISSOLVE, day, dec, [self.units[ldtbxh]])
        for name in (
            "Sở Kế hoạch và Đầu tư",
            "Sở Nông nghiệp và Phát triển nông thôn",
            "Sở Tài nguyên và Môi trường",
            "Sở Giao thông vận tải",
            "Sở Thông tin và Truyền thông",
            "Sở Lao động - Thương binh và Xã hội",
        ):
            del self.named[name]

    def communes_2025(self) -> None:
        """NQ 1665/NQ-UBTVQH15: 69 communes from 01/07/2025; district level abolished."""
        day = dt.date(2025, 7, 1)
        dec = DecisionInput(
            "1665/NQ-UBTVQH15",
            dt.date(2025, 6, 16),
            UBTVQH,
            "Trần Thanh Mẫn",
            "Về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Hà Tĩnh năm 2025",
        )
        province = self.body(PROVINCE)
        new = []
        for dist in DISTRICTS:
            for commune in dist.new_communes:
                new.append(
                    self.new(
                        f"UBND {commune}",
                        K.COMMUNE_COMMITTEE,
                        S.STATE_MANAGEMENT,
                        province,
                        is_demo=False,
                        district=dist.key,
                    )
                )
        self.event(EventKind.ESTABLISH, day, dec, new=new)
        pdec = self.decision(
            PROVINCE, day, "Về việc tiếp nhận, sắp xếp các đơn vị sự nghiệp cấp huyện", lead=1
        )
        body = self.body
        districts = [d for d in DISTRICTS if d.committee in self.named]
        for dist in districts:
            parent = body(dist.committee)
            communes = [body(f"UBND {c}") for c in dist.new_communes]
            # Schools: old communes in order, spread over the new communes in order.
            olds = list(dist.old_communes) + list(DISTRICT_BY_KEY["loc_ha"].old_communes)
            schools = self.children(
                parent,
                lambda u: (
                    u.category in (C.PRESCHOOL, C.PRIMARY, C.LOWER_SECONDARY, C.MULTI_LEVEL_SCHOOL)
                ),
            )
            by_old = sorted(
                {u.commune for u in schools}, key=lambda c: (olds.index(c) if c in olds else 999, c)
            )
            share: dict[int, list[Unit]] = defaultdict(list)
            for i, c in enumerate(by_old):
                target = communes[i * len(communes) // len(by_old)]
                share[target].extend(u for u in schools if u.commune == c)
            for target, units in share.items():
                for u in units:
                    u.new_commune = self.units[target].name
                self.event(EventKind.TRANSFER, day, pdec, units, changes={"managing_body": target})
            rest = {
                tag: self.children(parent, tagged(tag))
                for tag in ("ttyt", "gdnn", "nn", "vhtt", "bqlda", "ptqd")
            }
            moves = (
                ("ttyt", body("Sở Y tế")),
                ("gdnn", body("Sở Giáo dục và Đào tạo")),
                ("nn", body("Sở Nông nghiệp và Môi trường")),
                ("vhtt", communes[0]),
                ("bqlda", province),
            )
            for tag, target in moves:
                if rest[tag]:
                    self.event(
                        EventKind.TRANSFER, day, pdec, rest[tag], changes={"managing_body": target}
                    )
            if rest["ptqd"]:
                self.event(
                    EventKind.ABSORB,
                    day,
                    pdec,
                    rest["ptqd"],
                    receiver=self.find("Trung tâm Phát triển quỹ đất tỉnh"),
                )
            left = self.children(parent)
            assert not left, [u.name for u in left]
        self.event(EventKind.DISSOLVE, day, dec, [self.units[body(d.committee)] for d in districts])
        for d in districts:
            del self.named[d.committee]

    def kh130_2025(self) -> None:
        """2025-10: fewer units per department (KH 130 style)."""
        day = dt.date(2025, 10, 15)
        dec = self.decision(
            PROVINCE, day, "Về việc sắp xếp, tổ chức lại các đơn vị sự nghiệp công lập", lead=10
        )
        province = self.body(PROVINCE)
        sgd, snn = (
            self.body(n) for n in ("Sở Giáo dục và Đào tạo", "Sở Nông nghiệp và Môi trường")
        )
        svh = self.body("Sở Văn hóa, Thể thao và Du lịch")
        for region, keys in REGIONS.items():
            boards = [
                u
                for u in self.children(province, lambda u: "bqlda" in u.tags)
                if u.district in keys
            ]
            self.event(
                EventKind.MERGE,
                day,
                dec,
                boards,
                new=[
                    self.new(
                        f"Ban Quản lý dự án đầu tư xây dựng khu vực {region}",
                        K.MANAGEMENT_BOARD,
                        S.CONSTRUCTION_TRANSPORT,
                        province,
                        C.PROJECT_BOARD,
                        2,
                    )
                ],
            )
            centres = [
                u for u in self.children(sgd, lambda u: "gdnn" in u.tags) if u.district in keys
            ]
            self.event(
                EventKind.MERGE,
                day,
                dec,
                centres,
                new=[
                    self.new(
                        f"Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên khu vực {region}",
                        K.CENTER,
                        S.VOCATIONAL,
                        sgd,
                        C.CONTINUING_EDUCATION,
                        3,
                    )
                ],
            )
        agri = [*self.children(snn, lambda u: "nn" in u.tags), self.find("Trung tâm Khuyến nông")]
        self.event(
            EventKind.MERGE,
            day,
            dec,
            agri,
            new=[
                self.new(
                    "Trung tâm Khuyến nông và Dịch vụ nông nghiệp",
                    K.CENTER,
                    S.AGRICULTURE_ENVIRONMENT,
                    snn,
                    C.AGRICULTURE_CENTER,
                    3,
                )
            ],
        )
        relics = self.children(svh, lambda u: u.category == C.RELIC_BOARD)
        self.event(
            EventKind.MERGE,
            day,
            dec,
            relics,
            new=[
                self.new(
                    "Ban Quản lý các di tích tỉnh Hà Tĩnh",
                    K.MANAGEMENT_BOARD,
                    S.CULTURE_SPORT_TOURISM,
                    svh,
                    C.RELIC_BOARD,
                    4,
                )
            ],
        )
        self.event(
            EventKind.ABSORB,
            day,
            dec,
            [self.find("Bảo tàng tỉnh")],
            receiver=self.find("Thư viện tỉnh"),
        )
        self.event(
            EventKind.RENAME,
            day,
            dec,
            [self.find("Thư viện tỉnh")],
            changes={"name": "Thư viện và Bảo tàng tỉnh"},
        )
        # Commune-level school mergers in the new communes.
        self.commune_schools(dt.date(2025, 10, 20), 25)

    def commune_schools(self, day: dt.date, count: int) -> None:
        rng = self.rng
        communes = sorted(
            (u for u in self.units.values() if u.kind == K.COMMUNE_COMMITTEE), key=lambda u: u.id
        )
        done = 0
        for commune in rng.sample(communes, len(communes)):
            if done >= count:
                break
            for tag in ("mn", "th"):
                kids = [u for u in self.children(commune.id, tagged(tag)) if self.ok(day, u)]
                if len(kids) >= 2:
                    keep, gone = kids[0], kids[1]
                    dec = self.decision(
                        commune.name, day, f"Về việc sáp nhập {gone.name} vào {keep.name}"
                    )
                    self.event(EventKind.ABSORB, day, dec, [gone], receiver=keep)
                    done += 1
                    break

    def history_2026(self) -> None:
        day = dt.date(2026, 1, 1)
        dec = self.decision(
            PROVINCE, day, "Về việc giao quyền tự chủ tài chính giai đoạn 2026 – 2030"
        )
        for name in ("Bệnh viện Đa khoa tỉnh", "Bệnh viện Phổi tỉnh", "Bệnh viện Tâm thần tỉnh"):
            unit = self.find(name)
            if unit.autonomy and unit.autonomy > 1:
                self.event(
                    EventKind.CHANGE_AUTONOMY_GROUP,
                    day,
                    dec,
                    [unit],
                    changes={"autonomy_group": unit.autonomy - 1},
                )
        day = dt.date(2026, 3, 1)
        dec = self.decision(PROVINCE, day, "Về việc sáp nhập một số trường THPT")
        for gone, keep in (
            ("Trường THPT Dân lập Hà Tĩnh", "Trường THPT Thành Sen"),
            ("Trường THPT Bán công Hà Tĩnh", "Trường THPT Lý Tự Trọng"),
            ("Trường THPT Đức Lạng", "Trường THPT Đức Thọ"),
        ):
            self.event(EventKind.ABSORB, day, dec, [self.find(gone)], receiver=self.find(keep))
        day = dt.date(2026, 5, 1)
        dec = self.decision(PROVINCE, day, "Về việc giải thể Nhà khách Tỉnh ủy - UBND tỉnh")
        self.event(EventKind.DISSOLVE, day, dec, [self.find("Nhà khách Tỉnh ủy - UBND tỉnh")])
        self.commune_schools(dt.date(2026, 8, 15), 10)

    # -- everything ------------------------------------------------------------------------

    def build(self) -> None:
        self.build_start()
        self.log(f"Đơn vị có khi bắt đầu ghi sổ: {len(self.units)}")
        self.history_2016_2024()
        self.loc_ha()
        self.departments_2025()
        self.communes_2025()
        self.kh130_2025()
        self.history_2026()
        self.log(f"Số sự kiện đã ghi: {self.event_count}")


def load(user: Any, log: Callable[[str], None] | None = None) -> Builder:
    """Build the whole demo with ``user`` as the acting user; the caller owns the transaction."""
    builder = Builder(user, log)
    builder.build()
    return builder

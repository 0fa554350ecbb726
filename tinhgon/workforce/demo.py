"""The workforce demo: about 30,000 public employees of the Hà Tĩnh demo units alive today.

Called by ``load_demo`` after the registry demo, in the same transaction. Deterministic (seeded).
Catalogue rows, positions decisions and a few internal divisions go through the services; the
people go through :func:`services.people_bulk_load` — ``bulk_create`` with ONE audit row per unit
summarising the batch — so the whole demo stays well under the 3-minute budget of ``load_demo``.

A realistic sprinkling of violations is planted: deputies over the cap, internal divisions under 7
viên chức, units under 15 people, ND 106 schemes not yet replaced by an ND 232 decision, people
without a position or still in a position of a replaced scheme, ranks below the requirement, level
ratios over the ND 232 caps, headcount above the approved positions.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tinhgon.core.text import fold
from tinhgon.organizations.choices import PUBLIC_SERVICE_UNIT_KINDS, Category, Kind
from tinhgon.organizations.models import LegalDocument, OrganizationState
from tinhgon.organizations.services import (
    DecisionInput,
    NewUnit,
    document_resolve,
    organization_register_existing,
)
from tinhgon.positions.choices import PositionCategory, Regime
from tinhgon.positions.models import FrameworkPosition, TitleRank
from tinhgon.positions.services import (
    PositionDecisionInput,
    PositionInput,
    TitleRankInput,
    position_decision_record,
    title_rank_record,
)
from tinhgon.rules import catalogue as rules
from tinhgon.rules.base import RuleInputError
from tinhgon.workforce import services
from tinhgon.workforce.choices import (
    Annex,
    EmploymentKind,
    Grade,
    LeaderRole,
    QualificationLevel,
    RatingPeriod,
    Recruitment,
)
from tinhgon.workforce.models import (
    Assignment,
    LeadershipAppointment,
    Person,
    Qualification,
    Rating,
    SalaryStep,
    TitleHolding,
)
from tinhgon.workforce.selectors import unit_type_for

SEED = 56_2026
DEFAULT_SIZE = 30_000

SCALES = {  # salary group → (min, max) coefficient, ND 204/2004 Bảng 3
    "A3.1": ("6.20", "8.00"),
    "A2.1": ("4.40", "6.78"),
    "A2.2": ("4.00", "6.38"),
    "A1": ("2.34", "4.98"),
    "A0": ("2.10", "4.89"),
    "B": ("1.86", "4.06"),
}
# title code, title name, ranks [(rank code, rank, salary group)] lowest first
TITLES: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "V.07.02": (
        "Giáo viên mầm non",
        [("V.07.02.26", "III", "A0"), ("V.07.02.25", "II", "A1"), ("V.07.02.24", "I", "A2.2")],
    ),
    "V.07.03": (
        "Giáo viên tiểu học",
        [("V.07.03.29", "III", "A1"), ("V.07.03.28", "II", "A2.2"), ("V.07.03.27", "I", "A2.1")],
    ),
    "V.07.04": (
        "Giáo viên trung học cơ sở",
        [("V.07.04.32", "III", "A1"), ("V.07.04.31", "II", "A2.2"), ("V.07.04.30", "I", "A2.1")],
    ),
    "V.07.05": (
        "Giáo viên trung học phổ thông",
        [("V.07.05.15", "III", "A1"), ("V.07.05.14", "II", "A2.2"), ("V.07.05.13", "I", "A2.1")],
    ),
    "V.09.02": (
        "Giảng viên giáo dục nghề nghiệp",
        [("V.09.02.03", "III", "A1"), ("V.09.02.02", "II", "A2.1"), ("V.09.02.01", "I", "A3.1")],
    ),
    "V.08.01": (
        "Bác sĩ",
        [("V.08.01.03", "III", "A1"), ("V.08.01.02", "II", "A2.1"), ("V.08.01.01", "I", "A3.1")],
    ),
    "V.08.05": (
        "Điều dưỡng",
        [("V.08.05.13", "IV", "B"), ("V.08.05.12", "III", "A1"), ("V.08.05.11", "II", "A2.1")],
    ),
    "V.10.05": (
        "Di sản viên",
        [("V.10.05.18", "IV", "B"), ("V.10.05.17", "III", "A1"), ("V.10.05.16", "II", "A2.1")],
    ),
    "V.05.02": (
        "Kỹ sư",
        [("V.05.02.08", "III", "A1"), ("V.05.02.07", "II", "A2.1"), ("V.05.02.06", "I", "A3.1")],
    ),
    "01": (
        "Chuyên viên",
        [("01.004", "IV", "A0"), ("01.003", "III", "A1"), ("01.002", "II", "A2.1")],
    ),
    "01.005": ("Nhân viên", [("01.005", "IV", "B")]),
    "06.031": (
        "Kế toán viên",
        [("06.032", "IV", "A0"), ("06.031", "III", "A1"), ("06.030", "II", "A2.1")],
    ),
}
FRAMEWORK = [
    ("QL.01", "Người đứng đầu đơn vị", PositionCategory.MANAGEMENT, None),
    ("QL.02", "Cấp phó của người đứng đầu đơn vị", PositionCategory.MANAGEMENT, None),
    ("HT.01", "Văn thư, hành chính", PositionCategory.SUPPORT, "01.005"),
    ("CM.KT", "Kế toán", PositionCategory.PROFESSIONAL, "06.031"),
    *[
        (f"CM.{code}", name, PositionCategory.PROFESSIONAL, code)
        for code, (name, _r) in TITLES.items()
        if code not in ("01.005", "06.031", "01")
    ],
    ("CM.01", "Chuyên viên nghiệp vụ", PositionCategory.PROFESSIONAL, "01"),
]

FAMILY = [
    "Nguyễn",
    "Nguyễn",
    "Nguyễn",
    "Trần",
    "Trần",
    "Lê",
    "Lê",
    "Phan",
    "Phan",
    "Võ",
    "Võ",
    "Đặng",
    "Hoàng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Đinh",
    "Thái",
    "Trương",
    "Phạm",
    "Hà",
    "Lưu",
    "Chu",
    "Đoàn",
    "Mai",
    "Tôn",
    "Cao",
    "Lương",
]
MIDDLE_M = [
    "Văn",
    "Văn",
    "Đình",
    "Hữu",
    "Quốc",
    "Minh",
    "Xuân",
    "Trọng",
    "Thanh",
    "Đức",
    "Công",
    "Anh",
    "Tiến",
    "Quang",
]
MIDDLE_F = [
    "Thị",
    "Thị",
    "Thị",
    "Ngọc",
    "Thu",
    "Hồng",
    "Thanh",
    "Minh",
    "Kim",
    "Phương",
    "Diệu",
    "Hải",
]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Lâm",
    "Long",
    "Nam",
    "Quang",
    "Sơn",
    "Thắng",
    "Tuấn",
    "Hoàng",
    "Khánh",
    "Phong",
    "Tài",
    "Trung",
    "Việt",
    "Vinh",
    "Đạt",
    "Hiếu",
    "Kiên",
    "Lộc",
    "Nghĩa",
    "Phúc",
    "Thành",
    "Toàn",
]
GIVEN_F = [
    "Anh",
    "Bích",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hằng",
    "Hạnh",
    "Hiền",
    "Hoa",
    "Huyền",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Quỳnh",
    "Thảo",
    "Thủy",
    "Trang",
    "Tuyết",
    "Vân",
    "Yến",
    "Hương",
]

LEADER_TITLES = {
    Kind.SCHOOL: ("Hiệu trưởng", "Phó Hiệu trưởng"),
    Kind.HOSPITAL: ("Giám đốc", "Phó Giám đốc"),
    Kind.HEALTH_CENTER: ("Giám đốc", "Phó Giám đốc"),
}


@dataclass
class Profile:
    weight: int
    main: str  # title code of most people
    second: str | None = None  # second professional title (nurses in hospitals)


def profile(state: OrganizationState) -> Profile:
    c, k = state.category, state.kind
    table = {
        Category.PRESCHOOL: Profile(24, "V.07.02"),
        Category.PRIMARY: Profile(30, "V.07.03"),
        Category.LOWER_SECONDARY: Profile(34, "V.07.04"),
        Category.MULTI_LEVEL_SCHOOL: Profile(48, "V.07.04"),
        Category.UPPER_SECONDARY: Profile(68, "V.07.05"),
        Category.CONTINUING_EDUCATION: Profile(28, "V.07.05"),
        Category.SPECIAL_SCHOOL: Profile(22, "V.07.03"),
        Category.COLLEGE: Profile(110, "V.09.02"),
        Category.GENERAL_HOSPITAL: Profile(430, "V.08.01", "V.08.05"),
        Category.SPECIALIST_HOSPITAL: Profile(190, "V.08.01", "V.08.05"),
        Category.CDC: Profile(105, "V.08.01", "V.08.05"),
        Category.DISTRICT_HEALTH: Profile(150, "V.08.01", "V.08.05"),
        Category.RELIC_BOARD: Profile(14, "V.10.05"),
        Category.CULTURE_CENTER: Profile(16, "01"),
        Category.AGRICULTURE_CENTER: Profile(18, "V.05.02"),
        Category.PROJECT_BOARD: Profile(24, "V.05.02"),
    }
    if c in table:
        return table[Category(c)]
    if k == Kind.HOSPITAL:
        return Profile(250, "V.08.01", "V.08.05")
    if k == Kind.HEALTH_CENTER:
        return Profile(140, "V.08.01", "V.08.05")
    if k == Kind.SCHOOL:
        return Profile(32, "V.07.03")
    return Profile(18, "01")


class Loader:
    def __init__(self, user: Any, log: Callable[[str], None], size: int, today: dt.date) -> None:
        self.user, self.log, self.size, self.today = user, log, size, today
        self.rng = random.Random(SEED)
        self.ranks: dict[str, list[TitleRank]] = {}
        self.frames: dict[str, FrameworkPosition] = {}
        self.id_seq = 0
        self.doc_seq: dict[str, int] = {}

    # -- catalogue -------------------------------------------------------------------------
    def catalogue(self) -> None:
        for code, (name, ranks) in TITLES.items():
            rows = []
            for rank_code, rank, group in ranks:
                lo, hi = SCALES[group]
                rows.append(
                    title_rank_record(
                        acting_user=self.user,
                        data=TitleRankInput(code, name, rank_code, rank, group, lo, hi),
                    )
                )
            self.ranks[code] = rows
        for code, name, category, title in FRAMEWORK:
            frame, _created = FrameworkPosition.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "category": category,
                    "title_id": self.ranks[title][0].title_id if title else None,
                },
            )
            self.frames[code] = frame

    # -- helpers ---------------------------------------------------------------------------
    def name(self, sex: str) -> str:
        r = self.rng
        if sex == "M":
            return f"{r.choice(FAMILY)} {r.choice(MIDDLE_M)} {r.choice(GIVEN_M)}"
        return f"{r.choice(FAMILY)} {r.choice(MIDDLE_F)} {r.choice(GIVEN_F)}"

    def id_number(self, sex: str, birth: dt.date) -> str:
        self.id_seq += 1
        century = (0 if sex == "M" else 1) + (2 if birth.year >= 2000 else 0)
        return f"042{century}{birth.year % 100:02d}{self.id_seq:06d}"

    def decision(self, issuer: str, day: dt.date, title: str) -> LegalDocument:
        self.doc_seq[issuer] = self.doc_seq.get(
            issuer, self.rng.randint(20, 90)
        ) + self.rng.randint(1, 9)
        code = (
            "QĐ-UBND"
            if issuer.startswith("UBND")
            else "QĐ-" + "".join(w[0] for w in issuer.split()[1:4]).upper().replace("Đ", "D")
        )
        return document_resolve(
            acting_user=self.user,
            decision=DecisionInput(f"{self.doc_seq[issuer]}/{code}", day, issuer, "", title),
        )

    def coefficient(self, rank: TitleRank, years: int) -> Decimal:
        step = Decimal("0.33") if rank.salary_group in ("A1", "A0", "B") else Decimal("0.36")
        value = rank.coefficient_min + step * min(years // 3, 8)
        return min(value, rank.coefficient_max)

    # -- units -----------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        self.catalogue()
        states = list(
            OrganizationState.objects.as_of(self.today)
            .filter(kind__in=PUBLIC_SERVICE_UNIT_KINDS, organization__is_demo=True)
            .select_related("organization")
            .order_by("organization_id")
        )
        parents = {
            s.organization_id: s
            for s in OrganizationState.objects.as_of(self.today).filter(
                organization_id__in={s.managing_body_id for s in states}
            )
        }
        total_weight = sum(profile(s).weight for s in states) or 1
        factor = self.size / total_weight
        stats = {"units": 0, "people": 0, "nd106": 0, "divisions": 0}
        for s in states:
            target = max(4, round(profile(s).weight * factor * self.rng.uniform(0.8, 1.2)))
            if self.rng.random() < 0.04:
                target = self.rng.randint(8, 14)  # a unit below 15 people
            stats["people"] += self.unit(s, parents.get(s.managing_body_id or 0), target, stats)
            stats["units"] += 1
        self.log(
            f"Đội ngũ mẫu: {stats['people']} người ở {stats['units']} đơn vị, "
            f"{stats['nd106']} đề án theo NĐ 106 chưa thay thế, {stats['divisions']} phòng thuộc đơn vị."
        )
        return stats

    def unit(
        self, s: OrganizationState, parent: OrganizationState | None, n: int, stats: dict[str, int]
    ) -> int:
        r = self.rng
        prof = profile(s)
        issuer = parent.name if parent else "UBND tỉnh Hà Tĩnh"
        head_title, deputy_title = LEADER_TITLES.get(Kind(s.kind), ("Giám đốc", "Phó Giám đốc"))
        # Deputies: the cap of ND 120 for the planned size, sometimes one more (a violation).
        payload: dict[str, Any] = {
            "unit_type": unit_type_for(parent.kind if parent else None, self.today),
            "autonomy_group": s.autonomy_group or 4,
            "vien_chuc_count": int(n * 0.93),
            "as_of": self.today.isoformat(),
        }
        try:
            cap = rules.run("deputy_cap", payload)["max_deputies"]
        except RuleInputError:
            cap = 2
        deputies = cap if cap is not None else 3
        deputies = min(deputies, max(1, n // 8))
        if cap is not None and r.random() < 0.07:
            deputies = cap + 1
        # Positions: ND 232 decision from 07–10/2026, or an ND 106 scheme not yet replaced.
        nd106 = r.random() < 0.18
        main_ranks = self.ranks[prof.main]
        second_n = int(n * 0.45) if prof.second else 0
        admin_n = max(1, n // 25)
        support_n = max(1, n // 20)
        main_n = max(1, n - 1 - deputies - second_n - admin_n - support_n)
        slack = (
            -2 if r.random() < 0.06 else max(1, n // 12)
        )  # sometimes fewer approved than present
        strict = r.random() < 0.05  # the main position requires the middle rank
        required_main = main_ranks[1 if strict and len(main_ranks) > 1 else 0].code
        if nd106:
            regime, day = Regime.ND106, dt.date(r.randint(2021, 2024), r.randint(1, 12), 1)
            cats = (
                PositionCategory.LEADERSHIP,
                PositionCategory.SPECIALISED,
                PositionCategory.SHARED,
                PositionCategory.SUPPORT_SERVICE,
            )
        else:
            regime, day = Regime.ND232, dt.date(2026, r.randint(7, 10), 1)
            cats = (
                PositionCategory.MANAGEMENT,
                PositionCategory.PROFESSIONAL,
                PositionCategory.PROFESSIONAL,
                PositionCategory.SUPPORT,
            )
        day = max(day, s.organization.valid_from)
        old_decision = None
        if not nd106 and r.random() < 0.04 and s.organization.valid_from < dt.date(2022, 1, 1):
            old_decision = self.decide(
                s,
                Regime.ND106,
                dt.date(2022, 1, 1),
                issuer,
                [
                    PositionInput(
                        "VT01",
                        TITLES[prof.main][0],
                        PositionCategory.SPECIALISED,
                        main_n,
                        main_ranks[0].code,
                    ),
                    PositionInput(
                        "VT02", "Hành chính, tổng hợp", PositionCategory.SHARED, admin_n, "01.003"
                    ),
                ],
            )
        plist = [
            PositionInput("QL.01", head_title, cats[0], 1, "", "QL.01"),
            PositionInput(
                "QL.02", deputy_title, cats[0], max(deputies, cap or deputies), "", "QL.02"
            ),
            PositionInput(
                f"CM.{prof.main}",
                TITLES[prof.main][0],
                cats[1],
                main_n + slack,
                required_main,
                f"CM.{prof.main}",
            ),
            PositionInput("CM.KT", "Kế toán", cats[2], admin_n, "06.032", "CM.KT"),
            PositionInput(
                "HT.01", "Văn thư, hành chính, phục vụ", cats[3], support_n, "01.005", "HT.01"
            ),
        ]
        keys = ["head", "deputy", "main", "kt", "support"]
        if prof.second:
            plist.append(
                PositionInput(
                    f"CM.{prof.second}",
                    TITLES[prof.second][0],
                    cats[1],
                    second_n + slack,
                    self.ranks[prof.second][0].code,
                    f"CM.{prof.second}",
                )
            )
            keys.append("second")
        if nd106:
            for p in plist:
                p.framework = ""
                p.code = p.code.replace("CM.", "VT.").replace("QL.", "LD.").replace("HT.", "PV.")
            stats["nd106"] += 1
        key_of = {p.code: k for p, k in zip(plist, keys, strict=True)}
        decision = self.decide(s, regime, day, issuer, plist)
        pos = {key_of[p.code]: p for p in decision.positions.all()}
        # People
        batch = services.BulkPeople()
        appoint_doc = self.decision(
            issuer,
            max(dt.date(2023, 1, 1), s.organization.valid_from),
            f"Bổ nhiệm lãnh đạo {s.name}",
        )

        def add(
            role: str,
            title_code: str,
            position_key: str | None,
            *,
            rank_bias: float = 0.4,
            kind: str = EmploymentKind.VIEN_CHUC,
        ) -> Person:
            sex = "F" if r.random() < (0.72 if s.kind == Kind.SCHOOL else 0.55) else "M"
            age = r.randint(24, 59) if role == "staff" else r.randint(38, 58)
            birth = dt.date(self.today.year - age, r.randint(1, 12), r.randint(1, 28))
            year_only = r.random() < 0.03
            if year_only:
                birth = dt.date(birth.year, 1, 1)
            hired = dt.date(birth.year + r.randint(22, 30), r.choice((8, 9, 10)), 1)
            hired = min(hired, self.today - dt.timedelta(days=60))
            recruitment = (
                Recruitment.TALENT
                if r.random() < 0.005
                else r.choice((Recruitment.EXAM, Recruitment.EXAM, Recruitment.REVIEW))
            )
            person = Person(
                full_name=self.name(sex),
                id_number=self.id_number(sex, birth),
                birth_date=birth,
                birth_year_only=year_only,
                sex=sex,
                employment_kind=kind,
                annex=Annex.II if r.random() < 0.01 else Annex.I,
                hired_on=hired,
                recruitment=recruitment,
                is_talent=recruitment == Recruitment.TALENT,
                qualification=r.choice(
                    (QualificationLevel.UNIVERSITY,) * 6
                    + (
                        QualificationLevel.MASTER,
                        QualificationLevel.COLLEGE,
                        QualificationLevel.INTERMEDIATE,
                    )
                )
                if kind != EmploymentKind.HOP_DONG
                else QualificationLevel.OTHER,
                is_demo=True,
            )
            person.name_folded = fold(person.full_name)
            if person.annex == Annex.II:
                person.annex_reason = "Làm nghề, công việc nặng nhọc, độc hại, nguy hiểm"
            batch.people.append(person)
            position = pos.get(position_key) if position_key else None
            if position is not None and r.random() < 0.015:
                position = None  # not yet placed in a position
            start = max(hired, s.organization.valid_from)
            assignment = Assignment(
                person=person,
                organization_id=s.organization_id,
                position=position,
                valid_from=start,
            )
            if (
                old_decision is not None
                and position is not None
                and position_key == "main"
                and r.random() < 0.2
            ):
                assignment.position = old_decision.positions.order_by(
                    "code"
                ).first()  # still in the old scheme
            batch.assignments.append(assignment)
            if kind != EmploymentKind.HOP_DONG:
                ranks = self.ranks[title_code]
                years = self.today.year - hired.year
                idx = 0
                if len(ranks) > 1 and years >= 9 and r.random() < rank_bias:
                    idx = 1 if len(ranks) == 2 or r.random() < 0.8 else 2
                rank = ranks[idx]
                since = (
                    hired if idx == 0 else dt.date(hired.year + r.randint(9, max(9, years)), 1, 1)
                )
                since = min(since, self.today)
                batch.holdings.append(
                    TitleHolding(person=person, title_rank=rank, valid_from=since)
                )
                batch.salaries.append(
                    SalaryStep(
                        person=person, coefficient=self.coefficient(rank, years), valid_from=since
                    )
                )
                batch.qualifications.append(
                    Qualification(
                        person=person,
                        level=person.qualification,
                        field=TITLES[title_code][0],
                        year=hired.year - 1,
                    )
                )
                for year in range(max(hired.year, self.today.year - 3), self.today.year):
                    grade = r.choices(
                        (Grade.EXCELLENT, Grade.GOOD, Grade.DONE, Grade.NOT_DONE), (12, 60, 26, 2)
                    )[0]
                    batch.ratings.append(
                        Rating(person=person, period=RatingPeriod.YEAR, year=year, grade=grade)
                    )
            return person

        head = add("leader", prof.main, "head", rank_bias=0.9)
        batch.appointments.append(
            self.appointment(head, s, LeaderRole.HEAD, head_title, appoint_doc)
        )
        for _i in range(deputies):
            d = add("leader", prof.main, "deputy", rank_bias=0.8)
            batch.appointments.append(
                self.appointment(d, s, LeaderRole.DEPUTY, deputy_title, appoint_doc)
            )
        bias = 0.65 if r.random() < 0.06 else 0.4  # a few units promote too many: level ratios over
        for _i in range(main_n):
            add("staff", prof.main, "main", rank_bias=bias)
        for _i in range(second_n):
            add("staff", prof.second or prof.main, "second")
        for _i in range(admin_n):
            add("staff", "06.031", "kt")
        for _i in range(support_n):
            add("staff", "01.005", "support")
        for _i in range(max(0, n // 20)):
            add("staff", "01.005", None, kind=EmploymentKind.HOP_DONG)
        services.people_bulk_load(
            acting_user=self.user,
            batch=batch,
            organization=s.organization,
            label="Nạp đội ngũ mẫu của đơn vị",
        )
        people = len(batch.people)
        if prof.second and r.random() < 0.35:
            stats["divisions"] += self.divisions(s, batch)
        return people

    def appointment(
        self, person: Person, s: OrganizationState, role: str, title: str, doc: LegalDocument
    ) -> LeadershipAppointment:
        start = max(
            dt.date(2022, 1, 1) + dt.timedelta(days=self.rng.randint(0, 1200)),
            s.organization.valid_from,
        )
        start = min(start, self.today)
        return LeadershipAppointment(
            person=person,
            organization_id=s.organization_id,
            role=role,
            title=title,
            document=doc,
            valid_from=start,
            term_end=services.add_years(start, 5) - dt.timedelta(days=1),
        )

    def decide(
        self,
        s: OrganizationState,
        regime: str,
        day: dt.date,
        issuer: str,
        plist: list[PositionInput],
    ) -> Any:
        label = (
            "Đề án vị trí việc làm"
            if regime == Regime.ND106
            else "Quyết định phê duyệt vị trí việc làm"
        )
        doc = self.decision(issuer, day - dt.timedelta(days=10), f"{label} của {s.name}")
        return position_decision_record(
            acting_user=self.user,
            data=PositionDecisionInput(s.organization_id, regime, doc, day, plist),
        )

    def divisions(self, s: OrganizationState, batch: services.BulkPeople) -> int:
        """Two to four internal divisions of a health unit; staff move into them (some below 7)."""
        r = self.rng
        names = [
            "Phòng Tổ chức - Hành chính",
            "Phòng Kế hoạch tổng hợp",
            "Phòng Điều dưỡng",
            "Phòng Tài chính - Kế toán",
        ]
        staff = [
            a
            for a in batch.assignments
            if a.person.employment_kind == EmploymentKind.VIEN_CHUC
            and a.position_id
            and a.valid_from <= self.today
        ]
        made = 0
        for name in names[: r.randint(2, 4)]:
            size = r.randint(4, 6) if r.random() < 0.3 else r.randint(8, 14)
            if len(staff) < size + 20:
                break
            org = organization_register_existing(
                acting_user=self.user,
                unit=NewUnit(
                    name=name,
                    kind=Kind.INTERNAL_DIVISION,
                    sector=s.sector,
                    managing_body=s.organization_id,
                ),
                valid_from=max(s.organization.valid_from, dt.date(2020, 1, 1)),
                reason="Phòng thuộc đơn vị (dữ liệu mẫu)",
            )
            moved = [staff.pop() for _i in range(size)]
            Assignment.objects.filter(pk__in=[a.pk for a in moved]).update(
                organization=org, position=None
            )
            made += 1
        return made


def load(
    user: Any, log: Callable[[str], None] | None = None, size: int = DEFAULT_SIZE
) -> dict[str, int]:
    """Load the workforce demo (the caller owns the transaction)."""
    return Loader(user, log or (lambda _m: None), size, timezone.localdate()).run()

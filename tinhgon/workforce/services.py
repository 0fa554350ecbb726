"""Writes of the workforce: people, assignments, titles, salary, ratings, appointments, the bulk load
of the demo, the audit of every export of personal data, and the workforce step of every
reorganization event. Each service validates everything first, writes in one transaction and
audits; a refused call writes nothing."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhgon.core import audit, batching, bulk
from tinhgon.core.errors import Collector, Refused
from tinhgon.core.text import fold, nfc
from tinhgon.core.versioning import check_version
from tinhgon.organizations.choices import EventKind, LinkRole
from tinhgon.organizations.models import LegalDocument, Organization, ReorgEvent
from tinhgon.organizations.services import DecisionInput, document_resolve
from tinhgon.positions.models import ApprovedPosition, TitleRank
from tinhgon.workforce.choices import (
    AllowanceKind,
    Annex,
    EmploymentKind,
    Grade,
    HoldingReason,
    LeaderRole,
    QualificationLevel,
    RatingPeriod,
    Recruitment,
    Sex,
)
from tinhgon.workforce.models import (
    Allowance,
    Assignment,
    LeadershipAppointment,
    PendingPlacement,
    Person,
    Qualification,
    Rating,
    SalaryStep,
    TitleHolding,
    alive_on,
)

ONE_DAY = dt.timedelta(days=1)
MIN_HIRING_AGE = 18
TERM_YEARS = 5
_ID = re.compile(r"^\d{12}$")


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29/02
        return day.replace(year=day.year + years, day=28)


def parse_birth(value: Any) -> tuple[dt.date | None, bool]:
    """A birth date, or a year alone (read as 01/01 of it, flagged): ``(date, year_only)``."""
    if isinstance(value, dt.datetime):
        return value.date(), False
    if isinstance(value, dt.date):
        return value, False
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return dt.date(value, 1, 1), True
    text = nfc(str(value or ""))
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1), True
    for pattern, order in (
        (r"(\d{1,2})/(\d{1,2})/(\d{4})", "dmy"),
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
    ):
        m = re.fullmatch(pattern, text)
        if m:
            a, b, c = (int(x) for x in m.groups())
            try:
                return (dt.date(c, b, a) if order == "dmy" else dt.date(a, b, c)), False
            except ValueError:
                return None, False
    return None, False


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        return None


def find_title_rank(title_code: str, rank: str) -> TitleRank | None:
    return (
        TitleRank.objects.select_related("title")
        .filter(title__code=nfc(title_code), rank=nfc(rank))
        .first()
    )


# ---------------------------------------------------------------------------------------------
# People


@dataclass
class PersonInput:
    full_name: str
    birth: Any  # date, "1970" or 1970 (year only → 01/01)
    sex: str
    employment_kind: str
    hired_on: dt.date | None
    organization: int | None
    id_number: str = ""
    annex: str = Annex.I
    annex_reason: str = ""
    recruitment: str = Recruitment.EXAM
    position: int | None = None
    title_code: str = ""
    rank: str = ""
    coefficient: Any = None
    qualification: str = ""
    qualification_field: str = ""


@dataclass
class _Known:
    """What the checks of a batch of people read from the database, read once per batch."""

    taken_ids: set[str]
    ranks: dict[tuple[str, str], TitleRank]
    orgs: dict[int, Organization]
    positions: dict[int, ApprovedPosition]

    @classmethod
    def load(cls, rows: list[PersonInput]) -> _Known:
        ids = {_clean_id(r.id_number) for r in rows} - {""}
        taken: set[str] = set()
        id_list = sorted(ids)
        for i in range(0, len(id_list), 5000):
            found = Person.objects.filter(id_number__in=id_list[i : i + 5000])
            taken.update(n for n in found.values_list("id_number", flat=True) if n)
        codes = {nfc(r.title_code) for r in rows if r.title_code or r.rank}
        ranks = {
            (tr.title.code, tr.rank): tr
            for tr in TitleRank.objects.select_related("title").filter(title__code__in=codes)
        }
        org_ids = {r.organization for r in rows if r.organization}
        position_ids = {r.position for r in rows if r.position}
        return cls(
            taken,
            ranks,
            Organization.objects.in_bulk(list(org_ids)),
            ApprovedPosition.objects.select_related("decision").in_bulk(list(position_ids)),
        )


def _clean_id(value: str | None) -> str:
    return nfc(value or "").replace(" ", "")


_SEXES = frozenset(Sex.values)
_KINDS = frozenset(EmploymentKind.values)
_ANNEXES = frozenset(Annex.values)
_RECRUITMENTS = frozenset(Recruitment.values)
_QUALIFICATIONS = frozenset(QualificationLevel.values)


def _person_problems(
    data: PersonInput, path: str, problems: Collector, today: dt.date, known: _Known
) -> dict[str, Any]:
    """Check one person's input against what the batch read (``known``); return the resolved
    values. Problems are added under ``path`` + the input field."""

    def add(name: str, message: str) -> None:
        problems.add(f"{path}{name}", message)

    out: dict[str, Any] = {}
    name = nfc(data.full_name or "")
    if not name:
        add("full_name", _("Thiếu họ và tên."))
    out["full_name"] = name
    birth, year_only = parse_birth(data.birth)
    if birth is None:
        add("birth", _("Ngày sinh không hợp lệ (dd/mm/yyyy hoặc chỉ năm sinh)."))
    elif birth > today:
        add("birth", _("Ngày sinh %(d)s ở tương lai.") % {"d": _d(birth)})
    out["birth_date"], out["birth_year_only"] = birth, year_only
    if data.sex not in _SEXES:
        add("sex", _("Giới tính phải là Nam (M) hoặc Nữ (F)."))
    if data.employment_kind not in _KINDS:
        add(
            "employment_kind",
            _("Loại “%(v)s” không có trong danh mục (can_bo, cong_chuc, vien_chuc, hop_dong).")
            % {"v": data.employment_kind},
        )
    if data.annex not in _ANNEXES:
        add("annex", _("Phụ lục tuổi nghỉ hưu phải là I hoặc II."))
    elif data.annex == Annex.II and not nfc(data.annex_reason or ""):
        add("annex_reason", _("Áp dụng Phụ lục II phải ghi lý do."))
    if data.recruitment not in _RECRUITMENTS:
        add("recruitment", _("Hình thức tuyển dụng không có trong danh mục."))
    hired = data.hired_on
    if hired is None:
        add("hired_on", _("Thiếu ngày tuyển dụng."))
    elif hired > today:
        add("hired_on", _("Ngày tuyển dụng ở tương lai."))
    elif birth is not None and add_years(birth, MIN_HIRING_AGE) > hired:
        add(
            "birth",
            _("Người sinh ngày %(b)s chưa đủ %(n)s tuổi vào ngày tuyển dụng %(h)s.")
            % {"b": _d(birth), "n": MIN_HIRING_AGE, "h": _d(hired)},
        )
    id_number = _clean_id(data.id_number)
    if id_number:
        if not _ID.match(id_number):
            add("id_number", _("Số định danh cá nhân phải gồm đúng 12 chữ số."))
        elif id_number in known.taken_ids:
            add("id_number", _("Số định danh cá nhân này đã được dùng cho một người khác."))
    out["id_number"] = id_number or None
    holding = None
    if data.title_code or data.rank:
        holding = known.ranks.get((nfc(data.title_code), nfc(data.rank)))
        if holding is None:
            add(
                "rank",
                _("Chức danh “%(t)s” không có hạng “%(r)s”.")
                % {"t": data.title_code, "r": data.rank},
            )
    out["title_rank"] = holding
    coefficient = _decimal(data.coefficient)
    if data.coefficient not in (None, "") and coefficient is None:
        add("coefficient", _("Hệ số lương phải là số (ví dụ 2,34)."))
    elif coefficient is not None and holding is not None and not holding.fits(coefficient):
        add(
            "coefficient",
            _("Hệ số lương %(c)s nằm ngoài thang lương của %(t)s (%(lo)s–%(hi)s).")
            % {
                "c": coefficient,
                "t": holding,
                "lo": holding.coefficient_min,
                "hi": holding.coefficient_max,
            },
        )
    elif coefficient is not None and holding is None:
        add("coefficient", _("Có hệ số lương thì phải có chức danh và hạng."))
    out["coefficient"] = coefficient
    if data.qualification and data.qualification not in _QUALIFICATIONS:
        add("qualification", _("Trình độ không có trong danh mục."))
    org = known.orgs.get(data.organization) if data.organization else None
    if org is None:
        add("organization", _("Không có đơn vị công tác này."))
    elif hired is not None and not org.is_alive_on(max(hired, org.valid_from)):
        add("organization", _("Đơn vị không còn hoạt động."))
    out["organization"] = org
    position = None
    if data.position:
        position = known.positions.get(data.position)
        if position is None or (org is not None and position.decision.organization_id != org.pk):
            add("position", _("Vị trí việc làm không thuộc đề án/quyết định của đơn vị."))
    out["position"] = position
    return out


def people_record(*, acting_user: Any, rows: list[PersonInput], prefix: str = "") -> list[Person]:
    """Record a batch of people, each with their first assignment, title and rank, salary and
    qualification: all or nothing, every problem reported with its row.

    Paths are ``[i].field`` (``prefix`` lets an importer map them to sheet rows; a single row
    without prefix keeps the bare field names of the forms and the API). Every check of one person
    runs on the whole set with a few queries (identification numbers already used, the title
    catalogue, the units, the positions), and an identification number given to two people of
    the batch is refused on each. A new person has one assignment, so assignments cannot overlap.
    Then the people and their dated records are written with ``bulk_create`` and one audit row
    per person (the identification number left out, as in every audit row of a person).
    """
    today = timezone.localdate()
    problems = Collector()
    many = len(rows) > 1 or bool(prefix)

    def path(i: int) -> str:
        return f"{prefix}[{i}]." if many else ""

    known = _Known.load(rows)
    checked = [_person_problems(r, path(i), problems, today, known) for i, r in enumerate(rows)]
    seen: dict[str, list[int]] = {}
    for i, v in enumerate(checked):
        if v["id_number"] and _ID.match(v["id_number"]):
            seen.setdefault(v["id_number"], []).append(i)
    for same in seen.values():
        if len(same) > 1:
            for i in same:
                problems.add(
                    f"{path(i)}id_number",
                    _("Số định danh cá nhân này có ở %(n)s người trong cùng danh sách.")
                    % {"n": len(same)},
                )
    problems.raise_if_any()
    people = []
    for data, v in zip(rows, checked, strict=True):
        people.append(
            Person(
                full_name=v["full_name"],
                name_folded=fold(v["full_name"]),
                id_number=v["id_number"],
                birth_date=v["birth_date"],
                birth_year_only=v["birth_year_only"],
                sex=data.sex,
                employment_kind=data.employment_kind,
                annex=data.annex,
                annex_reason=nfc(data.annex_reason or ""),
                hired_on=data.hired_on,  # type: ignore[misc]  # checked above
                recruitment=data.recruitment,
                is_talent=data.recruitment == Recruitment.TALENT,
                qualification=data.qualification,
            )
        )
    with transaction.atomic():
        bulk.insert_objects(people)
        assignments, holdings, salaries, qualifications, afters = [], [], [], [], []
        for person, data, v in zip(people, rows, checked, strict=True):
            hired: dt.date = person.hired_on
            org: Organization = v["organization"]
            position = v["position"]
            title_rank = v["title_rank"]
            assignments.append(
                (
                    person.pk,
                    org.pk,
                    position.pk if position else None,
                    True,
                    max(hired, org.valid_from),
                )
            )
            if title_rank is not None:
                holdings.append((person.pk, title_rank.pk, hired, HoldingReason.RECRUITMENT))
            if v["coefficient"] is not None:
                salaries.append((person.pk, v["coefficient"], hired))
            if data.qualification:
                qualifications.append(
                    (person.pk, data.qualification, nfc(data.qualification_field or ""))
                )
            after = audit.snapshot(person, _AUDITED)
            after.update(
                organization=org.pk,
                position=position.pk if position else None,
                title_rank=title_rank.pk if title_rank else None,
                coefficient=v["coefficient"],
            )
            afters.append(after)
        bulk.insert_rows(
            Assignment,
            ("person_id", "organization_id", "position_id", "full_time", "valid_from"),
            assignments,
        )
        bulk.insert_rows(
            TitleHolding, ("person_id", "title_rank_id", "valid_from", "reason"), holdings
        )
        bulk.insert_rows(SalaryStep, ("person_id", "coefficient", "valid_from"), salaries)
        bulk.insert_rows(Qualification, ("person_id", "level", "field"), qualifications)
        audit.record_many(actor=acting_user, action="person_create", objects=people, afters=afters)
    return people


def person_record(*, acting_user: Any, data: PersonInput) -> Person:
    """Record a person with their first assignment, title and rank, salary and qualification (the
    forms and the API: the batch service with one row, its problems under the bare field names)."""
    return people_record(acting_user=acting_user, rows=[data])[0]


# Never in the audit trail in clear either: the id number is stored masked in audit rows.
_AUDITED = [
    "full_name",
    "birth_date",
    "birth_year_only",
    "sex",
    "employment_kind",
    "annex",
    "annex_reason",
    "hired_on",
    "recruitment",
]


# ---------------------------------------------------------------------------------------------
# Assignments


@dataclass
class AssignmentInput:
    person: int
    organization: int
    valid_from: dt.date | None
    position: int | None = None
    full_time: bool = True
    valid_to: dt.date | None = None
    note: str = ""


def _overlapping(
    person_id: int, start: dt.date, end: dt.date | None, exclude: Iterable[int] = ()
) -> list[Assignment]:
    qs = Assignment.objects.filter(person_id=person_id, full_time=True).exclude(
        pk__in=list(exclude)
    )
    qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    if end is not None:
        qs = qs.filter(valid_from__lte=end)
    return list(qs.select_related("organization"))


def assignment_record(
    *,
    acting_user: Any,
    data: AssignmentInput,
    close_open: bool = False,
    expected_version: int | None = None,
) -> Assignment:
    """Add a dated assignment. With ``close_open`` the person's open full-time assignment that
    started before ``valid_from`` is ended the day before (a move); any other overlap of full-time
    assignments is refused."""
    problems = Collector()
    person = Person.objects.filter(pk=data.person).first()
    org = Organization.objects.filter(pk=data.organization).first()
    if person is None:
        problems.add("person", _("Không có người này."))
    if org is None:
        problems.add("organization", _("Không có đơn vị này."))
    start = data.valid_from
    if start is None:
        problems.add("valid_from", _("Thiếu ngày bắt đầu."))
    if start is not None and data.valid_to is not None and data.valid_to < start:
        problems.add("valid_to", _("Ngày kết thúc trước ngày bắt đầu."))
    if org is not None and start is not None and not org.is_alive_on(start):
        problems.add("organization", _("Đơn vị không hoạt động vào ngày %(d)s.") % {"d": _d(start)})
    position = None
    if data.position:
        position = (
            ApprovedPosition.objects.select_related("decision").filter(pk=data.position).first()
        )
        if position is None or (org is not None and position.decision.organization_id != org.pk):
            problems.add("position", _("Vị trí việc làm không thuộc quyết định của đơn vị này."))
    if person is not None and start is not None and start < person.hired_on:
        problems.add("valid_from", _("Ngày bắt đầu trước ngày tuyển dụng."))
    problems.raise_if_any()
    assert person is not None and org is not None and start is not None
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if expected_version is not None:
            check_version(person, expected_version)
        closed: list[Assignment] = []
        if close_open and data.full_time:
            for a in _overlapping(person.pk, start, None):
                if a.valid_to is None and a.valid_from < start:
                    closed.append(a)
        if data.full_time:
            clash = [a for a in _overlapping(person.pk, start, data.valid_to) if a not in closed]
            if clash:
                a = clash[0]
                raise Refused.one(
                    "valid_from",
                    _(
                        "Trùng thời gian với phân công chuyên trách tại %(o)s từ %(f)s%(t)s; "
                        "một người chỉ có một phân công chuyên trách tại một thời điểm."
                    )
                    % {
                        "o": a.organization,
                        "f": _d(a.valid_from),
                        "t": (" đến " + _d(a.valid_to)) if a.valid_to else "",
                    },
                )
        for a in closed:
            before = audit.snapshot(a)
            a.valid_to = start - ONE_DAY
            a.save(update_fields=["valid_to"])
            audit.record(
                actor=acting_user,
                action="assignment_end",
                obj=a,
                before=before,
                after=audit.snapshot(a),
            )
        new = Assignment.objects.create(
            person=person,
            organization=org,
            position=position,
            full_time=data.full_time,
            valid_from=start,
            valid_to=data.valid_to,
            note=nfc(data.note or ""),
        )
        person.version += 1
        person.save(update_fields=["version"])
        audit.record(
            actor=acting_user,
            action="assignment_create",
            obj=new,
            before=None,
            after=audit.snapshot(new),
        )
    return new


def assignment_set_position(
    *, acting_user: Any, assignment: Assignment, position: int | None, expected_version: int | None
) -> Assignment:
    """Correct the position of an assignment in place (an entry error, not a move)."""
    pos = None
    if position:
        pos = ApprovedPosition.objects.select_related("decision").filter(pk=position).first()
        if pos is None or pos.decision.organization_id != assignment.organization_id:
            raise Refused.one(
                "position", _("Vị trí việc làm không thuộc quyết định của đơn vị này.")
            )
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=assignment.person_id)
        check_version(person, expected_version)
        before = audit.snapshot(assignment)
        assignment.position = pos
        assignment.save(update_fields=["position"])
        person.version += 1
        person.save(update_fields=["version"])
        audit.record(
            actor=acting_user,
            action="assignment_correct",
            obj=assignment,
            before=before,
            after=audit.snapshot(assignment),
            reason=_("Sửa vị trí việc làm"),
        )
    return assignment


# ---------------------------------------------------------------------------------------------
# Titles, salary, ratings, appointments


def title_change(
    *,
    acting_user: Any,
    person: Person,
    title_code: str,
    rank: str,
    valid_from: dt.date,
    reason: str = HoldingReason.LEVEL_CHANGE,
    coefficient: Any = None,
) -> TitleHolding:
    """A new title or rank from ``valid_from`` (promotion, level change); the previous one ends."""
    holding = find_title_rank(title_code, rank)
    problems = Collector()
    if holding is None:
        problems.add(
            "rank", _("Chức danh “%(t)s” không có hạng “%(r)s”.") % {"t": title_code, "r": rank}
        )
    if valid_from < person.hired_on:
        problems.add("valid_from", _("Ngày bổ nhiệm trước ngày tuyển dụng."))
    coef = _decimal(coefficient)
    if coefficient not in (None, "") and (coef is None or (holding and not holding.fits(coef))):
        problems.add("coefficient", _("Hệ số lương nằm ngoài thang lương của chức danh, hạng."))
    if reason not in HoldingReason.values:
        problems.add("reason", _("Căn cứ không có trong danh mục."))
    problems.raise_if_any()
    assert holding is not None
    with transaction.atomic():
        for old in TitleHolding.objects.filter(
            person=person, valid_to__isnull=True, valid_from__lt=valid_from
        ):
            before = audit.snapshot(old)
            old.valid_to = valid_from - ONE_DAY
            old.save(update_fields=["valid_to"])
            audit.record(
                actor=acting_user,
                action="title_end",
                obj=old,
                before=before,
                after=audit.snapshot(old),
            )
        row = TitleHolding.objects.create(
            person=person, title_rank=holding, valid_from=valid_from, reason=reason
        )
        audit.record(
            actor=acting_user,
            action="title_create",
            obj=row,
            before=None,
            after=audit.snapshot(row),
        )
        if coef is not None:
            step = SalaryStep.objects.create(person=person, coefficient=coef, valid_from=valid_from)
            audit.record(
                actor=acting_user,
                action="salary_create",
                obj=step,
                before=None,
                after=audit.snapshot(step),
            )
    return row


def allowance_record(
    *,
    acting_user: Any,
    person: Person,
    kind: str,
    coefficient: Any,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
) -> Allowance:
    coef = _decimal(coefficient)
    problems = Collector()
    if kind not in AllowanceKind.values:
        problems.add("kind", _("Loại phụ cấp không có trong danh mục."))
    if coef is None or coef < 0:
        problems.add("coefficient", _("Hệ số phụ cấp phải là số không âm."))
    if valid_to is not None and valid_to < valid_from:
        problems.add("valid_to", _("Ngày kết thúc trước ngày bắt đầu."))
    problems.raise_if_any()
    assert coef is not None
    with transaction.atomic():
        row = Allowance.objects.create(
            person=person, kind=kind, coefficient=coef, valid_from=valid_from, valid_to=valid_to
        )
        audit.record(
            actor=acting_user,
            action="allowance_create",
            obj=row,
            before=None,
            after=audit.snapshot(row),
        )
    return row


def rating_record(
    *, acting_user: Any, person: Person, period: str, year: int, grade: str, part: int = 0
) -> Rating:
    """Rate a person for a quarter (part 1–4), a half-year (1–2) or a year (ND 233/2026)."""
    problems = Collector()
    if period not in RatingPeriod.values:
        problems.add("period", _("Kỳ đánh giá phải là quý, 6 tháng hoặc năm."))
    else:
        parts = {
            RatingPeriod.QUARTER: (1, 4),
            RatingPeriod.HALF: (1, 2),
            RatingPeriod.YEAR: (0, 0),
        }[RatingPeriod(period)]
        if not parts[0] <= part <= parts[1]:
            problems.add("part", _("Số thứ tự kỳ đánh giá không hợp lệ."))
    if grade not in Grade.values:
        problems.add("grade", _("Mức xếp loại không có trong danh mục."))
    if year < person.hired_on.year:
        problems.add(
            "year",
            _("Không xếp loại cho năm %(y)s: người này được tuyển dụng ngày %(h)s.")
            % {"y": year, "h": _d(person.hired_on)},
        )
    if year > timezone.localdate().year:
        problems.add("year", _("Không xếp loại cho năm chưa đến."))
    if Rating.objects.filter(person=person, period=period, year=year, part=part).exists():
        problems.add("year", _("Kỳ này đã được xếp loại."))
    problems.raise_if_any()
    with transaction.atomic():
        row = Rating.objects.create(person=person, period=period, year=year, part=part, grade=grade)
        audit.record(
            actor=acting_user,
            action="rating_create",
            obj=row,
            before=None,
            after=audit.snapshot(row),
        )
    return row


def appointment_record(
    *,
    acting_user: Any,
    person: Person,
    organization: int,
    role: str,
    title: str,
    decision: DecisionInput | LegalDocument,
    valid_from: dt.date,
) -> LeadershipAppointment:
    """Appoint a person head or deputy of a unit for a 5-year term (the term ends the day before
    the fifth anniversary)."""
    problems = Collector()
    org = Organization.objects.filter(pk=organization).first()
    if org is None or not org.is_alive_on(valid_from):
        problems.add("organization", _("Đơn vị không hoạt động vào ngày bổ nhiệm."))
    if role not in LeaderRole.values:
        problems.add("role", _("Chức vụ phải là cấp trưởng hoặc cấp phó."))
    if valid_from < person.hired_on:
        problems.add("valid_from", _("Ngày bổ nhiệm trước ngày tuyển dụng."))
    problems.raise_if_any()
    assert org is not None
    with transaction.atomic():
        doc = (
            decision
            if isinstance(decision, LegalDocument)
            else document_resolve(acting_user=acting_user, decision=decision)
        )
        row = LeadershipAppointment.objects.create(
            person=person,
            organization=org,
            role=role,
            title=nfc(title) or str(LeaderRole(role).label),
            document=doc,
            valid_from=valid_from,
            term_end=add_years(valid_from, TERM_YEARS) - ONE_DAY,
        )
        audit.record(
            actor=acting_user,
            action="appointment_create",
            obj=row,
            before=None,
            after=audit.snapshot(row),
        )
    return row


# ---------------------------------------------------------------------------------------------
# Exports of personal data are audited


def export_record(
    *, acting_user: Any, what: str, scope: Organization | None, rows: int, params: dict[str, Any]
) -> None:
    """Write the audit row of an export of personal data (who, what, which scope, how many)."""
    obj: Any = scope if scope is not None else acting_user
    audit.record(
        actor=acting_user,
        action="personal_data_export",
        obj=obj,
        before=None,
        after={"what": what, "rows": rows, "params": params},
        reason=_("Xuất dữ liệu cá nhân"),
    )


# ---------------------------------------------------------------------------------------------
# The bulk load (demo, benchmark): people written with bulk_create, one audit row per batch


@dataclass
class BulkPeople:
    people: list[Person] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)  # person set by index
    holdings: list[TitleHolding] = field(default_factory=list)
    salaries: list[SalaryStep] = field(default_factory=list)
    qualifications: list[Qualification] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    appointments: list[LeadershipAppointment] = field(default_factory=list)


def people_bulk_load(
    *, acting_user: Any, batch: BulkPeople, organization: Organization, label: str
) -> None:
    """Write already-validated people and their records with ``bulk_create`` and ONE audit row that
    summarises the batch (used by the demo loader; the services above are for single changes)."""
    with transaction.atomic():
        Person.objects.bulk_create(batch.people, batch_size=2000)
        for rows in (
            batch.assignments,
            batch.holdings,
            batch.salaries,
            batch.qualifications,
            batch.ratings,
            batch.appointments,
        ):
            for r in rows:
                r.person_id = r.person.pk  # type: ignore[attr-defined]
        Assignment.objects.bulk_create(batch.assignments, batch_size=2000)
        TitleHolding.objects.bulk_create(batch.holdings, batch_size=2000)
        SalaryStep.objects.bulk_create(batch.salaries, batch_size=2000)
        Qualification.objects.bulk_create(batch.qualifications, batch_size=2000)
        Rating.objects.bulk_create(batch.ratings, batch_size=2000)
        LeadershipAppointment.objects.bulk_create(batch.appointments, batch_size=2000)
        audit.record(
            actor=acting_user,
            action="people_bulk_load",
            obj=organization,
            before=None,
            after={
                "people": len(batch.people),
                "assignments": len(batch.assignments),
                "appointments": len(batch.appointments),
            },
            reason=label,
        )


# ---------------------------------------------------------------------------------------------
# The workforce step of the one door for events (restructuring.services.STEPS)

_ENDING = (
    EventKind.MERGE,
    EventKind.ABSORB,
    EventKind.SPLIT,
    EventKind.DISSOLVE,
    EventKind.CONVERT_JSC,
)


@dataclass
class _Move:
    """The people's part of one event: the units it ends and the single successor, if any."""

    acting_user: Any
    event: ReorgEvent
    ended: list[Organization]
    target: int | None


@dataclass
class _Batch:
    moves: list[_Move] = field(default_factory=list)
    units: set[int] = field(default_factory=set)

    def flush(self) -> None:
        moves, self.moves, self.units = self.moves, [], set()
        _write_moves(moves)


_batch: contextvars.ContextVar[_Batch | None] = contextvars.ContextVar(
    "workforce_reorg_batch", default=None
)


@contextlib.contextmanager
def reorg_moves_batched() -> Iterator[None]:
    """Inside the block (in one transaction: a restructuring project applying hundreds of events
    through the one door), this step collects the people's moves of each event and writes them
    together — when the block ends, or first when an event involves a unit of a collected move
    (so every event still sees the people of the events before it). The same rows and audit rows
    as event by event; nothing is written if the block fails."""
    with batching.scoped(_batch, _Batch, _Batch.flush):
        yield


def on_reorg_event(*, acting_user: Any, event: ReorgEvent) -> None:
    """End the assignments in the units the event ends, on the day before it; reopen them in the
    single successor (merge, absorb) — positions are left empty until the successor's positions
    are approved — or list the people as to be placed (split, dissolve, conversion). Leadership
    appointments move with the people to a single successor, keeping their decision and term
    (excess deputies are then reported with their deadline)."""
    if event.kind not in _ENDING:
        return
    last = event.effective_date - ONE_DAY
    links = event.links_with_units()
    ended = [
        link.organization
        for link in links
        if link.role == LinkRole.PREDECESSOR and link.organization.valid_to == last
    ]
    succs = [link.organization_id for link in links if link.role == LinkRole.SUCCESSOR]
    target = (
        succs[0] if len(succs) == 1 and event.kind in (EventKind.MERGE, EventKind.ABSORB) else None
    )
    if not ended:
        return
    move = _Move(acting_user, event, ended, target)
    batch = _batch.get()
    if batch is None:
        _write_moves([move])
        return
    involved = {link.organization_id for link in links} | {o.pk for o in ended}
    if involved & batch.units:
        batch.flush()
    batch.moves.append(move)
    batch.units |= involved | ({target} if target else set())


def _write_moves(moves: list[_Move]) -> None:
    """The people's moves of ``moves`` (events in order), read and written in bulk."""
    if not moves:
        return
    # Read as plain rows (a project moves tens of thousands of people through this step): the
    # audit's before is the same snapshot as from an instance (audit.snapshot_rows).
    columns = audit.attnames(Assignment)
    col = {c: i for i, c in enumerate(columns)}
    i_id, i_person, i_org = col["id"], col["person_id"], col["organization_id"]
    i_from, i_full = col["valid_from"], col["full_time"]
    move_of = {o.pk: n for n, m in enumerate(moves) for o in m.ended}
    by_day: dict[dt.date, list[int]] = {}
    for m in moves:
        by_day.setdefault(m.event.effective_date, []).extend(o.pk for o in m.ended)
    rows_of: list[list[tuple[Any, ...]]] = [[] for _m in moves]
    for day, ids in by_day.items():
        for r in (
            Assignment.objects.select_for_update()
            .filter(organization_id__in=ids)
            .filter(alive_on(day) | Q(valid_to__isnull=True))
            .values_list(*columns)
        ):
            rows_of[move_of[r[i_org]]].append(r)
    # Rows that start only on or after the event's day cannot end the day before: with a single
    # successor they move to it as they are; otherwise nobody can say where they go.
    later_of: list[list[int]] = []
    for n, m in enumerate(moves):
        last = m.event.effective_date - ONE_DAY
        later_of.append([r[i_id] for r in rows_of[n] if r[i_from] > last])
        rows_of[n] = [r for r in rows_of[n] if r[i_from] <= last]
        if later_of[n] and m.target is None:
            a = Assignment.objects.get(pk=later_of[n][0])
            raise Refused.one(
                "predecessors",
                _(
                    "Người có mã %(person)s được bố trí vào %(unit)s từ ngày %(start)s, sau ngày "
                    "đơn vị chấm dứt hoạt động (%(end)s): sửa quá trình công tác này trước khi "
                    "ghi sự kiện."
                )
                % {
                    "person": a.person_id,
                    "unit": next(str(o) for o in m.ended if o.pk == a.organization_id),
                    "start": a.valid_from.strftime("%d/%m/%Y"),
                    "end": last.strftime("%d/%m/%Y"),
                },
            )
    # Those rows of all the moves: read, moved and audited together.
    later_all = {
        a.pk: a for a in Assignment.objects.filter(pk__in=[pk for ids in later_of for pk in ids])
    }
    later_befores = {pk: audit.snapshot(a) for pk, a in later_all.items()}
    bulk.update_values(
        Assignment,
        ["organization_id", "event_id"],
        [(pk, m.target, m.event.pk) for n, m in enumerate(moves) for pk in later_of[n]],
    )
    for n, m in enumerate(moves):
        if not later_of[n]:
            continue
        later = [later_all[pk] for pk in sorted(later_of[n])]
        for a in later:
            a.organization_id, a.event = m.target, m.event  # type: ignore[assignment]
        audit.record_many(
            actor=m.acting_user,
            action="event_assignment_move",
            objects=later,
            befores=[later_befores[a.pk] for a in later],
            afters=[audit.snapshot(a) for a in later],
            reason=str(m.event),
        )
    # In bulk (a project ends hundreds of units with thousands of people at once): the open rows
    # end on the day before, then one new row each — in the successor, or a waiting placement —
    # with one audit row each (before: the ended row; after: the new one).
    # The rows read above (locked), by the same conditions: no list of ids to send.
    for day, ids in by_day.items():
        Assignment.objects.filter(organization_id__in=ids).filter(
            alive_on(day) | Q(valid_to__isnull=True)
        ).filter(valid_from__lte=day - ONE_DAY).update(valid_to=day - ONE_DAY)
    note = _("Chuyển theo sự kiện sắp xếp")
    names = ["person_id", "organization_id", "full_time", "valid_from", "event_id", "note"]
    values_of = [
        [
            (
                r[i_person],
                m.target,
                r[i_full],
                max(m.event.effective_date, r[i_from]),
                m.event.pk,
                note,
            )
            for r in rows_of[n]
        ]
        if m.target is not None
        else []
        for n, m in enumerate(moves)
    ]
    new_ids = iter(bulk.insert_values(Assignment, names, [v for vs in values_of for v in vs]))
    pending = bulk.insert_objects(
        [
            PendingPlacement(
                person_id=r[i_person],
                from_organization_id=r[i_org],
                event=m.event,
                since=m.event.effective_date,
            )
            for n, m in enumerate(moves)
            if m.target is None
            for r in rows_of[n]
        ]
    )
    waiting = iter(pending)
    # The new rows as an instance's snapshot: the defaults, then the values written.
    blank = audit.snapshot(Assignment(person_id=0, organization_id=0, valid_from=dt.date.min))
    for n, m in enumerate(moves):
        befores = audit.snapshot_rows(Assignment, rows_of[n])
        if m.target is not None:
            ids = [next(new_ids) for _v in values_of[n]]
            audit.record_rows(
                actor=m.acting_user,
                action="event_assignment_move",
                model=Assignment,
                ids=ids,
                reprs=[f"{v[0]}@{v[1]} {v[3]}" for v in values_of[n]],  # Assignment.__str__
                befores=befores,
                afters=[
                    {
                        **blank,
                        "id": new_id,
                        "person": v[0],
                        "organization": v[1],
                        "full_time": v[2],
                        "valid_from": v[3].isoformat(),
                        "event": v[4],
                        "note": v[5],
                    }
                    for new_id, v in zip(ids, values_of[n], strict=True)
                ],
                reason=str(m.event),
                json_ready=True,
            )
        else:
            created = [next(waiting) for _r in rows_of[n]]
            audit.record_many(
                actor=m.acting_user,
                action="event_to_place",
                objects=created,
                befores=befores,
                afters=[audit.snapshot(w) for w in created],
                reason=str(m.event),
            )
    _move_appointments(moves, move_of)


def _move_appointments(moves: list[_Move], move_of: dict[int, int]) -> None:
    appointments_of: list[list[LeadershipAppointment]] = [[] for _m in moves]
    by_day: dict[dt.date, list[int]] = {}
    for m in moves:
        by_day.setdefault(m.event.effective_date, []).extend(o.pk for o in m.ended)
    for day, ids in by_day.items():
        for ap in (
            LeadershipAppointment.objects.select_for_update()
            .filter(organization_id__in=ids)
            .filter(alive_on(day) | Q(valid_to__isnull=True))
        ):
            appointments_of[move_of[ap.organization_id]].append(ap)
    if not any(appointments_of):
        return
    befores_of = [[audit.snapshot(ap) for ap in aps] for aps in appointments_of]
    closing: dict[dt.date, list[int]] = {}
    for n, m in enumerate(moves):
        last = m.event.effective_date - ONE_DAY
        closing.setdefault(last, []).extend(ap.pk for ap in appointments_of[n])
        for ap in appointments_of[n]:
            ap.valid_to = last
    for last, ids in closing.items():
        if ids:
            LeadershipAppointment.objects.filter(pk__in=ids).update(valid_to=last)
    moved = bulk.insert_objects(
        [
            LeadershipAppointment(
                person_id=ap.person_id,
                organization_id=m.target,
                role=ap.role,
                title=ap.title,
                document_id=ap.document_id,
                valid_from=m.event.effective_date,
                term_end=ap.term_end,
            )
            for n, m in enumerate(moves)
            if m.target is not None
            for ap in appointments_of[n]
        ]
    )
    moved_iter = iter(moved)
    for n, m in enumerate(moves):
        if not appointments_of[n]:
            continue
        audit.record_many(
            actor=m.acting_user,
            action="event_appointment_end",
            objects=appointments_of[n],
            befores=befores_of[n],
            afters=[audit.snapshot(ap) for ap in appointments_of[n]],
            reason=str(m.event),
        )
        if m.target is not None:
            audit.record_many(
                actor=m.acting_user,
                action="event_appointment_move",
                objects=[next(moved_iter) for _ap in appointments_of[n]],
                reason=str(m.event),
            )


def placement_resolve(
    *, acting_user: Any, pending: PendingPlacement, data: AssignmentInput
) -> Assignment:
    """Place a person waiting after an event: a new assignment, and the waiting row closed."""
    with transaction.atomic():
        new = assignment_record(acting_user=acting_user, data=data)
        before = audit.snapshot(pending)
        pending.resolved_on = data.valid_from
        pending.save(update_fields=["resolved_on"])
        audit.record(
            actor=acting_user,
            action="placement_resolve",
            obj=pending,
            before=before,
            after=audit.snapshot(pending),
        )
    return new

"""The batch service of people (the workforce import): every check on the whole set, problems by
row, nothing written on a refusal, one audit row per person without the identification number."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry
from tinhgon.workforce.models import Assignment, Person, Qualification, SalaryStep, TitleHolding
from tinhgon.workforce.services import PersonInput, people_record
from tinhgon.workforce.tests.conftest import catalogue

pytestmark = pytest.mark.django_db


def _row(org, name, id_number="", **kw):
    kw.setdefault("birth", "1988")
    kw.setdefault("sex", "F")
    kw.setdefault("employment_kind", "vien_chuc")
    kw.setdefault("hired_on", dt.date(2012, 9, 1))
    return PersonInput(full_name=name, organization=org.pk, id_number=id_number, **kw)


def test_a_batch_writes_people_records_and_audit(registry):
    catalogue()
    rows = [
        _row(registry.school_pdp, "Lê Thị An", "042188000001", title_code="V.07.05", rank="III",
             coefficient="3,00", qualification="university"),
        _row(registry.hospital, "Võ Văn Bình", sex="M", title_code="V.08.01", rank="III"),
    ]  # fmt: skip
    people = people_record(acting_user=None, rows=rows, prefix="people")
    assert [p.full_name for p in people] == ["Lê Thị An", "Võ Văn Bình"]
    assert all(p.pk for p in people)
    first = Person.objects.get(id_number="042188000001")
    assert first.name_folded == "le thi an" and first.birth_year_only and first.version == 1
    a = Assignment.objects.get(person=first)
    assert a.organization_id == registry.school_pdp.pk and a.full_time and a.valid_to is None
    assert TitleHolding.objects.filter(person__in=people).count() == 2
    assert SalaryStep.objects.get(person=first).coefficient == 3
    assert Qualification.objects.get(person=first).level == "university"
    entries = AuditEntry.objects.filter(action="person_create").order_by("id")
    assert [e.object_id for e in entries] == [str(p.pk) for p in people]
    assert entries[0].after["organization"] == registry.school_pdp.pk
    assert "id_number" not in entries[0].after and "042188000001" not in str(entries[0].after)


def test_a_batch_reports_every_row_and_writes_nothing(registry):
    catalogue()
    people_record(acting_user=None, rows=[_row(registry.school_pdp, "Có Rồi", "042188000009")])
    before = (Person.objects.count(), Assignment.objects.count(), AuditEntry.objects.count())
    rows = [
        _row(registry.school_pdp, "Tốt", "042188000010"),
        _row(registry.school_pdp, "Trùng Một", "042188000011"),
        _row(registry.school_pdp, "Trùng Hai", "042188000011"),
        _row(registry.school_pdp, "Đã Dùng", "042188000009"),
        _row(registry.school_pdp, "Trẻ", birth=dt.date(2000, 1, 1)),
        _row(registry.school_pdp, "Sai Hạng", title_code="V.07.05", rank="IX"),
        _row(registry.school_pdp, "Ngoài Thang", title_code="V.07.05", rank="III",
             coefficient="9,99"),
        _row(registry.school_pdp, "Tương Lai", birth=dt.date(2100, 1, 1)),
    ]  # fmt: skip
    with pytest.raises(Refused) as exc:
        people_record(acting_user=None, rows=rows, prefix="people")
    paths = {p.path for p in exc.value.problems}
    assert paths == {
        "people[1].id_number",
        "people[2].id_number",
        "people[3].id_number",
        "people[4].birth",
        "people[5].rank",
        "people[6].coefficient",
        "people[7].birth",
    }
    after = (Person.objects.count(), Assignment.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_one_row_keeps_the_bare_field_paths(registry):
    with pytest.raises(Refused) as exc:
        people_record(acting_user=None, rows=[_row(registry.school_pdp, "", sex="X")])
    assert {p.path for p in exc.value.problems} == {"full_name", "sex"}

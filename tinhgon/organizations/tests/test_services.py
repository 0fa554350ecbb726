"""Events through the one door: each kind, lineage, decisions, refusals that write nothing."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from tinhgon.conftest import counts, decision, name_on, new_unit, record
from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry
from tinhgon.organizations import selectors
from tinhgon.organizations.choices import EventKind, Kind, LinkRole, Sector
from tinhgon.organizations.models import LegalDocument, OrganizationState
from tinhgon.organizations.services import EventInput, organization_correct
from tinhgon.restructuring.services import event_record

D = dt.date(2025, 7, 1)
EVE = dt.date(2025, 6, 30)

pytestmark = pytest.mark.django_db


def _refused(reg_people_actor, **kw) -> Refused:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused) as info:
        record(actor=reg_people_actor, **kw)
    return info.value


def _paths(exc: Refused) -> list[str]:
    return [p.path for p in exc.problems]


def _successors(org):  # type: ignore[no-untyped-def]
    return [link.organization for link in selectors.lineage(org)["successors"]]


def _predecessors(org):  # type: ignore[no-untyped-def]
    return [link.organization for link in selectors.lineage(org)["predecessors"]]


# --- each kind ---


def test_establish_creates_a_unit_from_the_effective_date(registry, people):
    event = record(
        EventKind.ESTABLISH,
        D,
        succs=[new_unit("Trường Mầm non Hoa Sen", registry.commune)],
        actor=people.supervisor,
    )
    org = event.links.get(role=LinkRole.SUCCESSOR).organization
    assert org.valid_from == D and org.valid_to is None
    assert name_on(org, EVE) is None
    state = org.state_on(D)
    assert state.name == "Trường Mầm non Hoa Sen"
    assert state.managing_body_id == registry.commune.pk
    assert state.level == "commune"
    assert state.opened_by == event


def test_rename_ends_the_old_name_on_the_eve_and_keeps_the_unit(registry, people):
    record(
        EventKind.RENAME,
        D,
        preds=[registry.cdc],
        changes={"name": "Trung tâm Kiểm soát bệnh tật Hà Tĩnh"},
        actor=people.supervisor,
    )
    registry.cdc.refresh_from_db()
    assert registry.cdc.valid_to is None
    assert name_on(registry.cdc, EVE) == "Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh"
    assert name_on(registry.cdc, D) == "Trung tâm Kiểm soát bệnh tật Hà Tĩnh"
    old, new = registry.cdc.states.order_by("valid_from")
    assert (old.valid_to, new.valid_from, new.valid_to) == (EVE, D, None)
    assert new.managing_body_id == old.managing_body_id and new.kind == old.kind


def test_merge_ends_every_predecessor_and_links_both_ways(registry, people):
    event = record(
        EventKind.MERGE,
        D,
        preds=[registry.commune, registry.commune2],
        succs=[
            new_unit(
                "UBND xã Đức Thọ mới",
                registry.district,
                kind=Kind.COMMUNE_COMMITTEE,
                sector=Sector.STATE_MANAGEMENT,
            )
        ],
        actor=people.supervisor,
    )
    new = event.links.get(role=LinkRole.SUCCESSOR).organization
    for old in (registry.commune, registry.commune2):
        old.refresh_from_db()
        assert old.valid_to == EVE
        assert old.states.get().valid_to == EVE
        assert _successors(old) == [new]
    back = selectors.lineage(new)["predecessors"]
    assert {link.organization.pk for link in back} == {registry.commune.pk, registry.commune2.pk}
    assert {link.name for link in back} == {"UBND xã Tùng Ảnh", "UBND xã Đức Lạc"}
    assert all(link.event == event for link in back)


def test_absorb_ends_the_absorbed_unit_and_keeps_the_receiver(registry, people):
    record(
        EventKind.ABSORB,
        D,
        preds=[registry.gdtx],
        succs=[registry.school_pdp],
        actor=people.supervisor,
    )
    registry.gdtx.refresh_from_db()
    registry.school_pdp.refresh_from_db()
    assert registry.gdtx.valid_to == EVE
    assert registry.school_pdp.valid_to is None
    assert registry.school_pdp.states.count() == 1
    assert _successors(registry.gdtx) == [registry.school_pdp]
    assert _predecessors(registry.school_pdp) == [registry.gdtx]


def test_split_ends_the_unit_and_opens_two_new_ones(registry, people):
    event = record(
        EventKind.SPLIT,
        D,
        preds=[registry.primary],
        succs=[
            new_unit("Trường Tiểu học Tùng Ảnh 1", registry.commune),
            new_unit("Trường Tiểu học Tùng Ảnh 2", registry.commune),
        ],
        actor=people.supervisor,
    )
    registry.primary.refresh_from_db()
    assert registry.primary.valid_to == EVE
    names = sorted(link.name for link in selectors.lineage(registry.primary)["successors"])
    assert names == ["Trường Tiểu học Tùng Ảnh 1", "Trường Tiểu học Tùng Ảnh 2"]
    for link in event.links.filter(role=LinkRole.SUCCESSOR):
        assert link.organization.valid_from == D


def test_separate_keeps_the_unit_and_adds_a_new_one(registry, people):
    event = record(
        EventKind.SEPARATE,
        D,
        preds=[registry.hospital],
        succs=[
            new_unit(
                "Bệnh viện Phục hồi chức năng",
                registry.health,
                kind=Kind.HOSPITAL,
                sector=Sector.HEALTH,
            )
        ],
        actor=people.supervisor,
    )
    registry.hospital.refresh_from_db()
    assert registry.hospital.valid_to is None
    new = event.links.get(role=LinkRole.SUCCESSOR).organization
    assert _successors(registry.hospital) == [new]
    assert _predecessors(new) == [registry.hospital]


def test_transfer_moves_the_unit_to_another_managing_body_from_the_date(registry, people):
    record(
        EventKind.TRANSFER,
        D,
        preds=[registry.school_hxh],
        changes={"managing_body": registry.commune.pk},
        actor=people.supervisor,
    )
    assert registry.school_hxh.state_on(EVE).managing_body_id == registry.district.pk
    after = registry.school_hxh.state_on(D)
    assert after.managing_body_id == registry.commune.pk
    assert after.level == "commune"
    assert registry.school_hxh.pk in selectors.subtree_ids([registry.commune.pk], D)
    assert registry.school_hxh.pk not in selectors.subtree_ids([registry.commune.pk], EVE)


def test_change_of_autonomy_group_opens_a_state_with_the_new_group(registry, people):
    record(
        EventKind.CHANGE_AUTONOMY_GROUP,
        D,
        preds=[registry.hospital],
        changes={"autonomy_group": 2},
        actor=people.supervisor,
    )
    assert registry.hospital.state_on(EVE).autonomy_group is None
    assert registry.hospital.state_on(D).autonomy_group == 2


def test_conversion_to_a_joint_stock_company_ends_the_unit(registry, people):
    record(EventKind.CONVERT_JSC, D, preds=[registry.gdtx], actor=people.supervisor)
    registry.gdtx.refresh_from_db()
    assert registry.gdtx.valid_to == EVE
    assert selectors.unit_counts(D, "sector")["total"] == selectors.unit_counts(EVE)["total"] - 1


def test_dissolve_ends_the_unit_and_drops_it_from_the_counts(registry, people):
    before = selectors.unit_counts(EVE, "sector")
    record(EventKind.DISSOLVE, D, preds=[registry.cdc], actor=people.supervisor)
    registry.cdc.refresh_from_db()
    assert registry.cdc.valid_to == EVE
    after = selectors.unit_counts(D, "sector")
    assert after["total"] == before["total"] - 1
    health = {g["key"]: g["count"] for g in after["groups"]}["health"]
    assert health == 2


def test_conversion_of_an_agency_is_refused(registry, people):
    exc = _refused(people.supervisor, kind=EventKind.CONVERT_JSC, day=D, preds=[registry.health])
    assert "không phải đơn vị sự nghiệp công lập" in str(exc)


# --- decisions ---


def test_a_decision_is_reused_when_number_date_and_folded_issuer_match(registry, people):
    first = record(
        EventKind.DISSOLVE,
        D,
        preds=[registry.cdc],
        doc=decision(EVE, "15/QĐ-UBND", issuer="UBND tỉnh Hà Tĩnh"),
    )
    second = record(
        EventKind.DISSOLVE,
        D,
        preds=[registry.gdtx],
        doc=decision(EVE, "15/QĐ-UBND", issuer="ubnd TINH ha tinh"),
    )
    assert first.decision_id == second.decision_id
    assert LegalDocument.objects.filter(number="15/QĐ-UBND").count() == 1
    doc = first.decision
    assert (doc.seq, doc.type_code, doc.type_name) == (15, "QĐ", "Quyết định")
    assert doc.issuer_org_id == registry.province.pk


def test_same_number_on_another_date_is_another_decision(registry, people):
    first = record(EventKind.DISSOLVE, D, preds=[registry.cdc], doc=decision(EVE, "15/QĐ-UBND"))
    second = record(EventKind.DISSOLVE, D, preds=[registry.gdtx], doc=decision(D, "15/QĐ-UBND"))
    assert first.decision_id != second.decision_id


# --- refusals: each writes nothing ---


def _assert_refused_and_nothing_written(exc_kwargs, path_start, words):  # type: ignore[no-untyped-def]
    before = counts()
    with pytest.raises(Refused) as info:
        record(**exc_kwargs)
    assert counts() == before
    problems = info.value.problems
    assert any(p.path.startswith(path_start) for p in problems), problems
    text = str(info.value)
    for word in words:
        assert word in text, text
    return info.value


def test_event_on_a_unit_that_did_not_exist_yet_is_refused(registry, people):
    _assert_refused_and_nothing_written(
        dict(
            kind=EventKind.DISSOLVE,
            day=dt.date(2005, 3, 1),
            preds=[registry.cdc],
            doc=decision(dt.date(2005, 2, 1)),
        ),
        "predecessors[0]",
        ["bắt đầu hoạt động", "01/01/2010"],
    )


def test_merge_of_a_single_unit_is_refused(registry, people):
    _assert_refused_and_nothing_written(
        dict(
            kind=EventKind.MERGE,
            day=D,
            preds=[registry.commune],
            succs=[new_unit("UBND xã Mới", registry.district, kind=Kind.COMMUNE_COMMITTEE)],
        ),
        "predecessors",
        ["Hợp nhất cần ít nhất 2 đơn vị trước"],
    )


def test_absorb_into_a_dissolved_unit_is_refused(registry, people):
    record(EventKind.DISSOLVE, dt.date(2024, 1, 1), preds=[registry.school_pdp])
    _assert_refused_and_nothing_written(
        dict(kind=EventKind.ABSORB, day=D, preds=[registry.gdtx], succs=[registry.school_pdp]),
        "successors",
        ["không còn tồn tại", "Trường THPT Phan Đình Phùng"],
    )


def test_split_without_successors_is_refused(registry, people):
    _assert_refused_and_nothing_written(
        dict(kind=EventKind.SPLIT, day=D, preds=[registry.primary]),
        "successors",
        ["ít nhất 2 đơn vị mới"],
    )


def test_change_before_the_unit_was_established_is_refused(registry, people):
    event = record(
        EventKind.ESTABLISH, D, succs=[new_unit("Trường Mầm non Hoa Sen", registry.commune)]
    )
    unit = event.links.get().organization
    _assert_refused_and_nothing_written(
        dict(
            kind=EventKind.RENAME,
            day=dt.date(2025, 3, 1),
            preds=[unit],
            changes={"name": "Trường Mầm non Hoa Hồng"},
            doc=decision(dt.date(2025, 2, 1)),
        ),
        "predecessors[0]",
        ["Trường Mầm non Hoa Sen", "01/07/2025"],
    )


def test_new_unit_under_a_body_that_did_not_exist_yet_is_refused(registry, people):
    event = record(
        EventKind.ESTABLISH, D, succs=[new_unit("Trường Mầm non Hoa Sen", registry.commune)]
    )
    parent = event.links.get().organization
    _assert_refused_and_nothing_written(
        dict(
            kind=EventKind.ESTABLISH,
            day=dt.date(2025, 3, 1),
            succs=[new_unit("Điểm trường Hoa Sen", parent)],
            doc=decision(dt.date(2025, 2, 1)),
        ),
        "successors[0].managing_body",
        ["không tồn tại vào ngày 01/03/2025"],
    )


def test_effective_date_before_the_decision_date_is_refused(registry, people):
    _assert_refused_and_nothing_written(
        dict(
            kind=EventKind.DISSOLVE, day=D, preds=[registry.cdc], doc=decision(dt.date(2025, 7, 15))
        ),
        "effective_date",
        ["trước ngày ban hành quyết định", "15/07/2025"],
    )


def test_missing_decision_number_is_refused(registry, people):
    _assert_refused_and_nothing_written(
        dict(kind=EventKind.DISSOLVE, day=D, preds=[registry.cdc], doc=decision(EVE, " ")),
        "decision.number",
        ["Thiếu số, ký hiệu"],
    )


def test_malformed_decision_number_is_refused(registry, people):
    exc = _assert_refused_and_nothing_written(
        dict(kind=EventKind.DISSOLVE, day=D, preds=[registry.cdc], doc=decision(EVE, "abc")),
        "decision.number",
        [],
    )
    assert exc.problems[0].message.strip()


def test_unknown_event_kind_is_refused(registry, people):
    _assert_refused_and_nothing_written(
        dict(kind="teleport", day=D, preds=[registry.cdc]), "kind", ["teleport"]
    )


def test_unknown_sector_and_unit_kind_are_refused(registry, people):
    exc = _assert_refused_and_nothing_written(
        dict(
            kind=EventKind.ESTABLISH,
            day=D,
            succs=[new_unit("Trường X", registry.commune, sector="space", kind="rocket")],
        ),
        "successors[0]",
        ["space", "rocket"],
    )
    assert {"successors[0].sector", "successors[0].kind"} <= set(_paths(exc))


def test_events_out_of_chronological_order_are_refused(registry, people):
    record(EventKind.RENAME, D, preds=[registry.cdc], changes={"name": "CDC Hà Tĩnh"})
    _assert_refused_and_nothing_written(
        dict(
            kind=EventKind.DISSOLVE,
            day=dt.date(2025, 3, 1),
            preds=[registry.cdc],
            doc=decision(dt.date(2025, 2, 1)),
        ),
        "predecessors[0]",
        ["theo thứ tự thời gian", "01/07/2025"],
    )


def test_a_refused_event_from_event_record_rolls_back_the_decision_too(registry, people):
    before = counts()
    with pytest.raises(Refused):
        event_record(
            acting_user=people.supervisor,
            data=EventInput(
                kind=EventKind.MERGE,
                effective_date=D,
                decision=decision(EVE, "77/QĐ-UBND"),
                predecessors=[registry.cdc.pk],
            ),
        )
    assert counts() == before
    assert not LegalDocument.objects.filter(number="77/QĐ-UBND").exists()


# --- text ---


def test_nfd_names_are_stored_nfc_and_found_without_accents(registry, people):
    nfd = unicodedata.normalize("NFD", "Trường Mầm non Đức Thọ")
    assert nfd != "Trường Mầm non Đức Thọ"
    event = record(EventKind.ESTABLISH, D, succs=[new_unit(nfd, registry.district)])
    state = event.links.get().organization.state_on(D)
    assert state.name == "Trường Mầm non Đức Thọ"
    assert unicodedata.is_normalized("NFC", state.name)
    found = OrganizationState.objects.as_of(D).search("duc tho")
    assert state in found
    assert state in OrganizationState.objects.as_of(D).search("ĐỨC THỌ")


# --- corrections and versions ---


def test_correction_keeps_the_period_and_audits_the_reason(registry, people):
    org = registry.cdc
    state = org.states.get()
    corrected = organization_correct(
        acting_user=people.supervisor,
        organization=org,
        state=state,
        changes={"name": "Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh (CDC)"},
        reason="Nhập sai tên",
        expected_version=org.version,
    )
    assert org.states.count() == 1
    assert (corrected.valid_from, corrected.valid_to) == (dt.date(2010, 1, 1), None)
    assert name_on(org, dt.date(2012, 1, 1)) == "Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh (CDC)"
    row = AuditEntry.objects.for_object(org).filter(action="correct").get()
    assert row.reason == "Nhập sai tên"
    assert row.actor == people.supervisor
    assert row.before["state"]["name"] == "Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh"
    assert row.after["state"]["name"] == "Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh (CDC)"


def test_a_rename_is_a_change_from_a_date_not_a_correction(registry, people):
    record(EventKind.RENAME, D, preds=[registry.cdc], changes={"name": "CDC Hà Tĩnh"})
    assert registry.cdc.states.count() == 2
    assert name_on(registry.cdc, dt.date(2012, 1, 1)) == "Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh"


def test_correction_cannot_change_the_managing_body(registry, people):
    org = registry.cdc
    with pytest.raises(Refused) as info:
        organization_correct(
            acting_user=people.supervisor,
            organization=org,
            state=org.states.get(),
            changes={"managing_body": registry.education.pk},
            reason="x",
            expected_version=org.version,
        )
    assert "phải ghi bằng sự kiện" in str(info.value)


def test_stale_version_is_refused_with_what_changed(registry, people):
    org = registry.cdc
    stale = org.version
    organization_correct(
        acting_user=people.supervisor,
        organization=org,
        state=org.states.get(),
        changes={"unit_class": "Hạng I"},
        reason="Bổ sung hạng",
        expected_version=stale,
    )
    before = counts()
    with pytest.raises(Refused) as info:
        organization_correct(
            acting_user=people.officer_a,
            organization=org,
            state=org.states.get(),
            changes={"name": "Tên khác"},
            reason="Sửa tên",
            expected_version=stale,
        )
    assert counts() == before
    messages = [p.message for p in info.value.problems]
    assert all(p.path == "version" for p in info.value.problems)
    assert f"phiên bản của bạn {stale}, hiện tại {stale + 1}" in messages[0]
    assert any(
        "Chuyen-Vien-Snv (chuyen-vien-snv)" in m and "hạng đơn vị: “(trống)” → “Hạng I”" in m
        for m in messages[1:]
    )
    assert name_on(org, dt.date(2012, 1, 1)) == "Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh"


def test_dissolving_a_body_with_live_units_is_refused_and_names_them(registry):
    before = counts()
    with pytest.raises(Refused) as info:
        record(EventKind.DISSOLVE, D, preds=[registry.commune])
    message = info.value.problems[0].message
    assert "còn 2 đơn vị trực thuộc" in message and "Trường Mầm non Tùng Ảnh" in message
    assert counts() == before


def test_the_units_left_under_a_body_are_named_in_vietnamese_alphabetical_order(registry):
    """The same order on SQLite, on PostgreSQL whatever its collation, and inside a project's
    batch: Đ sorts with D, and accents after their letter ("Tổ" before "Trạm", "Trạm" before
    "Trung") — not by code point (Đ after Z, ạ after u)."""
    from django.db import transaction

    from tinhgon.conftest import _existing
    from tinhgon.restructuring.services import events_batched

    names = ["Trung tâm Y tế", "Tổ Văn phòng", "Trạm Y tế", "Đội Quản lý"]
    for name in names:
        _existing(name, Kind.INTERNAL_DIVISION, Sector.HEALTH, registry.hospital)
    expected = "(Đội Quản lý, Tổ Văn phòng, Trạm Y tế…)"
    for batched in (False, True):
        with pytest.raises(Refused) as info, transaction.atomic():
            block = events_batched(day=D, units=[registry.hospital.pk]) if batched else None
            with block or transaction.atomic():
                record(EventKind.DISSOLVE, D, preds=[registry.hospital])
        message = info.value.problems[0].message
        assert "còn 4 đơn vị trực thuộc" in message and expected in message, message


def test_a_unit_already_changed_later_is_not_carried_back_in_time(registry):
    """A division renamed from 01/09 cannot follow its hospital merged from 01/08 (its states
    would overlap): refused as when the events are recorded out of order — also in a batch."""
    from django.db import transaction

    from tinhgon.conftest import _existing
    from tinhgon.restructuring.services import events_batched

    office = _existing("Phòng Tổ chức", Kind.INTERNAL_DIVISION, Sector.HEALTH, registry.hospital)
    record(
        EventKind.RENAME,
        dt.date(2025, 9, 1),
        preds=[office],
        changes={"name": "Phòng Tổ chức - Hành chính"},
    )
    day = dt.date(2025, 8, 1)
    before = counts()
    for batched in (False, True):
        with pytest.raises(Refused) as info, transaction.atomic():
            block = events_batched(day=day, units=[registry.hospital.pk, registry.cdc.pk])
            with block if batched else transaction.atomic():
                record(
                    EventKind.MERGE,
                    day,
                    preds=[registry.hospital, registry.cdc],
                    succs=[new_unit("Trung tâm Y tế tỉnh", registry.health)],
                )
        assert [p.message for p in info.value.problems] == [
            "Đơn vị trực thuộc “Phòng Tổ chức” đã có thay đổi từ ngày 01/09/2025."
        ]
    assert counts() == before


def test_a_merge_carries_the_units_of_the_merged_bodies_to_the_successor(registry):
    event = record(
        EventKind.MERGE,
        D,
        preds=[registry.commune, registry.commune2],
        succs=[
            new_unit(
                "UBND xã Đức Thọ",
                registry.district,
                kind=Kind.COMMUNE_COMMITTEE,
                sector=Sector.STATE_MANAGEMENT,
            )
        ],
    )
    heir = event.links.get(role=LinkRole.SUCCESSOR).organization
    for school in (registry.preschool, registry.primary, registry.primary2):
        assert school.state_on(EVE).managing_body_id != heir.pk
        assert school.state_on(D).managing_body_id == heir.pk
        carried = school.state_on(D).opened_by
        # Each move is its own transfer by the same decision, so the school's timeline shows it.
        assert carried.kind == EventKind.TRANSFER and carried.decision_id == event.decision_id
    assert selectors.subtree_ids([heir.pk], D) == {
        heir.pk,
        registry.preschool.pk,
        registry.primary.pk,
        registry.primary2.pk,
    }

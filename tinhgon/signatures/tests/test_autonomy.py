"""Autonomy figures approved with a signature (the decision asked on the signing page): the group
is applied as by the plain approval, and a later change to the figures shows on the unit page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tinhgon.accounts.choices import Role
from tinhgon.autonomy.models import AutonomyFigures
from tinhgon.autonomy.tests.factories import submitted
from tinhgon.conftest import _user
from tinhgon.signatures import services
from tinhgon.signatures.models import Signature
from tinhgon.signatures.tests.conftest import CA, PASS, register


def test_figures_signed_approval(
    registry: Any, people: Any, test_ca: CA, signing_dir: Any, web: Any
) -> None:
    maker = _user("can-bo-benh-vien", Role.OFFICER, registry.hospital)
    obj = submitted(maker, registry.hospital, 2025)
    cred = register(
        people.officer_a, None, test_ca.get(services.person_name(people.officer_a)), people.admin
    )
    unit = f"/tu-chu/don-vi/{registry.hospital.pk}/"
    assert "Ký số và phê duyệt" in web("officer_a").get(unit).content.decode()
    resp = web("officer_a").post(
        f"/ky-so/phe-duyet/autonomy.autonomyfigures/{obj.pk}/",
        {
            "credential": cred.pk,
            "secret": PASS,
            "version": obj.version,
            "decision_number": "120/QĐ-UBND",
            "decision_date": "2026-03-01",
            "decision_issuer": "UBND tỉnh Hà Tĩnh",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[-2000:]
    obj.refresh_from_db()
    assert obj.status == "approved"
    assert registry.hospital.state_on(dt.date(2026, 3, 1)).autonomy_group == obj.group
    assert '"recurrent_expenditure_vnd"' in Signature.objects.get().data
    assert "Chữ ký hợp lệ và khớp" in web("officer_a").get(unit).content.decode()
    AutonomyFigures.objects.filter(pk=obj.pk).update(recurrent_expenditure_vnd=1)
    assert "Chữ ký KHÔNG còn khớp" in web("officer_a").get(unit).content.decode()

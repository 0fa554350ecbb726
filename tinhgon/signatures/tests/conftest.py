"""Fixtures of the signatures tests: one TEST CA for the session (keys are slow to make), its
files in a fresh signing directory per test, and credentials registered for the personas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tinhgon.conftest import People, Registry
from tinhgon.signatures import services
from tinhgon.signatures.choices import CredentialKind
from tinhgon.signatures.models import Credential
from tinhgon.signatures.testca import Issued, TestCA

UTC = dt.UTC
BASE = dt.datetime(2026, 1, 1, tzinfo=UTC)  # the tests' clock is 26/11/2026: all in force then
VALID = {"not_before": BASE, "not_after": dt.datetime(2029, 12, 31, tzinfo=UTC)}
PASS = "mat-khau-thu"


class CA:
    """The session's TEST CA; certificates issued on demand and kept by name."""

    def __init__(self) -> None:
        self.ca = TestCA.create(BASE - dt.timedelta(days=30))
        self.issued: dict[str, Issued] = {}

    def get(self, name: str, **kw: Any) -> Issued:
        key = f"{name}|{sorted(kw.items())}"
        if key not in self.issued:
            args = {**VALID, **kw}
            self.issued[key] = self.ca.issue(name, passphrase=PASS, **args)
        return self.issued[key]


@pytest.fixture(scope="session")
def test_ca() -> CA:
    return CA()


@pytest.fixture
def signing_dir(tmp_path: Path, settings: Any, test_ca: CA) -> Path:
    folder = tmp_path / "signing"
    (folder / "trust").mkdir(parents=True)
    (folder / "crl").mkdir()
    (folder / "trust" / "ca.pem").write_bytes(test_ca.ca.cert_pem)
    (folder / "crl" / "ca.crl").write_bytes(test_ca.ca.crl(dt.datetime(2026, 11, 1, tzinfo=UTC)))
    settings.TINHGON_SIGNATURE_DIR = folder
    settings.MEDIA_ROOT = tmp_path / "media"
    return folder


@dataclass
class Keys:
    supervisor: Credential
    leader: Credential
    province_seal: Credential


def register(who: Any, org: Any, issued: Issued, actor: Any) -> Credential:
    return services.credential_register(
        acting_user=actor,
        kind=CredentialKind.PKCS12,
        secret=PASS,
        user=who,
        organization=org,
        pkcs12=issued.p12,
    )


@pytest.fixture
def keys(signing_dir: Path, test_ca: CA, people: People, registry: Registry) -> Keys:
    sup = people.supervisor
    return Keys(
        supervisor=register(
            sup,
            None,
            test_ca.get(services.person_name(sup), title="Chuyên viên", organization="Sở Nội vụ"),
            people.admin,
        ),
        leader=register(
            people.leader,
            None,
            test_ca.get(services.person_name(people.leader), title="Phó Chủ tịch"),
            people.admin,
        ),
        province_seal=register(
            None, registry.province, test_ca.get(str(registry.province)), people.admin
        ),
    )

"""A USB token through PKCS#11, played by SoftHSM2 (apt softhsm2): register, sign, and refuse a
wrong PIN and a token that is not plugged in."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tinhgon.core.errors import Refused
from tinhgon.signatures import services
from tinhgon.signatures.choices import CredentialKind
from tinhgon.signatures.services import KeyUse
from tinhgon.signatures.tests.conftest import CA, Keys
from tinhgon.signatures.tests.test_documents import report_pdf
from tinhgon.signatures.verify import verify_pdf

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
PIN = "246810"


@pytest.fixture(scope="session")
def token(tmp_path_factory: Any, test_ca: CA) -> dict[str, str]:
    """A SoftHSM2 token "tinhgon-token" holding the inspector's key and certificate."""
    assert Path(MODULE).exists() and shutil.which("softhsm2-util"), "apt install softhsm2"
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    run = lambda *a: subprocess.run(["softhsm2-util", *a], check=True, capture_output=True)  # noqa: E731
    run("--init-token", "--free", "--label", "tinhgon-token", "--so-pin", "1357", "--pin", PIN)
    issued = test_ca.get("Thanh-Tra", title="Thanh tra viên")
    from cryptography.hazmat.primitives import serialization

    pem = issued.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    (folder / "key.pem").write_bytes(pem)
    run("--import", str(folder / "key.pem"), "--token", "tinhgon-token", "--label", "nguoi-ky",
        "--id", "01", "--pin", PIN)  # fmt: skip
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    lib = pkcs11.lib(MODULE)
    tok = lib.get_token(token_label="tinhgon-token")
    with tok.open(rw=True, user_pin=PIN) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: "nguoi-ky",
                Attribute.ID: b"\x01",
                Attribute.VALUE: issued.cert_der,
                Attribute.SUBJECT: issued.cert.subject.public_bytes(),
                Attribute.ISSUER: issued.cert.issuer.public_bytes(),
            }
        )
    (folder / "key.pem").unlink()
    return {"module": MODULE, "token": "tinhgon-token", "key": "nguoi-ky"}


def test_token_register_sign_and_refusals(token: dict[str, str], keys: Keys, people: Any) -> None:
    p11 = {"pkcs11_module": token["module"], "pkcs11_token": token["token"]}
    with pytest.raises(Refused, match="Mã PIN của token không đúng"):
        services.credential_register(
            acting_user=people.admin, kind=CredentialKind.PKCS11, secret="000000",
            user=people.inspector, pkcs11_key=token["key"], **p11,
        )  # fmt: skip
    cred = services.credential_register(
        acting_user=people.admin, kind=CredentialKind.PKCS11, secret=PIN,
        user=people.inspector, pkcs11_key=token["key"], **p11,
    )  # fmt: skip
    assert cred.pkcs12 is None and "Thanh-Tra" in cred.subject

    rep, data = report_pdf(people.inspector, people.inspector)
    rows = services.document_sign(
        acting_user=people.inspector, target=rep, data=data, file_name="x.pdf",
        person=KeyUse(cred, PIN),
    )  # fmt: skip
    report = verify_pdf(rows[0].document.read())
    assert report.ok and report.signatures[0].signer == "Thanh-Tra"

    cred.pkcs11_token = "token-khong-cam"
    with pytest.raises(Refused, match="Không tìm thấy token “token-khong-cam”"):
        services.document_sign(
            acting_user=people.inspector, target=rep, data=data, file_name="x.pdf",
            person=KeyUse(cred, PIN),
        )  # fmt: skip

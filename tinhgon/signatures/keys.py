"""Opening a signing key: a PKCS#12 file or a PKCS#11 token, behind one function.

:func:`open_key` takes a :class:`Credential` and the secret the holder types at signing (the
PKCS#12 passphrase or the token's PIN; never saved) and yields a pyHanko ``Signer``. Every failure
becomes a :class:`Refused` with a Vietnamese message: wrong passphrase or PIN, token not present,
a key whose certificate is not the one registered for the holder.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from asn1crypto import x509 as asn1_x509
from pyhanko.sign.signers.pdf_cms import Signer, SimpleSigner

from tinhgon.core.errors import Refused
from tinhgon.signatures.choices import CredentialKind
from tinhgon.signatures.models import Credential


def _check_same_certificate(cred: Credential, cert: asn1_x509.Certificate | None) -> None:
    if cert is None or cert.dump() != bytes(cred.certificate):
        raise Refused.one(
            "credential",
            "Khoá trong tệp/token không khớp với chứng thư số đã đăng ký cho người ký "
            f"“{cred.label}”: có thể là chứng thư của người hoặc cơ quan khác. Không ký.",
        )


@contextmanager
def open_key(cred: Credential, secret: str, *, check_certificate: bool = True) -> Iterator[Signer]:
    """``check_certificate=False`` only when registering (nothing registered to compare yet)."""
    if not secret:
        what = "mật khẩu tệp khoá" if cred.kind == CredentialKind.PKCS12 else "mã PIN của token"
        raise Refused.one("secret", f"Nhập {what} để ký.")
    if cred.kind == CredentialKind.PKCS12:
        try:
            signer = SimpleSigner.load_pkcs12_data(
                bytes(cred.pkcs12 or b""), [], passphrase=secret.encode("utf-8")
            )
        except ValueError as exc:
            raise Refused.one(
                "secret", "Mật khẩu tệp khoá không đúng (hoặc tệp khoá hỏng): không ký được."
            ) from exc
        _check_same_certificate(cred, signer.signing_cert)
        yield signer
        return
    yield from _pkcs11(cred, secret, check_certificate)


def check_secret(cred: Credential, secret: str) -> None:
    """Refuse (Vietnamese message) unless ``secret`` opens ``cred`` and its certificate is the one
    registered: checked for every key before anything is numbered or signed."""
    with open_key(cred, secret):
        return


def _pkcs11(cred: Credential, pin: str, check_certificate: bool) -> Iterator[Signer]:
    from pkcs11 import exceptions as p11_exc
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as p11

    try:
        session = p11.open_pkcs11_session(
            cred.pkcs11_module,
            token_criteria=TokenCriteria(label=cred.pkcs11_token),
            user_pin=pin,
        )
    except p11_exc.PinIncorrect as exc:
        raise Refused.one("secret", "Mã PIN của token không đúng: không ký được.") from exc
    except p11_exc.PinLocked as exc:
        raise Refused.one("secret", "Token đã bị khoá do nhập sai PIN nhiều lần.") from exc
    except (p11.PKCS11Error, p11_exc.PKCS11Error, RuntimeError, OSError) as exc:
        raise Refused.one(
            "token",
            f"Không tìm thấy token “{cred.pkcs11_token}”: hãy cắm USB token ký số rồi thử lại.",
        ) from exc
    try:
        try:
            signer = p11.PKCS11Signer(session, key_label=cred.pkcs11_key)
            cert = signer.signing_cert
        except (p11.PKCS11Error, p11_exc.PKCS11Error) as exc:
            raise Refused.one(
                "token",
                f"Token “{cred.pkcs11_token}” không có khoá “{cred.pkcs11_key}” hoặc chứng thư của nó.",
            ) from exc
        if check_certificate:
            _check_same_certificate(cred, cert)
        yield signer
    finally:
        session.close()

"""Writes of the signatures app: register a key, sign a document, sign an approval.

Every signing opens the key with the secret typed now (never saved), checks that the credential
belongs to the acting person (or to the body they work for, for a seal), that the certificate is
in force, not revoked and from a trusted CA, then signs, stores what was signed and audits it.
Nothing is stored when any step fails: never a document that looks signed but is not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from asn1crypto import x509 as asn1_x509
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from tinhgon.core import audit
from tinhgon.core.errors import Refused
from tinhgon.core.text import fold, nfc
from tinhgon.organizations.models import Organization
from tinhgon.signatures import aio, approvals, keys, pdf, trust
from tinhgon.signatures.canonical import canonical_json, sha256_hex
from tinhgon.signatures.choices import CredentialKind, SignatureKind
from tinhgon.signatures.models import Credential, Signature

_CRED_FIELDS = ["kind", "user", "organization", "label", "subject", "serial", "not_after"]


def person_name(user: Any) -> str:
    """The name as Vietnamese writes it (family name first), as on the person's certificate."""
    return nfc(user.get_full_name() or user.get_username())


def _owner_name(user: Any | None, organization: Organization | None) -> str:
    if user is not None:
        return person_name(user)
    assert organization is not None
    return nfc(str(organization))


def _check_holder(cert: asn1_x509.Certificate, user: Any | None, org: Organization | None) -> None:
    """The certificate's common name must be the person's (or the body's) name."""
    info = trust.describe(cert)
    owner = _owner_name(user, org)
    if fold(info.common_name) != fold(owner):
        raise Refused.one(
            "certificate",
            f"Chứng thư số cấp cho “{info.common_name}”, không phải cho “{owner}”: "
            "không nhận chứng thư của người hoặc cơ quan khác.",
        )


def _read_certificate(kind: str, *, data: bytes, secret: str, **p11: str) -> bytes:
    """Open the key once with ``secret`` (proving the holder can) and read its certificate."""
    if kind == CredentialKind.PKCS12:
        from pyhanko.sign.signers.pdf_cms import SimpleSigner

        try:
            signer = SimpleSigner.load_pkcs12_data(data, [], passphrase=secret.encode("utf-8"))
        except ValueError as exc:
            raise Refused.one(
                "secret", "Mật khẩu tệp khoá không đúng hoặc tệp không phải PKCS#12."
            ) from exc
        assert signer.signing_cert is not None
        return bytes(signer.signing_cert.dump())
    probe = Credential(kind=kind, label=p11.get("pkcs11_token", ""), certificate=b"", **p11)
    with keys.open_key(probe, secret, check_certificate=False) as signer:
        cert = signer.signing_cert
        assert cert is not None
        return bytes(cert.dump())


def credential_register(
    *,
    acting_user: Any,
    kind: str,
    secret: str,
    user: Any | None = None,
    organization: Organization | None = None,
    pkcs12: bytes = b"",
    pkcs11_module: str = "",
    pkcs11_token: str = "",
    pkcs11_key: str = "",
    label: str = "",
    now: dt.datetime | None = None,
) -> Credential:
    """Register a person's or a body's key. The secret proves the holder can open it and is then
    forgotten; the PKCS#12 file is kept exactly as issued (encrypted with that passphrase)."""
    if (user is None) == (organization is None):
        raise Refused.one("owner", "Khoá ký số thuộc về một người hoặc một cơ quan.")
    if kind not in CredentialKind.values:
        raise Refused.one("kind", "Loại khoá phải là tệp PKCS#12 hoặc USB token PKCS#11.")
    now = now or timezone.now()
    der = _read_certificate(
        kind,
        data=pkcs12,
        secret=secret,
        pkcs11_module=pkcs11_module,
        pkcs11_token=pkcs11_token,
        pkcs11_key=pkcs11_key,
    )
    cert = asn1_x509.Certificate.load(der)
    _check_holder(cert, user, organization)
    trust.check_certificate(cert, now)
    info = trust.describe(cert)
    with transaction.atomic():
        cred = Credential.objects.create(
            kind=kind,
            user=user,
            organization=organization,
            label=nfc(label) or info.common_name,
            certificate=der,
            subject=info.subject[:500],
            issuer=info.issuer[:500],
            serial=info.serial,
            not_before=info.not_before,
            not_after=info.not_after,
            pkcs12=pkcs12 if kind == CredentialKind.PKCS12 else None,
            pkcs11_module=pkcs11_module,
            pkcs11_token=pkcs11_token,
            pkcs11_key=pkcs11_key,
        )
        audit.record(
            actor=acting_user,
            action="credential_register",
            obj=cred,
            before=None,
            after=audit.snapshot(cred, _CRED_FIELDS),
        )
    return cred


def credential_deactivate(*, acting_user: Any, credential: Credential, reason: str) -> None:
    """Stop using a key (replaced, lost, revoked); its past signatures stay as they are."""
    with transaction.atomic():
        locked = Credential.objects.select_for_update().get(pk=credential.pk)
        if not locked.is_active:
            return
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        audit.record(
            actor=acting_user,
            action="credential_deactivate",
            obj=locked,
            before={"is_active": True},
            after={"is_active": False},
            reason=nfc(reason),
        )


@dataclass(frozen=True)
class KeyUse:
    credential: Credential
    secret: str


def _check_person(acting_user: Any, cred: Credential) -> None:
    if not cred.is_active:
        raise Refused.one("credential", f"Khoá ký số “{cred.label}” đã ngừng sử dụng.")
    if cred.user_id is None or cred.user_id != acting_user.pk:
        raise Refused.one(
            "credential",
            f"Khoá “{cred.label}” không phải của bạn: chỉ được ký bằng chứng thư số của chính mình.",
        )


def _check_seal(acting_user: Any, cred: Credential) -> None:
    if not cred.is_active:
        raise Refused.one("seal", f"Khoá ký số “{cred.label}” đã ngừng sử dụng.")
    if cred.organization_id is None or cred.organization_id != acting_user.organization_id:
        raise Refused.one(
            "seal",
            f"“{cred.label}” là chữ ký số của cơ quan khác: chỉ ký thay mặt cơ quan nơi bạn công tác.",
        )


def _cert(cred: Credential) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(bytes(cred.certificate))


def certificate_title(cred: Credential) -> str:
    """The holder's position as the certificate states it ("Phó Chủ tịch"), "" when none."""
    return str(_cert(cred).subject.native.get("title", "") or "")


def _local(now: dt.datetime) -> str:
    return f"{timezone.localtime(now):%d/%m/%Y %H:%M:%S} (GMT+7)"


def stamp_position(subject: dict[str, Any], fallback: str) -> str:
    """The signer's own position: the certificate's title, else the one printed for the signer."""
    return str(subject.get("title", "") or "") or fallback


def _body_key(name: str) -> str:
    return " ".join(fold(name).replace("uy ban nhan dan", "ubnd").split())


def check_own_body(cert: asn1_x509.Certificate, person: Any) -> None:
    """The body a person's certificate names must be where the person works in TinhGon (any of
    its names over time): the visible block would otherwise show another body's name."""
    body = str(cert.subject.native.get("organization_name", "") or "")
    org = getattr(person, "organization", None)
    if not body or org is None:
        return
    names = {_body_key(str(org))}
    names |= {_body_key(n) for n in org.states.values_list("name", flat=True)}
    if _body_key(body) not in names:
        raise Refused.one(
            "credential",
            f"Chứng thư số ghi cơ quan “{body}”, không phải nơi bạn công tác (“{org}”): "
            "khối chữ ký trên văn bản sẽ ghi sai cơ quan. Đề nghị dùng chứng thư số đúng cơ quan.",
        )


def stamp_body(subject: dict[str, Any], person: Any) -> str:
    """The signer's own body: the certificate's organization, else where the person works
    (never the issuing body of the document, which signs with its own seal)."""
    body = str(subject.get("organization_name", "") or "")
    if body:
        return body
    org = getattr(person, "organization", None)
    return nfc(str(org)) if org is not None else ""


def document_sign(
    *,
    acting_user: Any,
    target: models.Model,
    data: bytes,
    file_name: str,
    person: KeyUse,
    seal: KeyUse | None = None,
    step: str = "Ký ban hành",
    visible: bool = True,
    position: str = "",
    now: dt.datetime | None = None,
) -> list[Signature]:
    """Sign a PDF: the person's visible signature above their name on the last page, then the
    body's invisible one (its seal). Returns the Signature rows, which share the signed file.

    ``visible=False`` for a countersignature on an already signed document (the signer's block
    already carries the first signature); it is added as a new revision, earlier ones stay valid."""
    now = now or timezone.now()
    if not data.startswith(b"%PDF"):
        raise Refused.one("file", "Chỉ ký được tệp PDF.")
    _check_person(acting_user, person.credential)
    if seal is not None:
        _check_seal(acting_user, seal.credential)
    uses = [person, *([seal] if seal else [])]
    for use in uses:
        trust.check_certificate(_cert(use.credential), now)
    if visible:
        check_own_body(_cert(person.credential), acting_user)
    person_info = trust.describe(_cert(person.credential))
    native = _cert(person.credential).subject.native
    stamp = pdf.Visible(
        name=person_info.common_name,
        position=stamp_position(native, position or step),
        body=stamp_body(native, acting_user),
        signed_at=_local(now),
    )
    signed = data
    ctx = trust.context(now)
    with keys.open_key(person.credential, person.secret) as signer:
        signed = pdf.sign(
            signed,
            signer=signer,
            field_name=pdf.free_field_name(signed, "NguoiKy"),
            validation_context=ctx,
            reason=step,
            visible=stamp if visible else None,
            box=pdf.signer_box(data, person_info.common_name) if visible else None,
        )
    if seal is not None:
        with keys.open_key(seal.credential, seal.secret) as signer:
            signed = pdf.sign(
                signed,
                signer=signer,
                field_name=pdf.free_field_name(signed, "CoQuanBanHanh"),
                validation_context=ctx,
                reason="Chữ ký số của cơ quan ban hành",
            )
    ct = ContentType.objects.get_for_model(target)
    digest = sha256_hex(signed)
    rows: list[Signature] = []
    with transaction.atomic():
        for i, use in enumerate(uses):
            info = trust.describe(_cert(use.credential))
            sig = Signature(
                kind=SignatureKind.DOCUMENT,
                content_type=ct,
                object_id=target.pk,
                signer=acting_user,
                credential=use.credential,
                organization=use.credential.organization,
                certificate=bytes(use.credential.certificate),
                subject=info.subject[:500],
                signed_at=now,
                data_hash=digest,
                file_name=file_name,
                step=step if i == 0 else "Chữ ký số của cơ quan ban hành",
            )
            if i == 0:
                sig.document.save(file_name, ContentFile(signed), save=False)
            else:
                sig.document.name = rows[0].document.name
            sig.save()
            rows.append(sig)
            audit.record(
                actor=acting_user,
                action="document_sign",
                obj=target,
                before=None,
                after={
                    "signature": sig.pk,
                    "subject": info.common_name,
                    "serial": info.serial,
                    "sha256": digest,
                    "file": file_name,
                },
                reason=sig.step,
            )
    return rows


def approval_data(kind: approvals.ApprovalKind, obj: models.Model) -> dict[str, Any]:
    """The approved data of ``obj``: its model, id and the kind's fields (foreign keys as ids)."""
    snap = audit.snapshot(obj, list(kind.fields))
    return {"model": kind.key, "id": obj.pk, "data": snap}


def _cms_sign(signer: Any, payload: bytes) -> bytes:
    content_info = aio.run(signer.async_sign_general_data(payload, "sha256", detached=True))
    return bytes(content_info.dump())


def approval_sign(
    *,
    acting_user: Any,
    kind: approvals.ApprovalKind,
    obj: models.Model,
    person: KeyUse,
    expected_version: int | None,
    reason: str = "",
    extra: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> Signature:
    """Approve ``obj`` through its app's own service and sign the approved data (detached CMS
    over its canonical JSON), in one transaction: a failed signature leaves it unapproved."""
    now = now or timezone.now()
    _check_person(acting_user, person.credential)
    cert = _cert(person.credential)
    trust.check_certificate(cert, now)
    info = trust.describe(cert)
    with keys.open_key(person.credential, person.secret) as signer, transaction.atomic():
        with approvals.signing():
            kind.approve(
                acting_user=acting_user,
                obj=obj,
                expected_version=expected_version,
                reason=reason,
                **(extra or {}),
            )
        fresh = type(obj)._default_manager.get(pk=obj.pk)  # the app's service may return more
        payload = canonical_json(approval_data(kind, fresh))
        cms = _cms_sign(signer, payload)
        sig = Signature.objects.create(
            kind=SignatureKind.APPROVAL,
            content_type=ContentType.objects.get_for_model(fresh),
            object_id=fresh.pk,
            signer=acting_user,
            credential=person.credential,
            certificate=bytes(person.credential.certificate),
            subject=info.subject[:500],
            signed_at=now,
            data=payload.decode("utf-8"),
            data_hash=sha256_hex(payload),
            cms=cms,
            step="Ký số phê duyệt",
        )
        audit.record(
            actor=acting_user,
            action="approval_sign",
            obj=fresh,
            before=None,
            after={
                "signature": sig.pk,
                "subject": info.common_name,
                "serial": info.serial,
                "sha256": sig.data_hash,
            },
            reason=nfc(reason),
        )
    return sig


def report_version_sign(
    *,
    acting_user: Any,
    version: Any,
    person: KeyUse,
    seal: KeyUse | None = None,
    deputy: bool = False,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> list[Signature]:
    """The leader's sign-off of a consolidated report version with a digital signature.

    In one transaction: the reports app's sign-off (number from the yearly counter, date, the
    signer's name as on the certificate written into the snapshot), the version's PDF rendered
    with that number, signed by the person (visible, above the name) and by the issuing body's
    seal (invisible), stored as the version's PDF with its SHA-256: the very file that is sent.
    A wrong passphrase or PIN, another person's key, a certificate not in force: nothing changes,
    the version stays unsigned and no number is taken."""
    from tinhgon.reports import services as report_services

    now = now or timezone.now()
    today = today or timezone.localdate()
    _check_person(acting_user, person.credential)
    if seal is not None:
        _check_seal(acting_user, seal.credential)
    uses = [person, *([seal] if seal else [])]
    for use in uses:
        trust.check_certificate(_cert(use.credential), now)
        keys.check_secret(use.credential, use.secret)  # every secret right, before anything
    check_own_body(_cert(person.credential), acting_user)
    name = trust.describe(_cert(person.credential)).common_name
    title = certificate_title(person.credential)
    if not deputy and fold(title).startswith("pho "):
        raise Refused.one(
            "signer_as",
            f"Chứng thư số ghi chức vụ “{title}”: cấp phó ký thay người đứng đầu "
            "(chọn “Cấp phó ký thay (KT.)”), để khối chữ ký và dòng chức vụ trên văn bản khớp nhau.",
        )
    with transaction.atomic():
        signed_off = report_services.version_sign_off(
            acting_user=acting_user, version=version, signer_name=name, today=today, deputy=deputy
        )
        data = report_services.version_pdf_bytes(signed_off)
        rnd = signed_off.round
        rows = document_sign(
            acting_user=acting_user,
            target=signed_off,
            data=data,
            file_name=f"{rnd.kind}_{rnd.period}_v{signed_off.number}_da-ky.pdf",
            person=person,
            seal=seal,
            step="Ký ban hành",
            position=nfc(str(signed_off.snapshot.get("signer", {}).get("position", ""))),
            now=now,
        )
        with rows[0].document.open("rb") as fh:
            signed = bytes(fh.read())
        report_services.version_pdf_store(
            acting_user=acting_user,
            version=signed_off,
            data=signed,
            reason="Tệp PDF đã ký số khi lãnh đạo ký duyệt",
        )
    return rows

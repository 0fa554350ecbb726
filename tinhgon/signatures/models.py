"""Signing credentials (a person's or a body's key) and the signatures made with them.

A :class:`Credential` never holds a usable secret: a PKCS#12 file stays encrypted with its
passphrase (asked at each signing, never saved) and a PKCS#11 token keeps its key on the token (its
PIN asked at each signing). A :class:`Signature` attaches to anything by content type and id: a
generated report, a report version, an approved progress report…
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tinhgon.signatures.choices import CredentialKind, SignatureKind


class Credential(models.Model):
    """A signing key and its certificate, owned by one person or one issuing body."""

    kind = models.CharField(_("loại khoá"), max_length=10, choices=CredentialKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_credentials",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    label = models.CharField(_("tên gợi nhớ"), max_length=200)
    certificate = models.BinaryField(_("chứng thư số (DER)"))
    subject = models.CharField(_("chủ thể"), max_length=500)
    issuer = models.CharField(_("tổ chức cấp"), max_length=500)
    serial = models.CharField(_("số hiệu"), max_length=80)
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    # PKCS#12: the file as issued, its key encrypted with the holder's passphrase.
    pkcs12 = models.BinaryField(_("tệp PKCS#12 (đã mã hoá)"), null=True, blank=True)
    # PKCS#11: where the token is and which key on it.
    pkcs11_module = models.CharField(_("thư viện PKCS#11"), max_length=300, blank=True)
    pkcs11_token = models.CharField(_("nhãn token"), max_length=100, blank=True)
    pkcs11_key = models.CharField(_("nhãn khoá trên token"), max_length=100, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khoá ký số")
        verbose_name_plural = _("khoá ký số")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, organization__isnull=True)
                | Q(user__isnull=True, organization__isnull=False),
                name="signatures_credential_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(kind="pkcs11") | Q(pkcs12__isnull=False),
                name="signatures_credential_pkcs12_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_kind_display()})"


class Signature(models.Model):
    """One signature over a document or over an approval's data, with what it covered."""

    kind = models.CharField(_("loại chữ ký"), max_length=20, choices=SignatureKind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="signatures")
    organization = models.ForeignKey(
        "organizations.Organization", null=True, on_delete=models.PROTECT, related_name="+"
    )
    certificate = models.BinaryField(_("chứng thư số (DER)"))
    subject = models.CharField(_("chủ thể"), max_length=500)
    signed_at = models.DateTimeField(_("thời điểm ký"))
    # approvals: the canonical JSON that was signed, its SHA-256 and the detached CMS
    data = models.TextField(_("dữ liệu đã ký (JSON chuẩn hoá)"), blank=True)
    data_hash = models.CharField(_("mã băm SHA-256"), max_length=64)
    cms = models.BinaryField(_("chữ ký CMS tách rời"), null=True, blank=True)
    # documents: the signed PDF
    document = models.FileField(_("văn bản đã ký"), upload_to="signatures/%Y/", blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    step = models.CharField(_("bước"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("chữ ký số")
        verbose_name_plural = _("chữ ký số")
        ordering = ["signed_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="signatures_target_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def signer_name(self) -> str:
        """The certificate's common name (the person or the body that signed)."""
        from asn1crypto import x509 as asn1_x509

        native = asn1_x509.Certificate.load(bytes(self.certificate)).subject.native
        return str(native.get("common_name", "")) or self.subject

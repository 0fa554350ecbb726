from django.db import models
from django.utils.translation import gettext_lazy as _


class CredentialKind(models.TextChoices):
    PKCS12 = "pkcs12", _("Tệp PKCS#12 (.p12/.pfx)")
    PKCS11 = "pkcs11", _("USB token (PKCS#11)")


class SignatureKind(models.TextChoices):
    APPROVAL = "approval", _("Ký phê duyệt dữ liệu")
    DOCUMENT = "document", _("Ký văn bản (PAdES)")

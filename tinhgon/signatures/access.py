"""The only way a view gets a signature, a credential or a signed document for a user."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404

from tinhgon.reports import access as report_access
from tinhgon.reports.models import GeneratedReport
from tinhgon.signatures.models import Credential, Signature


def own_credentials(user: Any) -> QuerySet[Credential]:
    """The person's own keys and the seals of the body they work for."""
    q = Q(user_id=user.pk)
    if getattr(user, "organization_id", None):
        q |= Q(organization_id=user.organization_id)
    return Credential.objects.filter(q, is_active=True).select_related("organization")


def person_credentials(user: Any) -> QuerySet[Credential]:
    return own_credentials(user).filter(user_id=user.pk)


def seal_credentials(user: Any) -> QuerySet[Credential]:
    return own_credentials(user).filter(organization__isnull=False)


def get_credential(user: Any, pk: Any) -> Credential:
    """Any active credential by id (the service refuses one that is not the user's, with a
    message that says so)."""
    try:
        return Credential.objects.get(pk=int(pk), is_active=True)
    except (Credential.DoesNotExist, TypeError, ValueError):
        raise Http404("Không tìm thấy khoá ký số.") from None


def get_document_signature(user: Any, pk: Any) -> Signature:
    """A signed document the user may download: one of a generated report they may see."""
    try:
        sig = Signature.objects.select_related("content_type").get(pk=int(pk))
    except (Signature.DoesNotExist, TypeError, ValueError):
        raise Http404("Không tìm thấy văn bản đã ký.") from None
    if not sig.document or sig.content_type != ContentType.objects.get_for_model(GeneratedReport):
        raise Http404("Không tìm thấy văn bản đã ký.")
    report_access.get_report(user, sig.object_id)  # 404 unless the user may see the report
    return sig

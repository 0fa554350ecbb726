"""The only way a view or the API gets restructuring projects: a project is seen when its owner
agency or its appraising body is in the user's scope (404 otherwise, without saying it exists)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhgon.organizations import access
from tinhgon.restructuring.models import Project


def visible_projects(user: Any) -> QuerySet[Project]:
    scope = access.scope_ids(user, timezone.localdate())
    qs = Project.objects.select_related("owner", "decision", "appraising_body")
    if scope is None:
        return qs
    return qs.filter(Q(owner_id__in=scope) | Q(appraising_body_id__in=scope))


def get_project(user: Any, pk: Any) -> Project:
    try:
        return visible_projects(user).get(pk=int(pk))
    except (Project.DoesNotExist, TypeError, ValueError):
        raise Http404(_("Không tìm thấy đề án.")) from None

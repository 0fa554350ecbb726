"""The only way streamlining views and the API get a scoped period or case, and who may do what.

* Seeing: a period when its agency is in the user's scope; a case when the unit the person worked
  in (or the period's agency) is; otherwise 404, without saying whether it exists.
* Entering a case: writers who may see the person (``workforce.access``; 404 outside) and the
  period; the service checks that the person works under the period's agency.
* Approving or returning, by the competent level (DOMAIN.md §11b, ``competence.py``): a case of
  the ``province`` level only by Sở Nội vụ (supervisor) or an administrator, for the provincial
  chairman; a case of the ``agency`` level also by an officer whose scope holds the period's
  agency (the agency head's office) — never by a unit's own officer. The core flow adds that the
  maker never approves their own submission.
* Recording the payment: writers who may see the case.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from tinhgon.accounts.choices import Role
from tinhgon.organizations import access as org_access
from tinhgon.organizations import selectors as org_selectors
from tinhgon.streamlining.choices import ApprovingLevel
from tinhgon.streamlining.models import Case, ReviewPeriod
from tinhgon.workforce import access as workforce_access

get_person = workforce_access.get_person


def can_see_period(user: Any, period: ReviewPeriod) -> bool:
    """The agency is in the user's scope, or the user's scope lies under the agency (a unit's
    officer files its people's cases into its agency's period and sees only those cases)."""
    if org_access.can_see(user, period.agency):
        return True
    root = getattr(user, "scope_root_id", None)
    if root is None or not getattr(user, "is_authenticated", False):
        return False
    day = org_access.reference_date(period.agency)
    return root in org_selectors.subtree_ids({period.agency_id}, day)


def visible_periods(user: Any) -> list[ReviewPeriod]:
    return [p for p in ReviewPeriod.objects.select_related("agency") if can_see_period(user, p)]


def get_period(user: Any, pk: Any) -> ReviewPeriod:
    try:
        period = ReviewPeriod.objects.select_related("agency").get(pk=int(pk))
    except (ReviewPeriod.DoesNotExist, TypeError, ValueError):
        raise Http404(_("Không tìm thấy đợt xét duyệt.")) from None
    if not can_see_period(user, period):
        raise Http404(_("Không tìm thấy đợt xét duyệt."))
    return period


def case_scope_q(user: Any) -> Any:
    """The filter of the cases ``user`` may see (``None``: all)."""
    from django.db.models import Q

    scope = org_access.history_scope_ids(user)
    if scope is None:
        return None
    return Q(organization_id__in=scope) | Q(period__agency_id__in=scope)


def can_see_case(user: Any, case: Case) -> bool:
    return org_access.can_see(user, case.organization) or org_access.can_see(
        user, case.period.agency
    )


def get_case(user: Any, pk: Any) -> Case:
    try:
        case = Case.objects.select_related(
            "period__agency", "organization", "person", "decision"
        ).get(pk=int(pk))
    except (Case.DoesNotExist, TypeError, ValueError):
        raise Http404(_("Không tìm thấy hồ sơ.")) from None
    if not can_see_case(user, case):
        raise Http404(_("Không tìm thấy hồ sơ."))
    return case


def check_can_enter(user: Any, person: Any, period: ReviewPeriod) -> None:
    """Writers only; a person or a period outside the scope is 404 (``get_person``/``get_period``
    already refused what the user cannot see)."""
    org_access.require_writer(user)
    workforce_access.check_can_change_person(user, person)
    if not can_see_period(user, period):
        raise Http404(_("Không tìm thấy đợt xét duyệt."))


def check_can_edit(user: Any, case: Case) -> None:
    org_access.require_writer(user)
    if not can_see_case(user, case):
        raise Http404(_("Không tìm thấy hồ sơ."))


def can_create_period(user: Any, agency: Any) -> bool:
    return bool(getattr(user, "can_write", False)) and org_access.can_see(user, agency)


def can_approve(user: Any, case: Case) -> bool:
    if not getattr(user, "can_write", False) or not can_see_case(user, case):
        return False
    if user.effective_role in (Role.SUPERVISOR, Role.ADMINISTRATOR):
        return True
    if case.approving_level != ApprovingLevel.AGENCY:
        return False
    return org_access.can_see(user, case.period.agency)


def check_can_approve(user: Any, case: Case) -> None:
    org_access.require_writer(user)
    if not can_see_case(user, case):
        raise Http404(_("Không tìm thấy hồ sơ."))
    if not can_approve(user, case):
        raise PermissionDenied(
            _(
                "Hồ sơ này do %(level)s phê duyệt theo phân cấp quản lý cán bộ của tỉnh; bạn không "
                "có thẩm quyền phê duyệt hoặc trả lại."
            )
            % {"level": case.get_approving_level_display()}
        )


def can_pay(user: Any, case: Case) -> bool:
    return bool(getattr(user, "can_write", False)) and can_see_case(user, case)

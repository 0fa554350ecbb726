"""The only way views and the API get organizations: everything is scoped to the user's subtree.

A user's scope is the subtree of ``user.scope_root`` on the date that matters. When the scope root
has ended (merged, say) the scope follows its successors; before the root existed, it covers the
root's predecessors alive then. Administrators (and superusers) see everything (``None``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhgon.core import memo
from tinhgon.organizations import selectors
from tinhgon.organizations.models import Organization, ReorgEvent


def _roots_on(user: Any, day: dt.date) -> set[int]:
    root = user.scope_root
    return set() if root is None else selectors.representatives_on(root, day)


def scope_ids(user: Any, as_of: dt.date | None = None) -> set[int] | None:
    """Ids of the organizations ``user`` may see on ``as_of`` (default today); ``None`` = all."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.sees_everything:
        return None
    day = as_of or timezone.localdate()
    cache: dict[dt.date, set[int]] = user.__dict__.setdefault("_scope_cache", {})
    if day not in cache:
        # The subtree walk, shared by every user with the same scope root (tinhgon.core.memo).
        cache[day] = memo.cached(
            "organizations.scope",
            (scope_key(user), day),
            lambda: selectors.subtree_ids(_roots_on(user, day), day),
        )
    return cache[day]


def scope_key(user: Any) -> str:
    """What ``scope_ids`` and ``history_scope_ids`` depend on, as a key for cached computations
    (tinhgon.core.memo): everything (administrators), the scope root, or nothing. Two users with the
    same key see the same organizations on every date; users of different agencies never share one."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return "none"
    if user.sees_everything:
        return "all"
    return "none" if user.scope_root_id is None else f"root:{user.scope_root_id}"


def history_scope_ids(user: Any) -> set[int] | None:
    """Organizations whose history ``user`` may read: everything that was ever under the scope root
    or under the units it came from or became (so a dissolved unit's events stay in its agency's list)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.sees_everything:
        return None
    cached: set[int] | None = user.__dict__.get("_history_scope")
    if cached is None:
        if user.scope_root_id is None:
            return set()
        # Shared by every user with the same scope root (tinhgon.core.memo).
        cached = memo.cached(
            "organizations.history_scope", (scope_key(user),), lambda: _ever(user.scope_root)
        )
        user.__dict__["_history_scope"] = cached
    return cached


def _ever(root: Organization) -> set[int]:
    roots = {root.pk}
    for direction in ("predecessors", "successors"):
        frontier = [root]
        while frontier:
            org = frontier.pop()
            for link in selectors.lineage(org)[direction]:
                if link.organization.pk not in roots:
                    roots.add(link.organization.pk)
                    frontier.append(link.organization)
    return selectors.ever_subtree_ids(roots)


def reference_date(org: Organization) -> dt.date:
    """The date on which an organization's place in the tree is judged: today, or its last day."""
    today = timezone.localdate()
    if org.valid_to is not None and org.valid_to < today:
        return org.valid_to
    if org.valid_from > today:
        return org.valid_from
    return today


def can_see(user: Any, org: Organization) -> bool:
    scope = scope_ids(user, reference_date(org))
    return scope is None or org.pk in scope


def get_organization(user: Any, pk: Any) -> Organization:
    """The organization ``pk`` if ``user`` may see it; 404 otherwise (no hint that it exists)."""
    try:
        org = Organization.objects.get(pk=int(pk))
    except (Organization.DoesNotExist, TypeError, ValueError):
        raise Http404(_("Không tìm thấy cơ quan, đơn vị.")) from None
    if not can_see(user, org):
        raise Http404(_("Không tìm thấy cơ quan, đơn vị."))
    return org


def get_event(user: Any, pk: Any) -> ReorgEvent:
    try:
        event = ReorgEvent.objects.select_related("decision").get(pk=int(pk))
    except (ReorgEvent.DoesNotExist, TypeError, ValueError):
        raise Http404(_("Không tìm thấy sự kiện.")) from None
    if not any(
        can_see(user, link.organization) for link in event.links.select_related("organization")
    ):
        raise Http404(_("Không tìm thấy sự kiện."))
    return event


def require_writer(user: Any) -> None:
    if not getattr(user, "can_write", False):
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được thay đổi dữ liệu."))


def check_can_change(user: Any, org_ids: list[int], day: dt.date) -> None:
    """Writers may change only organizations in their scope on ``day`` (the day before an event)."""
    require_writer(user)
    scope = scope_ids(user, day)
    if scope is None:
        return
    # A unit not alive on ``day`` is judged where it stands (can_see), so the service can answer
    # 400 “not alive then” to those who may see it; unknown ids are left to the service too.
    others = Organization.objects.in_bulk([pk for pk in org_ids if pk not in scope])
    outside = [
        pk
        for pk in org_ids
        if pk not in scope
        and pk in others
        and (others[pk].is_alive_on(day) or not can_see(user, others[pk]))
    ]
    if outside:
        raise PermissionDenied(
            _("Bạn không có quyền thay đổi cơ quan, đơn vị ngoài phạm vi của mình (mã số %(ids)s).")
            % {"ids": ", ".join(str(i) for i in outside)}
        )

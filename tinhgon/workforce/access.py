"""The only way views and the API get people: an agency sees only the people of its own subtree.

A person belongs to the units of their assignments alive today; someone with none today (left,
or waiting to be placed) belongs to the unit of their latest assignment. ``get_person`` answers 404
outside the scope, without saying whether the person exists.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhgon.organizations import access as org_access
from tinhgon.workforce.models import Assignment, Person, alive_on


def home_units(person: Person) -> list[int]:
    today = timezone.localdate()
    current = list(
        Assignment.objects.filter(alive_on(today), person=person).values_list(
            "organization_id", flat=True
        )
    )
    if current:
        return current
    last = Assignment.objects.filter(person=person).order_by("-valid_from", "-id").first()
    return [last.organization_id] if last else []


def can_see_person(user: Any, person: Person) -> bool:
    scope = org_access.scope_ids(user, timezone.localdate())
    if scope is None:
        return True
    units = home_units(person)
    if any(u in scope for u in units):
        return True
    from tinhgon.organizations.models import Organization

    # Units that have ended are judged where they stood (organizations.access.can_see).
    return any(
        org_access.can_see(user, o)
        for o in Organization.objects.filter(pk__in=units, valid_to__isnull=False)
    )


def get_person(user: Any, pk: Any) -> Person:
    try:
        person = Person.objects.get(pk=int(pk))
    except (Person.DoesNotExist, TypeError, ValueError):
        raise Http404(_("Không tìm thấy người này.")) from None
    if not can_see_person(user, person):
        raise Http404(_("Không tìm thấy người này."))
    return person


def get_assignment(user: Any, person: Person, pk: Any) -> Assignment:
    try:
        return Assignment.objects.select_related("organization").get(pk=int(pk), person=person)
    except (Assignment.DoesNotExist, TypeError, ValueError):
        raise Http404(_("Không tìm thấy phân công.")) from None


def check_can_change_person(user: Any, person: Person) -> None:
    """Writers may change only people of their own scope."""
    org_access.require_writer(user)
    if not can_see_person(user, person):
        raise Http404(_("Không tìm thấy người này."))

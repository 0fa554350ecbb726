"""The one door for reorganization events.

Every event — from a form, the API, an Excel import, the CLI, the demo or (later) an applied
restructuring project — goes through :func:`event_record`. It records the event in the registry and
then, in the same transaction, runs each higher app's ``on_reorg_event`` step (quotas, people,
positions, tasks) in the order of ``STEPS``. A failing step rolls the whole event back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from tinhgon.organizations.models import ReorgEvent
from tinhgon.organizations.services import EventInput, registry_apply_event
from tinhgon.positions import services as positions
from tinhgon.staffing import services as staffing
from tinhgon.workforce import services as workforce

# Each app's step, lowest first; later issues add plans.
STEPS: list[Callable[..., None]] = [
    positions.on_reorg_event,
    workforce.on_reorg_event,
    staffing.on_reorg_event,
]


def event_record(*, acting_user: Any, data: EventInput) -> ReorgEvent:
    """Record one event and let every app act on it, all in one transaction."""
    with transaction.atomic():
        event = registry_apply_event(acting_user=acting_user, data=data)
        for step in STEPS:
            step(acting_user=acting_user, event=event)
    return event

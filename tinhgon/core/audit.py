"""Writing the audit trail. Services call :func:`record` for every change they make."""

import datetime as dt
import decimal
import uuid
from collections.abc import Sequence
from typing import Any

from django.db import models

from tinhgon.core import bulk, context, memo
from tinhgon.core.models import AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` as JSON-ready data (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        data[f.name] = _jsonable(getattr(obj, f.attname))
    return data


def actor_label(user: Any) -> str:
    if user is None:
        return "Hệ thống"
    full = getattr(user, "get_full_name", lambda: "")() or ""
    return f"{full} ({user.get_username()})" if full else user.get_username()


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str = "",
) -> AuditEntry:
    """Append one row to the audit trail, with the current request id and source; cached
    computations are recomputed once the change commits (tinhgon.core.memo)."""
    memo.data_changed(obj._meta.app_label)
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        reason=reason,
        request_id=context.current_request_id(),
        source=context.current_source(),
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}


def record_many(
    *,
    actor: Any,
    action: str,
    objects: Sequence[models.Model],
    reason: str = "",
    befores: Sequence[dict[str, Any] | None] | None = None,
    afters: Sequence[dict[str, Any] | None] | None = None,
) -> None:
    """One audit row per object, written in bulk (batch services and imports).

    By default a created object: no ``before`` and the object's :func:`snapshot` as ``after``.
    ``befores``/``afters`` (one per object, in order) give the before → after of changed records,
    or an ``after`` restricted to the audited fields."""
    if befores is not None and len(befores) != len(objects):
        raise ValueError("befores must match objects")
    if afters is not None and len(afters) != len(objects):
        raise ValueError("afters must match objects")
    rid = context.current_request_id()
    source = context.current_source()
    label = actor_label(actor)
    user_id = actor.pk if getattr(actor, "pk", None) else None
    rows = []
    for i, obj in enumerate(objects):
        before = befores[i] if befores is not None else None
        after = afters[i] if afters is not None else snapshot(obj)
        rows.append(
            (
                user_id,
                label,
                action,
                obj._meta.label_lower,
                str(obj.pk),
                str(obj)[:300],
                _jsonable(before) if before is not None else None,
                _jsonable(after) if after is not None else None,
                reason,
                rid,
                source,
            )
        )
    for app in {obj._meta.app_label for obj in objects}:
        memo.data_changed(app)
    bulk.insert_rows(AuditEntry, _COLUMNS, rows)


_COLUMNS = (
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "reason",
    "request_id",
    "source",
)

"""Writing the audit trail. Services call :func:`record` for every change they make.

A long multi-step write (a restructuring project applying hundreds of events) may run inside
:func:`deferred`: the rows are then built exactly as they would be — who, when (the moment of the
call), what, before → after — and written together in one bulk insert when the block ends, inside
the same transaction. If the block fails, nothing is written, as with the rest of the transaction.
"""

import contextlib
import contextvars
import datetime as dt
import decimal
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from django.db import models
from django.utils import timezone

from tinhgon.core import bulk, context, memo
from tinhgon.core.models import AuditEntry

_PLAIN = (str, int, float, bool, type(None))


def _jsonable(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
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
    for name, attname in _field_names(type(obj)):
        if fields is not None and name not in fields:
            continue
        value = getattr(obj, attname)
        data[name] = value if type(value) in _PLAIN else _jsonable(value)
    return data


def attnames(model: type[models.Model]) -> list[str]:
    """The columns :func:`snapshot_rows` expects, in order (read them with ``values_list``)."""
    return [attname for _name, attname in _field_names(model)]


def snapshot_rows(model: type[models.Model], rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
    """:func:`snapshot` of each row of ``model`` read as a tuple of :func:`attnames` (bulk paths
    that never build the model instances): the same data."""
    names = [name for name, _attname in _field_names(model)]
    return [
        {n: v if type(v) in _PLAIN else _jsonable(v) for n, v in zip(names, row, strict=True)}
        for row in rows
    ]


_NAMES: dict[type[models.Model], list[tuple[str, str]]] = {}


def _field_names(model: type[models.Model]) -> list[tuple[str, str]]:
    names = _NAMES.get(model)
    if names is None:
        names = _NAMES[model] = [(f.name, f.attname) for f in model._meta.concrete_fields]
    return names


# Rows waiting for the end of a :func:`deferred` block (``None``: written at once).
_pending: contextvars.ContextVar[list[tuple[Any, ...]] | None] = contextvars.ContextVar(
    "audit_pending", default=None
)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Collect the audit rows of the block and write them in one bulk insert at its end (in the
    caller's transaction; nothing is written if the block raises). Nested blocks join the outer
    one."""
    if _pending.get() is not None:
        yield
        return
    rows: list[tuple[Any, ...]] = []
    token = _pending.set(rows)
    try:
        yield
    finally:
        _pending.reset(token)
    bulk.insert_rows(AuditEntry, _COLUMNS, rows)


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
    pending = _pending.get()
    if pending is not None:
        row = (
            timezone.now(),
            actor.pk if getattr(actor, "pk", None) else None,
            actor_label(actor),
            action,
            obj._meta.label_lower,
            str(obj.pk),
            str(obj)[:300],
            _jsonable(before) if before is not None else None,
            _jsonable(after) if after is not None else None,
            reason,
            context.current_request_id(),
            context.current_source(),
        )
        pending.append(row)
        return AuditEntry(**dict(zip(_COLUMNS, row, strict=True)))
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
    if not objects:
        return
    record_rows(
        actor=actor,
        action=action,
        model=type(objects[0]),
        ids=[obj.pk for obj in objects],
        reprs=[str(obj) for obj in objects],
        reason=reason,
        befores=befores,
        afters=afters if afters is not None else [snapshot(obj) for obj in objects],
        object_types=[obj._meta.label_lower for obj in objects],
    )


def record_rows(
    *,
    actor: Any,
    action: str,
    model: type[models.Model],
    ids: Sequence[Any],
    reprs: Sequence[str],
    befores: Sequence[dict[str, Any] | None] | None,
    afters: Sequence[dict[str, Any] | None] | None,
    reason: str = "",
    json_ready: bool = False,
    object_types: Sequence[str] | None = None,
) -> None:
    """:func:`record_many` for rows written without model instances: one audit row per id, with
    the object's text (its ``__str__``), before and after (:func:`snapshot_rows`). ``json_ready``:
    befores and afters are snapshots already (no second conversion of each value)."""
    if len(reprs) != len(ids) or any(
        x is not None and len(x) != len(ids) for x in (befores, afters)
    ):
        raise ValueError("ids, reprs, befores and afters must match")
    rid = context.current_request_id()
    source = context.current_source()
    label = actor_label(actor)
    user_id = actor.pk if getattr(actor, "pk", None) else None
    now = timezone.now()
    types = object_types if object_types is not None else [model._meta.label_lower] * len(ids)
    rows = []
    for i, pk in enumerate(ids):
        before = befores[i] if befores is not None else None
        after = afters[i] if afters is not None else None
        rows.append(
            (
                now,
                user_id,
                label,
                action,
                types[i],
                str(pk),
                reprs[i][:300],
                before if json_ready or before is None else _jsonable(before),
                after if json_ready or after is None else _jsonable(after),
                reason,
                rid,
                source,
            )
        )
    for app in {t.split(".", 1)[0] for t in types}:
        memo.data_changed(app)
    pending = _pending.get()
    if pending is not None:
        pending.extend(rows)
    else:
        bulk.insert_rows(AuditEntry, _COLUMNS, rows)


_COLUMNS = (
    "at",
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

"""Bulk writes for batch services and imports: ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere.

Django's ``bulk_create`` on PostgreSQL binds every value of a 2,000-row INSERT on the client, which
costs more than the checks of a row; ``COPY … FROM STDIN`` streams the same rows several times
faster. Values go through each field's ``pre_save``/``get_db_prep_save`` as ``bulk_create`` does
(``auto_now_add`` stamps, JSON, decimals), inside the caller's transaction. No signals are sent
(``bulk_create`` sends none either).
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import orjson
from django.db import DEFAULT_DB_ALIAS, connections, models

M = TypeVar("M", bound=models.Model)
BATCH = 2000


# Values psycopg adapts as they are (an enum member, even a str one, goes through _plain).
_SIMPLE = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime, decimal.Decimal})


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """How a Python value of ``field`` goes into COPY: psycopg adapts dates, decimals, numbers,
    booleans and text itself; JSON is written as its text (a jsonb column parses it), by orjson
    (a project writes hundreds of thousands of audit snapshots). As ``json.dumps``: number keys
    become text, and what is not JSON (dates, decimals) is refused unless the field's encoder
    knows it."""
    if isinstance(field, models.JSONField):
        default = field.encoder().default if field.encoder is not None else None
        options = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME

        def dump(value: Any) -> Any:
            return None if value is None else orjson.dumps(value, default, options).decode()

        return dump
    return _plain


def _copy(model: type[models.Model], columns: list[str], rows: Iterable[Sequence[Any]]) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    qn = connection.ops.quote_name
    sql = f"COPY {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def insert_objects(objects: list[M]) -> list[M]:
    """Insert new model instances (all of one model) and set their primary keys."""
    if not objects:
        return objects
    model = type(objects[0])
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return objects
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    convert = [_converter(f) for f in fields]
    missing = [o for o in objects if o.pk is None]
    if missing:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(missing)],
            )
            for obj, (value,) in zip(missing, cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, value)
    _copy(
        model,
        [pk.column] + [f.column for f in fields],
        (
            [obj.pk] + [c(f.pre_save(obj, True)) for f, c in zip(fields, convert, strict=True)]
            for obj in objects
        ),
    )
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objects


def insert_values(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> list[Any]:
    """Insert rows given as value tuples for the fields ``names`` (attnames; the other fields
    take their defaults) and return their new primary keys, in order — without building model
    instances on PostgreSQL (ids drawn from the sequence, then ``COPY``)."""
    if not rows:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(names, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return [obj.pk for obj in objects]
    pk = model._meta.pk
    assert pk is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, len(rows)],
        )
        ids = [value for (value,) in cursor.fetchall()]
    insert_rows(
        model,
        [pk.attname, *names],
        [(i, *row) for i, row in zip(ids, rows, strict=True)],
    )
    return ids


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert rows given as value tuples for the fields ``names`` (attnames, e.g. ``person_id``);
    the other fields take their defaults. Ids are not returned: for rows nothing points to."""
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=BATCH
        )
        return
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    convert = [_converter(by_attname[n]) for n in names]
    given = [by_attname[n] for n in names]
    defaults = [
        f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in set(names)
    ]
    fixed = [_converter(f)(f.get_default()) for f in defaults]
    if any(getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False) for f in defaults):
        # One stamp for the whole batch, as a single transaction would give.
        stamp = model()
        fixed = [
            f.pre_save(stamp, True)
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
            else value
            for f, value in zip(defaults, fixed, strict=True)
        ]
    _copy(
        model,
        [f.column for f in given] + [f.column for f in defaults],
        (
            [
                v if c is _plain and type(v) in _SIMPLE else c(v)
                for c, v in zip(convert, row, strict=True)
            ]
            + fixed
            for row in rows
        ),
    )


def update_values(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Set the fields ``names`` (attnames) of existing rows, each given as ``(pk, *values)``: one
    ``UPDATE … FROM unnest(…)`` on PostgreSQL whatever the number of rows (rows with different
    values), a statement per row elsewhere. No signals, no ``save()``."""
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    pk = model._meta.pk
    assert pk is not None
    if connection.vendor != "postgresql":
        manager = model._default_manager
        for row in rows:
            manager.filter(pk=row[0]).update(**dict(zip(names, row[1:], strict=True)))
        return
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    fields = [pk, *(by_attname[n] for n in names)]
    qn = connection.ops.quote_name
    arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
    columns = ", ".join(f"c{i}" for i in range(len(fields)))
    sets = ", ".join(f"{qn(f.column)} = v.c{i}" for i, f in enumerate(fields) if i)
    sql = (
        f"UPDATE {qn(model._meta.db_table)} AS t SET {sets} "  # noqa: S608 (names of the model)
        f"FROM unnest({arrays}) AS v({columns}) WHERE t.{qn(pk.column)} = v.c0"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [[_plain(row[i]) for row in rows] for i in range(len(fields))])

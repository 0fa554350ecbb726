"""The permission matrix: every route × method × persona, called for real, compared to the table.

:func:`routes` walks the URL resolver of ``tinhgon/urls.py`` (``/api/v1/`` included) and the
OpenAPI schema (drf-spectacular); :func:`run_matrix` calls each (route, method) as each persona with
the objects of :mod:`tests.trust.world` filling the URL kwargs, each call inside a savepoint that is
rolled back (so a call that succeeds changes nothing for the next persona), and returns the
differences from :data:`tests.trust.permission_table.ROUTES` as readable lines.
"""

from __future__ import annotations

import copy
import functools
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from rest_framework.test import APIClient

from tests.trust.permission_table import PERSONAS, ROUTES, Expect, parse
from tests.trust.world import World

API_PREFIX = "api/v1/"
SKIPPED_PREFIXES = ("quan-tri/",)  # Django's own admin site: superusers only, not our code
WEB_METHODS = ("GET", "POST")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str
    kwargs: tuple[str, ...]
    api: bool
    module: str  # the view's module (tinhgon.<app>....)
    declared: tuple[str, ...] = ()  # the HTTP methods a DRF view declares


def _declared(view: Any) -> tuple[str, ...]:
    if hasattr(view, "actions"):  # a viewset's route
        names = set(view.actions)
    elif hasattr(view, "cls"):  # an APIView or @api_view
        names = {m for m in ("get", "post", "put", "patch", "delete") if hasattr(view.cls, m)}
    else:
        return ()
    return tuple(sorted(m.upper() for m in names if m in {"get", "post", "put", "patch", "delete"}))


def _walk(patterns: Iterable[Any], prefix: str = "", ns: str | None = None) -> Iterable[Route]:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = ns
            if p.namespace:
                inner = f"{ns}:{p.namespace}" if ns else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            full = prefix + str(p.pattern)
            if full.startswith(SKIPPED_PREFIXES) or "(?P<format>" in full or p.name is None:
                continue
            name = f"{ns}:{p.name}" if ns else p.name
            view = p.callback
            module = getattr(view, "cls", view).__module__
            yield Route(
                name, full, tuple(p.pattern.regex.groupindex), full.startswith(API_PREFIX), module
            )


def routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for r in _walk(get_resolver().url_patterns):
        seen.setdefault(r.name, r)
    return sorted(seen.values(), key=lambda r: r.name)


@functools.cache
def schema_operations() -> frozenset[tuple[str, str]]:
    """(url name, METHOD) of every operation of the OpenAPI schema."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    ops: set[tuple[str, str]] = set()  # a frozenset once built (cached)
    for path, item in schema["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        match = resolve(concrete)
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        for method in item:
            if method in {"get", "post", "put", "patch", "delete"}:
                ops.add((name, method.upper()))
    return frozenset(ops)


def calls() -> list[tuple[Route, str]]:
    """Every (route, method) to call: web routes with GET and POST, API routes with the methods
    of their schema operations and those their view declares (a method the schema leaves out is
    still called)."""
    ops = schema_operations()
    out = []
    for r in routes():
        if r.api:
            methods = sorted({m for n, m in ops if n == r.name} | set(r.declared)) or ["GET"]
        else:
            methods = list(WEB_METHODS)
        out.extend((r, m) for m in methods)
    return out


class Clients:
    """One web client and one API client per persona, made once."""

    def __init__(self, world: World) -> None:
        from tinhgon.conftest import api_client

        self.web: dict[str, Client] = {}
        self.api: dict[str, APIClient] = {}
        for who in PERSONAS:
            user = None if who == "anon" else getattr(world.people, who)
            web = Client(raise_request_exception=False)
            if user is not None:
                web.force_login(user)
            self.web[who] = web
            api = api_client(user)
            api.raise_request_exception = False
            self.api[who] = api


def _kwargs(spec: str, world: World) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in spec.split():
        key, attr = part.split("=")
        value = getattr(world, attr)
        out[key] = getattr(value, "pk", value)
    return out


def _call(client: Any, method: str, url: str, api: bool) -> int:
    """One call inside a savepoint rolled back afterwards, the client's cookies restored (a
    logout or a password change must not log the persona out for the next route)."""
    sid = transaction.savepoint()
    cookies = copy.deepcopy(client.cookies)
    try:
        if api:
            response = getattr(client, method.lower())(url, {}, format="json")
        elif method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, {})
        return response.status_code
    finally:
        transaction.savepoint_rollback(sid)
        client.cookies = cookies


def missing_entries(todo: list[tuple[Route, str]]) -> list[str]:
    lines = []
    for r, method in todo:
        entry = ROUTES.get(r.name)
        if entry is None:
            kw = " ".join(f"{k}=<world attribute>" for k in r.kwargs)
            first = f'"{kw}", ' if kw else ""
            lines.append(
                f"route {r.name!r} (/{r.pattern}) has no entry: add to ROUTES in "
                f"tests/trust/permission_table.py the line\n"
                f'    "{r.name}": E({first}{method}=<8 statuses: {" ".join(PERSONAS)}>),'
            )
        elif method not in entry.methods:
            lines.append(
                f"route {r.name!r} has no expectation for {method}: add "
                f"{method}=<8 statuses: {' '.join(PERSONAS)}> to its E(...) in "
                "tests/trust/permission_table.py"
            )
    return lines


def run_matrix(
    world: World,
    clients: Clients,
    only: Callable[[Route], bool] = lambda r: True,
    observed: dict[tuple[str, str], list[int]] | None = None,
    personas: tuple[str, ...] = PERSONAS,
) -> list[str]:
    """Call everything and return one line per difference from the table (empty = all as expected).

    ``only`` restricts the routes, ``personas`` who calls (the mutation test calls as those who
    must be refused only)."""
    todo = [(r, m) for r, m in calls() if only(r)]
    problems = missing_entries(todo)
    # Thousands of expected 403/404s: their logged tracebacks would cost more than the calls.
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    try:
        _run(world, clients, todo, problems, observed, personas)
    finally:
        request_log.setLevel(level)
    return problems


def _run(
    world: World,
    clients: Clients,
    todo: list[tuple[Route, str]],
    problems: list[str],
    observed: dict[tuple[str, str], list[int]] | None,
    personas: tuple[str, ...],
) -> None:
    for r, method in todo:
        entry: Expect | None = ROUTES.get(r.name)
        if entry is None or method not in entry.methods:
            continue
        url = reverse(r.name, kwargs=_kwargs(entry.kwargs, world))
        expected = parse(entry.methods[method])
        got = {}
        for who in personas:
            client = (clients.api if r.api else clients.web)[who]
            got[who] = _call(client, method, url, r.api)
        if observed is not None:
            observed[(r.name, method)] = [got.get(who, 0) for who in PERSONAS]
        for who, want in zip(PERSONAS, expected, strict=True):
            status = got.get(who)
            if status is not None and want != status:
                problems.append(
                    f"{method} {url} ({r.name}) as {who}: expected {want}, got {status}"
                )

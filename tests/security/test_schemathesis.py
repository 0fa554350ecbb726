"""schemathesis against TinhGon's OpenAPI schema, as a supervisor: no request may end in a 5xx.

PostgreSQL only (deselected elsewhere by ``tests/security/conftest.py``), bounded: a few generated
examples per operation and a wall-clock budget, so that it stays well under a minute in ``make
test``. Requests commit for real (``transactional_db``), as they would on a server.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token

from tinhgon.wsgi import application

pytestmark = pytest.mark.postgres_only

EXAMPLES = 2
BUDGET_S = 45.0


def test_no_operation_answers_with_a_server_error(
    transactional_db: Any, people: Any, registry: Any
) -> None:
    token, _created = Token.objects.get_or_create(user=people.supervisor)
    auth = {"Authorization": f"Token {token.key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, headers=auth)
    started = time.monotonic()
    errors: list[str] = []
    operations = 0
    calls = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            nonlocal calls
            response = case.call(headers=auth)
            calls += 1
            if response.status_code >= 500:
                errors.append(
                    f"{case.method} {case.formatted_path} → {response.status_code}: "
                    f"query={case.query} body={str(case.body)[:200]}"
                )

        run()
    assert operations >= 40, operations
    assert time.monotonic() - started < BUDGET_S
    assert errors == [], "\n".join(errors)
    print(
        f"schemathesis: {operations} operations, {calls} calls, {time.monotonic() - started:.1f} s"
    )

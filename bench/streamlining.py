"""Benchmark of the ``streamlining_benefits`` rule (`make bench`, issue 6).

1. In-process: ``--n`` computations (default 100,000) through ``catalogue.run`` — parse, evaluate
   and JSON conversion, the work the API does around the rule — over a mix of cases (ND 178 early
   retirement and resignation, ND 29, ND 154, ND 170, salaries from coefficients and given), each
   timed on its own; the median and the 95th percentile per computation (target: median < 0.5 ms).
2. Through the API: ``--api-n`` calls (default 2,000) of ``POST /api/v1/rules/streamlining_benefits/``
   with Django's test ``Client`` and a token, against a temporary SQLite database (migrated here,
   deleted at the end); the median per call.

Results: a table on stdout and ``bench/results/streamlining.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

TARGET_MS = 0.5


def cases() -> list[dict[str, Any]]:
    """A mix of valid inputs, one per decree and policy (DOMAIN.md §11.1, §11.2 among them)."""
    nd178 = {
        "category": "sap_xep",
        "policy": "early_retirement",
        "person": {
            "sex": "F",
            "birth_date": "1970-03-15",
            "employment": "vien_chuc",
            "insurance_years": 30,
            "salary_coefficient": 4.40,
        },
        "reorganization_effective_date": "2025-07-01",
        "leave_date": "2025-08-01",
    }
    nd178_quit = {
        "category": "sap_xep",
        "policy": "resignation",
        "person": {
            "sex": "M",
            "birth_date": "1975-06-20",
            "employment": "cong_chuc",
            "insurance_years": 22,
            "insurance_months": 5,
            "salary_coefficient": "3.66",
            "allowance_coefficients": {"phụ cấp chức vụ": "0.3", "thâm niên vượt khung": "0.2"},
        },
        "reorganization_effective_date": "2025-07-01",
        "leave_date": "2026-09-01",
    }
    nd29 = {
        "category": "tinh_gian",
        "policy": "early_retirement",
        "person": {
            "sex": "M",
            "birth_date": "1964-01-01",
            "employment": "cong_chuc",
            "statutory_retirement_date": "2027-01-01",
            "insurance_years": 28,
            "average_salary_60m_vnd": 7_000_000,
        },
        "leave_date": "2024-01-01",
    }
    nd154 = {
        "category": "tinh_gian",
        "policy": "resignation",
        "person": {
            "sex": "F",
            "birth_date": "1980-11-02",
            "employment": "cong_chuc",
            "insurance_years": 18,
            "current_salary_vnd": 9_500_000,
        },
        "leave_date": "2026-01-01",
    }
    nd170 = {
        "category": "thoi_viec_nguyen_vong",
        "policy": "resignation",
        "person": {
            "sex": "F",
            "birth_date": "1990-05-05",
            "employment": "cong_chuc",
            "insurance_years": 10,
            "insurance_months": 4,
            "current_salary_vnd": 8_000_000,
        },
        "leave_date": "2026-08-01",
    }
    return [nd178, nd178_quit, nd29, nd154, nd170]


def in_process(n: int) -> dict[str, float]:
    from tinhgon.rules import catalogue

    payloads = cases()
    for payload in payloads:  # warm up, and check that every case is accepted
        catalogue.run("streamlining_benefits", payload)
    timings = []
    clock = time.perf_counter
    k = len(payloads)
    for i in range(n):
        payload = payloads[i % k]
        start = clock()
        catalogue.run("streamlining_benefits", payload)
        timings.append(clock() - start)
    return _summary(timings)


def through_api(n: int) -> dict[str, float]:
    tmp = tempfile.mkdtemp(prefix="tinhgon-bench-streamlining-")
    db = Path(tmp) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("TINHGON_TESTING", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhgon.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from rest_framework.authtoken.models import Token

    try:
        call_command("migrate", verbosity=0, interactive=False)
        user = get_user_model().objects.create_user("bench", password="bench-streamlining")
        token = Token.objects.create(user=user)
        client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        url = "/api/v1/rules/streamlining_benefits/"
        bodies = [json.dumps(p) for p in cases()]
        for body in bodies:
            response = client.post(url, body, content_type="application/json")
            if response.status_code != 200:
                raise SystemExit(f"API {response.status_code}: {response.content[:300]!r}")
        timings = []
        clock = time.perf_counter
        for i in range(n):
            body = bodies[i % len(bodies)]
            start = clock()
            response = client.post(url, body, content_type="application/json")
            timings.append(clock() - start)
            if response.status_code != 200:  # pragma: no cover - checked above
                raise SystemExit(f"API {response.status_code}")
        return _summary(timings)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)


def _summary(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    return {
        "n": len(timings),
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
        "total_s": sum(timings),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="in-process computations")
    parser.add_argument(
        "--api-n", type=int, default=100_000, help="API calls (issue 6: 100,000 both ways)"
    )
    args = parser.parse_args()
    results: dict[str, Any] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "target_median_ms": TARGET_MS,
        "in_process": in_process(args.n),
        "api": through_api(args.api_n),
    }
    results["in_process"]["meets_target"] = results["in_process"]["median_ms"] < TARGET_MS
    print(f"{'streamlining_benefits':<28}{'n':>9}{'median ms':>12}{'p95 ms':>10}{'total s':>10}")
    for key in ("in_process", "api"):
        row = results[key]
        print(
            f"{key:<28}{row['n']:>9}{row['median_ms']:>12.4f}{row['p95_ms']:>10.4f}"
            f"{row['total_s']:>10.2f}"
        )
    verdict = "OK" if results["in_process"]["meets_target"] else "ABOVE TARGET"
    print(f"in-process target: median < {TARGET_MS} ms — {verdict}")
    out = HERE / "results" / "streamlining.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

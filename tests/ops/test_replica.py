"""Dashboards and reports read from a streaming replica; writes go to the primary (PostgreSQL).

The test starts its own primary and a streaming replica (``pg_basebackup -R``) on 127.0.0.1, on
free ports, as user ``postgres`` when run as root (like ``.ci/run``), loads the test registry into
the primary with pg_dump/pg_restore, and runs TinhGon in a subprocess with ``DATABASE_URL`` (the
primary) and ``DATABASE_REPLICA_URL`` (the replica). That process writes through a service and
loads the leaders' dashboard, recording which server ran each query.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import psycopg
import pytest

from tests.ops.helpers import PGBIN, Cluster, pg_url, wait_for

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

SCRIPT = r"""
import datetime as dt, json
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tinhgon.accounts.models import User
from tinhgon.core.db_router import use_replica
from tinhgon.organizations.models import Organization
from tinhgon.organizations.services import organization_correct

def server(alias):
    with connections[alias].cursor() as cur:
        cur.execute("SELECT pg_is_in_recovery(), inet_server_port()")
        return list(cur.fetchone())

out = {"default": server("default"), "replica": server("replica")}
leader = User.objects.get(username="lanh-dao")
supervisor = User.objects.get(username="chuyen-vien-snv")
org = Organization.objects.get(code="000.00.10.H23")

def capture(fn):
    with CaptureQueriesContext(connections["default"]) as d, \
         CaptureQueriesContext(connections["replica"]) as r:
        result = fn()
    return result, [q["sql"] for q in d.captured_queries], [q["sql"] for q in r.captured_queries]

# a write through a service, even inside use_replica(): the primary only
state = org.states.get()
def write():
    with use_replica():
        organization_correct(acting_user=supervisor, organization=org, state=state,
                             changes={"unit_class": "Hạng I"}, reason="Bổ sung hạng",
                             expected_version=org.version)
_, d, r = capture(write)
out["write"] = {"default": len(d), "default_writes": sum(q.startswith(("INSERT", "UPDATE")) for q in d),
                "replica": len(r)}

client = Client()
client.force_login(leader)
# the leaders' dashboard: its reads on the replica
resp, d, r = capture(lambda: client.get("/chi-tieu/?as_of=2026-11-26"))
out["dashboard"] = {"status": resp.status_code, "default": len(d), "replica": len(r),
                    "replica_tables": sorted({t for q in r for t in ("organizations_organizationstate",
                                              "staffing_quotaentry") if t in q}),
                    "default_sql": d}
# an ordinary page: everything on the primary
resp, d, r = capture(lambda: client.get(f"/don-vi/{org.pk}/"))
out["detail"] = {"status": resp.status_code, "default": len(d), "replica": len(r)}
print("RESULT" + json.dumps(out))
"""


@pytest.fixture
def streaming_pair(tmp_path: Any) -> Any:
    primary, replica = Cluster(), Cluster()
    try:
        primary.initdb()
        primary.start("-c wal_level=replica", "-c max_wal_senders=4")
        replica.run(
            [str(PGBIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port),
             "-U", "postgres", "-D", str(replica.data), "-R", "-X", "stream", "-c", "fast"]
        )  # fmt: skip
        replica.start("-c hot_standby=on")
        yield primary, replica
    finally:
        replica.stop()
        primary.stop()


def test_dashboards_read_from_the_replica_and_writes_go_to_the_primary(
    registry: Any, people: Any, streaming_pair: Any, tmp_path: Any
) -> None:
    primary, replica = streaming_pair
    # the test database (registry and personas) goes to the primary; the replica follows by WAL
    dump = tmp_path / "test.dump"
    subprocess.run(
        [str(PGBIN / "pg_dump"), "--format=custom", "--no-owner", f"--file={dump}", pg_url()],
        check=True,
        capture_output=True,
    )
    with psycopg.connect(f"{primary.url_base}/postgres", autocommit=True) as pg:
        pg.execute("CREATE DATABASE tinhgon")
    subprocess.run(
        [str(PGBIN / "pg_restore"), "--no-owner", "-h", "127.0.0.1", "-p",
         str(primary.port), "-U", "postgres", "-d", "tinhgon", str(dump)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    with psycopg.connect(f"{primary.url_base}/tinhgon", autocommit=True) as pg:
        lsn = pg.execute("SELECT pg_current_wal_lsn()").fetchone()[0]  # type: ignore[index]
    with psycopg.connect(f"{replica.url_base}/postgres", autocommit=True) as pg:
        wait_for(
            lambda: pg.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [str(lsn)]
            ).fetchone()[0],  # type: ignore[index]
            timeout=60,
        )

    env = {
        **os.environ,
        "TINHGON_TESTING": "1",
        "DATABASE_URL": f"{primary.url_base}/tinhgon",
        "DATABASE_REPLICA_URL": f"{replica.url_base}/tinhgon",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-m", "tinhgon.manage", "shell", "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.split("RESULT", 1)[1])

    # the two connections reach two servers: the primary, and the replica in recovery
    assert out["default"] == [False, primary.port]
    assert out["replica"] == [True, replica.port]
    # the correction (inside use_replica, even) wrote on the primary only
    assert out["write"]["default_writes"] >= 2 and out["write"]["replica"] == 0
    # the dashboard's reads were served by the replica
    dash = out["dashboard"]
    assert dash["status"] == 200
    assert dash["replica"] >= 5
    assert dash["replica_tables"] == ["organizations_organizationstate", "staffing_quotaentry"]
    # an ordinary page stays on the primary
    assert out["detail"]["status"] == 200
    assert out["detail"]["replica"] == 0 and out["detail"]["default"] > 0
    # and what the primary wrote reached the replica by streaming replication
    with psycopg.connect(f"{replica.url_base}/tinhgon", autocommit=True) as pg:
        wait_for(
            lambda: pg.execute(
                "SELECT 1 FROM organizations_organizationstate WHERE unit_class = 'Hạng I'"
            ).fetchone(),
            timeout=30,
        )

"""A throwaway PostgreSQL 15 cluster for the benchmarks (the recipe of ENV-NOTES.md).

The data directory persists in ``bench/.cache/pg`` so that the generated registry is reused
between runs; the server itself is stopped when the benchmark ends.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

PGBIN = Path("/usr/lib/postgresql/15/bin")
CACHE = Path(__file__).resolve().parent / ".cache" / "pg"


def _as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as user ``postgres`` then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class Cluster:
    def __init__(self, port: int = 54330, directory: Path = CACHE) -> None:
        self.port = port
        self.directory = directory
        self.data = directory / "data"
        self.log = directory / "log"
        self.started_here = False

    @property
    def url_base(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def _run(self, args: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(_as_postgres(args), check=check, capture_output=True, text=True)

    def running(self) -> bool:
        if not (self.data / "PG_VERSION").exists():
            return False
        return (
            self._run([str(PGBIN / "pg_ctl"), "-D", str(self.data), "status"], False).returncode
            == 0
        )

    def start(self) -> None:
        if self.running():
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        if not (self.data / "PG_VERSION").exists():
            shutil.rmtree(self.data, ignore_errors=True)
            self._run(
                [
                    str(PGBIN / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            )
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.directory} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off "
            "-c shared_buffers=512MB -c work_mem=32MB -c maintenance_work_mem=256MB -c jit=off"
        )
        result = self._run(
            [str(PGBIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w",
             "-o", options, "start"],
            check=False,
        )  # fmt: skip
        if result.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start:\n{result.stderr}\n{log[-3000:]}")
        self.started_here = True

    def stop(self) -> None:
        if self.started_here:
            self._run([str(PGBIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])
            self.started_here = False

    def ensure_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.url_base}/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(port: int, database: str, script: str) -> Cluster | None:
    """Point ``DATABASE_URL`` at PostgreSQL — the one given, or ``database`` in our own cluster on
    ``port`` (returned, to be stopped) — then ``django.setup()``; ``script`` names the benchmark in
    the message when the database is not PostgreSQL."""
    cluster = None
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        cluster = Cluster(port=port)
        t0 = time.perf_counter()
        cluster.start()
        cluster.ensure_database(database)
        url = f"{cluster.url_base}/{database}"
        print(f"PostgreSQL cluster in {cluster.directory} ({time.perf_counter() - t0:.1f} s)")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhgon.settings")
    os.environ.setdefault("TINHGON_TESTING", "1")  # no SECRET_KEY needed; DEBUG stays off
    os.environ.pop("DEBUG", None)  # DEBUG would record every query and skew the timings
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit(f"{script} needs PostgreSQL")
    print(
        f"Database: {connection.settings_dict['NAME']} on port {connection.settings_dict['PORT']}"
    )
    return cluster


def read_meta(cursor: Any, key: str, version: Any) -> dict[str, Any] | None:
    """The marker ``key`` of data generated once and kept in the database (table ``bench_meta``),
    if it was made by this ``version`` of the generator."""
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS bench_meta "
        "(key text PRIMARY KEY, value jsonb NOT NULL, created_at timestamptz DEFAULT now())"
    )
    cursor.execute("SELECT value FROM bench_meta WHERE key = %s", [key])
    row = cursor.fetchone()
    value = row[0] if row else None
    while isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) and value.get("version") == version else None

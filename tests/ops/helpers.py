"""Helpers of the operations tests: run ``tinhgon`` in a subprocess, PostgreSQL URLs and clusters."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.db import connection

PGBIN = Path("/usr/lib/postgresql/15/bin")


def tinhgon(
    *args: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``tinhgon ARGS`` in a fresh process (its own settings from ``env``)."""
    full = {**os.environ, "TINHGON_TESTING": "1", **env}
    full.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "tinhgon.manage", *args],
        env=full,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def pg_url(name: str | None = None) -> str:
    """The URL of the test database (or of database ``name`` on the same server)."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name or s['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root run its tools as user ``postgres`` (like .ci/run)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class Cluster:
    """A throwaway PostgreSQL 15 server on 127.0.0.1 (fsync off), for the replica test."""

    def __init__(self, port: int | None = None, base: Path | None = None) -> None:
        self.port = port or free_port()
        self.base = base or Path(tempfile.mkdtemp(prefix="tinhgon-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "log"
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres")
        self.running = False

    @property
    def url_base(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def run(self, args: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.run(as_postgres(args), capture_output=True, text=True, check=True, **kw)

    def initdb(self) -> None:
        self.run(
            [str(PGBIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        )  # fmt: skip

    def start(self, *options: str) -> None:
        opts = " ".join(
            [
                "-c listen_addresses=127.0.0.1",
                f"-c port={self.port}",
                f"-c unix_socket_directories={self.base}",
                "-c fsync=off",
                *options,
            ]
        )
        try:
            self.run(
                [str(PGBIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w",
                 "-t", "60", "-o", opts, "start"]
            )  # fmt: skip
        except subprocess.CalledProcessError as exc:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {exc.stderr}\n{log[-2000:]}") from exc
        self.running = True

    def stop(self) -> None:
        if self.running:
            subprocess.run(
                as_postgres([str(PGBIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                             "-w", "stop"]),
                capture_output=True,
            )  # fmt: skip
            self.running = False
        shutil.rmtree(self.base, ignore_errors=True)


def wait_for(check: Any, timeout: float = 30, step: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(step)

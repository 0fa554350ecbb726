"""Backup and restore (``tinhgon backup --out PATH``, ``tinhgon restore PATH``).

The archive is a tar file holding:

- ``database.dump`` — PostgreSQL: ``pg_dump --format=custom`` taken on a snapshot exported by the
  transaction that also counts the rows, so the dump and the counts describe the same instant while
  the system keeps running; SQLite: ``database.sqlite3``, a copy made with SQLite's online backup API
  (consistent, and it works on a database in use);
- ``media/…`` — every uploaded file under ``MEDIA_ROOT``;
- ``manifest.json`` — format, vendor, time, the Django migrations applied, the number of rows of
  every table, and the size and SHA-256 of every other member.

``PATH.sha256`` beside the archive holds the SHA-256 of the archive itself (``sha256sum -c``).

Restore verifies every checksum before it touches anything, refuses a database that already has
data (restore is for an empty machine), loads the database (``pg_restore --single-transaction``,
or the SQLite copy), puts the files back, then checks the row counts and the files' checksums
against the manifest. A dump restores on the same vendor only (PostgreSQL → PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections

FORMAT = "tinhgon-backup/1"
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on, with a message for the operator (Vietnamese)."""


@dataclass
class Result:
    path: Path
    manifest: dict[str, Any]
    problems: list[str] = field(default_factory=list)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_tool(name: str) -> str:
    """pg_dump / pg_restore: ``TINHGON_PG_BIN`` if set, else Debian's PostgreSQL 15, else PATH."""
    for candidate in (
        Path(os.environ.get("TINHGON_PG_BIN", "/nonexistent")) / name,
        Path("/usr/lib/postgresql/15/bin") / name,
    ):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"Không tìm thấy {name} (cài gói postgresql-client).")
    return found


def _pg_env(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    s = connections[alias].settings_dict
    args = ["--dbname", s["NAME"]]
    if s.get("HOST"):
        args += ["--host", str(s["HOST"])]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", str(s["USER"])]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return args, env


def _tables(alias: str = "default") -> list[str]:
    """The tables of every installed model (and auto-created m2m tables) present in the database."""
    conn = connections[alias]
    existing = set(conn.introspection.table_names())
    names = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    names.add("django_migrations")
    return sorted(n for n in names if n in existing)


def _count_rows(cursor: Any, tables: list[str], quote: Callable[[str], str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        # table names come from the models and the database catalogue, quoted
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _migrations(cursor: Any) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _dump_postgresql(workdir: Path) -> tuple[Path, dict[str, int], list[str]]:
    """pg_dump on a snapshot exported by the transaction that counts the rows."""
    import psycopg

    conn = connections["default"]
    s = conn.settings_dict
    tables = _tables()
    dsn = {
        "dbname": s["NAME"],
        "host": s.get("HOST") or None,
        "port": s.get("PORT") or None,
        "user": s.get("USER") or None,
        "password": s.get("PASSWORD") or None,
    }
    target = workdir / "database.dump"
    with psycopg.connect(**{k: v for k, v in dsn.items() if v}) as pg:
        pg.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = pg.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        with pg.cursor() as cur:
            counts = _count_rows(cur, tables, lambda t: '"' + t.replace('"', '""') + '"')
            migrations = _migrations(cur)
        args, env = _pg_env()
        result = subprocess.run(
            [
                _pg_tool("pg_dump"),
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        pg.execute("COMMIT")
    if result.returncode != 0:
        raise BackupError(f"pg_dump lỗi: {result.stderr.strip()}")
    return target, counts, migrations


def _dump_sqlite(workdir: Path) -> tuple[Path, dict[str, int], list[str]]:
    """SQLite's online backup API into a file; the counts are read from that copy."""
    conn = connections["default"]
    conn.ensure_connection()
    tables = _tables()
    target = workdir / "database.sqlite3"
    dest = sqlite3.connect(str(target))
    try:
        conn.connection.backup(dest)
        cur = dest.cursor()
        counts = _count_rows(cur, tables, lambda t: '"' + t.replace('"', '""') + '"')
        migrations = _migrations(cur)
    finally:
        dest.close()
    return target, counts, migrations


def backup(out: Path, *, now: dt.datetime | None = None) -> Result:
    """Write the archive ``out`` (and ``out.sha256``); return its manifest."""
    out = Path(out)
    vendor = connections["default"].vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Cơ sở dữ liệu {vendor} chưa được hỗ trợ.")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tinhgon-backup-") as tmp:
        workdir = Path(tmp)
        if vendor == "postgresql":
            db_file, counts, migrations = _dump_postgresql(workdir)
        else:
            db_file, counts, migrations = _dump_sqlite(workdir)
        root = _media_root()
        files: list[dict[str, Any]] = []
        for path in _media_files(root):
            files.append(
                {
                    "path": path.relative_to(root).as_posix(),
                    "size": path.stat().st_size,
                    "sha256": sha256_file(path),
                }
            )
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": (now or dt.datetime.now(dt.UTC)).isoformat(),
            "vendor": vendor,
            "database": {
                "member": db_file.name,
                "size": db_file.stat().st_size,
                "sha256": sha256_file(db_file),
            },
            "migrations": migrations,
            "counts": counts,
            "media": files,
        }
        partial = out.with_name(out.name + ".part")
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=db_file.name)
            for entry in files:
                tar.add(root / entry["path"], arcname=f"media/{entry['path']}")
        os.replace(partial, out)
    digest = sha256_file(out)
    Path(str(out) + ".sha256").write_text(f"{digest}  {out.name}\n")
    return Result(out, manifest)


def read_manifest(path: Path) -> dict[str, Any]:
    with tarfile.open(path, "r") as tar:
        member = tar.extractfile("manifest.json")
        if member is None:
            raise BackupError("Tệp sao lưu thiếu manifest.json.")
        manifest: dict[str, Any] = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Định dạng sao lưu “{manifest.get('format')}” không được hỗ trợ.")
    return manifest


def verify_archive(path: Path, workdir: Path) -> dict[str, Any]:
    """Extract into ``workdir`` and check every checksum (and the sidecar's, if present)."""
    path = Path(path)
    sidecar = Path(str(path) + ".sha256")
    if sidecar.exists():
        expected = sidecar.read_text().split()[0]
        if sha256_file(path) != expected:
            raise BackupError("Tệp sao lưu bị hỏng: SHA-256 không khớp với tệp .sha256.")
    manifest = read_manifest(path)
    with tarfile.open(path, "r") as tar:
        tar.extractall(workdir, filter="data")
    db = manifest["database"]
    if sha256_file(workdir / db["member"]) != db["sha256"]:
        raise BackupError(f"Tệp sao lưu bị hỏng: {db['member']} sai SHA-256.")
    for entry in manifest["media"]:
        member = workdir / "media" / entry["path"]
        if not member.is_file() or sha256_file(member) != entry["sha256"]:
            raise BackupError(f"Tệp sao lưu bị hỏng: media/{entry['path']} sai SHA-256.")
    return manifest


def _database_is_empty() -> bool:
    """No table at all: pg_restore (or the SQLite copy) creates the tables itself."""
    return not connections["default"].introspection.table_names()


def current_counts() -> dict[str, int]:
    conn = connections["default"]
    with conn.cursor() as cur:
        return _count_rows(cur, _tables(), conn.ops.quote_name)


def restore(path: Path) -> Result:
    """Restore the archive into the empty database of ``DATABASE_URL`` and into ``MEDIA_ROOT``."""
    conn = connections["default"]
    vendor = conn.vendor
    with tempfile.TemporaryDirectory(prefix="tinhgon-restore-") as tmp:
        workdir = Path(tmp)
        manifest = verify_archive(Path(path), workdir)
        if manifest["vendor"] != vendor:
            raise BackupError(
                f"Bản sao lưu là của {manifest['vendor']}, cơ sở dữ liệu đích là {vendor}: "
                "chỉ khôi phục được vào cùng loại."
            )
        if not _database_is_empty():
            raise BackupError(
                "Cơ sở dữ liệu đích đã có bảng: chỉ khôi phục vào một cơ sở dữ liệu trống."
            )
        root = _media_root()
        clashes = [e["path"] for e in manifest["media"] if (root / e["path"]).exists()]
        if clashes:
            raise BackupError(f"MEDIA_ROOT đã có tệp trùng tên: {', '.join(clashes[:5])}.")
        db_file = workdir / manifest["database"]["member"]
        if vendor == "postgresql":
            args, env = _pg_env()
            conn.close()
            result = subprocess.run(
                [
                    _pg_tool("pg_restore"),
                    *args,
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    str(db_file),
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_restore lỗi: {result.stderr.strip()}")
        else:
            conn.ensure_connection()
            source = sqlite3.connect(str(db_file))
            try:
                source.backup(conn.connection)
            finally:
                source.close()
        # Cached computations of the backed-up database may predate its last writes by the instant
        # between a commit and its generation bump (tinhgon.core.memo): start afresh.
        cache.clear()
        for entry in manifest["media"]:
            target = root / entry["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(workdir / "media" / entry["path"], target)
    return Result(Path(path), manifest, verify_restored(manifest))


def verify_restored(manifest: dict[str, Any]) -> list[str]:
    """What differs between the database and files now and the manifest (empty: all equal)."""
    problems = []
    counts = current_counts()
    for table, expected in manifest["counts"].items():
        got = counts.get(table)
        if got != expected:
            problems.append(f"Bảng {table}: {got} dòng, bản sao lưu có {expected}.")
    root = _media_root()
    for entry in manifest["media"]:
        target = root / entry["path"]
        if not target.is_file() or sha256_file(target) != entry["sha256"]:
            problems.append(f"Tệp {entry['path']}: thiếu hoặc sai SHA-256.")
    return problems

"""``tinhgon backup`` then ``tinhgon restore`` on an empty machine brings everything back.

Runs on the vendor of the test run: on PostgreSQL the restore goes into a second, empty database
on the same server (pg_dump/pg_restore); on SQLite into a new file (SQLite's backup API).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import tarfile
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from tests.ops.helpers import pg_url, tinhgon
from tinhgon.core import ops
from tinhgon.organizations.models import Organization
from tinhgon.organizations.services import DecisionInput
from tinhgon.staffing.choices import EntryType, QuotaKind
from tinhgon.staffing.services import EntryInput, quota_entries_record

pytestmark = pytest.mark.django_db(transaction=True)

FILES = {
    "minh-chung/2026/11/bao-cao-tien-do.pdf": b"%PDF-1.4 bao cao tien do\n" * 50,
    "reports/2026/Báo cáo ĐVSNCL 2026.docx": bytes(range(256)) * 40,
}


@pytest.fixture
def media(tmp_path: Path, settings: Any) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def empty_target(tmp_path: Path) -> Any:
    """The URL of an empty database of the same vendor, dropped afterwards."""
    if connection.vendor == "postgresql":
        name = f"tinhgon_restore_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(pg_url("postgres"), autocommit=True) as pg:
            pg.execute(f'CREATE DATABASE "{name}"')
        yield pg_url(name)
        with psycopg.connect(pg_url("postgres"), autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"


def _restored_rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    if url.startswith("postgres"):
        with psycopg.connect(url) as pg:
            return pg.execute(sql).fetchall()
    import sqlite3

    db = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_backup_then_restore_on_an_empty_machine_brings_everything_back(
    registry: Any, people: Any, media: Path, empty_target: str, tmp_path: Path
) -> None:
    quota_entries_record(
        acting_user=people.supervisor,
        rows=[
            EntryInput(
                org.pk,
                QuotaKind.PUBLIC_EMPLOYEE_BUDGET,
                2026,
                EntryType.ALLOCATION,
                amount,
                dt.date(2026, 1, 10),
                DecisionInput("12/QĐ-UBND", dt.date(2026, 1, 5), "UBND tỉnh Hà Tĩnh"),
            )
            for org, amount in ((registry.province, 500), (registry.health, 120))
        ],
    )
    for name, content in FILES.items():
        default_storage.save(name, ContentFile(content))
    out = tmp_path / "backups" / "tinhgon-2026-11-26.tar"

    call_command("backup", out=str(out))

    manifest = ops.read_manifest(out)
    counts = ops.current_counts()
    assert manifest["counts"] == counts
    assert manifest["counts"]["organizations_organization"] == Organization.objects.count() == 16
    assert manifest["counts"]["staffing_quotaentry"] == 2
    assert manifest["counts"]["accounts_user"] == 7
    assert {f["path"]: f["sha256"] for f in manifest["media"]} == {
        name: hashlib.sha256(content).hexdigest() for name, content in FILES.items()
    }
    sidecar = Path(f"{out}.sha256").read_text().split()
    assert sidecar == [ops.sha256_file(out), out.name]

    restored_media = tmp_path / "restored-media"
    env = {"DATABASE_URL": empty_target, "MEDIA_ROOT": str(restored_media)}
    done = tinhgon("restore", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert "khớp SHA-256" in done.stdout

    # the restored database holds the same rows (counted independently of the command) …
    for table, expected in counts.items():
        sql = f'SELECT COUNT(*) FROM "{table}"'  # noqa: S608
        assert _restored_rows(empty_target, sql) == [(expected,)], table
    names = _restored_rows(
        empty_target,
        "SELECT name FROM organizations_organizationstate ORDER BY name",
    )
    assert ("Sở Y tế",) in names and ("Trường Tiểu học Đức Lạc",) in names
    # … and the same files, byte for byte
    for name, content in FILES.items():
        assert (restored_media / name).read_bytes() == content

    # a restore over a database with data (here: the test database itself) is refused
    with pytest.raises(CommandError, match="cơ sở dữ liệu trống"):
        call_command("restore", str(out))


def test_a_damaged_archive_is_refused_before_anything_is_written(
    registry: Any, media: Path, tmp_path: Path, settings: Any
) -> None:
    default_storage.save("minh-chung/a.pdf", ContentFile(b"%PDF-1.4 a"))
    out = tmp_path / "b.tar"
    ops.backup(out)
    # the same archive with one media file changed but the original manifest
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(out) as src, tarfile.open(damaged, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "media/minh-chung/a.pdf":
                data = b"%PDF-1.4 b"
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    settings.MEDIA_ROOT = str(tmp_path / "m")
    before = ops.current_counts()
    with pytest.raises(CommandError, match=re.escape("media/minh-chung/a.pdf sai SHA-256")):
        call_command("restore", str(damaged))
    # the archive's own checksum (the .sha256 beside it) is checked first
    Path(f"{damaged}.sha256").write_text(Path(f"{out}.sha256").read_text())
    with pytest.raises(CommandError, match=re.escape("SHA-256 không khớp với tệp .sha256")):
        call_command("restore", str(damaged))
    assert ops.current_counts() == before
    assert not (tmp_path / "m").exists()

"""Backups that restore: a round trip into a fresh database, and a corrupt backup refused."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection

from resursnaya_sreda.kernel import backups
from tests.factories import OrganisationFactory, UserFactory, region

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fresh_database(tmp_path):
    """A new, empty database of the same engine; dropped afterwards."""
    db = dict(connection.settings_dict)
    if "sqlite3" in db["ENGINE"]:
        db["NAME"] = str(tmp_path / "restored.sqlite3")
        yield db
        return
    import psycopg

    name = f"rs_restore_{uuid.uuid4().hex[:10]}"
    admin = {**db, "NAME": "postgres"}
    with psycopg.connect(backups._pg_url(admin), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    db["NAME"] = name
    yield db
    with psycopg.connect(backups._pg_url(admin), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def counts_in(db: dict) -> dict[str, int]:
    if "sqlite3" in db["ENGINE"]:
        conn = sqlite3.connect(db["NAME"])
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        result = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        conn.close()
        return result
    import psycopg

    with psycopg.connect(backups._pg_url(db)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        ]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.fixture
def data():
    for n in range(3):
        OrganisationFactory(name=f"НКО {n}", region=region("16"))
        UserFactory(email=f"person{n}@test.example")
    public = storages["default"].save("news/cover.jpg", ContentFile(b"\xff\xd8 cover"))
    private = storages["private"].save("scans/sheet.pdf", ContentFile(b"%PDF-1.7 scan"))
    return {"default": public, "private": private}


def digest(alias: str, name: str) -> str:
    with storages[alias].open(name, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(
    tmp_path, data, fresh_database
):
    before = {alias: digest(alias, name) for alias, name in data.items()}
    result = backups.backup_make(destination=str(tmp_path / "backups"))
    manifest = result.manifest
    assert manifest["row_counts"]["accounts_user"] >= 3
    assert set(manifest["files"]) >= {
        "files/public/news/cover.jpg",
        "files/private/scans/sheet.pdf",
    }

    for alias, name in data.items():
        storages[alias].delete(name)
    call_command(
        "restore",
        str(result.path),
        "--yes",
        f"--database-url={_url(fresh_database)}",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    assert counts_in(fresh_database) == manifest["row_counts"]
    assert {alias: digest(alias, name) for alias, name in data.items()} == before


def test_a_corrupt_backup_is_refused_before_the_database_is_touched(tmp_path, data, fresh_database):
    result = backups.backup_make(destination=str(tmp_path / "backups"))
    scan = result.path / "files" / "private" / "scans" / "sheet.pdf"
    scan.write_bytes(b"%PDF-1.7 tampered")
    before = counts_in(fresh_database)
    with pytest.raises(CommandError, match="повреждён|damaged"):
        call_command("restore", str(result.path), "--yes", f"--database-url={_url(fresh_database)}")
    assert counts_in(fresh_database) == before


def test_a_backup_without_its_database_dump_is_refused(tmp_path, data, fresh_database):
    result = backups.backup_make(destination=str(tmp_path / "backups"))
    (result.path / result.manifest["database"]["file"]).unlink()
    with pytest.raises(backups.BackupError, match="missing"):
        backups.backup_restore(source=str(result.path), database=fresh_database)


def test_a_folder_that_is_not_a_backup_is_refused(tmp_path):
    with pytest.raises(backups.BackupError, match="not a backup"):
        backups.backup_verify(tmp_path)


def _url(db: dict) -> str:
    if "sqlite3" in db["ENGINE"]:
        return f"sqlite:///{db['NAME']}"
    return backups._pg_url(db)


def test_a_backup_goes_to_object_storage_and_restores_from_there(data, fresh_database, monkeypatch):
    import boto3
    from moto import mock_aws

    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="backups")
        result = backups.backup_make(destination="s3://backups/portal")
        location = result.path
        assert location.startswith("s3://backups/portal/backup-")
        storages["private"].delete(data["private"])
        manifest = backups.backup_restore(source=location, database=fresh_database)
    assert counts_in(fresh_database) == manifest["row_counts"]
    assert storages["private"].exists(data["private"])

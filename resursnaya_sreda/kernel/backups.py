"""Backups that restore: the database and every stored file, with a manifest of checksums.

A backup is a folder (or the same files under a prefix in object storage)::

    manifest.json          what is inside: format, engine, row counts, sha256 of every file
    database.pgdump        PostgreSQL: pg_dump's custom format (pg_restore reads it)
    database.sqlite3       SQLite: a consistent copy made by SQLite's online backup
    files/public/…         the public storage (news covers, catalogue photos)
    files/private/…        the private storage (scans, attachments, documents)

``restore`` checks every checksum first and refuses a damaged or incomplete backup before it
touches the database or a file. Files are read and written through the storages, so the same
commands work with files on disk and in S3 (``STORAGE_URL``).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.db import connection, connections
from django.utils import timezone

from resursnaya_sreda.kernel.uploads.sweep import walk

FORMAT = 1
MANIFEST = "manifest.json"
STORAGE_ALIASES = {"public": "default", "private": "private"}
CHUNK = 1024 * 1024


class BackupError(RuntimeError):
    """The backup cannot be made or is not fit to restore; the message says why."""


@dataclass(frozen=True)
class BackupResult:
    #: The backup folder, or its ``s3://bucket/prefix/backup-…`` location.
    path: Path | str
    manifest: dict[str, Any]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- Database -----------------------------------------------------------------------------


def _engine(db: dict[str, Any]) -> str:
    engine = db["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite3" in engine:
        return "sqlite"
    raise BackupError(f"backups support PostgreSQL and SQLite, not {engine}")


def _pg_url(db: dict[str, Any]) -> str:
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{auth}{host}{port}/{quote(db['NAME'], safe='')}"


def table_counts(alias: str = "default") -> dict[str, int]:
    """Rows in every table of the database (migrations' own table included)."""
    conn = connections[alias]
    counts = {}
    with conn.cursor() as cursor:
        for table in sorted(conn.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _dump_database(target: Path) -> str:
    db = connection.settings_dict
    engine = _engine(db)
    if engine == "postgresql":
        out = target / "database.pgdump"
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={out}",
                f"--dbname={_pg_url(db)}",
            ]
        )
        return out.name
    out = target / "database.sqlite3"
    connection.ensure_connection()
    destination = sqlite3.connect(out)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    return out.name


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools)") from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{command[0]} failed: {exc.stderr.strip()[:2000]}") from exc


# --- Making a backup ----------------------------------------------------------------------


def _copy_storage(storage: Storage, target: Path) -> Iterator[tuple[str, str, int]]:
    for name in walk(storage):
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, path.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        yield name, sha256_of(path), path.stat().st_size


def backup_make(*, destination: str) -> BackupResult:
    """Write a backup into a new folder under ``destination`` (a folder or ``s3://…``)."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    remote = destination.startswith("s3://")
    base = Path(tempfile.mkdtemp(prefix="rs-backup-")) if remote else Path(destination)
    folder = base / f"backup-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    database_file = _dump_database(folder)
    files: dict[str, dict[str, Any]] = {}
    for label, alias in STORAGE_ALIASES.items():
        for name, digest, size in _copy_storage(storages[alias], folder / "files" / label):
            files[f"files/{label}/{name}"] = {"sha256": digest, "size": size}
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": _engine(connection.settings_dict),
        "database": {"file": database_file, "sha256": sha256_of(folder / database_file)},
        "row_counts": table_counts(),
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    if remote:
        location = _upload(folder, destination)
        shutil.rmtree(base, ignore_errors=True)
        return BackupResult(location, manifest)
    return BackupResult(folder, manifest)


# --- Object storage as the destination ----------------------------------------------------


def _s3(url: str) -> tuple[Any, str, str]:
    """A boto3 client, bucket and prefix for ``s3://KEY:SECRET@host:port/bucket/prefix``."""
    import boto3

    from resursnaya_sreda.env import s3_storages

    options = s3_storages(url)["private"]["OPTIONS"]
    # The storage's location is "<prefix>/private"; the backup goes under "<prefix>".
    prefix = options["location"].rsplit("private", 1)[0].rstrip("/")
    client = boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
        region_name=options["region_name"],
    )
    return client, options["bucket_name"], prefix


def _upload(folder: Path, destination: str) -> str:
    """Upload the folder; returns its location in the same form (credentials, endpoint)."""
    client, bucket, prefix = _s3(destination)
    root = f"{prefix.rstrip('/')}/{folder.name}".lstrip("/")
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            client.upload_file(str(path), bucket, f"{root}/{path.relative_to(folder).as_posix()}")
    parts = urlsplit(destination)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}/{folder.name}"))


def _download(source: str) -> Path:
    client, bucket, prefix = _s3(source)
    # A backup's own location: s3://bucket/prefix/backup-… (its last segment is the folder).
    local = Path(tempfile.mkdtemp(prefix="rs-restore-"))
    paginator = client.get_paginator("list_objects_v2")
    found = False
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix.rstrip("/") + "/"):
        for item in page.get("Contents", []):
            relative = item["Key"][len(prefix.rstrip("/")) + 1 :]
            if not relative or ".." in relative.split("/"):
                continue
            path = local / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            client.download_file(bucket, item["Key"], str(path))
            found = True
    if not found:
        raise BackupError(f"no backup at {source}")
    return local


# --- Checking and restoring ---------------------------------------------------------------


def backup_verify(folder: Path) -> dict[str, Any]:
    """The manifest, after every checksum matched; ``BackupError`` says what is wrong."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{folder}: no {MANIFEST}, not a backup") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{folder}/{MANIFEST} is damaged: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    entries = {manifest["database"]["file"]: manifest["database"]["sha256"]}
    entries.update({name: item["sha256"] for name, item in manifest["files"].items()})
    for name, expected in entries.items():
        path = (folder / name).resolve()
        if folder.resolve() not in path.parents:
            raise BackupError(f"{name}: a path outside the backup")
        if not path.is_file():
            raise BackupError(f"{name} is missing")
        if sha256_of(path) != expected:
            raise BackupError(f"{name} is damaged: its checksum does not match the manifest")
    return manifest


def _restore_database(folder: Path, manifest: dict[str, Any], db: dict[str, Any]) -> None:
    engine = _engine(db)
    if engine != manifest["engine"]:
        raise BackupError(
            f"the backup is of a {manifest['engine']} database, the target is {engine}"
        )
    dump = folder / manifest["database"]["file"]
    if engine == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={_pg_url(db)}",
                str(dump),
            ]
        )
        return
    for conn in connections.all():
        conn.close()
    source = sqlite3.connect(dump)
    target = sqlite3.connect(db["NAME"])
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def _restore_files(folder: Path, manifest: dict[str, Any]) -> int:
    restored = 0
    for name in manifest["files"]:
        _files, label, stored = name.split("/", 2)
        storage = storages[STORAGE_ALIASES[label]]
        if storage.exists(stored):
            storage.delete(stored)
        with (folder / name).open("rb") as handle:
            saved = storage.save(stored, File(handle, name=stored))
        if saved != stored:
            raise BackupError(f"{stored} was stored as {saved}")
        restored += 1
    return restored


def backup_restore(*, source: str, database: dict[str, Any] | None = None) -> dict[str, Any]:
    """Restore ``source`` (a backup folder or ``s3://…``) into the database and storages.

    Everything is verified before anything is changed. ``database`` (settings-style dict)
    names another database than the default, e.g. a fresh one to test a restore.
    """
    remote = source.startswith("s3://")
    folder = _download(source) if remote else Path(source)
    try:
        manifest = backup_verify(folder)
        _restore_database(folder, manifest, database or connection.settings_dict)
        manifest["restored_files"] = _restore_files(folder, manifest)
    finally:
        if remote:
            shutil.rmtree(folder, ignore_errors=True)
    return manifest


def database_from_url(url: str) -> dict[str, Any]:
    import dj_database_url

    return dj_database_url.parse(url)

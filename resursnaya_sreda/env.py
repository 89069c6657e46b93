"""Reading configuration from the environment.

Every production value comes from the environment. A malformed value stops start-up with a
message that names the variable, rather than being guessed (healthchecks' ``envbool``).
"""

from __future__ import annotations

import os
from pathlib import Path

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class ConfigurationError(RuntimeError):
    """A setting from the environment is missing or malformed."""


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    """Return ``NAME`` or the contents of the file named by ``NAME_FILE`` (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigurationError(f"{name}_FILE: cannot read {file_name}: {exc}") from exc
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ConfigurationError(f"{name} must be set in the environment")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigurationError(f"{name}={value!r} is not a boolean: use 1/0, true/false, yes/no")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigurationError(f"{name}={value!r} is not a whole number") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def default_settings_module() -> str:
    """The settings module when ``DJANGO_SETTINGS_MODULE`` is not set.

    ``DEBUG=0`` means production: the strict settings that refuse to start without a secret key
    and allowed hosts. Anything else is the development default with embedded services.
    """
    if not env_bool("DEBUG", True):
        return "resursnaya_sreda.settings.production"
    return "resursnaya_sreda.settings.dev"


def setup_settings_module() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings_module())


def s3_storages(url: str) -> dict:
    """``STORAGES`` entries for public and private files in an S3-compatible store.

    ``s3://KEY:SECRET@host:port/bucket/prefix?region=ru-central1&secure=0`` for an S3-compatible
    server (the host part counts when it has credentials or a port; ``secure=0`` for plain HTTP,
    e.g. a local test server), or ``s3://bucket/prefix`` for AWS with its usual environment.
    Public files live under ``<prefix>/public`` and private ones under ``<prefix>/private``;
    private files never get a public URL: the portal streams them after its permission check.
    """
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise ConfigurationError("STORAGE_URL must start with s3://")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    segments = [segment for segment in parts.path.split("/") if segment]
    has_endpoint = bool(parts.username or parts.port)
    if has_endpoint and not segments:
        raise ConfigurationError("STORAGE_URL must name a bucket: s3://key:secret@host/bucket")
    if has_endpoint:
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        scheme = "http" if query.get("secure") in {"0", "false", "no"} else "https"
        endpoint = f"{scheme}://{host}"
        bucket, prefix = segments[0], "/".join(segments[1:])
    else:
        endpoint = None
        bucket, prefix = parts.netloc, "/".join(segments)
    common = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": query.get("region") or None,
        "access_key": unquote(parts.username) if parts.username else None,
        "secret_key": unquote(parts.password) if parts.password else None,
        "file_overwrite": False,
        "default_acl": None,
    }
    base = f"{prefix}/" if prefix else ""
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": f"{base}public",
                "querystring_auth": False,
                "custom_domain": query.get("public_domain") or None,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": f"{base}private",
                "querystring_auth": True,
                "querystring_expire": 60,
            },
        },
    }

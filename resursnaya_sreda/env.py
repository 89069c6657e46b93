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

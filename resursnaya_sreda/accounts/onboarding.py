"""Where an applicant goes after adding an organisation they added it for.

«Добавить организацию и начать» on the questionnaire's page must end in the questionnaire, not
in the list of organisations three clicks away. An app names its next step from
``AppConfig.ready()`` (the accounts layer never imports the apps); the organisation form carries
the name in a hidden field, and the view runs the step inside the same POST that saved the
organisation, so a GET never writes.

    register_next_step("questionnaire", start_questionnaire)  # (user, organisation) -> URL
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

NextStep = Callable[[Any, Any], str | None]

_STEPS: dict[str, NextStep] = {}


def register_next_step(name: str, step: NextStep) -> None:
    """``step(user, organisation)`` does what the applicant meant and returns where to go,
    or None to fall back to the list of organisations."""
    _STEPS[name] = step


def is_next_step(name: str) -> bool:
    return name in _STEPS


def run_next_step(name: str, *, user: Any, organisation: Any) -> str | None:
    step = _STEPS.get(name)
    return step(user, organisation) if step is not None else None

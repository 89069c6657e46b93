"""The refusals the practices services raise, each with the message to show.

Views and admin actions catch ``QuestionnaireError`` (the base of them all) and show
``exc.message``; nothing already typed is lost.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from practices.completeness import Problem
from resursnaya_sreda.kernel.plural import plural


class QuestionnaireError(Exception):
    """A refused change, with the message to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StaleVersionError(QuestionnaireError):
    """Another tab or person saved the draft since this form was opened."""

    def __init__(self, current_version: int, edited_by: str, edited_at: datetime.datetime) -> None:
        local = timezone.localtime(edited_at)
        super().__init__(
            _(
                "Анкету уже изменили в другой вкладке или с другого устройства "
                "(%(who)s, %(when)s). Чтобы не затереть те изменения, ваш текст не сохранён — "
                "он остался в форме. Скопируйте нужное, откройте анкету заново и перенесите его."
            )
            % {"who": edited_by, "when": local.strftime("%d.%m.%Y %H:%M:%S")}
        )
        self.current_version = current_version


class TransitionError(QuestionnaireError):
    """The questionnaire is not in a state that allows this change (e.g. a double click)."""


class SubmissionClosedError(QuestionnaireError):
    pass


class IncompleteError(QuestionnaireError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            _("Анкету пока нельзя отправить: исправьте %(n)s ниже.")
            % {"n": plural(len(problems), _("замечание"), _("замечания"), _("замечаний"))}
        )
        self.problems = problems


class CommissionError(QuestionnaireError):
    """A refused commission action, with the message to show."""


class PilotSiteError(QuestionnaireError):
    """A refused step-3 action, with the message to show."""

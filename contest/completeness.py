"""Is an entry ready? What is missing for submission, and the automatic part of the checklist.

One place computes both, so the applicant's list of problems and the regional centre's
checklist never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from contest.models import AttachmentRequirement, CheckItem, Entry, EntryQuestion, PrefillSource
from resursnaya_sreda.kernel.questions import QuestionKind, answer_problems


@dataclass(frozen=True)
class Problem:
    """One thing to fix; ``anchor`` is the field's id on the form (``q-12``, ``a-3``)."""

    anchor: str
    label: str
    message: str
    item: str = CheckItem.REQUIRED


CORE_FIELDS = (
    ("title", _("Название практики")),
    ("contact_name", _("Руководитель практики")),
    ("contact_phone", _("Телефон")),
    ("contact_email", _("E-mail")),
)


@dataclass
class EntryForm:
    """The contest's questions and requirements with the entry's answers and files, loaded once."""

    entry: Entry
    questions: list[EntryQuestion]
    requirements: list[AttachmentRequirement]
    answers: dict[int, object]
    files: dict[int, object]

    @classmethod
    def load(cls, entry: Entry) -> EntryForm:
        contest = entry.contest
        return cls(
            entry=entry,
            questions=list(contest.questions.filter(is_active=True)),
            requirements=list(contest.requirements.filter(is_active=True)),
            answers={a.question_id: a for a in entry.answers.all()},
            files={f.requirement_id: f for f in entry.attachments.all()},
        )


def find_problems(form: EntryForm) -> list[Problem]:
    """Everything that stops the entry from being submitted, in the order of the form."""
    entry = form.entry
    problems: list[Problem] = []
    for name, label in CORE_FIELDS:
        if not str(getattr(entry, name) or "").strip():
            problems.append(Problem(f"id_{name}", str(label), _("Поле не заполнено.")))
    for question in form.questions:
        answer = form.answers.get(question.pk)
        text = getattr(answer, "text", "") if answer else ""
        number = getattr(answer, "number", None) if answer else None
        for message in answer_problems(question, text=text, number=number):
            over = question.kind == QuestionKind.TEXT and len((text or "").strip()) > question.limit
            problems.append(
                Problem(
                    f"id_{question.anchor}",
                    question.text,
                    message,
                    CheckItem.LIMITS if over else CheckItem.REQUIRED,
                )
            )
    for requirement in form.requirements:
        if requirement.is_required and requirement.pk not in form.files:
            item = (
                CheckItem.CONSENTS
                if requirement.is_consent or requirement.is_support_letter
                else CheckItem.REQUIRED
            )
            problems.append(
                Problem(f"id_{requirement.anchor}", requirement.title, _("Приложите файл."), item)
            )
    return problems


def figure_mismatches(form: EntryForm) -> list[Problem]:
    """Numbers in the entry that differ from the same numbers in the questionnaire."""
    questionnaire = form.entry.questionnaire
    problems = []
    for question in form.questions:
        if question.kind != QuestionKind.NUMBER or question.source != PrefillSource.PEOPLE_REACHED:
            continue
        answer = form.answers.get(question.pk)
        value = getattr(answer, "number", None) if answer else None
        expected = questionnaire.people_reached
        if value is None or expected is None:
            continue
        if Decimal(value) != Decimal(expected):
            problems.append(
                Problem(
                    f"id_{question.anchor}",
                    question.text,
                    _("В заявке %(entry)s, в анкете %(questionnaire)s: объясните или исправьте.")
                    % {"entry": f"{Decimal(value).normalize():f}", "questionnaire": expected},
                    CheckItem.FIGURES,
                )
            )
    return problems


def broken_files(form: EntryForm) -> list[Problem]:
    """PDFs that do not open (images were re-encoded on upload, so they always do)."""
    import pikepdf

    problems = []
    requirements = {r.pk: r for r in form.requirements}
    for requirement_id, attachment in form.files.items():
        if attachment.content_type != "application/pdf":
            continue
        try:
            with attachment.file.open("rb") as handle, pikepdf.open(handle) as pdf:
                if not len(pdf.pages):
                    raise pikepdf.PdfError("no pages")
        except (pikepdf.PdfError, OSError, ValueError):
            requirement = requirements.get(requirement_id)
            problems.append(
                Problem(
                    f"id_a-{requirement_id}",
                    requirement.title if requirement else attachment.display_name,
                    _("PDF не открывается: приложите файл заново."),
                    CheckItem.LEGIBLE,
                )
            )
    return problems


def automatic_checks(form: EntryForm) -> dict[str, list[Problem]]:
    """The checklist's items with what the portal itself found for each."""
    found: dict[str, list[Problem]] = {item: [] for item in CheckItem.values}
    for problem in [*find_problems(form), *figure_mismatches(form), *broken_files(form)]:
        found[problem.item].append(problem)
    return found

"""The questionnaire's sections: which fields each holds and which are required at submission.

One list drives the section forms, the progress indicator, the completeness check, what the
draft-saving service accepts and what the lists leave unread, so a field added to or moved
between sections changes everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    fields: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    lead: str = ""


PRACTICE = Section(
    "practice",
    _("Практика"),
    fields=("title", "direction", "municipality", "period", "geography"),
    required=("title", "direction", "municipality", "period", "geography"),
    lead=_("Как называется практика, где и с какого времени она работает."),
)
DESCRIPTION = Section(
    "description",
    _("Описание"),
    fields=("problem", "goals", "target_groups", "people_reached"),
    required=("problem", "goals", "target_groups", "people_reached"),
    lead=_("Какую проблему решает практика, для кого она и сколько людей в ней участвует."),
)
PARTNERS = Section(
    "partners",
    _("Партнёры и ресурсы"),
    fields=(
        "partners_administration",
        "partners_ngo",
        "partners_business",
        "partners_media",
        "resources",
    ),
    required=("resources",),
    lead=_("Кто помогает и на какие ресурсы опирается практика. Партнёров можно не указывать."),
)
RESULTS = Section(
    "results",
    _("Результаты"),
    fields=("results_quantitative", "results_qualitative", "replication", "media_links"),
    required=("results_quantitative", "results_qualitative", "replication"),
    lead=_("Чего удалось добиться и что нужно, чтобы повторить практику в другом месте."),
)
MATERIALS = Section(
    "materials",
    _("Материалы"),
    lead=_("Фотографии, документы и презентация. Необязательно, но помогает экспертам."),
)
EXTRA = Section(
    "extra",
    _("Дополнительные вопросы"),
    lead=_("Вопросы федерального центра к анкетам этого года."),
)
CONTACTS = Section(
    "contacts",
    _("Контакты и согласия"),
    fields=(
        "contact_name",
        "contact_position",
        "contact_phone",
        "contact_email",
        "consent_personal_data",
        "consent_publication",
    ),
    required=(
        "contact_name",
        "contact_phone",
        "contact_email",
        "consent_personal_data",
        "consent_publication",
    ),
    lead=_("Контактные данные видят только сотрудники программы; в каталог они не попадают."),
)
REVIEW = Section(
    "review",
    _("Проверка и отправка"),
    lead=_("Проверьте, всё ли заполнено, и отправьте анкету в региональный ресурсный центр."),
)

ALL_SECTIONS: tuple[Section, ...] = (
    PRACTICE,
    DESCRIPTION,
    PARTNERS,
    RESULTS,
    MATERIALS,
    EXTRA,
    CONTACTS,
    REVIEW,
)
BY_SLUG = {section.slug: section for section in ALL_SECTIONS}
FIELD_SECTION = {field: section for section in ALL_SECTIONS for field in section.fields}
# The questionnaire's fields the applicant edits, in the order of the form: the one list the
# section forms, the draft-saving service and the lists' deferred long answers come from.
EDITABLE_FIELDS: tuple[str, ...] = tuple(FIELD_SECTION)


def sections_for(has_extra_questions: bool) -> list[Section]:
    """The sections shown for a programme: «Дополнительные вопросы» only when it has some."""
    return [s for s in ALL_SECTIONS if s is not EXTRA or has_extra_questions]

"""Writes of the contest app, one module per concept, re-exported here.

Views, admin actions, tasks, the demo loader and tests call these same functions.
"""

from contest.services.checks import (
    check_blockers,
    entry_check_set,
    entry_mark_checked,
    entry_return,
    field_comment_add,
    field_comment_resolve,
    field_keys,
)
from contest.services.collection import (
    chapter_add,
    chapter_approve,
    chapter_draft_texts,
    chapter_redraft,
    chapter_request_changes,
    chapter_save,
    chapter_send,
    edition_approve,
    edition_build_pdf,
    edition_create,
    edition_publish,
    edition_rebuild,
    photo_consent_set,
)
from contest.services.common import (
    ContestError,
    IncompleteError,
    StaleVersionError,
    TransitionError,
)
from contest.services.entries import (
    entry_attachment_delete,
    entry_attachment_set,
    entry_problems,
    entry_save_draft,
    entry_start,
    entry_submit,
    is_selected,
    prefill_value,
    selected_q,
)
from contest.services.sending import (
    build_package,
    entry_mark_sent,
    entry_record_result,
    package_request,
)

__all__ = [
    "ContestError",
    "IncompleteError",
    "StaleVersionError",
    "TransitionError",
    "build_package",
    "chapter_add",
    "chapter_approve",
    "chapter_draft_texts",
    "chapter_redraft",
    "chapter_request_changes",
    "chapter_save",
    "chapter_send",
    "check_blockers",
    "edition_approve",
    "edition_build_pdf",
    "edition_create",
    "edition_publish",
    "edition_rebuild",
    "entry_attachment_delete",
    "entry_attachment_set",
    "entry_check_set",
    "entry_mark_checked",
    "entry_mark_sent",
    "entry_problems",
    "entry_record_result",
    "entry_return",
    "entry_save_draft",
    "entry_start",
    "entry_submit",
    "field_comment_add",
    "field_comment_resolve",
    "field_keys",
    "is_selected",
    "package_request",
    "photo_consent_set",
    "prefill_value",
    "selected_q",
]

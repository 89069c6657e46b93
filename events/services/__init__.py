"""Writes on events, one module per concept, each function one change (and its history row).

Views, the admin, the demo loader and tests call these same functions; none takes a request.

- ``events``: create, edit, announce, mark held; the lock, history and state move they share;
- ``registration``: online registration, cancellation, walk-ins, recruited lists;
- ``evidence``: attendance, scans, photos, results, and the report and its review;
- ``feedback``: participants' feedback and the pilot sites' feedback on the programme.
"""

from events.services.events import (
    EventError,
    TransitionError,
    default_minimum,
    event_announce,
    event_create,
    event_end,
    event_mark_held,
    event_minimum_lower,
    event_start,
    event_update,
    today,
)
from events.services.evidence import (
    EvidenceMissingError,
    ShortfallError,
    attendance_count,
    attendance_set,
    event_report_accept,
    event_report_return,
    event_report_save,
    event_report_submit,
    event_results_save,
    missing_categories,
    missing_evidence,
    photo_add,
    platform_evidence_add,
    scan_add,
)
from events.services.feedback import (
    FeedbackError,
    feedback_link_request,
    feedback_open,
    feedback_questions,
    feedback_send,
    feedback_submit,
    programme_feedback_save,
    registration_for_token,
)
from events.services.registration import (
    RegistrationError,
    person_key,
    recruited_import,
    registered_count,
    registration_cancel,
    registration_create,
    registration_open,
    walk_in_add,
)

__all__ = [
    "EventError",
    "EvidenceMissingError",
    "FeedbackError",
    "RegistrationError",
    "TransitionError",
    "attendance_count",
    "attendance_set",
    "default_minimum",
    "event_announce",
    "event_create",
    "event_end",
    "event_mark_held",
    "event_minimum_lower",
    "event_report_accept",
    "event_report_return",
    "event_report_save",
    "event_report_submit",
    "event_results_save",
    "event_start",
    "event_update",
    "feedback_link_request",
    "feedback_open",
    "feedback_questions",
    "feedback_send",
    "feedback_submit",
    "missing_categories",
    "missing_evidence",
    "platform_evidence_add",
    "ShortfallError",
    "person_key",
    "photo_add",
    "programme_feedback_save",
    "recruited_import",
    "registered_count",
    "registration_cancel",
    "registration_create",
    "registration_for_token",
    "registration_open",
    "scan_add",
    "today",
    "walk_in_add",
]

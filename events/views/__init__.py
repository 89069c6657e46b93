"""Pages of events, one module per concept (``urls.py`` names them through this package):

- ``events``: public list, calendar, event page with registration; staff list, form, event
  page and state buttons;
- ``registration``: cancellation by personal link, walk-ins, recruited lists from XLSX;
- ``evidence``: attendance, scans, photos, results, the report and its review;
- ``feedback``: participants' feedback and the pilot sites' feedback on the programme.
"""

from events.views.choices import SeminarPracticeChoices
from events.views.events import (
    announce,
    calendar_feed,
    create,
    edit,
    event_ics,
    mark_held,
    public_detail,
    public_list,
    staff_detail,
    staff_list,
)
from events.views.evidence import (
    attendance,
    minimum,
    photo_add,
    platform_evidence,
    report,
    results,
    review,
    scan_add,
)
from events.views.feedback import feedback, feedback_entry, feedback_send, programme_feedback
from events.views.registration import import_list, registration_cancel, walk_in

__all__ = [
    "SeminarPracticeChoices",
    "announce",
    "attendance",
    "calendar_feed",
    "create",
    "edit",
    "event_ics",
    "feedback",
    "feedback_entry",
    "feedback_send",
    "import_list",
    "mark_held",
    "minimum",
    "photo_add",
    "platform_evidence",
    "programme_feedback",
    "public_detail",
    "public_list",
    "registration_cancel",
    "report",
    "results",
    "review",
    "scan_add",
    "staff_detail",
    "staff_list",
    "walk_in",
]

"""Models of events, one module per concept, re-exported so ``from events.models import X``
works wherever X lives:

- ``events``: the event, its kind and state, programme, support, videobridge and history;
- ``registration``: participants, their consents and attendance;
- ``evidence``: scans of the signed sheets and photos;
- ``feedback``: participants' feedback and the pilot sites' feedback on the programme.
"""

from events.models.events import (
    EDITABLE_STATES,
    EVENT_FIELDS,
    EVIDENCE_STATES,
    KIND_STEPS,
    MAX_CAPACITY,
    PUBLIC_STATES,
    RESULT_FIELDS,
    SCAN_MAX_SIZE,
    STATE_BADGES,
    TIME_FIELDS,
    AgendaItem,
    BridgeSite,
    Event,
    EventHistory,
    EventKind,
    EventState,
    HistoryAction,
    RegistrationMode,
    RunningOrderSlot,
    SupportItem,
)
from events.models.evidence import PHOTO_MAX_SIZE, EventPhoto, EventScan
from events.models.feedback import (
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    ProgrammeFeedback,
)
from events.models.registration import (
    CATEGORIES_BY_KIND,
    ROUND_TABLE_CATEGORIES,
    ROUND_TABLE_PURPOSE,
    SEMINAR_CATEGORIES,
    ParticipantCategory,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    new_token,
)

__all__ = [
    "CATEGORIES_BY_KIND",
    "ROUND_TABLE_CATEGORIES",
    "ROUND_TABLE_PURPOSE",
    "SEMINAR_CATEGORIES",
    "EDITABLE_STATES",
    "EVENT_FIELDS",
    "EVIDENCE_STATES",
    "KIND_STEPS",
    "MAX_CAPACITY",
    "PHOTO_MAX_SIZE",
    "PUBLIC_STATES",
    "RESULT_FIELDS",
    "SCAN_MAX_SIZE",
    "STATE_BADGES",
    "TIME_FIELDS",
    "AgendaItem",
    "BridgeSite",
    "Event",
    "EventHistory",
    "EventKind",
    "EventPhoto",
    "EventScan",
    "EventState",
    "FeedbackAnswer",
    "FeedbackQuestion",
    "FeedbackResponse",
    "HistoryAction",
    "ParticipantCategory",
    "ProgrammeFeedback",
    "Registration",
    "RegistrationMode",
    "RegistrationSource",
    "RegistrationStatus",
    "RunningOrderSlot",
    "SupportItem",
    "new_token",
]

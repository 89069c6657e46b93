"""Writes of the letters app, one module per concept; none takes a request.

- ``addressees``: entered and imported addressees;
- ``templates``: letter templates, the sandboxed text and the values of its fields;
- ``numbering``: the outgoing register's gapless numbers;
- ``mailing``: preview, registering the letters, sending them on a worker;
- ``paper``: the letter PDF on letterhead and the print batch;
- ``replies``: administrations' answers to seminar letters;
- ``campaign``: the information campaign log.
"""

from letters.services.addressees import (
    ADDRESSEE_FIELDS,
    ImportResult,
    addressee_create,
    addressee_update,
    addressees_import,
)
from letters.services.campaign import (
    CAMPAIGN_FIELDS,
    campaign_entry_create,
    campaign_entry_delete,
)
from letters.services.letterheads import (
    LETTERHEAD_FIELDS,
    letterhead_for_site,
    letterhead_save,
)
from letters.services.mailing import (
    MAX_LETTERS,
    MailingInterrupted,
    mailing_create,
    mailing_send,
    mailings_sweep,
    preview,
    progress,
    sender_today,
)
from letters.services.numbering import allocate_numbers
from letters.services.paper import letter_pdf, print_batch_pdf
from letters.services.replies import awaiting_answer, reply_record, reply_warning_days
from letters.services.templates import (
    TEMPLATE_FIELDS,
    Target,
    Text,
    check_text,
    event_values,
    long_date,
    template_for,
    template_save,
    values_for,
)

__all__ = [
    "ADDRESSEE_FIELDS",
    "CAMPAIGN_FIELDS",
    "LETTERHEAD_FIELDS",
    "MAX_LETTERS",
    "TEMPLATE_FIELDS",
    "ImportResult",
    "MailingInterrupted",
    "Target",
    "Text",
    "addressee_create",
    "addressee_update",
    "addressees_import",
    "allocate_numbers",
    "awaiting_answer",
    "campaign_entry_create",
    "campaign_entry_delete",
    "check_text",
    "event_values",
    "letter_pdf",
    "letterhead_for_site",
    "letterhead_save",
    "long_date",
    "mailing_create",
    "mailing_send",
    "mailings_sweep",
    "preview",
    "print_batch_pdf",
    "progress",
    "reply_record",
    "reply_warning_days",
    "sender_today",
    "template_for",
    "template_save",
    "values_for",
]

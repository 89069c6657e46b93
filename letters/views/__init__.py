"""Views of the letters app, one module per concept."""

from letters.views.addressees import (
    addressee_create,
    addressee_edit,
    addressee_import,
    addressee_list,
)
from letters.views.campaign import campaign_create, campaign_delete, campaign_list
from letters.views.events import invitations, reply_create, seminar_letter
from letters.views.mailings import (
    letter_pdf,
    letterhead_edit,
    letterhead_list,
    mailing_detail,
    mailing_list,
    mailing_new,
    mailing_progress,
    register,
)
from letters.views.templates import AddresseeChoices, template_edit, template_list

__all__ = [
    "AddresseeChoices",
    "addressee_create",
    "addressee_edit",
    "addressee_import",
    "addressee_list",
    "campaign_create",
    "campaign_delete",
    "campaign_list",
    "invitations",
    "letter_pdf",
    "letterhead_edit",
    "letterhead_list",
    "mailing_detail",
    "mailing_list",
    "mailing_new",
    "mailing_progress",
    "register",
    "reply_create",
    "seminar_letter",
    "template_edit",
    "template_list",
]

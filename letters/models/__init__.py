"""The letters app's models, one module per concept."""

from letters.models.addressees import Addressee, AddresseeKind, HoldingBasis, name_key
from letters.models.campaign import CampaignEntry, Platform, validate_web_link
from letters.models.letters import (
    Delivery,
    Letter,
    Letterhead,
    LetterKind,
    LetterTemplate,
    Mailing,
    MailingState,
    RegisterCounter,
    Reply,
    ReplyDecision,
    new_token,
)

__all__ = [
    "Addressee",
    "AddresseeKind",
    "CampaignEntry",
    "Delivery",
    "HoldingBasis",
    "Letter",
    "LetterKind",
    "LetterTemplate",
    "Letterhead",
    "Mailing",
    "MailingState",
    "Platform",
    "RegisterCounter",
    "Reply",
    "ReplyDecision",
    "name_key",
    "new_token",
    "validate_web_link",
]

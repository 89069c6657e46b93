"""Consents to the processing of personal data (152-ФЗ): which wording is in force, and what
each wording said.

Every consent given stores the version of its text next to the time (``consent_version``).
The texts themselves are rows of ``ConsentText``, so a participant's or an applicant's consent
can be shown later exactly as it was worded, whatever the current text says::

    from resursnaya_sreda.kernel.consent import EVENT_CONSENT_VERSION, consent_text

    registration.consent_version = EVENT_CONSENT_VERSION        # in the service
    consent_text(ConsentPurpose.EVENT_REGISTRATION)               # the label of the checkbox
    {% consent_text "event_registration" r.consent_version as text %}   # in a template

A new wording is a new version: add its constant here and a data migration that stores its
text (``kernel/migrations/0003_consent_texts.py`` is the example). Never edit a stored text:
people agreed to it. ``tests/kernel/test_consent.py`` checks that every version in force has
its text stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _

from resursnaya_sreda.kernel.models import ConsentPurpose, ConsentText

# The portal account: written for the portal in 2025.
ACCOUNT_CONSENT_VERSION = "2025-1"
# The questionnaire of a best practice and the registration for an event: the programme's 2020
# wordings. Different documents, so their versions move independently.
QUESTIONNAIRE_CONSENT_VERSION = "2020-1"
EVENT_CONSENT_VERSION = "2020-1"

CURRENT_VERSIONS: dict[str, str] = {
    ConsentPurpose.ACCOUNT: ACCOUNT_CONSENT_VERSION,
    ConsentPurpose.QUESTIONNAIRE: QUESTIONNAIRE_CONSENT_VERSION,
    ConsentPurpose.EVENT_REGISTRATION: EVENT_CONSENT_VERSION,
    # The photo consent is asked with the registration and shares its version.
    ConsentPurpose.EVENT_PHOTO: EVENT_CONSENT_VERSION,
}


# Stored wordings never change (a new wording is a new version), so they are cached for good.
_CACHE_KEY = "kernel:consent:{purpose}:{version}"


@dataclass(frozen=True)
class Wording:
    purpose: str
    version: str
    text: str

    @property
    def purpose_label(self) -> str:
        return str(ConsentPurpose(self.purpose).label)


def _stored(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    keys = {pair: _CACHE_KEY.format(purpose=pair[0], version=pair[1]) for pair in pairs}
    cached = cache.get_many(list(keys.values()))
    found = {pair: cached[key] for pair, key in keys.items() if key in cached}
    missing = pairs - found.keys()
    if missing:
        rows = ConsentText.objects.filter(version__in={version for _p, version in missing})
        for row in rows:
            pair = (row.purpose, row.version)
            if pair in missing:
                found[pair] = row.text
                cache.set(keys[pair], row.text, None)
    return found


def consent_text(purpose: str, version: str | None = None, *, organiser: str = "") -> str:
    """The wording of a consent in ``version`` (the one in force when None); "" if unknown.

    A wording that names the programme's organiser holds ``{organiser}`` in its place.
    """
    pair = (purpose, version or CURRENT_VERSIONS[purpose])
    text = _stored({pair}).get(pair, "")
    return render(text, organiser=organiser) if text else ""


def consent_texts(pairs: Iterable[tuple[str, str]]) -> list[Wording]:
    """The stored wordings for these (purpose, version) pairs: by version, then in the order of
    ``ConsentPurpose`` (a registration's consent before its photo consent)."""
    stored = _stored({(purpose, version) for purpose, version in pairs if version})
    order = {purpose: index for index, purpose in enumerate(ConsentPurpose.values)}
    return [
        Wording(purpose, version, stored[purpose, version])
        for purpose, version in sorted(stored, key=lambda pair: (pair[1], order[pair[0]]))
    ]


def render(text: str, *, organiser: str = "") -> str:
    return text.replace("{organiser}", organiser or str(_("организатор программы")))

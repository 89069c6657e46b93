"""Work of the events app done on the worker, after the commit that asks for it."""

from __future__ import annotations

from resursnaya_sreda.kernel.workers import reliable_task


@reliable_task(name="events.send_registration_confirmation")
def send_registration_confirmation(registration_id: int) -> None:
    """The participant's letter with the event as an ``.ics`` file, rendered here rather than
    in the registration request; nothing if the registration is gone (cancelled meanwhile)."""
    from events.services.registration import confirm_by_mail

    confirm_by_mail(registration_id)

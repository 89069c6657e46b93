"""Log a benchmark's test client in as staff with a verified second factor.

Staff pages answer only sessions that passed the second factor; a benchmark measures the pages,
not the login, so it enrols the user with a device and marks the session verified, as the
test suite does (tests/second_factor.py).
"""

from __future__ import annotations

from typing import Any


def force_login_verified(client: Any, user: Any) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

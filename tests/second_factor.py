"""Second factor in tests: staff are enrolled and verified automatically.

Every staff membership created in a test (role fixtures, factories, ``demo_data``) gives its
user a «test codes» device, and every ``client.login``/``force_login`` of a staff user marks
the session verified, so existing and future tests that log staff in keep working unchanged.
A browser page fills the login's code step with ``TEST_CODE`` by itself (see conftest.py).

Tests about the second factor itself use the ``without_auto_factor`` fixture (no automatic
enrolment) and ``login_unverified`` (a session that has passed only the password).
"""

from __future__ import annotations

import threading
from typing import Any

from django.test.client import ClientMixin
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

#: A recovery-style code every automatically enrolled test user accepts (many times).
TEST_CODE = "testcode00"
TEST_DEVICE_NAME = "test codes"
_COPIES = 20

state = threading.local()


def auto_enabled() -> bool:
    return getattr(state, "enabled", True)


def enrol_for_tests(user: Any) -> StaticDevice:
    device = StaticDevice.objects.filter(user=user, name=TEST_DEVICE_NAME).first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=TEST_DEVICE_NAME, confirmed=True)
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=TEST_CODE) for _ in range(_COPIES)
        )
    return device


def on_membership_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    from resursnaya_sreda.accounts.factors import REQUIRED_ROLES

    if created and auto_enabled() and instance.role in REQUIRED_ROLES:
        enrol_for_tests(instance.user)


_original_login = ClientMixin._login


def _login_and_verify(self: Any, user: Any, backend: str | None = None) -> None:
    _original_login(self, user, backend)
    if not auto_enabled():
        return
    from resursnaya_sreda.accounts.factors import second_factor_required
    from resursnaya_sreda.accounts.permissions import forget_memberships

    forget_memberships(user)
    if second_factor_required(user):
        device = enrol_for_tests(user)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    forget_memberships(user)


def install() -> None:
    ClientMixin._login = _login_and_verify


def login_without_verifying(client: Any, user: Any) -> Any:
    _original_login(client, user, "django.contrib.auth.backends.ModelBackend")
    return client


#: Runs in every test page: on the login's code step, type the test code once and submit.
AUTOFILL_SCRIPT = """
(() => {
  if (location.pathname !== "/accounts/login/code/") return;
  const fill = () => {
    const form = document.querySelector("form input[name=code]")?.form;
    if (!form || form.querySelector(".is-invalid")) return;
    form.querySelector("input[name=code]").value = "TEST_CODE";
    form.submit();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fill);
  else fill();
})();
""".replace("TEST_CODE", TEST_CODE)

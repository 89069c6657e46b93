"""The Celery app a test worker subprocess runs: the portal's own, with a slow mail backend
that writes every send down (tests/letters/mail_backends.py).

python -m celery -A tests.letters.slow_worker worker ...
"""

import django
from django.conf import settings

from resursnaya_sreda.celery import app

django.setup()
settings.EMAIL_BACKEND = "tests.letters.mail_backends.SlowFileBackend"

__all__ = ["app"]

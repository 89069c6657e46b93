"""Mail backends for the letters tests: a server that refuses some addresses, and one whose
worker dies in the middle of a send."""

from __future__ import annotations

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class WorkerKilled(BaseException):
    """The worker process dies (SIGKILL): nothing in the task catches it."""


class RefusingBackend(EmailBackend):
    """Refuses every address with «refuse» in it, as an SMTP server answering 550."""

    def send_messages(self, messages):
        for message in messages:
            refused = [address for address in message.to if "refuse" in address]
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    dict.fromkeys(refused, (550, b"5.1.1 Mailbox does not exist"))
                )
        return super().send_messages(messages)


class DyingBackend(EmailBackend):
    """The worker dies while handing over the message numbered ``die_at`` (1-based)."""

    die_at = 3
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls == self.die_at:
            raise WorkerKilled
        return super().send_messages(messages)


class SlowFileBackend(EmailBackend):
    """For a worker subprocess: each message takes a while and is written down in a file
    (``RS_LETTERS_MAIL_LOG``), one recipient a line, so the test sees every send."""

    def send_messages(self, messages):
        import os
        import time

        for message in messages:
            time.sleep(float(os.environ.get("RS_LETTERS_MAIL_PAUSE", "0.3")))
            with open(os.environ["RS_LETTERS_MAIL_LOG"], "a", encoding="utf-8") as log:
                log.write(f"{message.to[0]}\n")
        return len(messages)

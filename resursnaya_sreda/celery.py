"""The Celery application. With no ``REDIS_URL`` the settings make every task run eagerly."""

from celery import Celery
from celery.signals import worker_ready

from resursnaya_sreda.env import setup_settings_module

setup_settings_module()

app = Celery("resursnaya_sreda")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _heartbeat_on_start(sender=None, **kwargs) -> None:
    """A worker counts for /healthz as soon as it starts, before beat's first heartbeat."""
    from django.conf import settings

    from resursnaya_sreda.kernel import health

    if settings.REDIS_URL:
        health.worker_heartbeat(settings.REDIS_URL, getattr(sender, "hostname", "worker"))

"""The Celery application. With no ``REDIS_URL`` the settings make every task run eagerly."""

from celery import Celery

from resursnaya_sreda.env import setup_settings_module

setup_settings_module()

app = Celery("resursnaya_sreda")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

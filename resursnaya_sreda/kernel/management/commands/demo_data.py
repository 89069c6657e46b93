"""``manage.py demo_data``: a programme with 10 pilot sites, demo accounts and each app's demo.

Only for development and demonstrations: it refuses to run with ``DEBUG`` off, because it
creates accounts with a published password.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from resursnaya_sreda.accounts import factors
from resursnaya_sreda.kernel import demo
from resursnaya_sreda.kernel.demo_loaders import demo_loaders


class Command(BaseCommand):
    help = (
        "Заполняет портал демонстрационными данными: текущая программа с 10 пилотными "
        "площадками, организации, учётные записи с паролем «demo-password». Повторный запуск "
        "ничего не дублирует. Работает только при DEBUG=True."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Демонстрационные данные создаются только при DEBUG=True: они заводят учётные "
                "записи с общеизвестным паролем. На рабочем сервере эту команду не запускают."
            )
        result = demo.populate()
        programme = result.programme

        # The apps' loaders, registered from their AppConfig.ready(), after the kernel's.
        for loader in demo_loaders():
            loader.load()(programme)

        steps = list(programme.steps.order_by("number"))
        self.stdout.write(self.style.SUCCESS(f"Программа «{programme.title}» — текущая."))
        for step in steps:
            self.stdout.write(
                f"  Шаг {step.number}. {step.title}: {step.starts_on:%d.%m.%Y} – "
                f"{step.ends_on:%d.%m.%Y}"
            )
        self.stdout.write(f"Пилотных площадок: {programme.pilot_sites.count()}.")
        self.stdout.write(f"Учётные записи (пароль «{demo.DEMO_PASSWORD}»):")
        for email, role in result.accounts:
            self.stdout.write(f"  {email} — {role}")
        self.stdout.write(
            "Второй фактор сотрудников и экспертов: приложение-аутентификатор (TOTP) с ключом "
            f"{factors.DEMO_TOTP_SECRET} — только для демонстрации. Добавьте этот ключ в любое "
            "приложение-аутентификатор и вводите его шестизначный код после пароля."
        )

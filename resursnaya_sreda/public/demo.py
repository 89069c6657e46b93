"""Demo news for ``manage.py demo_data``: a few realistic items with generated covers.

Idempotent: an item whose title already exists in the programme is left as it is, so edits
made while demonstrating the portal survive a second run.
"""

from __future__ import annotations

import datetime
import io
import random
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageChops, ImageDraw, ImageFont

from resursnaya_sreda.accounts.models import User
from resursnaya_sreda.kernel.models import PilotSite, Programme
from resursnaya_sreda.kernel.uploads import IMAGES, check_upload
from resursnaya_sreda.public import services
from resursnaya_sreda.public.models import NewsItem, NewsKind

AUTHOR_EMAIL = "federal@example.org"
COVER_SIZE = (1280, 720)


@dataclass(frozen=True)
class DemoNews:
    title: str
    lead: str
    body: str
    kind: str
    days_ago: int
    # Index into the programme's pilot sites (by region name); None for federal news.
    site: int | None
    colours: tuple[str, str]


NEWS = [
    DemoNews(
        title="Стартовал приём анкет лучших муниципальных практик",
        lead=(
            "Некоммерческие организации и муниципальные учреждения пилотных регионов могут "
            "рассказать о своих проектах в сфере межнациональных отношений."
        ),
        body=(
            "Федеральный ресурсный центр в сфере национальных отношений открыл приём анкет "
            "для первого шага программы «Ресурсная среда».\n\n"
            "Анкету заполняют представители этнокультурных объединений, национально-культурных "
            "автономий, домов дружбы и муниципальных учреждений. В ней нужно описать проект: "
            "его цели, участников, результаты и то, что помогло бы повторить его в других "
            "муниципалитетах.\n\n"
            "Анкеты рассмотрит экспертная комиссия по заранее опубликованным критериям. "
            "Организации с лучшими практиками пригласят провести семинары в своих "
            "муниципальных образованиях."
        ),
        kind=NewsKind.NEWS,
        days_ago=3,
        site=None,
        colours=("#1d4e89", "#3f8fd2"),
    ),
    DemoNews(
        title="Семинар для лидеров этнокультурных объединений: открыта регистрация",
        lead="Однодневный семинар проведёт организация, чья практика вошла в число лучших.",
        body=(
            "Региональный ресурсный центр приглашает лидеров и активистов этнокультурных "
            "объединений на однодневный семинар.\n\n"
            "В программе — рассказ о практике, которая вошла в число лучших по итогам отбора, "
            "разбор того, как её повторить в других муниципалитетах, и работа в группах.\n\n"
            "Участие бесплатное. Число мест ограничено, поэтому нужна предварительная "
            "регистрация на портале."
        ),
        kind=NewsKind.ANNOUNCEMENT,
        days_ago=5,
        site=0,
        colours=("#b4541a", "#e39a3b"),
    ),
    DemoNews(
        title="Экспертная комиссия утвердила критерии отбора практик",
        lead=(
            "Практики оценят по значимости, результатам, устойчивости и возможности тиражирования."
        ),
        body=(
            "В Федеральном ресурсном центре сформирована внутренняя экспертная комиссия "
            "по отбору практик. В неё вошли специалисты в сфере национальных отношений, "
            "представители научного сообщества и некоммерческих организаций.\n\n"
            "Комиссия утвердила критерии: социальная значимость проекта, достигнутые "
            "результаты, вовлечённость жителей, устойчивость и возможность повторить "
            "практику в другом муниципалитете.\n\n"
            "Каждый эксперт оценивает анкеты независимо; о конфликте интересов он сообщает "
            "до начала работы."
        ),
        kind=NewsKind.NEWS,
        days_ago=9,
        site=None,
        colours=("#14532d", "#2f9e5b"),
    ),
    DemoNews(
        title="Пилотная площадка подвела итоги информационной кампании",
        lead=(
            "Письма о программе получили администрации муниципальных образований, "
            "местные СМИ и партнёры."
        ),
        body=(
            "Региональный ресурсный центр завершил первую волну информационной кампании "
            "программы «Ресурсная среда».\n\n"
            "Информационные письма направлены в администрации муниципальных образований, "
            "сведения о программе и условиях участия — в местные СМИ, дома дружбы, "
            "региональную Общественную палату и другие некоммерческие организации.\n\n"
            "Сотрудники центра консультируют организации, которые готовят анкеты, по "
            "телефону и электронной почте."
        ),
        kind=NewsKind.NEWS,
        days_ago=14,
        site=1,
        colours=("#4c1d95", "#8b5cf6"),
    ),
    DemoNews(
        title="Видеосюжеты о лучших практиках: ищем партнёров для съёмок",
        lead="Каждая пилотная площадка снимет два сюжета для YouTube-канала «Ресурсная среда».",
        body=(
            "Федеральный ресурсный центр подготовил технические требования к видеосюжетам и "
            "примерный сценарий. В каждом сюжете — две лучшие практики региона.\n\n"
            "Пилотные площадки предлагают даты выпуска, а федеральный центр составляет общий "
            "график публикаций на канале.\n\n"
            "Мы приглашаем к сотрудничеству местные телекомпании, студии и волонтёров, "
            "которые помогут со съёмкой и монтажом."
        ),
        kind=NewsKind.ANNOUNCEMENT,
        days_ago=20,
        site=2,
        colours=("#0f766e", "#22b8a8"),
    ),
]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = Path(settings.BASE_DIR) / "static" / "fonts" / "DejaVuSans-Bold.ttf"
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return ImageFont.load_default()


def cover_image(title: str, label: str, colours: tuple[str, str], *, seed: int) -> bytes:
    """A 16:9 cover: a diagonal gradient, soft circles and the kind of the item."""
    width, height = COVER_SIZE
    start = Image.new("RGB", COVER_SIZE, colours[0])
    end = Image.new("RGB", COVER_SIZE, colours[1])
    # A diagonal blend: the mean of a left-to-right and a top-to-bottom gradient.
    horizontal = Image.linear_gradient("L").rotate(90).resize(COVER_SIZE)
    vertical = Image.linear_gradient("L").resize(COVER_SIZE)
    mask = ImageChops.add(horizontal, vertical, scale=2.0)
    image = Image.composite(end, start, mask)
    overlay = Image.new("RGBA", COVER_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    rng = random.Random(seed)
    for _ in range(9):
        radius = rng.randint(60, 260)
        x, y = rng.randint(-100, width + 100), rng.randint(-100, height + 100)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(255, 255, 255, 28))
    image = Image.alpha_composite(image.convert("RGBA"), overlay)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((64, 64, 64 + 24 * len(label) + 48, 124), radius=28, fill="white")
    draw.text((88, 74), label.upper(), font=_font(30), fill=colours[0])
    words, lines, line = title.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > 26:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    font = _font(58)
    for index, text in enumerate(lines[:4]):
        draw.text((64, height - 100 - (len(lines[:4]) - index) * 74), text, font=font, fill="white")
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def populate(programme: Programme) -> None:
    """Create the demo news of ``programme`` that do not exist yet."""
    author = User.objects.filter(email=AUTHOR_EMAIL).first()
    sites = list(
        PilotSite.objects.filter(programme=programme)
        .select_related("region")
        .order_by("region__name")
    )
    now = timezone.now()
    for number, demo in enumerate(NEWS):
        if NewsItem.objects.filter(programme=programme, title=demo.title).exists():
            continue
        site = sites[demo.site % len(sites)] if demo.site is not None and sites else None
        label = "Анонс" if demo.kind == NewsKind.ANNOUNCEMENT else "Новость"
        png = cover_image(demo.title, label, demo.colours, seed=number)
        cover = check_upload(
            SimpleUploadedFile(f"cover-{number + 1}.png", png, content_type="image/png"),
            kinds=IMAGES,
            max_size=10 * 1024 * 1024,
        )
        item = services.news_create(
            author=author,
            programme=programme,
            pilot_site=site,
            kind=demo.kind,
            title=demo.title,
            lead=demo.lead,
            body=demo.body,
            cover=cover,
            publish=True,
        )
        # Backdated so the list shows a history rather than five items from one minute.
        published_at = now - datetime.timedelta(days=demo.days_ago, hours=number)
        NewsItem.objects.filter(pk=item.pk).update(published_at=published_at)

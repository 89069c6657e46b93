from __future__ import annotations

import factory
from django.utils import timezone

from resursnaya_sreda.public.models import NewsItem, NewsKind
from tests.factories import ProgrammeFactory


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    programme = factory.SubFactory(ProgrammeFactory)
    kind = NewsKind.NEWS
    title = factory.Sequence(lambda n: f"Новость номер {n}")
    slug = factory.Sequence(lambda n: f"novost-{n}")
    lead = "Коротко о главном."
    body = "Первый абзац.\n\nВторой абзац."
    is_published = True
    published_at = factory.LazyFunction(timezone.now)

"""factory_boy factories for the kernel and people. Later apps add theirs beside their tests."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from resursnaya_sreda.accounts.models import Membership, Role, User
from resursnaya_sreda.kernel.models import (
    Municipality,
    Organisation,
    OrganisationKind,
    PilotSite,
    Programme,
    Region,
    RoadmapStep,
)

PASSWORD = "test-password-123"


def region(code: str) -> Region:
    """Regions are shipped by a migration: fetch, never create."""
    return Region.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Иванов Иван Иванович {n}")
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    region = factory.LazyFunction(lambda: region("16"))
    name = factory.Sequence(lambda n: f"Город {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"АНО «Организация {n}»")
    kind = OrganisationKind.NGO
    region = factory.LazyFunction(lambda: region("16"))


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    title = factory.Sequence(lambda n: f"Ресурсная среда — {2020 + n}")
    year = factory.Sequence(lambda n: 2020 + n)
    summary = "Программа поддержки лучших практик в сфере национальных отношений."


class RoadmapStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadmapStep

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n % 7 + 1)
    title = "Лучшие практики"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class PilotSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PilotSite

    programme = factory.SubFactory(ProgrammeFactory)
    region = factory.LazyFunction(lambda: region("16"))
    centre = factory.SubFactory(
        OrganisationFactory,
        kind=OrganisationKind.RESOURCE_CENTRE,
        region=factory.SelfAttribute("..region"),
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.APPLICANT

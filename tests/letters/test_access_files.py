"""The letters' private files and the records changed without a page of their own: a reply's
scan, a letterhead's logo and signature, a campaign entry, the programme's own templates.
Another region's is a 404 (or refused by the service); the people without letters get 404 too."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from letters import permissions as policy
from letters import services
from letters.models import CampaignEntry, LetterTemplate, ReplyDecision
from resursnaya_sreda.kernel.uploads import IMAGES, SCANS, check_upload
from tests.events.conftest import jpeg_upload, pdf_upload
from tests.letters.factories import administration

pytestmark = pytest.mark.django_db

ROLES = [
    ("federal", 200),
    ("regional_a", 200),
    ("regional_b", 404),
    ("expert", 404),
    ("applicant", 404),
    ("anonymous", 404),
]


@pytest.fixture
def reply(programme, site_a, regional_a, letterhead_a, make_event):
    """Site A's seminar letter, answered with a scan."""
    from resursnaya_sreda.kernel.correspondence import event_source

    seminar = make_event(days=30)
    mailing = services.mailing_create(
        by=regional_a,
        letterhead=letterhead_a,
        programme=programme,
        kind="seminar",
        title="Письмо о семинаре",
        text=services.template_for(programme=programme, site=site_a, kind="seminar"),
        targets=[services.Target.of(administration(site_a, by=regional_a))],
        facts=event_source().facts(seminar.pk),
    )
    return services.reply_record(
        by=regional_a,
        letter=mailing.letters.get(),
        decision=ReplyDecision.SUPPORT,
        received_on=timezone.localdate(),
        upload=check_upload(pdf_upload("otvet.pdf"), kinds=SCANS),
    )


@pytest.fixture
def signed_letterhead(letterhead_a, regional_a):
    return services.letterhead_save(
        by=regional_a,
        letterhead=letterhead_a,
        data={},
        logo=check_upload(jpeg_upload("logo.jpg"), kinds=IMAGES),
        signature=check_upload(jpeg_upload("podpis.jpg"), kinds=IMAGES),
    )


def _get(request, login, role, url):
    return login(request.getfixturevalue(role)).get(url)


@pytest.mark.parametrize(("role", "status"), ROLES)
def test_a_replys_scan_by_role(request, login, reply, role, status):
    url = reverse("files:download", kwargs={"key": "letters-reply", "pk": reply.pk})
    assert _get(request, login, role, url).status_code == status


@pytest.mark.parametrize(("role", "status"), ROLES)
@pytest.mark.parametrize("key", ["letters-logo", "letters-signature"])
def test_a_letterheads_logo_and_signature_by_role(
    request, login, signed_letterhead, key, role, status
):
    url = reverse("files:download", kwargs={"key": key, "pk": signed_letterhead.pk})
    assert _get(request, login, role, url).status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("federal", 200), ("regional_a", 404), ("regional_b", 404)]
)
def test_the_federal_centres_letterhead_is_the_federal_coordinators(
    request, login, site_a, site_b, role, status
):
    federal_head = services.letterhead_for_site(None)
    url = reverse("letters:letterhead-edit", args=[federal_head.pk])
    assert _get(request, login, role, url).status_code == status
    with pytest.raises(PermissionDenied):
        services.letterhead_save(
            by=request.getfixturevalue("regional_a"),
            letterhead=federal_head,
            data={"organisation": "Чужое"},
        )


@pytest.fixture
def entry(site_a, regional_a):
    return services.campaign_entry_create(
        by=regional_a,
        site=site_a,
        data={
            "platform": "media",
            "outlet": "Газета «Заря»",
            "title": "Семинар в Елабуге",
            "url": "https://zarya.example/news/1",
            "published_on": "2026-05-01",
            "reach": 1200,
        },
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [("regional_b", 404), ("expert", 404), ("applicant", 404), ("regional_a", 302)],
)
def test_only_the_sites_staff_delete_its_campaign_entry(request, login, entry, role, status):
    url = reverse("letters:campaign-delete", args=[entry.pk])
    assert login(request.getfixturevalue(role)).post(url).status_code == status
    assert CampaignEntry.objects.filter(pk=entry.pk).exists() == (status == 404)


def test_federal_coordinators_delete_any_sites_campaign_entry(login, federal, entry):
    url = reverse("letters:campaign-delete", args=[entry.pk])
    assert login(federal).post(url).status_code == 302
    assert not CampaignEntry.objects.filter(pk=entry.pk).exists()


def test_the_programmes_own_templates_are_the_federal_centres(
    programme, site_a, site_b, federal, regional_a
):
    text = {"subject": "Приглашение", "body": "Уважаемые коллеги!"}
    with pytest.raises(PermissionDenied):
        services.template_save(
            by=regional_a, programme=programme, site=None, kind="seminar", data=text
        )
    with pytest.raises(PermissionDenied):
        services.template_save(
            by=regional_a, programme=programme, site=site_b, kind="seminar", data=text
        )
    assert not LetterTemplate.objects.exists()
    services.template_save(
        by=regional_a, programme=programme, site=site_a, kind="seminar", data=text
    )
    services.template_save(by=federal, programme=programme, site=None, kind="seminar", data=text)
    assert LetterTemplate.objects.filter(pilot_site=None).count() == 1


def test_each_scan_and_entry_is_found_by_its_own_id(
    login, reply, entry, site_b, regional_a, regional_b, federal, django_assert_num_queries
):
    second = services.reply_record(
        by=regional_a,
        letter=reply.letter,
        decision=ReplyDecision.SUPPORT,
        received_on=reply.received_on,
        upload=check_upload(pdf_upload("otvet-2.pdf"), kinds=SCANS),
    )
    client = login(regional_a)
    for answer, name in [(reply, "otvet.pdf"), (second, "otvet-2.pdf")]:
        url = reverse("files:download", kwargs={"key": "letters-reply", "pk": answer.pk})
        assert name in client.get(url)["Content-Disposition"]
    theirs = services.campaign_entry_create(
        by=regional_b,
        site=site_b,
        data={
            "platform": "social",
            "outlet": "Группа",
            "title": "Семинар в Дербенте",
            "url": "https://social.example/2",
            "published_on": "2026-05-02",
        },
    )
    assert (
        login(regional_b).post(reverse("letters:campaign-delete", args=[theirs.pk])).status_code
        == 302
    )
    assert list(CampaignEntry.objects.all()) == [entry]
    policy.require_letters(federal)  # the roles are read once per request
    with django_assert_num_queries(1):
        assert policy.get_reply_for_user(federal, reply.pk).letter.mailing.title
    with django_assert_num_queries(1):
        assert policy.get_campaign_entry_for_user(federal, entry.pk).pilot_site.region.name

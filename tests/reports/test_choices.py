"""Search-as-you-type parameters of documents: the list served from the form itself, the order
page opened with a record already chosen, and ordering without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.template import Context, Template

from reports.engine import Column, Document, Format, ParametersForm, Progress, Sheet, registry
from reports.links import order_url
from reports.models import DocumentJob, JobStatus
from resursnaya_sreda.accounts import permissions
from resursnaya_sreda.kernel.autocomplete import AutocompleteChoiceField, Lookup
from resursnaya_sreda.kernel.models import Municipality, Region
from resursnaya_sreda.kernel.selectors import municipalities_for_staff
from tests.factories import MunicipalityFactory, region

pytestmark = pytest.mark.django_db

CHOICES = "/reports/choices/test-town/town/"


class TownForm(ParametersForm):
    region = forms.ModelChoiceField(label="Регион", queryset=Region.objects.all(), required=False)
    town = AutocompleteChoiceField(
        label="Муниципальное образование",
        queryset=Municipality.objects.none(),
        lookup=Lookup(search_fields=("name",), filters={"region": "region_id"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = municipalities_for_staff(user=self.user)


class TownDocument(Document):
    identifier = "test-town"
    verbose_name = "Справка о муниципалитете (тест)"
    formats = (Format.XLSX,)
    form_class = TownForm

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return permissions.is_staff_member(user)

    def iter_sheets(self, progress: Progress = lambda fraction: None) -> Iterator[Sheet]:
        yield Sheet("Справка", [Column("Название")], [[self.parameters["town"].name]], 1)


@pytest.fixture(autouse=True)
def town_document():
    registry.register(TownDocument)
    yield TownDocument
    registry.unregister(TownDocument.identifier)


@pytest.fixture
def towns(site_a, site_b):
    return {
        "kazan": MunicipalityFactory(region=region("16"), name="Казань"),
        "derbent": MunicipalityFactory(region=region("05"), name="Дербент"),
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [("federal", ["Дербент", "Казань"]), ("regional_a", ["Казань"]), ("regional_b", ["Дербент"])],
)
def test_the_parameter_list_is_the_forms_own_queryset_for_the_user(
    request, login, role, expected, towns
):
    response = login(request.getfixturevalue(role)).get(CHOICES)
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == expected


def test_another_regions_record_is_never_found_even_by_name(login, regional_b, towns):
    response = login(regional_b).get(CHOICES, {"q": "Казань"})
    assert response.json()["results"] == []


@pytest.mark.parametrize(("role", "status"), [("expert", 403), ("applicant", 403)])
def test_a_kind_the_user_may_not_order_is_refused(request, login, role, status, towns):
    assert login(request.getfixturevalue(role)).get(CHOICES).status_code == status


def test_anonymous_callers_get_403_not_a_login_page(client, towns):
    response = client.get(CHOICES)
    assert response.status_code == 403
    assert "results" not in response.json()


def test_unknown_kinds_and_fields_that_are_not_searched_are_404(login, federal, towns):
    client = login(federal)
    assert client.get("/reports/choices/no-such-kind/town/").status_code == 404
    assert client.get("/reports/choices/test-town/region/").status_code == 404
    assert client.get("/reports/choices/test-town/nothing/").status_code == 404


def test_the_dependent_filter_narrows_the_list(login, federal, towns):
    response = login(federal).get(CHOICES, {"region": region("05").pk})
    assert [item["text"] for item in response.json()["results"]] == ["Дербент"]


def test_the_order_form_renders_a_search_field_wired_to_its_list(login, federal, towns):
    Municipality.objects.bulk_create(
        Municipality(region=region("16"), name=f"Село {n}") for n in range(300)
    )
    html = login(federal).get("/reports/", {"kind": "test-town"}).content.decode()
    assert f'data-url="{CHOICES}"' in html
    assert "Село 1" not in html


def test_a_records_page_opens_the_order_form_with_the_record_chosen(login, regional_a, towns):
    kazan = towns["kazan"]
    url = order_url("test-town", town=kazan.pk)
    assert url == f"/reports/?kind=test-town&town={kazan.pk}#request-panel"
    html = login(regional_a).get(url).content.decode()
    assert f'name="town" value="{kazan.pk}"' in html
    assert 'name="town__search" value="Казань"' in html


def test_prefilling_another_regions_record_shows_nothing(login, regional_b, towns):
    html = login(regional_b).get(order_url("test-town", town=towns["kazan"].pk)).content.decode()
    assert 'name="town" value=""' in html
    assert "Казань" not in html


def test_the_template_tag_builds_the_same_link(towns):
    rendered = Template(
        '{% load reports_tags %}{% document_order_url "test-town" town=pk %}'
    ).render(Context({"pk": towns["kazan"].pk}))
    assert rendered == order_url("test-town", town=towns["kazan"].pk).replace("&", "&amp;")


def test_ordering_without_javascript_resolves_the_typed_name(
    login, regional_a, towns, django_capture_on_commit_callbacks
):
    client = login(regional_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/reports/request/test-town/", {"town__search": "казань", "out-format": "xlsx"}
        )
    assert response.status_code == 302
    job = DocumentJob.objects.get()
    assert job.parameters == {"region": None, "town": towns["kazan"].pk}
    assert job.status == JobStatus.DONE


def test_ordering_another_regions_record_by_name_is_refused_beside_the_field(
    login, regional_a, towns
):
    response = login(regional_a).post(
        "/reports/request/test-town/", {"town__search": "Дербент", "out-format": "xlsx"}
    )
    assert response.status_code == 200
    assert "ничего не найдено" in response.content.decode()
    assert 'name="town__search" value="Дербент"' in response.content.decode()
    assert not DocumentJob.objects.exists()

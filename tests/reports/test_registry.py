"""The registry of kinds and who may request them."""

from __future__ import annotations

import pytest

from reports.engine import Document, Format, UnknownDocument, registry
from reports.engine.registry import DocumentRegistry
from reports.permissions import can_request_document
from reports.selectors import kinds_for_user


class Sample(Document):
    identifier = "sample"
    verbose_name = "Образец"
    formats = (Format.PDF, Format.XLSX)


def test_kernel_documents_are_registered_with_russian_titles_and_formats():
    passport = registry.get("programme-passport")
    sites = registry.get("pilot-sites")
    assert str(passport.verbose_name) == "Паспорт программы"
    assert passport.formats == (Format.PDF,)
    assert str(sites.verbose_name) == "Пилотные площадки"
    assert sites.formats == (Format.XLSX,)


def test_unknown_identifier_raises_unknown_document():
    with pytest.raises(UnknownDocument, match="no-such-document"):
        registry.get("no-such-document")


def test_registering_two_kinds_under_one_identifier_is_refused():
    local = DocumentRegistry()
    local.register(Sample)

    class Impostor(Document):
        identifier = "sample"
        verbose_name = "Подделка"
        formats = (Format.PDF,)

    with pytest.raises(ValueError, match="registered twice"):
        local.register(Impostor)


def test_a_kind_without_formats_cannot_be_registered():
    class Incomplete(Document):
        identifier = "incomplete"
        verbose_name = "Без форматов"

    with pytest.raises(ValueError, match="Incomplete needs an identifier, a"):
        DocumentRegistry().register(Incomplete)


def test_a_kind_is_requestable_by_nobody_unless_it_says_so(federal):
    assert Sample.can_request(federal) is False


def test_kinds_are_listed_by_title():
    local = DocumentRegistry()

    class Zeta(Document):
        identifier = "zeta"
        verbose_name = "Ячейка"
        formats = (Format.PDF,)

    local.register(Zeta)
    local.register(Sample)
    assert [kind.identifier for kind in local] == ["sample", "zeta"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("federal", True),
        ("regional_a", False),
        ("regional_b", False),
        ("expert", False),
        ("applicant", False),
        ("anonymous", False),
    ],
)
def test_only_federal_coordinators_may_request_the_kernel_documents(
    request, kernel_kinds_only, role, allowed
):
    user = request.getfixturevalue(role)
    for identifier in ("programme-passport", "pilot-sites"):
        assert can_request_document(user, registry.get(identifier)) is allowed
    assert bool(kinds_for_user(user)) is allowed


@pytest.mark.django_db
def test_an_inactive_federal_coordinator_may_request_nothing(federal):
    federal.is_active = False
    federal.save()
    assert kinds_for_user(federal) == []

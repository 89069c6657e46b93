import pytest

from resursnaya_sreda.kernel.models import FederalDistrict, Region

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_all_89_federal_subjects_are_shipped_by_migration():
    assert Region.objects.count() == 89


def test_every_region_has_a_unique_code_and_a_known_district():
    codes = list(Region.objects.values_list("code", flat=True))
    assert len(set(codes)) == 89
    districts = set(Region.objects.values_list("federal_district", flat=True))
    assert districts == set(FederalDistrict.values)


def test_known_regions_have_their_codes_and_districts():
    assert Region.objects.get(code="77").name == "Москва"
    assert Region.objects.get(code="16").federal_district == FederalDistrict.VOLGA
    assert Region.objects.get(code="92").federal_district == FederalDistrict.SOUTHERN

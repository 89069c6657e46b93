import pytest
from django.core.exceptions import ValidationError

from resursnaya_sreda.kernel.validators import (
    inn_is_valid,
    ogrn_is_valid,
    validate_inn,
    validate_ogrn,
)

# Real registration numbers of well-known organisations and an individual entrepreneur.
VALID_INN = ["7707083893", "7736207543", "500100732259", "1655018018"]
VALID_OGRN = ["1027700132195", "1027739642281", "304500116000157"]


@pytest.mark.parametrize("value", VALID_INN)
def test_real_inn_passes(value):
    assert inn_is_valid(value)
    validate_inn(value)


@pytest.mark.parametrize("value", ["7707083894", "500100732250", "500100732269", "0000000001"])
def test_inn_with_a_wrong_check_digit_fails(value):
    assert not inn_is_valid(value)
    with pytest.raises(ValidationError, match="Контрольная цифра ИНН"):
        validate_inn(value)


@pytest.mark.parametrize("value", ["123", "77070838931", "77070838a3", "7707 083893"])
def test_inn_of_wrong_length_or_with_letters_fails_with_a_length_message(value):
    with pytest.raises(ValidationError, match="10 цифр"):
        validate_inn(value)


@pytest.mark.parametrize("value", VALID_OGRN)
def test_real_ogrn_passes(value):
    assert ogrn_is_valid(value)
    validate_ogrn(value)


@pytest.mark.parametrize("value", ["1027700132196", "304500116000158"])
def test_ogrn_with_a_wrong_check_digit_fails(value):
    with pytest.raises(ValidationError, match="Контрольная цифра ОГРН"):
        validate_ogrn(value)


@pytest.mark.parametrize("value", ["102770013219", "10277001321955", "abc"])
def test_ogrn_of_wrong_length_fails(value):
    with pytest.raises(ValidationError, match="13 цифр"):
        validate_ogrn(value)


def test_empty_numbers_are_allowed_because_they_are_optional():
    validate_inn("")
    validate_ogrn("")

"""Checks for Russian registration numbers: length and check digits."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(value: str) -> bool:
    """A legal entity's INN has 10 digits, a person's 12; the last one or two are checksums."""
    if not value.isdigit():
        return False
    if len(value) == 10:
        return _check_digit(value, _INN10) == int(value[9])
    if len(value) == 12:
        return _check_digit(value, _INN11) == int(value[10]) and _check_digit(value, _INN12) == int(
            value[11]
        )
    return False


def ogrn_is_valid(value: str) -> bool:
    """OGRN has 13 digits (mod 11), OGRNIP 15 (mod 13); the last is the check digit."""
    if not value.isdigit():
        return False
    if len(value) == 13:
        return int(value[:12]) % 11 % 10 == int(value[12])
    if len(value) == 15:
        return int(value[:14]) % 13 % 10 == int(value[14])
    return False


def validate_inn(value: str) -> None:
    if not value:
        return
    if not value.isdigit() or len(value) not in (10, 12):
        raise ValidationError(
            _("ИНН состоит из 10 цифр (организация) или 12 цифр (физическое лицо)."),
            code="inn_length",
        )
    if not inn_is_valid(value):
        raise ValidationError(
            _("Контрольная цифра ИНН не сходится: проверьте, нет ли опечатки."), code="inn_checksum"
        )


def validate_ogrn(value: str) -> None:
    if not value:
        return
    if not value.isdigit() or len(value) not in (13, 15):
        raise ValidationError(_("ОГРН состоит из 13 цифр (ОГРНИП — из 15)."), code="ogrn_length")
    if not ogrn_is_valid(value):
        raise ValidationError(
            _("Контрольная цифра ОГРН не сходится: проверьте, нет ли опечатки."),
            code="ogrn_checksum",
        )

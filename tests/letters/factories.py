"""Records for the letters tests, made through the services where a person would."""

from __future__ import annotations

from letters import services
from letters.models import Addressee, AddresseeKind, HoldingBasis
from tests.factories import MunicipalityFactory


def administration(site, *, by, name: str = "", email: str = "glava@city.example", **extra):
    municipality = extra.pop("municipality", None) or MunicipalityFactory(region=site.region)
    data = {
        "kind": AddresseeKind.ADMINISTRATION,
        "organisation": name or f"Администрация {municipality.name}",
        "municipality": municipality,
        "person": "Петров Пётр Петрович",
        "position": "Глава муниципального образования",
        "address": "420000, г. Казань, ул. Кремлёвская, 1",
        "email": email,
        "basis": HoldingBasis.PUBLIC_SOURCE,
        "basis_note": "Официальный сайт администрации",
        **extra,
    }
    return services.addressee_create(by=by, region=site.region, data=data)


def bulk_addressees(site, n: int, *, start: int = 0, email: bool = True) -> list[Addressee]:
    """Many addressees at once, for lists and mailings (no need to go through the form)."""
    rows = []
    for i in range(start, start + n):
        row = Addressee(
            region=site.region,
            kind=AddresseeKind.ADMINISTRATION,
            organisation=f"Администрация поселения {i}",
            person=f"Глава {i}",
            position="Глава",
            address=f"Село {i}, ул. Центральная, {i}",
            email=f"admin{i}@example.org" if email else "",
            basis=HoldingBasis.PUBLIC_SOURCE,
        )
        row.key = row.make_key()
        rows.append(row)
    return Addressee.objects.bulk_create(rows)

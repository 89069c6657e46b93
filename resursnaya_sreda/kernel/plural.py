"""Russian plural forms: where a number meets a noun, one helper agrees them.

    plural(1, "пункт", "пункта", "пунктов")    → «1 пункт»
    plural(3, "пункт", "пункта", "пунктов")    → «3 пункта»
    plural(11, "пункт", "пункта", "пунктов")   → «11 пунктов»
    plural_form(21, "день", "дня", "дней")     → «день» (the noun alone)

In templates: ``{% load plural %}{{ n|plural:"пункт,пункта,пунктов" }}``.
"""

from __future__ import annotations


def plural_form(n: int, one: str, few: str, many: str) -> str:
    """The noun's form for ``n``: 1, 21, 101 → one; 2–4, 22–24 → few; 0, 5–20, 25 → many."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def plural(n: int, one: str, few: str, many: str) -> str:
    """«n noun» with the noun agreed."""
    return f"{n} {plural_form(n, one, few, many)}"

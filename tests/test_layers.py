"""The layer rule, checked: dependencies point one way, and no app borrows another's templates.

From the ground floor up (a module may import its own layer and those below it):

    0  reports.engine                        the document engine: imports no app of the portal
    1  resursnaya_sreda.*                    the kernel: accounts, regions, programmes, uploads…
    2  practices                             steps 1 and 3: every later step links to a practice
    3  events, videos, contest, letters      steps 2 and 4–7: independent of one another
    4  reports (all but the engine),         document jobs, the dashboard, consolidated reports,
       dashboard                             frozen snapshots

An app plugs into a lower layer from its ``AppConfig.ready()`` (documents into the engine's
registry, cabinet sections, demo loaders, private files into the kernel), so the lower layer
never names it. The project's wiring — settings, root URLs, WSGI, Celery — names every app by
design and is left out. Imports inside functions count as much as those at the top.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "resursnaya_sreda",
    "practices",
    "events",
    "videos",
    "contest",
    "letters",
    "reports",
    "dashboard",
)
WIRING = (
    "resursnaya_sreda.settings",
    "resursnaya_sreda.urls",
    "resursnaya_sreda.wsgi",
    "resursnaya_sreda.asgi",
    "resursnaya_sreda.celery",
)
SIBLINGS = ("events", "videos", "contest", "letters")


def layer(module: str) -> tuple[int, str] | None:
    """The layer of a portal module and its name within the layer; None outside the portal."""
    top = module.split(".")[0]
    if module == "reports.engine" or module.startswith("reports.engine."):
        return 0, "reports.engine"
    if top == "resursnaya_sreda":
        return 1, top
    if top == "practices":
        return 2, top
    if top in SIBLINGS:
        return 3, top
    if top in ("reports", "dashboard"):
        return 4, top
    return None


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, module: str) -> list[tuple[int, str]]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from events import services`` imports events.services, not only events.
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def portal_modules() -> list[tuple[Path, str]]:
    modules = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")) if (ROOT / app).is_dir() else []:
            module = _module_name(path)
            if not module.startswith(WIRING):
                modules.append((path, module))
    return modules


def layer_violations(modules: list[tuple[Path, str]]) -> list[str]:
    problems = []
    for path, module in modules:
        own = layer(module)
        if own is None:
            continue
        for line, imported in _imports(path, module):
            other = layer(imported)
            if other is None or other[1] == own[1]:
                continue
            where = f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{line}"
            if other[0] > own[0]:
                problems.append(f"{where}: {own[1]} (layer {own[0]}) imports {imported} above it")
            elif other[0] == own[0] == 3:
                problems.append(f"{where}: {own[1]} imports its sibling {imported}")
    return problems


def test_no_module_imports_a_layer_above_its_own():
    assert layer_violations(portal_modules()) == []


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("resursnaya_sreda.kernel.x", "from practices.models import Questionnaire", "above it"),
        ("resursnaya_sreda.kernel.x", "from reports import services", "above it"),
        ("practices.x", "from events import selectors", "above it"),
        ("reports.engine.x", "from resursnaya_sreda.kernel import mail", "above it"),
        ("events.x", "def f():\n    from videos.models import Story", "sibling"),
        ("events.x", "from reports.engine import Document", None),
        ("reports.views", "from events.models import Event", None),
    ],
)
def test_the_rule_catches_what_it_should(tmp_path, module, source, expected):
    path = tmp_path / "x.py"
    path.write_text(source, encoding="utf-8")
    problems = layer_violations([(path, module)])
    if expected is None:
        assert problems == []
    else:
        assert len(problems) == 1
        assert expected in problems[0]


# --- Templates ---------------------------------------------------------------------------------

TAG = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def _template_dirs() -> dict[Path, str]:
    """Each app's template folder and its app; the project's templates/ is everyone's."""
    return {
        folder: folder.parent.relative_to(ROOT).as_posix()
        for app in APPS
        if (ROOT / app).is_dir()
        for folder in (ROOT / app).rglob("templates")
        if folder.is_dir()
    }


def test_no_app_includes_or_extends_another_apps_templates():
    folders = _template_dirs()
    owner_of: dict[str, str] = {}
    for folder, app in folders.items():
        for template in folder.rglob("*"):
            if template.is_file():
                owner_of[template.relative_to(folder).as_posix()] = app
    problems = []
    for folder, app in folders.items():
        for template in folder.rglob("*"):
            if not template.is_file() or template.suffix not in (".html", ".txt", ".xml"):
                continue
            for target in TAG.findall(template.read_text(encoding="utf-8")):
                owner = owner_of.get(target)
                if owner is not None and owner != app:
                    problems.append(f"{template.relative_to(ROOT)} uses {owner}'s {target}")
    assert problems == []


def test_every_included_or_extended_template_exists():
    """A template moved to templates/includes/ or templates/documents/ leaves no stale name."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    folders = list(_template_dirs()) + [ROOT / "templates"]
    missing = []
    for folder in folders:
        for template in folder.rglob("*"):
            if not template.is_file() or template.suffix not in (".html", ".txt", ".xml"):
                continue
            for target in TAG.findall(template.read_text(encoding="utf-8")):
                if target.startswith("django/forms/"):
                    continue  # the form renderer's own templates, not the template engine's
                try:
                    get_template(target)
                except TemplateDoesNotExist:
                    missing.append(f"{template.relative_to(ROOT)} uses {target}")
    assert missing == []


URL_TAG = re.compile(r"""{%\s*url\s+["']([^"']+)["']""")


def test_every_url_name_in_a_template_exists():
    """A renamed URL (``support-add`` → ``pilot-practice-support-add``) leaves no stale link."""
    from django.urls import NoReverseMatch, reverse

    folders = list(_template_dirs()) + [ROOT / "templates"]
    missing = []
    for folder in folders:
        for template in folder.rglob("*.html"):
            for name in URL_TAG.findall(template.read_text(encoding="utf-8")):
                try:
                    reverse(name)
                except NoReverseMatch as error:
                    # Arguments are missing here on purpose; only an unknown name is a fault.
                    if "is not a valid view function or pattern name" in str(error):
                        missing.append(f"{template.relative_to(ROOT)} links to {name}")
    assert missing == []

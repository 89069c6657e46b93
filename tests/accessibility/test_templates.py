"""Rules every page template keeps, checked on the source: data tables have a caption and
headers with a scope; an icon that tells something is an image with a name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
# Documents (PDF) are checked as tagged PDFs; their tables are read by the PDF's structure.
SKIP = ("/pdf/", "/documents/", "/email/")


def _page_templates() -> list[Path]:
    found = []
    for path in ROOT.glob("**/templates/**/*.html"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv", "var/", "node_modules")) or any(
            s in f"/{relative}" for s in SKIP
        ):
            continue
        found.append(path)
    return sorted(found)


TEMPLATES = _page_templates()


def _ids(paths):
    return [p.relative_to(ROOT).as_posix() for p in paths]


def test_templates_are_found():
    assert len(TEMPLATES) > 100


@pytest.mark.parametrize("path", TEMPLATES, ids=_ids(TEMPLATES))
def test_data_tables_have_a_caption_and_scoped_headers(path):
    text = path.read_text(encoding="utf-8")
    for table in re.finditer(r"<table\b[^>]*>(.*?)</table>", text, re.S):
        body = table.group(1)
        assert body.lstrip().startswith("<caption"), (
            f"таблица без <caption>: {table.group(0)[:120]}"
        )
        for header in re.findall(r"<th\b[^>]*>", body):
            assert "scope=" in header, f"заголовок без scope: {header}"


@pytest.mark.parametrize("path", TEMPLATES, ids=_ids(TEMPLATES))
def test_icons_with_a_name_are_images(path):
    text = path.read_text(encoding="utf-8")
    for icon in re.findall(r"<(?:i|span)\b[^>]*\baria-label=[^>]*>", text):
        assert 'role="img"' in icon, f"значок с aria-label без role=img: {icon}"

"""A small sectioned document for the engine's tests: chapters, a contents list, an index."""

from __future__ import annotations

from reports.engine import PageGeometry, PageNumbers, Section, SectionedDocument

STYLE = """
@font-face { font-family: "Book"; src: url("/static/fonts/DejaVuSerif.ttf"); }
@page { size: A5; margin: 18mm 15mm 18mm 15mm;
        @top-center { content: string(chapter); font-family: "Book"; font-size: 7pt; } }
html { font-family: "Book"; font-size: 10pt; }
h1 { string-set: chapter content(); bookmark-level: 1; }
h2 { bookmark-level: 2; }
.chapter { break-before: page; }
.toc a::after { content: leader(".") "PAGE"; }
"""

PARAGRAPH = (
    "Практика объединяет школьников разных национальностей вокруг совместных проектов; "
    "участники учатся вести диалог, готовят фестивали и помогают соседям. "
) * 4


def chapter_html(number: int, paragraphs: int) -> str:
    body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(paragraphs))
    return (
        f'<section class="chapter"><h1 id="ch{number}">Глава {number}</h1>'
        f"<h2>Проблема</h2>{body}<h2>Результаты</h2>{body}</section>"
    )


def page(content: str) -> str:
    head = f'<head><meta charset="utf-8"><style>{STYLE}</style></head>'
    return f'<!doctype html><html lang="ru">{head}<body>{content}</body></html>'


class Book(SectionedDocument):
    identifier = "test-book"
    verbose_name = "Тестовая книга"

    def __init__(self, chapters: int = 4, paragraphs: int = 6) -> None:
        super().__init__({}, user=None)
        self.chapters = chapters
        self.paragraphs = paragraphs

    def get_geometry(self) -> PageGeometry:
        return PageGeometry(size="A5")

    def get_sections(self, progress=None):
        return [
            Section(f"chapter-{n}", f"Глава {n}", page(chapter_html(n, self.paragraphs)))
            for n in range(1, self.chapters + 1)
        ]

    def get_opening(self) -> list[Section]:
        title = '<h1 class="title" style="bookmark-level: none">Тестовая книга</h1>'
        return [Section("opening", "Титул", page(title))]

    def get_front_matter(self, numbers: PageNumbers) -> Section:
        items = "".join(
            f'<p class="entry">Глава {n} <span class="page">{numbers[f"ch{n}"]}</span></p>'
            for n in range(1, self.chapters + 1)
        )
        html = (
            f'<h1 id="contents">Содержание</h1>{items}'
            f'<p class="entry">Указатель <span class="page">{numbers["back-matter"]}</span></p>'
        )
        return Section("front", "Содержание", page(html))

    def get_back_matter(self, numbers: PageNumbers) -> Section:
        items = "".join(
            f"<p>Глава {n}: {numbers[f'ch{n}']}</p>" for n in range(1, self.chapters + 1)
        )
        return Section("back", "Указатель", page(f'<h1 id="index">Указатель</h1>{items}'))

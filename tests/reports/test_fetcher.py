"""The PDF fetcher serves data:, static and public media files and refuses everything else."""

from __future__ import annotations

import base64
import http.server
import io
import threading

import pytest
from django.template import Context, Template

from reports.engine.fetcher import BASE_URL, PortalURLFetcher, RefusedURL
from reports.engine.pdf import render_pdf
from tests.reports.conftest import pdf_reader

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


@pytest.fixture
def trap_server():
    """A local HTTP server that counts every request it receives (it should receive none)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG_1PX)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "not the portal's own"),
        ("FILE:///etc/passwd", "not the portal's own"),
        ("ftp://127.0.0.1/x", "not the portal's own"),
        ("https://example.org/logo.png", "not the portal's own"),
        (f"{BASE_URL}admin/", "outside STATIC_URL and MEDIA_URL"),
        (f"{BASE_URL}static/../../../../etc/passwd", "path traversal"),
        (f"{BASE_URL}static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "path traversal"),
        (f"{BASE_URL}static/fonts/..%2f..%2f..%2fetc/passwd", "path traversal"),
        (f"{BASE_URL}media/../../../etc/passwd", "path traversal"),
        (f"{BASE_URL}static/fonts/no-such-font.ttf", "no such static file"),
        (f"{BASE_URL}static/%00/etc/passwd", "bad characters in path"),
        (f"{BASE_URL}media/private/documents/x.pdf", "no such media file"),
    ],
)
def test_fetcher_refuses_everything_but_own_files(url, reason):
    fetcher = PortalURLFetcher()
    with pytest.raises(RefusedURL, match=reason):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_never_connects_to_a_local_http_server(trap_server):
    base, hits = trap_server
    fetcher = PortalURLFetcher()
    for url in (f"{base}/", f"{base}/secret.png", base.replace("127.0.0.1", "localhost") + "/"):
        with pytest.raises(RefusedURL, match="not the portal's own static"):
            fetcher.fetch(url)
    assert hits == []


def test_fetcher_serves_data_urls():
    response = PortalURLFetcher().fetch("data:text/plain;base64,0J/RgNC40LLQtdGC")
    assert response.read().decode("utf-8") == "Привет"


def test_fetcher_serves_the_vendored_cyrillic_font_from_static():
    response = PortalURLFetcher().fetch(f"{BASE_URL}static/fonts/DejaVuSans.ttf")
    assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    response.close()


def test_fetcher_serves_public_media_but_not_private_files(settings, _media_root):
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    storages["default"].save("news/cover.png", ContentFile(PNG_1PX))
    storages["private"].save("scans/scan.png", ContentFile(PNG_1PX))
    fetcher = PortalURLFetcher()
    response = fetcher.fetch(f"{BASE_URL}media/news/cover.png")
    assert response.read() == PNG_1PX
    assert response.content_type == "image/png"
    response.close()
    with pytest.raises(RefusedURL, match="path traversal"):
        fetcher.fetch(f"{BASE_URL}media/../private/scans/scan.png")


def _render(body: str, **context):
    html = Template(
        '{% extends "documents/base_pdf.html" %}{% block content %}' + body + "{% endblock %}"
    )
    output = io.BytesIO()
    result = render_pdf(html.render(Context({"document_title": "Проверка", **context})), output)
    return output.getvalue(), result.refused_urls, result.fetched_urls


def test_render_fetches_nothing_from_the_network_or_the_file_system(trap_server):
    base, hits = trap_server
    data, refused, _ = _render(
        """
        <link rel="stylesheet" href="{{ base }}/style.css">
        <link rel="stylesheet" href="file:///etc/passwd">
        <img src="{{ base }}/photo.png">
        <img src="file:///etc/passwd">
        <div style="background: url('{{ base }}/bg.png')">Фон</div>
        <p>Текст документа</p>
        """,
        base=base,
    )
    assert hits == []
    assert f"{base}/photo.png" in refused
    assert "file:///etc/passwd" in refused
    assert "Текст документа" in pdf_reader(data).pages[0].extract_text()


def test_render_embeds_no_attachment_whatever_the_template_links(trap_server):
    base, hits = trap_server
    data, refused, _ = _render(
        """
        <link rel="attachment" href="file:///etc/passwd">
        <link rel="attachment" href="{{ base }}/payload.bin">
        <link rel="attachment" href="/static/fonts/DejaVuSans.ttf">
        <a rel="attachment" href="/static/fonts/DejaVuSans-Bold.ttf">вложение</a>
        <a rel="attachment" href="file:///etc/passwd" download="passwd">ещё вложение</a>
        <p>Документ без вложений</p>
        """,
        base=base,
    )
    reader = pdf_reader(data)
    assert reader.attachments == {}
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            assert annotation.get_object()["/Subtype"] != "/FileAttachment"
    assert hits == []
    assert b"root:x:0:0" not in data


def test_render_embeds_the_static_cyrillic_fonts():
    data, refused, fetched = _render("<p>Съешь же ещё этих мягких французских булок</p>")
    assert f"{BASE_URL}static/fonts/DejaVuSans.ttf" in fetched
    assert refused == []
    fonts = set()
    for page in pdf_reader(data).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"]  # embedded, not referenced
            fonts.add(str(font["/BaseFont"]))
    assert any("DejaVu" in name for name in fonts)
    assert "булок" in pdf_reader(data).pages[0].extract_text()

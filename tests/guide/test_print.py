"""Printing: a print stylesheet for guide pages, and the whole guide as one PDF rendered
by WeasyPrint that may load nothing but our own static files."""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from asm_guide.guide import contents
from asm_guide.guide.pdf import PDF_BASE_URL, _fetcher_class, static_path

pytestmark = pytest.mark.django_db
STATIC = settings.BASE_DIR / "static" / "css"


def test_guide_pages_load_the_print_rules(client):
    body = client.get(contents.step_entry("setup", "forum").url).content.decode()
    assert "css/guide.css" in body
    css = (STATIC / "guide.css").read_text()
    print_rules = css[css.index("@media print"):]
    for hidden in (".header", ".guide-side", ".guide-pagination", ".guide-cases"):
        assert hidden in print_rules


def test_the_pdf_stylesheet_uses_no_flex_layout():
    css = (STATIC / "guide-print.css").read_text()
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert "flex" not in rules
    assert "target-counter" in rules


def test_the_whole_guide_as_a_pdf(client):
    response = client.get(reverse("guide:pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for entry in contents.table_of_contents():
        assert str(entry.title) in text.replace("\n", " "), entry.title
    assert "IGF (2017), drafted with RCS Global, published by IISD" in text.replace("\n", " ")
    # The table of contents has real page numbers (target-counter), not zeros.
    toc = reader.pages[1].extract_text()
    numbers = [int(n) for n in re.findall(r"(\d+)\s*$", toc, flags=re.M)]
    assert numbers and min(numbers) >= 3
    # A second request is served from the cache.
    assert client.get(reverse("guide:pdf")).content == response.content


def test_the_pdf_fetcher_serves_static_files_only():
    fetcher = _fetcher_class()()
    css = fetcher.fetch(PDF_BASE_URL + "static/css/guide-print.css")
    assert b"@page" in css.read()
    for url in ("file:///etc/passwd", "https://example.org/x.css", PDF_BASE_URL + "admin/",
                PDF_BASE_URL + "static/../asm_guide/settings.py", PDF_BASE_URL + "static/css/nothing.css"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert static_path("../asm_guide/settings.py") is None


def test_without_a_working_renderer_the_pdf_link_explains_and_points_to_the_printable_page(client, monkeypatch):
    from asm_guide.guide import views

    def broken(*args, **kwargs):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(views, "guide_pdf", broken)
    response = client.get(reverse("guide:pdf"))
    assert response.status_code == 503
    assert reverse("guide:all") in response.content.decode()

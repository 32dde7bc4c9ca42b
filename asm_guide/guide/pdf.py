"""The whole guide as one PDF, rendered with WeasyPrint.

Fonts come from the machine (fontconfig); the only resources the renderer may load are our
own static files, read from disk: every other URL (network, file system) is refused. The
print stylesheet is block and table based (no flex: WeasyPrint's flex layout is slow and
breaks ``target-counter``, ANCHORS §3.2).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

#: The base URL the PDF's HTML is rendered against; nothing is ever fetched from it.
PDF_BASE_URL = "https://asm-guide.invalid/"


def static_path(relative: str) -> Path | None:
    """The file for a static path, from the finders (development) or STATIC_ROOT (collected)."""
    relative = relative.lstrip("/")
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / relative
    return collected if collected.is_file() else None


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """Serves our static files from disk and refuses every other URL."""

        def fetch(self, url, headers=None):
            prefix = PDF_BASE_URL + settings.STATIC_URL.lstrip("/")
            if not url.startswith(prefix):
                raise ValueError(f"The guide PDF may only load static files, not {url}")
            relative = unquote(urlsplit(url).path)[len(urlsplit(prefix).path):]
            path = static_path(relative)
            if path is None:
                raise ValueError(f"No static file {relative}")
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime_type})

    return StaticFilesFetcher


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_fetcher_class()())
    return document.write_pdf(font_config=fonts)


def guide_pdf(context: dict, fingerprint: str) -> bytes:
    """The guide in the active language, cached per language and content fingerprint."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = f"guide-pdf:{language}:{fingerprint}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(render_to_string("guide/print.html", context))
        cache.set(key, pdf, timeout=None)
    return pdf

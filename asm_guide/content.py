"""Guidance prose lives in Markdown files beside the part that owns it:
``<part app>/guidance/<lang>/<step-slug>.md``, with a small front matter block
(``title``, ``hint``). This module reads them once and renders them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import markdown
import yaml
from django.apps import apps
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


@dataclass(frozen=True)
class Guidance:
    app_label: str
    slug: str
    language: str
    title: str
    hint: str
    body: SafeString
    text: str
    is_fallback: bool = False


def guidance_dir(app_label: str, language: str) -> Path:
    return Path(apps.get_app_config(app_label).path) / "guidance" / language


@cache
def _read(app_label: str, language: str, slug: str) -> Guidance | None:
    path = guidance_dir(app_label, language) / f"{slug}.md"
    if not path.is_file():
        return None
    raw = path.read_text(encoding="utf-8")
    meta: dict = {}
    body = raw
    if raw.startswith("---\n"):
        _start, front, body = raw.split("---\n", 2)
        meta = yaml.safe_load(front) or {}
    html = markdown.markdown(body, extensions=["tables", "sane_lists"], output_format="html")
    # Reviewed repository content, never user input, so marking it safe is acceptable.
    return Guidance(
        app_label=app_label, slug=slug, language=language, title=str(meta.get("title", "")),
        hint=str(meta.get("hint", "")), body=mark_safe(html), text=body.strip(),
    )


def guidance_for(app_label: str, slug: str, language: str | None = None) -> Guidance:
    """The guidance for a step in the active language, falling back to English (flagged)."""
    wanted = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    found = _read(app_label, wanted, slug)
    if found is not None:
        return found
    fallback = _read(app_label, settings.LANGUAGE_CODE, slug)
    if fallback is None:
        raise LookupError(f"No guidance for {app_label}/{slug}")
    if wanted == settings.LANGUAGE_CODE:
        return fallback
    return Guidance(**{**fallback.__dict__, "is_fallback": True})

"""Search across the guide: page titles and bodies, in the active language.

Design. The pages are Markdown files, so searching them directly would mean reading and
parsing every file on every query. Instead, one table (:class:`GuidanceDocument`) holds
each page's title and plain text per language; it is rebuilt when the content changes.
"Changes" is decided by a fingerprint (SHA-256) of exactly the text the pages show,
computed once per process (the content loader caches the files per process too) and
compared with the stored one on each search: one small query when nothing changed. A
deploy that changes a file, adds a step or a translation therefore re-indexes on the first
search (or at once with ``manage.py sync_guide_index``).

On PostgreSQL each row carries a stored, weighted ``tsvector`` (title A, body B) built with
the text search configuration of the text's own language; queries use
``websearch_to_tsquery`` (any input is valid syntax), ``ts_rank`` and ``ts_headline``. With
a few dozen rows per language a sequential scan beats any index, so none is declared.
Elsewhere (SQLite) a simple fallback requires every word of the query in the title or body
(case-insensitive) and cuts the excerpt in Python.

Highlighting escapes all text first and only then wraps the matches in ``<mark>``.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .contents import PART, table_of_contents
from .models import GuidanceDocument, GuidanceIndexState

PG_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "pt": "portuguese"}
MAX_QUERY = 200
MAX_TERMS = 8
MAX_RESULTS = 50
# Sentinels for ts_headline; removed from the indexed text so they cannot be forged.
START, STOP = "\x02", "\x03"
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def pg_config(language: str) -> str:
    return PG_CONFIGS.get(language, "simple")


def plain_text(markup: str) -> str:
    text = html.unescape(_TAGS.sub(" ", str(markup)))
    return _SPACE.sub(" ", text.replace(START, " ").replace(STOP, " ")).strip()


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def build_documents() -> list[dict]:
    """Every page of the guide in every language, as the index stores it."""
    documents = []
    for language in languages():
        with translation.override(language):
            for entry in table_of_contents():
                guidance = entry.guidance(language)
                if entry.kind == PART:
                    body = str(entry.part.summary)
                    text_language = language
                elif guidance is not None:
                    body = plain_text(f"{guidance.hint} {guidance.body}")
                    text_language = guidance.language
                else:
                    body = str(getattr(entry.step, "hint", "") or "")
                    text_language = language
                documents.append({
                    "language": language, "key": entry.key, "position": entry.position, "url": entry.url,
                    "section": str(entry.section), "title": plain_text(str(entry.title)), "body": body,
                    "text_language": text_language, "config": pg_config(text_language),
                })
    return documents


_corpus: dict = {}


def corpus() -> tuple[list[dict], str]:
    """The documents and their fingerprint, computed once per process and set of parts."""
    entries = table_of_contents()
    if _corpus.get("entries") is not entries:
        documents = build_documents()
        digest = hashlib.sha256(json.dumps(documents, sort_keys=True).encode()).hexdigest()
        _corpus.update(entries=entries, documents=documents, fingerprint=digest)
    return _corpus["documents"], _corpus["fingerprint"]


def ensure_index() -> bool:
    """Rebuild the index if the content changed since it was built. Returns True if rebuilt."""
    documents, fingerprint = corpus()
    if GuidanceIndexState.objects.filter(pk=1, fingerprint=fingerprint).exists():
        return False
    with transaction.atomic():
        state = GuidanceIndexState.objects.select_for_update().filter(pk=1).first()
        if state is None:
            state = GuidanceIndexState.objects.create(pk=1)
        if state.fingerprint == fingerprint:
            return False
        GuidanceDocument.objects.all().delete()
        GuidanceDocument.objects.bulk_create(GuidanceDocument(**document) for document in documents)
        if connection.vendor == "postgresql":
            for config in {document["config"] for document in documents}:
                GuidanceDocument.objects.filter(config=config).update(
                    search_vector=SearchVector("title", weight="A", config=config)
                    + SearchVector("body", weight="B", config=config)
                )
        state.fingerprint = fingerprint
        state.built_at = timezone.now()
        state.save()
    return True


@dataclass(frozen=True)
class Result:
    url: str
    section: str
    title: SafeString
    excerpt: SafeString
    is_fallback: bool


def clean_query(raw: str | None) -> str:
    return _SPACE.sub(" ", (raw or "").replace("\x00", "")).strip()[:MAX_QUERY]


def search(raw_query: str | None, language: str | None = None) -> list[Result]:
    """Pages matching the query in ``language`` (default: the active one), best first."""
    query = clean_query(raw_query)
    if not query:
        return []
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language not in languages():
        language = settings.LANGUAGE_CODE
    ensure_index()
    if connection.vendor == "postgresql":
        return _search_postgres(query, language)
    return _search_simple(query, language)


def _search_postgres(query: str, language: str) -> list[Result]:
    found = []
    for config in dict.fromkeys([pg_config(language), pg_config(settings.LANGUAGE_CODE)]):
        search_query = SearchQuery(query, config=config, search_type="websearch")
        rows = (
            GuidanceDocument.objects.filter(language=language, config=config, search_vector=search_query)
            .annotate(
                rank=SearchRank(F("search_vector"), search_query),
                excerpt=SearchHeadline("body", search_query, config=config, start_sel=START, stop_sel=STOP,
                                       max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … "),
                marked_title=SearchHeadline("title", search_query, config=config, start_sel=START,
                                            stop_sel=STOP, highlight_all=True),
            )
            .values("url", "section", "marked_title", "excerpt", "text_language", "rank", "position")
        )
        found.extend(rows[:MAX_RESULTS])
    found.sort(key=lambda row: (-row["rank"], row["position"]))
    return [
        Result(url=row["url"], section=row["section"], title=_mark_sentinels(row["marked_title"]),
               excerpt=_mark_sentinels(row["excerpt"]), is_fallback=row["text_language"] != language)
        for row in found[:MAX_RESULTS]
    ]


def _mark_sentinels(text: str) -> SafeString:
    out = []
    for index, piece in enumerate(re.split(f"[{START}{STOP}]", text)):
        out.append(f"<mark>{escape(piece)}</mark>" if index % 2 and piece else escape(piece))
    return mark_safe("".join(out))


def _search_simple(query: str, language: str) -> list[Result]:
    terms = list(dict.fromkeys(word.lower() for word in _WORD.findall(query)))[:MAX_TERMS]
    if not terms:
        return []
    rows = GuidanceDocument.objects.filter(language=language)
    for term in terms:
        rows = rows.filter(Q(title__icontains=term) | Q(body__icontains=term))
    rows = list(rows.values("url", "section", "title", "body", "text_language", "position")[:MAX_RESULTS])
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    rows.sort(key=lambda row: (-len(set(match.lower() for match in pattern.findall(row["title"]))), row["position"]))
    return [
        Result(url=row["url"], section=row["section"], title=highlight(row["title"], pattern),
               excerpt=highlight(excerpt(row["body"], pattern), pattern), is_fallback=row["text_language"] != language)
        for row in rows
    ]


def excerpt(text: str, pattern: re.Pattern, width: int = 240) -> str:
    """About ``width`` characters of ``text`` around the first match, cut at word boundaries."""
    match = pattern.search(text)
    start = max(0, (match.start() if match else 0) - width // 3)
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < (match.start() if match else end) else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > (match.end() if match else start) else end
    return ("… " if start > 0 else "") + text[start:end] + (" …" if end < len(text) else "")


def highlight(text: str, pattern: re.Pattern) -> SafeString:
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))

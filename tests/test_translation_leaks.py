"""No interface string reaches a French or Spanish reader untranslated, on any page of a case or
in any report output.

The catalogue tests (tests/test_i18n.py) prove every *extracted* message is translated; they cannot
see a message xgettext never extracted (``_()`` inside an f-string, a ``{% translate %}`` missing
around a template's text, a label stored in English). This test looks at what people get instead.

Method: a pseudo-locale built at test time from the real catalogues, where every translated text
is wrapped in ⟦ ⟧ (placeholders stay outside the marks, so whatever fills them is still
checked). With it active the demo case is shown in French (then Spanish): every page type, the
report preview, PDF (text and bookmarks), DOCX, XLSX and the review e-mails. From what people would
read we take out the marked text, then what the case's members typed (every text field of every
record of the case), the guidance prose (translated Markdown files, not catalogue entries),
figures and month names (Babel's CLDR data), language names and a short list of proper nouns.
What is left must hold no word of three letters or more; each leak is printed with where it was
found.

Reading a failure: ``where: 'what is left'   (in 'the text around it')``. The English words left
are a message that is not in the catalogues yet (``make messages``, then translate it), or one no
catalogue can hold: text a template shows without ``{% translate %}``, a message built so that
xgettext cannot read it (see tests/test_gettext_usage.py), a name Django makes up (a model without
``verbose_name``), a label stored in the language of whoever saved it.
"""

from __future__ import annotations

import bisect
import html
import io
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
import yaml
from babel import dates as babel_dates
from django.apps import apps
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core import mail
from django.db import models
from django.urls import reverse
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from asm_guide.cases.models import Membership, StrategyCase
from asm_guide.reports.context import build_report
from asm_guide.reports.docx import render_docx
from asm_guide.reports.pdf import render_pdf
from asm_guide.reports.xlsx import render_xlsx
from asm_guide.review.models import Comment, Transition
from asm_guide.review.workflow import make_transition
from asm_guide.wizard.registry import registry

from .generate import case_pages, case_scoped_models
from .helpers import valid_post

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ["fr", "es"]
OPEN, CLOSE = "⟦", "⟧"
# What fills a message: %(name)s, %s, %d, %% and {name} (str.format, as the PDF's page counter).
PLACEHOLDER = re.compile(r"%%|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr]|\{[a-z_0-9]*\}")
WORD = re.compile(r"[^\W\d_]{3,}")
URL = re.compile(r"(?<!\S)(?:https?://|/)\S*")

# Words people read that are in no catalogue, on purpose: add one only with the reason beside it.
# Empty today: the tool's proper nouns (IGF, IISD, UNEP/PNUE, Minamata...) are written inside
# translated messages, which are marked whole, and a case's own names are what its people typed.
PROPER_NOUNS: set[str] = set()

# Downloads: rendered from the report object below, not fetched.
NOT_PAGES = {"reports:pdf", "reports:docx", "reports:xlsx", "reports:json"}


# --- the pseudo-locale --------------------------------------------------------------------------------


def _wrapped(literal: str) -> str:
    return OPEN + literal + CLOSE if literal.strip() else literal


def mark(text: str) -> str:
    """``text`` with each stretch between its placeholders wrapped in ⟦ ⟧ ("%%" is text)."""
    out, literal, position = [], "", 0
    for match in PLACEHOLDER.finditer(text):
        literal += text[position:match.start()]
        if match.group() == "%%":
            literal += "%%"
        else:
            out += [_wrapped(literal), match.group()]
            literal = ""
        position = match.end()
    out.append(_wrapped(literal + text[position:]))
    return "".join(out)


def catalogue_sources(language: str) -> list[Path]:
    """Every catalogue Django reads for ``language``, the project's first (see ``DjangoTranslation``)."""
    project = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    others = [Path(config.path) / "locale" / language / "LC_MESSAGES" / "django.mo"
              for config in apps.get_app_configs()]
    core = Path(django.__file__).parent / "conf" / "locale" / language / "LC_MESSAGES" / "django.mo"
    return [project, *[path for path in others if path.is_file()], core]


def pseudo_locale_paths(language: str, directory: Path) -> list[Path]:
    """One LOCALE_PATHS entry per catalogue, each a copy with its translations marked. Every
    message Django can translate is then marked; Django's own catalogues included, so its
    translated form errors and dates do not pass for leaks."""
    paths = []
    for index, source in enumerate(catalogue_sources(language)):
        original = polib.pofile(str(source)) if source.suffix == ".po" else polib.mofile(str(source))
        copy = polib.POFile()
        copy.metadata = dict(original.metadata)
        for entry in original:
            if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
                continue
            if entry.msgid_plural:
                plural = {key: mark(value) for key, value in entry.msgstr_plural.items()}
                if not any(plural.values()):
                    continue
                copy.append(polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid,
                                          msgid_plural=entry.msgid_plural, msgstr_plural=plural))
            elif entry.msgstr:
                copy.append(polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=mark(entry.msgstr)))
        target = directory / str(index) / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        copy.save_as_mofile(str(target / "django.mo"))
        paths.append(directory / str(index))
    return paths


@pytest.fixture(params=LANGUAGES)
def language(request, settings, tmp_path):
    """The language under test, with the pseudo-locale in LOCALE_PATHS (changing the setting resets
    Django's translation caches: django.test.signals.language_changed)."""
    settings.LOCALE_PATHS = pseudo_locale_paths(request.param, tmp_path / "locale")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ASM_REVISION_HOOKS = []  # an approval's kept PDF is tests/reports' concern: one PDF here
    with translation.override(request.param):
        assert translation.gettext("Save and continue").startswith(OPEN), "the pseudo-locale is not active"
    return request.param


# --- what people read ---------------------------------------------------------------------------------


class VisibleText(HTMLParser):
    """The text a page shows and the attributes read aloud or shown as tips; scripts, styles and
    the guidance prose left out (templates/includes/guidance.html: ``<div class="prose">`` in
    ``<aside class="guidance">``, rendered from guidance/<lang>/*.md; its heading is checked)."""

    ATTRIBUTES = ("title", "aria-label", "aria-description", "aria-roledescription", "aria-valuetext",
                  "placeholder", "alt")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fragments: list[str] = []
        self._skipping: list[str] = []  # tag names opened since a skipped element began
        self._in_guidance = False

    def _skip(self, tag, attrs) -> bool:
        classes = (dict(attrs).get("class") or "").split()
        return tag in ("script", "style") or (self._in_guidance and "prose" in classes)

    def handle_starttag(self, tag, attrs):
        if tag == "aside" and "guidance" in (dict(attrs).get("class") or "").split():
            self._in_guidance = True
        if self._skipping:
            if tag not in self.VOID:
                self._skipping.append(tag)
            return
        if self._skip(tag, attrs):
            self._skipping.append(tag)
            return
        values = dict(attrs)
        for name in self.ATTRIBUTES:
            if values.get(name):
                self.fragments.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button", "reset") and values.get("value"):
            self.fragments.append(values["value"])
        if tag == "optgroup" and values.get("label"):
            self.fragments.append(values["label"])
        if tag in ("p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "br", "option", "label", "dt", "dd"):
            self.fragments.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self._skipping and self._skipping[-1] == tag and tag not in self.VOID:
            self._skipping.pop()

    def handle_endtag(self, tag):
        if tag == "aside" and not self._skipping:
            self._in_guidance = False
        if self._skipping:
            if tag in self._skipping:
                while self._skipping and self._skipping.pop() != tag:
                    pass
            return

    def handle_data(self, data):
        if not self._skipping:
            self.fragments.append(data)


def page_text(content: str) -> str:
    parser = VisibleText()
    parser.feed(content)
    parser.close()
    return " ".join(parser.fragments)


def pdf_texts(pdf: bytes) -> list[tuple[str, str]]:
    reader = PdfReader(io.BytesIO(pdf))
    # A word broken at a hyphen or slash at the end of a line is one word again.
    found = [(f"PDF page {number}", re.sub(r"(?<=\w)([-/])\n(?=\w)", r"\1", page.extract_text() or ""))
             for number, page in enumerate(reader.pages, 1)]

    def walk(outline):
        for item in outline:
            if isinstance(item, list):
                walk(item)
            else:
                found.append(("PDF bookmark", item.title))

    walk(reader.outline)
    info = reader.metadata or {}
    found += [(f"PDF metadata {key}", str(value)) for key, value in info.items() if key in ("/Title", "/Subject")]
    return found


def _paragraphs(element) -> list[str]:
    return ["".join(node.text or "" for node in paragraph.iter(qn("w:t"))) for paragraph in element.iter(qn("w:p"))]


def docx_texts(content: bytes) -> list[tuple[str, str]]:
    document = Document(io.BytesIO(content))
    found = [("DOCX body", text) for text in _paragraphs(document.element.body)]
    for number, section in enumerate(document.sections, 1):
        for kind in ("header", "footer", "first_page_header", "first_page_footer", "even_page_header",
                     "even_page_footer"):
            part = getattr(section, kind)
            if not part.is_linked_to_previous:
                found += [(f"DOCX section {number} {kind}", text) for text in _paragraphs(part._element)]
    for picture in document.element.body.iter(qn("wp:docPr")):  # a chart's text alternative
        found += [("DOCX picture description", picture.get(name)) for name in ("descr", "title") if picture.get(name)]
    found += [("DOCX properties", value) for value in (document.core_properties.title,
                                                        document.core_properties.subject) if value]
    return found


def xlsx_texts(content: bytes) -> list[tuple[str, str]]:
    workbook = load_workbook(io.BytesIO(content))
    found = []
    for sheet in workbook.worksheets:
        found.append(("XLSX sheet name", sheet.title))
        for kind in ("oddHeader", "oddFooter"):
            for place in ("left", "center", "right"):
                if text := getattr(getattr(sheet, kind), place).text:
                    found.append((f"XLSX {sheet.title} {kind}", text))
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    found.append((f"XLSX {sheet.title}!{cell.coordinate}", cell.value))
    return found


# --- what may be left ---------------------------------------------------------------------------------


# In a JSON record of what changed (the history's AuditEntry.changes), what people typed; the
# labels beside them are the application's, written in the language of whoever saved.
TYPED_KEYS = {"item", "old", "new"}


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [text for item in value for text in strings_in(item)]
    if isinstance(value, dict):
        return [text for key, item in value.items() if key in TYPED_KEYS or not isinstance(item, str)
                for text in strings_in(item)]
    return []


# Text fields the application writes, never people: codes (the workflow's statuses, the wizard's
# flow and step slugs, proposal keys, file formats, fingerprints) and the history's step titles.
APPLICATION_FIELDS = {"from_status", "to_status", "flow", "step", "prefix", "current_step", "source_key",
                      "snapshot_format", "sha256", "token", "step_title"}
CODE = re.compile(r"[a-z0-9_:/.-]+")  # "training", "buying_point", "regulation:1": a choice's code


def typed_by_people(case: StrategyCase) -> set[str]:
    """Every text the case's people typed: each text field of the case and of every record of every
    model with a ``case`` key (not fields with choices, nor those the application writes), each
    text of a JSON list that is not a code, and the members' names and addresses."""
    rows = [case]
    for model in case_scoped_models():
        rows += list(model.objects.filter(case=case))
    found = set()
    for row in rows:
        for field in row._meta.concrete_fields:
            if field.choices or field.name in APPLICATION_FIELDS:
                continue  # a code: shown through its (translated) label, or not shown
            value = field.value_from_object(row)
            if isinstance(field, models.CharField | models.TextField):
                found |= set(strings_in(value))
            elif isinstance(field, models.JSONField) and isinstance(value, list):
                found |= {text for text in strings_in(value) if not CODE.fullmatch(text)}
    for membership in Membership.objects.filter(case=case).select_related("user"):
        user = membership.user
        found |= {user.get_username(), user.get_full_name(), user.first_name, user.last_name, user.email}
    return {text for text in found if text and text.strip()}


def guidance_strings(language: str) -> set[str]:
    """The guidance of ``language`` as its files say it: titles, hints and each line of prose
    (the report's glossary annex is built from guidance/<lang>/glossary.md)."""
    found = set()
    for path in ROOT.glob(f"*/guidance/{language}/*.md"):
        found |= _guidance_file_strings(path)
    for path in ROOT.glob(f"*/*/guidance/{language}/*.md"):
        found |= _guidance_file_strings(path)
    return found


def _guidance_file_strings(path: Path) -> set[str]:
    raw = path.read_text(encoding="utf-8")
    found = set()
    if raw.startswith("---\n"):
        _start, front, raw = raw.split("---\n", 2)
        meta = yaml.safe_load(front) or {}
        found |= {str(meta.get("title", "")), str(meta.get("hint", ""))}
    for line in raw.splitlines():
        line = re.sub(r"^\s*(?:[-*]|\d+\.|#+)\s+", "", line)
        term = re.match(r"^\*\*(?P<term>[^*]+)\*\*:\s*(?P<text>.+)$", line)
        if term:
            found |= {term["term"], term["text"]}
        found.add(re.sub(r"\*\*|__|`", "", line))
    return {text.strip() for text in found if text.strip()}


def calendar_words(language: str) -> set[str]:
    """Month (and day) names Babel writes in dates: CLDR data, not catalogue entries."""
    found = set()
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated", "narrow"):
            found |= set(babel_dates.get_month_names(width, context, locale=language).values())
            found |= set(babel_dates.get_day_names(width, context, locale=language).values())
    found = {name.strip(".") for name in found}
    return found | {name.capitalize() for name in found}


def language_names() -> set[str]:
    """The language switch names each language in itself (Django's LANG_INFO, not a catalogue)."""
    return {LANG_INFO[code]["name_local"].capitalize() for code, _name in settings.LANGUAGES} | {
        LANG_INFO[code]["name_local"] for code, _name in settings.LANGUAGES}


def normal(text: str) -> str:
    """One space for any run of spaces (no-break ones included), none before French high punctuation."""
    text = re.sub(r"[\s\u00a0\u202f\u2009]+", " ", html.unescape(text))
    return re.sub(r" (?=[:;!?»])|(?<=«) ", "", text).strip()


def unmarked(text: str) -> str:
    """``text`` without its marked stretches (marks may nest: a translation filling another's
    placeholder). An unclosed mark runs to the end of the text."""
    out, depth = [], 0
    for char in text:
        if char == OPEN:
            depth += 1
            out.append(" ")
        elif char == CLOSE:
            depth = max(0, depth - 1)
            out.append(" ")
        elif depth == 0:
            out.append(char)
    return "".join(out)


CUT = OPEN + "…" + CLOSE  # what Django's truncatechars and truncatewords add (translated)


class Allowed:
    """What may be left of a text once its marked stretches are gone: what people typed (each line
    of it too; cut short where a page shortens it), guidance prose, calendar words, language names."""

    def __init__(self, case: StrategyCase, language: str):
        texts = typed_by_people(case) | guidance_strings(language)
        texts |= {line for text in texts for line in text.splitlines()}
        needles = sorted({normal(text) for text in texts} - {""}, key=len, reverse=True)  # longest first
        self._sorted = sorted(needles)
        self._texts = [(needle, re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")) for needle in needles]
        self._words = calendar_words(language) | language_names() | PROPER_NOUNS

    def _begins_a_needle(self, text: str) -> bool:
        index = bisect.bisect_left(self._sorted, text)
        return index < len(self._sorted) and self._sorted[index].startswith(text)

    def _without_cut_text(self, text: str, end: int, shortest: int = 1) -> str:
        """Take out the typed text cut short at ``end`` (the longest stretch before it that begins
        something someone typed, at least ``shortest`` characters)."""
        head = text[:end].rstrip()
        starts = [0] + [match.end() for match in re.finditer(r"[\s⟧]", head)]
        for start in starts:
            if len(head) - start >= shortest and self._begins_a_needle(head[start:]):
                return text[:start] + " " + text[end:]
        return text

    def leftover(self, text: str) -> str:
        text = URL.sub(" ", normal(text))
        while CUT in text:
            end = text.index(CUT)
            text = self._without_cut_text(text, end).replace(CUT, " ", 1)
        text = self._without_cut_text(text, len(text), shortest=30)  # a choice's label cut short, no "…"
        for needle, pattern in self._texts:
            if needle in text:
                text = pattern.sub(" ", text)
        text = normal(unmarked(text))
        return " ".join(word for word in text.split(" ") if not (set(WORD.findall(word)) <= self._words))


def leaks(allowed: Allowed, where: str, texts: list[str]) -> list[str]:
    """Each text of ``texts`` with words left: what is left, and where it stands in the text."""
    found = []
    for text in texts:
        rest = allowed.leftover(text)
        words = WORD.findall(rest)
        if words:
            shown = normal(text)
            at = max(0, shown.find(words[0]) - 60)
            found.append(f"{where}: {rest!r}   (in {'…' if at else ''}{shown[at:at + 200]!r})")
    return found


# --- the case -----------------------------------------------------------------------------------------


def lines_of(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


@pytest.fixture
def french_or_spanish_demo(demo, language, django_capture_on_commit_callbacks):
    """The demo in the language under test, with a revision, a comment thread and a workflow history."""
    demo.report_language = language
    demo.save()
    owner = Membership.objects.get(case=demo, role="owner").user
    with translation.override(language), django_capture_on_commit_callbacks(execute=True):
        make_transition(case=demo, user=owner, name=Transition.SUBMIT)
        make_transition(case=demo, user=owner, name=Transition.REQUEST_CHANGES, reason="Cost the zones.")
    part = registry.parts[0]
    Comment.objects.create(case=demo, flow=part.flow.name, step=part.flow.steps[0].slug, body="Check the list.",
                           author=owner)
    demo.refresh_from_db()
    return demo


def fetch(client, url: str, language: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Language"] == language, url
    return page_text(response.content.decode())


def test_no_interface_string_leaks_into_a_case_in_the_readers_language(
        french_or_spanish_demo, language, client_for, django_capture_on_commit_callbacks):
    started = time.perf_counter()
    case = french_or_spanish_demo
    owner = Membership.objects.get(case=case, role="owner").user
    client = client_for(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    shown: list[tuple[str, str]] = []  # (where, text)

    # A draft: a saved change (the history lists it, the next page says it was saved) and a step
    # sent back with errors, then one page of each type.
    step = registry.parts[0].flow.steps[0]
    url = registry.parts[0].flow.step_url(step, case)
    version = re.search(r'name="step_version" value="(-?\d+)"', client.get(url).content.decode())[1]
    data = {**valid_post(step, case), "step_version": version, "action": "continue"}
    text_field = next(key for key, value in data.items() if isinstance(value, str) and " " in value)
    data[text_field] += " (acting)"
    assert client.post(url, data).status_code == 302
    response = client.post(url, {"action": "continue", "step_version": str(int(version) + 1)})
    assert response.status_code == 200 and response.context["error_items"], "the empty answer was accepted"
    shown.append((f"{url} (sent back with errors)", page_text(response.content.decode())))
    pages = [url for name, url in case_pages(case).items() if name.split("/")[0] not in NOT_PAGES]
    pages += [reverse("review:compare", args=[case.pk]) + "?old=1&new=current", reverse("cases:dashboard"),
              reverse("cases:create"), reverse("review:my-comments")]
    shown += [(url, fetch(client, url, language)) for url in pages]
    draft = build_report(case)
    draft_outputs = [(f"draft {where}", text) for where, text in docx_texts(render_docx(draft))]

    # Approved: the approval block, read-only pages; the report's outputs.
    case.approval_by_other_member = False  # the case's only owner approves what they submitted
    case.save(update_fields=["approval_by_other_member"])
    with translation.override(language), django_capture_on_commit_callbacks(execute=True):
        make_transition(case=case, user=owner, name=Transition.SUBMIT)
        make_transition(case=case, user=owner, name=Transition.APPROVE)
    flow = registry.parts[-1].flow
    approved = [reverse(name, args=[case.pk]) for name in ("cases:task-list", "review:status", "review:revisions",
                                                            "reports:preview")]
    for url in [*approved, flow.step_url(flow.steps[0], case)]:
        shown.append((f"{url} (approved)", fetch(client, url, language)))
    report = build_report(case)
    assert report.approval is not None
    pdf, _seconds = render_pdf(report)  # the slow part (about 10 s): once per language
    outputs = [*pdf_texts(pdf), *docx_texts(render_docx(report)), *xlsx_texts(render_xlsx(report)), *draft_outputs]
    assert mail.outbox, "the workflow sent no e-mail to check"
    for message in mail.outbox:
        outputs += [(f"e-mail {message.subject!r}", text) for text in [message.subject, *lines_of(message.body)]]

    allowed = Allowed(case, language)
    found: list[str] = []
    for where, text in shown:
        found += leaks(allowed, where, lines_of(text))
    for where, text in outputs:
        found += leaks(allowed, where, [text])
    print(f"{language}: {len(shown)} pages, the report's outputs (draft and approved) and {len(mail.outbox)} "
          f"e-mails checked in {time.perf_counter() - started:.1f} s")
    assert found == [], f"{len(found)} untranslated fragments ({language}):\n" + "\n".join(found)

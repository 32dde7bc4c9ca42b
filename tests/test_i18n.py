"""French and Spanish: complete catalogues, guidance for every page, a language switch, and
the report in the case's report language whatever the reader's interface language."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import yaml
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from asm_guide.content import guidance_dir, guidance_for
from asm_guide.guide.contents import PART, table_of_contents
from asm_guide.reports.context import SECTIONS, build_report
from asm_guide.reports.docx import render_docx
from asm_guide.reports.pdf import render_pdf
from asm_guide.reports.xlsx import render_xlsx
from setup_phase.steps import FLOW

ROOT = Path(settings.BASE_DIR)
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")
HEADING = re.compile(r"^(#+) ", re.MULTILINE)


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def guidance_pages() -> list[tuple[str, str]]:
    """Every (app label, slug) a user can open: each step's guidance, the guide's reference pages
    (both from the guide's table of contents, itself built from the step registry), the glossary."""
    pages = {(entry.app_label, entry.guidance_slug) for entry in table_of_contents() if entry.kind != PART}
    return sorted(pages | {("reports", "glossary")})


# --- catalogues ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry_and_keeps_placeholders(language):
    po = catalogue(language)
    assert len(po) > 1000
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    for entry in po.translated_entries():
        for original, translated in [(entry.msgid, entry.msgstr)] if not entry.msgid_plural else [
            (entry.msgid_plural, text) for text in entry.msgstr_plural.values()
        ]:
            assert set(PLACEHOLDER.findall(translated)) <= set(PLACEHOLDER.findall(entry.msgid + original)), entry.msgid
            assert translated.strip(), entry.msgid


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    """The committed .mo is what the .po compiles to (run `make messages` after editing a .po)."""
    po = catalogue(language)
    mo = polib.mofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo if e.msgid}
    source = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
              for e in po.translated_entries()}
    assert compiled == source


def test_every_string_in_the_code_and_templates_is_in_the_catalogues(tmp_path):
    """Re-extract the strings from a copy of the source: nothing new, untranslated or fuzzy appears."""
    if shutil.which("xgettext") is None:  # fail, never skip: a missing tool must not hide a missing string
        pytest.fail("xgettext is missing: run `make test`, which installs gettext")
    for name in ("asm_guide", "setup_phase", "strategy", "implementation", "templates", "static", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    command = [sys.executable, "manage.py", "makemessages", "--no-location", "--no-obsolete",
               *[f"--locale={language}" for language in OTHER_LANGUAGES]]
    subprocess.run(command, cwd=tmp_path, check=True, capture_output=True,  # noqa: S603 - fixed arguments
                   env={**os.environ, "DEBUG": "1"})
    for language in OTHER_LANGUAGES:
        extracted = polib.pofile(str(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po"))
        missing = [e.msgid for e in extracted.untranslated_entries() + extracted.fuzzy_entries()]
        assert missing == [], f"{language}: {len(missing)} strings need translating (run `make messages`)"
        assert {e.msgid for e in extracted} == {e.msgid for e in catalogue(language)}


# --- guidance -----------------------------------------------------------------------------------------


def test_the_guidance_pages_cover_every_step_of_every_part():
    pages = guidance_pages()
    assert len(pages) >= 25
    assert ("strategy", "feasibility") in pages and ("guide", "decision-aid") in pages


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
@pytest.mark.parametrize(("app_label", "slug"), guidance_pages())
def test_every_guidance_page_exists_in_each_language_with_the_english_structure(language, app_label, slug):
    english = guidance_for(app_label, slug, language="en")
    found = guidance_for(app_label, slug, language=language)
    assert not found.is_fallback, f"missing {guidance_dir(app_label, language) / slug}.md"
    assert found.title and found.title != english.title
    assert found.hint != english.hint or not english.hint
    assert HEADING.findall(found.text) == HEADING.findall(english.text)
    table_rows = [line for line in found.text.splitlines() if line.startswith("|")]
    assert len(table_rows) == len([line for line in english.text.splitlines() if line.startswith("|")])
    assert re.findall(r"\]\(([^)]+)\)", found.text) == re.findall(r"\]\(([^)]+)\)", english.text)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_guidance_file_exists_only_in_a_translation(language):
    """A file renamed in English must be renamed in each translation too."""
    for english in ROOT.glob("**/guidance/en/*.md"):
        if ".venv" in english.parts:
            continue
        assert (english.parent.parent / language / english.name).is_file(), english
    for translated in ROOT.glob(f"**/guidance/{language}/*.md"):
        if ".venv" in translated.parts:
            continue
        assert (translated.parent.parent / "en" / translated.name).is_file(), translated
        front = translated.read_text(encoding="utf-8").split("---\n", 2)[1]
        assert yaml.safe_load(front)["title"]


def test_the_decision_aid_says_it_is_this_tools_aid_in_every_language():
    for language, phrase in (("en", "this tool"), ("fr", "cet outil"), ("es", "esta herramienta")):
        assert phrase in guidance_for("guide", "decision-aid", language=language).text.lower()
        assert phrase in guidance_for("strategy", "feasibility", language=language).text.lower()


# --- pages --------------------------------------------------------------------------------------------


def test_the_language_switch_is_in_the_header_on_every_page_and_changes_the_language(client, owner_client, case):
    response = client.get(reverse("home"))
    html = response.content.decode()
    header = html[html.index("<header"):html.index("</header>")]
    assert 'class="language-switch"' in header
    assert 'lang="fr">Français</button>' in header and 'lang="es">Español</button>' in header

    task_list = reverse("cases:task-list", args=[case.pk])
    response = owner_client.post(reverse("set_language"), {"language": "fr", "next": task_list})
    assert response.status_code == 302 and response["Location"] == task_list
    html = owner_client.get(task_list).content.decode()
    assert '<html lang="fr">' in html
    with translation.override("fr"):
        assert escape(translation.gettext("Form a government ASM task force")) in html
    assert "Mise en place" in html and 'aria-current="true">Français</span>' in html


def test_a_step_page_in_spanish_shows_spanish_labels_guidance_and_errors(owner_client, case):
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    url = FLOW.step_url(FLOW.steps[0], case)
    html = owner_client.post(url, {"action": "continue"}).content.decode()
    assert '<html lang="es">' in html
    assert "Hay un problema" in html
    assert escape(guidance_for("setup_phase", FLOW.steps[0].guidance_slug, language="es").hint) in html


# --- reports ------------------------------------------------------------------------------------------


@pytest.fixture
def french_demo(demo):
    demo.report_language = "fr"
    demo.save(update_fields=["report_language"])
    return demo


def french(text) -> str:
    """``text`` (an English message or a lazy translation) in French."""
    with translation.override("fr"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_pdf_of_a_french_case_has_french_headings_whatever_the_interface_language(french_demo):
    with translation.override("en"):
        pdf, _seconds = render_pdf(build_report(french_demo))
    reader = PdfReader(io.BytesIO(pdf))
    pages = [flat(page.extract_text()) for page in reader.pages]
    text = " ".join(pages)
    nap = french_demo.is_minamata_party and french_demo.asgm_more_than_insignificant
    for spec in SECTIONS:
        if spec.when != "nap" or nap:
            assert flat(french(spec.title)) in text, french(spec.title)
    assert "Executive summary" not in text and "Budget and financing" not in text
    assert flat(french("Contents")) in text and "BROUILLON" in text
    assert pages[1].rstrip().endswith(f"Page 2 sur {len(pages)}") and " of " not in pages[-1][-20:]
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_docx_and_xlsx_of_a_french_case_have_french_headings(french_demo):
    with translation.override("es"):
        report = build_report(french_demo)
        document = Document(io.BytesIO(render_docx(report)))
        workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert french("Executive summary") in " ".join(headings)
    assert not any("Executive summary" in heading for heading in headings)
    assert french("Action plan") in workbook.sheetnames and "Action plan" not in workbook.sheetnames


def test_the_preview_shows_the_report_in_its_language_and_the_page_in_the_readers(french_demo, demo_owner_client):
    html = demo_owner_client.get(reverse("reports:preview", args=[french_demo.pk])).content.decode()
    assert '<html lang="en">' in html
    assert '<div lang="fr">' in html and escape(french("Executive summary")) in html
    assert "The report is written in the case's report language: French." in html

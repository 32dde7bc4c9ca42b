"""A report a minister signs: numbering, data gaps, figures in the report language, the
executive summary in prose, text that fits each approach, no filler rows, the approval block
and one naming rule for downloads."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document
from pypdf import PdfReader

from asm_guide import l10n
from asm_guide.cases.models import Membership
from asm_guide.reports.blocks import Facts
from asm_guide.reports.context import build_report, download_name, section_numbers
from asm_guide.reports.docx import render_docx
from asm_guide.reports.pdf import render_pdf
from asm_guide.review import workflow
from setup_phase import models as s1
from strategy import models as s2

pytestmark = pytest.mark.django_db
NNBSP, NBSP = "\u202f", "\u00a0"


def texts(report) -> str:
    """Every string of every block of the report, one per line, in the report's language."""
    with translation.override(report.language):
        return _texts(report)


def _texts(report) -> str:
    lines = []
    for section in report.sections:
        lines.append(section.heading)
        for contribution in section.contributions:
            for block in contribution.blocks:
                lines += [str(getattr(block, "text", ""))]
                for item in getattr(block, "items", ()) or ():
                    lines += [str(part) for part in (item if isinstance(item, tuple) else (item,))]
                for row in getattr(block, "rows", ()) or ():
                    lines += [str(cell) for cell in row]
                lines.append(str(getattr(block, "missing_line", "")))
    return "\n".join(lines)


# --- numbering ---------------------------------------------------------------------------------


def test_chapters_run_from_1_and_annexes_are_lettered_without_a_gap(case):
    assert not case.is_minamata_party
    report = build_report(case)
    chapters = [s.number for s in report.sections if not s.spec.annex]
    annexes = [s.number for s in report.sections if s.spec.annex]
    assert chapters == [str(n) for n in range(1, len(chapters) + 1)]
    assert annexes == ["A", "B", "C", "D", "E"], "no Annex E (NAP): the glossary is Annex E, not F"
    assert report.sections[-1].heading == "Annex E: Glossary and sources"
    assert report.sections[0].heading == "1. Executive summary"


def test_a_minamata_party_gets_the_nap_annex_and_the_glossary_moves_to_f(demo):
    numbers = section_numbers(demo)
    assert numbers["annex_e"] == "E" and numbers["annex_f"] == "F" and numbers["substrategies"] == "6"
    text = texts(build_report(demo))
    assert "\n6.1 " in text and "\n6.1.2 Feasibility assessment" in text
    assert not re.search(r"^7\.1 ", text, re.M), "no chapter keeps the old 7.x numbering"


# --- data gaps ---------------------------------------------------------------------------------


def gap_lines(report) -> list[str]:
    sector = next(s for s in report.sections if s.key == "sector")
    blocks = [b for c in sector.contributions for b in c.blocks]
    index = next(i for i, b in enumerate(blocks) if getattr(b, "text", "") == "Data gaps and uncertainty")
    return list(blocks[index + 1].items)


def test_data_gaps_leave_out_validated_studies_with_findings(demo):
    studies = {s.research_type: s for s in s1.ResearchStudy.objects.filter(case=demo)}
    with_findings = set(s1.ResearchFinding.objects.filter(case=demo).values_list("study__research_type", flat=True))
    lines = gap_lines(build_report(demo))
    for code, study in studies.items():
        label = str(s1.ResearchType(code).label)
        mentioned = any(line.startswith(label) for line in lines)
        if study.status in s1.DONE_STATUSES and code in with_findings:
            assert not mentioned, (code, lines)
        else:
            assert mentioned, (code, study.status, lines)


def test_a_validated_study_without_findings_and_a_deferred_one_are_gaps(case):
    s1.ResearchStudy.objects.create(case=case, research_type="R2", status=s1.StudyStatus.VALIDATED)
    s1.ResearchStudy.objects.create(case=case, research_type="R7", status=s1.StudyStatus.DEFERRED,
                                    deferred_reason="no budget this year")
    done = s1.ResearchStudy.objects.create(case=case, research_type="R1", status=s1.StudyStatus.VALIDATED)
    s1.ResearchFinding.objects.create(case=case, study=done, topic="miners_total", value=Decimal(1000),
                                      unit="people", text="About 1,000 miners.")
    lines = gap_lines(build_report(case))
    assert not any(line.startswith("R1 ") for line in lines)
    assert "R2 Government capacity assessment: validated, but no finding is recorded yet." in lines
    assert "R7 Geological and land-use mapping: Deferred (no budget this year)." in lines
    assert "R3 Industry assessment: no recent information and no study." in lines


# --- figures in the report language ---------------------------------------------------------------


@pytest.fixture
def french_demo(demo):
    demo.report_language = "fr"
    demo.save()
    return demo


def test_a_french_report_writes_figures_the_french_way(french_demo):
    report = build_report(french_demo)
    text = texts(report)
    with translation.override("fr"):
        total = l10n.money(Decimal(17_600_000), french_demo.currency)
    assert total == f"17{NNBSP}600{NNBSP}000{NBSP}USD"
    assert total in text
    assert re.search(r"\bT[1-4] 20\d\d – T[1-4] 20\d\d\b", text), "quarters as T1 2027"
    assert not re.search(r"\b20\d\d Q[1-4]\b|\bQ[1-4] 20\d\d\b", text)
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), "no ISO dates in a French report"
    subtype = s2.Subtype.objects.filter(case=french_demo, est_miners__gte=1000).order_by("pk").first()
    with translation.override("fr"):
        miners = l10n.number(subtype.est_miners)
    assert NNBSP in miners and miners in text, "French groups thousands with a narrow no-break space"
    from asm_guide.wizard.registry import StepContext
    from implementation import rules

    budget = rules.budget(StepContext(french_demo))
    with translation.override("fr"):
        share = l10n.percent(budget.gap / budget.total)
    assert share.endswith(f"{NBSP}%") and share in text, "French puts a no-break space before %"
    assert "Objectifs et cibles" in text or "6.1.1 " in text


def test_english_figures_stay_english(demo):
    text = texts(build_report(demo))
    assert f"USD{NBSP}17,600,000" in text
    assert re.search(r"\bQ[1-4] 20\d\d – Q[1-4] 20\d\d\b", text)


# --- executive summary ------------------------------------------------------------------------


def summary_paragraphs(report) -> list[str]:
    summary = next(s for s in report.sections if s.key == "summary")
    return [b.text for c in summary.contributions for b in c.blocks if b.kind == "paragraph"]


def test_the_executive_summary_is_prose_from_the_answers(demo):
    paragraphs = summary_paragraphs(build_report(demo))
    text = " ".join(paragraphs)
    subtypes = list(s2.Subtype.objects.filter(case=demo))
    assert f"divides the sector into {len(subtypes)} subtypes" in text
    for subtype in subtypes:
        assert subtype.name in text
    assert "About 168,000 people work directly in ASM." in text, "the sector's size and its source"
    assert "R1 Scoping study" in text
    assert "The implementation plan has" in text and "is not funded yet" in text
    assert "Party to the Minamata Convention" in text and "Annex E" in text
    assert "target:" in text, "the top objectives with their targets"


def test_summary_plural_forms_follow_the_count(case):
    subtype = s2.Subtype.objects.create(case=case, name="Only gold", scale="artisanal", activity="mining",
                                        est_miners=1)
    s2.SubStrategy.objects.create(case=case, subtype=subtype, approach=s2.Approach.ZONES)
    text = " ".join(summary_paragraphs(build_report(case)))
    assert "divides the sector into 1 subtype, with its own approach" in text
    assert "About 1 person works" in text
    assert "not recorded as a Party to the Minamata Convention" in text


def test_french_summary_uses_french_plurals_and_typography(french_demo):
    text = " ".join(summary_paragraphs(build_report(french_demo)))
    assert "sous-types" in text or "sous-type" in text, text[:300]
    assert re.search(r"[^\s\u00a0\u202f][:;!?]", text) is None, "a no-break space before : ; ! ? in French"


# --- text that fits each approach, no filler rows ------------------------------------------------


def chapter_of(report, name: str) -> str:
    text = texts(report)
    start = text.index(f" {name}\n")
    end = text.find("\n6.", start + len(name) + 10)
    following = [m.start() for m in re.finditer(r"^6\.\d+ ", text[start + 5:], re.M)]
    end = start + 5 + following[0] if following else len(text)
    return text[start:end]


def test_preconditions_first_does_not_read_as_planned_regulation(case):
    subtype = s2.Subtype.objects.create(case=case, name="Conflict gold", scale="artisanal", activity="mining")
    s2.SubStrategy.objects.create(case=case, subtype=subtype, approach=s2.Approach.PRECONDITIONS,
                                  risks="Armed groups control some sites.")
    s2.AssistanceProgram.objects.create(case=case, subtype=subtype, title="Basic health services",
                                        program_type=s2.AssistanceProgram._meta.get_field("program_type").choices[0][0])
    chapter = chapter_of(build_report(case), "Conflict gold")
    assert "Preconditions first" in chapter
    assert "cannot yet feasibly license" in chapter
    assert "planned in the implementation plan" not in chapter
    assert "Regulations, zones and the market-access scheme" not in chapter
    assert "not used as leverage" in chapter


def test_empty_fields_make_one_missing_line_not_filler_rows():
    facts = Facts([("Chair", ""), ("Secretariat", None), ("Legal instrument", "Order 14")])
    assert facts.items == [("Legal instrument", "Order 14")]
    assert facts.missing_line == "Not recorded yet: Chair and Secretariat."
    with translation.override("fr"):
        assert Facts([("A", ""), ("B", "")]).missing_line.startswith("Pas encore renseigné")


def test_the_pdf_has_no_filler_rows(demo):
    pdf, _seconds = render_pdf(build_report(demo))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Not provided" not in text and "Not recorded\n" not in text


# --- approval block and download names -------------------------------------------------------------


def approve(case, user):
    case.approval_by_other_member = False  # the demo's only owner approves what they submitted
    case.save(update_fields=["approval_by_other_member"])
    workflow.make_transition(case=case, user=user, name="submit")
    workflow.make_transition(case=case, user=user, name="approve")
    case.refresh_from_db()


def test_an_approved_report_has_an_approval_block_and_a_draft_has_none(demo, django_capture_on_commit_callbacks):
    assert build_report(demo).approval is None
    owner = Membership.objects.get(case=demo, role="owner").user
    owner.first_name, owner.last_name = "Amara", "Okafor"
    owner.save()
    with django_capture_on_commit_callbacks(execute=False):
        approve(demo, owner)
    report = build_report(demo)
    approval = report.approval
    assert (approval.name, approval.role, approval.version, approval.revision) == ("Amara Okafor", "Owner", 1, 2)
    assert approval.date == date.today()
    pdf, _seconds = render_pdf(report)
    cover = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Approved by" in cover and "Amara Okafor" in cover and "Revision" in cover
    assert "1 (revision 2)" in cover
    document = Document(io.BytesIO(render_docx(report)))
    words = " ".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Approved by" in words and "Amara Okafor" in words


def test_download_names_follow_one_rule_without_ids(demo, demo_owner_client, django_capture_on_commit_callbacks):
    response = demo_owner_client.get(reverse("reports:docx", args=[demo.pk]))
    name = re.search(r'filename="([^"]+)"', response["Content-Disposition"])[1]
    assert name == "republic-of-lumeria-national-asm-management-strategy-20262030-version-1-draft.docx"
    assert f"-v{demo.pk}" not in name
    demo.report_language = "fr"
    demo.save()
    response = demo_owner_client.get(reverse("reports:xlsx", args=[demo.pk]))
    french = re.search(r'filename="([^"]+)"', response["Content-Disposition"])[1]
    assert french.endswith("-version-1-brouillon.xlsx"), french
    owner = Membership.objects.get(case=demo, role="owner").user
    with django_capture_on_commit_callbacks(execute=False):
        approve(demo, owner)
    with translation.override("fr"):
        approved = download_name(build_report(demo), "pdf")
    assert approved.endswith("-version-1-revision-2.pdf"), approved


# --- French typography across generated text and the page footer ----------------------------------


def test_every_generated_paragraph_of_a_french_report_has_french_typography(french_demo):
    """Sentences joined from pieces ("7 études …" + "; 6 ont été validées …") included."""
    report = build_report(french_demo)
    paragraphs = [str(block.text) for section in report.sections for contribution in section.contributions
                  for block in contribution.blocks if getattr(block, "kind", "") in ("paragraph", "note")]
    research = [text for text in paragraphs if "ont été validées" in text]
    assert research, "Part 1's research sentence is in the report"
    bad = [text for text in paragraphs if re.search(r"[^\s\u00a0\u202f][;!?]|[^\s\u00a0\u202f\d]:(?!//)", text)]
    assert not bad, bad[:3]


def test_the_pdf_footer_reads_page_x_of_y_on_one_line(french_demo):
    pdf = PdfReader(io.BytesIO(render_pdf(build_report(french_demo))[0]))
    total = len(pdf.pages)
    footer = pdf.pages[4].extract_text().strip().splitlines()[-1]
    assert footer.strip() == f"Page 5 sur {total}"


def test_the_reason_for_another_approach_is_asked_only_of_an_override(case):
    subtype = s2.Subtype.make_for_tests(case)
    s2.FeasibilityAssessment.objects.create(case=case, subtype=subtype, **{c: "yes" for c in (
        "f1", "f2", "f3", "f4", "f5", "f6", "f7", "z", "m")})
    sub = s2.SubStrategy.objects.create(case=case, subtype=subtype, approach="license_regulate",
                                        approach_recommended="license_regulate")
    assert "Why another approach was chosen" not in texts(build_report(case))
    sub.approach = "zones"
    sub.save()
    assert "Not recorded yet: Why another approach was chosen." in texts(build_report(case))

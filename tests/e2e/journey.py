"""What a person does in the browser, one helper per task: sign in, create a case, fill each part
through its real forms and buttons, check answers, manage members, comment, review and export.

Every helper works with and without JavaScript (every button posts a real form). Helpers assert
what the person would see after each action with ``expect()``, which waits for the page; nothing
sleeps. The database is only read, never written, by these helpers.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from asm_guide.cases.models import StrategyCase
from setup_phase import models as setup
from tests.factories import PASSWORD

# The answers of the journey, named so that tests can look for them later (in the PDF, say).
COUNTRY = "Testland"
TIN = "Highlands tin cooperatives"
GOLD = "Riverlands alluvial gold"
TIN_PROGRAMME = "Equipment leasing for tin cooperatives"
GOLD_PROGRAMME = "Mercury-free processing demonstrations"
OVERRIDE_REASON = "A regional office opens in the Riverlands in 2026 and its inspectors can reach every site"
REGULATION = "Regional artisanal permits"
TRAINING = "Safe pit design for Riverlands miners"
ACTION = "Train 400 Riverlands miners in safe pit design"
OBJECTIVE = "Bring ASM operations into the licensing system"


# --- signing in, cases, members ----------------------------------------------------------------------


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My cases")).to_be_visible()


def create_case(page: Page, base: str, title: str) -> StrategyCase:
    page.get_by_role("link", name="Create a case").click()
    page.get_by_label("Country").fill(COUNTRY)
    page.get_by_label("Title").fill(title)
    page.get_by_label("Lead ministry").fill("Ministry of Mines")
    page.get_by_label("Strategy start year").fill("2026")
    page.get_by_role("button", name="Create the case").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    return StrategyCase.objects.get(title=title)


def open_task_list(page: Page, case: StrategyCase) -> None:
    """Back to the case's home from anywhere, through the header and the dashboard."""
    page.get_by_role("link", name="My cases").click()
    page.get_by_role("link", name=case.title).click()
    expect(page.get_by_role("heading", name=case.title, level=1)).to_be_visible()


def open_subtype_step(page: Page, subtype: str, step: str) -> None:
    """On the task list, a per-subtype step sits under its subtype's heading."""
    group = page.locator("h3", has_text=subtype).locator("xpath=following-sibling::ul[1]")
    group.get_by_role("link", name=step).click()
    expect(page.get_by_role("heading", name=step, level=1)).to_be_visible()
    expect(page.locator(".caption").first).to_contain_text(subtype)


def save_and_continue(page: Page, next_heading: str | re.Pattern) -> None:
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name=next_heading, level=1)).to_be_visible()


def expect_error(page: Page, message: str) -> None:
    """The error summary is shown, the title says so, and its link names the problem."""
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.title().startswith("Error:"), page.title()
    expect(page.locator(".error-summary").get_by_role("link", name=message)).to_be_visible()


def mark_part_complete(page: Page, part_title: str) -> None:
    expect(page.get_by_role("heading", name=f"Check your answers: {part_title}")).to_be_visible()
    page.get_by_role("button", name="Mark this part as complete").click()
    expect(page.get_by_text(f"{part_title} is marked as complete.")).to_be_visible()


def add_member(page: Page, case: StrategyCase, username: str, role: str) -> None:
    open_task_list(page, case)
    page.locator(".case-links").get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", name="Members", level=1)).to_be_visible()
    page.get_by_label("Username or e-mail address").fill(username)
    page.get_by_label(role, exact=True).check()
    page.get_by_role("button", name="Add member").click()
    expect(page.get_by_text(f"{username} was added.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(rf"{username}.*{role}"))).to_be_visible()


# --- Part 1 ------------------------------------------------------------------------------------------


def fill_part_one(page: Page, case: StrategyCase) -> None:
    page.get_by_role("link", name="Form a government ASM task force").click()
    # An error first: the summary appears, focus can reach it, nothing typed is lost.
    page.get_by_label("Legal instrument").fill("Decree 7/2026")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.title().startswith("Error:")
    expect(page.get_by_label("Legal instrument")).to_have_value("Decree 7/2026")
    page.get_by_role("link", name="Enter who chairs the task force").click()
    page.get_by_label("Chair", exact=True).fill("Permanent Secretary")
    page.get_by_label("Secretariat").fill("ASM Directorate")
    page.get_by_label("Monthly").check()
    page.get_by_label("Consensus", exact=True).check()
    page.get_by_label("Terms of reference").fill("Coordinate the strategy.")
    page.locator("#id_members-0-institution").fill("Ministry of Mines")
    page.locator("#id_members-0-institution_type").select_option("mines")
    page.get_by_role("button", name="Add another member").click()
    expect(page.locator("#id_members-0-institution")).to_have_value("Ministry of Mines")
    page.locator("#id_members-1-institution").fill("Environment Agency")
    page.locator("#id_members-1-institution_type").select_option("environment")
    save_and_continue(page, "Collect existing information")
    assert setup.TaskForceMember.objects.filter(case=case).count() == 2

    # The regions are named once here; findings and subtypes pick them from this list.
    page.locator("#id_regions-0-name").fill("Highlands")
    page.get_by_role("button", name="Add another region").click()
    expect(page.locator("#id_regions-0-name")).to_have_value("Highlands")
    page.locator("#id_regions-1-name").fill("Riverlands")
    page.locator("#id_items-0-title").fill("Scoping report 2024")
    page.locator("#id_items-0-kind").select_option("study")
    page.locator("#id_items-0-year").fill("2024")
    page.locator("#id_items-0-reliability_0").check()
    page.locator("#id_items-0-covers_research_types_0").check()
    save_and_continue(page, "Engage partners")

    page.locator("#id_partners-0-name").fill("Development Bank")
    page.locator("#id_partners-0-partner_type").select_option("multilateral")
    save_and_continue(page, "Convene a consultation forum")

    page.get_by_label("Terms of reference").fill("Advise the task force.")
    page.get_by_label("Advisory only").check()
    page.get_by_label("How members are selected").fill("Elected by associations")
    page.locator("#id_members-0-stakeholder_group").select_option("miners")
    page.locator("#id_members-0-organisation").fill("Miners' association")
    page.locator("#id_members-0-gender").select_option("woman")
    page.locator("#id_meetings-0-date").fill("2026-02-01")
    page.locator("#id_meetings-0-place").fill("Capital")
    page.locator("#id_meetings-0-informed_step").select_option("research")
    page.locator("#id_meetings-0-attendance_total").fill("20")
    page.locator("#id_meetings-0-attendance_women").fill("8")
    save_and_continue(page, "Commission research")

    for index in range(7):
        page.locator(f"#id_studies-{index}-status").select_option("validated" if index == 1 else "covered")
    page.locator("#id_studies-1-funder").select_option(label="Development Bank")
    save_and_continue(page, "Record research findings")

    page.locator("#id_findings-0-study").select_option(index=2)
    page.locator("#id_findings-0-topic").select_option("inspectors")
    page.locator("#id_findings-0-value").fill("22")
    page.locator("#id_findings-0-unit").fill("inspectors")
    page.locator("#id_findings-0-text").fill("22 inspectors for about 2,100 sites")
    page.get_by_role("button", name="Save and continue").click()

    mark_part_complete(page, "Part 1: Set-up")


# --- Part 2 ------------------------------------------------------------------------------------------


def fill_vision_and_objectives(page: Page) -> None:
    page.get_by_role("link", name="Form a vision").click()
    expect(page.get_by_role("heading", name="Form a vision", level=1)).to_be_visible()
    page.get_by_label("Vision statement").fill(
        "By 2035 artisanal miners work legally, safely and without mercury, and earn a fair price.")
    page.get_by_label("Horizon year").fill("2035")
    page.get_by_label("Transform ASM into formal small enterprises").check()
    save_and_continue(page, "Set strategic objectives and indicators")

    page.locator("#id_objectives-0-title").fill(OBJECTIVE)
    page.locator("#id_objectives-0-goal_area").select_option("formalisation")
    page.locator("#id_objectives-0-indicator").fill("Licensed ASM operations")
    page.locator("#id_objectives-0-unit").fill("operations")
    page.locator("#id_objectives-0-baseline_value").fill("450")
    page.locator("#id_objectives-0-baseline_year").fill("2025")
    page.locator("#id_objectives-0-target_value").fill("2500")
    page.locator("#id_objectives-0-target_date").fill("2030-12-31")
    page.locator("#id_objectives-0-frequency").select_option("annual")
    save_and_continue(page, "Divide ASM into subtypes")


def fill_subtypes(page: Page) -> None:
    """Two subtypes, the second added with "Add another subtype" (a real round trip)."""
    page.locator("#id_subtypes-0-name").fill(TIN)
    page.locator("#id_subtypes-0-minerals_1").check()  # tin
    page.locator("#id_subtypes-0-scale_1").check()  # small-scale
    page.locator("#id_subtypes-0-activity_0").check()  # mining
    page.locator("#id_subtypes-0-regions_0").check()  # Highlands (regions are listed by name)
    page.locator("#id_subtypes-0-mobility_0").check()  # permanent
    page.locator("#id_subtypes-0-est_miners").fill("6000")
    page.locator("#id_subtypes-0-findings_0").check()  # the inspectors finding
    page.get_by_role("button", name="Add another subtype").click()
    expect(page.locator("#id_subtypes-0-name")).to_have_value(TIN)  # nothing typed is lost
    page.locator("#id_subtypes-1-name").fill(GOLD)
    page.locator("#id_subtypes-1-minerals_0").check()  # gold
    page.locator("#id_subtypes-1-scale_0").check()  # micro or artisanal
    page.locator("#id_subtypes-1-activity_0").check()
    page.locator("#id_subtypes-1-regions_1").check()  # Riverlands
    page.locator("#id_subtypes-1-mobility_1").check()  # seasonal
    page.locator("#id_subtypes-1-est_miners").fill("40000")
    # The last step of the main flow leads to the part's check-answers page.
    save_and_continue(page, "Check your answers: Part 2: Strategy")


def fill_industrial_strategy(page: Page, *, programme: str, kind: str, budget: str = "") -> None:
    page.locator("#id_programs-0-program_type").select_option(kind)
    page.locator("#id_programs-0-title").fill(programme)
    page.locator("#id_programs-0-lead_institution").fill("Ministry of Mines")
    if budget:
        page.locator("#id_programs-0-partner").select_option(label="Development Bank")
        page.locator("#id_programs-0-budget").fill(budget)
        page.locator("#id_programs-0-funding_source").fill("Development Bank grant")
        page.locator("#id_programs-0-start_year").fill("2026")
        page.locator("#id_programs-0-end_year").fill("2028")
        page.locator("#id_programs-0-conditional").check()
        page.locator("#id_programs-0-condition").fill("Licensed cooperatives only")
    save_and_continue(page, "Assess feasibility")


def fill_feasibility(page: Page, answers: dict[str, str]) -> None:
    """``answers``: factor code -> yes / partly / no; F1 to F7 get a note of evidence each."""
    index = {"yes": 0, "partly": 1, "no": 2}
    for code, answer in answers.items():
        page.locator(f"#id_{code}_{index[answer]}").check()
        page.locator(f"#id_{code}_note").fill(f"Evidence for {code.upper()}: task force field visit, 2025")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Choose an approach to improving practices", level=1)).to_be_visible()


def choose_approach(page: Page, *, recommended: str, chosen: str, justification: str = "") -> None:
    """The decision aid's suggestion is shown; accepting it needs no reason, choosing another does."""
    expect(page.get_by_role("heading", name=f"Recommended: {recommended}")).to_be_visible()
    page.get_by_role("radio", name=re.compile(rf"^{re.escape(chosen)}")).check()
    if chosen != recommended:
        # Overriding without a reason is refused, with the choice kept.
        page.get_by_role("button", name="Save and continue").click()
        expect_error(page, f"Explain why you chose {chosen} instead of the recommended {recommended}")
        expect(page.get_by_role("radio", name=re.compile(rf"^{re.escape(chosen)}"))).to_be_checked()
        page.get_by_label("Why you chose another approach").fill(justification)
    save_and_continue(page, "Record risks and review triggers")


def fill_risks(page: Page, subtype: str) -> None:
    page.get_by_label("Risks", exact=True).fill(f"Elite capture of permits in the {subtype.split()[0]}")
    page.get_by_label("Mitigations").fill("Permits issued in public sessions, with the list published")
    page.get_by_label("What would move this subtype to a stronger approach").fill(
        "Half of the operations licensed at the mid-term review")
    # The last step of a subtype's flow returns to the task list.
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Part 2: Strategy", level=2)).to_be_visible()


def fill_part_two(page: Page, case: StrategyCase) -> None:
    fill_vision_and_objectives(page)
    fill_subtypes(page)
    open_task_list(page, case)

    open_subtype_step(page, TIN, "Plan the industrial strategy")
    fill_industrial_strategy(page, programme=TIN_PROGRAMME, kind="equipment", budget="500000")
    fill_feasibility(page, {"f1": "yes", "f2": "yes", "f3": "yes", "f4": "yes", "f5": "yes", "f6": "yes",
                            "f7": "yes", "m": "yes"})
    choose_approach(page, recommended="License and regulate", chosen="License and regulate")
    fill_risks(page, TIN)

    open_subtype_step(page, GOLD, "Plan the industrial strategy")
    fill_industrial_strategy(page, programme=GOLD_PROGRAMME, kind="training")
    fill_feasibility(page, {"f1": "no", "f2": "partly", "f3": "no", "f4": "yes", "f5": "partly", "f6": "yes",
                            "f7": "yes", "z": "yes", "m": "no"})
    choose_approach(page, recommended="ASM zones", chosen="License and regulate", justification=OVERRIDE_REASON)
    fill_risks(page, GOLD)

    page.get_by_role("link", name="Check answers: Part 2: Strategy").click()
    expect(page.get_by_text(OVERRIDE_REASON)).to_be_visible()
    mark_part_complete(page, "Part 2: Strategy")


# --- Part 3 ------------------------------------------------------------------------------------------


def fill_regulations(page: Page) -> None:
    page.get_by_role("link", name="Set regulations").click()
    expect(page.get_by_role("heading", name="Set regulations", level=1)).to_be_visible()
    page.locator("#id_regulations-0-title").fill(REGULATION)
    page.locator("#id_regulations-0-category").select_option("licensing")
    page.locator("#id_regulations-0-requirement").fill("Every operation holds a regional artisanal permit")
    page.locator("#id_regulations-0-subtypes_0").check()
    page.locator("#id_regulations-0-subtypes_1").check()
    page.locator("#id_regulations-0-status_1").check()  # adopted
    save_and_continue(page, "Adjust regulations")

    page.locator("#id_changes-0-regulation").select_option(label=REGULATION)
    page.locator("#id_changes-0-change_type_1").check()  # relax
    page.locator("#id_changes-0-review_date").fill("2027-07-01")
    page.locator("#id_changes-0-change").fill("No permit fee in the first year")
    page.locator("#id_changes-0-reason").fill("Uptake depends on a cheap entry")
    save_and_continue(page, "Add education and training")

    page.locator("#id_trainings-0-title").fill(TRAINING)
    page.locator("#id_trainings-0-audience_0").check()  # miners
    page.locator("#id_trainings-0-topic").select_option("safety")
    page.locator("#id_trainings-0-subtypes_1").check()
    page.locator("#id_trainings-0-start_year").fill("2027")
    save_and_continue(page, "Use assistance as leverage")


def fill_leverage_and_further(page: Page) -> None:
    # "Make conditional" adds a row filled in from the programme of Part 2.
    page.get_by_role("button", name=f"Make conditional {TIN_PROGRAMME}").click()
    row = page.locator("#list-leverage fieldset.item").last
    expect(row.get_by_label("Condition operators must meet")).to_have_value("Licensed cooperatives only")
    row.get_by_label("How compliance is checked").fill("Permit checked in the register before each lease")
    save_and_continue(page, "Add further assistance")

    page.locator("#id_further-0-title").fill("Credit for licensed tin cooperatives")
    page.locator("#id_further-0-program_type").select_option("credit_insurance")
    page.locator("#id_further-0-extension_0").check()  # a new type of assistance
    page.locator("#id_further-0-start_year").fill("2026")
    page.get_by_role("button", name="Save and continue").click()
    expect_error(page, "Further assistance starts after the first year of the strategy (2026)")
    expect(page.locator("#id_further-0-title")).to_have_value("Credit for licensed tin cooperatives")
    page.locator("#id_further-0-start_year").fill("2028")
    save_and_continue(page, "Plan, schedule and cost the actions")


def fill_action_plan(page: Page) -> None:
    """Add the training proposal to the plan (renamed), mark the other proposals as not needed."""
    proposal = f"Deliver “{TRAINING}”"
    page.locator(".proposal", has_text=proposal).get_by_role("button", name=re.compile("^Add to the plan")).click()
    row = page.locator("#list-actions fieldset.item").last
    expect(row.get_by_label("Title", exact=True)).to_have_value(TRAINING)
    row.get_by_label("Title", exact=True).fill(ACTION)
    row.get_by_label("Responsible institution").fill("Ministry of Mines")
    for item in page.locator(".proposal").all():
        if proposal not in item.inner_text():
            item.get_by_label(re.compile("^Not needed")).check()
    save_and_continue(page, "Monitor and evaluate")


def fill_monitoring(page: Page) -> None:
    # "Track" adds an indicator row filled in from the objective of Part 2.
    page.get_by_role("button", name=f"Track {OBJECTIVE}").click()
    expect(page.locator("#list-indicators fieldset.item").last.get_by_label("Indicator", exact=True)).to_have_value(
        "Licensed ASM operations")
    page.locator("#id_reviews-0-kind_0").check()  # annual
    page.locator("#id_reviews-0-date").fill("2027-12-15")
    page.locator("#id_reviews-0-status_0").check()  # planned
    page.get_by_role("button", name="Save and continue").click()


def fill_part_three(page: Page, case: StrategyCase) -> None:
    open_task_list(page, case)
    fill_regulations(page)
    fill_leverage_and_further(page)
    fill_action_plan(page)
    fill_monitoring(page)
    # The review just planned proposes one more action: the part cannot be complete yet, and the
    # check-answers page says what is missing, with a link back to the step.
    expect(page.get_by_role("heading", name="Check your answers: Part 3: Implementation")).to_be_visible()
    page.get_by_role("button", name="Mark this part as complete").click()
    expect(page.get_by_role("heading", name="This part cannot be marked complete yet")).to_be_visible()
    page.get_by_role("link", name=re.compile("proposed actions? (are|is) waiting")).click()
    expect(page.get_by_role("heading", name="Plan, schedule and cost the actions", level=1)).to_be_visible()
    page.locator(".proposal").get_by_label(re.compile("^Not needed")).check()
    page.get_by_role("button", name="Save and return to check answers").click()
    mark_part_complete(page, "Part 3: Implementation")


# --- review --------------------------------------------------------------------------------------------

COMMENT = "Say which office opens in the Riverlands, and when."


def reviewer_comments(page: Page, case: StrategyCase) -> None:
    """A reviewer reads a step (without being able to change it) and leaves a blocking comment."""
    open_task_list(page, case)
    open_subtype_step(page, GOLD, "Choose an approach to improving practices")
    expect(page.get_by_text("You can read this step but not change it.")).to_be_visible()
    expect(page.get_by_role("button", name="Save and continue")).to_have_count(0)
    panel = page.locator("#comments")
    panel.get_by_label("Comment", exact=True).fill(COMMENT)
    panel.get_by_label("This must be resolved before the case can be approved").check()
    panel.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("Your comment was added.")).to_be_visible()
    expect(page.locator("#comments").get_by_text(COMMENT)).to_be_visible()
    expect(page.locator("#comments").get_by_text("Blocks approval")).to_be_visible()


def reviewer_cannot_move_the_case(page: Page, case: StrategyCase) -> None:
    open_task_list(page, case)
    expect(page.locator(".case-links").get_by_role("link", name="Members")).to_have_count(0)
    page.locator(".case-links").get_by_role("link", name="Review and approval").click()
    expect(page.get_by_text("Only an owner of the case submits, approves")).to_be_visible()
    expect(page.get_by_role("button", name="Submit for review")).to_have_count(0)


def owner_resolves_comment(page: Page, case: StrategyCase) -> None:
    open_task_list(page, case)
    page.locator(".case-links").get_by_role("link", name="Comments").click()
    expect(page.get_by_role("heading", name="Comments", level=1)).to_be_visible()
    thread = page.locator("article.comment", has_text=COMMENT)
    expect(thread.get_by_text("Open", exact=True)).to_be_visible()
    thread.get_by_label(re.compile("^Reply")).fill("The Riverlands office opens in March 2026.")
    thread.get_by_role("button", name="Reply").click()
    expect(page.get_by_text("Your reply was added.")).to_be_visible()
    thread = page.locator("article.comment", has_text=COMMENT)
    thread.get_by_role("button", name="Resolve").click()
    expect(page.get_by_text("The comment was resolved.")).to_be_visible()
    expect(page.get_by_text("No comments to show.")).to_be_visible()  # only open comments are listed


def submit_and_approve(page: Page, case: StrategyCase) -> None:
    """The owner submits (freezing revision 1) and, as the review workflow lets only an owner
    approve and this case has one owner, turns off the rule that someone other than the person who
    submitted approves, and approves the case too (freezing revision 2)."""
    open_task_list(page, case)
    page.locator(".case-links").get_by_role("link", name="Case details").click()
    page.get_by_label("A revision is approved by a member other than the one who submitted it").uncheck()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The case details were saved.")).to_be_visible()
    page.locator(".case-links").get_by_role("link", name="Review and approval").click()
    expect(page.get_by_role("heading", name="Review and approval", level=1)).to_be_visible()
    submit = page.locator("section.summary-card", has=page.get_by_role("heading", name="Submit for review"))
    submit.get_by_label("Name this revision").fill("Draft for the task force")
    submit.get_by_role("button", name="Submit for review").click()
    submitted = page.get_by_text("Submitted for review. The members were told by e-mail.")
    confirm = page.get_by_label(re.compile("^Submit it as it is"))
    expect(submitted.or_(confirm)).to_be_visible()
    if confirm.is_visible():  # a part not complete: the page lists it and asks to confirm
        confirm.check()
        submit.get_by_role("button", name="Submit for review").click()
    expect(submitted).to_be_visible()
    expect(page.locator(".summary-list").get_by_text("In review", exact=True)).to_be_visible()
    approve = page.locator("section.summary-card", has=page.get_by_role("heading", name="Approve"))
    approve.get_by_role("button", name="Approve").click()
    expect(page.locator(".summary-list").get_by_text("Approved", exact=True)).to_be_visible()
    expect(page.get_by_text("This case is approved and can only be read.")).to_be_visible()


# --- report --------------------------------------------------------------------------------------------


def open_report_preview(page: Page, case: StrategyCase) -> None:
    open_task_list(page, case)
    page.locator(".case-links").get_by_role("link", name="Strategy report").click()
    expect(page.get_by_role("heading", name=case.title, level=1)).to_be_visible()


def is_pdf(response) -> bool:
    return response.url.split("?")[0].endswith("/report.pdf") and response.headers.get(
        "content-type", "").startswith("application/pdf")


def pdf_from(page: Page, response) -> bytes:
    """The PDF the browser just received and shows in its PDF viewer. The viewer takes the bytes
    over (``response.body()`` is the viewer's own page), so they are asked for again with the
    browser's cookies; the server serves the same rendered file from its cache."""
    assert response.status == 200, response.status
    return fetch(page, response.url)


def fetch(page: Page, url: str) -> bytes:
    """A PDF, asked for with the browser's cookies."""
    got = page.request.get(url)
    assert got.ok and got.headers["content-type"] == "application/pdf", (got.status, got.headers)
    return got.body()


def download_pdf(page: Page) -> bytes:
    """Follow the preview's PDF link, as a person would, and return the PDF the browser got."""
    with page.expect_response(is_pdf) as event:
        page.get_by_role("link", name="PDF", exact=True).click()
    content = pdf_from(page, event.value)
    page.go_back()  # from the browser's PDF viewer to the preview
    expect(page.get_by_role("link", name="PDF", exact=True)).to_be_visible()
    return content


def pdf_text(content: bytes) -> str:
    """The text of every page, with runs of white space (line breaks) made single spaces."""
    import io

    from pypdf import PdfReader

    assert content.startswith(b"%PDF"), content[:200]
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)

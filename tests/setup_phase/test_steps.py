"""Registry-driven tests for the Part 1 steps: a new step is covered by adding it to the registry."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from asm_guide.content import guidance_for
from asm_guide.wizard.models import PartCompletion
from asm_guide.wizard.registry import StepContext
from asm_guide.wizard.views import LONG_LIST
from setup_phase import models as m
from setup_phase.steps import FLOW, PART
from tests.helpers import valid_post

pytestmark = pytest.mark.django_db
EACH_STEP = pytest.mark.parametrize("step", FLOW.steps, ids=lambda step: step.slug)


def step_url(case, step):
    return FLOW.step_url(step, case)


@pytest.fixture
def study(case):
    return m.ResearchStudy.objects.create(case=case, research_type="R2", status="validated", title="Capacity")


def error_codes(response) -> set[str]:
    bundle = response.context["bundle"]
    codes = set()
    if bundle.form is not None:
        codes |= {e.code for errors in bundle.form.errors.as_data().values() for e in errors}
    for _name, formset in bundle.lists:
        codes |= {e.code for e in formset.non_form_errors().as_data()}
        for form in formset.forms:
            codes |= {e.code for errors in form.errors.as_data().values() for e in errors}
    return codes


@EACH_STEP
def test_every_step_has_guidance(step):
    guidance = guidance_for("setup_phase", step.guidance_slug, language="en")
    assert guidance.title and guidance.body
    assert not guidance.is_fallback


@EACH_STEP
def test_every_step_renders_for_an_editor(step, editor_client, case, study):
    response = editor_client.get(step_url(case, step))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1 class=\"heading-l\">{step.title}</h1>" in html
    assert 'id="step-form"' in html and "novalidate" in html


@EACH_STEP
def test_empty_post_shows_errors_with_codes(step, editor_client, case, study):
    response = editor_client.post(step_url(case, step), {"action": "continue"})
    assert response.status_code == 200
    codes = error_codes(response)
    expected = {"required"} if step.form is not None else {"missing_management_form"}
    assert expected <= codes
    html = response.content.decode()
    assert "There is a problem" in html
    assert "<title>Error:" in html


@EACH_STEP
def test_valid_post_saves_and_goes_to_the_next_step(step, editor_client, editor, case, study):
    data = valid_post(step, case)
    response = editor_client.post(step_url(case, step), {**data, "action": "continue"})
    assert response.status_code == 302, error_codes(response)
    following = FLOW.steps[FLOW.steps.index(step) + 1] if step != FLOW.steps[-1] else None
    expected = step_url(case, following) if following else reverse("setup_phase:check-answers", args=[case.pk])
    assert response["Location"] == expected
    # Saved in the database, so a fresh client (another machine) sees it.
    fresh = Client()
    fresh.force_login(editor)
    assert step.status(StepContext(case=case)) != "not_started"
    page = fresh.get(step_url(case, step))
    assert page.status_code == 200
    if "Sample answer" in data.values():
        assert "Sample answer" in page.content.decode()


@EACH_STEP
def test_reviewer_cannot_post(step, reviewer_client, case, study):
    response = reviewer_client.post(step_url(case, step), valid_post(step, case))
    assert response.status_code == 403
    assert not step.data_present(StepContext(case=case)) or step.slug == "research"


def test_invalid_input_keeps_every_value_and_links_to_the_field(editor_client, case):
    step = FLOW.get("task-force")
    data = valid_post(step, case)
    data.update({"chair": "", "legal_instrument": "Decree 7/2025", "budget_amount": "-5",
                 "members-0-institution": "Ministry of Mines"})
    response = editor_client.post(step_url(case, step), data)
    html = response.content.decode()
    codes = error_codes(response)
    assert {"required", "min_value"} <= codes
    assert 'value="Decree 7/2025"' in html and 'value="-5"' in html and 'value="Ministry of Mines"' in html
    assert 'href="#id_chair"' in html
    assert "Enter who chairs the task force" in html
    assert not m.TaskForce.objects.filter(case=case).exists()


def test_cross_field_rules_raise_codes(editor_client, case):
    step = FLOW.get("forum")
    data = valid_post(step, case)
    data.update({"meetings-0-attendance_total": "10", "meetings-0-attendance_women": "12"})
    assert "women_above_total" in error_codes(editor_client.post(step_url(case, step), data))


def test_add_another_keeps_typed_data_and_saves_nothing(editor_client, case):
    step = FLOW.get("partners")
    data = valid_post(step, case)
    data["partners-0-name"] = "Typed but not saved"
    data["action"] = "add:partners"
    response = editor_client.post(step_url(case, step), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Typed but not saved"' in html
    assert 'name="partners-TOTAL_FORMS" value="2"' in html
    assert "There is a problem" not in html
    assert not m.Partner.objects.filter(case=case).exists()


def test_remove_marks_a_row_and_saving_deletes_it(editor_client, case):
    keep = m.Partner.objects.create(case=case, name="Keep", partner_type="ngo")
    drop = m.Partner.objects.create(case=case, name="Drop", partner_type="ngo")
    step = FLOW.get("partners")
    data = valid_post(step, case)
    data["action"] = "remove:partners-1"
    response = editor_client.post(step_url(case, step), data)
    assert "will be removed when you save" in response.content.decode()
    assert m.Partner.objects.filter(pk=drop.pk).exists()
    data["partners-1-DELETE"] = "on"
    data["action"] = "continue"
    assert editor_client.post(step_url(case, step), data).status_code == 302
    assert list(m.Partner.objects.filter(case=case)) == [keep]


def test_undo_removal_keeps_the_row(editor_client, case):
    m.Partner.objects.create(case=case, name="Stay", partner_type="ngo")
    step = FLOW.get("partners")
    data = valid_post(step, case)
    data["partners-0-DELETE"] = "on"
    data["action"] = "undo:partners-0"
    response = editor_client.post(step_url(case, step), data)
    assert "will be removed" not in response.content.decode()


@pytest.mark.parametrize("total", ["abc", "", "-3"])
def test_tampered_management_form_is_refused_with_a_message(editor_client, case, total):
    step = FLOW.get("partners")
    data = valid_post(step, case)
    data["partners-TOTAL_FORMS"] = total
    response = editor_client.post(step_url(case, step), data)
    assert response.status_code == 200
    assert "missing_management_form" in error_codes(response)


def test_absurd_row_count_is_refused(editor_client, case):
    step = FLOW.get("partners")
    data = valid_post(step, case)
    data["partners-TOTAL_FORMS"] = "1000000"
    response = editor_client.post(step_url(case, step), data)
    assert response.status_code == 200
    assert "too_many_forms" in error_codes(response)
    assert not m.Partner.objects.filter(case=case).exists()


def test_another_cases_record_cannot_be_chosen_or_changed(editor_client, case):
    from tests.factories import CaseFactory

    other = CaseFactory()
    foreign_partner = m.Partner.objects.create(case=other, name="Foreign", partner_type="ngo")
    step = FLOW.get("research")
    data = valid_post(step, case)
    data["studies-0-funder"] = str(foreign_partner.pk)
    assert "invalid_choice" in error_codes(editor_client.post(step_url(case, step), data))
    # An id of another case's row in a list is not an existing row here.
    step = FLOW.get("partners")
    data = valid_post(step, case)
    data.update({"partners-INITIAL_FORMS": "1", "partners-0-id": str(foreign_partner.pk),
                 "partners-0-name": "Hijacked"})
    editor_client.post(step_url(case, step), data)
    foreign_partner.refresh_from_db()
    assert foreign_partner.name == "Foreign"


def test_back_saves_what_was_typed_on_a_valid_form(editor_client, case):
    step = FLOW.get("partners")
    data = valid_post(step, case)
    data["partners-0-name"] = "Saved on the way back"
    data["wizard_goto_step"] = "existing-information"
    response = editor_client.post(step_url(case, step), data)
    assert response["Location"] == step_url(case, FLOW.get("existing-information"))
    assert m.Partner.objects.filter(case=case, name="Saved on the way back").exists()


def test_back_with_an_invalid_form_stays_and_keeps_typing(editor_client, case):
    step = FLOW.get("partners")
    data = valid_post(step, case)
    data.update({"partners-0-name": "Half typed", "partners-0-partner_type": "", "wizard_goto_step": "task-list"})
    response = editor_client.post(step_url(case, step), data)
    assert response.status_code == 200
    assert 'value="Half typed"' in response.content.decode()


def test_save_and_return_goes_to_the_task_list(editor_client, case):
    step = FLOW.get("partners")
    response = editor_client.post(step_url(case, step), {**valid_post(step, case), "action": "return"})
    assert response["Location"] == reverse("cases:task-list", args=[case.pk])


def test_change_link_returns_to_the_check_page(editor_client, case):
    step = FLOW.get("partners")
    check = reverse("setup_phase:check-answers", args=[case.pk])
    response = editor_client.post(step_url(case, step), {**valid_post(step, case), "return_to": check})
    assert response["Location"] == check
    response = editor_client.post(step_url(case, step), {**valid_post(step, case), "return_to": "https://evil.example/"})
    assert response["Location"] != "https://evil.example/"


def test_unknown_step_is_404(editor_client, case):
    assert editor_client.get(f"/cases/{case.pk}/setup/no-such-step/").status_code == 404


def test_start_url_resumes_where_the_person_was(editor_client, case):
    editor_client.get(step_url(case, FLOW.get("forum")))
    response = editor_client.get(reverse("setup_phase:setup-start", args=[case.pk]))
    assert response["Location"] == step_url(case, FLOW.get("forum"))


def test_two_cases_never_mix(editor_client, editor, case):
    from tests.factories import CaseFactory, MembershipFactory

    other = CaseFactory()
    MembershipFactory(case=other, user=editor)
    step = FLOW.get("partners")
    data = valid_post(step, case)
    data["partners-0-name"] = "Only in the first case"
    editor_client.post(step_url(case, step), data)
    page = editor_client.get(step_url(other, step)).content.decode()
    assert "Only in the first case" not in page
    assert not m.Partner.objects.filter(case=other).exists()


def test_findings_cannot_start_before_any_study(editor_client, case):
    step = FLOW.get("findings")
    assert step.status(StepContext(case=case)) == "cannot_start"
    response = editor_client.get(step_url(case, step))
    assert 'id="step-form"' not in response.content.decode()
    response = editor_client.post(step_url(case, step), {"action": "continue"})
    assert response.status_code == 200
    assert not m.ResearchFinding.objects.exists()


def test_research_step_shows_the_gap_list(editor_client, case):
    m.InformationItem.objects.create(case=case, title="Recent scoping", kind="study", year=2025,
                                     reliability="high", covers_research_types=["R1"])
    response = editor_client.get(step_url(case, FLOW.get("research")))
    gaps = [code for code, _label in response.context["gaps"]]
    assert gaps == ["R2", "R3", "R4", "R5", "R6", "R7"]


def test_research_step_has_exactly_one_row_per_type_whatever_is_posted(editor_client, case):
    step = FLOW.get("research")
    data = valid_post(step, case)
    response = editor_client.post(step_url(case, step), {**data, "studies-TOTAL_FORMS": "50"})
    assert "too_many_forms" in error_codes(response)
    assert not m.ResearchStudy.objects.filter(case=case).exists()
    editor_client.post(step_url(case, step), data)
    editor_client.post(step_url(case, step), valid_post(step, case))
    assert sorted(m.ResearchStudy.objects.filter(case=case).values_list("research_type", flat=True)) == [
        "R1", "R2", "R3", "R4", "R5", "R6", "R7"]


def test_deferred_study_needs_a_reason(editor_client, case):
    step = FLOW.get("research")
    data = valid_post(step, case)
    data["studies-4-status"] = "deferred"
    assert "deferred_reason_missing" in error_codes(editor_client.post(step_url(case, step), data))


def test_check_answers_lists_what_is_missing(editor_client, case):
    url = reverse("setup_phase:check-answers", args=[case.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    assert "Not provided" in page.content.decode() or "No " in page.content.decode()
    response = editor_client.post(url)
    assert response.status_code == 200
    messages = [message for _url, message in response.context["missing"]]
    assert any("task force" in message.lower() or "legal instrument" in message.lower() for message in messages)
    assert not PartCompletion.objects.filter(case=case).exists()


def test_demo_part_one_can_be_marked_complete_once_research_is_finished(editor_client, case, settings):
    from setup_phase import demo

    demo.load(case)
    url = reverse("setup_phase:check-answers", args=[case.pk])
    response = editor_client.post(url)
    messages = [message for _url, message in response.context["missing"]]
    assert len(messages) == 1 and "R7" in messages[0]
    m.ResearchStudy.objects.filter(case=case, research_type="R7").update(status="validated")
    response = editor_client.post(url)
    assert response.status_code == 302
    assert PartCompletion.objects.filter(case=case, part=PART.completion_key).exists()


def test_demo_part_one_matches_the_guidance(case):
    from setup_phase import demo

    demo.load(case)
    assert m.TaskForceMember.objects.filter(case=case).count() == 14
    assert m.ForumMember.objects.filter(case=case).count() == 34
    assert m.ForumMember.objects.filter(case=case, gender="woman").count() == 14
    assert m.ForumMeeting.objects.filter(case=case).count() == 5
    assert m.ResearchStudy.objects.get(case=case, research_type="R7").status == "in_progress"
    finding = m.ResearchFinding.objects.get(case=case, topic="inspectors")
    assert finding.figure == "22 inspectors"


def test_a_per_cent_sign_in_a_label_does_not_break_messages(case):
    from django import forms as django_forms

    from asm_guide.wizard.forms import StepForm

    class PercentForm(StepForm):
        share = django_forms.DecimalField(label="Share (%)", min_value=0, max_value=100, max_digits=5,
                                          decimal_places=1)
        kind = django_forms.ChoiceField(label="Kind (%)", choices=[("a", "A")])

    for value, code in [("-1", "min_value"), ("1000", "max_value"), ("1.25", "max_decimal_places")]:
        form = PercentForm({"share": value, "kind": "zzz"}, case=case)
        assert not form.is_valid()
        assert form.errors.as_data()["share"][0].code == code
        assert "Share (%)" in form.errors["share"][0]
        assert form.errors["kind"] == ["Choose kind (%) from the list"]
    assert PercentForm({}, case=case).errors["share"] == ["Enter share (%)"]


@pytest.mark.parametrize("members", [LONG_LIST, LONG_LIST + 1])
def test_check_answers_names_each_item_of_a_long_list_and_details_a_short_one(editor_client, case, members):
    for number in range(members):
        m.TaskForceMember.objects.create(case=case, institution=f"Institution <{number}>", institution_type="mines",
                                         focal_person=f"Focal person {number}")
    html = editor_client.get(reverse("setup_phase:check-answers", args=[case.pk])).content.decode()
    for number in range(members):
        assert f"Institution &lt;{number}&gt;" in html
    short = members <= LONG_LIST
    # A short list shows every answer of every item; a long one names each item and links to the list.
    assert ("Focal person 3" in html) is short
    assert (f"Member: {members} entries" in html) is not short
    assert (f'{step_url(case, FLOW.get("task-force"))}?return_to=' in html)
    assert ("#list-members" in html) is not short


def test_list_headings_use_the_plural_label_in_each_language(editor_client, case):
    for code in ("R1", "R2"):
        m.ResearchStudy.objects.create(case=case, research_type=code, status="planned", title=code)
    url = step_url(case, FLOW.get("research"))
    html = editor_client.get(url).content.decode()
    assert ">Studies (" in html and "Studys" not in html
    editor_client.cookies["django_language"] = "fr"
    html = editor_client.get(url).content.decode()
    assert ">Études (" in html

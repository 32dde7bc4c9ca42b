"""Revisions are immutable snapshots of the whole case; any two can be compared in plain language."""

from __future__ import annotations

import pytest
from django.urls import reverse

from asm_guide.casefile import case_scoped_models
from asm_guide.review import workflow
from asm_guide.review.diff import compare, word_diff
from asm_guide.review.models import ImmutableRowError, Revision
from asm_guide.review.snapshot import SNAPSHOT_FORMAT, build_legacy_snapshot
from setup_phase import models as m

pytestmark = pytest.mark.django_db


def submit(case, owner, label=""):
    event = workflow.make_transition(case=case, user=owner, name="submit", label=label)
    return event.revision


def test_revisions_cannot_be_changed_or_deleted(case, owner):
    revision = submit(case, owner)
    revision.label = "Rewritten"
    with pytest.raises(ImmutableRowError):
        revision.save()
    with pytest.raises(ImmutableRowError):
        revision.delete()
    with pytest.raises(ImmutableRowError):
        Revision.objects.filter(pk=revision.pk).update(label="Rewritten")
    with pytest.raises(ImmutableRowError):
        Revision.objects.filter(pk=revision.pk).delete()
    assert Revision.objects.get(pk=revision.pk).label != "Rewritten"


def test_the_snapshot_holds_every_case_scoped_model_of_the_parts(case):
    labels = {model._meta.label_lower for model in case_scoped_models()}
    assert {"setup_phase.partner", "setup_phase.taskforce", "setup_phase.researchfinding"} <= labels
    assert not any(label.startswith(("cases.", "review.", "wizard.")) for label in labels)
    other = m.Partner.objects.create(case=case.__class__.objects.create(
        country_name="Elsewhere", title="Other", lead_ministry="x", strategy_start_year=2026), name="Not ours",
        partner_type="ngo")
    m.Partner.objects.create(case=case, name="Ours", partner_type="ngo")
    snapshot = build_legacy_snapshot(case)
    assert snapshot["format"] == SNAPSHOT_FORMAT
    assert [row["fields"]["name"] for row in snapshot["records"]["setup_phase.partner"]] == ["Ours"]
    assert other.pk not in [row["pk"] for row in snapshot["records"]["setup_phase.partner"]]
    assert snapshot["case"]["fields"]["country_name"] == case.country_name


def test_a_revision_keeps_what_was_submitted_after_later_edits(case, owner):
    partner = m.Partner.objects.create(case=case, name="Before", partner_type="ngo")
    revision = submit(case, owner)
    partner.name = "After"
    partner.save()
    revision.refresh_from_db()
    assert revision.snapshot["records"]["setup_phase.partner"][0]["fields"]["name"] == "Before"


def test_compare_reports_fields_and_list_items_in_plain_language(case, owner):
    force = m.TaskForce.objects.create(
        case=case, legal_instrument="Decree 1", chair="Minister", secretariat="Directorate",
        meeting_frequency="monthly", decision_rule="consensus",
        terms_of_reference="The task force meets monthly and reports to cabinet on progress with formalisation.")
    kept = m.Partner.objects.create(case=case, name="Kept", partner_type="ngo")
    dropped = m.Partner.objects.create(case=case, name="Dropped", partner_type="ngo")
    old = build_legacy_snapshot(case)

    force.chair = "Prime Minister"
    force.meeting_frequency = "weekly"
    force.terms_of_reference = ("The task force meets weekly and reports to parliament on progress with "
                                "formalisation.")
    force.save()
    kept.partner_type = "un"
    kept.save()
    dropped.delete()
    added = m.Partner.objects.create(case=case, name="Added", partner_type="bilateral")
    m.ResearchStudy.objects.create(case=case, research_type="R2", status="validated", title="Capacity",
                                   funder=added)
    case.title = "A better title"
    case.save()
    diff = compare(old, build_legacy_snapshot(case))

    assert [change.label for change in diff.case_fields] == ["Title"]
    part = diff.parts[0]
    steps = {step.title: step for step in part.steps}
    task_force = steps["Form a government ASM task force"]
    fields = {change.label: change for change in task_force.fields}
    assert (fields["Chair"].old, fields["Chair"].new) == ("Minister", "Prime Minister")
    assert (fields["Meeting frequency"].old, fields["Meeting frequency"].new) == ("Monthly", "Weekly")
    words = fields["Terms of reference"].words
    assert ("delete", "monthly") in words and ("insert", "weekly") in words
    assert ("delete", "cabinet") in words and ("insert", "parliament") in words

    partners = steps["Engage partners"].lists[0]
    assert [item.title for item in partners.added] == ["Added"]
    assert partners.removed == ["Dropped"]
    assert [item.title for item in partners.changed] == ["Kept"]
    assert partners.changed[0].fields[0].old == "NGO" and partners.changed[0].fields[0].new == "UN agency"

    research = steps["Commission research"].lists[0]
    funder = next(change for change in research.added[0].fields if change.old == "" and change.new == "Added")
    assert funder  # a related record is named, not shown as an id
    assert not diff.other


def test_identical_snapshots_have_no_changes(case):
    m.Partner.objects.create(case=case, name="Same", partner_type="ngo")
    assert compare(build_legacy_snapshot(case), build_legacy_snapshot(case)).is_empty


def test_word_diff():
    assert word_diff("a b c", "a x c") == [("equal", "a"), ("delete", "b"), ("insert", "x"), ("equal", "c")]


def test_revisions_page_and_compare_page(case, owner, owner_client, reviewer_client):
    m.Partner.objects.create(case=case, name="First partner", partner_type="ngo")
    submit(case, owner, "Round one")
    workflow.make_transition(case=case, user=owner, name="request_changes", reason="More partners")
    m.Partner.objects.create(case=case, name="Second partner", partner_type="un")
    submit(case, owner, "Round two")
    page = reviewer_client.get(reverse("review:revisions", args=[case.pk])).content.decode()
    assert "Round one" in page and "Round two" in page and "owner" in page
    response = reviewer_client.get(reverse("review:compare", args=[case.pk]), {"old": 1, "new": 2})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Second partner" in html and "Added" in html
    assert "First partner" not in html
    current = reviewer_client.get(reverse("review:compare", args=[case.pk]), {"old": 2, "new": "current"})
    assert "Nothing changed" in current.content.decode()
    assert reviewer_client.get(reverse("review:compare", args=[case.pk]), {"old": 9}).status_code == 404
    assert reviewer_client.get(reverse("review:compare", args=[case.pk]), {"old": "x"}).status_code == 404


def test_another_cases_revision_is_not_found(case, owner, client_for):
    from tests.factories import CaseFactory, MembershipFactory

    submit(case, owner)
    other = CaseFactory()
    MembershipFactory(case=other, user=owner, role="owner")
    client = client_for(owner)
    assert client.get(reverse("review:compare", args=[other.pk]), {"old": 1}).status_code == 404

"""Per-subject flows (Part 2's substrategy per subtype, for example) are covered generically:
diffs group rows by subject, comments and audit entries carry the subject. The test builds such a
flow from Part 1 models: one flow per research study, editing that study's findings."""

from __future__ import annotations

import pytest

from asm_guide.review import comments
from asm_guide.review.diff import compare
from asm_guide.review.snapshot import build_legacy_snapshot
from asm_guide.wizard.registry import Flow, Part, Step, registry
from setup_phase import forms
from setup_phase import models as m
from setup_phase.steps import PART as SETUP

pytestmark = pytest.mark.django_db

PER_STUDY = Flow(name="per-study", namespace="setup_phase", title="Per study", url_prefix="study",
                 subject_model="setup_phase.ResearchStudy",
                 steps=(Step("study-findings", "Findings of this study",
                             lists=(("findings", forms.ResearchFindingFormSet),)),))


@pytest.fixture
def with_subject_flow(monkeypatch):
    part = Part(number=1, slug=SETUP.slug, namespace=SETUP.namespace, title=SETUP.title, flow=SETUP.flow,
                subject_flows=(PER_STUDY,), subjects=lambda case: m.ResearchStudy.objects.filter(case=case))
    monkeypatch.setitem(registry.__dict__, "parts", [part, *registry.parts[1:]])
    return part


def test_diff_groups_rows_by_subject(case, with_subject_flow):
    capacity = m.ResearchStudy.objects.create(case=case, research_type="R2", status="validated", title="Capacity")
    industry = m.ResearchStudy.objects.create(case=case, research_type="R3", status="validated", title="Industry")
    kept = m.ResearchFinding.objects.create(case=case, study=capacity, topic="sites", text="Forty sites")
    old = build_legacy_snapshot(case)
    kept.text = "Fifty sites"
    kept.save()
    m.ResearchFinding.objects.create(case=case, study=industry, topic="sites", text="Ten thousand miners")
    diff = compare(old, build_legacy_snapshot(case))
    per_subject = {(step.subject, step.title): step for part in diff.parts for step in part.steps
                   if step.title == "Findings of this study"}
    assert set(per_subject) == {(str(capacity), "Findings of this study"), (str(industry), "Findings of this study")}
    assert [item.title for item in per_subject[(str(capacity), "Findings of this study")].lists[0].changed] == [
        "Fifty sites"]
    assert [item.title for item in per_subject[(str(industry), "Findings of this study")].lists[0].added] == [
        "Ten thousand miners"]


def test_comments_name_their_subject(case, reviewer, with_subject_flow):
    study = m.ResearchStudy.objects.create(case=case, research_type="R2", status="validated", title="Capacity")
    finding = m.ResearchFinding.objects.create(case=case, study=study, topic="sites", text="Forty sites")
    comment = comments.post_comment(case=case, author=reviewer, flow_name="per-study", subject_id=study.pk,
                                    step_slug="study-findings", body="Source?",
                                    item=f"setup_phase.researchfinding:{finding.pk}")
    assert (comment.subject_id, comment.item_label) == (study.pk, "Forty sites")
    assert comments.open_counts(case) == {("per-study", study.pk, "study-findings"): 1}
    from django.core.exceptions import ValidationError

    from tests.factories import CaseFactory

    foreign = m.ResearchStudy.objects.create(case=CaseFactory(), research_type="R2", status="validated")
    with pytest.raises(ValidationError):
        comments.post_comment(case=case, author=reviewer, flow_name="per-study", subject_id=foreign.pk,
                              step_slug="study-findings", body="Not this case's study")


def test_saves_of_a_subject_step_are_versioned_and_audited_per_subject(case, owner, with_subject_flow, rf):
    from asm_guide.review.editing import EditConflict, guarded_step_save
    from asm_guide.review.models import AuditEntry, StepVersion
    from asm_guide.wizard.forms import StepBundle
    from tests.helpers import valid_post

    study = m.ResearchStudy.objects.create(case=case, research_type="R2", status="validated", title="Capacity")
    other = m.ResearchStudy.objects.create(case=case, research_type="R3", status="validated", title="Industry")
    step = PER_STUDY.steps[0]
    request = rf.post("/")
    request.user = owner
    for subject in (study, other):
        data = valid_post(step, case, subject)
        data.update({"findings-0-study": str(study.pk), "findings-0-text": f"About {subject.title}",
                     "step_version": "0"})
        bundle = StepBundle.for_step(step)(data, case=case, subject=subject)
        assert bundle.is_valid(), bundle.error_items()
        with guarded_step_save(request=request, flow=PER_STUDY, step=step, case=case, subject=subject, bundle=bundle):
            bundle.save()
    entries = AuditEntry.objects.filter(case=case, flow="per-study").order_by("pk")
    assert [(e.subject_id, e.subject_label) for e in entries] == [(study.pk, str(study)), (other.pk, str(other))]
    assert StepVersion.objects.get(case=case, flow="per-study", subject_key=study.pk).number == 1
    stale = StepBundle.for_step(step)({**data, "step_version": "0"}, case=case, subject=other)
    assert stale.is_valid()
    with pytest.raises(EditConflict):
        with guarded_step_save(request=request, flow=PER_STUDY, step=step, case=case, subject=other, bundle=stale):
            stale.save()

"""Part 2 (strategy): the step registry. Reads like the table of contents of the part.

The main flow follows GUIDANCE.md §3 (vision, objectives, subtypes). Each subtype then gets
a small wizard of its own, the substrategy (§2.3–§2.5): industrial strategy, feasibility,
approach, the security and conflict risks (only where preconditions come first), risks and
review triggers. Its rows appear on the task list under the subtype's name.
"""

from django.utils.translation import gettext_lazy as _

from asm_guide.wizard.registry import Flow, Part, Step

from . import forms, rules
from .models import Subtype

FLOW = Flow(
    name="strategy",
    namespace="strategy",
    title=_("Part 2: Strategy"),
    url_prefix="strategy",
    steps=(
        Step("vision", _("Form a vision"), form=forms.VisionForm, has_data=rules.has_vision,
             missing=rules.vision_missing, context=rules.vision_context),
        Step("objectives", _("Set strategic objectives and indicators"),
             lists=(("objectives", forms.ObjectiveFormSet),), has_data=rules.has_objectives,
             missing=rules.objectives_missing, context=rules.objectives_context),
        Step("subtypes", _("Divide ASM into subtypes"), lists=(("subtypes", forms.SubtypeFormSet),),
             has_data=rules.has_subtypes, missing=rules.subtypes_missing, context=rules.subtypes_context),
    ),
)

SUBSTRATEGY_FLOW = Flow(
    name="substrategy",
    namespace="strategy",
    title=_("Substrategy"),
    url_prefix="strategy/subtypes",
    subject_model="strategy.Subtype",
    subject_label=_("Subtype"),
    steps=(
        Step("industrial-strategy", _("Plan the industrial strategy"),
             lists=(("programs", forms.AssistanceProgramFormSet),), has_data=rules.has_programs,
             missing=rules.programs_missing, context=rules.industrial_context, preload=rules.preload_programs),
        Step("feasibility", _("Assess feasibility"), form=forms.FeasibilityForm, has_data=rules.has_feasibility,
             missing=rules.feasibility_missing, context=rules.feasibility_context,
             preload=rules.preload_feasibility),
        Step("approach", _("Choose an approach to improving practices"), form=forms.ApproachForm,
             available_when=rules.has_feasibility, unavailable_reason=_("Answer the feasibility questions first"),
             has_data=rules.has_approach, missing=rules.approach_missing, context=rules.approach_context,
             preload=rules.preload_substrategy),
        Step("conflict-risks", _("Assess security and conflict risks"), form=forms.ConflictRisksForm,
             applies_when=rules.is_preconditions, has_data=rules.has_conflict_risks,
             missing=rules.conflict_risks_missing, context=rules.conflict_context,
             preload=rules.preload_substrategy, not_applicable=rules.conflict_not_applicable),
        Step("risks", _("Record risks and review triggers"), form=forms.RisksForm, has_data=rules.has_risks,
             missing=rules.risks_missing, preload=rules.preload_substrategy),
    ),
)


def case_subtypes(case):
    return Subtype.objects.filter(case=case).order_by("pk")


PART = Part(number=2, slug="strategy", namespace="strategy", title=_("Part 2: Strategy"), flow=FLOW,
            subject_flows=(SUBSTRATEGY_FLOW,), subjects=case_subtypes, check_context=rules.check_context,
            summary=_("Form a vision, divide ASM into subtypes and develop a substrategy for each."))

"""Part 3 (implementation): the step registry. Reads like the table of contents of the part.

The order follows GUIDANCE.md §4.1 (set and adjust regulations, training, assistance as
leverage, further assistance), then the zones and market-access schemes of §4.2–§4.3, the
costed action plan, monitoring and evaluation (§4.4) and the Minamata NAP crosswalk (§5.4).
Which steps a case sees follows the approaches chosen in Part 2.
"""

from django.utils.translation import gettext_lazy as _

from asm_guide.wizard.registry import Flow, Part, Step

from . import forms, rules

FLOW = Flow(
    name="implementation",
    namespace="implementation",
    title=_("Part 3: Implementation"),
    url_prefix="implementation",
    steps=(
        Step("regulations", _("Set regulations"), lists=(("regulations", forms.RegulationFormSet),),
             applies_when=rules.regulates, has_data=rules.has_regulations, missing=rules.regulations_missing,
             context=rules.regulations_context),
        Step("adjust-regulations", _("Adjust regulations"), lists=(("changes", forms.RegulationChangeFormSet),),
             applies_when=rules.regulates, available_when=rules.has_regulations,
             unavailable_reason=_("Set the regulations first"), has_data=rules.has("changes"),
             missing=rules.changes_missing),
        Step("training", _("Add education and training"), lists=(("trainings", forms.TrainingFormSet),),
             has_data=rules.has("trainings"), missing=rules.training_missing),
        Step("leverage", _("Use assistance as leverage"), lists=(("leverage", forms.LeverageFormSet),),
             available_when=rules.has_programs,
             unavailable_reason=_("Add assistance programmes to the substrategies in Part 2 first"),
             has_data=rules.has("leverages"), missing=rules.leverage_missing, context=rules.leverage_context,
             prefill=rules.leverage_prefill),
        Step("further-assistance", _("Add further assistance"), lists=(("further", forms.FurtherProgramFormSet),),
             has_data=rules.has("further"), missing=rules.further_missing),
        Step("zones", _("Plan ASM zones"), lists=(("zones", forms.ZoneFormSet),), applies_when=rules.has_zone_subtype,
             has_data=rules.has("zones"), missing=rules.zones_missing, context=rules.zones_context),
        Step("market-access", _("Design the market-access scheme"),
             lists=(("schemes", forms.SchemeFormSet), ("tiers", forms.TierFormSet)),
             applies_when=rules.has_market_subtype, has_data=rules.has("schemes"), missing=rules.market_missing,
             context=rules.market_context),
        Step("action-plan", _("Plan, schedule and cost the actions"), form=forms.ActionPlanForm,
             lists=(("actions", forms.ActionFormSet),), has_data=rules.has("actions"),
             missing=rules.action_plan_missing, context=rules.action_plan_context, prefill=rules.action_prefill),
        Step("monitoring", _("Monitor and evaluate"), form=forms.MinamataForm,
             lists=(("indicators", forms.IndicatorFormSet), ("records", forms.RecordFormSet),
                    ("reviews", forms.ReviewFormSet)),
             has_data=rules.has_monitoring, missing=rules.monitoring_missing, context=rules.monitoring_context,
             prefill=rules.indicator_prefill),
        Step("nap-crosswalk", _("Check the Minamata NAP crosswalk"), form=forms.NapPlanForm,
             applies_when=rules.needs_nap, has_data=rules.always_present, missing=rules.nap_missing,
             context=rules.nap_context, not_applicable=rules.nap_not_applicable),
    ),
)

PART = Part(number=3, slug="implementation", namespace="implementation", title=_("Part 3: Implementation"),
            flow=FLOW, summary=_("Set and adjust regulations, train, use assistance as leverage, "
                                 "and plan, cost and monitor the work."), check_context=rules.check_context)

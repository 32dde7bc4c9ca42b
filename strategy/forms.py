"""One form (and its lists) per Part 2 step. Markup comes from the shared renderer."""

from __future__ import annotations

from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from asm_guide.wizard.forms import ItemForm, ItemFormSet, StepModelForm, item_formset
from setup_phase.models import MINERAL_HINT, Region, ResearchFinding

from . import conflict
from . import feasibility as fz
from . import models as m

CHECKBOXES = forms.CheckboxSelectMultiple


def finding_label(finding: ResearchFinding) -> str:
    """How a research finding reads in a choice list: its study type, figure and words."""
    figure = f"{finding.figure}: " if finding.figure else ""
    return f"{finding.study.research_type} · {figure}{finding.text}"


def _use_finding_labels(form_class, *names: str) -> None:
    # Set on the declared field, so each form's copy keeps it after CaseFormMixin swaps the
    # field class for its cached variant.
    for name in names:
        form_class.base_fields[name].label_from_instance = finding_label
        form_class.base_fields[name].queryset = ResearchFinding.objects.select_related("study")


# --- 2.1 Vision and objectives ------------------------------------------------------------------


class VisionForm(StepModelForm):
    class Meta:
        model = m.Vision
        fields = ["statement", "horizon_year", "principles", "aligned_policies", "minamata_nap", "stance",
                  "stance_note"]
        widgets = {"stance": forms.RadioSelect}
        help_texts = {
            "statement": _("One or two sentences: what should ASM in your country look like by the horizon year?"),
            "horizon_year": _("For example 2035"),
            "principles": _("One a line, for example: do no harm; progressive improvement; no criminalisation of "
                            "livelihoods"),
            "aligned_policies": _("National development plan, mining policy, Country Mining Vision and others"),
            "minamata_nap": _("If your country has a Minamata national action plan, which of its targets the "
                              "vision takes up"),
            "stance_note": _("Needed when the stance differs by region or mineral"),
        }
        error_messages = {
            "statement": {"required": _("Enter the vision statement")},
            "horizon_year": {"required": _("Enter the horizon year, for example 2035")},
            "stance": {"required": _("Select the government's stance towards ASM")},
        }

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("horizon_year")
        if year is not None and year < self.case.strategy_start_year:
            self.add_error("horizon_year", ValidationError(
                _("The horizon year must be %(year)s (the strategy's start year) or later"),
                code="horizon_before_start", params={"year": self.case.strategy_start_year}))
        if cleaned.get("stance") == m.Stance.VARIES and not cleaned.get("stance_note", "").strip():
            self.add_error("stance_note", ValidationError(
                _("Say where and how the stance differs"), code="stance_note_missing"))
        return cleaned


class ObjectiveForm(ItemForm):
    class Meta:
        model = m.Objective
        fields = ["title", "goal_area", "priority", "indicator", "unit", "baseline_finding", "baseline_value",
                  "baseline_year", "target_value", "target_date", "data_source", "frequency",
                  "responsible_institution"]
        help_texts = {
            "priority": _("1 for the most important"),
            "indicator": _("What you will measure, for example: share of ASM gold exported officially. You can "
                           "save without it, but the part is complete only when every objective has its "
                           "indicator, unit, baseline and target"),
            "unit": _("For example %, t/yr, operations"),
            "baseline_finding": _("Choose one of your research findings, or type the baseline value below"),
            "baseline_value": _("Leave empty to use the number of the finding you chose (a finding or a value is "
                                "needed to complete this part)"),
        }
        error_messages = {
            "title": {"required": _("Enter the objective")},
            "goal_area": {"required": _("Select the goal area")},
        }

    # An objective saves without its indicator, but the step is complete only when each has one
    # (``Objective.indicator_missing``): these fields say "needed to complete this part".
    NEEDED_TO_COMPLETE = ("indicator", "unit", "baseline_value", "target_value", "target_date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.NEEDED_TO_COMPLETE:
            self.fields[name].needed_to_complete = True

    def clean(self):
        cleaned = super().clean()
        finding = cleaned.get("baseline_finding")
        if finding is not None and cleaned.get("baseline_value") is None and "baseline_value" not in self.errors:
            if finding.value is None:
                self.add_error("baseline_value", ValidationError(
                    _("The finding you chose has no number: type the baseline value"), code="baseline_value_missing"))
            else:
                cleaned["baseline_value"] = finding.value
                if not cleaned.get("unit", "").strip():
                    cleaned["unit"] = finding.unit
        year, target = cleaned.get("baseline_year"), cleaned.get("target_date")
        if year and target and target.year < year:
            self.add_error("target_date", ValidationError(
                _("The target date must be in or after the baseline year"), code="target_before_baseline"))
        return cleaned


_use_finding_labels(ObjectiveForm, "baseline_finding")
ObjectiveForm.base_fields["baseline_finding"].empty_label = _("None: I type the baseline value below")

ObjectiveFormSet = item_formset(
    m.Objective, ObjectiveForm, item_label=_("Objective"), items_label=_("Objectives"),
    add_label=_("Add another objective"), max_num=50,
)


# --- 2.2 Subtypes ---------------------------------------------------------------------------------


class SubtypeForm(ItemForm):
    minerals = forms.MultipleChoiceField(label=_("Minerals"), choices=m.Mineral.choices, widget=CHECKBOXES,
                                         help_text=MINERAL_HINT,
                                         error_messages={"required": _("Select at least one mineral")})
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"), queryset=Region.objects.order_by("name", "pk"), required=False, widget=CHECKBOXES,
        help_text=_("Tick the regions where it operates; none for a subtype found all over the country. "
                    "Regions are listed in Part 1, in the step Collect existing information"))

    class Meta:
        model = m.Subtype
        fields = ["name", "minerals", "scale", "activity", "regions", "mobility", "est_miners", "pct_women",
                  "children_present", "sites", "production_value", "production_unit", "official_channel_pct",
                  "main_practices", "main_impacts", "lsm_overlap", "priority", "findings"]
        widgets = {
            "scale": forms.RadioSelect, "activity": forms.RadioSelect, "mobility": forms.RadioSelect,
            "children_present": forms.RadioSelect, "lsm_overlap": forms.RadioSelect, "priority": forms.RadioSelect,
            "findings": CHECKBOXES,
        }
        help_texts = {
            "name": _("Short and recognisable, for example: Highlands tin mining (cooperatives)"),
            "main_practices": _("For example whole-ore amalgamation, open pits without benching"),
            "findings": _("Tick the findings that describe this subtype. A finding no part of the strategy uses is "
                          "listed on the check-answers page."),
        }
        error_messages = {
            "name": {"required": _("Enter the name of the subtype")},
            "scale": {"required": _("Select the scale")},
            "activity": {"required": _("Select the activity")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The confirmation only exists on a saved subtype that is marked for removal.
        if not (self.is_bound and self.instance.pk and self._marked_for_removal()):
            del self.fields["confirm_removal"]

    confirm_removal = forms.BooleanField(
        label=_("Yes, remove this subtype and everything listed above"), required=False)

    def _marked_for_removal(self) -> bool:
        return self.data.get(self.add_prefix("DELETE")) not in (None, "", "False", "false", "0")


_use_finding_labels(SubtypeForm, "findings")


class SubtypeFormSet(ItemFormSet):
    """Subtypes. Removing one that already has a substrategy needs a ticked confirmation
    naming what goes with it; nothing is removed silently."""

    def clean(self):
        super().clean()
        doomed = [form for form in self.deleted_forms if form.instance.pk]
        if not doomed:
            return
        dependents = subtype_dependents([form.instance.pk for form in doomed])
        errors = []
        for form in doomed:
            lost = dependents.get(form.instance.pk)
            if lost and not form.cleaned_data.get("confirm_removal"):
                errors.append(ValidationError(
                    _("Removing “%(name)s” also deletes %(what)s. Tick the confirmation under it, or undo the "
                      "removal."), code="removal_not_confirmed",
                    params={"name": form.instance.name, "what": describe_dependents(lost)}))
        if errors:
            raise ValidationError(errors)


def subtype_dependents(subtype_ids) -> dict[int, dict]:
    """What a subtype's substrategy holds, per subtype id: approach, feasibility, programmes.
    Three queries, whatever the number of subtypes."""
    result: dict[int, dict] = {}

    def entry(pk):
        return result.setdefault(pk, {"approach": "", "feasibility": False, "programs": [], "risks": False})

    for row in m.SubStrategy.objects.filter(subtype_id__in=subtype_ids):
        if row.approach or row.risks or row.review_triggers or row.mitigations:
            item = entry(row.subtype_id)
            item["approach"] = row.get_approach_display() if row.approach else ""
            item["risks"] = bool(row.risks or row.review_triggers or row.mitigations)
    for subtype_id in m.FeasibilityAssessment.objects.filter(subtype_id__in=subtype_ids).values_list(
            "subtype_id", flat=True):
        entry(subtype_id)["feasibility"] = True
    for program in m.AssistanceProgram.objects.filter(subtype_id__in=subtype_ids).order_by("pk"):
        entry(program.subtype_id)["programs"].append(program.title)
    return result


def describe_dependents(lost: dict) -> str:
    parts = []
    if lost["programs"]:
        parts.append(str(ngettext("%(n)s assistance programme (%(titles)s)", "%(n)s assistance programmes "
                                  "(%(titles)s)", len(lost["programs"])) % {
            "n": len(lost["programs"]), "titles": ", ".join(lost["programs"])}))
    if lost["feasibility"]:
        parts.append(str(_("its feasibility answers")))
    if lost["approach"]:
        parts.append(str(_("its chosen approach (%(approach)s)") % {"approach": lost["approach"]}))
    if lost["risks"]:
        parts.append(str(_("its risks and review triggers")))
    return "; ".join(parts)


SubtypeFormSet = item_formset(
    m.Subtype, SubtypeForm, item_label=_("Subtype"), items_label=_("Subtypes"),
    add_label=_("Add another subtype"), max_num=60,
    formset=SubtypeFormSet,
)


# --- Per subtype: industrial strategy ----------------------------------------------------------


class AssistanceProgramForm(ItemForm):
    class Meta:
        model = m.AssistanceProgram
        fields = ["program_type", "title", "description", "lead_institution", "partner", "budget",
                  "funding_source", "start_year", "end_year", "conditional", "condition", "basic", "risks"]
        help_texts = {
            "partner": _("Chosen from the partners you mapped in Part 1"),
            "budget": _("In the case currency"),
            "conditional": _("For example only licensed operators, or only zone members. Part 3 uses this "
                             "condition as leverage."),
            "condition": _("For example: valid licence and a signed undertaking to stop whole-ore amalgamation"),
            "basic": _("For example health, safety or awareness. Part 3 never offers it as leverage. Where "
                       "preconditions come first, this is the assistance the subtype gets."),
            "risks": _("Could it trigger a rush, elite capture or harm to the environment? How will you prevent it?"),
        }
        error_messages = {
            "program_type": {"required": _("Select the type of assistance")},
            "title": {"required": _("Enter the title of the programme")},
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("conditional") and not cleaned.get("condition", "").strip():
            self.add_error("condition", ValidationError(
                _("Enter the condition operators must meet"), code="condition_missing"))
        if cleaned.get("basic") and cleaned.get("conditional"):
            self.add_error("basic", ValidationError(
                _("Basic assistance is open to everyone: untick “Only for operators who meet a condition”, or "
                  "untick this"), code="basic_is_conditional"))
        if cleaned.get("budget") and not cleaned.get("funding_source", "").strip():
            self.add_error("funding_source", ValidationError(
                _("Enter where the budget comes from"), code="funding_source_missing"))
        first, last = self.case.strategy_start_year, self.case.end_year
        for name in ("start_year", "end_year"):
            year = cleaned.get(name)
            if year is not None and not first <= year <= last:
                self.add_error(name, ValidationError(
                    _("The year must be within the strategy period, %(first)s to %(last)s"),
                    code="outside_strategy_period", params={"first": first, "last": last}))
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", ValidationError(
                _("The end year must be the same as or after the start year"), code="end_before_start"))
        return cleaned


AssistanceProgramFormSet = item_formset(
    m.AssistanceProgram, AssistanceProgramForm, item_label=_("Programme"), items_label=_("Programmes"),
    add_label=_("Add another programme"),
    max_num=60,
)


# --- Per subtype: feasibility --------------------------------------------------------------------

FACTOR_QUESTIONS = {
    "f1": _("Can agencies be present where this subtype operates (offices, inspectors, transport) within the plan "
            "period?"),
    "f2": _("Do the number and spread of operations fit what licensing and inspection can handle?"),
    "f3": _("Are operations permanent, or seasonal but returning, rather than rushes?"),
    "f4": _("Can land be titled to these miners without an unresolved large-scale licence, protected area or "
            "customary dispute?"),
    "f5": _("Does a licence give miners more (tenure, legal sales, assistance) than it costs them (fees, time, "
            "travel, compliance)?"),
    "f6": _("Is there political will, and no armed control or blocking coalition?"),
    "f7": _("Does a workable licence category exist in law, or can one be created in time?"),
    "z": _("Are there viable, conflict-free areas where reach, land and security hold, even if they fail "
           "nationally?"),
    "m": _("Does most output pass, or could it be made to pass, through a channel the state or a credible buyer "
           "controls?"),
}


class FeasibilityForm(StepModelForm):
    class Meta:
        model = m.FeasibilityAssessment
        fields = ["f1", "f1_note", "f2", "f2_note", "f3", "f3_note", "f4", "f4_note", "f5", "f5_note", "f6",
                  "f6_note", "f7", "f7_note", "z", "z_note", "m", "m_note", "evidence"]
        widgets = {code: forms.RadioSelect for code in (*fz.FACTOR_CODES, "z", "m")} | {"evidence": CHECKBOXES}
        error_messages = {
            code: {"required": _("Select Yes, Partly or No for %(factor)s") % {"factor": fz.FACTOR_NAMES[code]}}
            for code in fz.FACTOR_CODES
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in (*fz.FACTOR_CODES, "z", "m"):
            self.fields[code].help_text = FACTOR_QUESTIONS[code]
        self.fields["z"].help_text = str(FACTOR_QUESTIONS["z"]) + " " + str(_("Leave empty if not assessed."))
        self.fields["m"].help_text = str(FACTOR_QUESTIONS["m"]) + " " + str(_("Leave empty if not assessed."))

    def factors(self) -> list[dict]:
        """The questions in page order, each with its answer and note fields."""
        return [{"code": code, "name": fz.FACTOR_NAMES[code], "answer": self[code], "note": self[f"{code}_note"]}
                for code in (*fz.FACTOR_CODES, "z", "m")]


_use_finding_labels(FeasibilityForm, "evidence")


# --- Per subtype: approach ------------------------------------------------------------------------


class ApproachForm(StepModelForm):
    """Accept the recommended approach or choose another; an override needs a written reason.

    Saving stores the recommendation as it stood, so a later change to the feasibility
    answers shows up as a mismatch instead of changing the choice.
    """

    class Meta:
        model = m.SubStrategy
        fields = ["approach", "market_outside_zones", "override_justification", "legal_reform"]
        widgets = {"approach": forms.RadioSelect}
        help_texts = {
            "market_outside_zones": _("Only with ASM zones: operations outside the zones can sell through a "
                                      "voluntary market-access scheme, designed in Part 3. This tool suggests it "
                                      "when M (a market chokepoint) is Yes."),
            "override_justification": _("Needed when you choose an approach other than the recommended one. The "
                                        "report shows it."),
            "legal_reform": _("Tick when the law must change first, for example to create a licence category"),
        }
        error_messages = {"approach": {"required": _("Select the approach for this subtype")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approach"].required = True
        if not self.instance.approach and not self.is_bound:
            # A first choice starts from the recommendation, market channel included.
            self.initial["market_outside_zones"] = self.recommendation.market_access_outside_zones

    @cached_property
    def recommendation(self) -> fz.Recommendation:
        assessment = m.FeasibilityAssessment.objects.filter(case=self.case, subtype=self.subject).first()
        return fz.recommend_for(assessment)

    def clean(self):
        cleaned = super().clean()
        approach = cleaned.get("approach")
        recommended = self.recommendation.approach
        if approach and approach != recommended and not cleaned.get("override_justification", "").strip():
            self.add_error("override_justification", ValidationError(
                _("Explain why you chose %(chosen)s instead of the recommended %(recommended)s"),
                code="override_justification_missing",
                params={"chosen": m.Approach(approach).label,
                        "recommended": self.recommendation.label or _("(no recommendation yet)")}))
        if cleaned.get("market_outside_zones") and approach and approach != m.Approach.ZONES:
            self.add_error("market_outside_zones", ValidationError(
                _("Only a subtype regulated in ASM zones takes a market-access channel for production outside "
                  "them: untick it, or choose ASM zones"), code="market_outside_zones_needs_zones"))
        return cleaned

    def save(self, commit: bool = True):
        self.instance.approach_recommended = self.recommendation.approach or ""
        return super().save(commit)


class ConflictRisksForm(StepModelForm):
    """Preconditions first: the OECD Annex II risks as a checklist, each answered and noted."""

    class Meta:
        model = m.SubStrategy
        fields = [name for code in conflict.CODES for name in (conflict.field(code), conflict.note_field(code))]
        widgets = {conflict.field(code): forms.RadioSelect for code in conflict.CODES}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in conflict.CODES:
            answer = self.fields[conflict.field(code)]
            answer.required = True
            answer.help_text = conflict.DESCRIPTIONS[code]
            answer.error_messages["required"] = _("Select whether red flags were found for “%(risk)s”") % {
                "risk": conflict.NAMES[code]}
            self.fields[conflict.note_field(code)].help_text = _(
                "What was found, where, and the source (a study, a finding, a report). Needed when red flags are "
                "found.")

    def risks(self) -> list[dict]:
        """The checklist in Annex II order, each risk with its answer and note fields."""
        return [{"code": code, "name": conflict.NAMES[code], "answer": self[conflict.field(code)],
                 "note": self[conflict.note_field(code)]} for code in conflict.CODES]

    def clean(self):
        cleaned = super().clean()
        for code in conflict.CODES:
            note = conflict.note_field(code)
            if cleaned.get(conflict.field(code)) == conflict.RiskAnswer.FOUND and not cleaned.get(note, "").strip():
                self.add_error(note, ValidationError(
                    _("Say what red flags were found for “%(risk)s” and where the information comes from"),
                    code="red_flag_note_missing", params={"risk": conflict.NAMES[code]}))
        return cleaned


class RisksForm(StepModelForm):
    class Meta:
        model = m.SubStrategy
        fields = ["risks", "mitigations", "review_triggers"]
        help_texts = {
            "risks": _("What could go wrong: for example capture by local elites, a rush into zones, enforcement "
                       "turning into extortion"),
            "review_triggers": _("For example: a regional office is staffed; the share sold officially passes 50%"),
        }
        error_messages = {
            "risks": {"required": _("Enter the main risks")},
            "mitigations": {"required": _("Enter how the risks will be reduced")},
            "review_triggers": {"required": _("Enter what would move this subtype to a stronger approach")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            self.fields[name].required = True

"""One form (and its lists) per Part 3 step. Markup comes from the shared renderer."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from asm_guide import l10n
from asm_guide.cases.forms import check_minamata_answers
from asm_guide.cases.models import StrategyCase
from asm_guide.wizard.forms import ItemForm, ItemFormSet, StepModelForm, item_formset
from strategy import selectors as strategy_selectors
from strategy.models import Approach

from . import models as m
from .plan import find_cycle, quarter_index

CHECKBOXES = forms.CheckboxSelectMultiple
RADIOS = forms.RadioSelect


def _in_period(form, cleaned, *names: str) -> None:
    """Years (or dates) must fall within the strategy period."""
    first, last = form.case.strategy_start_year, form.case.end_year
    for name in names:
        value = cleaned.get(name)
        year = getattr(value, "year", value)
        if year is not None and not first <= year <= last:
            form.add_error(name, ValidationError(
                _("This must be within the strategy period, %(first)s to %(last)s"),
                code="outside_strategy_period", params={"first": first, "last": last}))


def _money_labels(form, *names: str) -> None:
    for name in names:
        if name in form.fields:
            form.fields[name].label = f"{form.fields[name].label} ({form.case.currency})"


def _subtype_labels(field) -> None:
    field.label_from_instance = lambda subtype: subtype.name


# --- 3.1 Regulations -------------------------------------------------------------------------------


class RegulationForm(ItemForm):
    class Meta:
        model = m.Regulation
        fields = ["title", "category", "requirement", "subtypes", "applies_to_activity", "legal_instrument",
                  "effective_date", "enforcing_institution", "sanction", "est_compliance_cost", "status"]
        widgets = {"subtypes": CHECKBOXES, "applies_to_activity": RADIOS, "status": RADIOS}
        help_texts = {
            "title": _("For example: Regional artisanal permits"),
            "requirement": _("What operators must do or must not do, in plain words"),
            "legal_instrument": _("The act, regulation or order that creates the rule"),
            "est_compliance_cost": _("Fees, travel, time and equipment a miner needs to comply, per year"),
        }
        error_messages = {
            "title": {"required": _("Enter a short name for the regulation")},
            "category": {"required": _("Select the category of the regulation")},
            "requirement": {"required": _("Enter what the rule requires")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _money_labels(self, "est_compliance_cost")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == m.RegulationStatus.PROPOSED:
            date = cleaned.get("effective_date")
            if date is not None and date.year > self.case.end_year:
                self.add_error("effective_date", ValidationError(
                    _("A proposed rule must take effect by the end of the strategy period (%(last)s)"),
                    code="outside_strategy_period", params={"last": self.case.end_year}))
        return cleaned


RegulationFormSet = item_formset(
    m.Regulation, RegulationForm, item_label=_("Regulation"), items_label=pgettext_lazy("list heading", "Regulations"),
    add_label=_("Add another regulation"), max_num=150,
)


# --- 3.2 Adjust regulations -------------------------------------------------------------------------


class RegulationChangeForm(ItemForm):
    class Meta:
        model = m.RegulationChange
        fields = ["regulation", "change_type", "review_date", "trigger", "change", "reason"]
        widgets = {"change_type": RADIOS}
        help_texts = {
            "regulation": _("Leave empty for a new rule"),
            "review_date": _("When the task force reviews the rule and decides"),
            "trigger": _("For example: fewer than 30% of the expected permits issued by the review"),
            "change": _("For example: no permit fee in the first year"),
        }
        error_messages = {
            "change_type": {"required": _("Select the type of change")},
            "review_date": {"required": _("Enter the review date")},
            "change": {"required": _("Enter the change")},
            "reason": {"required": _("Enter the reason for the change")},
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("change_type") and cleaned["change_type"] != m.ChangeType.NEW and not cleaned.get("regulation"):
            self.add_error("regulation", ValidationError(
                _("Select the regulation that changes (only a new rule has none)"), code="regulation_missing"))
        _in_period(self, cleaned, "review_date")
        return cleaned


RegulationChangeFormSet = item_formset(
    m.RegulationChange, RegulationChangeForm, item_label=_("Planned change"), items_label=_("Planned changes"),
    add_label=_("Add another change"),
    max_num=150,
)


# --- 3.3 Training -----------------------------------------------------------------------------------


class TrainingForm(ItemForm):
    class Meta:
        model = m.TrainingProgram
        fields = ["title", "audience", "topic", "provider", "target_participants", "subtypes", "linked_regulations",
                  "start_year", "cost"]
        widgets = {"audience": RADIOS, "subtypes": CHECKBOXES, "linked_regulations": CHECKBOXES}
        error_messages = {
            "title": {"required": _("Enter the title of the training")},
            "audience": {"required": _("Select who the training is for")},
            "topic": {"required": _("Select the topic of the training")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _money_labels(self, "cost")

    def clean(self):
        cleaned = super().clean()
        _in_period(self, cleaned, "start_year")
        return cleaned


TrainingFormSet = item_formset(
    m.TrainingProgram, TrainingForm, item_label=_("Training programme"), items_label=_("Training programmes"),
    add_label=_("Add another training "
                                                                                      "programme"), max_num=150,
)


# --- 3.4 Leverage -------------------------------------------------------------------------------------


def program_label(program) -> str:
    return f"{program.subtype.name.split(' ')[0]} · {program.title}"


class LeverageForm(ItemForm):
    program = forms.ModelChoiceField(
        label=_("Assistance programme"), queryset=strategy_selectors.leverage_programs_queryset(),
        help_text=_("One of the assistance programmes of Part 2 (basic assistance, and the assistance of subtypes "
                    "whose preconditions come first, is never leverage)"),
        error_messages={"required": _("Select the programme that becomes conditional")})

    class Meta:
        model = m.Leverage
        fields = ["program", "condition", "from_year", "verification"]
        help_texts = {
            "condition": _("For example: a valid licence and no whole-ore amalgamation"),
            "verification": _("For example: licence checked in the permit register before each disbursement"),
        }
        error_messages = {
            "condition": {"required": _("Enter the condition operators must meet")},
            "from_year": {"required": _("Enter the year from which the condition applies")},
        }

    def clean(self):
        cleaned = super().clean()
        _in_period(self, cleaned, "from_year")
        return cleaned


LeverageForm.base_fields["program"].label_from_instance = program_label


class LeverageFormSet(ItemFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if self._should_delete_form(form) or not hasattr(form, "cleaned_data"):
                continue
            program = form.cleaned_data.get("program")
            if program is None:
                continue
            if program.pk in seen:
                form.add_error("program", ValidationError(
                    _("“%(program)s” is already in this list: give it one condition"), code="duplicate_program",
                    params={"program": program.title}))
            seen.add(program.pk)


LeverageFormSet = item_formset(
    m.Leverage, LeverageForm, item_label=_("Conditional programme"), items_label=_("Conditional programmes"),
    add_label=_("Add another conditional "
                                                                                  "programme"),
    max_num=150, formset=LeverageFormSet,
)


# --- 3.5 Further assistance ----------------------------------------------------------------------------


class FurtherProgramForm(ItemForm):
    class Meta:
        model = m.FurtherProgram
        fields = ["title", "program_type", "extension", "subtypes", "regions", "start_year", "lead_institution",
                  "partner", "budget", "condition"]
        widgets = {"extension": RADIOS, "subtypes": CHECKBOXES}
        help_texts = {
            "start_year": _("Further assistance starts after the first year, once compliance has grown"),
            "condition": _("Leave empty for assistance open to everyone"),
        }
        error_messages = {
            "title": {"required": _("Enter the title of the programme")},
            "program_type": {"required": _("Select the type of assistance")},
            "extension": {"required": _("Select how the programme extends the assistance")},
            "start_year": {"required": _("Enter the year the programme starts")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _money_labels(self, "budget")

    def clean(self):
        cleaned = super().clean()
        _in_period(self, cleaned, "start_year")
        year = cleaned.get("start_year")
        if year is not None and year == self.case.strategy_start_year and "start_year" not in self.errors:
            self.add_error("start_year", ValidationError(
                _("Further assistance starts after the first year of the strategy (%(first)s)"),
                code="not_a_later_year", params={"first": self.case.strategy_start_year}))
        if cleaned.get("extension") == m.Extension.MORE_SUBTYPES and not cleaned.get("subtypes"):
            self.add_error("subtypes", ValidationError(_("Select the subtypes the programme extends to"),
                                                       code="subtypes_missing"))
        if cleaned.get("extension") == m.Extension.MORE_REGIONS and not cleaned.get("regions", "").strip():
            self.add_error("regions", ValidationError(_("Enter the regions the programme extends to"),
                                                      code="regions_missing"))
        return cleaned


FurtherProgramFormSet = item_formset(
    m.FurtherProgram, FurtherProgramForm, item_label=_("Further programme"), items_label=_("Further programmes"),
    add_label=_("Add another programme"),
    max_num=150,
)


# --- Zones ---------------------------------------------------------------------------------------------


class ZoneForm(ItemForm):
    subtype = forms.ModelChoiceField(
        label=_("Subtype"), queryset=strategy_selectors.subtypes_choosing(Approach.ZONES),
        help_text=_("Only subtypes whose chosen approach is ASM zones"),
        error_messages={"required": _("Select the subtype the zone serves")})
    services = forms.MultipleChoiceField(label=_("Services in the zone"), choices=m.ZoneService.choices,
                                         widget=CHECKBOXES, required=False)

    class Meta:
        model = m.Zone
        fields = ["subtype", "name", "region", "area_ha", "geology_verified", "study", "land_status", "gazette_ref",
                  "gazette_date", "plots_capacity", "plots_allocated", "services", "status"]
        widgets = {"status": RADIOS}
        help_texts = {
            "study": _("The research study (usually R7) that verified the deposit"),
        }
        error_messages = {
            "name": {"required": _("Enter the name of the zone")},
            "land_status": {"required": _("Select the land status")},
        }

    def clean(self):
        cleaned = super().clean()
        capacity, allocated = cleaned.get("plots_capacity"), cleaned.get("plots_allocated")
        if capacity is not None and allocated is not None and allocated > capacity:
            self.add_error("plots_allocated", ValidationError(
                _("More plots are allocated than the zone can hold (%(capacity)s)"), code="allocated_over_capacity",
                params={"capacity": capacity}))
        if cleaned.get("status") in (m.ZoneStatus.GAZETTED, m.ZoneStatus.OPERATIONAL):
            for name, message in (("gazette_ref", _("Enter the gazette reference of a gazetted zone")),
                                  ("gazette_date", _("Enter the gazette date of a gazetted zone"))):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, ValidationError(message, code="gazette_missing"))
        return cleaned


_subtype_labels(ZoneForm.base_fields["subtype"])

ZoneFormSet = item_formset(m.Zone, ZoneForm, item_label=_("Zone"), items_label=_("Zones"),
    add_label=_("Add another zone"), max_num=150)


# --- Market access -------------------------------------------------------------------------------------


class SchemeForm(ItemForm):
    subtype = forms.ModelChoiceField(
        label=_("Subtype"), queryset=strategy_selectors.market_access_subtypes(),
        help_text=_("Only subtypes whose chosen approach is market access, and ASM zones subtypes that also take a "
                    "market-access channel for production outside the zones"),
        error_messages={"required": _("Select the subtype the scheme serves")})

    class Meta:
        model = m.MarketAccessScheme
        fields = ["subtype", "name", "chokepoint_type", "operator", "price_policy", "verification_method",
                  "downstream_link", "volume_target", "volume_unit", "target_year"]
        help_texts = {
            "price_policy": _("How the price compares with informal buyers, and how fast sellers are paid"),
        }
        error_messages = {
            "name": {"required": _("Enter the name of the scheme")},
            "chokepoint_type": {"required": _("Select the chokepoint")},
            "operator": {"required": _("Enter who operates the scheme")},
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("volume_target") is not None and not cleaned.get("volume_unit", "").strip():
            self.add_error("volume_unit", ValidationError(_("Enter the unit of the volume target, for example t/yr"),
                                                          code="unit_missing"))
        _in_period(self, cleaned, "target_year")
        return cleaned


_subtype_labels(SchemeForm.base_fields["subtype"])

SchemeFormSet = item_formset(
    m.MarketAccessScheme, SchemeForm, item_label=_("Scheme"), items_label=_("Schemes"),
    add_label=_("Add another scheme"), max_num=30,
)


class TierForm(ItemForm):
    class Meta:
        model = m.MarketTier
        fields = ["scheme", "standard", "benefit"]
        help_texts = {"scheme": _("Save a new scheme first; then add its tiers")}
        error_messages = {
            "scheme": {"required": _("Select the scheme of this tier")},
            "standard": {"required": _("Enter the standard a seller meets at this tier")},
            "benefit": {"required": _("Enter what a seller gets at this tier")},
        }


TierFormSet = item_formset(
    m.MarketTier, TierForm, item_label=_("Tier"), items_label=_("Tiers"),
    add_label=_("Add another tier"), max_num=60, can_order=True,
)


# --- Action plan -----------------------------------------------------------------------------------------

REF = re.compile(r"^[Aa]?(\d{1,6})$")
ACTIONS_BY_NUMBER = "implementation:actions-by-number"



class ActionRefsField(forms.CharField):
    """Action numbers as typed ("A1, A4"): text with a format, checked by the form."""

class ActionForm(ItemForm):
    depends_on = ActionRefsField(
        label=_("Depends on"), required=False, max_length=300,
        help_text=_("Numbers of the actions that must finish first, separated by commas, for example A1, A4"))

    class Meta:
        model = m.ImplementationAction
        fields = ["step", "title", "subtypes", "responsible_institution", "partner", "start_year", "start_quarter",
                  "end_year", "end_quarter", "cost", "funding", "funding_source", "depends_on", "status",
                  "source_key"]
        widgets = {"subtypes": CHECKBOXES, "funding": RADIOS, "source_key": forms.HiddenInput}
        error_messages = {
            "step": {"required": _("Select the step the action belongs to")},
            "title": {"required": _("Enter what the action is")},
            "responsible_institution": {"required": _("Enter the institution responsible for the action")},
            "start_year": {"required": _("Enter the start year")},
            "start_quarter": {"required": _("Select the start quarter")},
            "end_year": {"required": _("Enter the end year")},
            "end_quarter": {"required": _("Select the end quarter")},
        }

    def __init__(self, *args, choice_cache: dict | None = None, **kwargs):
        super().__init__(*args, choice_cache=choice_cache, **kwargs)
        self.choice_cache = {} if choice_cache is None else choice_cache
        _money_labels(self, "cost")
        # The form shows dependencies as action numbers ("A1, A4"); cleaning turns them back into actions.
        self.initial["depends_on"] = (", ".join(action.ref for action in self.instance.depends_on.all())
                                      if self.instance.pk else "")

    def actions_by_number(self) -> dict[int, m.ImplementationAction]:
        if ACTIONS_BY_NUMBER not in self.choice_cache:
            self.choice_cache[ACTIONS_BY_NUMBER] = {
                action.number: action
                for action in m.ImplementationAction.objects.filter(case=self.case).only("pk", "number", "case")}
        return self.choice_cache[ACTIONS_BY_NUMBER]

    def clean_depends_on(self) -> list[m.ImplementationAction]:
        text = self.cleaned_data.get("depends_on", "")
        known = self.actions_by_number()
        chosen = []
        for token in filter(None, re.split(r"[\s,;]+", text)):
            match = REF.match(token)
            if match is None:
                raise ValidationError(_("Write action numbers such as A1, A4 (“%(token)s” is not one)"),
                                      code="bad_action_number", params={"token": token})
            action = known.get(int(match.group(1)))
            if action is None:
                raise ValidationError(_("There is no action A%(number)s in this plan"), code="unknown_action",
                                      params={"number": match.group(1)})
            if self.instance.pk and action.pk == self.instance.pk:
                raise ValidationError(_("An action cannot depend on itself"), code="depends_on_itself")
            if action not in chosen:
                chosen.append(action)
        return chosen

    def clean(self):
        cleaned = super().clean()
        _in_period(self, cleaned, "start_year", "end_year")
        start = (cleaned.get("start_year"), cleaned.get("start_quarter"))
        end = (cleaned.get("end_year"), cleaned.get("end_quarter"))
        if (None not in start and None not in end and quarter_index(*end) < quarter_index(*start)
                and "end_year" not in self.errors):
            self.add_error("end_year", ValidationError(_("The end must be in or after the start quarter"),
                                                       code="end_before_start"))
        if cleaned.get("funding") == m.Funding.PARTNER and not cleaned.get("partner"):
            self.add_error("partner", ValidationError(_("Select the partner that funds the action"),
                                                      code="partner_missing"))
        return cleaned



class ActionFormSet(ItemFormSet):
    default_error_messages = {
        **ItemFormSet.default_error_messages,
        "dependency_cycle": _("These actions depend on each other in a circle: %(cycle)s. Remove one of these "
                              "dependencies."),
        "depends_on_removed": _("%(action)s depends on %(removed)s, which you are removing. Change its "
                                "dependencies first."),
    }

    def clean(self):
        super().clean()
        removed = {form.instance.number for form in self.deleted_forms if form.instance.pk}
        edges: dict[int, set[int]] = {}
        errors = []
        for form in self.forms:
            if self._should_delete_form(form) or not form.instance.pk or not hasattr(form, "cleaned_data"):
                continue
            if "depends_on" in form.errors:
                continue
            targets = {action.number for action in form.cleaned_data.get("depends_on", [])}
            edges[form.instance.number] = targets
            for number in sorted(targets & removed):
                errors.append(ValidationError(self.error_messages["depends_on_removed"], code="depends_on_removed",
                                              params={"action": form.instance.ref, "removed": f"A{number}"}))
        cycle = find_cycle(edges)
        if cycle:
            errors.append(ValidationError(self.error_messages["dependency_cycle"], code="dependency_cycle",
                                          params={"cycle": " → ".join(f"A{number}" for number in cycle)}))
        if errors:
            raise ValidationError(errors)


ActionFormSet = item_formset(
    m.ImplementationAction, ActionForm, item_label=_("Action"), items_label=_("Actions"),
    add_label=_("Add another action"), max_num=500,
    formset=ActionFormSet,
)


class ProposalKeysInput(forms.MultipleHiddenInput):
    """Tick boxes rendered by the page: nothing ticked means an empty list, not "unchanged"."""

    def value_omitted_from_data(self, data, files, name):
        return False


class ActionPlanForm(StepModelForm):
    """Which proposals the person does not need. The page renders these tick boxes beside each
    proposal; the field accepts proposal keys only."""

    dropped_proposals = forms.MultipleChoiceField(label=_("Proposals not needed"), required=False,
                                                  widget=ProposalKeysInput)

    class Meta:
        model = m.ActionPlan
        fields = ["dropped_proposals"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dropped_proposals"].valid_value = lambda value: bool(re.fullmatch(r"[a-z-]{2,30}:\d{1,10}",
                                                                                       str(value)))


def describe_proposals(keys, *, case=None) -> str:
    """Proposal keys ("review:5", how the plan stores them) as the titles the page showed beside
    the tick boxes, for the history of changes and the comparison of revisions."""
    keys = [str(key) for key in keys if key]
    if not keys:
        return ""
    titles: dict[str, str] = {}
    if case is not None:
        from asm_guide.wizard.registry import StepContext

        from . import rules

        titles = {proposal.key: str(proposal.title) for proposal in rules.all_proposals(StepContext(case=case))}
    gone = str(_("a proposal that no longer applies"))
    return l10n.join(dict.fromkeys(titles.get(key, gone) for key in keys))


ActionPlanForm.base_fields["dropped_proposals"].describe_values = describe_proposals


# --- Monitoring and evaluation ---------------------------------------------------------------------------


class MinamataForm(StepModelForm):
    class Meta:
        model = StrategyCase
        fields = ["is_minamata_party", "asgm_more_than_insignificant", "nap_status", "nap_submission_date"]
        widgets = {"nap_status": RADIOS}
        labels = {
            "is_minamata_party": _("The country is a Party to the Minamata Convention"),
            "asgm_more_than_insignificant": _("The country has notified that its ASGM is more than insignificant"),
            "nap_status": _("Status of the national action plan (NAP) on ASGM"),
            "nap_submission_date": _("Date the NAP was submitted"),
        }
        help_texts = {
            "asgm_more_than_insignificant": _("Then the Convention asks for a NAP, and this part adds the NAP "
                                              "crosswalk step"),
        }

    def clean(self):
        cleaned = super().clean()
        check_minamata_answers(self, cleaned)
        if cleaned.get("nap_status") in ("submitted", "under_review") and not cleaned.get("nap_submission_date") and (
                "nap_submission_date" not in self.errors):
            self.add_error("nap_submission_date", ValidationError(_("Enter the date the NAP was submitted"),
                                                                  code="nap_date_missing"))
        return cleaned


class IndicatorForm(ItemForm):
    program = forms.ModelChoiceField(label=_("Programme it measures"), queryset=strategy_selectors.programs_queryset(),
                                     required=False)

    class Meta:
        model = m.Indicator
        fields = ["name", "unit", "objective", "program", "baseline_value", "target_value", "target_year",
                  "data_source", "responsible_institution", "source_key"]
        widgets = {"source_key": forms.HiddenInput}
        error_messages = {"name": {"required": _("Enter the name of the indicator")}}

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("target_year")
        if year is not None and year < self.case.strategy_start_year:
            self.add_error("target_year", ValidationError(
                _("The target year must be %(first)s (the strategy's start year) or later"),
                code="target_before_start", params={"first": self.case.strategy_start_year}))
        return cleaned


IndicatorForm.base_fields["program"].label_from_instance = program_label

IndicatorFormSet = item_formset(
    m.Indicator, IndicatorForm, item_label=_("Indicator"), items_label=_("Indicators"),
    add_label=_("Add another indicator"), max_num=200,
)


class RecordForm(ItemForm):
    class Meta:
        model = m.MonitoringRecord
        fields = ["indicator", "period_end", "value", "source", "comment"]
        help_texts = {"indicator": _("Save a new indicator first; then record its values")}
        error_messages = {
            "indicator": {"required": _("Select the indicator")},
            "period_end": {"required": _("Enter the last day of the period measured")},
            "value": {"required": _("Enter the value measured")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "period_end" in self.fields:
            self.fields["period_end"].help_text = _(
                "A reading dated before %(first)s, the strategy's first year, is a baseline reading") % {
                "first": self.case.strategy_start_year}

    def clean(self):
        cleaned = super().clean()
        # Readings before the strategy period are baselines (the state the strategy starts from);
        # a reading after its end is outside what this strategy monitors.
        day = cleaned.get("period_end")
        if day is not None and day.year > self.case.end_year:
            self.add_error("period_end", ValidationError(
                _("A reading must be dated by the end of the strategy period (%(last)s); readings before it "
                  "started are baselines"), code="outside_strategy_period", params={"last": self.case.end_year}))
        return cleaned


RecordFormSet = item_formset(
    m.MonitoringRecord, RecordForm, item_label=_("Monitoring record"), items_label=_("Monitoring records"),
    add_label=_("Add another record"),
    max_num=500,
)


class ReviewForm(ItemForm):
    class Meta:
        model = m.Review
        fields = ["kind", "date", "status", "findings", "decisions", "approach_subtype", "new_approach"]
        widgets = {"kind": RADIOS, "status": RADIOS}
        help_texts = {
            "approach_subtype": _("Only when the review decides that a subtype moves to another approach"),
            "new_approach": _("The approach itself is changed on the subtype's approach page in Part 2"),
        }
        error_messages = {
            "kind": {"required": _("Select the kind of review")},
            "date": {"required": _("Enter the date of the review")},
        }

    def clean(self):
        cleaned = super().clean()
        _in_period(self, cleaned, "date")
        subtype, approach = cleaned.get("approach_subtype"), cleaned.get("new_approach")
        if bool(subtype) != bool(approach):
            name = "new_approach" if subtype else "approach_subtype"
            self.add_error(name, ValidationError(
                _("Give both the subtype and its new approach, or neither"), code="approach_change_incomplete"))
        if cleaned.get("status") == m.ReviewStatus.HELD and not cleaned.get("findings", "").strip():
            self.add_error("findings", ValidationError(_("Enter what the review found"), code="findings_missing"))
        return cleaned


ReviewFormSet = item_formset(
    m.Review, ReviewForm, item_label=_("Review"), items_label=_("Reviews"),
    add_label=_("Add another review"), max_num=100,
)


# --- NAP crosswalk ---------------------------------------------------------------------------------------


class NapPlanForm(StepModelForm):
    class Meta:
        model = m.NapPlan
        fields = ["gaps_plan"]
        help_texts = {"gaps_plan": _("For example: extend the supply-chain mapping to mercury imports in Year 2")}

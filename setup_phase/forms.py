"""One form (and its lists) per Part 1 step. Markup comes from the shared renderer."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from asm_guide.wizard.forms import ItemForm, ItemFormSet, StepModelForm, item_formset

from . import models as m

CHECKBOXES = forms.CheckboxSelectMultiple


class TaskForceForm(StepModelForm):
    class Meta:
        model = m.TaskForce
        fields = [
            "legal_instrument", "date_established", "chair", "secretariat", "meeting_frequency",
            "decision_rule", "subnational_participation", "budget_amount", "budget_source",
            "terms_of_reference",
        ]
        widgets = {"meeting_frequency": forms.RadioSelect, "decision_rule": forms.RadioSelect}
        help_texts = {
            "legal_instrument": _("The decree, ministerial order or cabinet decision that creates the task force"),
            "chair": _("The institution or office that chairs it"),
            "subnational_participation": _("Which provincial or district authorities take part, if any"),
            "budget_amount": _("In the case currency, per year"),
        }
        error_messages = {
            "legal_instrument": {"required": _("Enter the legal instrument that creates the task force")},
            "chair": {"required": _("Enter who chairs the task force")},
            "secretariat": {"required": _("Enter who provides the secretariat")},
            "meeting_frequency": {"required": _("Select how often the task force meets")},
            "decision_rule": {"required": _("Select how the task force takes decisions")},
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("budget_amount") and not cleaned.get("budget_source"):
            self.add_error("budget_source", ValidationError(
                _("Enter where the budget comes from"), code="budget_source_missing"))
        return cleaned


class TaskForceMemberForm(ItemForm):
    class Meta:
        model = m.TaskForceMember
        fields = ["institution", "institution_type", "level", "focal_person", "role"]
        error_messages = {
            "institution": {"required": _("Enter the name of the institution")},
            "institution_type": {"required": _("Select the type of institution")},
        }
        widgets = {"focal_person": forms.TextInput(attrs={"autocomplete": "name"})}


TaskForceMemberFormSet = item_formset(
    m.TaskForceMember, TaskForceMemberForm, item_label=_("Member"), items_label=_("Members"),
    add_label=_("Add another member"),
)


class InformationItemForm(ItemForm):
    covers_research_types = forms.MultipleChoiceField(
        label=_("Research it already covers"), choices=m.ResearchType.choices, required=False, widget=CHECKBOXES,
        help_text=_("Tick only what it answers at a usable scale and quality"),
    )

    class Meta:
        model = m.InformationItem
        fields = ["title", "kind", "year", "owner", "coverage", "reliability", "covers_research_types", "link"]
        error_messages = {
            "title": {"required": _("Enter the title of the document or dataset")},
            "kind": {"required": _("Select what kind of information it is")},
            "reliability": {"required": _("Select how reliable it is")},
        }
        widgets = {"reliability": forms.RadioSelect}


class RegionForm(ItemForm):
    name = forms.CharField(label=_("Name of the region"), max_length=120,
                           help_text=_("As people in the sector call it, for example Northern Highlands"),
                           error_messages={"required": _("Enter the name of the region")})
    # Any name, but each once in the list (tests/test_bad_input.py varies it per row).
    name.unique_in_list = True

    class Meta:
        model = m.Region
        fields = ["name"]


class RegionListFormSet(ItemFormSet):
    """The case's regions. Two rows cannot carry one name (case aside): findings and subtypes
    pick a region by its row, so a second spelling would split what belongs together."""

    def clean(self):
        super().clean()
        seen: dict[str, int] = {}
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            name = " ".join(str(getattr(form, "cleaned_data", {}).get("name") or "").split())
            if not name:
                continue
            key = name.casefold()
            if key in seen:
                form.add_error("name", ValidationError(
                    _("“%(name)s” is already in the list of regions. Use one name for each region"),
                    code="duplicate_region", params={"name": name}))
            else:
                seen[key] = 1


RegionFormSet = item_formset(
    m.Region, RegionForm, item_label=_("Region"), items_label=_("Regions"), add_label=_("Add another region"),
    max_num=100, formset=RegionListFormSet,
)


InformationItemFormSet = item_formset(
    m.InformationItem, InformationItemForm, item_label=_("Information item"), items_label=_("Information items"),
    add_label=_("Add another information item"),
)


class PartnerForm(ItemForm):
    offer_types = forms.MultipleChoiceField(
        label=_("What they offer"), choices=m.OfferType.choices, required=False, widget=CHECKBOXES,
    )

    class Meta:
        model = m.Partner
        fields = [
            "name", "partner_type", "interests", "offer_types", "committed_amount", "in_kind_value",
            "status", "mou_date", "conflicts_note",
        ]
        error_messages = {
            "name": {"required": _("Enter the name of the partner")},
            "partner_type": {"required": _("Select the type of partner")},
        }
        help_texts = {
            "committed_amount": _("Firm commitments only, in the case currency"),
            "conflicts_note": _("For example a mining company funding a land-use study of its own licence area, "
                                "and how the conflict is managed"),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mou_date") and cleaned.get("status") in (m.PartnerStatus.IDENTIFIED, m.PartnerStatus.CONTACTED):
            self.add_error("status", ValidationError(
                _("A partner with an MoU date is at least 'Agreed (MoU)'. Change the status or remove the date"),
                code="mou_status_mismatch"))
        return cleaned


PartnerFormSet = item_formset(m.Partner, PartnerForm, item_label=_("Partner"), items_label=_("Partners"),
    add_label=_("Add another partner"))


class ForumForm(StepModelForm):
    class Meta:
        model = m.ConsultationForum
        fields = ["terms_of_reference", "mandate", "selection_method", "voice_without_association"]
        widgets = {"mandate": forms.RadioSelect}
        error_messages = {
            "terms_of_reference": {"required": _("Enter the forum's terms of reference")},
            "mandate": {"required": _("Select whether the forum advises or must consent")},
            "selection_method": {"required": _("Enter how members are selected")},
        }


class ForumMemberForm(ItemForm):
    class Meta:
        model = m.ForumMember
        fields = ["stakeholder_group", "organisation", "region", "gender"]
        error_messages = {
            "stakeholder_group": {"required": _("Select the stakeholder group")},
            "organisation": {"required": _("Enter the organisation")},
            "gender": {"required": _("Select the gender of the representative")},
        }


ForumMemberFormSet = item_formset(
    m.ForumMember, ForumMemberForm, item_label=_("Forum member"), items_label=_("Forum members"),
    add_label=_("Add another forum member"),
)


class ForumMeetingForm(ItemForm):
    class Meta:
        model = m.ForumMeeting
        fields = ["date", "place", "informed_step", "attendance_total", "attendance_women", "inputs", "response"]
        error_messages = {
            "date": {"required": _("Enter the date of the meeting")},
            "place": {"required": _("Enter where the meeting took place")},
            "informed_step": {"required": _("Select which step the meeting informed")},
            "attendance_total": {"required": _("Enter how many people attended")},
            "attendance_women": {"required": _("Enter how many women attended")},
        }

    def clean(self):
        cleaned = super().clean()
        total, women = cleaned.get("attendance_total"), cleaned.get("attendance_women")
        if total is not None and women is not None and women > total:
            self.add_error("attendance_women", ValidationError(
                _("Women attending cannot be more than the total attendance"), code="women_above_total"))
        return cleaned


ForumMeetingFormSet = item_formset(
    m.ForumMeeting, ForumMeetingForm, item_label=_("Meeting"), items_label=_("Meetings"),
    add_label=_("Add another meeting"),
)


class ResearchStudyForm(ItemForm):
    research_type = forms.ChoiceField(label=_("Research type"), choices=m.ResearchType.choices, disabled=True,
                                      widget=forms.HiddenInput)
    informs = forms.MultipleChoiceField(
        label=_("Decisions it informs"), choices=m.Decision.choices, required=False, widget=CHECKBOXES,
    )

    class Meta:
        model = m.ResearchStudy
        fields = [
            "research_type", "status", "deferred_reason", "title", "implementer", "funder", "budget", "scope",
            "questions", "informs", "start_date", "end_date", "validated_by_forum",
        ]
        error_messages = {"status": {"required": _("Select the status of this study")}}
        help_texts = {
            "funder": _("Chosen from this case's partners"),
            "validated_by_forum": _("Chosen from this case's forum meetings"),
        }

    @property
    def item_legend(self) -> str:
        """The block's heading on the step page: its code and name ("R1 Scoping study"), then
        its title once saved, whether or not the study exists yet."""
        title = self.instance.title if self.instance.pk else ""
        return m.study_heading(self["research_type"].value(), title)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == m.StudyStatus.DEFERRED and not cleaned.get("deferred_reason", "").strip():
            self.add_error("deferred_reason", ValidationError(
                _("Enter why this study is deferred"), code="deferred_reason_missing"))
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", ValidationError(
                _("The end date must be the same as or after the start date"), code="end_before_start"))
        return cleaned


class ResearchFormSet(ItemFormSet):
    """Exactly one entry per research type R1–R7: existing studies, then one row per missing type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {study.research_type for study in self.get_queryset()}
        self.initial_extra = [{"research_type": code} for code in m.ResearchType.values if code not in existing]
        self.extra = len(self.initial_extra)

    @property
    def display_forms(self) -> list:
        """R1 to R7 in order on the page, whichever already exist (those come first in the list)."""
        order = {code: index for index, code in enumerate(m.ResearchType.values)}
        return sorted(self.forms, key=lambda form: order.get(form["research_type"].value(), len(order)))

    def total_form_count(self):
        # Never more rows than research types, whatever the management form says.
        return min(super().total_form_count(), len(m.ResearchType.values))


    can_add = False


ResearchStudyFormSet = item_formset(
    m.ResearchStudy, ResearchStudyForm, item_label=_("Study"), items_label=_("Studies"),
    add_label="", max_num=len(m.ResearchType.values),
    formset=ResearchFormSet, can_delete=False,
)


class ResearchFindingForm(ItemForm):
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=m.Region.objects.order_by("name", "pk"), required=False,
        empty_label=_("National (the whole country)"),
        help_text=_("Regions are listed in the step Collect existing information"))
    mineral = forms.ChoiceField(
        label=_("Mineral"), required=False, choices=[("", _("All minerals")), *m.Mineral.choices],
        help_text=m.MINERAL_HINT)

    class Meta:
        model = m.ResearchFinding
        fields = ["study", "topic", "value", "unit", "text", "region", "mineral", "mineral_note"]
        error_messages = {
            "study": {"required": _("Select the study this finding comes from")},
            "topic": {"required": _("Select the topic of the finding")},
            "text": {"required": _("Enter the finding in words")},
        }
        help_texts = {"value": _("A number where there is one, for example 22")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("value") is not None and not cleaned.get("unit", "").strip():
            self.add_error("unit", ValidationError(_("Enter the unit of the number, for example inspectors"),
                                                   code="unit_missing"))
        return cleaned


ResearchFindingFormSet = item_formset(
    m.ResearchFinding, ResearchFindingForm, item_label=_("Finding"),
    items_label=pgettext_lazy("list heading", "Findings"), add_label=_("Add another finding"),
    max_num=300,
)

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from asm_guide.wizard.forms import CaseFormMixin

from .models import Membership, Role, StrategyCase

MINAMATA_FIELDS = ("is_minamata_party", "asgm_more_than_insignificant")
GOVERNANCE_FIELDS = ("approval_by_other_member",)


def check_minamata_answers(form, cleaned) -> None:
    """Only a Party notifies more-than-insignificant ASGM (the case form and Part 3's monitoring
    step ask the same two questions)."""
    if cleaned.get("asgm_more_than_insignificant") and not cleaned.get("is_minamata_party"):
        form.add_error("asgm_more_than_insignificant", ValidationError(
            _("Only a Party notifies more-than-insignificant ASGM: tick the first box too, or untick this one"),
            code="asgm_needs_party"))


class CaseForm(CaseFormMixin, forms.ModelForm):
    class Meta:
        model = StrategyCase
        fields = [
            "country_name", "iso3", "title", "lead_ministry", "currency",
            "strategy_start_year", "horizon_years", "report_language",
            *MINAMATA_FIELDS, *GOVERNANCE_FIELDS,
        ]
        labels = {
            # The questions of Part 3's monitoring step, which edits the same answers.
            "is_minamata_party": _("Party to the Minamata Convention on Mercury"),
            "asgm_more_than_insignificant": _("Has notified its artisanal and small-scale gold mining (ASGM) as more "
                                              "than insignificant"),
            "approval_by_other_member": _("A revision is approved by a member other than the one who submitted it"),
        }
        help_texts = {
            "asgm_more_than_insignificant": _("Then the Convention asks for a national action plan (NAP), and Part 3 "
                                              "adds the NAP crosswalk."),
            "approval_by_other_member": _("Recommended: one owner submits, another approves. Untick it only for a "
                                          "case with a single owner."),
            "iso3": _("Leave empty for a fictional or training case."),  # the label already says "optional"
            "currency": _("The ISO 4217 code used for budgets, for example USD or XOF."),
            "horizon_years": _("How many years the strategy covers, usually 5."),
            "report_language": _("The language of the exported report and of the e-mails about this case."),
        }
        error_messages = {
            "country_name": {"required": _("Enter the name of the country")},
            "title": {"required": _("Enter a title for the strategy")},
            "lead_ministry": {"required": _("Enter the ministry that leads the strategy")},
            "strategy_start_year": {"required": _("Enter the year the strategy starts, for example 2026")},
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("case", None)
        super().__init__(*args, **kwargs)

    def clean_iso3(self):
        return self.cleaned_data["iso3"].strip().upper()

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        check_minamata_answers(self, cleaned)
        return cleaned

    def _fields_named(self, names):
        return [self[name] for name in names if name in self.fields]

    @property
    def details_fields(self):
        """The case's own details, before the two groups of questions below them."""
        return self._fields_named([name for name in self.fields if name not in (*MINAMATA_FIELDS,
                                                                                *GOVERNANCE_FIELDS)])

    @property
    def minamata_fields(self):
        return self._fields_named(MINAMATA_FIELDS)

    @property
    def governance_fields(self):
        return self._fields_named(GOVERNANCE_FIELDS)


class AddMemberForm(forms.Form):
    user = forms.CharField(
        label=_("Username or e-mail address"), max_length=254,
        error_messages={"required": _("Enter the username or e-mail address of the person to add")},
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Role.choices, initial=Role.EDITOR, widget=forms.RadioSelect,
        error_messages={"required": _("Select a role")},
    )

    def __init__(self, *args, case: StrategyCase, **kwargs):
        self.case = case
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_user(self):
        value = self.cleaned_data["user"].strip()
        users = get_user_model().objects.filter(Q(username__iexact=value) | Q(email__iexact=value), is_active=True)
        matches = list(users[:2])
        if len(matches) != 1:
            raise ValidationError(
                _("No single active account has that username or e-mail address"), code="unknown_user"
            )
        user = matches[0]
        if Membership.objects.filter(case=self.case, user=user).exists():
            raise ValidationError(
                _("%(user)s is already a member of this case") % {"user": user}, code="already_member"
            )
        return user


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, error_messages={"required": _("Select a role")})

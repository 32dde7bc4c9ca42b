from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_COMMENT = 10_000


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_COMMENT,
        error_messages={"required": _("Enter your comment"),
                        "max_length": _("A comment must be %(limit_value)d characters or fewer")},
    )
    item = forms.ChoiceField(label=_("About which item"), required=False,
                             error_messages={"invalid_choice": _("Choose an item of this step from the list")})
    assignee = forms.ChoiceField(label=_("Assign to"), required=False,
                                 error_messages={"invalid_choice": _("Choose a member of this case")})
    blocking = forms.BooleanField(label=_("This must be resolved before the case can be approved"),
                                  required=False)

    def __init__(self, *args, members=(), items=(), **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("The whole step")), *items]
        if not items:
            self.fields["item"].widget = forms.HiddenInput()
        users = [membership.user for membership in members]
        self.fields["assignee"].choices = [("", _("Nobody")), *((u.pk, u.get_username()) for u in users)]
        self._users = {str(u.pk): u for u in users}

    def clean_assignee(self):
        # Chosen among the members read once for the page; no extra query per option.
        value = self.cleaned_data.get("assignee")
        return self._users.get(str(value)) if value else None


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_COMMENT,
        error_messages={"required": _("Enter your reply"),
                        "max_length": _("A reply must be %(limit_value)d characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class TransitionForm(forms.Form):
    label = forms.CharField(label=_("Name this revision"), max_length=200, required=False,
                            help_text=_("For example: Draft for the task force meeting of 12 March"),
                            error_messages={"max_length": _("A name must be %(limit_value)d characters or fewer")})
    reason = forms.CharField(label=_("What needs to change"), widget=forms.Textarea(attrs={"rows": 4}),
                             required=False, max_length=MAX_COMMENT)
    confirm_incomplete = forms.BooleanField(
        label=_("Submit it as it is: the revision records that these parts were not complete"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

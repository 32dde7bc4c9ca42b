"""Never losing an edit: the hooks the step engine calls around a save and a sign-in.

* ``guarded_step_save``: each step form carries the version of the step the person started from
  (hidden field ``step_version``). The save locks the step's version row; if a colleague saved the
  step in between, ``EditConflict`` is raised and nothing is written. Otherwise the answers are
  saved, the version goes up by one and an ``AuditEntry`` records who changed what.
* ``keep_post_for_sign_in`` / ``restored_post``: a POST that arrives after the sign-in expired is
  kept server-side (bounded in size, number and lifetime, bound to the case and step and to the
  browser by a cookie). After signing in, the person lands on the step with the answers back in
  the form, not saved until they press Save.
"""

from __future__ import annotations

import json
import secrets
from contextlib import contextmanager
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from asm_guide.cases.models import StrategyCase

from .diff import display
from .models import AuditEntry, PendingSubmission, StepVersion

VERSION_FIELD = "step_version"
RESTORE_PARAM = "restore"
RESTORE_COOKIE = "asm_restore"


class EditConflict(Exception):
    """A colleague saved this step after the person opened it."""

    def __init__(self, version: StepVersion, step, case, subject, bundle=None):
        super().__init__("edit conflict")
        self.version = version
        self.step = step
        self.case = case
        self.subject = subject
        self.bundle = bundle
        self._theirs = None

    def their_answers(self) -> dict:
        """The step as it is saved now (the colleague's version), read the way check-answers reads it."""
        from asm_guide.wizard.registry import StepContext
        from asm_guide.wizard.views import summarise_step

        if self._theirs is None:
            self._theirs = summarise_step(self.step, StepContext(case=self.case, subject=self.subject))
        return self._theirs

    def differences(self) -> list[dict]:
        """Questions of the main form where their saved answer and the person's typing differ
        (compared the way Django tells a changed field: dates, numbers and choices by value)."""
        from asm_guide.wizard.forms import StepBundle, display_label, display_value

        mine = getattr(self.bundle, "form", None)
        if mine is None:
            return []
        theirs = StepBundle.for_step(self.step)(case=self.case, subject=self.subject).form
        rows = []
        for bound in mine:
            if bound.is_hidden or bound.name not in theirs.fields:
                continue
            saved = theirs[bound.name]
            if bound.field.has_changed(saved.initial, bound.data):
                rows.append({"label": display_label(bound), "id": bound.id_for_label or f"{bound.auto_id}_0",
                             "theirs": display_value(saved), "mine": display_value(bound)})
        return rows


def _subject_key(subject) -> int:
    return subject.pk if subject is not None else 0


def current_version(case, flow, subject, step) -> int:
    return (StepVersion.objects.filter(case=case, flow=flow.name, subject_key=_subject_key(subject), step=step.slug)
            .values_list("number", flat=True).first() or 0)


def version_for_form(case, flow, subject, step, bundle, conflict: EditConflict | None = None) -> int:
    """The version the page's hidden field carries: the one the person started from, kept across
    re-displays (errors, 'Add another', restored typing); after a conflict, the colleague's, so that
    saving again knowingly replaces it."""
    if conflict is not None:
        return conflict.version.number
    posted = _posted_version(getattr(bundle, "data", None))
    if posted is not None:
        return posted
    return current_version(case, flow, subject, step)


def _posted_version(data) -> int | None:
    if not data or VERSION_FIELD not in data:
        return None
    try:
        return int(data.get(VERSION_FIELD))
    except (TypeError, ValueError):
        return -1  # tampered: never matches, so nothing is overwritten silently


@contextmanager
def guarded_step_save(*, request, flow, step, case, subject, bundle):
    """Wrap ``bundle.save()``: refuse a stale save, then bump the version and write the audit entry.

    Without a ``step_version`` in the POST (a client that is not our page) the save is not checked
    for conflicts, but it is still versioned and audited.
    """
    with transaction.atomic():
        version, _created = StepVersion.objects.select_for_update().get_or_create(
            case=case, flow=flow.name, subject_key=_subject_key(subject), step=step.slug)
        posted = _posted_version(bundle.data)
        if posted is not None and posted != version.number:
            raise EditConflict(version, step, case, subject, bundle)
        changes = _changes(bundle)
        yield
        version.number += 1
        version.updated_by = request.user
        version.save(update_fields=["number", "updated_by", "updated_at"])
        AuditEntry.objects.create(
            case=case, user=request.user, username=request.user.get_username(), flow=flow.name,
            subject_id=subject.pk if subject is not None else None,
            subject_label=str(subject)[:300] if subject is not None else "", step=step.slug,
            step_title=str(step.title)[:300], version=version.number, changes=_finish(changes),
        )


# --- What a save changes, read from the bound forms before they are saved ------------------------


def _value(form, name, value):
    field = form.fields[name]
    if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
        by_pk = getattr(field, "_by_pk", {})
        if isinstance(value, list | tuple):
            return ", ".join(str(v) if isinstance(v, models.Model) else str(by_pk.get(str(v), _REMOVED))
                             for v in value)
        if value not in (None, ""):
            return str(value) if isinstance(value, models.Model) else str(by_pk.get(str(value), _REMOVED))
    model = getattr(getattr(form, "_meta", None), "model", None)
    try:
        model_field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        model_field = None
    case = getattr(form, "case", None)
    return display(value, form_field=field, model_field=model_field if not getattr(model_field, "is_relation", False)
                   else None, currency=getattr(case, "currency", ""), case=case)


_REMOVED = gettext_lazy("a record that was removed")


def _form_fields(form, names, initial: bool):
    rows = []
    for name in names:
        if name not in form.fields or name in ("DELETE", "id"):
            continue
        field = form.fields[name]
        if field.widget.is_hidden and not hasattr(field, "describe_values"):
            continue  # bookkeeping such as the key of the proposal a row came from, not an answer
        old = _value(form, name, form.initial.get(name)) if initial else ""
        new = _value(form, name, form.cleaned_data.get(name))
        if old != new:
            row = {"name": name, "label": str(form.fields[name].label or name), "old": old, "new": new}
            if not isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
                # The values themselves too, so the history is written again in its reader's
                # language (review.history); records' names are kept as words.
                row["raw_old"] = _json_value(form.initial.get(name)) if initial else None
                row["raw_new"] = _json_value(form.cleaned_data.get(name))
            rows.append(row)
    return rows


def _json_value(value):
    try:
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    except (TypeError, ValueError):
        return str(value)


def _record(form, action, fields):
    model = form._meta.model
    return {"model": model._meta.label_lower, "model_label": str(model._meta.verbose_name), "action": action,
            "form": form, "fields": fields}


def _changes(bundle) -> list[dict]:
    found = []
    form = bundle.form
    if form is not None and getattr(form, "_meta", None) is not None and form.has_changed():
        adding = form.instance._state.adding
        fields = _form_fields(form, form.changed_data, initial=not adding)
        if fields:
            found.append(_record(form, "created" if adding else "changed", fields))
    for _name, formset in bundle.lists:
        for item in formset.initial_forms:
            if formset.can_delete and formset._should_delete_form(item):
                found.append(_record(item, "deleted", []))
            elif item.has_changed():
                fields = _form_fields(item, item.changed_data, initial=True)
                if fields:
                    found.append(_record(item, "changed", fields))
        for item in formset.extra_forms:
            if item.has_changed() and not (formset.can_delete and formset._should_delete_form(item)):
                found.append(_record(item, "created", _form_fields(item, item.changed_data, initial=False)))
    for entry in found:
        instance = entry["form"].instance
        entry["pk"] = instance.pk
        entry["item"] = str(instance)[:300]
    return found


def _finish(changes: list[dict]) -> list[dict]:
    """After saving: new rows have their primary key now."""
    result = []
    for entry in changes:
        instance = entry.pop("form").instance
        if entry["pk"] is None and instance.pk is not None:
            entry["pk"] = instance.pk
            entry["item"] = str(instance)[:300]
        result.append(entry)
    return result


# --- Typing sent after the sign-in expired -----------------------------------------------------------


def _querydict_to_json(data: QueryDict) -> dict:
    return {key: data.getlist(key) for key in data if key != "csrfmiddlewaretoken"}


def keep_post_for_sign_in(request, *, flow, case_id, subject_id, step_slug):
    """Keep a POST sent while signed out and send the person to sign in, then back to the step."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    target = request.get_full_path()
    data = _querydict_to_json(request.POST)
    size = len(json.dumps(data))
    now = timezone.now()
    PendingSubmission.objects.filter(expires_at__lt=now).delete()
    token = None
    client_ip = request.META.get("REMOTE_ADDR") or None
    # Bounded: size of one POST, rows in all, rows per address; and only for a case that exists.
    if (step_slug and size <= settings.ASM_PENDING_POST_MAX_BYTES
            and PendingSubmission.objects.count() < settings.ASM_PENDING_POST_MAX_ROWS
            and PendingSubmission.objects.filter(client_ip=client_ip).count() < settings.ASM_PENDING_POST_MAX_PER_IP
            and StrategyCase.objects.filter(pk=int(case_id)).exists()):
        token = secrets.token_urlsafe(32)
        PendingSubmission.objects.create(
            token=token, case_id_value=int(case_id), flow=flow.name, subject_key=int(subject_id or 0),
            step=step_slug, data=data, client_ip=client_ip,
            expires_at=now + timedelta(hours=settings.ASM_PENDING_POST_HOURS),
        )
        target = f"{request.path}?{urlencode({RESTORE_PARAM: token})}"
        messages.warning(request, _("Your sign-in expired before your answers were saved. They are kept: sign in "
                                    "again to get them back."))
    else:
        messages.warning(request, _("Your sign-in expired and your answers could not be kept. Sign in again."))
    response = redirect_to_login(target)
    if token:
        response.set_cookie(RESTORE_COOKIE, token, max_age=settings.ASM_PENDING_POST_HOURS * 3600, httponly=True,
                            samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    return response


def restored_post(request, *, flow, case, subject, step_slug) -> QueryDict | None:
    """The typing kept for this browser, case and step, or None."""
    token = request.GET.get(RESTORE_PARAM)
    if not token or request.COOKIES.get(RESTORE_COOKIE) != token:
        return None
    pending = PendingSubmission.objects.filter(
        token=token, case_id_value=case.pk, flow=flow.name, subject_key=_subject_key(subject), step=step_slug,
        expires_at__gte=timezone.now(),
    ).first()
    if pending is None:
        return None
    data = QueryDict(mutable=True)
    for key, values in pending.data.items():
        data.setlist(key, [str(value) for value in values])
    return data

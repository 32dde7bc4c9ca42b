"""Forms shared by every step: GOV.UK-style rendering, case-scoped choices, 'add another'
lists that work without JavaScript, and the bundle that puts a step's form and lists
together for the wizard."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.forms.models import BaseModelFormSet, modelformset_factory
from django.forms.renderers import TemplatesSetting
from django.utils.choices import normalize_choices
from django.utils.translation import get_language, ngettext_lazy, pgettext
from django.utils.translation import gettext_lazy as _

from asm_guide import l10n
from asm_guide.cases.models import StrategyCase, figure_kind


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    formset_template_name = "forms/govuk_formset.html"
    field_template_name = "forms/govuk_field.html"


def scope_filter(model: type[models.Model], case: StrategyCase, subject: Any = None) -> dict:
    """The filter that keeps a model's rows to one case (and one subject, where it has one)."""
    if model is StrategyCase:
        return {"pk": case.pk}
    if subject is not None and model is type(subject):
        return {"pk": subject.pk}
    scope: dict[str, Any] = {"case": case}
    if subject is not None:
        for field in model._meta.get_fields():
            if getattr(field, "many_to_one", False) and field.related_model is type(subject):
                scope[field.name] = subject
                break
    return scope


def _lower_first(text: str) -> str:
    text = str(text)
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text


# --- Choice fields that read their options once per page -------------------------------------


def _share_choices(field: forms.ChoiceField, options: list) -> None:
    """Give ``field`` and its widget the page's options list, already normalised: what
    ``field.choices = options`` does without normalising (copying) it again for every row."""
    field._choices = options
    field.widget._choices = options


class CachedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options were read once for the whole page (every row of a
    list shares them), so the number of queries does not grow with the list."""

    def use_objects(self, objects: list[models.Model], shared: dict | None = None) -> None:
        # Rows of a list share one lookup table and one list of options (``shared``, per page).
        # Setting ``choices`` (not only the widget's) keeps templates that read field.choices
        # off the unscoped queryset.
        memo = {} if shared is None else shared
        key = ("options", id(objects), type(self), self.empty_label)
        if key not in memo:
            empty = [("", self.empty_label)] if self.empty_label is not None else []
            memo[key] = ({str(obj.pk): obj for obj in objects},
                         normalize_choices(empty + [(obj.pk, self.label_from_instance(obj)) for obj in objects]))
        self._by_pk, options = memo[key]
        _share_choices(self, options)
        # The options' markup, written once for every row that shares them (wizard.rendering).
        self.option_markup = memo.setdefault(("markup", *key), {})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        obj = self._by_pk.get(str(value))
        if obj is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return obj


class CachedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def use_objects(self, objects: list[models.Model], shared: dict | None = None) -> None:
        memo = {} if shared is None else shared
        key = ("options", id(objects), type(self))
        if key not in memo:
            memo[key] = ({str(obj.pk): obj for obj in objects},
                         normalize_choices([(obj.pk, self.label_from_instance(obj)) for obj in objects]))
        self._by_pk, options = memo[key]
        _share_choices(self, options)

    def clean(self, value):
        value = self.prepare_value(value)
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if not value:
            return []
        if not isinstance(value, list | tuple):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        chosen = []
        for pk in value:
            obj = self._by_pk.get(str(pk))
            if obj is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
            chosen.append(obj)
        return chosen


class RowIdField(forms.ModelChoiceField):
    """The hidden id of a list row, resolved among the rows the list already read."""

    rows: dict = {}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        obj = self.rows.get(str(value))
        if obj is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return obj


class CaseFormMixin:
    """Every step form: knows its case (and subject), limits related choices to that case,
    gives specific, translatable messages instead of Django's generic ones, and asks for
    numbers in text inputs (GOV.UK: no type=number). No HTML5 ``required``: we validate on the
    server and show our own messages."""

    use_required_attribute = False

    def render(self, template_name=None, context=None, renderer=None):
        # {{ form }} without a named template: the Python markup (same HTML, much faster).
        if template_name is None and context is None:
            from .rendering import form_html

            return form_html(self)
        return super().render(template_name, context, renderer)

    # Django binds these to its own ``render`` at class creation; point them at ours.
    __str__ = render
    __html__ = render

    def __init__(self, *args, case: StrategyCase, subject: Any = None, choice_cache: dict | None = None, **kwargs):
        self.case = case
        self.subject = subject
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        cache = {} if choice_cache is None else choice_cache
        for name, field in self.fields.items():
            self._prepare_field(name, field, cache)

    def _prepare_field(self, name: str, field: forms.Field, cache: dict) -> None:
        if isinstance(field, forms.ModelMultipleChoiceField | forms.ModelChoiceField):
            multiple = isinstance(field, forms.ModelMultipleChoiceField)
            field.__class__ = CachedModelMultipleChoiceField if multiple else CachedModelChoiceField
            model = field.queryset.model
            # Fields with the same query share one read; the SQL text is worked out once a field.
            sql_key = (type(self), name)
            if sql_key not in _QUERY_KEYS:
                _QUERY_KEYS[sql_key] = (model._meta.label, str(field.queryset.query))
            key = _QUERY_KEYS[sql_key]
            if key not in cache:
                cache[key] = list(field.queryset.filter(**scope_filter(model, self.case)))
            if not multiple and isinstance(field.widget, forms.RadioSelect):
                field.empty_label = None
            field.use_objects(cache[key], shared=cache)
        # (CheckboxSelectMultiple is a RadioSelect and model fields are ChoiceFields: reading their
        # ``choices`` would query the unscoped queryset and replace the case's options.)
        elif isinstance(field.widget, forms.RadioSelect) and isinstance(field, forms.ChoiceField):
            field.choices = [choice for choice in field.choices if choice[0] not in ("", None)]
        # Working the messages out costs a few dozen translations a field; a list of 60 rows
        # would repeat that for every row, so it is done once per form class, field, label
        # and language.
        key = (type(self), name, type(field), get_language())
        memo = _MESSAGES.get(key)
        if memo is None or memo[0] is not field.label:
            memo = _MESSAGES[key] = (
                field.label, _specific_messages(name, field, _lower_first(field.label or name)))
        field.error_messages = dict(memo[1])
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            attrs = {"inputmode": "numeric" if isinstance(field, forms.IntegerField) else "decimal"}
            attrs.update({k: v for k, v in field.widget.attrs.items() if k not in ("min", "max", "step")})
            field.widget = forms.TextInput(attrs=attrs)
        if isinstance(field, forms.DateField):
            field.widget = forms.DateInput(attrs={"type": "date", **field.widget.attrs}, format="%Y-%m-%d")
        if isinstance(field.widget, forms.Textarea) and str(field.widget.attrs.get("rows", "10")) == "10":
            field.widget.attrs["rows"] = 3  # Django's default of 10 rows makes long lists very long


_MESSAGES: dict = {}  # (form class, field name, field class, language) -> (label, messages)
_QUERY_KEYS: dict = {}  # (form class, field name) -> (model label, SQL of its choices)


def _specific_messages(name: str, field: forms.Field, label: str) -> dict:
    """The field's error messages with Django's generic ones replaced by specific ones."""
    messages = dict(field.error_messages)
    defaults: dict = {}
    for klass in reversed(type(field).__mro__):
        defaults.update(getattr(klass, "default_error_messages", {}))

    params = {"label": label, "Label": field.label or name}
    # Django fills these messages with its own values (%(limit_value)s, %(value)s, ...), so a
    # per cent sign in a label ("Women among the miners (%)") must be doubled for them.
    escaped = {key: str(value).replace("%", "%%") for key, value in params.items()}
    formatted_codes = {"invalid_choice", "max_length", "min_length", "min_value", "max_value", "max_digits",
                       "max_whole_digits", "max_decimal_places", "step_size", "invalid_list"}

    def put(code: str, template) -> None:
        # Keep a message the form itself chose; replace Django's generic ones.
        if code not in messages or str(messages[code]) == str(defaults.get(code)):
            messages[code] = str(template) % (escaped if code in formatted_codes else params)

    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        put("required", _("Select at least one option for %(label)s"))
    elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField) or isinstance(
        field.widget, forms.CheckboxInput
    ):
        put("required", _("Select %(label)s"))
    else:
        put("required", _("Enter %(label)s"))
    put("invalid_choice", _("Choose %(label)s from the list"))
    put("null_characters_not_allowed", _("%(Label)s must not contain null characters"))
    if isinstance(field, forms.CharField):
        put("max_length", _("%(Label)s must be %%(limit_value)d characters or fewer"))
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        if isinstance(field, forms.IntegerField):
            put("invalid", _("%(Label)s must be a whole number"))
        else:
            put("invalid", _("%(Label)s must be a number"))
        put("min_value", _("%(Label)s must be %%(limit_value)s or more"))
        put("max_value", _("%(Label)s must be %%(limit_value)s or less"))
        put("max_digits", _("%(Label)s is too large"))
        put("max_whole_digits", _("%(Label)s is too large"))
        put("max_decimal_places", _("%(Label)s has too many decimal places"))
    if isinstance(field, forms.DateField):
        put("invalid", _("%(Label)s must be a real date, for example 2025-03-27"))
    return messages


class StepForm(CaseFormMixin, forms.Form):
    """A step form that is not tied to one model."""


class StepModelForm(CaseFormMixin, forms.ModelForm):
    """A step form over one row per case (or per subject): the engine finds the row."""

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        # Related choices were already checked against this case's rows, read once for the
        # page; the model's own existence check would repeat that with a query per row.
        exclude.update(
            name for name, field in self.fields.items()
            if isinstance(field, CachedModelChoiceField | CachedModelMultipleChoiceField)
        )
        return exclude

    def save(self, commit: bool = True):
        obj = super().save(commit=False)
        model = type(obj)
        for key, value in scope_filter(model, self.case, self.subject).items():
            if key != "pk":
                setattr(obj, key, value)
        if commit:
            obj.save()
            self.save_m2m()
        return obj


class ItemForm(StepModelForm):
    """One row of an 'add another' list."""


# --- 'Add another' lists -----------------------------------------------------------------------


class ItemFormSet(BaseModelFormSet):
    """A case-scoped list of items that works without JavaScript.

    "Add another" and "Remove" are ordinary submit buttons; the step view re-renders the
    page with everything typed still in place. Rows come only from this case.
    """

    item_label = _("item")
    add_label = _("Add another item")
    can_add = True
    default_error_messages = {
        "missing_management_form": _(
            "This list could not be read because the page was changed. Reload the page and try again."
        ),
        "too_many_forms": ngettext_lazy(
            "A list can hold at most %(num)d item.", "A list can hold at most %(num)d items.", "num"
        ),
        "too_few_forms": ngettext_lazy(
            "Add at least %(num)d item.", "Add at least %(num)d items.", "num"
        ),
        "still_referenced": _(
            "“%(item)s” cannot be removed because other records use it: %(users)s. Change or remove those "
            "first, or undo the removal."
        ),
    }

    def __init__(self, data=None, files=None, *, case: StrategyCase, subject: Any = None, prefix=None,
                 choice_cache: dict | None = None, items: list | None = None, **kwargs):
        self.case = case
        self.subject = subject
        self.choice_cache = {} if choice_cache is None else choice_cache
        kwargs.pop("initial", None)
        kwargs.pop("instance", None)
        # ``items``: the rows, already read by the caller (a check-answers page reads the rows of
        # every subject in one query); otherwise the formset reads them itself.
        queryset = self.get_item_queryset() if items is None else list(items)
        super().__init__(data, files, prefix=prefix, queryset=queryset, **kwargs)
        if not self.is_bound and not self.get_queryset() and self.extra == 0:
            self.extra = 1

    def clean(self):
        super().clean()
        counts = self.management_form.cleaned_data
        total, initial = counts.get("TOTAL_FORMS"), counts.get("INITIAL_FORMS")
        if total is not None and initial is not None and (total < 0 or initial < 0 or total < initial):
            raise ValidationError(self.error_messages["missing_management_form"], code="missing_management_form")
        errors = [error for form in self.deleted_forms if (error := self._removal_blocked(form.instance))]
        if errors:
            raise ValidationError(errors)

    def _removal_blocked(self, obj) -> ValidationError | None:
        """Refuse to remove a row that other records still point at with PROTECT or RESTRICT
        (for example a programme used as leverage), naming those records. Only runs for rows
        being removed, so ordinary saves cost nothing."""
        if obj.pk is None:
            return None
        collector = Collector(using=router.db_for_write(type(obj)))
        try:
            collector.collect([obj])
        except ProtectedError as error:
            users = error.protected_objects
        except RestrictedError as error:
            users = error.restricted_objects
        else:
            return None
        users = list(users)
        names = [pgettext("a kind of record and its name", "%(kind)s “%(name)s”")
                 % {"kind": user._meta.verbose_name, "name": user} for user in users[:5]]
        if len(users) > 5:
            names.append(str(_("%(n)s more") % {"n": len(users) - 5}))
        return ValidationError(self.error_messages["still_referenced"], code="still_referenced",
                               params={"item": str(obj), "users": ", ".join(names)})

    def get_queryset(self):
        if isinstance(self.queryset, list):
            return self.queryset
        return super().get_queryset()

    def get_item_queryset(self):
        model = self.model
        queryset = model.objects.filter(**scope_filter(model, self.case, self.subject))
        m2m = [field.name for field in model._meta.many_to_many]
        if m2m:
            queryset = queryset.prefetch_related(*m2m)
        return queryset.order_by(*(model._meta.ordering or ["pk"]))

    def _rows_by_pk(self) -> dict[str, models.Model]:
        if not hasattr(self, "_rows"):
            self._rows = {str(obj.pk): obj for obj in self.get_queryset()}
        return self._rows

    def get_form_kwargs(self, index):
        return {"case": self.case, "subject": self.subject, "choice_cache": self.choice_cache}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), empty_permitted=True,
            use_required_attribute=False, renderer=self.renderer, **self.get_form_kwargs(None),
        )
        self.add_fields(form, None)
        return form

    def save(self, commit: bool = True):
        instances = super().save(commit=False)
        for obj in instances:
            for key, value in scope_filter(type(obj), self.case, self.subject).items():
                setattr(obj, key, value)
            obj.save()
        self.save_m2m()
        for obj in self.deleted_objects:
            obj.delete()
        if self.can_order:
            self._save_positions()
        return instances

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pk_field = form.fields.get(self._pk_field.name)
        if isinstance(pk_field, forms.ModelChoiceField) and not isinstance(pk_field, CachedModelChoiceField):
            # Each row names its item by id: look it up among this case's items, read once,
            # instead of one query per row (ids of other cases' items are not among them).
            pk_field.__class__ = RowIdField
            pk_field.rows = self._rows_by_pk()
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget = forms.HiddenInput()
            form.fields["DELETE"].label = _("Remove")
        if "ORDER" in form.fields:
            form.fields["ORDER"].widget = forms.HiddenInput()
            form.fields["ORDER"].error_messages["invalid"] = self.error_messages["missing_management_form"]

    # -- ordered lists: Up and Down buttons, never dragging (WCAG 2.2 SC 2.5.7) -----------------
    def _order_value(self, form, index: int) -> tuple:
        raw = form["ORDER"].value() if "ORDER" in form.fields else None
        try:
            return (0, int(raw), index)
        except (TypeError, ValueError):
            return (1, index, index)

    @property
    def display_forms(self) -> list:
        """The rows in the order the person arranged them (the form order otherwise)."""
        if not self.can_order:
            return list(self.forms)
        keyed = sorted(((self._order_value(form, i), form) for i, form in enumerate(self.forms)),
                       key=lambda pair: pair[0])
        return [form for _key, form in keyed]

    def move(self, prefix: str, offset: int, data) -> None:
        """Move one row up (-1) or down (+1) among the rows not being removed, by rewriting the
        posted ORDER values of every row."""
        shown = [form for form in self.display_forms if not self.is_marked_for_removal(form)]
        prefixes = [form.prefix for form in shown]
        if prefix not in prefixes:
            return
        index = prefixes.index(prefix)
        other = index + offset
        if 0 <= other < len(shown):
            shown[index], shown[other] = shown[other], shown[index]
        for rank, form in enumerate(shown, start=1):
            data[form.add_prefix("ORDER")] = str(rank)

    def _save_positions(self) -> None:
        model = self.model
        if "position" not in {field.name for field in model._meta.fields}:
            return
        for rank, form in enumerate(self.ordered_forms, start=1):
            obj = form.instance
            if obj.pk is not None and obj.position != rank:
                model.objects.filter(pk=obj.pk).update(position=rank)
                obj.position = rank

    def is_marked_for_removal(self, form) -> bool:
        return bool(self.can_delete and form.prefix and form["DELETE"].value() not in (None, "", False, "False"))


def item_formset(model, form, *, item_label, items_label, add_label, max_num: int = 200, formset=None,
                 can_delete: bool = True, can_order: bool = False, **kwargs):
    """A case-scoped 'add another' list class for ``model`` rows edited with ``form``.

    ``can_order``: the rows can be moved with Up and Down buttons; a model with a ``position``
    field stores the order."""
    formset = modelformset_factory(
        model, form=form, formset=formset or ItemFormSet, extra=0, can_delete=can_delete, max_num=max_num,
        validate_max=True, absolute_max=max_num + 1, can_order=can_order, **kwargs,
    )
    formset.item_label = item_label
    formset.items_label = items_label  # the list's heading: "Studies (7)"
    formset.add_label = add_label
    return formset


# --- A step's form and lists, as one object for the wizard ----------------------------------------

_UNSET = object()


class StepBundle:
    """Everything one step page edits: an optional main form and any number of lists.

    django-formtools instantiates it like a form (``data``, ``files``, ``prefix``,
    ``initial``); the engine adds the case, the subject and the step.
    """

    base_fields: dict = {}  # formtools looks for FileFields here
    step = None

    def __init__(self, data=None, files=None, prefix=None, initial=None, *, case, subject=None,
                 choice_cache: dict | None = None, instance: Any = _UNSET, items: dict | None = None, **kwargs):
        """``choice_cache``, ``instance`` and ``items`` let a page that shows many bundles (a
        check-answers page with one section per subject) share choices and pass rows it read
        in bulk: ``instance`` is the main form's row (None: not created yet), ``items`` maps a
        list name to its rows."""
        self.case = case
        self.subject = subject
        self.data = data
        self.is_bound = data is not None
        self.choice_cache: dict = {} if choice_cache is None else choice_cache
        step = self.step
        items = items or {}
        self.form = None
        if step.form is not None:
            self.form = step.form(
                data, files, case=case, subject=subject, choice_cache=self.choice_cache,
                **self._main_form_kwargs(step.form, instance),
            )
        self.lists = [
            (name, formset_class(data, files, case=case, subject=subject, prefix=name,
                                 choice_cache=self.choice_cache, items=items.get(name)))
            for name, formset_class in step.lists
        ]
        self._errors_suppressed = False

    @classmethod
    def for_step(cls, step) -> type[StepBundle]:
        return type(f"{step.slug.title().replace('-', '')}Bundle", (cls,), {"step": step})

    def _main_form_kwargs(self, form_class, instance: Any = _UNSET) -> dict:
        meta = getattr(form_class, "_meta", None)
        model = getattr(meta, "model", None)
        if model is None:
            return {}
        if model is StrategyCase:
            return {"instance": self.case}
        if self.subject is not None and model is type(self.subject):
            return {"instance": self.subject}
        scope = scope_filter(model, self.case, self.subject)
        if instance is _UNSET:
            instance = model.objects.filter(**scope).first()
        return {"instance": instance if instance is not None else model(**scope)}

    # -- validation ------------------------------------------------------------------------
    def is_valid(self) -> bool:
        if self._errors_suppressed:
            return False
        valid = self.form.is_valid() if self.form is not None else True
        for _name, formset in self.lists:
            valid = formset.is_valid() and valid
        return valid

    def has_changed(self) -> bool:
        if self.form is not None and self.form.has_changed():
            return True
        return any(formset.has_changed() or formset.deleted_forms for _name, formset in self.lists)

    def suppress_errors(self) -> None:
        """Re-display what was typed without judging it (after 'Add another' or 'Remove')."""
        self._errors_suppressed = True
        forms_to_quiet = [self.form] if self.form is not None else []
        for _name, formset in self.lists:
            formset._errors = []
            formset._non_form_errors = formset.error_class(renderer=formset.renderer)
            forms_to_quiet.extend(formset.forms)
        for form in forms_to_quiet:
            form._errors = forms.utils.ErrorDict()
            form.cleaned_data = {}

    def error_items(self) -> list[tuple[str, str]]:
        """(anchor, message) pairs for the error summary, in page order."""
        if not self.is_bound or self._errors_suppressed:
            return []
        items: list[tuple[str, str]] = []
        if self.form is not None:
            items.extend(_form_error_items(self.form))
        for name, formset in self.lists:
            for message in formset.non_form_errors():
                items.append((f"list-{name}", str(message)))
            for form in formset.forms:
                if formset.can_delete and formset._should_delete_form(form):
                    continue
                items.extend(_form_error_items(form))
        return items

    # -- saving ----------------------------------------------------------------------------
    @transaction.atomic
    def save(self) -> None:
        if self.form is not None:
            self.form.save()
        for _name, formset in self.lists:
            formset.save()


def _form_error_items(form) -> list[tuple[str, str]]:
    items = []
    for message in form.non_field_errors():
        items.append((f"{form.prefix or 'form'}-errors", str(message)))
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
            continue
        bound = form[name]
        anchor = bound.id_for_label or bound.auto_id
        widget = form.fields[name].widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            anchor = f"{bound.auto_id}_0"
        for message in errors:
            items.append((anchor, str(message)))
    return items


# --- Read-only display for check-answers pages ------------------------------------------------------


def display_value(bound_field) -> str | None:
    """What a person sees for a field on a check-answers page, or None when not provided."""
    field = bound_field.field
    value = bound_field.value()
    if isinstance(field.widget, forms.CheckboxInput):
        return str(_("Yes")) if value else str(_("No"))
    if value in (None, "", [], ()):
        return None
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        labels = dict((str(key), str(label)) for key, label in _flat_choices(field))
        if isinstance(value, list | tuple):
            shown = [labels.get(str(item), str(item)) for item in value]
            return ", ".join(shown) if shown else None
        return labels.get(str(value), str(value))
    if isinstance(field, forms.NullBooleanField):
        return str(_("Yes")) if value in (True, "true", "True") else str(_("No"))
    if hasattr(value, "year") and hasattr(value, "month"):
        return l10n.date(value, style="long")
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        form = bound_field.form
        case = getattr(form, "case", None)
        return l10n.figure(value, field_figure_kind(form, bound_field.name, field),
                           getattr(case, "currency", "")) or None
    return str(value)


def display_label(bound_field) -> str:
    """The question's label beside its answer on a check-answers page (a percentage's "(%)" left
    out, since the answer shows the sign)."""
    field = bound_field.field
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return l10n.figure_label(bound_field.label, field_figure_kind(bound_field.form, bound_field.name, field))
    return bound_field.label


def field_figure_kind(form, name: str, field) -> str:
    """How the number in ``form``'s field ``name`` reads: money, percentage, year or number, from
    the model field it edits (``figure_kind``), else from the form field."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is not None:
        try:
            kind = figure_kind(model._meta.get_field(name))
        except FieldDoesNotExist:
            kind = None
        if kind:
            return kind
    return "year" if isinstance(field, forms.IntegerField) and "year" in name else "number"


def _flat_choices(field):
    choices = getattr(field.widget, "choices", None) or getattr(field, "choices", [])
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield key, label

"""Form markup written in Python: the same HTML as templates/forms/govuk_field.html and Django's
widget templates, without a template render per field, option and attribute.

A list of 60 rows with a dozen fields each made several thousand template renders a page
(about 90 % of a step page's time). ``tests/wizard/test_rendering.py`` checks that this module
and the templates produce the same markup, so either can be read as the reference.
"""

from __future__ import annotations

from django import forms
from django.forms import widgets
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDE = {"textarea", "radioselect", "checkboxselectmultiple"}


def _attrs(attrs: dict) -> str:
    # As django/forms/widgets/attrs.html.
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {name}")
        else:
            out.append(f' {name}="{conditional_escape(str(value))}"')
    return "".join(out)


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    name = conditional_escape(widget["name"])
    return f'<input type="{widget["type"]}" name="{name}"{shown}{_attrs(widget["attrs"])}>'


def _select(widget: dict) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(str(group_name))}">')
        for option in options:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f'{conditional_escape(str(option["label"]))}</option>'
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _shared_select(name: str, attrs: dict, value: list[str], choices, markup: dict) -> str:
    """A single-choice select whose options many rows share (a CachedModelChoiceField): the
    options are written once per page and only ``selected`` differs, as Django's Select marks
    the first option whose value is in ``value``."""
    if "options" not in markup:
        markup["options"] = [
            (str(option_value), f'\n  <option value="{conditional_escape(str(option_value))}"',
             f">{conditional_escape(str(label))}</option>")
            for option_value, label in ((("" if v is None else v), label) for v, label in choices)
        ]
    parts = [f'<select name="{conditional_escape(name)}"{_attrs(attrs)}>']
    wanted, found = set(value), False
    for option_value, start, end in markup["options"]:
        if not found and option_value in wanted:
            found = True
            parts.append(f"{start} selected{end}")
        else:
            parts.append(start + end)
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    value = widget["value"]
    body = conditional_escape(str(value)) if value else ""
    return f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{body}</textarea>'


def widget_html(bound, attrs: dict | None = None) -> str:
    """What ``bound.as_widget(attrs=attrs)`` renders, for the widgets our forms use."""
    widget = bound.field.widget
    if isinstance(widget, forms.MultipleHiddenInput | forms.RadioSelect | forms.MultiWidget) or not isinstance(
        widget, widgets.Input | forms.Select | forms.Textarea
    ):
        return str(bound.as_widget(attrs=attrs))
    if bound.field.localize:
        widget.is_localized = True
    attrs = bound.build_widget_attrs(attrs or {}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    markup = getattr(bound.field, "option_markup", None)
    if markup is not None and isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        return _shared_select(bound.html_name, widget.build_attrs(widget.attrs, attrs),
                              widget.format_value(bound.value()), widget.choices, markup)
    context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    if isinstance(widget, forms.Select):
        return _select(context)
    if isinstance(widget, forms.Textarea):
        return _textarea(context)
    return _input(context)


def _choices_html(bound) -> str:
    # As ``{% for choice in field %}<div class="choice">{{ choice.tag }}<label ...>`` in the template.
    widget = bound.field.widget
    id_ = widget.attrs.get("id") or bound.auto_id
    attrs = bound.build_widget_attrs({"id": id_} if id_ else {})
    parts = []
    for option in widget.subwidgets(bound.html_name, bound.value(), attrs=attrs):
        label_for = option["attrs"].get("id")
        parts.append(
            f'<div class="choice">{_input(option)}<label for="{conditional_escape(str(label_for))}">'
            f'{conditional_escape(str(option["label"]))}</label></div>'
        )
    return "".join(parts)


def _errors_html(bound) -> str:
    error_word = conditional_escape(_("Error:"))
    prefix = f'<span class="visually-hidden">{error_word}</span> '
    return "".join(
        f'<p class="error-message" id="{bound.auto_id}-error">{prefix}{conditional_escape(str(error))}</p>'
        for error in bound.errors
    )


def _optional(bound) -> str:
    # A field the form may be saved without, but that the step needs before it counts as
    # complete (``field.needed_to_complete = True``), says so instead of "optional".
    if bound.field.required:
        return ""
    if getattr(bound.field, "needed_to_complete", False):
        needed = conditional_escape(_("needed to complete this part"))
        return f' <span class="optional">({needed})</span>'
    optional = conditional_escape(_("optional"))
    return f' <span class="optional">({optional})</span>'


def field_group_html(bound) -> SafeString:
    """The markup of templates/forms/govuk_field.html for one bound field."""
    kind = bound.widget_type
    if kind == "hidden" or bound.is_hidden:
        return mark_safe(widget_html(bound))
    label = conditional_escape(str(bound.label))
    help_text = bound.help_text
    hint = (f'<div class="hint" id="{bound.auto_id}_helptext">{conditional_escape(str(help_text))}</div>'
            if help_text else "")
    classes = "form-group"
    if kind in WIDE:
        classes += " form-group--wide"
    if bound.errors:
        classes += " form-group--error"
    out = [f'\n<div class="{classes}" id="group-{bound.auto_id}">\n']
    if kind in ("radioselect", "checkboxselectmultiple"):
        described = ""
        if help_text or bound.errors:
            ids = f"{bound.auto_id}_helptext " if help_text else ""
            ids += f"{bound.auto_id}-error" if bound.errors else ""
            described = f' aria-describedby="{ids}"'
        box = "radios" if kind == "radioselect" else "checkboxes"
        if len(bound.field.choices) > 6:
            box += " choices--columns"
        out.append(
            f'  <fieldset class="fieldset"{described}>\n'
            f'    <legend class="label">{label}{_optional(bound)}</legend>\n'
            f"    {hint}\n    {_errors_html(bound)}\n"
            f'    <div class="{box}">\n    {_choices_html(bound)}\n    </div>\n  </fieldset>\n'
        )
    elif kind == "checkbox":
        out.append(
            f"  {_errors_html(bound)}\n"
            f'  <div class="choice">{_described_widget(bound)}<label for="{bound.id_for_label}">{label}</label></div>\n'
            f"  {hint}\n"
        )
    else:
        out.append(
            f'  <label class="label" for="{bound.id_for_label}">{label}{_optional(bound)}</label>\n'
            f"  {hint}\n  {_errors_html(bound)}\n  {_described_widget(bound)}\n"
        )
    out.append("</div>\n")
    return mark_safe("".join(out))


def _described_widget(bound) -> str:
    # As the {% govuk_widget %} tag: the hint and error ids the input is described by.
    described = []
    if bound.help_text:
        described.append(f"{bound.auto_id}_helptext")
    if bound.errors:
        described.append(f"{bound.auto_id}-error")
    attrs: dict = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    classes = [cls for cls in (bound.field.widget.attrs.get("class", ""),) if cls]
    if bound.errors:
        classes.append("input--error")
        attrs["aria-invalid"] = "true"
    if classes:
        attrs["class"] = " ".join(classes)
    return widget_html(bound, attrs)


def form_html(form) -> SafeString:
    """The markup of templates/forms/govuk_form.html."""
    out = []
    errors = form.non_field_errors()
    if errors:
        error_word = conditional_escape(_("Error:"))
        out.append(
            f'<div class="form-group form-group--error" id="{form.prefix or "form"}-errors" tabindex="-1">'
            + "".join(
                f'<p class="error-message"><span class="visually-hidden">{error_word}</span> '
                f"{conditional_escape(str(error))}</p>"
                for error in errors
            )
            + "</div>"
        )
    out.append("\n")
    out.extend(field_group_html(bound) for bound in form)
    out.append("\n")
    return mark_safe("".join(out))

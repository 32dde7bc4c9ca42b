from django import template

register = template.Library()


@register.simple_tag
def govuk_widget(field, extra_class=""):
    """Render a field's widget with the hint and error ids it is described by."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    classes = [cls for cls in (field.field.widget.attrs.get("class", ""), extra_class) if cls]
    if field.errors:
        classes.append("input--error")
        attrs["aria-invalid"] = "true"
    if classes:
        attrs["class"] = " ".join(classes)
    return field.as_widget(attrs=attrs)


@register.filter
def marked_for_removal(formset, form):
    return formset.is_marked_for_removal(form)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None

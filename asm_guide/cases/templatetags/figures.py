"""Figures in pages as the report writes them (``asm_guide.l10n``, Babel's CLDR data):
``{% load figures %}`` then ``{{ amount|money:case.currency }}``, ``{{ value|number }}``,
``{{ share|percent }}`` (0.27), ``{{ points|percent_points }}`` (27), ``{{ day|local_date }}``,
``{{ moment|local_datetime }}``, ``{% quarter year q %}`` and ``{% colon %}`` after a label."""

from django import template

from asm_guide import l10n

register = template.Library()


@register.filter
def money(value, currency=""):
    return l10n.money(value, currency)


@register.filter
def number(value, digits=2):
    return l10n.number(value, digits=int(digits))


@register.filter
def percent(value):
    return l10n.percent(value)


@register.filter
def percent_points(value):
    return l10n.percent_points(value)


@register.filter
def local_date(value, style="medium"):
    return l10n.date(value, style=style)


@register.filter
def local_datetime(value, style="medium"):
    return l10n.datetime(value, style=style)


@register.simple_tag
def quarter(year, number_in_year):
    return l10n.quarter(year, number_in_year)


@register.simple_tag
def colon():
    """The separator after a label: ``{{ label }}{% colon %}{{ value }}`` (French: a no-break space
    before the colon)."""
    return l10n.colon()

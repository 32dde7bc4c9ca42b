"""Security and conflict risks of a subtype whose preconditions come first: the risks of the
OECD Due Diligence Guidance for Responsible Supply Chains of Minerals from Conflict-Affected and
High-Risk Areas, Annex II (Model Supply Chain Policy), recorded as a checklist with notes.

The list of risks is the OECD Guidance's; asking for each whether red flags were found is this
tool's way of recording it. Guidance prose is in ``strategy/guidance/<lang>/conflict-risks.md``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

SOURCE = _("OECD Due Diligence Guidance for Responsible Supply Chains of Minerals from Conflict-Affected and "
           "High-Risk Areas, Annex II")

# (code, short name, what it covers) in the order of Annex II.
RISKS = (
    ("abuses", _("Serious abuses"),
     _("Torture or cruel, inhuman or degrading treatment, forced or compulsory labour, the worst forms of child "
       "labour, widespread sexual violence, war crimes or other gross human rights abuses associated with "
       "extracting, transporting or trading the minerals")),
    ("armed_groups", _("Support to non-state armed groups"),
     _("Direct or indirect support to non-state armed groups: control of mine sites, transport routes or trading "
       "points, illegal taxation or extortion of money or minerals")),
    ("security_forces", _("Public or private security forces"),
     _("Public or private security forces that illegally control mine sites, transporters or intermediaries, tax "
       "or extort them, or commit abuses")),
    ("bribery", _("Bribery and fraudulent misrepresentation of origin"),
     _("Offers or payments of bribes to conceal or disguise the origin of minerals, or to misrepresent taxes, "
       "fees and royalties")),
    ("laundering", _("Money laundering"),
     _("Money laundering resulting from, or connected to, the extraction, trade, handling, transport or export "
       "of the minerals")),
    ("taxes", _("Non-payment of taxes, fees and royalties"),
     _("Taxes, fees and royalties related to extraction, trade and export that are not paid to governments")),
)
CODES = tuple(code for code, _name, _text in RISKS)
NAMES = {code: name for code, name, _text in RISKS}
DESCRIPTIONS = {code: text for code, _name, text in RISKS}


class RiskAnswer(models.TextChoices):
    FOUND = "found", _("Red flags found")
    NONE = "none", _("No red flags found")
    UNKNOWN = "unknown", _("Not known yet")


def field(code: str) -> str:
    return f"oecd_{code}"


def note_field(code: str) -> str:
    return f"oecd_{code}_note"


def answers(substrategy) -> list[dict]:
    """The checklist as recorded: one row per risk, in Annex II order."""
    rows = []
    for code in CODES:
        value = getattr(substrategy, field(code), "") if substrategy is not None else ""
        rows.append({"code": code, "name": NAMES[code], "answer": value,
                     "answer_label": RiskAnswer(value).label if value else "",
                     "note": getattr(substrategy, note_field(code), "") if substrategy is not None else ""})
    return rows


def flagged(substrategy, answer: str = RiskAnswer.FOUND) -> list[str]:
    """The codes of the risks answered ``answer`` (red flags found, by default)."""
    if substrategy is None:
        return []
    return [code for code in CODES if getattr(substrategy, field(code), "") == answer]

"""The feasibility decision aid (GUIDANCE.md §2.5.2): answers F1–F7, Z and M in, a
recommended approach with its reasons out.

This rule is this tool's own reconstruction [I], not the Guidance's text: pages that show
it say so. It is a pure function, table-tested in tests/strategy/test_feasibility.py, and
never final: the person chooses the approach and records why when they choose otherwise.

The rule, in words:

- F7 (legal basis) never blocks a recommendation; a "No" adds a legal-reform precondition
  and the rest is evaluated as if the reform were made.
- License and regulate needs F1–F6 all "Yes", allowing a single "Partly"; any "No" rules it out.
- Otherwise, ASM zones when viable zones exist (Z = Yes); if a market chokepoint also
  exists (M = Yes), output from outside the zones can go through a market-access system.
- Otherwise, a voluntary market-access system when a chokepoint exists (M = Yes).
- Otherwise, preconditions first: basic assistance, research and capacity building, and the
  test is run again at the next review.

Z and M "hold" only when answered "Yes". "Partly" or "not assessed" do not change the
approach, but they are mentioned where they matter.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

YES, PARTLY, NO = "yes", "partly", "no"

LICENSE_REGULATE = "license_regulate"
ZONES = "zones"
MARKET_ACCESS = "market_access"
PRECONDITIONS = "preconditions"

APPROACH_LABELS = {
    LICENSE_REGULATE: gettext_lazy("License and regulate"),
    ZONES: gettext_lazy("ASM zones"),
    MARKET_ACCESS: gettext_lazy("Voluntary system based on access to markets"),
    PRECONDITIONS: gettext_lazy("Preconditions first"),
}

# The factors that decide between license-and-regulate and the rest (F7 is separate).
CORE_FACTORS = ("f1", "f2", "f3", "f4", "f5", "f6")
FACTOR_CODES = (*CORE_FACTORS, "f7")
FACTOR_NAMES = {
    "f1": gettext_lazy("F1 Reach"),
    "f2": gettext_lazy("F2 Manageable scale and dispersion"),
    "f3": gettext_lazy("F3 Stability"),
    "f4": gettext_lazy("F4 Land availability"),
    "f5": gettext_lazy("F5 Incentive compatibility"),
    "f6": gettext_lazy("F6 Political and security feasibility"),
    "f7": gettext_lazy("F7 Legal basis"),
    "z": gettext_lazy("Z Zoneable areas exist"),
    "m": gettext_lazy("M A market chokepoint exists"),
}


@dataclass(frozen=True)
class Reason:
    code: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Recommendation:
    approach: str | None
    reasons: tuple[Reason, ...]
    legal_reform: bool = False
    market_access_outside_zones: bool = False
    unanswered: tuple[str, ...] = ()

    @property
    def label(self):
        return APPROACH_LABELS.get(self.approach, "")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(reason.code for reason in self.reasons)


def _names(codes) -> str:
    return ", ".join(str(FACTOR_NAMES[code]) for code in codes)


def recommend(*, f1=None, f2=None, f3=None, f4=None, f5=None, f6=None, f7=None, z=None, m=None) -> Recommendation:
    """The recommended approach for one subtype. Factors take "yes" / "partly" / "no";
    Z and M may also be empty (not assessed). With any of F1–F7 unanswered there is no
    recommendation, only the list of what is missing."""
    answers = {"f1": f1, "f2": f2, "f3": f3, "f4": f4, "f5": f5, "f6": f6, "f7": f7}
    unanswered = tuple(code for code, value in answers.items() if value not in (YES, PARTLY, NO))
    if unanswered:
        return Recommendation(
            approach=None, unanswered=unanswered,
            reasons=(Reason("incomplete", _("Answer %(factors)s to see a recommendation.")
                            % {"factors": _names(unanswered)}),),
        )
    reasons: list[Reason] = []
    legal_reform = f7 == NO
    if legal_reform:
        reasons.append(Reason("legal_reform", _(
            "F7 is No: no workable licence category exists, so legal reform is a precondition. "
            "The rest of the test assumes the reform is made.")))
    elif f7 == PARTLY:
        reasons.append(Reason("legal_basis_partly", _(
            "F7 is Partly: check whether the law needs amending in time for this approach.")))
    if answers["f5"] == NO:
        reasons.append(Reason("fix_incentives", _(
            "F5 is No: licensing costs miners more than it gives them. Fix the licence design (cost, time, "
            "place of issue) rather than choosing a harsher approach.")))

    nos = [code for code in CORE_FACTORS if answers[code] == NO]
    partlies = [code for code in CORE_FACTORS if answers[code] == PARTLY]
    if not nos and len(partlies) <= 1:
        if partlies:
            text = _("F1 to F6 are all Yes except one Partly (%(factor)s): the government can license and "
                     "regulate the whole subtype.") % {"factor": _names(partlies)}
        else:
            text = _("F1 to F6 are all Yes: the government can license and regulate the whole subtype.")
        reasons.insert(0, Reason("all_feasible", text))
        return Recommendation(LICENSE_REGULATE, tuple(reasons), legal_reform=legal_reform)

    parts = []
    if nos:
        parts.append(_("No on %(factors)s") % {"factors": _names(nos)})
    if partlies:
        parts.append(_("Partly on %(factors)s") % {"factors": _names(partlies)})
    reasons.insert(0, Reason("not_feasible_everywhere", _(
        "License and regulate needs F1 to F6 all Yes, with at most one Partly. Here: %(details)s.")
        % {"details": "; ".join(parts)}))

    if z == YES:
        reasons.append(Reason("zones", _(
            "Z is Yes: there are viable areas where reach, land and security hold. Regulate inside zones; "
            "leave operations outside them unregulated for now, with incentives to move in.")))
        combined = m == YES
        if combined:
            reasons.append(Reason("zones_with_market_access", _(
                "M is also Yes: output from outside the zones can go through a voluntary market-access system.")))
        elif m == PARTLY:
            reasons.append(Reason("chokepoint_partly", _(
                "M is Partly: a chokepoint could later serve output from outside the zones.")))
        return Recommendation(ZONES, tuple(reasons), legal_reform=legal_reform, market_access_outside_zones=combined)

    if m == YES:
        reasons.append(Reason("market_access", _(
            "Z does not hold, but M is Yes: a controllable market chokepoint exists. Set attainable standards "
            "and reward operators who meet them with access to the preferred channel.")))
        if z == PARTLY:
            reasons.append(Reason("zones_partly", _(
                "Z is Partly: verifying candidate zones could open the zones option at the next review.")))
        return Recommendation(MARKET_ACCESS, tuple(reasons), legal_reform=legal_reform)

    reasons.append(Reason("preconditions", _(
        "Neither Z nor M holds: start with the preconditions (basic unconditional assistance, awareness, "
        "research to close the gaps, capacity building), avoid blanket bans, and run this test again at "
        "the next review.")))
    for code, value in (("z", z), ("m", m)):
        if value == PARTLY:
            reasons.append(Reason(f"{code}_partly", _(
                "%(factor)s is Partly: developing it could open a stronger approach at the next review.")
                % {"factor": FACTOR_NAMES[code]}))
        elif not value:
            reasons.append(Reason(f"{code}_not_assessed", _(
                "%(factor)s has not been assessed yet.") % {"factor": FACTOR_NAMES[code]}))
    return Recommendation(PRECONDITIONS, tuple(reasons), legal_reform=legal_reform)


def recommend_for(assessment) -> Recommendation:
    """The recommendation for a stored feasibility assessment (or None: nothing answered)."""
    if assessment is None:
        return recommend()
    return recommend(**{code: getattr(assessment, code) for code in (*FACTOR_CODES, "z", "m")})

"""Rules for Part 3: which steps a case sees (from the approaches chosen in Part 2), what each
step still lacks, what the pages show beside the forms, the actions the app proposes, and the
facts behind the NAP crosswalk.

Every fact is read once per request through ``StepContext.cached``, so the number of queries
does not grow with the number of regulations, zones or actions.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from asm_guide import l10n
from asm_guide.cases.models import StrategyCase
from setup_phase import models as setup_models
from setup_phase import selectors as setup_selectors
from strategy import selectors as strategy_selectors
from strategy.models import Approach, ProgramType

from . import casekeys
from . import crosswalk as cw
from . import models as m
from .plan import (
    FUNDING_KEYS,
    CostItem,
    build_timeline,
    quarter_index,
    schedule_warnings,
    shift_quarter,
    summarise_budget,
)

REGULATED = (Approach.LICENSE_REGULATE, Approach.ZONES)


# --- facts, read once per request ----------------------------------------------------------------


def _cached_list(key: str, query):
    def read(ctx):
        return ctx.cached(f"implementation:{key}", lambda: list(query(ctx.case)))

    return read


subtypes = _cached_list("subtypes", strategy_selectors.subtypes)
programs = _cached_list("programs", strategy_selectors.programs)
objectives = _cached_list("objectives", strategy_selectors.objectives)
regulations = _cached_list("regulations", lambda case: m.Regulation.objects.filter(case=case).prefetch_related(
    "subtypes"))
changes = _cached_list("changes", lambda case: m.RegulationChange.objects.filter(case=case).select_related(
    "regulation"))
trainings = _cached_list("trainings", lambda case: m.TrainingProgram.objects.filter(case=case))
leverages = _cached_list("leverages", lambda case: m.Leverage.objects.filter(case=case))
further = _cached_list("further", lambda case: m.FurtherProgram.objects.filter(case=case))
zones = _cached_list("zones", lambda case: m.Zone.objects.filter(case=case))
schemes = _cached_list("schemes", lambda case: m.MarketAccessScheme.objects.filter(case=case))
tiers = _cached_list("tiers", lambda case: m.MarketTier.objects.filter(case=case))
actions = _cached_list("actions", lambda case: m.ImplementationAction.objects.filter(case=case).select_related(
    "partner"))
indicators = _cached_list("indicators", lambda case: m.Indicator.objects.filter(case=case))
records = _cached_list("records", lambda case: m.MonitoringRecord.objects.filter(case=case))
reviews = _cached_list("reviews", lambda case: m.Review.objects.filter(case=case))
findings = _cached_list("findings", setup_selectors.findings)
studies = _cached_list("studies", setup_selectors.studies)


def _through_map(ctx, key: str, through, owner: str, target: str) -> dict[int, list[int]]:
    """{owner id: [target ids]} for a many-to-many table, in one query (read only where needed)."""

    def compute():
        grouped: dict[int, list[int]] = defaultdict(list)
        for owner_id, target_id in through.objects.filter(**{f"{owner}__case": ctx.case}).order_by(
                target).values_list(f"{owner}_id", f"{target}_id"):
            grouped[owner_id].append(target_id)
        return grouped

    return ctx.cached(f"implementation:m2m:{key}", compute)


def training_subtypes(ctx) -> dict[int, list[int]]:
    return _through_map(ctx, "training", m.TrainingProgram.subtypes.through, "trainingprogram", "subtype")


def further_subtypes(ctx) -> dict[int, list[int]]:
    return _through_map(ctx, "further", m.FurtherProgram.subtypes.through, "furtherprogram", "subtype")


def dependencies(ctx) -> dict[int, list[int]]:
    return _through_map(ctx, "depends", m.ImplementationAction.depends_on.through, "from_implementationaction",
                        "to_implementationaction")


COUNTED = {
    "regulations": m.Regulation, "changes": m.RegulationChange, "trainings": m.TrainingProgram,
    "leverages": m.Leverage, "further": m.FurtherProgram, "zones": m.Zone, "schemes": m.MarketAccessScheme,
    "tiers": m.MarketTier, "actions": m.ImplementationAction, "indicators": m.Indicator,
    "records": m.MonitoringRecord, "reviews": m.Review,
}


def counts(ctx) -> dict[str, int]:
    """How many rows each Part 3 record has for the case, in one query (the task list needs
    little more)."""

    def compute():
        annotations = {
            f"n_{key}": Coalesce(Subquery(model.objects.filter(case=OuterRef("pk")).order_by().values("case")
                                          .annotate(n=Count("pk")).values("n")[:1]), 0)
            for key, model in COUNTED.items()
        }
        row = StrategyCase.objects.filter(pk=ctx.case.pk).annotate(**annotations).values(*annotations).get()
        return {key[2:]: value for key, value in row.items()}

    return ctx.cached("implementation:counts", compute)


def feasibility(ctx) -> dict:
    return ctx.cached("implementation:feasibility", lambda: strategy_selectors.feasibility(ctx.case))


def action_plan(ctx) -> m.ActionPlan | None:
    return ctx.cached("implementation:plan", lambda: m.ActionPlan.objects.filter(case=ctx.case).first())


def nap_plan(ctx) -> m.NapPlan | None:
    return ctx.cached("implementation:nap", lambda: m.NapPlan.objects.filter(case=ctx.case).first())


def subtypes_with(ctx, *approaches) -> list:
    return [subtype for subtype in subtypes(ctx) if subtype.approach in approaches]


# --- which steps apply ------------------------------------------------------------------------------


def regulates(ctx) -> bool:
    """Regulations apply when a subtype is licensed and regulated, or regulated inside zones."""
    return bool(subtypes_with(ctx, *REGULATED))


def has_zone_subtype(ctx) -> bool:
    return bool(subtypes_with(ctx, Approach.ZONES))


def market_subtypes(ctx) -> list:
    """Subtypes a market-access scheme serves: those whose approach is market access, and zones
    subtypes that also take a market channel for production outside the zones."""
    return [subtype for subtype in subtypes(ctx) if subtype.approach == Approach.MARKET_ACCESS
            or (subtype.approach == Approach.ZONES and subtype.market_outside_zones)]


def has_market_subtype(ctx) -> bool:
    return bool(market_subtypes(ctx))


def needs_nap(ctx) -> bool:
    """The crosswalk applies to a Party to the Minamata Convention with more-than-insignificant ASGM."""
    return bool(ctx.case.is_minamata_party and ctx.case.asgm_more_than_insignificant)


def nap_not_applicable(ctx) -> dict:
    """Why the crosswalk does not apply to this case, and where the two answers it depends on are
    given (the Minamata Convention questions of the monitoring step)."""
    case = ctx.case
    reasons = []
    if not case.is_minamata_party:
        reasons.append(_("The case does not say that the country is a Party to the Minamata Convention."))
    if not case.asgm_more_than_insignificant:
        reasons.append(_("The case does not say that the country has notified its artisanal and small-scale gold "
                         "mining as more than insignificant."))
    monitoring = reverse("implementation:implementation-step", kwargs={"case_id": case.pk, "step": "monitoring"})
    return {
        "reasons": reasons,
        "explanation": _("The Convention asks for a national action plan (its Annex C) only from a Party whose "
                         "artisanal and small-scale gold mining is more than insignificant, so this tool shows the "
                         "crosswalk only when the case says both."),
        "links": [(_("Change these answers under “Minamata Convention reporting” in the step “%(step)s”")
                   % {"step": _("Monitor and evaluate")}, f"{monitoring}#group-id_is_minamata_party")],
    }


def has_regulations(ctx) -> bool:
    return counts(ctx)["regulations"] > 0


def has_programs(ctx) -> bool:
    return bool(programs(ctx))


# --- data present and what is missing ----------------------------------------------------------------


def has(key: str):
    def present(ctx) -> bool:
        return counts(ctx)[key] > 0

    present.__name__ = f"has_{key}"
    return present


def has_monitoring(ctx) -> bool:
    found = counts(ctx)
    return bool(found["indicators"] or found["records"] or found["reviews"])


def regulations_missing(ctx) -> list[str]:
    if not counts(ctx)["regulations"]:
        return [_("Add at least one regulation")]
    return [_("“%(rule)s”: choose the subtypes it applies to") % {"rule": row.title}
            for row in regulations(ctx) if not row.subtypes.all()]


def changes_missing(ctx) -> list[str]:
    return [] if counts(ctx)["changes"] else [
        _("Plan at least one review of the rules, with its trigger and the change")]


def training_missing(ctx) -> list[str]:
    return [] if counts(ctx)["trainings"] else [_("Add at least one education or training programme")]


def leverage_missing(ctx) -> list[str]:
    return [] if counts(ctx)["leverages"] else [_("Choose at least one programme that becomes conditional")]


def further_missing(ctx) -> list[str]:
    return [] if counts(ctx)["further"] else [_("Add at least one programme for the later years")]


def zones_missing(ctx) -> list[str]:
    served = {zone.subtype_id for zone in zones(ctx)}
    return [_("%(subtype)s: add at least one zone") % {"subtype": subtype.name}
            for subtype in subtypes_with(ctx, Approach.ZONES) if subtype.pk not in served]


def market_missing(ctx) -> list[str]:
    served = {scheme.subtype_id for scheme in schemes(ctx)}
    missing = [_("%(subtype)s: add a market-access scheme") % {"subtype": subtype.name}
               for subtype in market_subtypes(ctx) if subtype.pk not in served]
    tiered = {tier.scheme_id for tier in tiers(ctx)}
    missing += [_("“%(scheme)s”: add at least one tier") % {"scheme": scheme.name}
                for scheme in schemes(ctx) if scheme.pk not in tiered]
    return missing


def action_plan_missing(ctx) -> list[str]:
    missing = [] if counts(ctx)["actions"] else [_("Add at least one action")]
    waiting = len(pending_proposals(ctx))
    if waiting:
        missing.append(ngettext(
            "%(n)s proposed action is waiting: add it to the plan or mark it as not needed",
            "%(n)s proposed actions are waiting: add them to the plan or mark them as not needed", waiting)
            % {"n": waiting})
    return missing


def monitoring_missing(ctx) -> list[str]:
    missing = []
    if not counts(ctx)["indicators"]:
        missing.append(_("Add at least one indicator"))
    if not counts(ctx)["reviews"]:
        missing.append(_("Plan at least one review"))
    return missing


def nap_missing(ctx) -> list[str]:
    gaps = [element for element in nap_elements(ctx) if element.status != cw.COVERED]
    plan = nap_plan(ctx)
    if gaps and not (plan and plan.gaps_plan.strip()):
        return [_("Say how the missing and partly covered NAP elements will be handled")]
    return []


def always_present(ctx) -> bool:
    return True


# --- proposals -------------------------------------------------------------------------------------


class Proposal:
    """A proposed action. Its form values are worked out only when a page shows or uses them
    (the task list only counts proposals)."""

    def __init__(self, key: str, title: str, why: str, values):
        self.key, self.title, self.why = key, title, why
        self._values = values

    def __repr__(self) -> str:
        return f"Proposal({self.key!r})"

    @cached_property
    def values(self) -> dict:
        return self._values() if callable(self._values) else self._values

    @property
    def period(self) -> str:
        v = self.values
        return l10n.period((v["start_year"], v["start_quarter"]), (v["end_year"], v["end_quarter"]))


def _clip(ctx, year: int, quarter: int) -> tuple[int, int]:
    first, last = ctx.case.strategy_start_year, ctx.case.end_year
    if year < first:
        return first, 1
    if year > last:
        return last, 4
    return year, quarter


def _quarter_of(date) -> int:
    return (date.month - 1) // 3 + 1


def _values(ctx, key, step, title, *, start, end, subtypes_=(), responsible="", partner=None, cost=None,
            funding=m.Funding.UNFUNDED, funding_source="") -> dict:
    start, end = _clip(ctx, *start), _clip(ctx, *end)
    if quarter_index(*end) < quarter_index(*start):
        end = start
    return {"step": step, "title": title[:300], "subtypes": [s for s in subtypes_],
            "responsible_institution": (responsible or ctx.case.lead_ministry)[:200],
            "partner": partner or "", "start_year": start[0], "start_quarter": start[1], "end_year": end[0],
            "end_quarter": end[1], "cost": "" if cost is None else cost, "funding": funding,
            "funding_source": funding_source[:200], "status": m.ActionStatus.PLANNED, "source_key": key}


def _funding(partner_id, source: str) -> str:
    if partner_id:
        return m.Funding.PARTNER
    return m.Funding.GOVERNMENT if source.strip() else m.Funding.UNFUNDED


def all_proposals(ctx) -> list[Proposal]:
    """Actions that follow from earlier answers (this tool's suggestions, never saved until the
    person adds them to the plan)."""

    def compute():
        first = ctx.case.strategy_start_year
        found: list[Proposal] = []
        assessed = feasibility(ctx)
        for subtype in subtypes(ctx):
            answer = assessed.get(subtype.pk)
            if subtype.legal_reform or (answer is not None and answer.f7 == "no"):
                key = casekeys.key("legal-reform", subtype)
                found.append(Proposal(key, _("Reform the law for %(subtype)s") % {"subtype": subtype.name},
                                      _("Part 2 flags legal reform for this subtype (F7 or the approach page)."),
                                      _values(ctx, key, m.ActionStep.LEGAL_REFORM,
                                              _("Draft and pass the legal reform for %(subtype)s") % {
                                                  "subtype": subtype.name},
                                              start=(first, 1), end=(first + 1, 2), subtypes_=[subtype.pk],
                                              funding=m.Funding.GOVERNMENT)))
        for rule in regulations(ctx):
            if rule.status != m.RegulationStatus.PROPOSED:
                continue
            key = casekeys.key("regulation", rule)
            when = rule.effective_date
            end = (when.year, _quarter_of(when)) if when else (first + 1, 2)
            found.append(Proposal(key, _("Adopt “%(rule)s”") % {"rule": rule.title},
                                  _("The regulation is proposed and not yet adopted."),
                                  _values(ctx, key, m.ActionStep.SET_REGULATIONS,
                                          _("Adopt and publish: %(rule)s") % {"rule": rule.title},
                                          start=shift_quarter(end, -2), end=end,
                                          subtypes_=[s.pk for s in rule.subtypes.all()],
                                          responsible=rule.enforcing_institution, funding=m.Funding.GOVERNMENT)))
        for change in changes(ctx):
            key = casekeys.key("change", change)
            when = (change.review_date.year, _quarter_of(change.review_date))
            subject = change.regulation.title if change.regulation else change.change[:80]
            found.append(Proposal(key, _("Review: %(subject)s") % {"subject": subject},
                                  _("A planned review of the rules (adjust regulations)."),
                                  _values(ctx, key, m.ActionStep.ADJUST_REGULATIONS,
                                          _("Review and %(change)s: %(subject)s") % {
                                              "change": change.get_change_type_display().lower(), "subject": subject},
                                          start=when, end=when, funding=m.Funding.GOVERNMENT)))
        for training in trainings(ctx):
            key = casekeys.key("training", training)
            year = training.start_year or first + 1
            found.append(Proposal(key, _("Deliver “%(title)s”") % {"title": training.title},
                                  _("An education or training programme."),
                                  lambda key=key, training=training, year=year: _values(
                                      ctx, key, m.ActionStep.TRAINING, training.title, start=(year, 1),
                                      end=(ctx.case.end_year, 4), subtypes_=training_subtypes(ctx)[training.pk],
                                      responsible=training.provider, cost=training.cost)))
        by_program = {program.pk: program for program in programs(ctx)}
        for leverage in leverages(ctx):
            program = by_program.get(leverage.program_id)
            if program is None:
                continue
            key = casekeys.key("leverage", leverage)
            found.append(Proposal(key, _("Announce the condition for “%(title)s”") % {"title": program.title},
                                  _("Assistance used as leverage must be announced before it applies."),
                                  _values(ctx, key, m.ActionStep.LEVERAGE,
                                          _("Announce and apply the condition for %(title)s") % {
                                              "title": program.title},
                                          start=(leverage.from_year - 1, 4), end=(leverage.from_year, 1),
                                          subtypes_=[program.subtype_id], responsible=program.lead_institution,
                                          funding=m.Funding.GOVERNMENT)))
        for program in programs(ctx):
            key = casekeys.key("program", program)
            found.append(Proposal(key, _("Deliver “%(title)s”") % {"title": program.title},
                                  _("An assistance programme of Part 2."),
                                  _values(ctx, key, m.ActionStep.LEVERAGE, program.title,
                                          start=(program.start_year or first, 1),
                                          end=(program.end_year or ctx.case.end_year, 4),
                                          subtypes_=[program.subtype_id],
                                          responsible=program.lead_institution, partner=program.partner_id,
                                          cost=program.budget, funding=_funding(program.partner_id,
                                                                                program.funding_source),
                                          funding_source=program.funding_source)))
        for item in further(ctx):
            key = casekeys.key("further", item)
            found.append(Proposal(key, _("Launch “%(title)s”") % {"title": item.title},
                                  _("Further assistance for the later years."),
                                  lambda key=key, item=item: _values(
                                      ctx, key, m.ActionStep.FURTHER, item.title, start=(item.start_year, 1),
                                      end=(ctx.case.end_year, 4), subtypes_=further_subtypes(ctx)[item.pk],
                                      responsible=item.lead_institution, partner=item.partner_id, cost=item.budget,
                                      funding=_funding(item.partner_id, ""))))
        for zone in zones(ctx):
            if zone.status != m.ZoneStatus.CANDIDATE:
                continue
            key = casekeys.key("zone", zone)
            found.append(Proposal(key, _("Gazette the zone “%(zone)s”") % {"zone": zone.name},
                                  _("A candidate zone must be gazetted before plots are allocated."),
                                  _values(ctx, key, m.ActionStep.ZONE, _("Gazette %(zone)s") % {"zone": zone.name},
                                          start=(first + 1, 1), end=(first + 1, 2), subtypes_=[zone.subtype_id],
                                          funding=m.Funding.GOVERNMENT)))
        for scheme in schemes(ctx):
            key = casekeys.key("market", scheme)
            found.append(Proposal(key, _("Set up “%(scheme)s”") % {"scheme": scheme.name},
                                  _("A market-access scheme needs its channel, tiers and verification in place."),
                                  _values(ctx, key, m.ActionStep.MARKET, _("Set up %(scheme)s") % {
                                      "scheme": scheme.name}, start=(first, 3), end=(first + 1, 2),
                                      subtypes_=[scheme.subtype_id], responsible=scheme.operator)))
        for review in reviews(ctx):
            key = casekeys.key("review", review)
            when = (review.date.year, _quarter_of(review.date))
            found.append(Proposal(key, str(review), _("A review in the monitoring plan."),
                                  _values(ctx, key, m.ActionStep.REVIEW, str(review), start=when, end=when,
                                          funding=m.Funding.GOVERNMENT)))
        found += study_proposals(ctx)
        found += preconditions_proposals(ctx)
        return found

    return ctx.cached("implementation:proposals", compute)


def study_proposals(ctx) -> list[Proposal]:
    """A follow-up action for every Part 1 study not done yet (deferred, planned, commissioned or
    in progress), with the study's budget, funder and dates: the decisions it informs still wait
    for its findings. A study validated, in draft or covered by existing information proposes
    nothing."""
    first = ctx.case.strategy_start_year
    found = []
    for study in studies(ctx):
        if study.status in setup_models.DONE_STATUSES:
            continue
        key = casekeys.key("study", study)
        name = str(study)  # its code and name, then its title: "R7 Geological and land-use mapping – South"
        start = (study.start_date.year, _quarter_of(study.start_date)) if study.start_date else (first, 1)
        if study.end_date:
            end = (study.end_date.year, _quarter_of(study.end_date))
        else:  # a year from its start
            end = shift_quarter(start, 3)
        if study.status == setup_models.StudyStatus.DEFERRED:
            title = _("Carry out the deferred study %(study)s") % {"study": name}
            why = (_("Part 1 defers this study: %(reason)s") % {"reason": study.deferred_reason.strip()}
                   if study.deferred_reason.strip() else _("Part 1 defers this study."))
        else:
            title = _("Complete the study %(study)s") % {"study": name}
            why = _("Part 1 records this study as “%(status)s”: its findings are not in yet.") % {
                "status": study.get_status_display()}
        if study.budget is not None:
            why = _("%(why)s Budget: %(amount)s.") % {
                "why": why, "amount": l10n.money(study.budget, ctx.case.currency)}
        found.append(Proposal(key, title, why, _values(
            ctx, key, m.ActionStep.CAPACITY, title, start=start, end=end, responsible=study.implementer,
            partner=study.funder_id, cost=study.budget, funding=_funding(study.funder_id, ""))))
    return found


def used_proposal_keys(ctx) -> set[str]:
    return {action.source_key for action in actions(ctx) if action.source_key}


def dropped_keys(ctx) -> set[str]:
    plan = action_plan(ctx)
    return set(plan.dropped_proposals) if plan else set()


def pending_proposals(ctx) -> list[Proposal]:
    done = used_proposal_keys(ctx) | dropped_keys(ctx)
    return [proposal for proposal in all_proposals(ctx) if proposal.key not in done]


def action_prefill(ctx, list_name: str, key: str) -> dict | None:
    if list_name != "actions":
        return None
    return next((proposal.values for proposal in all_proposals(ctx) if proposal.key == key), None)


def leverage_prefill(ctx, list_name: str, key: str) -> dict | None:
    kind, _sep, pk = key.partition(":")
    program = next((p for p in programs(ctx) if kind == "program" and str(p.pk) == pk), None)
    if list_name != "leverage" or program is None or never_leverage(ctx, program):
        return None
    return {"program": program.pk, "condition": program.condition,
            "from_year": min(ctx.case.strategy_start_year + 1, ctx.case.end_year)}


def indicator_prefill(ctx, list_name: str, key: str) -> dict | None:
    if list_name != "indicators":
        return None
    kind, _sep, pk = key.partition(":")
    if kind == "objective":
        row = next((o for o in objectives(ctx) if str(o.pk) == pk), None)
        if row is None:
            return None
        return {"name": row.indicator or row.title, "unit": row.unit, "objective": row.pk,
                "baseline_value": row.baseline_value, "target_value": row.target_value,
                "target_year": row.target_date.year if row.target_date else "", "data_source": row.data_source,
                "responsible_institution": row.responsible_institution, "source_key": key}
    if kind == "program":
        row = next((p for p in programs(ctx) if str(p.pk) == pk), None)
        if row is None:
            return None
        return {"name": _("Beneficiaries of %(title)s") % {"title": row.title}, "unit": _("operators"),
                "program": row.pk, "responsible_institution": row.lead_institution, "source_key": key}
    return None


# --- what the pages show beside the forms -------------------------------------------------------------


def regulations_context(ctx) -> dict:
    """Where licensing costs miners more than it gives them (F5 = No), regulations that add
    compliance costs for those subtypes are flagged."""
    assessed = feasibility(ctx)
    weak = {subtype.pk: subtype for subtype in subtypes(ctx)
            if assessed.get(subtype.pk) is not None and assessed[subtype.pk].f5 == "no"}
    warnings = []
    for rule in regulations(ctx):
        hit = [weak[s.pk] for s in rule.subtypes.all() if s.pk in weak]
        if hit:
            warnings.append({"rule": rule, "subtypes": hit})
    return {"regulated_subtypes": subtypes_with(ctx, *REGULATED), "compliance_warnings": warnings,
            "weak_incentive_subtypes": list(weak.values())}


def never_leverage(ctx, program) -> bool:
    """Basic assistance, and the assistance of a subtype whose preconditions come first, is given
    without conditions: never offered as leverage (``strategy.selectors.leverage_programs_queryset``)."""
    approaches = ctx.cached("implementation:approaches", lambda: {s.pk: s.approach for s in subtypes(ctx)})
    return program.basic or approaches.get(program.subtype_id) == Approach.PRECONDITIONS


def leverage_context(ctx) -> dict:
    used = {leverage.program_id for leverage in leverages(ctx)}
    rows = programs(ctx)
    return {
        "candidates": [p for p in rows if p.pk not in used and not never_leverage(ctx, p)],
        "leveraged": [p for p in rows if p.pk in used],
        "unconditional": [p for p in rows if p.pk not in used and (not p.conditional or never_leverage(ctx, p))],
        "wrongly_leveraged": [p for p in rows if p.pk in used and never_leverage(ctx, p)],
    }


# R7 (geological and land-use mapping) counts as verifying zones when validated or covered by
# existing information; anything else (missing, deferred, planned, in progress, a draft) does not.
R7_SOUND = ("validated", "covered")  # setup_phase StudyStatus values
GAZETTED = (m.ZoneStatus.GAZETTED, m.ZoneStatus.OPERATIONAL)


def mapping_study(ctx):
    """The case's R7 study (geological and land-use mapping), or None. Read with the case's other
    studies, once per request."""
    rows = ctx.cached("implementation:studies", lambda: list(setup_selectors.studies(ctx.case)))
    return next((study for study in rows if study.research_type == "R7"), None)


def zone_warnings(ctx) -> list[dict]:
    """Zones gazetted (or operational) while R7 is missing, deferred or not validated: a warning
    on the zones page and on Part 3's check-answers page, never an error."""
    study = mapping_study(ctx)
    if study is not None and study.status in R7_SOUND:
        return []
    if study is None:
        state = _("not recorded in Part 1")
    else:
        state = _("“%(status)s”") % {"status": study.get_status_display()}
    found = []
    for zone in zones(ctx):
        if zone.status not in GAZETTED:
            continue
        found.append({"zone": zone, "message": _(
            "“%(zone)s” is %(zone_status)s, but the geological and land-use mapping (R7) is %(state)s. A zone "
            "gazetted before the mapping is validated may hold no viable deposit or overlap other claims: "
            "validate R7 before plots are allocated.") % {
                "zone": zone.name, "zone_status": zone.get_status_display().lower(), "state": state}})
    return found


def zones_context(ctx) -> dict:
    """Beside the zones: each zone subtype's Z answer and note from Part 2, the R7 study's status,
    the R7 findings, and the zones gazetted while R7 is not validated."""
    assessed = feasibility(ctx)
    study = mapping_study(ctx)
    setup_url = reverse("setup_phase:setup-step", kwargs={"case_id": ctx.case.pk, "step": "research"})
    rows = []
    for subtype in subtypes_with(ctx, Approach.ZONES):
        answer = assessed.get(subtype.pk)
        rows.append({"subtype": subtype, "z": answer.get_z_display() if answer and answer.z else "",
                     "z_note": answer.z_note if answer else "", "market": subtype.market_outside_zones,
                     "url": reverse("strategy:substrategy-step", kwargs={
                         "case_id": ctx.case.pk, "subject_id": subtype.pk, "step": "feasibility"}) + "#factor-z-title"})
    return {"zone_subtypes": subtypes_with(ctx, Approach.ZONES),
            "zone_rows": rows,
            "mapping_study": study,
            "mapping_sound": study is not None and study.status in R7_SOUND,
            "research_url": setup_url,
            "zone_warnings": zone_warnings(ctx),
            "key_findings": [f for f in findings(ctx) if f.study.research_type == "R7"],
            "findings_url": reverse("setup_phase:setup-step", kwargs={"case_id": ctx.case.pk, "step": "findings"})}


def market_context(ctx) -> dict:
    return {"market_subtypes": market_subtypes(ctx),
            "key_findings": [f for f in findings(ctx) if f.study.research_type == "R6"],
            "findings_url": reverse("setup_phase:setup-step", kwargs={"case_id": ctx.case.pk, "step": "findings"})}


# --- proposals for subtypes whose preconditions come first ---------------------------------------------


def preconditions_proposals(ctx) -> list[Proposal]:
    """What comes first for a preconditions-first subtype (GUIDANCE.md §2.5.2): acting on the red
    flags of its security and conflict risks (OECD Due Diligence Guidance, Annex II), research where
    they are not known, building the capacity the feasibility test found lacking, and the test run
    again at the first review. Keys name the subtype (``casekeys``: kinds ``conflict-risks``,
    ``conflict-research``, ``preconditions-capacity``, ``preconditions-review``)."""
    from strategy import conflict

    first = ctx.case.strategy_start_year
    chosen = [subtype for subtype in subtypes(ctx) if subtype.approach == Approach.PRECONDITIONS]
    if not chosen:
        return []
    rows = ctx.cached("implementation:substrategies", lambda: strategy_selectors.substrategies(ctx.case))
    assessed = feasibility(ctx)
    review_dates = sorted(review.date for review in reviews(ctx) if review.date.year >= first)
    review_at = (review_dates[0].year, _quarter_of(review_dates[0])) if review_dates else (first + 1, 4)
    found = []

    def propose(kind, subtype, title, why, step, start, end):
        key = casekeys.key(kind, subtype)
        found.append(Proposal(key, title, why, _values(ctx, key, step, title, start=start, end=end,
                                                       subtypes_=[subtype.pk])))

    for subtype in chosen:
        row = rows.get(subtype.pk)
        names = {"subtype": subtype.name}
        flagged = [str(conflict.NAMES[code]) for code in conflict.flagged(row)]
        if flagged:
            propose("conflict-risks", subtype,
                    _("Act on the security and conflict risks of %(subtype)s") % names,
                    _("Red flags found (OECD Due Diligence Guidance, Annex II): %(risks)s.") % {
                        "risks": l10n.join(flagged)}, m.ActionStep.CAPACITY, (first, 1), (first, 4))
        unknown = [str(conflict.NAMES[code]) for code in conflict.flagged(row, conflict.RiskAnswer.UNKNOWN)]
        if unknown:
            propose("conflict-research", subtype,
                    _("Research the security and conflict risks not known yet for %(subtype)s") % names,
                    _("Not known yet: %(risks)s.") % {"risks": l10n.join(unknown)},
                    m.ActionStep.CAPACITY, (first, 1), (first, 3))
        answer = assessed.get(subtype.pk)
        lacking = [code for code in ("f1", "f2", "f3", "f4", "f5", "f6") if answer is not None
                   and getattr(answer, code) == "no"]
        if lacking:
            factors = l10n.join(str(answer._meta.get_field(code).verbose_name) for code in lacking)
            propose("preconditions-capacity", subtype,
                    _("Build what %(subtype)s lacks: %(factors)s") % {**names, "factors": factors},
                    _("The feasibility test answers No on %(factors)s: capacity building comes first.") % {
                        "factors": factors}, m.ActionStep.CAPACITY, (first, 1), (first + 1, 4))
        propose("preconditions-review", subtype,
                _("Run the feasibility test for %(subtype)s again") % names,
                _("Preconditions first is interim: the test is run again at the next review, to see whether a "
                  "stronger approach has become feasible."), m.ActionStep.REVIEW, review_at, review_at)
    return found


def budget(ctx):
    items = [CostItem(cost=action.cost, funding=action.funding, start=(action.start_year, action.start_quarter),
                      end=(action.end_year, action.end_quarter), partner=action.partner.name if action.partner else "")
             for action in actions(ctx) if action.status != m.ActionStatus.CANCELLED]
    return summarise_budget(items, ctx.case.strategy_start_year, ctx.case.end_year)


def budget_facts(case, budget) -> list[tuple[str, str]]:
    """The plan's totals as the report's budget chapter states them: money in the case's
    currency, whole units, in the active language (``asm_guide.l10n``)."""
    return [
        (_("Total cost of the plan"), l10n.money(budget.total, case.currency)),
        (_("Funded"), l10n.money(budget.totals.funded, case.currency)),
        (_("Unfunded gap"), l10n.money(budget.gap, case.currency)),
        (_("Share unfunded"), l10n.percent(budget.gap / budget.total) if budget.total else ""),
    ]


def budget_table(budget) -> dict:
    """The budget by year and funding source as text, figured as the report's table: whole units
    of the currency the heading names, grouped the way the active language groups digits."""

    def amount(value) -> str:
        return l10n.number(value, digits=0)

    return {
        "rows": [[str(row.year), *(amount(row.amounts[key]) for key in FUNDING_KEYS), amount(row.total)]
                 for row in budget.rows],
        "footer": [_("Total"), *(amount(budget.totals.amounts[key]) for key in FUNDING_KEYS), amount(budget.total)],
    }


def dependency_warnings(ctx) -> list[dict]:
    """Actions planned to end before an action they depend on ends (``plan.schedule_warnings``):
    a warning on the action-plan page and on the check-answers page, never an error."""
    rows = {action.pk: action for action in actions(ctx)}
    periods = {pk: ((a.start_year, a.start_quarter), (a.end_year, a.end_quarter)) for pk, a in rows.items()}
    found = []
    for warning in schedule_warnings(periods, dependencies(ctx)):
        action, prerequisite = rows[warning.action], rows[warning.prerequisite]
        found.append({
            "action": action, "prerequisite": prerequisite,
            "message": _("%(action)s “%(title)s” ends in %(end)s, before %(prerequisite)s, which it depends on, ends "
                         "in %(prerequisite_end)s. Move its end, or check the dependency.") % {
                "action": action.ref, "title": action.title, "end": l10n.quarter(*warning.action_end),
                "prerequisite": prerequisite.ref, "prerequisite_end": l10n.quarter(*warning.prerequisite_end)},
        })
    return found


def check_context(ctx) -> dict:
    """Part 3's check-answers page: what the schedule contradicts (warnings, the part can still be
    marked complete)."""
    active = {step.slug for step in _flow().active_steps(ctx)}
    return {"dependency_warnings": dependency_warnings(ctx) if "action-plan" in active else [],
            "action_plan_url": reverse("implementation:implementation-step",
                                       kwargs={"case_id": ctx.case.pk, "step": "action-plan"}),
            # Zones gazetted before the R7 mapping is validated (the zones step shows the same).
            "zone_warnings": zone_warnings(ctx) if "zones" in active else [],
            "zones_url": reverse("implementation:implementation-step", kwargs={"case_id": ctx.case.pk,
                                                                               "step": "zones"})}


def _flow():
    from .steps import FLOW

    return FLOW


def action_plan_context(ctx) -> dict:
    rows = actions(ctx)
    refs = {action.pk: action.ref for action in rows}
    depends = dependencies(ctx)
    for action in rows:
        action.dependency_refs = sorted((refs[pk] for pk in depends.get(action.pk, []) if pk in refs),
                                        key=lambda ref: int(ref[1:]) if ref[1:].isdigit() else 0)
    timeline = build_timeline(
        [(a.ref, a.title, a.status, (a.start_year, a.start_quarter), (a.end_year, a.end_quarter)) for a in rows],
        ctx.case.strategy_start_year, ctx.case.end_year)
    dropped = dropped_keys(ctx)
    used = used_proposal_keys(ctx)
    proposals = all_proposals(ctx)
    plan_budget = budget(ctx)
    return {
        "proposals": [p for p in proposals if p.key not in used and p.key not in dropped],
        "dropped": [p for p in proposals if p.key in dropped and p.key not in used],
        "timeline": timeline,
        "plan_rows": rows,
        "budget": plan_budget,
        "budget_facts": budget_facts(ctx.case, plan_budget),
        "budget_table": budget_table(plan_budget),
        "currency": ctx.case.currency,
        "dependency_warnings": dependency_warnings(ctx),
    }


def progress_rows(ctx) -> list[dict]:
    """Each indicator with its latest recorded value, beside its baseline and target."""
    latest: dict[int, m.MonitoringRecord] = {}
    for record in records(ctx):
        latest[record.indicator_id] = record
    return [{"indicator": indicator, "latest": latest.get(indicator.pk)} for indicator in indicators(ctx)]


def monitoring_context(ctx) -> dict:
    tracked = {indicator.source_key for indicator in indicators(ctx) if indicator.source_key}
    tracked |= {f"objective:{i.objective_id}" for i in indicators(ctx) if i.objective_id}
    tracked |= {f"program:{i.program_id}" for i in indicators(ctx) if i.program_id}
    by_subtype = {subtype.pk: subtype for subtype in subtypes(ctx)}
    decisions = []
    for review in reviews(ctx):
        if review.approach_subtype_id and review.new_approach and review.approach_subtype_id in by_subtype:
            subtype = by_subtype[review.approach_subtype_id]
            decisions.append({"review": review, "subtype": subtype,
                              "current": Approach(subtype.approach).label if subtype.approach else "",
                              "new": Approach(review.new_approach).label,
                              "applied": subtype.approach == review.new_approach,
                              "url": reverse("strategy:substrategy-step", kwargs={
                                  "case_id": ctx.case.pk, "subject_id": subtype.pk, "step": "approach"})})
    return {
        "untracked_objectives": [o for o in objectives(ctx) if f"objective:{o.pk}" not in tracked],
        "untracked_programs": [p for p in programs(ctx) if f"program:{p.pk}" not in tracked],
        "progress": progress_rows(ctx),
        "approach_decisions": decisions,
    }


# --- the NAP crosswalk --------------------------------------------------------------------------------


def nap_facts(ctx) -> cw.NapFacts:
    def compute():
        rules = regulations(ctx)
        courses = trainings(ctx)
        mercury_objectives = [o for o in objectives(ctx) if o.goal_area == "environment_mercury"]
        health = [p for p in programs(ctx) if p.program_type == ProgramType.HEALTH]
        health += [p for p in further(ctx) if p.program_type == ProgramType.HEALTH]
        mercury_free = [p for p in programs(ctx) if p.program_type == ProgramType.EQUIPMENT]
        mercury_free += [p for p in further(ctx) if p.program_type == ProgramType.EQUIPMENT]
        forum = setup_selectors.forum_counts(ctx.case)
        all_findings = findings(ctx)
        rows = actions(ctx)
        categories = defaultdict(int)
        for rule in rules:
            categories[rule.category] += 1
        return cw.NapFacts(
            objectives=len(objectives(ctx)),
            mercury_objectives=len(mercury_objectives),
            mercury_objectives_with_target=sum(1 for o in mercury_objectives if o.target_value is not None),
            mercury_rules=categories[m.RegulationCategory.MERCURY],
            mercury_free_programs=len(mercury_free),
            mercury_free_trainings=sum(1 for t in courses if t.topic == m.TrainingTopic.MERCURY_FREE),
            subtypes=len(subtypes(ctx)),
            subtypes_with_approach=sum(1 for s in subtypes(ctx) if s.approach),
            formalisation_instruments=len(rules) + len(zones(ctx)) + len(schemes(ctx)),
            mercury_baseline_findings=sum(1 for f in all_findings if f.topic == "mercury_use"),
            practices_documented=sum(1 for f in all_findings if f.topic == "practices")
            + sum(1 for s in subtypes(ctx) if s.main_practices.strip()),
            mercury_supply_findings=sum(1 for f in all_findings
                                        if f.study.research_type == "R6" and f.topic == "mercury_use"),
            mercury_trade_rules=categories[m.RegulationCategory.MERCURY_TRADE],
            forum_members=forum["members"],
            forum_meetings=forum["meetings"],
            health_programs=len(health),
            health_worker_trainings=sum(1 for t in courses if t.audience == m.Audience.HEALTH_WORKERS),
            child_measures=categories[m.RegulationCategory.CHILD_LABOUR]
            + sum(1 for o in objectives(ctx) if o.goal_area == "child_protection"),
            women_measures=categories[m.RegulationCategory.GENDER] + len(health),
            awareness_trainings=sum(1 for t in courses if t.topic == m.TrainingTopic.RULES_AWARENESS
                                    or t.audience == m.Audience.COMMUNITIES),
            trainings=len(courses),
            actions=len(rows),
            actions_without_cost=sum(1 for a in rows if a.cost is None),
        )

    return ctx.cached("implementation:nap_facts", compute)


def nap_elements(ctx) -> list[cw.Element]:
    return cw.crosswalk(nap_facts(ctx))


def place_url(ctx, place: str) -> str:
    app, _sep, slug = place.partition(":")
    case_id = ctx.case.pk
    if app == "implementation":
        return reverse("implementation:implementation-step", kwargs={"case_id": case_id, "step": slug})
    if app == "setup_phase":
        return reverse("setup_phase:setup-step", kwargs={"case_id": case_id, "step": slug})
    return reverse("strategy:strategy-step", kwargs={"case_id": case_id, "step": slug})


def nap_context(ctx) -> dict:
    elements = []
    for element in nap_elements(ctx):
        elements.append({
            "element": element,
            "covered_by": [{"text": link.text, "url": place_url(ctx, link.place)} for link in element.covered_by],
            "missing": [{"text": link.text, "url": place_url(ctx, link.place)} for link in element.missing],
        })
    counts = defaultdict(int)
    for element in nap_elements(ctx):
        counts[element.status] += 1
    return {"nap_elements": elements, "nap_counts": dict(counts)}

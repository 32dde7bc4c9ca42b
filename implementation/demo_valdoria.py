"""Part 3 of the second built-in test case, the fictional República de Valdoria (report in
Spanish). Everything here is invented and describes no real country.

Shows the branches of issue #15 in Part 3: a zone gazetted while the R7 mapping is deferred (the
zones step warns), market-access schemes for the market-access subtype (an official marketplace as
its chokepoint) and for the zones subtype's production outside the zones, the plan taking the
proposals of the preconditions-first subtype while the deferred study's follow-up stays proposed,
an action planned to end before the action it depends on (the warning), and a baseline reading
dated before the strategy period. Valdoria is not a Party to the Minamata Convention, so the NAP
crosswalk does not apply. Reads Parts 1 and 2 only through their selectors.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from asm_guide.wizard.registry import StepContext
from strategy import selectors as strategy_selectors

from . import casekeys, rules
from . import models as m
from .demo import earlier_parts

GAZETTED_ZONE = "Zona minera Sarén Norte"
MARKETPLACE_SCHEME = "Bolsa Nacional de Esmeraldas"
OUTSIDE_ZONES_SCHEME = "Compra de oro del Banco Central fuera de las zonas"
PREREQUISITE = "Reglamento de la Bolsa Nacional de Esmeraldas"
DEPENDENT = "Abrir la ventanilla de la Bolsa en Tarma"
BASELINE_COMMENT = "Lectura de base, antes del periodo de la estrategia"


@transaction.atomic
def load(case) -> None:
    """Fill Part 3 for Valdoria. Does nothing when Part 3 already has data."""
    parts = earlier_parts(case)
    if parts is None:
        return
    subtypes, programs, partners, studies = parts

    rules_ = {}
    for title, category, requirement, codes, activity, effective, cost in [
        ("Título de pequeña minería en 30 días", "licensing", "El MME expide el título de pequeña minería en 30 días "
         "en la oficina regional.", ["V3"], "mining", date(2027, 7, 1), "80"),
        ("Permiso de parcela en zona minera", "licensing", "Quien mina en una zona declarada tiene un permiso de "
         "parcela.", ["V2"], "mining", date(2028, 1, 1), "20"),
        ("Prohibición de la amalgamación de mineral entero", "mercury", "Ningún molino amalgama el mineral entero.",
         ["V2", "V3"], "all", date(2028, 1, 1), "150"),
    ]:
        rule = m.Regulation.objects.create(
            case=case, title=title, category=category, requirement=requirement, applies_to_activity=activity,
            legal_instrument="Reglamento de la Ley de Minas (ficticia)", effective_date=effective,
            enforcing_institution="Ministerio de Minas y Energía", sanction="Suspensión del título",
            est_compliance_cost=Decimal(cost), status="proposed")
        rule.subtypes.set([subtypes[code] for code in codes])
        rules_[title] = rule
    m.RegulationChange.objects.create(
        case=case, regulation=rules_["Permiso de parcela en zona minera"], change_type="relax",
        review_date=date(2029, 1, 1), trigger="Menos del 30 % de las parcelas asignadas a los 12 meses",
        change="Permiso de parcela gratuito el primer año", reason="La entrada barata decide la adopción (F5 es No)")
    training = m.TrainingProgram.objects.create(
        case=case, title="Seguridad en galerías para mineros de esmeraldas", audience="miners", topic="safety",
        provider="Iniciativa Esmeraldas Responsables", target_participants=600, start_year=2027,
        cost=Decimal("90000"))
    training.subtypes.set([subtypes["V4"]])
    for program in programs:
        if program.conditional and not program.basic:
            m.Leverage.objects.create(case=case, program=program, condition=program.condition, from_year=2028,
                                      verification="Registro del MME comprobado antes de cada entrega")
    further = m.FurtherProgram.objects.create(
        case=case, title="Crédito para los titulares de parcelas de Sarén", program_type="credit_insurance",
        extension="more_subtypes", regions="Meseta de Sarén", start_year=2029,
        lead_institution="Banco Central de Valdoria", partner=partners.get("Fondo Regional de Desarrollo"),
        budget=Decimal("300000"), condition="Permiso de parcela vigente")
    further.subtypes.set([subtypes["V2"]])
    m.Zone.objects.create(
        case=case, subtype=subtypes["V2"], name=GAZETTED_ZONE, region="Meseta de Sarén", area_ha=Decimal("420"),
        geology_verified=False, study=studies.get("R7"), land_status="free", gazette_ref="Gaceta Oficial 118/2027",
        gazette_date=date(2027, 3, 15), plots_capacity=160, plots_allocated=0, services=["water", "extension"],
        status=m.ZoneStatus.GAZETTED)
    m.Zone.objects.create(
        case=case, subtype=subtypes["V2"], name="Zona minera Sarén Sur", region="Meseta de Sarén",
        area_ha=Decimal("300"), land_status="customary_agreed", plots_capacity=110, services=["buying_point"],
        status=m.ZoneStatus.CANDIDATE)
    marketplace = m.MarketAccessScheme.objects.create(
        case=case, subtype=subtypes["V4"], name=MARKETPLACE_SCHEME, chokepoint_type=m.Chokepoint.MARKETPLACE,
        operator="Bolsa Nacional de Esmeraldas (Puerto Velas)", price_policy="Subasta semanal con precio de "
        "referencia publicado", verification_method="Registro del vendedor y declaración de la galería de origen",
        downstream_link="Compradores internacionales con diligencia debida según la Guía de la OCDE",
        volume_target=Decimal("40000"), volume_unit="quilates/año", target_year=2030)
    for position, (standard, benefit) in enumerate([
        ("Vendedor registrado con galería de origen declarada", "Acceso a la subasta semanal"),
        ("Galería con entibado y sin trabajo infantil", "Comisión de la Bolsa reducida a la mitad"),
    ], start=1):
        m.MarketTier.objects.create(case=case, scheme=marketplace, position=position, standard=standard,
                                    benefit=benefit)
    outside = m.MarketAccessScheme.objects.create(
        case=case, subtype=subtypes["V2"], name=OUTSIDE_ZONES_SCHEME, chokepoint_type=m.Chokepoint.CENTRAL_BANK,
        operator="Banco Central de Valdoria", price_policy="Precio internacional menos el 2 %, pago en 48 horas",
        verification_method="Registro del vendedor y del sitio fuera de las zonas", volume_target=Decimal("0.8"),
        volume_unit="t/año", target_year=2030)
    m.MarketTier.objects.create(case=case, scheme=outside, position=1, standard="Vendedor registrado, sin mercurio "
                                "cerca del agua", benefit="Precio del Banco Central y pago en 48 horas")

    m.Review.objects.create(case=case, kind="annual", date=date(2027, 12, 10))
    m.Review.objects.create(case=case, kind="midterm", date=date(2029, 6, 30))
    for objective in strategy_selectors.objectives(case)[:2]:
        indicator = m.Indicator.objects.create(
            case=case, name=objective.indicator or objective.title, unit=objective.unit, objective=objective,
            baseline_value=objective.baseline_value, target_value=objective.target_value,
            target_year=objective.target_date.year if objective.target_date else None,
            data_source=objective.data_source, responsible_institution=objective.responsible_institution,
            source_key=casekeys.key("objective", objective))
        if objective.goal_area == "formalisation":
            # A baseline reading, dated before the strategy period (2027-2031) starts.
            m.MonitoringRecord.objects.create(case=case, indicator=indicator, period_end=date(2026, 6, 30),
                                              value=Decimal("1800"), source="Censo minero 2024 (ficticio)",
                                              comment=BASELINE_COMMENT)

    # Every proposal goes into the plan but the deferred study's follow-up, which stays proposed.
    for proposal in rules.pending_proposals(StepContext(case=case)):
        if proposal.key.startswith("study:"):
            continue
        values = dict(proposal.values)
        chosen = values.pop("subtypes")
        values["partner_id"] = values.pop("partner") or None
        values["cost"] = values["cost"] if values["cost"] != "" else None
        action = m.ImplementationAction.objects.create(case=case, **values)
        action.subtypes.set(chosen)
    gems = partners.get("Iniciativa Esmeraldas Responsables")
    prerequisite = m.ImplementationAction.objects.create(
        case=case, step=m.ActionStep.MARKET, title=PREREQUISITE,
        responsible_institution="Ministerio de Minas y Energía",
        start_year=2027, start_quarter=1, end_year=2028, end_quarter=4, cost=Decimal("30000"),
        funding=m.Funding.GOVERNMENT, funding_source="Presupuesto nacional")
    prerequisite.subtypes.set([subtypes["V4"]])
    dependent = m.ImplementationAction.objects.create(
        case=case, step=m.ActionStep.MARKET, title=DEPENDENT, responsible_institution="Bolsa Nacional de Esmeraldas",
        partner=gems, start_year=2027, start_quarter=2, end_year=2028, end_quarter=2, cost=Decimal("60000"),
        funding=m.Funding.PARTNER if gems else m.Funding.UNFUNDED, funding_source=gems.name if gems else "")
    dependent.subtypes.set([subtypes["V4"]])
    dependent.depends_on.set([prerequisite])  # ends (2028 Q2) before what it depends on ends (2028 Q4)
    m.ActionPlan.objects.create(case=case, dropped_proposals=[])

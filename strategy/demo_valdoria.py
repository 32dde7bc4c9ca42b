"""Part 2 of the second built-in test case, the fictional República de Valdoria (report in
Spanish). Everything here is invented and describes no real country.

Four subtypes, one per branch of issue #15: V1 preconditions first (conflict-affected gold, the
OECD Annex II risks with red flags and notes, unconditional basic assistance), V2 ASM zones with a
market-access channel for production outside the zones, V3 license and regulate, V4 a voluntary
market-access system. Reads Part 1 only through ``setup_phase.selectors``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from setup_phase import selectors

from . import feasibility as fz
from . import models as m
from .relevance import bears_on_subtype

V1 = "V1 Oro aluvial del Alto Cauro (zona de conflicto)"
V2 = "V2 Oro filoniano de la Meseta de Sarén"
V3 = "V3 Cooperativas de estaño de la Sierra de Ildes"
V4 = "V4 Esmeraldas del Valle de Tarma"
Z_NOTE = "Dos áreas con vetas conocidas y tierra libre; la cartografía R7 está aplazada"
BASIC_PROGRAMME = "Puestos de salud y agua potable en los campamentos del Cauro"
ARMED_GROUPS_NOTE = ("Grupos armados cobran peajes en los cruces del río Cauro y controlan dos campamentos "
                     "(estudio R5, 2026).")
SECURITY_FORCES_NOTE = "Denuncias de extorsión por una unidad policial en el puesto de Cauro Alto (Defensoría, 2026)."
TAXES_NOTE = "Casi nada del oro del Cauro paga regalías: sale de contrabando por la frontera norte (R6)."

N, P, Y = fz.NO, fz.PARTLY, fz.YES
# name, minerals, scale, activity, region, mobility, miners, % women, children, sites, production, unit,
# % official, practices, impacts, LSM overlap, priority
SUBTYPES = [
    (V1, ["gold"], "micro_artisanal", "mining", "Alto Cauro", "rush", 14000, "25", "yes", 260, "1.1",
     "t de oro/año", "3", "Dragas y canaletas en el río; amalgamación en los campamentos",
     "Violencia, mercurio en el río, trabajo infantil", "no", "high"),
    (V2, ["gold"], "mixed", "mining", "Meseta de Sarén", "permanent", 21000, "30", "unknown", 410, "2.4",
     "t de oro/año", "15", "Socavones y molinos de bolas", "Derrumbes, relaves con mercurio", "yes", "high"),
    (V3, ["tin"], "small_scale", "mining", "Sierra de Ildes", "permanent", 6000, "20", "no", 55, "900",
     "t de concentrado/año", "85", "Cooperativas con canaletas y jigs", "Sedimentos en los arroyos", "no", "medium"),
    (V4, ["coloured_gemstones"], "micro_artisanal", "mining", "Valle de Tarma", "seasonal", 9000, "35", "no", 180,
     "", "", "60", "Galerías y lavado de gravas", "Galerías inestables", "unknown", "medium"),
]
# F1..F7, Z, M and their notes (F6 and M notes cite the findings the tests look for).
FEASIBILITY = {
    "V1": ((N, N, N, N, N, N, Y), N, N, "Grupos armados en los cruces del río (R5)", ""),
    "V2": ((P, P, Y, P, N, P, Y), Y, Y, "Élites locales divididas", "El Banco Central compra oro en Sarén"),
    "V3": ((Y, Y, Y, Y, P, Y, Y), "", Y, "Cooperativas y gobernación a favor", "Tres exportadores"),
    "V4": ((N, P, P, N, N, P, Y), N, Y, "Gremio de esmeralderos a favor",
           "Bolsa Nacional de Esmeraldas (R6)"),
}
APPROACHES = {"V1": m.Approach.PRECONDITIONS, "V2": m.Approach.ZONES, "V3": m.Approach.LICENSE_REGULATE,
              "V4": m.Approach.MARKET_ACCESS}
RISKS = {
    "V1": ("La asistencia la capturan los grupos armados", "Entrega con monitores del foro y de la Defensoría",
           "Seguridad restablecida en los cruces del río: repetir la prueba de viabilidad"),
    "V2": ("Las zonas no atraen a los mineros", "Tasas nulas el primer año", "Cartografía R7 validada"),
    "V3": ("Los exportadores eluden el registro", "Control en la exportación", "—"),
    "V4": ("Los compradores informales pagan más", "Precio de referencia publicado cada semana",
           "Oficina regional en Tarma: repetir la prueba"),
}
# OECD Annex II answers for V1 (the preconditions-first subtype).
CONFLICT = {
    "oecd_abuses": "unknown",
    "oecd_armed_groups": "found", "oecd_armed_groups_note": ARMED_GROUPS_NOTE,
    "oecd_security_forces": "found", "oecd_security_forces_note": SECURITY_FORCES_NOTE,
    "oecd_bribery": "none",
    "oecd_laundering": "unknown",
    "oecd_taxes": "found", "oecd_taxes_note": TAXES_NOTE,
}
# subtype, type, title, lead, partner, budget, source, start, end, conditional, condition, basic
PROGRAMS = [
    ("V1", "health", BASIC_PROGRAMME, "Ministerio de Salud", None, "400000", "Presupuesto nacional", 2027, 2029,
     False, "", True),
    ("V1", "training", "Alfabetización y orientación jurídica para los mineros del Cauro", "Defensoría del Pueblo",
     None, "120000", "Presupuesto nacional", 2027, 2028, False, "", False),
    ("V2", "equipment", "Molinos sin mercurio en las zonas de Sarén", "MME", "Fondo Regional de Desarrollo",
     "900000", "Fondo Regional de Desarrollo", 2028, 2030, True, "Titulares de una parcela en la zona", False),
    ("V3", "credit_insurance", "Crédito para equipos de las cooperativas de Ildes", "Banco Central de Valdoria",
     "Fondo Regional de Desarrollo", "500000", "Fondo Regional de Desarrollo", 2027, 2030, True,
     "Cooperativas con título minero", False),
    ("V4", "training", "Talla y clasificación de esmeraldas", "Iniciativa Esmeraldas Responsables",
     "Iniciativa Esmeraldas Responsables", "150000", "Iniciativa Esmeraldas Responsables", 2027, 2029, True,
     "Vendedores registrados en la Bolsa", False),
]


def code(subtype) -> str:
    return subtype.name.split(" ")[0]


@transaction.atomic
def load(case) -> None:
    """Fill Part 2 for Valdoria. Does nothing when Part 2 already has data."""
    if m.Vision.objects.filter(case=case).exists() or m.Subtype.objects.filter(case=case).exists():
        return
    findings = selectors.findings(case)
    partners = {partner.name: partner for partner in selectors.partners(case)}
    regions = {region.name: region for region in selectors.regions(case)}
    m.Vision.objects.create(
        case=case, horizon_year=2035, stance=m.Stance.VARIES,
        statement="Una minería artesanal segura, legal y sin mercurio en Valdoria (país ficticio), que no "
                  "financie a ningún grupo armado.",
        principles="No hacer daño\nMejora progresiva\nAsistencia básica sin condiciones donde hay conflicto",
        aligned_policies="Plan Nacional de Desarrollo 2027–2031 (ficticio)",
        minamata_nap="Valdoria no es Parte del Convenio de Minamata; la estrategia reduce igualmente el mercurio.",
        stance_note="Formalizar donde el Estado llega; en el Alto Cauro, primero las condiciones previas.",
    )
    official = next(f for f in findings if f.topic == "official_channel_share")
    for rank, (area, title, indicator, unit, finding, value, target) in enumerate([
        ("security", "Sacar a los grupos armados de la cadena del oro", "Campamentos controlados por grupos armados",
         "campamentos", None, "2", "0"),
        ("formalisation", "Formalizar a los mineros", "Mineros con título o parcela", "mineros", None, "1800",
         "12000"),
        ("revenue", "Vender el oro por canales oficiales", "Oro de la Meseta vendido por canales oficiales", "%",
         official, None, "50"),
    ], start=1):
        m.Objective.objects.create(
            case=case, goal_area=area, title=title, priority=rank, indicator=indicator, unit=unit,
            baseline_finding=finding, baseline_value=Decimal(value) if value else (finding.value if finding else None),
            baseline_year=2026, target_value=Decimal(target), target_date=date(2031, 12, 31),
            data_source="Registros del MME", frequency=m.Frequency.ANNUAL,
            responsible_institution="Ministerio de Minas y Energía")
    subtypes = {}
    for (name, minerals, scale, activity, where, mobility, miners, women, children, sites, production, unit,
         official_pct, practices, impacts, overlap, priority) in SUBTYPES:
        subtype = m.Subtype.objects.create(
            case=case, name=name, minerals=minerals, scale=scale, activity=activity, mobility=mobility,
            est_miners=miners, pct_women=Decimal(women), children_present=children, sites=sites,
            production_value=Decimal(production) if production else None, production_unit=unit,
            official_channel_pct=Decimal(official_pct) if official_pct else None, main_practices=practices,
            main_impacts=impacts, lsm_overlap=overlap, priority=priority)
        subtype.regions.set([regions[where]])
        subtype.findings.set([f for f in findings if bears_on_subtype(f, subtype)])
        subtypes[code(subtype)] = subtype
    for key, subtype in subtypes.items():
        scores, z, market, f6_note, m_note = FEASIBILITY[key]
        assessment = m.FeasibilityAssessment.objects.create(
            case=case, subtype=subtype, z=z, m=market, f6_note=f6_note, m_note=m_note,
            z_note=Z_NOTE if key == "V2" else "",
            **{factor: score for factor, score in zip(fz.FACTOR_CODES, scores, strict=True)})
        recommendation = assessment.recommendation()
        risks, mitigations, triggers = RISKS[key]
        m.SubStrategy.objects.create(
            case=case, subtype=subtype, approach=APPROACHES[key], approach_recommended=recommendation.approach,
            market_outside_zones=key == "V2" and recommendation.market_access_outside_zones,
            risks=risks, mitigations=mitigations, review_triggers=triggers,
            **(CONFLICT if key == "V1" else {}))
    m.AssistanceProgram.objects.bulk_create(
        m.AssistanceProgram(
            case=case, subtype=subtypes[key], program_type=kind, title=title, lead_institution=lead,
            partner=partners.get(partner) if partner else None, budget=Decimal(budget) if budget else None,
            funding_source=source, start_year=start, end_year=end, conditional=conditional, condition=condition,
            basic=basic)
        for key, kind, title, lead, partner, budget, source, start, end, conditional, condition, basic in PROGRAMS
    )

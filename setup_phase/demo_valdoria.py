"""Part 1 of the second built-in test case, the República de Valdoria: a fictional country whose
report is written in Spanish, made to exercise every branch of issue #15 (regions and mineral
codes, every-two-months meetings, a partner's conflict of interest, a deferred R7 study).
Everything here is invented and describes no real country (``load_demo --case valdoria``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from . import models as m

REGIONS = ("Alto Cauro", "Meseta de Sarén", "Sierra de Ildes", "Valle de Tarma")

# Findings the tests look for: one national, one regional, one for a mineral (all minerals, all regions).
NATIONAL_FINDING = "Unos 96.000 mineros artesanales trabajan en el país (cifra ficticia)."
REGIONAL_FINDING = ("Grupos armados cobran «peajes» a los mineros en los cruces del río Cauro y controlan dos "
                    "campamentos.")
MINERAL_FINDING = ("Las esmeraldas en bruto se venden casi todas en la Bolsa Nacional de Esmeraldas de Puerto "
                   "Velas: un punto de control claro.")
R7_DEFERRED_REASON = "Sin financiación hasta 2028; el socio que la cofinanciaría tiene concesiones en la Meseta."
CONFLICT_NOTE = ("Minera Sarén S.A. tiene concesiones de exploración en la Meseta de Sarén y ofrece cofinanciar el "
                 "estudio geológico R7 de esa zona; se mitiga con un ejecutor independiente y la validación del foro.")


def load(case) -> None:
    """Fill Part 1 for Valdoria. Does nothing when Part 1 already has data."""
    if m.TaskForce.objects.filter(case=case).exists():
        return
    m.TaskForce.objects.create(
        case=case, legal_instrument="Decreto Ejecutivo 31/2025 (ficticio)", date_established=date(2025, 5, 12),
        chair="Viceministra de Minería Artesanal, Ministerio de Minas y Energía (MME)",
        secretariat="Dirección de Minería Artesanal y en Pequeña Escala (MME)",
        meeting_frequency=m.MeetingFrequency.BIMONTHLY, decision_rule=m.DecisionRule.CONSENSUS,
        subnational_participation="Gobernaciones del Alto Cauro y del Valle de Tarma como observadoras",
        budget_amount=Decimal("80000"), budget_source="Presupuesto nacional (partida del MME)",
        terms_of_reference="Preparar, adoptar y seguir la estrategia nacional de minería artesanal de Valdoria, "
                           "país ficticio; encargar los estudios; convocar el foro de consulta.",
    )
    m.TaskForceMember.objects.bulk_create(
        m.TaskForceMember(case=case, institution=name, institution_type=kind, role=role, level="national")
        for name, kind, role in [
            ("Ministerio de Minas y Energía (MME)", "mines", "chair"),
            ("Dirección de Minería Artesanal (MME)", "mines", "secretariat"),
            ("Servicio Geológico de Valdoria", "geological_survey", "member"),
            ("Ministerio de Ambiente", "environment", "member"),
            ("Ministerio de Defensa y Seguridad", "interior_security", "member"),
            ("Banco Central de Valdoria", "central_bank", "member"),
            ("Ministerio de Trabajo", "labour", "member"),
        ]
    )
    m.InformationItem.objects.bulk_create([
        m.InformationItem(case=case, title="Censo minero 2024 (ficticio)", kind="statistics", year=2024,
                          owner="MME", coverage="Nacional", reliability="medium", covers_research_types=["R1"]),
        m.InformationItem(case=case, title="Mapa geológico 1:500.000", kind="map", year=1989,
                          owner="Servicio Geológico de Valdoria", coverage="Nacional", reliability="low"),
    ])
    partners = {
        "bid": m.Partner.objects.create(
            case=case, name="Fondo Regional de Desarrollo", partner_type="multilateral",
            interests="Formalización, crédito y cartografía", offer_types=["funding", "ta"],
            committed_amount=Decimal("1200000"), status="agreed", mou_date=date(2025, 9, 1)),
        "saren": m.Partner.objects.create(
            case=case, name="Minera Sarén S.A.", partner_type="industry_lsm",
            interests="Concesiones de exploración de oro en la Meseta de Sarén", offer_types=["funding", "data"],
            committed_amount=Decimal("150000"), status="contacted", conflicts_note=CONFLICT_NOTE),
        "gemas": m.Partner.objects.create(
            case=case, name="Iniciativa Esmeraldas Responsables", partner_type="downstream_buyer",
            interests="Trazabilidad de esmeraldas del Valle de Tarma", offer_types=["ta", "training"],
            in_kind_value=Decimal("90000"), status="active"),
    }
    m.ConsultationForum.objects.create(
        case=case, mandate=m.ForumMandate.ADVISORY,
        terms_of_reference="Asesorar al grupo de trabajo en cada decisión: estudios, visión, subtipos, enfoques, "
                           "reglamentos y revisiones anuales.",
        selection_method="Representantes elegidos por las asociaciones mineras de cada región; el resto, "
                         "designado por sus organizaciones.",
        voice_without_association="Reuniones en los campamentos antes de cada sesión del foro.",
    )
    m.ForumMember.objects.bulk_create(
        m.ForumMember(case=case, stakeholder_group=group, organisation=org, region=region, gender=gender)
        for group, org, region, gender in [
            ("miners_association", "Asociación de Mineros del Alto Cauro", "Alto Cauro", "man"),
            ("miners_association", "Cooperativa de Mujeres Mineras de Sarén", "Meseta de Sarén", "woman"),
            ("miners_association", "Federación de Cooperativas de Estaño de Ildes", "Sierra de Ildes", "woman"),
            ("traders", "Gremio de Esmeralderos de Tarma", "Valle de Tarma", "man"),
            ("community", "Consejo comunitario del río Cauro", "Alto Cauro", "woman"),
            ("civil_society", "Observatorio Minero Ciudadano", "", "woman"),
        ]
    )
    meeting = m.ForumMeeting.objects.create(
        case=case, date=date(2026, 4, 22), place="Puerto Velas", informed_step="research", attendance_total=24,
        attendance_women=11, inputs="Los mineros del Alto Cauro piden que no se les trate como a los grupos armados.",
        response="La estrategia separa la asistencia básica de toda condición.")
    studies = {}
    for code, title, status, implementer, funder, budget, start, end, informs in [
        ("R1", "Estudio de alcance de la minería artesanal", "validated", "Universidad de Puerto Velas", None,
         "60000", date(2025, 6, 1), date(2025, 12, 15), ["vision", "subtypes"]),
        ("R2", "Evaluación de la capacidad del Estado", "validated", "Consultores independientes", "bid",
         "70000", date(2025, 7, 1), date(2026, 1, 31), ["feasibility"]),
        ("R3", "Evaluación del sector", "validated", "Universidad de Puerto Velas", None, "50000",
         date(2025, 7, 1), date(2026, 2, 28), ["subtypes", "industrial"]),
        ("R4", "Evaluación de impactos ambientales, sanitarios y sociales", "covered", "Ministerio de Ambiente",
         None, "0", None, None, ["regulations", "baseline"]),
        ("R5", "Análisis de economía política y seguridad", "validated", "Investigadores independientes", "bid",
         "45000", date(2025, 9, 1), date(2026, 3, 1), ["feasibility"]),
        ("R6", "Mapeo de las cadenas de suministro de oro y esmeraldas", "validated", "Iniciativa Esmeraldas "
         "Responsables", "gemas", "40000", date(2025, 9, 1), date(2026, 3, 15), ["feasibility", "industrial"]),
        ("R7", "Cartografía geológica y de uso del suelo de la Meseta de Sarén", "deferred", "Servicio Geológico de "
         "Valdoria", "saren", "250000", date(2028, 1, 1), date(2028, 12, 31), ["feasibility", "industrial"]),
    ]:
        studies[code] = m.ResearchStudy.objects.create(
            case=case, research_type=code, title=title, status=status, implementer=implementer,
            funder=partners[funder] if funder else None, budget=Decimal(budget), scope="Ver el título", questions="",
            informs=informs, start_date=start, end_date=end,
            deferred_reason=R7_DEFERRED_REASON if status == "deferred" else "",
            validated_by_forum=meeting if status == "validated" else None)
    regions = {name: m.Region.objects.create(case=case, name=name) for name in REGIONS}
    findings = [
        # code, topic, value, unit, text, region ("" = national), mineral ("" = all minerals)
        ("R1", "miners_total", "96000", "personas", NATIONAL_FINDING, "", ""),
        ("R1", "sites", "1400", "sitios", "Unos 1.400 sitios mineros artesanales.", "", ""),
        ("R2", "inspectors", "9", "inspectores", "Solo 9 inspectores de minas para todo el país.", "", ""),
        ("R2", "licence_time", "11", "meses", "Un título minero tarda unos 11 meses.", "", ""),
        ("R3", "other", "22", "cooperativas", "22 cooperativas estables explotan el estaño de Ildes.",
         "Sierra de Ildes", "tin"),
        ("R5", "security", None, "", REGIONAL_FINDING, "Alto Cauro", ""),
        ("R6", "chokepoint", None, "", MINERAL_FINDING, "", "coloured_gemstones"),
        ("R6", "official_channel_share", "15", "%", "Solo el 15 % del oro de la Meseta se vende por canales "
         "oficiales.", "Meseta de Sarén", "gold"),
    ]
    m.ResearchFinding.objects.bulk_create(
        m.ResearchFinding(case=case, study=studies[code], topic=topic,
                          value=Decimal(value) if value is not None else None, unit=unit, text=text,
                          region=regions[region] if region else None, mineral=mineral)
        for code, topic, value, unit, text, region, mineral in findings
    )

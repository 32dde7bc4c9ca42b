"""The second built-in test case, the fictional República de Valdoria (``load_demo --case
valdoria``; report in Spanish, not a Minamata Party): it loads (twice, changing nothing), every
check-answers page and the report preview render, every branch of issue #15 shows where it should,
its case file round-trips, its pages make as many queries as the demo's (within a small constant),
and the Lumeria demo still loads as before."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from asm_guide import casefile, l10n
from asm_guide.cases.models import Membership, StrategyCase
from asm_guide.reports.context import section_numbers
from asm_guide.wizard.registry import StepContext, registry
from implementation import demo_valdoria as d3
from implementation import models as p3
from implementation import rules as rules3
from setup_phase import demo_valdoria as d1
from setup_phase import models as p1
from strategy import conflict
from strategy import demo_valdoria as d2
from strategy import models as p2

from .casefile.test_keys import id_like_values, round_trip, state
from .helpers import query_counts, valid_post

pytestmark = pytest.mark.django_db
COUNTRY = "República de Valdoria"
# How many more queries a Valdoria page may make than the same page of the demo: its subtypes take
# other branches (a preconditions-first subtype reads its checklist, a zones subtype its R7 study).
SLACK = 3


def load(name: str = "valdoria") -> None:
    call_command("load_demo", case=name, force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def valdoria(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load()
    return StrategyCase.objects.get(country_name=COUNTRY)


@pytest.fixture
def owner_client(valdoria, client_for):
    return client_for(Membership.objects.get(case=valdoria, role="owner").user)


def text_of(response) -> str:
    """The page's text as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def section(response, labelled_by: str) -> str:
    """The text of the page's section labelled by the heading ``labelled_by``."""
    body = response.content.decode()
    match = re.search(rf'<section[^>]*aria-labelledby="{labelled_by}".*?</section>', body, flags=re.S)
    assert match, labelled_by
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", match.group(0))))


def option_texts(response, name_pattern: str) -> list[str]:
    """The options of every select whose name matches ``name_pattern``."""
    body = response.content.decode()
    found = []
    for select in re.finditer(rf'<select[^>]*name="{name_pattern}"[^>]*>(.*?)</select>', body, flags=re.S):
        found += [html.unescape(text).strip() for text in re.findall(r"<option[^>]*>(.*?)</option>", select.group(1))]
    return found


def findings_beside_factors(response) -> str:
    """The findings listed beside the factors (not the list to cite from, which holds all)."""
    body = response.content.decode()
    return " ".join(html.unescape(block) for block in re.findall(r'<ul class="findings">(.*?)</ul>', body, flags=re.S))


def subtype(case, prefix: str) -> p2.Subtype:
    return p2.Subtype.objects.get(case=case, name__startswith=prefix + " ")


def sub_url(case, prefix: str, step: str) -> str:
    return reverse("strategy:substrategy-step", kwargs={"case_id": case.pk, "subject_id": subtype(case, prefix).pk,
                                                        "step": step})


def step_url(case, namespace: str, flow: str, step: str) -> str:
    return reverse(f"{namespace}:{flow}-step", kwargs={"case_id": case.pk, "step": step})


def impl_url(case, step: str) -> str:
    return step_url(case, "implementation", "implementation", step)


def report_text(client, case) -> str:
    return text_of(client.get(reverse("reports:preview", args=[case.pk])))


# --- loading ---------------------------------------------------------------------------------------------


def test_the_case_is_fictional_in_spanish_and_not_a_minamata_party(valdoria):
    assert valdoria.is_fictional and "ficticio" in valdoria.title
    assert valdoria.report_language == "es"
    assert (valdoria.is_minamata_party, valdoria.asgm_more_than_insignificant) == (False, False)
    roles = sorted(Membership.objects.filter(case=valdoria).values_list("user__username", "role"))
    assert roles == [("valdoria-editor", "editor"), ("valdoria-owner", "owner"), ("valdoria-reviewer", "reviewer")]


def test_loading_twice_changes_nothing(valdoria):
    before = casefile.comparable(casefile.export_case(valdoria, members=True))
    load()
    assert StrategyCase.objects.filter(country_name=COUNTRY).count() == 1
    assert casefile.comparable(casefile.export_case(valdoria, members=True)) == before


def test_the_demo_still_loads_as_before_beside_it(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load("lumeria")
    lumeria = StrategyCase.objects.get(country_name="Republic of Lumeria")
    alone = casefile.comparable(casefile.export_case(lumeria, members=True))
    load()
    call_command("load_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115 - no option: Lumeria
    assert StrategyCase.objects.filter(is_fictional=True).count() == 2
    assert casefile.comparable(casefile.export_case(lumeria, members=True)) == alone
    assert (lumeria.report_language, lumeria.is_minamata_party) == ("en", True)
    assert not p2.Subtype.objects.filter(case=lumeria, name__startswith="V1 ").exists()


def test_every_subtype_takes_its_branch(valdoria):
    rows = {row.subtype.name.split()[0]: row for row in p2.SubStrategy.objects.filter(case=valdoria)}
    assert {code: row.approach for code, row in rows.items()} == {
        "V1": "preconditions", "V2": "zones", "V3": "license_regulate", "V4": "market_access"}
    assert all(row.approach == row.approach_recommended for row in rows.values())  # as the aid recommends
    assert rows["V2"].market_outside_zones and not rows["V1"].market_outside_zones
    assert conflict.flagged(rows["V1"]) == ["armed_groups", "security_forces", "taxes"]
    assert p2.AssistanceProgram.objects.get(case=valdoria, title=d2.BASIC_PROGRAMME).basic


# --- check answers and the report ------------------------------------------------------------------------


@pytest.mark.parametrize("namespace", ["setup_phase", "strategy", "implementation"])
def test_check_answers_pages_render(owner_client, valdoria, namespace):
    text = text_of(owner_client.get(reverse(f"{namespace}:check-answers", args=[valdoria.pk])))
    assert "Check your answers" in text


def test_report_preview_renders_in_spanish(owner_client, valdoria):
    text = report_text(owner_client, valdoria)
    with translation.override("es"):
        assert str(translation.gettext("Glossary and sources")) in text
    assert d2.V1 in text and d2.V4 in text


def test_outsiders_get_404_on_its_pages(valdoria, client_for):
    from tests.factories import UserFactory

    client = client_for(UserFactory(username="stranger"))
    for url in (reverse("cases:task-list", args=[valdoria.pk]), sub_url(valdoria, "V1", "conflict-risks"),
                impl_url(valdoria, "zones"), reverse("reports:preview", args=[valdoria.pk])):
        assert client.get(url).status_code == 404, url


# --- the branches, where they show ----------------------------------------------------------------------


def test_task_force_meets_every_two_months(owner_client, valdoria):
    assert p1.TaskForce.objects.get(case=valdoria).meeting_frequency == "bimonthly"
    assert "Every two months" in text_of(owner_client.get(reverse("setup_phase:check-answers",
                                                                  args=[valdoria.pk])))
    with translation.override("es"):
        assert str(p1.MeetingFrequency.BIMONTHLY.label) in report_text(owner_client, valdoria)


def test_partner_conflict_of_interest_in_the_partner_annex(owner_client, valdoria):
    text = report_text(owner_client, valdoria)
    annex = text[text.rindex("Minera Sarén S.A."):]
    assert d1.CONFLICT_NOTE in annex


def test_research_blocks_are_headed_by_code_and_name(owner_client, valdoria):
    for url in (step_url(valdoria, "setup_phase", "setup", "research"),
                reverse("setup_phase:check-answers", args=[valdoria.pk])):
        text = text_of(owner_client.get(url))
        assert "R1 Scoping study" in text and "R7 Geological and land-use mapping" in text, url
        assert text.index("R1 Scoping study") < text.index("R7 Geological and land-use mapping")


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_findings_bear_on_subtypes_by_region_and_mineral_in_every_language(owner_client, valdoria, language):
    """A national finding shows for every subtype, a regional one only for the subtype in that region, a
    mineral's only for the subtype of that mineral: the same whatever the language of the page."""
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    shown = {}
    for code in ("V1", "V2", "V3", "V4"):
        text = findings_beside_factors(owner_client.get(sub_url(valdoria, code, "feasibility")))
        shown[code] = {name for name, finding in (("national", d1.NATIONAL_FINDING), ("regional", d1.REGIONAL_FINDING),
                                                  ("mineral", d1.MINERAL_FINDING)) if finding in text}
    assert shown == {"V1": {"national", "regional"}, "V2": {"national"}, "V3": {"national"},
                     "V4": {"national", "mineral"}}


def test_preconditions_subtype_has_its_conflict_risks_step(owner_client, valdoria):
    text = text_of(owner_client.get(sub_url(valdoria, "V1", "conflict-risks")))
    assert "Assess security and conflict risks" in text
    assert "OECD Due Diligence Guidance" in text
    assert d2.BASIC_PROGRAMME in text
    assert d2.ARMED_GROUPS_NOTE in text and d2.TAXES_NOTE in text
    assert d1.REGIONAL_FINDING in text  # the security finding of its region
    # The step belongs to preconditions first only: the zones subtype is told why.
    other = text_of(owner_client.get(sub_url(valdoria, "V2", "conflict-risks")))
    assert d2.ARMED_GROUPS_NOTE not in other and "preconditions come first" in other


def test_conflict_risks_step_saves_with_its_answers(owner_client, valdoria):
    step = next(step for part in registry.parts for flow in part.flows for step in flow.steps
                if step.slug == "conflict-risks")
    v1 = subtype(valdoria, "V1")
    response = owner_client.post(sub_url(valdoria, "V1", "conflict-risks"),
                                 {**valid_post(step, valdoria, v1), "action": "continue"})
    assert response.status_code == 302
    row = p2.SubStrategy.objects.get(subtype=v1)
    assert (row.oecd_armed_groups, row.oecd_armed_groups_note) == ("found", d2.ARMED_GROUPS_NOTE)


def test_zones_subtype_takes_a_market_channel(owner_client, valdoria):
    page = owner_client.get(sub_url(valdoria, "V2", "approach"))
    assert re.search(r'<input[^>]*name="market_outside_zones"[^>]*checked', page.content.decode())
    assert "Recommended with a market-access channel for production outside the zones." in text_of(page)


def test_zones_step_warns_about_the_zone_gazetted_while_r7_is_deferred(owner_client, valdoria):
    text = text_of(owner_client.get(impl_url(valdoria, "zones")))
    assert f"“{d3.GAZETTED_ZONE}” is gazetted, but the geological and land-use mapping (R7) is “Deferred”" in text
    assert d2.Z_NOTE in text
    check = text_of(owner_client.get(reverse("implementation:check-answers", args=[valdoria.pk])))
    assert d3.GAZETTED_ZONE in check and "(R7) is “Deferred”" in check


def test_market_access_step_accepts_the_zones_subtype_and_an_official_marketplace(owner_client, valdoria):
    page = owner_client.get(impl_url(valdoria, "market-access"))
    text = text_of(page)
    assert f"{d2.V2} (ASM zones, with market access for production outside the zones)" in text
    served = set(option_texts(page, r"schemes-\d+-subtype")) - {"", "---------"}
    assert served == {d2.V2, d2.V4}, served  # not the preconditions-first or licensed subtypes
    assert re.search(r'<option value="official_marketplace" selected>', page.content.decode())
    scheme = p3.MarketAccessScheme.objects.get(case=valdoria, name=d3.MARKETPLACE_SCHEME)
    assert scheme.get_chokepoint_type_display() == "Official marketplace or exchange"
    assert rules3.market_missing(StepContext(case=valdoria)) == []


def test_basic_assistance_is_never_leverage(owner_client, valdoria):
    page = owner_client.get(impl_url(valdoria, "leverage"))
    candidates = section(page, "candidates-title")
    choices = option_texts(page, r"leverage-\d+-program")
    assert "Every programme already has a condition" in candidates  # the conditional ones are leverage already
    assert choices and any("Molinos sin mercurio" in choice for choice in choices)
    assert d2.BASIC_PROGRAMME not in candidates and not any(d2.BASIC_PROGRAMME in choice for choice in choices)
    assert d2.BASIC_PROGRAMME in section(page, "basic-title")  # listed as open to everyone instead
    assert not p3.Leverage.objects.filter(case=valdoria, program__basic=True).exists()


def test_action_plan_proposes_the_deferred_studys_follow_up_and_warns_of_the_dependency(owner_client, valdoria):
    pending = rules3.pending_proposals(StepContext(case=valdoria))
    assert [proposal.key.split(":")[0] for proposal in pending] == ["study"]
    text = text_of(owner_client.get(impl_url(valdoria, "action-plan")))
    assert "Carry out the deferred study R7 Geological and land-use mapping" in text
    assert d1.R7_DEFERRED_REASON in text
    warning = re.compile(rf"A\d+ “{d3.DEPENDENT}” ends in Q2 2028, before A\d+, which it depends on, ends in Q4 2028")
    assert warning.search(text)
    assert warning.search(text_of(owner_client.get(reverse("implementation:check-answers", args=[valdoria.pk]))))


def test_preconditions_subtype_has_its_own_actions(valdoria):
    v1 = subtype(valdoria, "V1")
    kinds = {action.source_key.split(":")[0] for action in p3.ImplementationAction.objects.filter(
        case=valdoria, subtypes=v1)}
    assert {"conflict-risks", "conflict-research", "preconditions-capacity", "preconditions-review"} <= kinds


def test_baseline_reading_before_the_strategy_period_is_shown_and_saves(owner_client, valdoria):
    record = p3.MonitoringRecord.objects.get(case=valdoria)
    assert record.period_end.year < valdoria.strategy_start_year
    url = impl_url(valdoria, "monitoring")
    with translation.override("en"):
        shown = l10n.date(record.period_end)
    assert d3.BASELINE_COMMENT in text_of(owner_client.get(url)) or shown in text_of(owner_client.get(url))
    step = next(step for part in registry.parts for step in part.flow.steps if step.slug == "monitoring")
    response = owner_client.post(url, {**valid_post(step, valdoria), "action": "continue"})
    assert response.status_code == 302, response.context and response.context["error_items"]
    assert p3.MonitoringRecord.objects.get(case=valdoria).period_end == record.period_end


def test_minamata_not_a_party_so_the_glossary_is_annex_e(owner_client, valdoria):
    numbers = section_numbers(valdoria)
    assert "annex_e" not in numbers and numbers["annex_f"] == "E"
    assert not any(step.slug == "nap-crosswalk" and step.applies_when(StepContext(case=valdoria))
                   for part in registry.parts for step in part.flow.steps)
    text = report_text(owner_client, valdoria)
    with translation.override("es"):
        sentence = str(translation.gettext("%(country)s is not recorded as a Party to the Minamata Convention on "
                                           "Mercury.") % {"country": COUNTRY})
        crosswalk = str(translation.gettext("Minamata NAP crosswalk"))
    assert sentence in text
    assert crosswalk not in text


def test_report_says_both_branches_in_spanish(owner_client, valdoria):
    text = report_text(owner_client, valdoria)
    for typed in (d2.ARMED_GROUPS_NOTE, d2.SECURITY_FORCES_NOTE, d2.TAXES_NOTE, d2.BASIC_PROGRAMME,
                  d3.MARKETPLACE_SCHEME, d3.OUTSIDE_ZONES_SCHEME, d3.GAZETTED_ZONE):
        assert typed in text, typed
    with translation.override("es"):
        found = l10n.join([str(conflict.NAMES[code]) for code in ("armed_groups", "security_forces", "taxes")])
        red_flags = translation.ngettext(
            "Red flags were found for %(count)d risk: %(list)s. Acting on it comes first.",
            "Red flags were found for %(count)d risks: %(list)s. Acting on them comes first.", 3) % {
            "count": 3, "list": found}
        unknown = translation.gettext("Not known yet, to be researched: %(list)s.") % {
            "list": l10n.join([str(conflict.NAMES[code]) for code in ("abuses", "laundering")])}
        zones = translation.gettext(
            "Chosen approach: %(approach)s. Miners are brought into designated ASM zones, and what is produced "
            "outside them can reach buyers through a market-access scheme; both are planned in the implementation "
            "plan (section %(section)s).") % {"approach": str(p2.Approach.ZONES.label),
                                               "section": section_numbers(valdoria)["implementation"]}
        chokepoint = str(p3.Chokepoint.MARKETPLACE.label)
    assert l10n.typography(red_flags) in text or red_flags in text
    assert unknown in text
    assert zones in text
    assert chokepoint in text


# --- the case file ------------------------------------------------------------------------------------------


def test_case_file_round_trips(valdoria):
    before = state(valdoria)
    first, copy_case, second = round_trip(valdoria)
    assert id_like_values(first) == []
    assert casefile.comparable(second) == casefile.comparable(first)
    assert state(copy_case) == before
    assert copy_case.import_notes == []
    assert json.loads(casefile.dumps(first))["records"]


# --- query counts -------------------------------------------------------------------------------------------


def _pages(case) -> list[str]:
    """The pages both built-in cases have, one subtype each for the per-subtype steps."""
    first = p2.Subtype.objects.filter(case=case).order_by("pk").first()
    urls = [reverse("cases:task-list", args=[case.pk]), reverse("reports:preview", args=[case.pk])]
    urls += [reverse(f"{ns}:check-answers", args=[case.pk]) for ns in ("setup_phase", "strategy", "implementation")]
    urls += [step_url(case, "setup_phase", "setup", slug) for slug in
             ("task-force", "existing-information", "partners", "forum", "research", "findings")]
    urls += [step_url(case, "strategy", "strategy", slug) for slug in ("vision", "objectives", "subtypes")]
    urls += [reverse("strategy:substrategy-step", kwargs={"case_id": case.pk, "subject_id": first.pk, "step": slug})
             for slug in ("industrial-strategy", "feasibility", "approach", "risks")]
    urls += [impl_url(case, slug) for slug in ("regulations", "adjust-regulations", "training", "leverage",
                                               "further-assistance", "zones", "market-access", "action-plan",
                                               "monitoring")]
    return urls


def _counts(client, case, urls) -> dict[str, int]:
    """Queries per page, keyed by page type (URL name and step), whatever the ids."""
    from django.urls import resolve

    counts = {}
    for url in urls:
        match = resolve(url)
        key = "/".join(filter(None, [match.view_name, match.kwargs.get("step", "")]))
        if "subject_id" in match.kwargs:
            key = f"{key} (subtype)"
        counts[key] = next(iter(query_counts(client, [url], case).values()))
    return counts


def test_query_counts_match_the_demos(valdoria, client_for, settings):
    load("lumeria")
    lumeria = StrategyCase.objects.get(country_name="Republic of Lumeria")
    demo_client = client_for(Membership.objects.get(case=lumeria, role="owner").user)
    client = client_for(Membership.objects.get(case=valdoria, role="owner").user)
    ours = _counts(client, valdoria, _pages(valdoria))
    demo = _counts(demo_client, lumeria, _pages(lumeria))
    assert ours.keys() == demo.keys()
    over = {page: (demo[page], n) for page, n in ours.items() if n > demo[page] + SLACK}
    assert over == {}
    # The preconditions-first subtype's own step costs what the other per-subtype steps cost.
    conflict_step = _counts(client, valdoria, [sub_url(valdoria, "V1", "conflict-risks")])
    assert max(conflict_step.values()) <= max(n for page, n in ours.items() if "(subtype)" in page) + SLACK

"""Part 1's share of the strategy report (GUIDANCE.md §6.5): the introduction and process (3),
the sector today (4) and Annexes A–D. The hook is described in ``asm_guide/reports/context.py``.

Nine queries whatever the size of the case (one per Part 1 model).
"""

from __future__ import annotations

from collections import OrderedDict

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from asm_guide import l10n
from asm_guide.reports.blocks import BulletList, Contribution, Facts, Heading, Note, Paragraph, PartReport, Table
from asm_guide.reports.context import section_number

from . import models as m
from .rules import research_gaps

FLOW = "setup"
# Which finding says how large the sector is, best first.
SIZE_TOPICS = (m.FindingTopic.MINERS_TOTAL,)


def _date(value) -> str:
    return l10n.date(value)


def report(case) -> PartReport:
    task_force = m.TaskForce.objects.filter(case=case).first()
    tf_members = list(m.TaskForceMember.objects.filter(case=case).order_by("pk"))
    items = list(m.InformationItem.objects.filter(case=case).order_by("pk"))
    partners = list(m.Partner.objects.filter(case=case).order_by("name", "pk"))
    forum = m.ConsultationForum.objects.filter(case=case).first()
    forum_members = list(m.ForumMember.objects.filter(case=case).order_by("stakeholder_group", "pk"))
    meetings = list(m.ForumMeeting.objects.filter(case=case).order_by("date", "pk"))
    studies = list(m.ResearchStudy.objects.filter(case=case).select_related("funder", "validated_by_forum")
                   .order_by("research_type", "pk"))
    findings = list(m.ResearchFinding.objects.filter(case=case).select_related("study", "region")
                    .order_by("study__research_type", "topic", "pk"))

    result = PartReport()
    currency = case.currency

    def money(value) -> str:
        return l10n.money(value, currency)

    # --- Executive summary: the sector's size and where the figures come from -----------------------
    size = next((f for f in findings if f.topic in SIZE_TOPICS and f.value is not None), None)
    done = [s for s in studies if s.status in m.DONE_STATUSES]
    if size is not None:
        result.summary_text.append(_("%(study)s puts the sector at %(figure)s: %(finding)s") % {
            "study": size.study.get_research_type_display(), "figure": size.figure, "finding": size.text})
    if done:
        result.summary_text.append(ngettext(
            "The strategy draws on %(count)d completed study: %(studies)s.",
            "The strategy draws on %(count)d completed studies: %(studies)s.", len(done)) % {
                "count": len(done), "studies": l10n.join(s.get_research_type_display() for s in done)})

    # --- Introduction and process -----------------------------------------------------------
    blocks = [Paragraph(_("This strategy was prepared by a government task force with a multi-stakeholder "
                          "consultation forum, following the IGF Guidance for Governments on managing "
                          "artisanal and small-scale mining."))]
    if task_force:
        blocks += [Heading(_("Task force"), 3), Facts([
            (_("Legal instrument"), task_force.legal_instrument),
            (_("Date established"), _date(task_force.date_established)),
            (_("Chair"), task_force.chair), (_("Secretariat"), task_force.secretariat),
            (_("Meeting frequency"), task_force.get_meeting_frequency_display()),
            (_("Decision rule"), task_force.get_decision_rule_display()),
            (_("Members"), l10n.number(len(tf_members))),
            (_("Annual budget"), money(task_force.budget_amount)),
        ])]
    total = sum(meeting.attendance_total for meeting in meetings)
    women = sum(meeting.attendance_women for meeting in meetings)
    if forum or meetings:
        facts = [(_("Forum members"), l10n.number(len(forum_members))),
                 (_("Meetings held"), l10n.number(len(meetings)))]
        if meetings:
            facts += [(_("First and last meeting"), f"{_date(meetings[0].date)} – {_date(meetings[-1].date)}"),
                      (_("Attendance"), l10n.number(total)),
                      (_("Share of women attending"), l10n.percent(women / total) if total else "")]
        if forum:
            facts.insert(0, (_("Mandate"), forum.get_mandate_display()))
        blocks += [Heading(_("Consultation forum"), 3), Facts(facts)]
    if partners:
        committed = sum((p.committed_amount or 0) for p in partners)
        blocks += [Heading(_("Partners"), 3), Paragraph(ngettext(
            "%(count)d partner was engaged; %(amount)s was committed in funding (Annex %(annex)s).",
            "%(count)d partners were engaged; %(amount)s was committed in funding (Annex %(annex)s).",
            len(partners)) % {"count": len(partners), "amount": money(committed),
                              "annex": section_number("annex_b", case)})]
    if studies:
        validated = sum(1 for s in studies if s.status == m.StudyStatus.VALIDATED)
        blocks += [Heading(_("Research"), 3), Paragraph(ngettext(
            "%(count)d research study was planned or carried out",
            "%(count)d research studies were planned or carried out", len(studies)) % {"count": len(studies)}
            + ngettext("; %(validated)d was validated (section %(section)s and Annex %(annex)s).",
                       "; %(validated)d were validated (section %(section)s and Annex %(annex)s).", validated)
            % {"validated": validated, "section": section_number("sector", case),
               "annex": section_number("annex_c", case)})]
    result.add("process", Contribution(
        blocks=blocks, complete=bool(task_force or forum or partners or studies),
        steps=[(FLOW, "task-force"), (FLOW, "partners"), (FLOW, "forum"), (FLOW, "research")]))

    # --- 4. The ASM sector today -----------------------------------------------------------------
    blocks = []
    by_topic: OrderedDict[str, list] = OrderedDict()
    for finding in findings:
        by_topic.setdefault(finding.get_topic_display(), []).append(finding)
    if by_topic:
        blocks.append(Heading(_("Key research findings by topic"), 3))
        for topic, rows in by_topic.items():
            blocks.append(Table(
                caption=str(topic), headers=[_("Finding"), _("Figure"), _("Region"), _("Source")],
                rows=[[f.text, f.figure, f.region.name if f.region else _("National"),
                       f.study.get_research_type_display()] for f in rows]))
    if studies:
        blocks += [Heading(_("Research studies"), 3), Table(
            headers=[_("Type"), _("Title"), _("Status"), _("Implementer"), _("Funder"), _("Budget")],
            rows=[[s.get_research_type_display(), s.title, s.get_status_display(), s.implementer,
                   s.funder.name if s.funder else "", money(s.budget)] for s in studies],
            numeric=(5,))]
    gaps = research_gaps(items, studies, findings, timezone.now().year)
    studied = {s.research_type: s for s in studies}
    low = [i for i in items if i.reliability == m.Reliability.LOW]
    if items or studies:
        gap_lines = []
        for code in gaps:
            study = studied.get(code)
            label = m.ResearchType(code).label
            if study is None:
                gap_lines.append(_("%(research)s: no recent information and no study.") % {"research": label})
            elif study.status in m.DONE_STATUSES:
                gap_lines.append(_("%(research)s: %(status)s, but no finding is recorded yet.")
                                 % {"research": label, "status": study.get_status_display().lower()})
            else:
                line = _("%(research)s: %(status)s.") % {"research": label, "status": study.get_status_display()}
                if study.deferred_reason:
                    line = _("%(research)s: %(status)s (%(reason)s).") % {
                        "research": label, "status": study.get_status_display(), "reason": study.deferred_reason}
                gap_lines.append(line)
        gap_lines += [_("Low reliability: %(title)s") % {"title": i.title} for i in low]
        blocks += [Heading(_("Data gaps and uncertainty"), 3),
                   BulletList([l10n.typography(line) for line in gap_lines] or [_("No data gaps were recorded.")])]
    result.add("sector", Contribution(blocks=blocks, complete=bool(findings),
                                      steps=[(FLOW, "existing-information"), (FLOW, "findings")]))

    # --- Annex A: task force and forum membership ------------------------------------------------
    blocks = []
    if tf_members:
        blocks += [Heading(_("Task force"), 3), Table(
            headers=[_("Institution"), _("Type"), _("Level"), _("Role"), _("Focal person")],
            rows=[[t.institution, t.get_institution_type_display(), t.get_level_display(), t.get_role_display(),
                   t.focal_person] for t in tf_members])]
    if forum_members:
        blocks += [Heading(_("Consultation forum"), 3), Table(
            headers=[_("Stakeholder group"), _("Organisation"), _("Region"), _("Representative")],
            rows=[[f.get_stakeholder_group_display(), f.organisation, f.region, f.get_gender_display()]
                  for f in forum_members])]
    result.add("annex_a", Contribution(blocks=blocks, complete=bool(blocks),
                                       steps=[(FLOW, "task-force"), (FLOW, "forum")]))

    # --- Annex B: partner map ----------------------------------------------------------------------
    offers = dict(m.OfferType.choices)
    blocks = [Table(
        headers=[_("Partner"), _("Type"), _("Offers"), _("Status"), _("Committed"), _("In kind"), _("Interests")],
        rows=[[p.name, p.get_partner_type_display(), ", ".join(str(offers.get(o, o)) for o in p.offer_types),
               p.get_status_display(), money(p.committed_amount), money(p.in_kind_value),
               p.interests] for p in partners],
        numeric=(4, 5),
        footer=[_("Total"), "", "", "", money(sum((p.committed_amount or 0) for p in partners)),
                money(sum((p.in_kind_value or 0) for p in partners)), ""])] if partners else []
    conflicts = [p for p in partners if p.conflicts_note.strip()]
    if conflicts:
        blocks += [Heading(_("Conflicts of interest"), 3), BulletList([
            _("%(partner)s: %(note)s") % {"partner": p.name, "note": p.conflicts_note.strip()} for p in conflicts])]
    result.add("annex_b", Contribution(blocks=blocks, complete=bool(partners), steps=[(FLOW, "partners")]))

    # --- Annex C: research summaries ------------------------------------------------------------------
    blocks = []
    for study in studies:
        heading = (_("%(research)s: %(title)s") % {"research": study.get_research_type_display(), "title": study.title}
                   if study.title else study.get_research_type_display())
        blocks += [Heading(heading, 3),
                   Facts([(_("Status"), study.get_status_display()), (_("Implementer"), study.implementer),
                          (_("Scope"), study.scope), (_("Questions"), study.questions),
                          (_("Period"), " – ".join(filter(None, [_date(study.start_date), _date(study.end_date)]))),
                          (_("Validated at forum meeting"), str(study.validated_by_forum or ""))])]
        own = [f for f in findings if f.study_id == study.pk]
        if own:
            blocks.append(BulletList([_("%(finding)s (%(figure)s)") % {"finding": f.text, "figure": f.figure}
                                      if f.figure else f.text for f in own]))
    result.add("annex_c", Contribution(blocks=blocks, complete=bool(studies), steps=[(FLOW, "research")]))

    # --- Annex D: consultation log ----------------------------------------------------------------------
    blocks = [Table(
        headers=[_("Date"), _("Place"), _("Step it informed"), _("Attendance"), _("Women"), _("Key inputs"),
                 _("How they were handled")],
        rows=[[_date(x.date), x.place, x.get_informed_step_display(), l10n.number(x.attendance_total),
               l10n.number(x.attendance_women), x.inputs, x.response] for x in meetings],
        numeric=(3, 4),
        footer=[_("Total"), "", "", l10n.number(total), l10n.number(women), "", ""])] if meetings else []
    if meetings and total:
        blocks.append(Note(_("Women were %(share)s of attendance over all meetings.")
                           % {"share": l10n.percent(women / total)}))
    result.add("annex_d", Contribution(blocks=blocks, complete=bool(meetings), steps=[(FLOW, "forum")]))
    return result

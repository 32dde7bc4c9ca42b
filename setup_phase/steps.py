"""Part 1 (set-up): the step registry. Reads like the table of contents of the part.

Order follows GUIDANCE.md §2 ("recommended wizard order"): the task force and existing
information first, then partners, the forum and research. Any order works.
"""

from django.utils.translation import gettext_lazy as _

from asm_guide.wizard.registry import Flow, Part, Step

from . import forms, rules

FLOW = Flow(
    name="setup",
    namespace="setup_phase",
    title=_("Part 1: Set-up"),
    url_prefix="setup",
    steps=(
        Step("task-force", _("Form a government ASM task force"), form=forms.TaskForceForm,
             lists=(("members", forms.TaskForceMemberFormSet),), missing=rules.task_force_missing,
             has_data=rules.has_any("task_force", "task_force_members")),
        Step("existing-information", _("Collect existing information"),
             lists=(("regions", forms.RegionFormSet), ("items", forms.InformationItemFormSet)),
             missing=rules.information_missing,
             has_data=rules.has("information")),
        Step("partners", _("Engage partners"), lists=(("partners", forms.PartnerFormSet),),
             missing=rules.partners_missing, has_data=rules.has("partners")),
        Step("forum", _("Convene a consultation forum"), form=forms.ForumForm,
             lists=(("members", forms.ForumMemberFormSet), ("meetings", forms.ForumMeetingFormSet)),
             missing=rules.forum_missing, has_data=rules.has_any("forum", "forum_members", "forum_meetings")),
        Step("research", _("Commission research"), lists=(("studies", forms.ResearchStudyFormSet),),
             missing=rules.research_missing, context=rules.research_context, has_data=rules.has("studies")),
        Step("findings", _("Record research findings"), lists=(("findings", forms.ResearchFindingFormSet),),
             available_when=rules.has_studies,
             unavailable_reason=_("Record the research studies first"),
             missing=rules.findings_missing, has_data=rules.has("findings"), context=rules.findings_context),
    ),
)

PART = Part(number=1, slug="setup", namespace="setup_phase", title=_("Part 1: Set-up"), flow=FLOW,
            summary=_("Form the task force, collect what is known, engage partners, convene the forum "
                      "and commission research."))

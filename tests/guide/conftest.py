from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy as _

from asm_guide.wizard.registry import Flow, Part, Step, registry
from setup_phase import forms as setup_forms


@pytest.fixture
def parts_with_subject_flow(monkeypatch):
    """The registered parts plus one made-up part with a per-subject flow (the shape Part 2
    will have: a main flow and one small flow per subtype), built from Part 1's forms and
    guidance files so that every URL it needs exists."""
    setup = registry.part("setup")
    per_partner = Flow(
        name="per-partner", namespace="setup_phase", title=_("For each partner"), url_prefix="partner-steps",
        subject_model="setup_phase.Partner", subject_label=_("partner"),
        steps=(Step("research", _("Commission research with this partner"),
                    lists=(("studies", setup_forms.ResearchStudyFormSet),)),),
    )
    extra = Part(number=9, slug="extra", namespace="setup_phase", title=_("Part 9: Extra"), flow=setup.flow,
                 subject_flows=(per_partner,), summary=_("A made-up part for tests."))
    parts = [*registry.parts, extra]
    monkeypatch.setitem(registry.__dict__, "parts", parts)
    return extra

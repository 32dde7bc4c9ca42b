"""Part 3 (implementation): the step registry. Steps arrive with the Part 3 issue."""

from django.utils.translation import gettext_lazy as _

from asm_guide.wizard.registry import Flow, Part

FLOW = Flow(name="implementation", namespace="implementation", title=_("Part 3: Implementation"),
            url_prefix="implementation", steps=())

PART = Part(number=3, slug="implementation", namespace="implementation", title=_("Part 3: Implementation"),
            flow=FLOW, summary=_("Set and adjust regulations, train, use assistance as leverage, "
                                 "and plan, cost and monitor the work."))

"""Part 2 (strategy): the step registry. Steps arrive with the Part 2 issue."""

from django.utils.translation import gettext_lazy as _

from asm_guide.wizard.registry import Flow, Part

FLOW = Flow(name="strategy", namespace="strategy", title=_("Part 2: Strategy"), url_prefix="strategy", steps=())

PART = Part(number=2, slug="strategy", namespace="strategy", title=_("Part 2: Strategy"), flow=FLOW,
            summary=_("Form a vision, divide ASM into subtypes and develop a substrategy for each."))

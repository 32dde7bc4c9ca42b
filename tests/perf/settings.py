"""The production settings plus one bare view to compare against (benchmark only)."""

from asm_guide.settings import *  # noqa: F403

ROOT_URLCONF = "tests.perf.urls"

# The case-floor page's template (tests/perf/templates/bench/case_floor.html).
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "perf" / "templates"]  # noqa: F405

"""The production settings plus one bare view to compare against (benchmark only)."""

from asm_guide.settings import *  # noqa: F403

ROOT_URLCONF = "tests.perf.urls"

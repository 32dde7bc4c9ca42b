from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SetupPhaseConfig(AppConfig):
    name = "setup_phase"
    verbose_name = _("Part 1: set-up")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WizardConfig(AppConfig):
    name = "asm_guide.wizard"
    label = "wizard"
    verbose_name = _("Wizard engine")

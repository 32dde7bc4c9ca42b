from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "asm_guide.guide"
    label = "guide"
    verbose_name = _("Guidance reference")

"""What the engine itself stores: navigation state and part completion. Never answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WizardState(models.Model):
    """formtools storage, per user and wizard prefix (which names the case and subject).

    Holds only where the person was (``current_step``) so that "Continue" resumes there.
    Answers live in the parts' own models, written on every valid POST.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.StrategyCase", on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField(max_length=120)
    current_step = models.CharField(max_length=80, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "prefix"], name="one_wizard_state_per_prefix")]

    def __str__(self) -> str:
        return f"{self.user} at {self.prefix}/{self.current_step}"


class PartCompletion(models.Model):
    """A person declared a part (or a subject's substrategy) complete on its check-answers page."""

    case = models.ForeignKey("cases.StrategyCase", on_delete=models.CASCADE, related_name="part_completions")
    part = models.CharField(_("part"), max_length=40)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    completed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "part"], name="one_completion_per_part")]

    def __str__(self) -> str:
        return f"{self.case} – {self.part}"

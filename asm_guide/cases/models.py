"""A country case (one national ASM strategy in the making) and who may work on it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    ARCHIVED = "archived", _("Archived")


class NapStatus(models.TextChoices):
    NONE = "none", _("No national action plan")
    IN_PREPARATION = "in_preparation", _("In preparation")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")


class StrategyCase(models.Model):
    country_name = models.CharField(_("country"), max_length=120)
    iso3 = models.CharField(
        _("ISO 3166 alpha-3 code"),
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Enter three capital letters, for example GHA"))],
    )
    title = models.CharField(_("title"), max_length=200)
    lead_ministry = models.CharField(_("lead ministry"), max_length=200)
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="USD",
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Enter a three-letter ISO 4217 code, for example USD"))],
    )
    strategy_start_year = models.PositiveSmallIntegerField(
        _("strategy start year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    horizon_years = models.PositiveSmallIntegerField(
        _("horizon in years"), default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    report_language = models.CharField(
        _("report language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    is_fictional = models.BooleanField(_("fictional demonstration case"), default=False)
    is_minamata_party = models.BooleanField(_("party to the Minamata Convention"), default=False)
    asgm_more_than_insignificant = models.BooleanField(
        _("ASGM declared more than insignificant"), default=False
    )
    nap_status = models.CharField(
        _("national action plan status"), max_length=20, choices=NapStatus.choices, default=NapStatus.NONE
    )
    nap_submission_date = models.DateField(_("NAP submission date"), null=True, blank=True)
    # Review governance: a revision submitted for approval is approved by another member (an owner
    # other than the one who submitted it). On by default; an owner may turn it off (case details).
    approval_by_other_member = models.BooleanField(
        _("a member other than the one who submitted a revision approves it"), default=True
    )
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    # Kept up to date by asm_guide.wizard.progress.refresh_progress after every save, so that the
    # dashboard shows progress without recomputing every step of every case.
    steps_completed = models.PositiveIntegerField(default=0, editable=False)
    steps_total = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="strategy_cases"
    )

    class Meta:
        ordering = ["country_name", "title"]
        verbose_name = _("country case")
        verbose_name_plural = _("country cases")

    def __str__(self) -> str:
        return f"{self.country_name}: {self.title}"

    @property
    def end_year(self) -> int:
        return self.strategy_start_year + self.horizon_years - 1

    @property
    def is_editable(self) -> bool:
        return self.status in {CaseStatus.DRAFT, CaseStatus.IN_REVIEW}


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")
    REVIEWER = "reviewer", _("Reviewer")


class Membership(models.Model):
    case = models.ForeignKey(StrategyCase, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="one_membership_per_user_and_case")]
        ordering = ["role", "user__username"]
        verbose_name = _("membership")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.case}"

    @property
    def can_edit(self) -> bool:
        return self.role in {Role.OWNER, Role.EDITOR}

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


# --- Shared by the parts' models (setup_phase, strategy, implementation) ---------------------------

# The validator objects below are shared by every field declared with ``**money`` or
# ``**percent``: ``figure_kind`` recognises those fields by them, so pages write their values as
# money or percentages without a list of field names (the migrations see the same validators).
_MONEY_MINIMUM = MinValueValidator(0)
_PERCENT_MAXIMUM = MaxValueValidator(100)

#: Field options for an amount of money in the case's currency (never negative).
money = {"max_digits": 14, "decimal_places": 2, "validators": [_MONEY_MINIMUM]}
#: Field options for a percentage typed in points (27 is 27 %).
percent = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(0), _PERCENT_MAXIMUM]}
year_validators = [MinValueValidator(1900), MaxValueValidator(2100)]


def figure_kind(model_field) -> str | None:
    """How a person reads a number field: "money" (an amount in the case's currency),
    "percent_points", "year" (never grouped: 2026, not 2 026), "number", or None when not a number."""
    if model_field is None or not isinstance(model_field, models.DecimalField | models.IntegerField
                                              | models.FloatField):
        return None
    validators = getattr(model_field, "_validators", ())
    if any(validator is _MONEY_MINIMUM for validator in validators):
        return "money"
    if any(validator is _PERCENT_MAXIMUM for validator in validators):
        return "percent_points"
    if isinstance(model_field, models.IntegerField) and "year" in model_field.name:
        return "year"
    return "number"


class CaseRecord(models.Model):
    """A row that belongs to one case: every part's models derive from it."""

    case = models.ForeignKey("cases.StrategyCase", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

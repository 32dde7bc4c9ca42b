"""Part 2 records (GUIDANCE.md §3 and §6.3): vision, objectives with their indicators,
subtypes, and per subtype its substrategy, feasibility assessment and assistance
programmes. Data only: fields, constraints and small derived values."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from asm_guide.cases.models import CaseRecord, money, percent, year_validators
from setup_phase import models as _setup_models

from . import conflict
from . import feasibility as fz

# --- 2.1 Vision and objectives ----------------------------------------------------------------


class Stance(models.TextChoices):
    SUPPORT = "support", _("Support ASM as a livelihood")
    TRANSFORM = "transform", _("Transform ASM into formal small enterprises")
    CONTAIN = "contain", _("Contain or phase out ASM in certain areas")
    VARIES = "varies", _("It differs by region or mineral")


class Vision(CaseRecord):
    statement = models.TextField(_("Vision statement"))
    horizon_year = models.PositiveSmallIntegerField(_("Horizon year"), validators=year_validators)
    principles = models.TextField(_("Guiding principles"), blank=True)
    aligned_policies = models.TextField(_("National policies it aligns with"), blank=True)
    minamata_nap = models.TextField(_("Link to the Minamata national action plan"), blank=True)
    stance = models.CharField(_("Stance towards ASM"), max_length=20, choices=Stance.choices)
    stance_note = models.TextField(_("Where and how the stance differs"), blank=True)

    class Meta(CaseRecord.Meta):
        verbose_name = _("vision")
        constraints = [models.UniqueConstraint(fields=["case"], name="one_vision_per_case")]

    def __str__(self) -> str:
        return self.statement[:80]


class GoalArea(models.TextChoices):
    LIVELIHOODS = "livelihoods", _("Livelihoods and jobs")
    REVENUE = "revenue", _("Revenue")
    ENVIRONMENT_MERCURY = "environment_mercury", _("Environment and mercury")
    HEALTH_SAFETY = "health_safety", _("Health and safety")
    SECURITY = "security", _("Security and conflict")
    LSM_COEXISTENCE = "lsm_coexistence", _("Coexistence with large-scale mining")
    GENDER = "gender", _("Gender equality")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    TRACEABILITY = "traceability", _("Traceability and market access")
    FORMALISATION = "formalisation", _("Formalisation")
    OTHER = "other", _("Other")


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Every year")
    BIENNIAL = "biennial", _("Every two years")
    MIDTERM = "midterm", _("At the mid-term and final reviews")


class Objective(CaseRecord):
    """A strategic objective with its indicator (GUIDANCE.md §6.3 Objective + Indicator).

    The baseline is either chosen from the case's research findings (``baseline_finding``) or
    typed (``baseline_value``); a chosen finding fills the value when none is typed.
    """

    title = models.CharField(_("Objective"), max_length=300)
    goal_area = models.CharField(_("Goal area"), max_length=30, choices=GoalArea.choices)
    priority = models.PositiveSmallIntegerField(_("Priority rank"), null=True, blank=True,
                                                validators=[MinValueValidator(1), MaxValueValidator(99)])
    indicator = models.CharField(_("Indicator"), max_length=300, blank=True)
    unit = models.CharField(_("Unit"), max_length=60, blank=True)
    baseline_finding = models.ForeignKey(
        "setup_phase.ResearchFinding", verbose_name=_("Baseline from your research findings"),
        on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    baseline_value = models.DecimalField(_("Baseline value"), max_digits=16, decimal_places=2, null=True,
                                         blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("Baseline year"), null=True, blank=True,
                                                     validators=year_validators)
    target_value = models.DecimalField(_("Target value"), max_digits=16, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(_("Target date"), null=True, blank=True)
    data_source = models.CharField(_("Data source"), max_length=300, blank=True)
    frequency = models.CharField(_("How often it is measured"), max_length=20, choices=Frequency.choices,
                                 blank=True)
    responsible_institution = models.CharField(_("Responsible institution"), max_length=200, blank=True)

    class Meta(CaseRecord.Meta):
        verbose_name = _("objective")
        ordering = ["priority", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def indicator_missing(self) -> list[str]:
        """What the indicator still lacks, as field names (empty when complete)."""
        missing = [name for name in ("indicator", "unit") if not getattr(self, name).strip()]
        if self.baseline_value is None and self.baseline_finding_id is None:
            missing.append("baseline")
        missing += [name for name in ("target_value", "target_date") if getattr(self, name) is None]
        return missing


# --- 2.2 Subtypes --------------------------------------------------------------------------------


# The one code list of minerals lives with Part 1, where research findings first name them.
Mineral = _setup_models.Mineral


class Scale(models.TextChoices):
    ARTISANAL = "micro_artisanal", _("Micro or artisanal")
    SMALL = "small_scale", _("Small-scale")
    MIXED = "mixed", _("Mixed")


class Activity(models.TextChoices):
    MINING = "mining", _("Mining")
    PROCESSING = "processing", _("Processing")
    TRADING = "trading", _("Trading")
    MIXED = "mixed", _("Mixed")


class Mobility(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    SEASONAL = "seasonal", _("Seasonal")
    RUSH = "rush", _("Rush")
    SHOCK_PUSH = "shock_push", _("Shock-push")
    MIXED = "mixed", _("Mixed")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not known")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Subtype(CaseRecord):
    name = models.CharField(_("Name"), max_length=200)
    minerals = models.JSONField(_("Minerals"), default=list, blank=True)
    scale = models.CharField(_("Scale"), max_length=20, choices=Scale.choices)
    activity = models.CharField(_("Activity"), max_length=20, choices=Activity.choices)
    regions = models.ManyToManyField("setup_phase.Region", verbose_name=_("Regions"), blank=True,
                                     related_name="subtypes")
    mobility = models.CharField(_("Mobility"), max_length=20, choices=Mobility.choices, blank=True)
    est_miners = models.PositiveIntegerField(_("Estimated number of miners"), null=True, blank=True,
                                             validators=[MaxValueValidator(100_000_000)])
    pct_women = models.DecimalField(_("Women among the miners (%)"), null=True, blank=True, **percent)
    children_present = models.CharField(_("Children present"), max_length=10, choices=YesNoUnknown.choices,
                                        default=YesNoUnknown.UNKNOWN)
    sites = models.PositiveIntegerField(_("Number of sites"), null=True, blank=True,
                                        validators=[MaxValueValidator(10_000_000)])
    production_value = models.DecimalField(_("Production estimate"), max_digits=16, decimal_places=2, null=True,
                                           blank=True, validators=[MinValueValidator(0)])
    production_unit = models.CharField(_("Production unit"), max_length=60, blank=True)
    official_channel_pct = models.DecimalField(_("Share sold through official channels (%)"), null=True,
                                               blank=True, **percent)
    main_practices = models.TextField(_("Main practices"), blank=True)
    main_impacts = models.TextField(_("Main impacts"), blank=True)
    lsm_overlap = models.CharField(_("Overlap with large-scale mining licences"), max_length=10,
                                   choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    priority = models.CharField(_("Priority"), max_length=10, choices=Priority.choices, blank=True)
    findings = models.ManyToManyField("setup_phase.ResearchFinding", verbose_name=_("Research findings it draws on"),
                                      blank=True, related_name="+")

    class Meta(CaseRecord.Meta):
        verbose_name = _("subtype")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def make_for_tests(cls, case) -> Subtype:
        return cls.objects.create(case=case, name="Test subtype", scale=Scale.ARTISANAL, activity=Activity.MINING)


# --- 2.3–2.5 Substrategy per subtype ------------------------------------------------------------


class Approach(models.TextChoices):
    LICENSE_REGULATE = fz.LICENSE_REGULATE, fz.APPROACH_LABELS[fz.LICENSE_REGULATE]
    ZONES = fz.ZONES, fz.APPROACH_LABELS[fz.ZONES]
    MARKET_ACCESS = fz.MARKET_ACCESS, fz.APPROACH_LABELS[fz.MARKET_ACCESS]
    PRECONDITIONS = fz.PRECONDITIONS, fz.APPROACH_LABELS[fz.PRECONDITIONS]


def _risk(label):
    return models.CharField(label, max_length=10, choices=conflict.RiskAnswer.choices, blank=True)


def _note(label):
    return models.TextField(label, blank=True)


def _subtype_name(row) -> str:
    """The name of the subtype ``row`` belongs to (what a person calls it, never its id)."""
    if row.subtype_id is None:
        return ""
    return row.subtype.name


class SubStrategy(CaseRecord):
    """One per subtype: the chosen approach to improving practices, the recommendation the
    tool made when it was chosen, and the risks and review triggers."""

    subtype = models.ForeignKey(Subtype, on_delete=models.CASCADE, related_name="substrategies")
    approach = models.CharField(_("Approach to improving practices"), max_length=20, choices=Approach.choices,
                                blank=True)
    approach_recommended = models.CharField(_("Recommended approach when the choice was made"), max_length=20,
                                            choices=Approach.choices, blank=True)
    override_justification = models.TextField(_("Why you chose another approach"), blank=True)
    legal_reform = models.BooleanField(_("Legal reform is needed first"), default=False)
    market_outside_zones = models.BooleanField(
        _("Also a market-access channel for production outside the zones"), default=False)
    risks = models.TextField(_("Risks"), blank=True)
    mitigations = models.TextField(_("Mitigations"), blank=True)
    review_triggers = models.TextField(_("What would move this subtype to a stronger approach"), blank=True)
    # Preconditions first: the security and conflict risks of OECD Annex II (strategy/conflict.py).
    oecd_abuses = _risk(conflict.NAMES["abuses"])
    oecd_abuses_note = _note(_("Red flags and sources: serious abuses"))
    oecd_armed_groups = _risk(conflict.NAMES["armed_groups"])
    oecd_armed_groups_note = _note(_("Red flags and sources: support to non-state armed groups"))
    oecd_security_forces = _risk(conflict.NAMES["security_forces"])
    oecd_security_forces_note = _note(_("Red flags and sources: public or private security forces"))
    oecd_bribery = _risk(conflict.NAMES["bribery"])
    oecd_bribery_note = _note(_("Red flags and sources: bribery and fraudulent misrepresentation of origin"))
    oecd_laundering = _risk(conflict.NAMES["laundering"])
    oecd_laundering_note = _note(_("Red flags and sources: money laundering"))
    oecd_taxes = _risk(conflict.NAMES["taxes"])
    oecd_taxes_note = _note(_("Red flags and sources: non-payment of taxes, fees and royalties"))

    class Meta(CaseRecord.Meta):
        verbose_name = _("substrategy")
        verbose_name_plural = _("substrategies")
        constraints = [models.UniqueConstraint(fields=["subtype"], name="one_substrategy_per_subtype")]

    def __str__(self) -> str:
        return str(_("Substrategy for %(subtype)s") % {"subtype": _subtype_name(self)})

    @property
    def is_override(self) -> bool:
        return bool(self.approach and self.approach_recommended and self.approach != self.approach_recommended)


class Score(models.TextChoices):
    YES = fz.YES, _("Yes")
    PARTLY = fz.PARTLY, _("Partly")
    NO = fz.NO, _("No")


def _score(label):
    return models.CharField(label, max_length=10, choices=Score.choices)


class FeasibilityAssessment(CaseRecord):
    """"Can the government feasibly license and regulate this subtype?" (GUIDANCE.md §2.5.1)."""

    subtype = models.ForeignKey(Subtype, on_delete=models.CASCADE, related_name="feasibility_assessments")
    f1 = _score(_("F1 Reach"))
    f1_note = _note(_("Evidence for F1"))
    f2 = _score(_("F2 Manageable scale and dispersion"))
    f2_note = _note(_("Evidence for F2"))
    f3 = _score(_("F3 Stability"))
    f3_note = _note(_("Evidence for F3"))
    f4 = _score(_("F4 Land availability"))
    f4_note = _note(_("Evidence for F4"))
    f5 = _score(_("F5 Incentive compatibility"))
    f5_note = _note(_("Evidence for F5"))
    f6 = _score(_("F6 Political and security feasibility"))
    f6_note = _note(_("Evidence for F6"))
    f7 = _score(_("F7 Legal basis"))
    f7_note = _note(_("Evidence for F7"))
    z = models.CharField(_("Z Zoneable areas exist"), max_length=10, choices=Score.choices, blank=True)
    z_note = _note(_("Candidate zones and the mapping behind them"))
    m = models.CharField(_("M A market chokepoint exists"), max_length=10, choices=Score.choices, blank=True)
    m_note = _note(_("The chokepoint and who controls it"))
    evidence = models.ManyToManyField("setup_phase.ResearchFinding", verbose_name=_("Findings this assessment cites"),
                                      blank=True, related_name="+")

    class Meta(CaseRecord.Meta):
        verbose_name = _("feasibility assessment")
        constraints = [models.UniqueConstraint(fields=["subtype"], name="one_feasibility_per_subtype")]

    def __str__(self) -> str:
        return str(_("Feasibility of %(subtype)s") % {"subtype": _subtype_name(self)})

    def recommendation(self) -> fz.Recommendation:
        return fz.recommend_for(self)


class ProgramType(models.TextChoices):
    GEODATA = "geodata_exploration", _("Geological data, expertise and exploration services")
    CREDIT = "credit_insurance", _("Assisted access to credit or insurance")
    TRANSPORT = "transport", _("Transport infrastructure")
    WATER = "water_sanitation", _("Water and sanitation")
    ELECTRICITY = "electricity", _("Electricity")
    EQUIPMENT = "equipment", _("Provision or subsidy of equipment")
    TRAINING = "training", _("Training and extension")
    ORGANISATIONAL = "organisational", _("Organisational support")
    HEALTH = "health", _("Health")
    LIVELIHOODS = "alternative_livelihoods", _("Alternative livelihoods")
    OTHER = "other", _("Other")


class AssistanceProgram(CaseRecord):
    """One programme of a subtype's industrial strategy (GUIDANCE.md §2.4)."""

    subtype = models.ForeignKey(Subtype, on_delete=models.CASCADE, related_name="programs")
    program_type = models.CharField(_("Type of assistance"), max_length=30, choices=ProgramType.choices)
    title = models.CharField(_("Title"), max_length=300)
    description = models.TextField(_("Description"), blank=True)
    lead_institution = models.CharField(_("Lead institution"), max_length=200, blank=True)
    partner = models.ForeignKey("setup_phase.Partner", verbose_name=_("Partner"), on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")
    budget = models.DecimalField(_("Budget"), null=True, blank=True, **money)
    funding_source = models.CharField(_("Funding source"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("Start year"), null=True, blank=True, validators=year_validators)
    end_year = models.PositiveSmallIntegerField(_("End year"), null=True, blank=True, validators=year_validators)
    conditional = models.BooleanField(_("Only for operators who meet a condition"), default=False)
    condition = models.TextField(_("Condition"), blank=True)
    basic = models.BooleanField(_("Basic assistance, open to everyone and never used as leverage"), default=False)
    risks = models.TextField(_("Risks and how they are handled"), blank=True)

    class Meta(CaseRecord.Meta):
        verbose_name = _("assistance programme")

    def __str__(self) -> str:
        return self.title

"""Part 3 records (GUIDANCE.md §4 and §6.4): regulations and their planned changes, training,
assistance used as leverage, further assistance, zones, market-access schemes with ordered
tiers, the costed action plan, and monitoring and evaluation. Data only: fields, constraints
and small derived values.

References that must not vanish silently use ``on_delete=RESTRICT``: the shared list engine
refuses to remove a row that such a reference still points at, and names the reference.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from asm_guide import l10n
from asm_guide.cases.models import CaseRecord, money, year_validators
from strategy.models import Approach, ProgramType

# --- 3.1 Set regulations ----------------------------------------------------------------------


class RegulationCategory(models.TextChoices):
    LICENSING = "licensing", _("Licensing")
    ENVIRONMENT = "environment", _("Environment")
    MERCURY = "mercury", _("Mercury and the worst practices")
    MERCURY_TRADE = "mercury_trade", _("Mercury trade and supply")
    HEALTH_SAFETY = "health_safety", _("Health and safety")
    CHILD_LABOUR = "child_labour", _("Child labour")
    GENDER = "gender", _("Women and pregnant women")
    LAND = "land", _("Land")
    TRADE_EXPORT = "trade_export", _("Trade and export")
    TAX_ROYALTY = "tax_royalty", _("Tax and royalty")
    REPORTING = "reporting", _("Records and reporting")
    OTHER = "other", _("Other")


class AppliesTo(models.TextChoices):
    ALL = "all", _("All activities")
    MINING = "mining", _("Mining")
    PROCESSING = "processing", _("Processing")
    TRADING = "trading", _("Trading")


class RegulationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ADOPTED = "adopted", _("Adopted")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")


class Regulation(CaseRecord):
    title = models.CharField(_("Short name"), max_length=200)
    category = models.CharField(_("Category"), max_length=20, choices=RegulationCategory.choices)
    requirement = models.TextField(_("What the rule requires"))
    subtypes = models.ManyToManyField("strategy.Subtype", verbose_name=_("Subtypes it applies to"), blank=True,
                                      related_name="+")
    applies_to_activity = models.CharField(_("Activities it applies to"), max_length=20, choices=AppliesTo.choices,
                                           default=AppliesTo.ALL)
    legal_instrument = models.CharField(_("Legal instrument"), max_length=300, blank=True)
    effective_date = models.DateField(_("Effective date"), null=True, blank=True)
    enforcing_institution = models.CharField(_("Enforcing institution"), max_length=200, blank=True)
    sanction = models.CharField(_("Sanction"), max_length=300, blank=True)
    est_compliance_cost = models.DecimalField(_("Estimated compliance cost to one miner per year"), null=True,
                                              blank=True, **money)
    status = models.CharField(_("Status"), max_length=20, choices=RegulationStatus.choices,
                              default=RegulationStatus.PROPOSED)

    class Meta(CaseRecord.Meta):
        verbose_name = _("regulation")

    def __str__(self) -> str:
        return self.title


# --- 3.2 Adjust regulations --------------------------------------------------------------------


class ChangeType(models.TextChoices):
    NEW = "new", _("New rule")
    RELAX = "relax", _("Relax")
    TIGHTEN = "tighten", _("Tighten")
    SIMPLIFY = "simplify", _("Simplify")
    REPEAL = "repeal", _("Repeal")


class RegulationChange(CaseRecord):
    regulation = models.ForeignKey(Regulation, verbose_name=_("Regulation"), on_delete=models.RESTRICT, null=True,
                                   blank=True, related_name="changes")
    change_type = models.CharField(_("Type of change"), max_length=10, choices=ChangeType.choices)
    review_date = models.DateField(_("Review date"))
    trigger = models.TextField(_("Trigger"), blank=True)
    change = models.TextField(_("The change"))
    reason = models.TextField(_("Reason"))

    class Meta(CaseRecord.Meta):
        ordering = ["review_date", "pk"]
        verbose_name = _("planned change")

    def __str__(self) -> str:
        return f"{self.get_change_type_display()}: {self.change[:60]}"


# --- 3.3 Education and training ------------------------------------------------------------------


class Audience(models.TextChoices):
    MINERS = "miners", _("Miners")
    PROCESSORS = "processors", _("Processors")
    TRADERS = "traders", _("Traders")
    OFFICIALS = "officials", _("Officials and inspectors")
    HEALTH_WORKERS = "health_workers", _("Health workers")
    COMMUNITIES = "communities", _("Communities")


class TrainingTopic(models.TextChoices):
    RULES_AWARENESS = "rules_awareness", _("Awareness of the rules and how to get a licence")
    SAFETY = "safety", _("Safe mining")
    MERCURY_FREE = "mercury_free", _("Mercury-free processing")
    MERCURY_HEALTH = "mercury_health", _("Mercury and health")
    REHABILITATION = "rehabilitation", _("Land rehabilitation")
    BUSINESS = "business", _("Business skills")
    ORGANISATIONAL = "organisational", _("Organising cooperatives")
    INSPECTION = "inspection", _("Inspection and enforcement")
    GENDER = "gender", _("Gender")
    OTHER = "other", _("Other")


class TrainingProgram(CaseRecord):
    title = models.CharField(_("Title"), max_length=200)
    audience = models.CharField(_("Audience"), max_length=20, choices=Audience.choices)
    topic = models.CharField(_("Topic"), max_length=20, choices=TrainingTopic.choices)
    provider = models.CharField(_("Provider"), max_length=200, blank=True)
    target_participants = models.PositiveIntegerField(_("Target number of participants"), null=True, blank=True,
                                                      validators=[MaxValueValidator(10_000_000)])
    subtypes = models.ManyToManyField("strategy.Subtype", verbose_name=_("Subtypes it serves"), blank=True,
                                      related_name="+")
    linked_regulations = models.ManyToManyField(Regulation, verbose_name=_("Regulations it explains"), blank=True,
                                                related_name="trainings")
    start_year = models.PositiveSmallIntegerField(_("Start year"), null=True, blank=True, validators=year_validators)
    cost = models.DecimalField(_("Cost"), null=True, blank=True, **money)

    class Meta(CaseRecord.Meta):
        verbose_name = _("training programme")

    def __str__(self) -> str:
        return self.title


# --- 3.4 Assistance as leverage --------------------------------------------------------------------


class Leverage(CaseRecord):
    """A Part 2 programme that becomes conditional on compliance, from a given year."""

    program = models.ForeignKey("strategy.AssistanceProgram", verbose_name=_("Assistance programme"),
                                on_delete=models.RESTRICT, related_name="+")
    condition = models.TextField(_("Condition operators must meet"))
    from_year = models.PositiveSmallIntegerField(_("Enforced from (year)"), validators=year_validators)
    verification = models.TextField(_("How compliance is checked"), blank=True)

    class Meta(CaseRecord.Meta):
        verbose_name = _("conditional programme")

    def __str__(self) -> str:
        return self.condition[:80]


# --- 3.5 Further assistance ----------------------------------------------------------------------


class Extension(models.TextChoices):
    NEW_TYPE = "new_type", _("A new type of assistance")
    MORE_SUBTYPES = "more_subtypes", _("The same assistance for more subtypes")
    MORE_REGIONS = "more_regions", _("The same assistance in more regions")


class FurtherProgram(CaseRecord):
    title = models.CharField(_("Title"), max_length=300)
    program_type = models.CharField(_("Type of assistance"), max_length=30, choices=ProgramType.choices)
    extension = models.CharField(_("How it extends the assistance"), max_length=20, choices=Extension.choices)
    subtypes = models.ManyToManyField("strategy.Subtype", verbose_name=_("Subtypes it serves"), blank=True,
                                      related_name="+")
    regions = models.CharField(_("Regions"), max_length=300, blank=True)
    start_year = models.PositiveSmallIntegerField(_("Start year"), validators=year_validators)
    lead_institution = models.CharField(_("Lead institution"), max_length=200, blank=True)
    partner = models.ForeignKey("setup_phase.Partner", verbose_name=_("Partner"), on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")
    budget = models.DecimalField(_("Budget"), null=True, blank=True, **money)
    condition = models.TextField(_("Condition for access"), blank=True)

    class Meta(CaseRecord.Meta):
        verbose_name = _("further assistance programme")

    def __str__(self) -> str:
        return self.title


# --- Zones and market access --------------------------------------------------------------------


class LandStatus(models.TextChoices):
    FREE = "free", _("Free")
    OVERLAP_RESOLVED = "lsm_overlap_resolved", _("Overlap with a large-scale licence, resolved")
    OVERLAP_PENDING = "lsm_overlap_pending", _("Overlap with a large-scale licence, pending")
    CUSTOMARY_AGREED = "customary_agreed", _("Customary land, agreement reached")
    PROTECTED_CONFLICT = "protected_area_conflict", _("Conflicts with a protected area")


class ZoneService(models.TextChoices):
    PROCESSING = "processing", _("Processing")
    WATER = "water", _("Water")
    POWER = "power", _("Power")
    EXTENSION = "extension", _("Extension staff")
    BUYING_POINT = "buying_point", _("Buying point")


class ZoneStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    GAZETTED = "gazetted", _("Gazetted")
    OPERATIONAL = "operational", _("Operational")
    CLOSED = "closed", _("Closed")


class Zone(CaseRecord):
    subtype = models.ForeignKey("strategy.Subtype", verbose_name=_("Subtype"), on_delete=models.RESTRICT,
                                related_name="+")
    name = models.CharField(_("Name"), max_length=200)
    region = models.CharField(_("Region"), max_length=120, blank=True)
    area_ha = models.DecimalField(_("Area (hectares)"), max_digits=12, decimal_places=2, null=True, blank=True,
                                  validators=[MinValueValidator(0)])
    geology_verified = models.BooleanField(_("Geology verified"), default=False)
    study = models.ForeignKey("setup_phase.ResearchStudy", verbose_name=_("Study that verified it"),
                              on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    land_status = models.CharField(_("Land status"), max_length=30, choices=LandStatus.choices)
    gazette_ref = models.CharField(_("Gazette reference"), max_length=200, blank=True)
    gazette_date = models.DateField(_("Gazette date"), null=True, blank=True)
    plots_capacity = models.PositiveIntegerField(_("Plots it can hold"), null=True, blank=True,
                                                 validators=[MaxValueValidator(10_000_000)])
    plots_allocated = models.PositiveIntegerField(_("Plots allocated"), null=True, blank=True,
                                                  validators=[MaxValueValidator(10_000_000)])
    services = models.JSONField(_("Services in the zone"), default=list, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=ZoneStatus.choices, default=ZoneStatus.CANDIDATE)

    class Meta(CaseRecord.Meta):
        verbose_name = _("zone")

    def __str__(self) -> str:
        return self.name


class Chokepoint(models.TextChoices):
    CENTRAL_BANK = "central_bank", _("Central bank")
    STATE_BUYER = "state_buyer", _("State buyer")
    BUYING_CENTRES = "licensed_buying_centres", _("Licensed buying centres")
    EXPORTER = "exporter", _("Exporter")
    MARKETPLACE = "official_marketplace", _("Official marketplace or exchange")
    REFINERY = "refinery", _("Refinery")
    PROCESSING_CENTRE = "processing_centre", _("Processing centre")
    CERTIFICATION = "certification", _("Certification scheme")
    TRACEABILITY = "traceability_scheme", _("Traceability scheme")


class MarketAccessScheme(CaseRecord):
    subtype = models.ForeignKey("strategy.Subtype", verbose_name=_("Subtype"), on_delete=models.RESTRICT,
                                related_name="+")
    name = models.CharField(_("Name"), max_length=200)
    chokepoint_type = models.CharField(_("Chokepoint"), max_length=30, choices=Chokepoint.choices)
    operator = models.CharField(_("Operator"), max_length=200)
    price_policy = models.TextField(_("Price policy"), blank=True)
    verification_method = models.TextField(_("How origin and standards are verified"), blank=True)
    downstream_link = models.TextField(_("Link to downstream buyers"), blank=True)
    volume_target = models.DecimalField(_("Volume target"), max_digits=14, decimal_places=2, null=True, blank=True,
                                        validators=[MinValueValidator(0)])
    volume_unit = models.CharField(_("Volume unit"), max_length=60, blank=True)
    target_year = models.PositiveSmallIntegerField(_("Target year"), null=True, blank=True,
                                                   validators=year_validators)

    class Meta(CaseRecord.Meta):
        verbose_name = _("market-access scheme")

    def __str__(self) -> str:
        return self.name


class MarketTier(CaseRecord):
    """One tier of a scheme: the standard a seller meets and what they get for it. Tiers are
    ordered by ``position`` (moved with Up and Down buttons, never by dragging)."""

    scheme = models.ForeignKey(MarketAccessScheme, verbose_name=_("Scheme"), on_delete=models.CASCADE,
                               related_name="tiers")
    position = models.PositiveIntegerField(default=0)
    standard = models.TextField(_("Standard the seller meets"))
    benefit = models.TextField(_("What the seller gets"))

    class Meta(CaseRecord.Meta):
        verbose_name = _("market-access tier")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.standard[:60]


# --- The action plan -------------------------------------------------------------------------------


class ActionStep(models.TextChoices):
    SET_REGULATIONS = "set_regulations", _("Set regulations")
    ADJUST_REGULATIONS = "adjust_regulations", _("Adjust regulations")
    TRAINING = "education_training", _("Education and training")
    LEVERAGE = "assistance_leverage", _("Assistance and leverage")
    FURTHER = "further_assistance", _("Further assistance")
    ZONE = "zone", _("ASM zones")
    MARKET = "market_access", _("Market access")
    REVIEW = "me_review", _("Monitoring and review")
    LEGAL_REFORM = "legal_reform", _("Legal reform")
    CAPACITY = "capacity_building", _("Capacity building")


class Quarter(models.IntegerChoices):
    Q1 = 1, _("Q1")
    Q2 = 2, _("Q2")
    Q3 = 3, _("Q3")
    Q4 = 4, _("Q4")


class Funding(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    PARTNER = "partner", _("A partner")
    OTHER = "other", _("Other")
    UNFUNDED = "unfunded", _("Not funded yet")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", _("Cancelled")


class ImplementationAction(CaseRecord):
    number = models.PositiveIntegerField(_("Number"), editable=False, default=0)
    step = models.CharField(_("Step"), max_length=30, choices=ActionStep.choices)
    title = models.CharField(_("Title"), max_length=300)
    subtypes = models.ManyToManyField("strategy.Subtype", verbose_name=_("Subtypes"), blank=True, related_name="+")
    responsible_institution = models.CharField(_("Responsible institution"), max_length=200)
    partner = models.ForeignKey("setup_phase.Partner", verbose_name=_("Partner"), on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")
    start_year = models.PositiveSmallIntegerField(_("Start year"), validators=year_validators)
    start_quarter = models.PositiveSmallIntegerField(_("Start quarter"), choices=Quarter.choices)
    end_year = models.PositiveSmallIntegerField(_("End year"), validators=year_validators)
    end_quarter = models.PositiveSmallIntegerField(_("End quarter"), choices=Quarter.choices)
    cost = models.DecimalField(_("Cost"), null=True, blank=True, **money)
    funding = models.CharField(_("Funded by"), max_length=20, choices=Funding.choices, default=Funding.UNFUNDED)
    funding_source = models.CharField(_("Funding source (details)"), max_length=200, blank=True)
    depends_on = models.ManyToManyField("self", verbose_name=_("Depends on"), symmetrical=False, blank=True,
                                        related_name="dependents")
    status = models.CharField(_("Status"), max_length=20, choices=ActionStatus.choices,
                              default=ActionStatus.PLANNED)
    # Which proposal this action came from (empty for actions typed by hand), so that a
    # confirmed proposal is not proposed again.
    source_key = models.CharField(max_length=60, blank=True)

    class Meta(CaseRecord.Meta):
        verbose_name = _("action")
        ordering = ["number", "pk"]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    def save(self, *args, **kwargs):
        if not self.number:
            last = (ImplementationAction.objects.filter(case_id=self.case_id).aggregate(models.Max("number"))
                    ["number__max"])
            self.number = (last or 0) + 1
        super().save(*args, **kwargs)

    @property
    def ref(self) -> str:
        return f"A{self.number}" if self.number else "A?"


class ActionPlan(CaseRecord):
    """One per case: proposals the person decided not to use (so they stop being proposed)."""

    dropped_proposals = models.JSONField(_("Proposals not needed"), default=list, blank=True)

    class Meta(CaseRecord.Meta):
        verbose_name = _("action plan")
        constraints = [models.UniqueConstraint(fields=["case"], name="one_action_plan_per_case")]

    def __str__(self) -> str:
        return str(_("Action plan"))


# --- Monitoring and evaluation -----------------------------------------------------------------------


class Indicator(CaseRecord):
    name = models.CharField(_("Indicator"), max_length=300)
    unit = models.CharField(_("Unit"), max_length=60, blank=True)
    objective = models.ForeignKey("strategy.Objective", verbose_name=_("Objective it measures"),
                                  on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    program = models.ForeignKey("strategy.AssistanceProgram", verbose_name=_("Programme it measures"),
                                on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    baseline_value = models.DecimalField(_("Baseline value"), max_digits=16, decimal_places=2, null=True,
                                         blank=True)
    target_value = models.DecimalField(_("Target value"), max_digits=16, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("Target year"), null=True, blank=True,
                                                   validators=year_validators)
    data_source = models.CharField(_("Data source"), max_length=300, blank=True)
    responsible_institution = models.CharField(_("Responsible institution"), max_length=200, blank=True)
    source_key = models.CharField(max_length=60, blank=True)

    class Meta(CaseRecord.Meta):
        verbose_name = _("indicator")

    def __str__(self) -> str:
        return self.name


class MonitoringRecord(CaseRecord):
    indicator = models.ForeignKey(Indicator, verbose_name=_("Indicator"), on_delete=models.RESTRICT,
                                  related_name="records")
    period_end = models.DateField(_("End of the period"))
    value = models.DecimalField(_("Value"), max_digits=16, decimal_places=2)
    source = models.CharField(_("Source"), max_length=300, blank=True)
    comment = models.TextField(_("Comment"), blank=True)

    class Meta(CaseRecord.Meta):
        ordering = ["period_end", "pk"]
        verbose_name = _("monitoring record")

    def __str__(self) -> str:
        return f"{l10n.date(self.period_end)}: {l10n.number(self.value)}"


class ReviewKind(models.TextChoices):
    ANNUAL = "annual", _("Annual review")
    MIDTERM = "midterm", _("Mid-term review")
    AD_HOC = "ad_hoc", _("Ad hoc review")


class ReviewStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class Review(CaseRecord):
    kind = models.CharField(_("Kind of review"), max_length=10, choices=ReviewKind.choices)
    date = models.DateField(_("Date"))
    status = models.CharField(_("Status"), max_length=10, choices=ReviewStatus.choices,
                              default=ReviewStatus.PLANNED)
    findings = models.TextField(_("Findings"), blank=True)
    decisions = models.TextField(_("Decisions"), blank=True)
    approach_subtype = models.ForeignKey("strategy.Subtype", verbose_name=_("Subtype whose approach changes"),
                                         on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    new_approach = models.CharField(_("New approach"), max_length=20, choices=Approach.choices, blank=True)

    class Meta(CaseRecord.Meta):
        verbose_name = _("review")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {l10n.date(self.date)}"


# --- Minamata NAP crosswalk ----------------------------------------------------------------------------


class NapPlan(CaseRecord):
    gaps_plan = models.TextField(_("How the missing and partial elements will be handled"), blank=True)

    class Meta(CaseRecord.Meta):
        verbose_name = _("national action plan")
        constraints = [models.UniqueConstraint(fields=["case"], name="one_nap_plan_per_case")]

    def __str__(self) -> str:
        return str(_("NAP crosswalk"))

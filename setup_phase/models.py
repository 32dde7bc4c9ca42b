"""Part 1 records (GUIDANCE.md §2 and §6.2): task force, existing information, partners,
consultation forum and research. Data only: fields, constraints and small derived values."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from asm_guide.cases.models import CaseRecord, money, year_validators


class ResearchType(models.TextChoices):
    R1 = "R1", _("R1 Scoping study")
    R2 = "R2", _("R2 Government capacity assessment")
    R3 = "R3", _("R3 Industry assessment")
    R4 = "R4", _("R4 Impact assessment")
    R5 = "R5", _("R5 Political economy analysis")
    R6 = "R6", _("R6 Supply chain mapping")
    R7 = "R7", _("R7 Geological and land-use mapping")


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial or regional")
    DISTRICT = "district", _("District or local")


class Mineral(models.TextChoices):
    """The one code list of minerals, for research findings (Part 1) and subtypes (Part 2).

    Codes never change meaning; new minerals are added, never renamed. Sapphires, rubies,
    emeralds and other precious stones except diamonds are ``coloured_gemstones``."""

    # The first nine in the order they always had (forms tick them by position).
    GOLD = "gold", _("Gold")
    TIN = "tin", _("Tin")
    TANTALUM = "tantalum", _("Tantalum")
    TUNGSTEN = "tungsten", _("Tungsten")
    COBALT = "cobalt", _("Cobalt")
    COPPER = "copper", _("Copper")
    DIAMONDS = "diamonds", _("Diamonds")
    GEMSTONES = "coloured_gemstones", _("Coloured gemstones")
    DEVELOPMENT = "development_minerals", _("Development minerals (sand, gravel, clay, stone)")
    SILVER = "silver", _("Silver")
    PLATINUM = "platinum_group", _("Platinum-group metals")
    LITHIUM = "lithium", _("Lithium")
    MANGANESE = "manganese", _("Manganese")
    NICKEL = "nickel", _("Nickel")
    CHROMITE = "chromite", _("Chromite")
    LEAD_ZINC = "lead_zinc", _("Lead and zinc")
    IRON_ORE = "iron_ore", _("Iron ore")
    RARE_EARTHS = "rare_earths", _("Rare earths")
    GRAPHITE = "graphite", _("Graphite")
    MICA = "mica", _("Mica")
    JADE_AMBER = "jade_amber", _("Jade and amber")
    SALT = "salt", _("Salt")
    COAL = "coal", _("Coal")
    OTHER = "other", _("Other")


MINERAL_HINT = _("Sapphires, rubies, emeralds and other precious stones except diamonds are coloured gemstones")


# --- 1.1 Regions --------------------------------------------------------------------------------


class Region(CaseRecord):
    """A region of the country, named once per case: research findings and subtypes refer to
    it, so whether a finding bears on a subtype never depends on how a name is spelled."""

    name = models.CharField(_("Name"), max_length=120)

    class Meta(CaseRecord.Meta):
        verbose_name = _("region")
        constraints = [models.UniqueConstraint(Lower("name"), "case", name="one_region_name_per_case")]

    def __str__(self) -> str:
        return self.name


# --- 1.1 Task force -------------------------------------------------------------------------


class DecisionRule(models.TextChoices):
    CONSENSUS = "consensus", _("Consensus")
    MAJORITY = "majority", _("Majority vote")
    CONSENSUS_ARBITRATION = "consensus_arbitration", _("Consensus, with the chair or minister arbitrating")
    OTHER = "other", _("Other")


class MeetingFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    BIMONTHLY = "bimonthly", _("Every two months")
    QUARTERLY = "quarterly", _("Quarterly")
    AS_NEEDED = "as_needed", _("As needed")


class TaskForce(CaseRecord):
    legal_instrument = models.CharField(_("Legal instrument"), max_length=300)
    date_established = models.DateField(_("Date established"), null=True, blank=True)
    chair = models.CharField(_("Chair"), max_length=200)
    secretariat = models.CharField(_("Secretariat"), max_length=200)
    meeting_frequency = models.CharField(_("Meeting frequency"), max_length=20, choices=MeetingFrequency.choices)
    decision_rule = models.CharField(_("Decision rule"), max_length=30, choices=DecisionRule.choices)
    subnational_participation = models.CharField(_("Provincial or district participation"), max_length=300,
                                                 blank=True)
    budget_amount = models.DecimalField(_("Annual budget"), null=True, blank=True, **money)
    budget_source = models.CharField(_("Budget source"), max_length=200, blank=True)
    terms_of_reference = models.TextField(_("Terms of reference"), blank=True)

    class Meta(CaseRecord.Meta):
        verbose_name = _("task force")
        constraints = [models.UniqueConstraint(fields=["case"], name="one_task_force_per_case")]

    def __str__(self) -> str:
        return self.legal_instrument


class InstitutionType(models.TextChoices):
    MINES = "mines", _("Ministry of mines")
    CADASTRE = "cadastre", _("Mining cadastre")
    GEOLOGICAL_SURVEY = "geological_survey", _("Geological survey")
    ENVIRONMENT = "environment", _("Environment")
    LABOUR = "labour", _("Labour")
    HEALTH = "health", _("Health")
    GENDER_SOCIAL = "gender_social", _("Gender and social protection")
    FINANCE = "finance", _("Finance")
    REVENUE_CUSTOMS = "revenue_customs", _("Revenue and customs")
    CENTRAL_BANK = "central_bank", _("Central bank")
    LANDS = "lands", _("Lands")
    FORESTRY = "forestry", _("Forestry")
    WATER = "water", _("Water")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    INTERIOR_SECURITY = "interior_security", _("Interior and security")
    TRADE = "trade", _("Trade and industry")
    AGRICULTURE = "agriculture", _("Agriculture")
    JUSTICE = "justice", _("Justice or attorney-general")
    STATISTICS = "statistics", _("Statistics office")
    OTHER = "other", _("Other")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARIAT = "secretariat", _("Secretariat")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


class TaskForceMember(CaseRecord):
    institution = models.CharField(_("Institution"), max_length=200)
    institution_type = models.CharField(_("Type of institution"), max_length=30, choices=InstitutionType.choices)
    level = models.CharField(_("Level"), max_length=20, choices=Level.choices, default=Level.NATIONAL)
    focal_person = models.CharField(_("Focal person"), max_length=200, blank=True)
    role = models.CharField(_("Role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)

    class Meta(CaseRecord.Meta):
        verbose_name = _("task force member")

    def __str__(self) -> str:
        return self.institution


# --- 1.1 Existing information ------------------------------------------------------------------


class InformationKind(models.TextChoices):
    LAW = "law", _("Law")
    REGULATION = "regulation", _("Regulation")
    DATASET = "dataset", _("Dataset")
    STUDY = "study", _("Study or report")
    MAP = "map", _("Map")
    STATISTICS = "statistics", _("Statistics")
    REGISTER = "register", _("Register or cadastre")
    NAP_MIA = "nap_mia", _("Minamata NAP or initial assessment")
    OTHER = "other", _("Other")


class Reliability(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class InformationItem(CaseRecord):
    title = models.CharField(_("Title"), max_length=300)
    kind = models.CharField(_("Kind"), max_length=20, choices=InformationKind.choices)
    year = models.PositiveSmallIntegerField(_("Year"), null=True, blank=True, validators=year_validators)
    owner = models.CharField(_("Owner"), max_length=200, blank=True)
    coverage = models.CharField(_("Coverage"), max_length=300, blank=True,
                                help_text=_("Regions and minerals it covers, or national"))
    reliability = models.CharField(_("Reliability"), max_length=10, choices=Reliability.choices)
    covers_research_types = models.JSONField(_("Research it already covers"), default=list, blank=True)
    link = models.CharField(_("Link or location"), max_length=500, blank=True)

    class Meta(CaseRecord.Meta):
        verbose_name = _("information item")

    def __str__(self) -> str:
        return self.title


# --- 1.2 Partners ---------------------------------------------------------------------------


class PartnerType(models.TextChoices):
    MULTILATERAL = "multilateral", _("Multilateral or development bank")
    BILATERAL = "bilateral", _("Bilateral donor")
    UN = "un", _("UN agency")
    NGO = "ngo", _("NGO")
    INDUSTRY_LSM = "industry_lsm", _("Large-scale mining company")
    DOWNSTREAM = "downstream_buyer", _("Downstream buyer or refiner")
    ACADEMIA = "academia", _("Academia")
    REGIONAL = "regional_body", _("Regional body")
    OTHER = "other", _("Other")


class OfferType(models.TextChoices):
    FUNDING = "funding", _("Funding")
    TA = "ta", _("Technical assistance")
    DATA = "data", _("Data")
    TRAINING = "training", _("Training")
    EQUIPMENT = "equipment", _("Equipment")


class PartnerStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    CONTACTED = "contacted", _("Contacted")
    AGREED = "agreed", _("Agreed (MoU)")
    ACTIVE = "active", _("Active")
    # A partnership that has ended (not a closed zone, whose word agrees with another noun).
    CLOSED = "closed", pgettext_lazy("partner status", "Closed")


class Partner(CaseRecord):
    name = models.CharField(_("Name"), max_length=200)
    partner_type = models.CharField(_("Type"), max_length=20, choices=PartnerType.choices)
    interests = models.TextField(_("Interests"), blank=True, help_text=_("Minerals, regions and themes"))
    offer_types = models.JSONField(_("What they offer"), default=list, blank=True)
    committed_amount = models.DecimalField(_("Committed amount"), null=True, blank=True, **money)
    in_kind_value = models.DecimalField(_("In-kind value"), null=True, blank=True, **money)
    status = models.CharField(_("Status"), max_length=20, choices=PartnerStatus.choices,
                              default=PartnerStatus.IDENTIFIED)
    mou_date = models.DateField(_("MoU date"), null=True, blank=True)
    conflicts_note = models.TextField(_("Conflict of interest"), blank=True)

    class Meta(CaseRecord.Meta):
        verbose_name = _("partner")

    def __str__(self) -> str:
        return self.name


# --- 1.3 Consultation forum ------------------------------------------------------------------


class ForumMandate(models.TextChoices):
    ADVISORY = "advisory", _("Advisory only")
    CONSENT = "consent", _("Consent at set decision points")


class ConsultationForum(CaseRecord):
    terms_of_reference = models.TextField(_("Terms of reference"))
    mandate = models.CharField(_("Advisory or consent"), max_length=20, choices=ForumMandate.choices)
    selection_method = models.TextField(_("How members are selected"))
    voice_without_association = models.TextField(_("How miners without associations get a voice"), blank=True)

    class Meta(CaseRecord.Meta):
        verbose_name = _("consultation forum")
        constraints = [models.UniqueConstraint(fields=["case"], name="one_forum_per_case")]

    def __str__(self) -> str:
        return str(_("Consultation forum"))


class StakeholderGroup(models.TextChoices):
    MINERS = "miners", _("Miners")
    MINERS_ASSOCIATION = "miners_association", _("Miners' association or cooperative")
    PROCESSORS = "processors", _("Processors")
    TRADERS = "traders", _("Traders, buyers and exporters")
    FINANCIERS = "financiers", _("Financiers and pit sponsors")
    LSM = "lsm", _("Large-scale mining company")
    COMMUNITY = "community", _("Affected community")
    CUSTOMARY = "customary_authority", _("Customary or traditional authority")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia")
    PARTNER_OBSERVER = "partner_observer", _("Partner (observer)")
    DOWNSTREAM = "downstream", _("Downstream buyer or refiner")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Another gender or not stated")


class ForumMember(CaseRecord):
    stakeholder_group = models.CharField(_("Stakeholder group"), max_length=30, choices=StakeholderGroup.choices)
    organisation = models.CharField(_("Organisation"), max_length=200)
    region = models.CharField(_("Region"), max_length=120, blank=True)
    gender = models.CharField(_("Gender of the representative"), max_length=10, choices=Gender.choices)

    class Meta(CaseRecord.Meta):
        verbose_name = _("forum member")

    def __str__(self) -> str:
        return self.organisation


class ConsultedStep(models.TextChoices):
    RESEARCH = "research", _("Research findings")
    VISION = "vision", _("Vision")
    SUBTYPES = "subtypes", _("Subtypes")
    APPROACHES = "approaches", _("Approach per subtype")
    REGULATIONS = "regulations", _("Draft regulations")
    REVIEW = "review", _("Monitoring and review")
    OTHER = "other", _("Other")


class ForumMeeting(CaseRecord):
    date = models.DateField(_("Date"))
    place = models.CharField(_("Place"), max_length=200)
    informed_step = models.CharField(_("Step it informed"), max_length=20, choices=ConsultedStep.choices)
    attendance_total = models.PositiveIntegerField(_("Attendance (total)"), validators=[MaxValueValidator(100000)])
    attendance_women = models.PositiveIntegerField(_("Attendance (women)"), validators=[MaxValueValidator(100000)])
    inputs = models.TextField(_("Key inputs from stakeholders"), blank=True)
    response = models.TextField(_("How the inputs were handled"), blank=True)

    class Meta(CaseRecord.Meta):
        verbose_name = _("forum meeting")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        from asm_guide import l10n

        return ", ".join(filter(None, [l10n.date(self.date), self.place]))


# --- 1.4 Research -------------------------------------------------------------------------------


class StudyStatus(models.TextChoices):
    COVERED = "covered", _("Covered by existing information")
    PLANNED = "planned", _("Planned")
    TOR = "tor", _("Terms of reference drafted")
    COMMISSIONED = "commissioned", _("Commissioned")
    IN_PROGRESS = "in_progress", _("In progress")
    DRAFT = "draft", _("Draft report")
    VALIDATED = "validated", _("Validated")
    DEFERRED = "deferred", _("Deferred")


DONE_STATUSES = {StudyStatus.VALIDATED, StudyStatus.DRAFT, StudyStatus.COVERED}


class Decision(models.TextChoices):
    VISION = "vision", _("Vision")
    SUBTYPES = "subtypes", _("Subtypes")
    FEASIBILITY = "feasibility", _("Feasibility")
    INDUSTRIAL = "industrial", _("Industrial strategy")
    REGULATIONS = "regulations", _("Regulations")
    BASELINE = "baseline", _("Monitoring baseline")


class ResearchStudy(CaseRecord):
    research_type = models.CharField(_("Research type"), max_length=2, choices=ResearchType.choices)
    title = models.CharField(_("Title"), max_length=300, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=StudyStatus.choices)
    deferred_reason = models.TextField(_("Reason for deferring"), blank=True)
    implementer = models.CharField(_("Implementer"), max_length=200, blank=True)
    funder = models.ForeignKey(Partner, verbose_name=_("Funder"), on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="funded_studies")
    budget = models.DecimalField(_("Budget"), null=True, blank=True, **money)
    scope = models.CharField(_("Scope (regions and minerals)"), max_length=300, blank=True)
    questions = models.TextField(_("Questions it must answer"), blank=True)
    informs = models.JSONField(_("Decisions it informs"), default=list, blank=True)
    start_date = models.DateField(_("Start date"), null=True, blank=True)
    end_date = models.DateField(_("End date"), null=True, blank=True)
    validated_by_forum = models.ForeignKey(ForumMeeting, verbose_name=_("Validated at forum meeting"),
                                           on_delete=models.SET_NULL, null=True, blank=True,
                                           related_name="validated_studies")

    class Meta(CaseRecord.Meta):
        verbose_name = _("research study")
        verbose_name_plural = _("research studies")
        ordering = ["research_type", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "research_type"], name="one_study_per_research_type")
        ]

    def __str__(self) -> str:
        return study_heading(self.research_type, self.title)


def study_heading(research_type: str, title: str = "") -> str:
    """A study named by its code and name, then its title: "R1 Scoping study – Lumeria ASM scoping"."""
    label = str(dict(ResearchType.choices).get(research_type, research_type or ""))
    title = (title or "").strip()
    if title and title != label:
        return " – ".join([label, title])
    return label


class FindingTopic(models.TextChoices):
    MINERS_TOTAL = "miners_total", _("Number of miners")
    MINERS_WOMEN = "miners_women", _("Women miners")
    CHILDREN = "children_present", _("Children present")
    SITES = "sites", _("Number of sites")
    PRODUCTION = "production", _("Production")
    OFFICIAL_SHARE = "official_channel_share", _("Share through official channels")
    MERCURY = "mercury_use", _("Mercury use")
    INSPECTORS = "inspectors", _("Inspectors")
    OFFICES = "offices", _("Offices")
    LICENCE_COST = "licence_cost", _("Licence cost")
    LICENCE_TIME = "licence_time", _("Licence time")
    LAND_OVERLAP = "land_overlap", _("Land overlap")
    CHOKEPOINT = "chokepoint", _("Market chokepoint")
    SECURITY = "security", _("Security and politics")
    PRACTICES = "practices", _("Practices")
    OTHER = "other", _("Other")


class ResearchFinding(CaseRecord):
    study = models.ForeignKey(ResearchStudy, verbose_name=_("Study"), on_delete=models.CASCADE,
                              related_name="findings")
    topic = models.CharField(_("Topic"), max_length=30, choices=FindingTopic.choices)
    value = models.DecimalField(pgettext_lazy("figure of a research finding", "Number"), max_digits=16,
                                decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("Unit"), max_length=60, blank=True)
    text = models.TextField(_("Finding"))
    region = models.ForeignKey(Region, verbose_name=_("Region"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="findings", help_text=_("Leave empty for a national finding"))
    mineral = models.CharField(_("Mineral"), max_length=30, choices=Mineral.choices, blank=True,
                               help_text=_("Leave empty for a finding about all minerals"))
    mineral_note = models.CharField(_("Mineral in your words"), max_length=200, blank=True,
                                    help_text=_("Where the list has no mineral that fits, or to be more precise"))

    class Meta(CaseRecord.Meta):
        verbose_name = _("research finding")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def figure(self) -> str:
        if self.value is None:
            return ""
        from asm_guide import l10n

        return " ".join(filter(None, [l10n.number(self.value), self.unit]))

# Data: each finding's free-text region becomes a region of its case (one per distinct name,
# case and accents aside; "national" and empty mean no region), and its free-text mineral a
# code of the mineral list where a code or an English, French or Spanish name matches; any
# other text stays in mineral_note (the finding then bears on all minerals), so nothing is lost.

from django.db import migrations

from setup_phase import legacy


class Regions:
    """Get-or-create regions of one case by name, case and accents aside."""

    def __init__(self, Region):
        self.Region = Region
        self.known = {}

    def get(self, case_id, name):
        if case_id not in self.known:
            self.known[case_id] = {legacy.region_key(r.name): r for r in self.Region.objects.filter(case_id=case_id)}
        by_key = self.known[case_id]
        key = legacy.region_key(name)
        if key not in by_key:
            by_key[key] = self.Region.objects.create(case_id=case_id, name=" ".join(name.split())[:120])
        return by_key[key]


def forward(apps, schema_editor):
    Finding = apps.get_model("setup_phase", "ResearchFinding")
    regions = Regions(apps.get_model("setup_phase", "Region"))
    for finding in Finding.objects.order_by("case_id", "pk"):
        text = finding.region_text or ""
        finding.region = None if legacy.is_national(text) else regions.get(finding.case_id, text.strip())
        code, note = legacy.convert_mineral(finding.mineral or "")
        finding.mineral = code
        if note:
            finding.mineral_note = note
        finding.save(update_fields=["region", "mineral", "mineral_note"])


def backward(apps, schema_editor):
    Finding = apps.get_model("setup_phase", "ResearchFinding")
    for finding in Finding.objects.select_related("region"):
        finding.region_text = finding.region.name if finding.region_id else ""
        if finding.mineral_note and not finding.mineral:
            finding.mineral, finding.mineral_note = finding.mineral_note[:120], ""
        finding.region = None
        finding.save(update_fields=["region_text", "region", "mineral", "mineral_note"])


class Migration(migrations.Migration):

    dependencies = [
        ('setup_phase', '0003_region_mineral_codes'),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]

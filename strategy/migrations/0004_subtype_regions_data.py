# Data: a subtype's free-text regions ("Northern Highlands, Central Belt and Lake district")
# are split on commas, semicolons, line breaks and "and", and each name linked to the region of
# the case with that name (case and accents aside), created when the findings had none.

from django.db import migrations

from setup_phase import legacy


def forward(apps, schema_editor):
    Region = apps.get_model("setup_phase", "Region")
    Subtype = apps.get_model("strategy", "Subtype")
    known: dict = {}
    for subtype in Subtype.objects.order_by("case_id", "pk"):
        if subtype.case_id not in known:
            known[subtype.case_id] = {legacy.region_key(r.name): r for r in Region.objects.filter(case_id=subtype.case_id)}
        by_key = known[subtype.case_id]
        linked = []
        for name in legacy.split_regions(subtype.regions_text or ""):
            key = legacy.region_key(name)
            if key not in by_key:
                by_key[key] = Region.objects.create(case_id=subtype.case_id, name=name[:120])
            linked.append(by_key[key])
        if linked:
            subtype.regions.add(*linked)


def backward(apps, schema_editor):
    Subtype = apps.get_model("strategy", "Subtype")
    for subtype in Subtype.objects.prefetch_related("regions"):
        subtype.regions_text = ", ".join(r.name for r in sorted(subtype.regions.all(), key=lambda r: r.pk))[:300]
        subtype.save(update_fields=["regions_text"])


class Migration(migrations.Migration):

    dependencies = [
        ('setup_phase', '0004_finding_regions_minerals'),
        ('strategy', '0003_subtype_region_keys'),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]

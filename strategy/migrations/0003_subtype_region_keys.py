# A subtype names its regions by key (setup_phase.Region), issue 15. The free-text regions are
# kept as regions_text until 0004 has linked them, and 0005 removes them.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('setup_phase', '0003_region_mineral_codes'),
        ('strategy', '0002_model_verbose_names'),
    ]

    operations = [
        migrations.RenameField(
            model_name='subtype',
            old_name='regions',
            new_name='regions_text',
        ),
        migrations.AddField(
            model_name='subtype',
            name='regions',
            field=models.ManyToManyField(blank=True, related_name='subtypes', to='setup_phase.region', verbose_name='Regions'),
        ),
    ]

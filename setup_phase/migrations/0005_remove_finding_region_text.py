# After 0004: the free-text region is gone and the mineral holds a code of the list only.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('setup_phase', '0004_finding_regions_minerals'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='researchfinding',
            name='region_text',
        ),
        migrations.AlterField(
            model_name='researchfinding',
            name='mineral',
            field=models.CharField(blank=True, choices=[('gold', 'Gold'), ('tin', 'Tin'), ('tantalum', 'Tantalum'), ('tungsten', 'Tungsten'), ('cobalt', 'Cobalt'), ('copper', 'Copper'), ('diamonds', 'Diamonds'), ('coloured_gemstones', 'Coloured gemstones'), ('development_minerals', 'Development minerals (sand, gravel, clay, stone)'), ('silver', 'Silver'), ('platinum_group', 'Platinum-group metals'), ('lithium', 'Lithium'), ('manganese', 'Manganese'), ('nickel', 'Nickel'), ('chromite', 'Chromite'), ('lead_zinc', 'Lead and zinc'), ('iron_ore', 'Iron ore'), ('rare_earths', 'Rare earths'), ('graphite', 'Graphite'), ('mica', 'Mica'), ('jade_amber', 'Jade and amber'), ('salt', 'Salt'), ('coal', 'Coal'), ('other', 'Other')], help_text='Leave empty for a finding about all minerals', max_length=30, verbose_name='Mineral'),
        ),
    ]

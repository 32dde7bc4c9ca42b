# Regions named once per case and minerals from one code list (issue 15). Schema only: the
# free-text region of a finding is kept as region_text until 0004 has turned it into a region,
# and 0005 removes it (three migrations, so that no table is altered after rows were changed in
# the same transaction, which PostgreSQL refuses).

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0002_case_progress_counts'),
        ('setup_phase', '0002_model_verbose_names'),
    ]

    operations = [
        migrations.CreateModel(
            name='Region',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('name', models.CharField(max_length=120, verbose_name='Name')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.strategycase')),
            ],
            options={
                'verbose_name': 'region',
                'ordering': ['pk'],
                'abstract': False,
            },
        ),
        migrations.AddConstraint(
            model_name='region',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), models.F('case'), name='one_region_name_per_case'),
        ),
        migrations.RenameField(
            model_name='researchfinding',
            old_name='region',
            new_name='region_text',
        ),
        migrations.AddField(
            model_name='researchfinding',
            name='region',
            field=models.ForeignKey(blank=True, help_text='Leave empty for a national finding', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='findings', to='setup_phase.region', verbose_name='Region'),
        ),
        migrations.AddField(
            model_name='researchfinding',
            name='mineral_note',
            field=models.CharField(blank=True, help_text='Where the list has no mineral that fits, or to be more precise', max_length=200, verbose_name='Mineral in your words'),
        ),
        migrations.AlterField(
            model_name='taskforce',
            name='meeting_frequency',
            field=models.CharField(choices=[('weekly', 'Weekly'), ('monthly', 'Monthly'), ('bimonthly', 'Every two months'), ('quarterly', 'Quarterly'), ('as_needed', 'As needed')], max_length=20, verbose_name='Meeting frequency'),
        ),
    ]

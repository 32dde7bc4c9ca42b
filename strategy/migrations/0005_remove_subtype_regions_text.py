# After 0004: the free-text regions are gone; a subtype's regions are keys only.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('strategy', '0004_subtype_regions_data'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='subtype',
            name='regions_text',
        ),
    ]

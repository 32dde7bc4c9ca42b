from django.db import migrations


def create_state_row(apps, schema_editor):
    # One row, created here so that concurrent first searches never race to create it.
    apps.get_model("guide", "GuidanceIndexState").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("guide", "0001_initial")]

    operations = [migrations.RunPython(create_state_row, migrations.RunPython.noop)]

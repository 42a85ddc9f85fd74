from django.db import migrations


def load(apps, schema_editor):
    from parcours.catalogue.seeding import load_shipped_catalogue

    load_shipped_catalogue(apps)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

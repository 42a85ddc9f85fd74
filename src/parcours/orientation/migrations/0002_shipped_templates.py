"""The shipped interview guides and workshop plans (``default_templates``), one of each for
each ADVP stage, in French and English; a centre's own replace them by key."""

from django.db import migrations

from parcours.orientation.shipping import load_shipped_templates


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    load_shipped_templates(apps.get_model("orientation", "StageTemplate"))


def unload(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("orientation", "StageTemplate").objects.filter(centre=None).delete()


class Migration(migrations.Migration):
    dependencies = [("orientation", "0001_programme")]

    operations = [migrations.RunPython(load, unload)]

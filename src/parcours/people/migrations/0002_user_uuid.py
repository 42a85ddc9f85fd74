import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    User = apps.get_model("people", "User")
    for user in User.objects.filter(uuid__isnull=True).only("pk"):
        user.uuid = uuid.uuid4()
        user.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    """A public id for accounts, added in three steps so that existing rows get their own."""

    dependencies = [("people", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="user", name="uuid",
            field=models.UUIDField(null=True, editable=False, verbose_name="public id"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user", name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True,
                                   verbose_name="public id"),
        ),
    ]

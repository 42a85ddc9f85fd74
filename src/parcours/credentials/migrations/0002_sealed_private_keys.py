"""The centres' private signing keys sealed at rest (credentials.sealing): each existing key
is sealed, then the clear column goes."""

from django.db import migrations, models

from parcours.credentials.sealing import seal


def seal_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    IssuerKey = apps.get_model("credentials", "IssuerKey")
    for key in IssuerKey.objects.all():
        key.private_sealed = seal(key.private_jwk)
        key.save(update_fields=["private_sealed"])


class Migration(migrations.Migration):
    dependencies = [("credentials", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="issuerkey",
            name="private_sealed",
            field=models.TextField(
                default="", editable=False, verbose_name="private key (sealed)"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
        migrations.RemoveField(model_name="issuerkey", name="private_jwk"),
    ]

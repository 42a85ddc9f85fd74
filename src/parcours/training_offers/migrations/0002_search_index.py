"""The offers' full-text search on PostgreSQL only: a stored generated column
``search_vector = to_tsvector('simple', search_text)`` with a GIN index, which
``selectors.search`` asks (words matched at a word's start, without stemming: the offers are
in French and English). Stored, so that checking the index's candidates does not parse each
offer's text again (ADR 36). SQLite searches ``search_text`` with LIKE; the column is not in
the model (Django never writes it: PostgreSQL keeps it)."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE training_offers_offer ADD COLUMN IF NOT EXISTS search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS training_offers_offer_search ON training_offers_offer "
            "USING gin (search_vector)"
        )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS training_offers_offer_search")
        schema_editor.execute("ALTER TABLE training_offers_offer DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("training_offers", "0001_offers")]

    operations = [migrations.RunPython(create, drop)]

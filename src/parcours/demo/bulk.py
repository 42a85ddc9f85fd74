"""Inserting the demo's largest tables fast: on PostgreSQL a ``COPY ... FROM STDIN`` of the rows'
values as the ORM would save them; elsewhere the ORM's ``bulk_create``.

``bulk_create`` compiles an ``INSERT`` with a placeholder per value and reads every new key
back; for the hundreds of thousands of rows of a 17-centre network (progress, quiz attempts,
check-ins, audit entries) that is most of the build's time. The rows written are the same:
each field's value goes through ``pre_save`` (``auto_now`` dates, defaults) and
``get_db_prep_save`` as in ``bulk_create``; the new rows' keys are not read back, so only
tables whose rows nobody refers to later in the build use it. ADR 26.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import AutoField, BigAutoField, Model


def insert(model: type[Model], objs: Iterable[Model], *, batch_size: int = 5000) -> int:
    """Insert ``objs`` (new instances of ``model``) and return how many; keys are not set."""
    rows = list(objs)
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(rows, batch_size=batch_size)
        return len(rows)
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, AutoField | BigAutoField))
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in rows:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
    return len(rows)

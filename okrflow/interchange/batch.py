"""Plain multi-row INSERT and UPDATE for the importer.

bulk_create / bulk_update prepare every value through the ORM (and bulk_update builds one
CASE WHEN per row), which costs more than the database work at a million rows. The values
here are already validated Python values (str, int, Decimal, date, None) that both the SQLite
and the PostgreSQL drivers take as they are, so they go straight to executemany; only the
model's defaults are prepared, once per column.
"""

from django.db import connection

CHUNK = 5000


def _fields(model):
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _run(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(params), CHUNK):
            cursor.executemany(sql, params[start:start + CHUNK])


def insert_many(model, rows: list[dict]) -> None:
    """Insert rows given as {attname: value}; every row names the same columns, the model's
    defaults fill the others (timestamps, versions, positions)."""
    if rows:
        names = list(rows[0])
        insert_values(model, names, [tuple(row[name] for name in names) for row in rows])


def insert_values(model, names: list[str], rows: list[tuple]) -> None:
    """Insert rows given as tuples of the `names` attributes, the defaults filling the rest."""
    if not rows:
        return
    defaults = [(f.column, f.get_db_prep_save(f.get_default(), connection))
                for f in _fields(model) if f.attname not in names]
    columns = [model._meta.get_field(name).column for name in names] + [c for c, _v in defaults]
    constant = tuple(v for _c, v in defaults)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table), ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns)))
    _run(sql, [row + constant for row in rows] if constant else rows)


def update_many(model, changes: list[tuple[int, dict]], *, bump_version: bool = False) -> None:
    """Update rows given as (id, {attname: value}); every row names the same columns.
    bump_version raises `version` and sets `updated_at` (the lost-update guard)."""
    if not changes:
        return
    names = list(changes[0][1])
    quote = connection.ops.quote_name
    sets = [f"{quote(model._meta.get_field(n).column)} = %s" for n in names]
    extra = ()
    if bump_version:
        from django.utils import timezone

        updated_at = model._meta.get_field("updated_at")
        sets += ["version = version + 1", f"{quote(updated_at.column)} = %s"]
        extra = (updated_at.get_db_prep_save(timezone.now(), connection),)
    sql = "UPDATE {} SET {} WHERE id = %s".format(quote(model._meta.db_table), ", ".join(sets))
    _run(sql, [tuple(values[n] for n in names) + extra + (pk,) for pk, values in changes])

"""Write many plain rows at once: the importer's path for an article's child rows.

``bulk_create`` builds a model instance for every row and compiles each value
through its field; an import of 20,000 pages writes about a million section,
reference and link rows, and that bookkeeping (and the garbage collection it
brings on) cost the writing process more than the database did. Here a row is
a tuple of values the database stores as they are: integers and text.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, router

# Fields whose Python values go to the database unchanged, on every backend.
_PLAIN_TYPES = frozenset(
    {
        "CharField",
        "TextField",
        "URLField",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "ForeignKey",
    }
)


def insert_rows(model, fields: Sequence[str], rows: Sequence[tuple]) -> None:
    """INSERT ``rows`` (tuples in the order of ``fields``) into ``model``'s table; no signals are sent."""
    if not rows:
        return
    connection, table, columns = _target(model, fields)
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    one_row = f"({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # SQLite prepares the statement once and steps it per row, in C.
            cursor.executemany(head + one_row, rows)
            return
        # Elsewhere each statement is a round trip: send many rows per statement.
        per_statement = max(1, 10_000 // len(columns))
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(head + ", ".join([one_row] * len(chunk)), [value for row in chunk for value in row])


def update_rows(model, fields: Sequence[str], rows: Sequence[tuple]) -> None:
    """UPDATE ``fields`` of each row by primary key: ``rows`` are (pk, value, …) in the order of ``fields``.

    For the rows of one article (``bulk_update`` would build a CASE of every row for each field).
    """
    if not rows:
        return
    connection, table, columns = _target(model, fields)
    pk = connection.ops.quote_name(model._meta.pk.column)
    sql = f"UPDATE {table} SET {', '.join(f'{column} = %s' for column in columns)} WHERE {pk} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*values, key) for key, *values in rows])


def _target(model, fields: Sequence[str]):
    """(connection, quoted table, quoted columns) for plain ``fields`` of ``model``."""
    opts = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = []
    for name in fields:
        field = opts.get_field(name)
        if field.get_internal_type() not in _PLAIN_TYPES:
            kind = field.get_internal_type()
            raise TypeError(f"{opts.label}.{name} is a {kind}: only plain values are written here")
        columns.append(quote(field.column))
    return connection, quote(opts.db_table), columns

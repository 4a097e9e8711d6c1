"""Insert many plain rows at once: the importer's path for an article's child rows.

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
    opts = model._meta
    columns = []
    for name in fields:
        field = opts.get_field(name)
        if field.get_internal_type() not in _PLAIN_TYPES:
            kind = field.get_internal_type()
            raise TypeError(f"{opts.label}.{name} is a {kind}: only plain values are inserted here")
        columns.append(field.column)
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(column) for column in columns)}) VALUES "
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

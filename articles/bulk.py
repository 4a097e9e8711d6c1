"""Write many plain rows at once: the importer's path for an article's child rows.

``bulk_create`` builds a model instance for every row and compiles each value
through its field; an import of 20,000 pages writes about a million section,
reference and link rows, and that bookkeeping (and the garbage collection it
brings on) cost the writing process more than the database did. Here a row is
a tuple of values the database stores as they are: integers, text and None (NULL).

PostgreSQL gets ``COPY … FROM STDIN`` (it measured fastest: ``bench/writes.py``), SQLite one prepared
statement stepped per row (multi-row INSERTs cost it a little less CPU and grew the process: see
``prepared_statement``), any other backend multi-row INSERTs.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable, Sequence

from django.db import DataError, NotSupportedError, connections, router
from django.db.models.constants import OnConflict

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

# Parameters in one multi-row INSERT: below SQLite's limit (32,766) and PostgreSQL's (65,535), and
# enough that a round trip carries thousands of values.
_PARAMETERS_PER_STATEMENT = 10_000


def insert_rows(model, fields: Sequence[str], rows: Sequence[tuple], *, ignore_conflicts: bool = False) -> None:
    """INSERT ``rows`` (tuples in the order of ``fields``) into ``model``'s table; no signals are sent.

    Values are stored exactly as given; a value the database cannot hold (text with NUL on
    PostgreSQL) raises a ``DatabaseError`` and writes none of the rows. ``ignore_conflicts``
    leaves out, silently, each row a unique constraint refuses (as ``bulk_create`` does).
    """
    if not rows:
        return
    connection, table, columns = _target(model, fields)
    write = writer_for(connection)
    if ignore_conflicts:
        # COPY cannot skip a row: such rows go in statements that say so.
        write = insert_statements if write is copy_rows else write
        write(connection, table, columns, rows, on_conflict=OnConflict.IGNORE)
    else:
        write(connection, table, columns, rows)


def insert_statements(connection, table: str, columns: Sequence[str], rows: Sequence[tuple], on_conflict=None) -> None:
    """Multi-row INSERTs: each statement is a round trip, so each carries many rows.

    On SQLite too, where there is no round trip: binding a statement's thousands of values at
    once costs less than stepping one prepared statement per row (``executemany``).
    """
    head, tail = _insert_clauses(connection, table, columns, on_conflict)
    one_row = f"({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        per_statement = max(1, _parameter_limit(connection) // len(columns))
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            sql = head + ", ".join([one_row] * len(chunk)) + tail
            cursor.execute(sql, [value for row in chunk for value in row])


def _parameter_limit(connection) -> int:
    """Parameters one statement may carry here: SQLite before 3.32 took 999, and says what it takes."""
    if connection.vendor == "sqlite":
        return min(_PARAMETERS_PER_STATEMENT, connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return _PARAMETERS_PER_STATEMENT


def _insert_clauses(connection, table: str, columns: Sequence[str], on_conflict) -> tuple[str, str]:
    """(the statement up to its VALUES, what follows them): the backend's own words for ``on_conflict``."""
    head = f"{connection.ops.insert_statement(on_conflict=on_conflict)} {table} ({', '.join(columns)}) VALUES "
    tail = connection.ops.on_conflict_suffix_sql(columns, on_conflict, None, None)
    return head, f" {tail}" if tail else ""


def copy_rows(connection, table: str, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """PostgreSQL's ``COPY … FROM STDIN`` (text format): every row in one statement, parsed by the server in bulk.

    The whole batch is encoded before anything is sent, so a value the format cannot carry
    (NUL, which no PostgreSQL text holds, or a lone surrogate, which no UTF-8 does) is
    refused as the database would refuse it in an INSERT, and no row is written.
    """
    data = "".join(["\t".join(map(_copy_text, row)) + "\n" for row in rows])
    if "\x00" in data:
        raise DataError(f"{table}: a value holds a NUL character, which PostgreSQL text cannot store")
    try:
        encoded = data.encode("utf-8")
    except UnicodeEncodeError as error:
        raise DataError(f"{table}: a value is not valid Unicode ({error.reason})") from None
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    connection.validate_no_broken_transaction()
    with connection.cursor() as cursor, connection.wrap_database_errors:
        # Django logs copy_expert as a query when it records queries, but maps no error of it to its own.
        cursor.copy_expert(sql, io.BytesIO(encoded), len(encoded))  # one read: the whole batch is in memory


def prepared_statement(connection, table: str, columns: Sequence[str], rows: Sequence[tuple], on_conflict=None) -> None:
    """SQLite: one prepared statement stepped once per row, in C (``executemany``).

    Multi-row statements cost a little less CPU, but each number of rows is another statement text,
    and the sqlite3 module keeps up to 128 prepared statements, thousands of bound values each: an
    import's process grew by a hundred MB and more (measured: 115 → 224 MB over 4,410 pages).
    """
    head, tail = _insert_clauses(connection, table, columns, on_conflict)
    with connection.cursor() as cursor:
        cursor.executemany(f"{head}({', '.join(['%s'] * len(columns))}){tail}", rows)


ROW_WRITERS: dict[str, Callable[..., None]] = {"postgresql": copy_rows, "sqlite": prepared_statement}
"""How ``insert_rows`` writes, by ``connection.vendor``; any other backend gets ``insert_statements``."""


def writer_for(connection) -> Callable[..., None]:
    """The way ``insert_rows`` writes on ``connection``: COPY needs psycopg2's ``copy_expert`` (requirements.txt)."""
    if connection.vendor == "postgresql" and connection.Database.__name__ != "psycopg2":
        return insert_statements  # psycopg 3 spells COPY otherwise
    return ROW_WRITERS.get(connection.vendor, insert_statements)


def _copy_text(value) -> str:
    """One value as COPY's text format spells it: ``\\N`` for NULL, and the four characters it gives meaning escaped.

    The replacements run only on values holding the character: most hold none of them.
    """
    if not isinstance(value, str):
        if value is None:
            return "\\N"
        if isinstance(value, int) and not isinstance(value, bool):
            return str(int(value))  # int(): an IntEnum's str() is its name
        raise TypeError(f"only text, integers and None are written here, not {type(value).__name__}")
    if "\\" in value:
        value = value.replace("\\", "\\\\")  # first: the escapes below add backslashes of their own
    if "\t" in value:
        value = value.replace("\t", "\\t")
    if "\n" in value:
        value = value.replace("\n", "\\n")
    if "\r" in value:
        value = value.replace("\r", "\\r")
    return value


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


def reserve_ids(model, count: int) -> list[int]:
    """``count`` new primary keys of ``model``, ascending, for rows written in this transaction: rows others name first.

    The writer writes each new article naming its revision, written just after it (the
    foreign key is checked at commit), instead of writing the article and then updating it:
    on PostgreSQL an UPDATE writes a new version of the article's whole row, with new entries
    in every index, the GIN index of its search vector among them (bench/writes.py).
    PostgreSQL takes the keys from the column's sequence, which never gives one twice, even
    when the transaction rolls back. SQLite's AUTOINCREMENT never reuses a key either: they
    start past the highest it gave, and the write transaction (IMMEDIATE, settings.py) holds
    the lock from that read to its commit; a deferred one would fail as a whole, never
    write a key twice, were another writer to go between.
    """
    if count <= 0:
        return []
    opts = model._meta
    connection = connections[router.db_for_write(model)]
    table, pk = connection.ops.quote_name(opts.db_table), opts.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count]
            )
            return sorted(key for (key,) in cursor.fetchall())
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT MAX(n) FROM (SELECT seq AS n FROM sqlite_sequence WHERE name = %s"
                f" UNION ALL SELECT MAX({connection.ops.quote_name(pk)}) FROM {table})",
                [opts.db_table],
            )
            (highest,) = cursor.fetchone()
            first = (highest or 0) + 1
            return list(range(first, first + count))
    raise NotSupportedError(f"reserving ids on {connection.vendor}: siberia runs on SQLite and PostgreSQL")


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

"""Benchmark the import's writes alone: ``write_pages`` over pages prepared once, each way of writing side by side.

Run from the repository root:

    .venv/bin/python bench/writes.py                        # both databases, under a minute
    .venv/bin/python bench/writes.py --copies 10 --rounds 5
    .venv/bin/python bench/writes.py --skip-postgres
    .venv/bin/python bench/writes.py --profile postgresql   # cProfile of write_pages as it writes

The corpus (tests/corpus/Page) is copied N times with every title suffixed "_(k)", read with
``read_page`` and prepared with ``prepare_page`` once, in this process. One child process per
database then writes them with ``write_pages`` in batches of 100, once for each way of writing the
child rows (``articles.bulk.ROW_WRITERS``) in every round, the order alternating from round to
round, each time into a fresh database made from a migrated template (a copied SQLite file, a
PostgreSQL ``CREATE DATABASE … TEMPLATE``). Production settings (``DJANGO_DEBUG=0``): Django's
query log would otherwise cost more than some of the writes. Each way must store the same rows
(a digest of every stored value is compared), or the run fails.

The ways: "executemany" (SQLite's until this benchmark, kept here only to compare), "multi-row
INSERT" (``bulk.insert_statements``, 10,000 parameters a statement) and "COPY"
(``bulk.copy_rows``, PostgreSQL only). Reported per page, as medians over the rounds: wall time,
this process's CPU, and on PostgreSQL the CPU of the server process serving the connection
(read from /proc: the server runs on this machine), whose sum is steadier than wall time on a
shared machine.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import json
import math
import os
import pickle
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus" / "Page"
POSTGRES_URL = "postgres://siberia:siberia@127.0.0.1:5432/siberia"
TEMPLATE_DATABASE = "siberia_bench_writes_template"
RUN_DATABASE = "siberia_bench_writes"
BATCH_SIZE = 100
DATABASES = ("sqlite", "postgresql")
SHIPPED = "as insert_rows writes"

# The ways compared, by database: the first is the baseline the others' ratios divide by.
STRATEGIES = {
    "sqlite": ("executemany", "multi-row INSERT"),
    "postgresql": ("multi-row INSERT", "COPY"),
}


def writers():
    """{name: a function ``insert_rows`` may call}, importable only once Django is set up."""
    from articles import bulk

    return {"executemany": execute_many, "multi-row INSERT": bulk.insert_statements, "COPY": bulk.copy_rows}


def execute_many(connection, table: str, columns, rows, on_conflict=None) -> None:
    """What ``insert_rows`` did on SQLite before this benchmark: one prepared statement stepped per row."""
    insert = connection.ops.insert_statement(on_conflict=on_conflict)  # INSERT OR IGNORE for the categories
    sql = f"{insert} {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def settings_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-only-secret-key-never-serving-pages-0123",
    }


def prepare(copies: int, folder: Path) -> list:
    """The corpus, ``copies`` times with distinct titles, read and prepared as the import's workers do."""
    sys.path.insert(0, str(REPO))
    from articles.importer.files import read_page
    from wikitext.derivation import prepare_page

    folder.mkdir()
    pages = []
    for k in range(1, copies + 1):
        for source in sorted(CORPUS.glob("*.md")):
            if source.name == "SOURCE.md":
                continue
            path = folder / f"{source.stem}_({k}){source.suffix}"
            shutil.copyfile(source, path)
            parsed, text = read_page(path)
            pages.append(replace(prepare_page(parsed, text), path=str(path)))
    return pages


def migrate(database_url: str) -> None:
    command = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
    done = subprocess.run(command, cwd=REPO, env=settings_env(database_url), capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"migrate {database_url} failed:\n{done.stdout}{done.stderr}")


def maintenance_connection():
    import psycopg2

    connection = psycopg2.connect(POSTGRES_URL, connect_timeout=3)
    connection.autocommit = True  # CREATE/DROP DATABASE cannot run inside a transaction
    return connection


def recreate(connection, name: str, template: str | None = None) -> None:
    from psycopg2 import errors, sql

    with connection.cursor() as cursor:
        # First without FORCE, which may not end an autovacuum worker (a superuser's process) busy on
        # the database just written, where a plain DROP asks it to stop and waits; FORCE for a session
        # a crashed run left behind.
        try:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        except errors.ObjectInUse:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if template is not None:
            cursor.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
            )


def database_url(database: str, work: Path) -> str:
    if database == "sqlite":
        return f"sqlite:///{work / 'run.sqlite3'}"
    return urlsplit(POSTGRES_URL)._replace(path=f"/{RUN_DATABASE}").geturl()


# --- the child: one database, every round -------------------------------------------------------


def child(database: str, work: Path, rounds: int, profile: bool) -> None:
    """Write the pages once per strategy and round, each into a fresh database; a JSON line per write."""
    import django

    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siberia.settings")
    django.setup()
    from django.db import connection

    from articles import bulk

    pages = pickle.loads((work / "pages.pickle").read_bytes())
    batches = [pages[start : start + BATCH_SIZE] for start in range(0, len(pages), BATCH_SIZE)]
    maintenance = maintenance_connection() if database == "postgresql" else None
    names = STRATEGIES[database]
    available, shipped = writers(), bulk.writer_for(connection)
    try:
        for round_number in range(1 if profile else rounds):
            order = names if round_number % 2 == 0 else tuple(reversed(names))
            for name in [SHIPPED] if profile else order:
                fresh_database(connection, database, work, maintenance)
                bulk.ROW_WRITERS[connection.vendor] = shipped if profile else available[name]
                backend = backend_pid(connection)
                server_start = server_cpu(backend)
                seconds, cpu = write_all(batches, profile)
                server_end = server_cpu(backend)
                server = None if server_start is None or server_end is None else server_end - server_start
                result = {"database": database, "strategy": name, "round": round_number, "pages": len(pages)}
                result |= {"seconds": seconds, "cpu": cpu, "server_cpu": server, "stored": stored()}
                print(json.dumps(result), flush=True)
    finally:
        connection.close()
        if maintenance is not None:
            recreate(maintenance, RUN_DATABASE)
            maintenance.close()


def fresh_database(connection, database: str, work: Path, maintenance) -> None:
    """Point Django's connection at a new copy of the migrated template."""
    connection.close()
    if database == "sqlite":
        target = Path(connection.settings_dict["NAME"])
        for leftover in (target, target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(work / "template.sqlite3", target)
    else:
        recreate(maintenance, RUN_DATABASE, template=TEMPLATE_DATABASE)
    connection.ensure_connection()


def backend_pid(connection) -> int | None:
    """The PostgreSQL server process serving this connection (None on SQLite, which runs in this one)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def server_cpu(pid: int | None) -> float | None:
    """CPU seconds the server process has used so far (user and system, from /proc): it runs on this machine.

    Wall time on a shared 2-core machine counts waiting for other processes too; CPU does not.
    """
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None  # a server elsewhere, or no /proc
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def write_all(batches: list[list], profile: bool) -> tuple[float, float]:
    """(wall seconds, this process's CPU seconds) for writing every batch, as the import's main process does."""
    from articles.importer.writer import CREATED, write_pages

    gc.collect()
    profiler = cProfile.Profile() if profile else None
    start, cpu_start = time.perf_counter(), time.process_time()
    if profiler is not None:
        profiler.enable()
    results = [result for batch in batches for result in write_pages(batch)]
    if profiler is not None:
        profiler.disable()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    failed = [result for result in results if result.status != CREATED]
    if failed:
        raise SystemExit(f"{len(failed)} pages not created, the first: {failed[0]}")
    if profiler is not None:
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)
    return seconds, cpu


def stored() -> dict[str, int | str]:
    """What the write left in the database: rows per table, and a digest of every stored value but the ids.

    Rows are named by their article's title (and category by name), not by id, so that two
    ways of writing that store the same pages compare equal, whatever ids they were given.
    """
    from articles.models import Article, Link, RelatedEntry, Revision, Section
    from references.models import Reference

    article_fields = ["title", "title_key", "source_sha256", "version", "derived_with", "current_revision__number"]
    article_fields += [*Article.DERIVED_TEXT_FIELDS, "current_revision__sha256"]
    revision_fields = ["article__title", "number", "parent__number", "text", "sha256", "size", "size_change"]
    revision_fields += ["author", "summary", "kind", "source_path", "minor", "user_id"]
    tables = {
        "Article": Article.objects.values_list(*article_fields).order_by("title"),
        "Revision": Revision.objects.values_list(*revision_fields).order_by("article__title", "number"),
        "Section": Section.objects.values_list("article__title", *Section.ROW_FIELDS[1:]).order_by(
            "article__title", "order"
        ),
        "Reference": Reference.objects.values_list("article__title", *Reference.ROW_FIELDS[1:]).order_by(
            "article__title", "number"
        ),
        "RelatedEntry": RelatedEntry.objects.values_list("article__title", *RelatedEntry.ROW_FIELDS[1:]).order_by(
            "article__title", "order"
        ),
        "Link": Link.objects.values_list("source__title", *Link.ROW_FIELDS[1:]).order_by("source__title", "target"),
        "memberships": Article.categories.through.objects.values_list("article__title", "category__name").order_by(
            "article__title", "category__name"
        ),
    }
    figures: dict[str, int | str] = {}
    for name, rows in tables.items():
        digest, count = hashlib.sha256(), 0
        for row in rows.iterator(chunk_size=2000):
            digest.update(repr(row).encode())
            count += 1
        figures[name] = count
        figures[f"{name} sha256"] = digest.hexdigest()[:12]
    figures["touched"] = Article.objects.filter(version__gt=1).count()
    return figures


# --- the parent ---------------------------------------------------------------------------------


def per_page(runs: list[dict], seconds) -> float:
    """The median over ``runs`` of ``seconds(run)``, in milliseconds a page."""
    return statistics.median(seconds(result) / result["pages"] * 1000 for result in runs)


def run_child(database: str, work: Path, rounds: int, profile: bool) -> list[dict]:
    command = [sys.executable, __file__, "--child", database, "--work", str(work), "--rounds", str(rounds)]
    if profile:
        command.append("--profiled")
    done = subprocess.run(
        command, cwd=REPO, env=settings_env(database_url(database, work)), stdout=subprocess.PIPE, text=True
    )
    if done.returncode:
        raise SystemExit(f"{database}: the child exited with {done.returncode}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def report(results: list[dict]) -> bool:
    """Print medians per page and ratios to each database's baseline; False when two ways stored different rows."""
    consistent = True
    print()
    print(
        f"{'database':<11} {'strategy':<17} {'runs':>4} {'wall ms/page':>12} {'ratio':>6} "
        f"{'CPU ms/page: this process':>25} {'server':>6} {'both':>6} {'ratio':>6}"
    )
    for database in DATABASES:
        mine = [result for result in results if result["database"] == database]
        if not mine:
            continue
        if len({json.dumps(result["stored"], sort_keys=True) for result in mine}) != 1:
            print(f"{database}: the strategies stored different rows:", file=sys.stderr)
            for result in mine:
                print(f"  {result['strategy']} round {result['round']}: {result['stored']}", file=sys.stderr)
            consistent = False
        walls, totals = {}, {}
        for name in STRATEGIES[database]:
            runs = [result for result in mine if result["strategy"] == name]
            walls[name] = per_page(runs, lambda result: result["seconds"])
            cpu = per_page(runs, lambda result: result["cpu"])
            known = [result for result in runs if result["server_cpu"] is not None]
            server = per_page(known, lambda result: result["server_cpu"]) if known else math.nan
            totals[name] = per_page(known, lambda result: result["cpu"] + result["server_cpu"]) if known else math.nan
            baseline = STRATEGIES[database][0]
            print(
                f"{database:<11} {name:<17} {len(runs):>4} {walls[name]:>12.3f} {walls[name] / walls[baseline]:>5.2f}× "
                f"{cpu:>25.3f} {server:>6.3f} {totals[name]:>6.3f} {totals[name] / totals[baseline]:>5.2f}×"
            )
    pages = results[0]["pages"]
    print(
        f"\n{pages} pages in batches of {BATCH_SIZE}; medians over the runs; ratios: ÷ the first strategy's; "
        "server: the PostgreSQL process serving the connection (SQLite runs in this one)."
    )
    print(f"stored (every run alike: {consistent}): {json.dumps(results[-1]['stored'], ensure_ascii=False)}")
    return consistent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=6, help="copies of the corpus (default 6, 390 pages)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds, each writing once per strategy (default 5)")
    parser.add_argument("--skip-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--profile", choices=DATABASES, help="instead: one write, the way insert_rows writes, profiled")
    parser.add_argument("--child", choices=DATABASES, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profiled", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.work, args.rounds, args.profiled)
        return 0
    if args.copies < 1 or args.rounds < 1:
        parser.error("--copies and --rounds must be at least 1")

    os.environ.update(settings_env(f"sqlite:///{tempfile.gettempdir()}/unused.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siberia.settings")
    work = Path(tempfile.mkdtemp(prefix="siberia-writes-"))
    maintenance = None
    try:
        start = time.perf_counter()
        pages = prepare(args.copies, work / "pages")
        (work / "pages.pickle").write_bytes(pickle.dumps(pages, protocol=pickle.HIGHEST_PROTOCOL))
        print(f"prepared {len(pages)} pages in {time.perf_counter() - start:.1f} s", flush=True)
        databases = ["sqlite"] if args.skip_postgres else list(DATABASES)
        if args.profile:
            databases = [args.profile]
        if "postgresql" in databases:
            maintenance = maintenance_connection()
            recreate(maintenance, TEMPLATE_DATABASE, template="template0")
            migrate(urlsplit(POSTGRES_URL)._replace(path=f"/{TEMPLATE_DATABASE}").geturl())
        if "sqlite" in databases:
            migrate(f"sqlite:///{work / 'template.sqlite3'}")
        results = []
        for database in databases:
            print(f"{database}: writing …", flush=True)
            results += run_child(database, work, args.rounds, args.profile is not None)
        if args.profile:
            return 0
        return 0 if report(results) else 1
    finally:
        if maintenance is not None:
            recreate(maintenance, TEMPLATE_DATABASE)
            maintenance.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

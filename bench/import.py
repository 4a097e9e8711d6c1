"""Benchmark ``manage.py import_articles`` on SQLite and PostgreSQL, side by side with pandoc.

Run from the repository root:

    .venv/bin/python bench/import.py                  # about 20,000 pages
    .venv/bin/python bench/import.py --copies 3       # a quick run
    .venv/bin/python bench/import.py --skip-postgres --keep

The corpus (tests/corpus/Page) is copied N times into a temporary folder, copy k with every
title suffixed "_(k)", then imported into a fresh SQLite database and a fresh throwaway
PostgreSQL database. pandoc converts a sample of the same files to HTML, one process per file.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus" / "Page"
TARGET_PAGES = 20_000
PANDOC_SAMPLE_MIN = 300
POSTGRES_URL = "postgres://siberia:siberia@127.0.0.1:5432/siberia"
BENCH_DATABASE = "siberia_bench"
SQLITE_TARGET = 200  # pages/s
POSTGRES_TARGET = 100  # pages/s
RSS_LIMIT_MB = 300
SEARCH_P50_TARGET_MS = 50  # on PostgreSQL
SEARCH_QUERIES = ["战俘", "劳动改造", "西伯利亚", "日本人", "数据库", "火山", "歌仔戏", "Python", "铁路运输", "金矿"]
SEARCH_ROUNDS = 10

# Run in a child with the benchmark's database: times search.backends.search() as the page calls it.
SEARCH_SCRIPT = """
import json, os, statistics, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siberia.settings")
django.setup()
from search.backends import search
queries, rounds = json.loads(sys.argv[1]), int(sys.argv[2])
for query in queries:
    search(query)  # warm the connection and the caches once
times = []
for _ in range(rounds):
    for query in queries:
        start = time.perf_counter()
        page = search(query)
        list(page.results)
        times.append((time.perf_counter() - start) * 1000)
times.sort()
print(json.dumps({"p50": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))], "n": len(times)}))
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_kb: int
    returncode: int


@dataclass(frozen=True)
class Row:
    engine: str
    pages: int
    seconds: float
    peak_rss_mb: float

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else math.inf


def run_measured(
    command: list[str], *, env=None, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd: Path = REPO
) -> Run:
    """Run a command to its end: its wall time and its own peak RSS.

    os.wait4 gives the rusage of this one child, whereas RUSAGE_CHILDREN is the
    maximum over every child this script has reaped so far.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    return Run(seconds, usage.ru_maxrss, process.returncode)  # ru_maxrss is in KiB on Linux


def corpus_files() -> list[Path]:
    return sorted(path for path in CORPUS.glob("*.md") if path.name != "SOURCE.md")


def build_pages(folder: Path, copies: int) -> int:
    """Copy the corpus `copies` times into `folder`, each title suffixed with its copy number."""
    folder.mkdir()
    sources = corpus_files()
    for k in range(1, copies + 1):
        for source in sources:
            shutil.copyfile(source, folder / f"{source.stem}_({k}){source.suffix}")
    return copies * len(sources)


def import_pages(label: str, database_url: str, pages: Path, count: int, work: Path) -> tuple[list[Row], str, bool]:
    """Migrate a fresh database, time the import alone, then the same import again.

    Returns (the import's row and the re-import's, summary line, whether both succeeded).
    """
    # Production settings: with DEBUG on, Django's query log alone would slow every page.
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-only-secret-key-never-serving-pages-0123",
    }
    manage = [sys.executable, "manage.py"]
    print(f"{label}: migrate …", flush=True)
    migrate = subprocess.run(
        [*manage, "migrate", "--noinput", "-v", "0"], cwd=REPO, env=env, capture_output=True, text=True
    )
    if migrate.returncode:
        raise SystemExit(f"{label}: migrate failed:\n{migrate.stdout}{migrate.stderr}")

    print(f"{label}: import_articles, {count} pages …", flush=True)
    out_path, err_path = work / f"{label}.stdout", work / f"{label}.stderr"
    with out_path.open("w") as out, err_path.open("w") as err:
        run = run_measured([*manage, "import_articles", str(pages)], env=env, stdout=out, stderr=err)
    lines = out_path.read_text().splitlines()
    summary = next((line for line in reversed(lines) if " created, " in line), "(no summary line)")
    if run.returncode:
        tail = "\n  ".join(err_path.read_text().splitlines()[-5:])
        print(f"{label}: import_articles exited with {run.returncode}; its stderr ends:\n  {tail}", file=sys.stderr)
    row = Row(f"siberia import ({label})", count, run.seconds, run.peak_rss_kb / 1024)
    if run.returncode:
        return [row], summary, False
    measure_search(label, env)

    # The same files again, as an operator re-imports a folder: every page unchanged.
    print(f"{label}: import_articles again, every file unchanged …", flush=True)
    again_path = work / f"{label}-again.stdout"
    with again_path.open("w") as out:
        again = run_measured([*manage, "import_articles", str(pages)], env=env, stdout=out)
    unchanged = f"0 created, 0 updated, {count} unchanged, 0 kept as edited, 0 failed" in again_path.read_text()
    if again.returncode or not unchanged:
        print(f"{label}: the second import did not find every page unchanged", file=sys.stderr)
    reimport = Row(f"siberia re-import, unchanged ({label})", count, again.seconds, again.peak_rss_kb / 1024)
    return [row, reimport], summary, again.returncode == 0 and unchanged


def measure_search(label: str, env: dict) -> dict | None:
    """Search latency over the imported pages: p50 and p95 of the search function, in ms."""
    import json

    result = subprocess.run(
        [sys.executable, "-c", SEARCH_SCRIPT, json.dumps(SEARCH_QUERIES), str(SEARCH_ROUNDS)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        print(f"{label}: search timing failed:\n{result.stderr[-2000:]}", file=sys.stderr)
        return None
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    verdict = ""
    if label == "PostgreSQL":
        verdict = "  PASS" if figures["p50"] < SEARCH_P50_TARGET_MS else "  MISS"
        verdict += f" (target p50 < {SEARCH_P50_TARGET_MS} ms)"
    print(
        f"{label}: search over the imported pages, {figures['n']} queries: "
        f"p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms{verdict}",
        flush=True,
    )
    return figures


def connect_postgres():
    """An autocommit connection to the maintenance database, or (None, why not)."""
    try:
        import psycopg2
    except ImportError:
        return None, "psycopg2 is not installed"
    try:
        connection = psycopg2.connect(POSTGRES_URL, connect_timeout=3)
    except psycopg2.OperationalError as error:
        return None, str(error).strip().splitlines()[0]
    connection.autocommit = True  # CREATE/DROP DATABASE cannot run inside a transaction
    return connection, ""


def drop_bench_database(connection, *, create: bool = False) -> None:
    from psycopg2 import sql

    name = sql.Identifier(BENCH_DATABASE)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if create:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))


def find_pandoc() -> str | None:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return shutil.which("pandoc")


def pandoc_pages(pandoc: str, files: list[Path], workers: int) -> tuple[Row, int]:
    """Convert each file to HTML in its own pandoc process: (row, failures). Peak RSS is the largest process."""

    def convert(path: Path) -> Run:
        return run_measured([pandoc, "-f", "markdown", "-t", "html", str(path), "-o", os.devnull])

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        runs = list(pool.map(convert, files))
    seconds = time.perf_counter() - start
    failures = sum(run.returncode != 0 for run in runs)
    label = f"pandoc → HTML, {workers} worker{'s' if workers > 1 else ''}"
    return Row(label, len(files), seconds, max(run.peak_rss_kb for run in runs) / 1024), failures


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_report(rows: list[Row], sqlite: Row, postgres: Row | None, pandoc: Row | None, sample_note: str) -> None:
    width = max(len(row.engine) for row in rows)
    print()
    print(f"{'engine':<{width}}  {'pages':>7}  {'seconds':>8}  {'pages/s':>8}  {'peak RSS MB':>11}")
    for row in rows:
        print(f"{row.engine:<{width}}  {row.pages:>7}  {row.seconds:>8.2f}  {row.rate:>8.1f}  {row.peak_rss_mb:>11.1f}")
    if sample_note:
        print(sample_note)

    print()
    if pandoc is None:
        print("ratios: no pandoc run")
    else:
        print(f"siberia SQLite ÷ pandoc ({pandoc.engine}): {sqlite.rate / pandoc.rate:.2f}×")
        if postgres is not None:
            print(f"siberia PostgreSQL ÷ pandoc ({pandoc.engine}): {postgres.rate / pandoc.rate:.2f}×")

    print()
    print(f"target SQLite ≥ {SQLITE_TARGET} pages/s: {sqlite.rate:.1f}  {verdict(sqlite.rate >= SQLITE_TARGET)}")
    if postgres is None:
        print(f"target PostgreSQL ≥ {POSTGRES_TARGET} pages/s: skipped")
    else:
        print(
            f"target PostgreSQL ≥ {POSTGRES_TARGET} pages/s: {postgres.rate:.1f}  "
            f"{verdict(postgres.rate >= POSTGRES_TARGET)}"
        )
    for label, row in (("SQLite", sqlite), ("PostgreSQL", postgres)):
        if row is not None:
            ok = row.peak_rss_mb < RSS_LIMIT_MB
            print(f"target peak RSS < {RSS_LIMIT_MB} MB ({label}): {row.peak_rss_mb:.1f} MB  {verdict(ok)}")


def main() -> int:
    per_copy = len(corpus_files())
    default_copies = math.ceil(TARGET_PAGES / per_copy)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--copies",
        type=int,
        default=default_copies,
        help=f"copies of the {per_copy}-page corpus (default {default_copies}, about {TARGET_PAGES} pages)",
    )
    parser.add_argument("--skip-postgres", action="store_true", help="import into SQLite only")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if args.copies < 1:
        parser.error("--copies must be at least 1")

    work = Path(tempfile.mkdtemp(prefix="siberia-bench-"))
    postgres_connection = None
    ok = True
    try:
        pages = work / "pages"
        count = build_pages(pages, args.copies)
        print(f"built {count} pages ({args.copies} copies × {per_copy}) in {pages}")

        rows, summaries = [], []
        sqlite_rows, summary, imported = import_pages(
            "SQLite", f"sqlite:///{work / 'bench.sqlite3'}", pages, count, work
        )
        sqlite = sqlite_rows[0]
        rows += sqlite_rows
        summaries.append(f"import_articles (SQLite): {summary}")
        ok &= imported

        postgres = None
        if args.skip_postgres:
            print("PostgreSQL: skipped (--skip-postgres)")
        else:
            postgres_connection, why = connect_postgres()
            if postgres_connection is None:
                print(f"PostgreSQL: skipped, none answers at {POSTGRES_URL} ({why})")
            else:
                drop_bench_database(postgres_connection, create=True)
                url = urlsplit(POSTGRES_URL)._replace(path=f"/{BENCH_DATABASE}").geturl()
                postgres_rows, summary, imported = import_pages("PostgreSQL", url, pages, count, work)
                postgres = postgres_rows[0]
                rows += postgres_rows
                summaries.append(f"import_articles (PostgreSQL): {summary}")
                ok &= imported

        pandoc, sample_note = None, ""
        pandoc_path = find_pandoc()
        if pandoc_path is None:
            print("pandoc: skipped, not found (neither pypandoc-binary nor pandoc on PATH)")
        else:
            repeats = math.ceil(PANDOC_SAMPLE_MIN / per_copy)
            sample = corpus_files() * repeats  # the same bytes as the imported pages
            print(f"pandoc: {len(sample)} files, one process per file ({pandoc_path}) …", flush=True)
            for workers in (1, 2):
                row, failures = pandoc_pages(pandoc_path, sample, workers)
                rows.append(row)
                pandoc = pandoc or row  # ratios compare with the single worker, like the single import process
                if failures:
                    print(f"pandoc: {failures} of {len(sample)} conversions failed", file=sys.stderr)
                    ok = False
            sample_note = (
                f"pandoc rows: a sample of {len(sample)} files ({per_copy} corpus pages × {repeats}), "
                "one pandoc process per file; peak RSS is the largest single process."
            )

        print_report(rows, sqlite, postgres, pandoc, sample_note)
        print()
        for line in summaries:
            print(line)
        if count < 1000:
            print(f"note: only {count} pages, so Django's start-up weighs on the import's pages/s.")
    finally:
        if postgres_connection is not None:
            drop_bench_database(postgres_connection)
            postgres_connection.close()
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark ``manage.py import_articles`` on SQLite and PostgreSQL, side by side with pandoc (issue 12's figures).

Run from the repository root:

    .venv/bin/python bench/import.py                          # 20,000 pages, both databases
    .venv/bin/python bench/import.py --scale                  # and 10,000 against 100,000 pages
    .venv/bin/python bench/import.py --baseline de9e02b       # and an old commit against this tree
    .venv/bin/python bench/import.py --pages 1000 --phase-sample 200 --skip-pandoc   # a quick look

The pages are the corpus's real pages (every folder under tests/corpus) under their own titles, then
copies of them, copy k with every title suffixed "_(k)", up to --pages (bench/import_pages.py). Each
database is a fresh one (SQLite in a temporary folder, a throwaway PostgreSQL database) under production
settings: the import alone is timed with its own peak RSS, then search over what it imported, then the
same import again (every page unchanged). Then:

- CPU per page by phase (read, parse, render, sanitise, derive, write), in one process over the first
  --phase-sample pages, on each database (bench/import_phases.py);
- with --scale, imports of 10,000 and of 100,000 pages on each database: peak RSS and pages/s, 100k ÷ 10k;
- with --baseline REV, REV's tree and this one import the same pages in turn, --rounds times, on fresh
  databases each round: medians and new ÷ old (bench/import_baseline.py);
- pandoc converts a sample of the same files to HTML, one process per file, as the peer;
- the time 1.4 million pages would take at the measured rates, and issue 12's targets as PASS or MISS.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from import_pages import (
    BENCH_DATABASE,
    MAX_PAGES,
    POSTGRES_URL,
    REPO,
    TARGET_PAGES,
    Row,
    Run,
    bench_environment,
    build_page_set,
    build_pages,
    connect_postgres,
    corpus_files,
    drop_bench_database,
    drop_database,
    find_pandoc,
    import_once,
    import_pages,
    load_compare,
    migrate,
    pandoc_pages,
    postgres_url,
    run_measured,
)
from import_phases import measure_phases, print_phases

# What bench/compare.py and bench/serve.py use of this module, from where it lives now.
__all__ = [
    "BENCH_DATABASE",
    "POSTGRES_URL",
    "REPO",
    "TARGET_PAGES",
    "Row",
    "Run",
    "build_pages",
    "connect_postgres",
    "corpus_files",
    "drop_bench_database",
    "run_measured",
]

PANDOC_SAMPLE_MIN = 300
PHASE_SAMPLE = 2_000
SCALE_PAGES = (10_000, 100_000)
WHOLE_WIKIPEDIA = 1_400_000  # zh.wikipedia's pages, about
# Issue 12's targets, on this 2-core machine.
SQLITE_TARGET = 600  # pages/s at TARGET_PAGES
POSTGRES_TARGET = 400  # pages/s at TARGET_PAGES
BASELINE_TARGET = 2.5  # × the old commit's pages/s, in the same run
SCALE_RSS_LIMIT = 1.3  # peak RSS at 100k ÷ at 10k, at most
SCALE_RATE_FLOOR = 0.9  # pages/s at 100k ÷ at 10k, at least
RSS_LIMIT_MB = 300


class Engine:
    """A database kind the bench imports into: a fresh, empty database for each purpose, dropped at the end."""

    def __init__(self, label: str, fresh: Callable[[str], str], discard: Callable[[], None]):
        self.label = label
        self.fresh = fresh  # purpose → the URL of an empty database
        self.discard = discard


def sqlite_engine(work: Path) -> Engine:
    made: list[Path] = []

    def fresh(purpose: str) -> str:
        made.append(work / f"{purpose}.sqlite3")
        return f"sqlite:///{made[-1]}"

    def discard() -> None:  # 100,000 pages make gigabytes: none is kept past its measurement
        for path in made:
            for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                stale.unlink(missing_ok=True)
        made.clear()

    return Engine("SQLite", fresh, discard)


def postgres_engine(connection) -> Engine:
    made: list[str] = []

    def fresh(purpose: str) -> str:
        name = f"{BENCH_DATABASE}_{os.getpid()}_{purpose}"  # another bench may be running beside this one
        drop_database(connection, name, create=True)
        made.append(name)
        return postgres_url(name)

    def discard() -> None:
        for name in made:
            drop_database(connection, name)
        made.clear()

    return Engine("PostgreSQL", fresh, discard)


def scale_runs(engines: list[Engine], work: Path) -> dict[str, dict[int, Row]]:
    """Import 10,000 and then 100,000 pages into fresh databases of each engine: {engine: {pages: row}}."""
    rows: dict[str, dict[int, Row]] = {engine.label: {} for engine in engines}
    for count in SCALE_PAGES:
        folder = work / f"scale-{count}"
        build_page_set(folder, count)
        for engine in engines:
            label = f"{engine.label}, {count:,} pages"
            env = bench_environment(engine.fresh(f"scale_{count}"))
            migrate(label, env)
            run, summary = import_once(label, env, folder, count, work)
            if run.returncode:
                raise SystemExit(f"{label}: the import failed ({summary})")
            rows[engine.label][count] = Row(f"siberia import ({label})", count, run.seconds, run.peak_rss_kb / 1024)
            print(f"{label}: {rows[engine.label][count].rate:.1f} pages/s, peak RSS {run.peak_rss_kb / 1024:.0f} MB")
            engine.discard()
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{seconds / 60:.1f} min"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_table(rows: list[Row], sample_note: str) -> None:
    width = max(len(row.engine) for row in rows)
    print(f"{'engine':<{width}}  {'pages':>7}  {'seconds':>8}  {'pages/s':>8}  {'peak RSS MB':>11}")
    for row in rows:
        print(f"{row.engine:<{width}}  {row.pages:>7}  {row.seconds:>8.2f}  {row.rate:>8.1f}  {row.peak_rss_mb:>11.1f}")
    if sample_note:
        print(sample_note)


def print_targets(imports: dict[str, Row], count: int, scale: dict, baseline: list) -> None:
    where = "" if count == TARGET_PAGES else f" (measured at {count:,} pages, not {TARGET_PAGES:,})"
    for label, target in (("SQLite", SQLITE_TARGET), ("PostgreSQL", POSTGRES_TARGET)):
        line = f"target {label} ≥ {target} pages/s at {TARGET_PAGES:,} pages: "
        row = imports.get(label)
        print(line + (f"{row.rate:.1f}{where}  {verdict(row.rate >= target)}" if row else "skipped"))
    for result in baseline or ():
        ok = result.speed_up >= BASELINE_TARGET
        print(f"target ≥ {BASELINE_TARGET}× the baseline ({result.engine}): {result.speed_up:.2f}×  {verdict(ok)}")
    if not baseline:
        print(f"target ≥ {BASELINE_TARGET}× the baseline: skipped (no --baseline)")
    small, large = SCALE_PAGES
    for label, sizes in scale.items():
        rss, rate = sizes[large].peak_rss_mb / sizes[small].peak_rss_mb, sizes[large].rate / sizes[small].rate
        print(
            f"target peak RSS at {large:,} ÷ at {small:,} ≤ {SCALE_RSS_LIMIT} ({label}): {rss:.2f}  "
            f"{verdict(rss <= SCALE_RSS_LIMIT)}"
        )
        print(
            f"target pages/s at {large:,} ÷ at {small:,} ≥ {SCALE_RATE_FLOOR} ({label}): {rate:.2f}  "
            f"{verdict(rate >= SCALE_RATE_FLOOR)}"
        )
    if not scale:
        print(f"targets at {large:,} pages against {small:,}: skipped (no --scale)")
    for label, row in imports.items():
        ok = row.peak_rss_mb < RSS_LIMIT_MB
        print(f"target peak RSS < {RSS_LIMIT_MB} MB ({label}): {row.peak_rss_mb:.1f} MB  {verdict(ok)}")


def main() -> int:
    per_copy = len(corpus_files())
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pages",
        type=int,
        default=TARGET_PAGES,
        help=f"pages to import: the {per_copy} real ones, then copies (default {TARGET_PAGES}, at most {MAX_PAGES})",
    )
    parser.add_argument(
        "--phase-sample",
        type=int,
        default=PHASE_SAMPLE,
        help=f"the first pages built, split into CPU by phase (default {PHASE_SAMPLE}; 0: none)",
    )
    parser.add_argument("--scale", action="store_true", help=f"also import {' and '.join(map(str, SCALE_PAGES))} pages")
    parser.add_argument("--baseline", metavar="REV", help="also import the same pages with REV's tree, interleaved")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --baseline (default 3)")
    parser.add_argument("--skip-postgres", action="store_true", help="import into SQLite only")
    parser.add_argument("--skip-pandoc", action="store_true", help="no pandoc rows")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if not 1 <= args.pages <= MAX_PAGES:
        parser.error(f"--pages must be from 1 to {MAX_PAGES}")
    if args.phase_sample < 0 or args.rounds < 1:
        parser.error("--phase-sample must be at least 0 and --rounds at least 1")

    # A polite kill (SIGTERM) cleans up as Ctrl-C does: the worktree and the databases go in `finally`.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    work = Path(tempfile.mkdtemp(prefix="siberia-bench-"))
    engines: list[Engine] = []
    postgres_connection = None
    ok = True
    try:
        pages = work / "pages"
        built = build_page_set(pages, args.pages)
        count = len(built)
        print(f"built {count:,} pages ({per_copy} real pages, then copies of them) in {pages}")

        engines.append(sqlite_engine(work))
        if args.skip_postgres:
            print("PostgreSQL: skipped (--skip-postgres)")
        else:
            postgres_connection, why = connect_postgres()
            if postgres_connection is None:
                print(f"PostgreSQL: skipped, none answers at {POSTGRES_URL} ({why})")
            else:
                engines.append(postgres_engine(postgres_connection))

        rows, summaries, imports = [], [], {}
        for engine in engines:
            engine_rows, summary, imported = import_pages(engine.label, engine.fresh("import"), pages, count, work)
            engine.discard()
            rows += engine_rows
            imports[engine.label] = engine_rows[0]
            summaries.append(f"import_articles ({engine.label}): {summary}")
            ok &= imported

        split = {}
        if args.phase_sample:
            sample = built[: args.phase_sample]
            for engine in engines:
                figures = measure_phases(engine.label, bench_environment(engine.fresh("phases")), sample, work)
                engine.discard()
                if figures is None:
                    ok = False
                else:
                    split[engine.label] = figures

        scale = scale_runs(engines, work) if args.scale else {}

        baseline = []
        if args.baseline:
            from import_baseline import print_baseline, run_baseline

            try:
                baseline = run_baseline(args.baseline, pages, count, args.rounds, work, postgres_connection)
            except load_compare().BenchError as error:
                print(f"baseline: FAILED: {error}", file=sys.stderr)
                ok = False

        pandoc, sample_note = None, ""
        pandoc_path = None if args.skip_pandoc else find_pandoc()
        if args.skip_pandoc:
            print("pandoc: skipped (--skip-pandoc)")
        elif pandoc_path is None:
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

        print()
        print_table(rows + [row for sizes in scale.values() for row in sizes.values()], sample_note)
        print()
        for label, row in imports.items():
            if pandoc is not None:
                print(f"siberia {label} ÷ pandoc ({pandoc.engine}): {row.rate / pandoc.rate:.2f}×")
        print()
        print_phases(split)
        if baseline:
            print()
            print_baseline(args.baseline, baseline, count)
        print()
        for label, row in imports.items():
            estimate = f"{WHOLE_WIKIPEDIA:,} pages at {label}'s {row.rate:.1f} pages/s ({count:,} pages): "
            estimate += duration(WHOLE_WIKIPEDIA / row.rate)
            if label in scale:
                large = scale[label][SCALE_PAGES[-1]]
                estimate += (
                    f"; at its {large.rate:.1f} pages/s at {large.pages:,}: {duration(WHOLE_WIKIPEDIA / large.rate)}"
                )
            print(estimate)
        print()
        print_targets(imports, count, scale, baseline)
        print()
        for line in summaries:
            print(line)
        if count < 1000:
            print(f"note: only {count} pages, so Django's start-up weighs on the import's pages/s.")
    finally:
        try:
            for engine in engines:
                engine.discard()
        finally:
            if postgres_connection is not None:
                postgres_connection.close()
            if args.keep:
                print(f"kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""bench/import.py --baseline REV: the same pages imported by an old commit and by the working tree, interleaved.

The old commit is checked out with ``git worktree add --detach`` in a temporary folder, with the repository's
.venv linked into it (one interpreter and one set of packages for both: the current tree may need a package
the old one does not, never the other way round for a run to work). Each round imports the pages into fresh
databases with each tree in turn, the one going first alternating from round to round. The machinery is
bench/compare.py's (worktrees, fresh databases, a timed ``import_articles`` with its own peak RSS, the same
count of articles on both sides); this module only adds the .venv link and reports pages/s, new ÷ old.
"""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass
from pathlib import Path

from import_pages import BENCH_DATABASE, REPO, load_compare


@dataclass(frozen=True)
class BaselineResult:
    engine: str
    rounds: int
    old_rate: float  # pages/s, from the median time
    new_rate: float
    old_rss_mb: float  # median peak RSS
    new_rss_mb: float

    @property
    def speed_up(self) -> float:
        return self.new_rate / self.old_rate


def run_baseline(rev: str, pages: Path, count: int, rounds: int, work: Path, postgres) -> list[BaselineResult]:
    """Interleave old (`rev`) and new (the working tree) on SQLite, and on PostgreSQL when `postgres` is a connection.

    Raises compare's BenchError on a failed import or differing article counts; the worktree and the
    throwaway databases go whatever happens.
    """
    compare = load_compare()
    folder = work / "baseline"
    folder.mkdir()
    made: list = []
    postgres_name = f"{BENCH_DATABASE}_{os.getpid()}_baseline"  # another bench may be running
    databases = []
    try:
        old = compare.add_worktree("old", rev, folder, made)
        venv = old.tree / ".venv"
        if not venv.exists():
            venv.symlink_to(REPO / ".venv")  # as the README's bench notes say: the repository's own interpreter
        new = compare.working_tree_side()
        sides = {"old": old, "new": new}
        print(f"baseline: old {old.label}; new {new.label}", flush=True)
        for side in sides.values():
            compare.compile_tree(side.tree)
        # import_articles' own default on both sides, passed explicitly as bench/compare.py does.
        workers = (os.cpu_count() or 1) if count >= compare.POOL_THRESHOLD else 1
        databases.append(compare.sqlite_database(folder))
        if postgres is not None:
            databases.append(compare.postgres_database(postgres, postgres_name))
        for round_index in range(rounds):
            order = ("old", "new") if round_index % 2 == 0 else ("new", "old")
            print(f"baseline round {round_index + 1} of {rounds}: {order[0]} first", flush=True)
            for database in databases:
                for position, name in enumerate(order):
                    measurement = compare.import_once(
                        sides[name], database, f"r{round_index + 1}", pages, workers, folder, first=position == 0
                    )
                    database.runs[name].append(measurement)
                compare.check_counts(database)
    finally:
        try:
            if postgres is not None and len(databases) > 1:
                compare.recreate_postgres(postgres, postgres_name)
        finally:
            compare.remove_worktrees(made)
    results = []
    for database in databases:
        old_s, new_s = (statistics.median(m.seconds for m in database.runs[name]) for name in ("old", "new"))
        old_rss, new_rss = (statistics.median(m.peak_rss_mb for m in database.runs[name]) for name in ("old", "new"))
        results.append(BaselineResult(database.label, rounds, count / old_s, count / new_s, old_rss, new_rss))
    return results


def print_baseline(rev: str, results: list[BaselineResult], count: int) -> None:
    print(f"old ({rev}) and new (working tree) interleaved, {count:,} pages, medians of the rounds:")
    print(
        f"{'database':<10}  {'old pages/s':>11}  {'new pages/s':>11}  {'new ÷ old':>9}  "
        f"{'old RSS MB':>10}  {'new RSS MB':>10}"
    )
    for result in results:
        print(
            f"{result.engine:<10}  {result.old_rate:>11.1f}  {result.new_rate:>11.1f}  {result.speed_up:>8.2f}×  "
            f"{result.old_rss_mb:>10.1f}  {result.new_rss_mb:>10.1f}"
        )

"""Compare ``manage.py import_articles`` between two revisions, interleaved in one run.

Run from the repository root:

    .venv/bin/python bench/compare.py --old 3bfe160 --new ee7156c   # the "One house" restructure
    .venv/bin/python bench/compare.py                               # HEAD~1 against the working tree
    .venv/bin/python bench/compare.py --copies 2 --rounds 2 --skip-postgres   # a smoke test

--old defaults to HEAD~1. Without --new, "new" is the working tree itself, uncommitted changes included
(nothing is checked out). A revision given to --old or --new is checked out with
``git worktree add --detach`` into a temporary folder, removed at the end, also on an error or Ctrl-C.
Both revisions run with this interpreter (.venv), so they must share their requirements.

The pages are built once, as bench/import.py builds them (tests/corpus/Page copied N times). Each round,
for each database (SQLite; PostgreSQL too unless --skip-postgres or none answers), old and new import the
same folder, the one that goes first alternating from round to round: a fresh database, ``migrate``, then
``import_articles`` alone is timed, with its own peak RSS (os.wait4). Each import must exit 0 and both
revisions must end with the same number of articles, or the run fails. The report gives medians and the
new/old ratio of the median times: below 1 means the new revision imports faster.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


def _load_bench_import():
    """bench/import.py as a module (its file name is a keyword, so no plain import)."""
    path = Path(__file__).resolve().with_name("import.py")
    spec = importlib.util.spec_from_file_location("bench_import", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


bench = _load_bench_import()
REPO = bench.REPO
POOL_THRESHOLD = 500  # import_articles' own rule (both revisions): one worker per core from 500 files on
POSTGRES_DROP_WAIT = 300  # seconds
ARTICLE_COUNT = "from articles.models import Article; print(Article.objects.count())"


class BenchError(Exception):
    """A run that cannot be compared: the benchmark stops loudly."""


@dataclass
class Side:
    name: str  # "old" or "new"
    label: str  # what the report calls it: a short hash and subject, or the working tree
    tree: Path
    worktree: bool  # checked out by this script, so removed at the end
    commit: str  # the full hash; for the working tree, HEAD's


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_rss_mb: float
    articles: int
    first: bool  # ran first in its round


@dataclass
class Database:
    label: str
    fresh_url: Callable[[], str]  # the URL of an empty database, made afresh at each call
    discard: Callable[[], None]  # drops it once measured, so nothing of it (autovacuum) runs during the next
    runs: dict[str, list[Measurement]] = field(default_factory=lambda: {"old": [], "new": []})


def git(*args: str, cwd: Path = REPO) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode:
        raise BenchError(f"git {' '.join(args)} failed:\n{result.stderr.strip()}")
    return result.stdout.strip()


def describe(rev: str) -> tuple[str, str]:
    """(full hash, "abc1234 subject") of a revision, or a clear error."""
    try:
        commit = git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except BenchError:
        raise BenchError(f"{rev!r} is not a revision of {REPO}") from None
    return commit, git("log", "-1", "--format=%h %s", commit)


def add_worktree(name: str, rev: str, work: Path, sides: list[Side]) -> Side:
    commit, summary = describe(rev)
    tree = work / f"tree-{name}"
    side = Side(name, summary, tree, worktree=True, commit=commit)
    sides.append(side)  # registered before the checkout, so a half-made worktree is removed too
    print(f"{name}: git worktree add --detach {tree} {rev} ({summary})", flush=True)
    git("worktree", "add", "--detach", str(tree), commit)
    return side


def working_tree_side() -> Side:
    commit, head = describe("HEAD")
    dirty = git("status", "--porcelain", "--untracked-files=no")
    state = "with uncommitted changes" if dirty else "clean"
    return Side("new", f"working tree ({state}) at {head}", REPO, worktree=False, commit=commit if not dirty else "")


def remove_worktrees(sides: list[Side]) -> None:
    for side in sides:
        if side.worktree:
            result = subprocess.run(
                ["git", "worktree", "remove", "--force", str(side.tree)], cwd=REPO, capture_output=True, text=True
            )
            if result.returncode and side.tree.exists():
                print(f"could not remove the worktree {side.tree}: {result.stderr.strip()}", file=sys.stderr)
    if any(side.worktree for side in sides):
        subprocess.run(["git", "worktree", "prune"], cwd=REPO, capture_output=True)


def compile_tree(tree: Path) -> None:
    """Byte-compile the tracked Python files first, so no revision's first import pays for it."""
    files = git("ls-files", "*.py", cwd=tree).splitlines()
    subprocess.run([sys.executable, "-m", "compileall", "-q", *files], cwd=tree, capture_output=True)


def environment(database_url: str) -> dict:
    # Production settings, as bench/import.py runs them: with DEBUG on, the query log alone slows every page.
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-only-secret-key-never-serving-pages-0123",
        "DJANGO_ALLOWED_HOSTS": "localhost",
    }


def manage(side: Side, env: dict, *args: str) -> str:
    """An untimed manage.py command in the side's tree: its stdout, or a loud failure."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=side.tree, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise BenchError(
            f"{side.name}: manage.py {' '.join(args)} exited with {result.returncode}:\n"
            f"{result.stdout[-2000:]}{result.stderr[-2000:]}"
        )
    return result.stdout


def import_once(side: Side, database: Database, run: str, pages: Path, workers: int, work: Path, first: bool):
    label = f"{database.label}, {side.name}, {run}"
    env = environment(database.fresh_url())
    manage(side, env, "migrate", "--noinput", "-v", "0")
    stem = f"{database.label}-{side.name}-{run}"
    out_path, err_path = work / f"{stem}.stdout", work / f"{stem}.stderr"
    command = [sys.executable, "manage.py", "import_articles", str(pages), "--progress-every", "100000"]
    command += ["--workers", str(workers)]
    with out_path.open("w") as out, err_path.open("w") as err:
        measured = bench.run_measured(command, env=env, stdout=out, stderr=err, cwd=side.tree)
    if measured.returncode:
        tail = "\n  ".join(err_path.read_text().splitlines()[-10:])
        raise BenchError(f"{label}: import_articles exited with {measured.returncode}; its stderr ends:\n  {tail}")
    summary = next((line for line in reversed(out_path.read_text().splitlines()) if " created, " in line), "")
    count = manage(side, env, "shell", "-c", ARTICLE_COUNT).strip().splitlines()
    try:
        articles = int(count[-1])
    except (IndexError, ValueError):
        raise BenchError(f"{label}: could not read the article count from {count!r}") from None
    print(
        f"{label}: {measured.seconds:.2f} s, peak RSS {measured.peak_rss_kb / 1024:.0f} MB, "
        f"{articles} articles ({summary or 'no summary line'})",
        flush=True,
    )
    database.discard()
    return Measurement(measured.seconds, measured.peak_rss_kb / 1024, articles, first)


def sqlite_database(work: Path) -> Database:
    path = work / "bench.sqlite3"

    def discard() -> None:
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)

    def fresh() -> str:
        discard()
        return f"sqlite:///{path}"

    return Database("SQLite", fresh, discard)


def postgres_database(connection, name: str) -> Database:
    def fresh() -> str:
        recreate_postgres(connection, name, create=True)
        return urlsplit(bench.POSTGRES_URL)._replace(path=f"/{name}").geturl()

    return Database("PostgreSQL", fresh, lambda: recreate_postgres(connection, name))


def recreate_postgres(connection, name: str, *, create: bool = False) -> None:
    """bench/import.py's drop_bench_database, under a name of this run's own (another bench may be running).

    Right after an import, autovacuum often works in the new database; its worker is not ours to terminate,
    so WITH (FORCE) is refused (InsufficientPrivilege) until it ends: wait for it, untimed.
    """
    from psycopg2 import errors, sql

    identifier = sql.Identifier(name)
    deadline = time.monotonic() + POSTGRES_DROP_WAIT
    waited = False
    with connection.cursor() as cursor:
        while True:
            try:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
                break
            except (errors.InsufficientPrivilege, errors.ObjectInUse) as error:
                if time.monotonic() > deadline:
                    raise BenchError(f"PostgreSQL: could not drop {name} in {POSTGRES_DROP_WAIT} s: {error}") from None
                if not waited:  # pg_stat_activity does not show another role's backend to us
                    print(f"PostgreSQL: {name} is busy (autovacuum, most likely); waiting to drop it …", flush=True)
                waited = True
                time.sleep(0.5)
        if create:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(identifier))


def check_counts(database: Database) -> int:
    counts = {side: {m.articles for m in runs} for side, runs in database.runs.items()}
    if len(counts["old"] | counts["new"]) != 1:
        raise BenchError(
            f"{database.label}: the revisions end with different numbers of articles: "
            f"old {sorted(counts['old'])}, new {sorted(counts['new'])}"
        )
    return counts["old"].pop()


def report(databases: list[Database], sides: dict[str, Side], count: int, rounds: int, workers: int) -> None:
    print()
    print(f"old: {sides['old'].label}")
    print(f"new: {sides['new'].label}")
    print(f"{count} pages, {rounds} rounds, --workers {workers}; medians over the rounds")
    print()
    header = (
        f"{'database':<10}  {'old s':>8}  {'new s':>8}  {'new/old':>7}  {'old pages/s':>11}  {'new pages/s':>11}  "
        f"{'old RSS MB':>10}  {'new RSS MB':>10}  {'articles':>8}"
    )
    print(header)
    medians = {}
    for database in databases:
        old, new = (database.runs[name] for name in ("old", "new"))
        old_s, new_s = (statistics.median(m.seconds for m in runs) for runs in (old, new))
        old_rss, new_rss = (statistics.median(m.peak_rss_mb for m in runs) for runs in (old, new))
        medians[database.label] = new_s / old_s
        print(
            f"{database.label:<10}  {old_s:>8.2f}  {new_s:>8.2f}  {new_s / old_s:>6.2f}×  {count / old_s:>11.1f}  "
            f"{count / new_s:>11.1f}  {old_rss:>10.1f}  {new_rss:>10.1f}  {old[0].articles:>8}"
        )
    print()
    print("per round, seconds (* ran first in its round):")
    for database in databases:
        for name in ("old", "new"):
            times = " ".join(f"{m.seconds:7.2f}{'*' if m.first else ' '}" for m in database.runs[name])
            print(f"{database.label:<10}  {name}  {times}")
    print()
    for label, ratio in medians.items():
        print(f"import, {label}: new/old = {ratio:.2f}× (median of {rounds} rounds, {count} pages)")
    if count < 1000:
        print(f"note: only {count} pages, so Django's start-up weighs on every import.")


def main() -> int:
    per_copy = len(bench.corpus_files())
    default_copies = math.ceil(bench.TARGET_PAGES / per_copy)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", default="HEAD~1", help="the revision to compare against (default HEAD~1)")
    parser.add_argument(
        "--new", default=None, help="the revision to measure (default: the working tree as it is, no checkout)"
    )
    parser.add_argument(
        "--copies",
        type=int,
        default=default_copies,
        help=f"copies of the {per_copy}-page corpus (default {default_copies}, about {bench.TARGET_PAGES} pages)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="imports per revision and database (default 5)")
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help=f"import_articles --workers, the same for both (default: one per core from {POOL_THRESHOLD} pages on)",
    )
    parser.add_argument("--skip-postgres", action="store_true", help="compare on SQLite only")
    args = parser.parse_args()
    if args.copies < 1:
        parser.error("--copies must be at least 1")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    # A polite kill (SIGTERM) cleans up as Ctrl-C does: the worktrees and databases go in `finally`.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    work = Path(tempfile.mkdtemp(prefix="siberia-compare-"))
    made: list[Side] = []
    connection, postgres_name = None, f"siberia_compare_{os.getpid()}"
    try:
        old = add_worktree("old", args.old, work, made)
        new = add_worktree("new", args.new, work, made) if args.new else working_tree_side()
        sides = {"old": old, "new": new}
        if old.commit == new.commit:
            print(f"note: old and new are the same revision, {old.label}", file=sys.stderr)
        for side in sides.values():
            compile_tree(side.tree)

        pages = work / "pages"
        count = bench.build_pages(pages, args.copies)
        workers = args.workers or ((os.cpu_count() or 1) if count >= POOL_THRESHOLD else 1)
        print(f"built {count} pages ({args.copies} copies × {per_copy}) in {pages}; --workers {workers}")

        databases = [sqlite_database(work)]
        if args.skip_postgres:
            print("PostgreSQL: skipped (--skip-postgres)")
        else:
            connection, why = bench.connect_postgres()
            if connection is None:
                print(f"PostgreSQL: skipped, none answers at {bench.POSTGRES_URL} ({why})")
            else:
                databases.append(postgres_database(connection, postgres_name))

        for round_index in range(args.rounds):
            order = ("old", "new") if round_index % 2 == 0 else ("new", "old")
            print(f"round {round_index + 1} of {args.rounds}: {order[0]} first", flush=True)
            for database in databases:
                for position, name in enumerate(order):
                    run = f"r{round_index + 1}"
                    measurement = import_once(sides[name], database, run, pages, workers, work, first=position == 0)
                    database.runs[name].append(measurement)
                check_counts(database)  # after every round: a difference stops the run at once
        report(databases, sides, count, args.rounds, workers)
    except BenchError as error:
        print(f"\nFAILED: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted: removing the worktrees and the throwaway databases", file=sys.stderr)
        return 130
    finally:
        try:
            if connection is not None:
                recreate_postgres(connection, postgres_name)
                connection.close()
        except Exception as error:  # the worktrees must go all the same
            print(f"PostgreSQL: the database {postgres_name} is left behind: {error}", file=sys.stderr)
        finally:
            remove_worktrees(made)
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

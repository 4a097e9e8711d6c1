"""The pages bench/import.py imports, and one measured import of them: bench/import.py's parts that run a child.

The pages are every real page of the corpus (every folder under tests/corpus, as the import reads a folder:
``articles.importer.files.page_paths``) under its own title, then copies of them, copy k with every title
suffixed "_(k)", up to the number asked for. Each copy is a hard link to the corpus file (the same bytes,
no gigabyte written for 100,000 pages), or a copy where the file system refuses links.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # the import's own rule for page files, below

from articles.importer.files import page_paths  # noqa: E402  (needs REPO on sys.path)

CORPUS_ROOT = REPO / "tests" / "corpus"
TARGET_PAGES = 20_000
MAX_PAGES = 100_000
POSTGRES_URL = "postgres://siberia:siberia@127.0.0.1:5432/siberia"
BENCH_DATABASE = "siberia_bench"
SEARCH_P50_TARGET_MS = 50  # on PostgreSQL
SEARCH_QUERIES = ["战俘", "劳动改造", "西伯利亚", "日本人", "数据库", "火山", "歌仔戏", "Python", "铁路运输", "金矿"]
SEARCH_ROUNDS = 10
# A secret for production settings (DJANGO_DEBUG=0) in a run that serves nothing.
BENCH_SECRET = "bench-only-secret-key-never-serving-pages-0123"

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

    os.wait4 gives the rusage of this one child (the largest of it and the children it reaped, such as
    import_articles' worker processes), whereas RUSAGE_CHILDREN is the maximum over every child this
    script has reaped so far.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    return Run(seconds, usage.ru_maxrss, process.returncode)  # ru_maxrss is in KiB on Linux


def corpus_files() -> list[Path]:
    """Every real page: each folder under tests/corpus, as ``import_articles tests/corpus`` would read it."""
    return list(page_paths([CORPUS_ROOT]))


def build_page_set(folder: Path, count: int) -> list[Path]:
    """`count` pages in `folder`: the real pages, then copy 1, 2, … of them, each title suffixed "_(k)".

    Returns the files in that order (real pages first), for a sample to take from the front.
    """
    sources = corpus_files()
    names = [source.name for source in sources]
    if len(set(names)) != len(names):
        raise SystemExit("two corpus folders hold a file of the same name: one folder of copies cannot hold both")
    folder.mkdir()
    built: list[Path] = []
    for index in range(count):
        copy, source = divmod(index, len(sources))
        source = sources[source]
        target = folder / (source.name if copy == 0 else f"{source.stem}_({copy}){source.suffix}")
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        built.append(target)
    return built


def build_pages(folder: Path, copies: int) -> int:
    """bench/compare.py's and bench/serve.py's call: `copies` times the corpus's count of pages."""
    return len(build_page_set(folder, copies * len(corpus_files())))


def bench_environment(database_url: str) -> dict:
    # Production settings: with DEBUG on, Django's query log alone would slow every page.
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or BENCH_SECRET,
    }


def migrate(label: str, env: dict) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=REPO, env=env, capture_output=True
    )
    if result.returncode:
        output = (result.stdout + result.stderr).decode(errors="replace")
        raise SystemExit(f"{label}: migrate failed:\n{output}")


def import_once(label: str, env: dict, pages: Path, count: int, work: Path) -> tuple[Run, str]:
    """One timed ``import_articles`` of the folder: (its run, its summary line). Errors are printed."""
    print(f"{label}: import_articles, {count} pages …", flush=True)
    stem = label.replace(" ", "-").replace(",", "")
    out_path, err_path = work / f"{stem}.stdout", work / f"{stem}.stderr"
    with out_path.open("w") as out, err_path.open("w") as err:
        command = [sys.executable, "manage.py", "import_articles", str(pages)]
        run = run_measured(command, env=env, stdout=out, stderr=err)
    lines = out_path.read_text().splitlines()
    summary = next((line for line in reversed(lines) if " created, " in line), "(no summary line)")
    if run.returncode:
        tail = "\n  ".join(err_path.read_text().splitlines()[-5:])
        print(f"{label}: import_articles exited with {run.returncode}; its stderr ends:\n  {tail}", file=sys.stderr)
    return run, summary


def import_pages(label: str, database_url: str, pages: Path, count: int, work: Path) -> tuple[list[Row], str, bool]:
    """Migrate a fresh database, time the import alone, search it, then time the same import again.

    Returns (the import's row and the re-import's, summary line, whether both succeeded).
    """
    env = bench_environment(database_url)
    print(f"{label}: migrate …", flush=True)
    migrate(label, env)
    run, summary = import_once(label, env, pages, count, work)
    row = Row(f"siberia import ({label})", count, run.seconds, run.peak_rss_kb / 1024)
    if run.returncode:
        return [row], summary, False
    measure_search(label, env)

    # The same files again, as an operator re-imports a folder: every page unchanged.
    again, again_summary = import_once(f"{label} again, every file unchanged", env, pages, count, work)
    unchanged = again_summary == f"0 created, 0 updated, {count} unchanged, 0 kept as edited, 0 failed"
    if again.returncode or not unchanged:
        print(f"{label}: the second import did not find every page unchanged: {again_summary}", file=sys.stderr)
    reimport = Row(f"siberia re-import, unchanged ({label})", count, again.seconds, again.peak_rss_kb / 1024)
    return [row, reimport], summary, again.returncode == 0 and unchanged


def measure_search(label: str, env: dict) -> dict | None:
    """Search latency over the imported pages: p50 and p95 of the search function, in ms."""
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


def load_compare():
    """bench/compare.py as a module: the owner of interleaved old/new imports and of dropping a bench database."""
    if "bench_compare" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bench_compare", Path(__file__).with_name("compare.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
        spec.loader.exec_module(module)
    return sys.modules["bench_compare"]


def postgres_url(name: str) -> str:
    return urlsplit(POSTGRES_URL)._replace(path=f"/{name}").geturl()


def drop_database(connection, name: str, *, create: bool = False) -> None:
    """Drop a throwaway database (waiting out autovacuum, as bench/compare.py does), and make it again if asked."""
    load_compare().recreate_postgres(connection, name, create=create)


def drop_bench_database(connection, *, create: bool = False) -> None:
    """bench/serve.py's call: its one database, BENCH_DATABASE."""
    drop_database(connection, BENCH_DATABASE, create=create)


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

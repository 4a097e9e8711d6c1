"""Serve the seed page with siberia's production server, kiwix-serve and nginx, side by side under wrk.

Run from the repository root:

    .venv/bin/python bench/serve.py                      # 20,000 pages for the mix, 3 rounds of 10 s
    .venv/bin/python bench/serve.py --copies 20 --seconds 5 --rounds 1 --load-seconds 10   # a quick look
    .venv/bin/python bench/serve.py --skip-postgres

siberia runs as the README documents it (``make serve``: granian, WORKERS × THREADS, debug off) on a
fresh SQLite database and on a throwaway PostgreSQL one, each holding the seed and N suffixed copies
of tests/corpus/Page. kiwix-serve ``-n`` serves a ZIM holding the seed page's very bytes (written
with libzim), nginx the same bytes as a static file. wrk (-t2 -c32) measures, interleaved round by
round: the seed page, its /zh-tw/ page, a 304 revalidation, a mix of 1,000 titles, and 256
connections for 60 s. Missing tools are installed with apt-get when this runs as root, else their
rows are skipped with a message.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from servers import SEED, Processes, fetch, kiwix_server, nginx_server, wait_for

REPO = Path(__file__).resolve().parent.parent
SEED_PATH = "/wiki/" + quote(SEED)
POSTGRES_URL = "postgres://siberia:siberia@127.0.0.1:5432/siberia"
MIX_TITLES = 1000
WARM_UPS = 8  # requests for each title of the mix first: each worker process builds and remembers its own
TOOLS = {"wrk": "wrk", "kiwix-serve": "kiwix-tools", "nginx": "nginx-light"}


def load_bench_import():
    spec = importlib.util.spec_from_file_location("bench_import", REPO / "bench" / "import.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Result:
    rate: float  # requests a second
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx/3xx answers and socket errors


def ensure_tools() -> dict[str, bool]:
    missing = [name for name in TOOLS if shutil.which(name) is None]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"installing {', '.join(TOOLS[name] for name in missing)} …", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", *(TOOLS[name] for name in missing)], check=False)
    found = {name: shutil.which(name) is not None for name in TOOLS}
    for name, there in found.items():
        if not there:
            print(f"{name} is missing (apt-get install {TOOLS[name]}): its rows are skipped", flush=True)
    return found


_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNIT[unit]


def run_wrk(url: str, *, connections: int = 32, seconds: int = 10, header: str = "", script: Path | None = None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if header:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    errors = sum(map(int, re.findall(r"Non-2xx or 3xx responses: (\d+)", output)))
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors += sum(map(int, socket.groups())) if socket else 0
    return Result(rate, p50, p99, errors)


def siberia_server(processes, label, database_url, pages, port, work) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-never-serving-real-pages-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
    }
    manage = [sys.executable, "manage.py"]
    for step in (
        ["migrate", "--noinput", "-v", "0"],
        ["loaddata", "siberia", "-v", "0"],
        ["import_articles", str(pages)],
        ["collectstatic", "--noinput", "-v", "0"],  # as make serve does, before the in-process timing
    ):
        print(f"{label}: manage.py {step[0]} …", flush=True)
        done = subprocess.run([*manage, *step], cwd=REPO, env=env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{label}: {step[0]} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    in_process(label, env)
    log = (work / f"serve-{label}.log").open("w")
    processes.start(
        ["make", "-s", "serve", f"PORT={port}", "HOST=127.0.0.1"], cwd=REPO, env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(base + SEED_PATH)
    return base


def mix_script(base: str, titles: list[str], work: Path, label: str) -> Path:
    """A wrk script asking for the titles at random, each one warmed once first."""
    paths = ["/wiki/" + quote(title.replace(" ", "_")) for title in titles]
    # Each worker process keeps its own stored pages: ask often enough that every one has them all.
    for _ in range(WARM_UPS):
        for path in paths:
            fetch(base + path)
    script = work / f"mix-{label}.lua"
    body = ",\n".join('"' + path + '"' for path in paths)
    script.write_text(
        f'paths = {{\n{body}\n}}\nrequest = function()\n  return wrk.format("GET", paths[math.random(#paths)])\nend\n'
    )
    return script


# Run in a child with a server's settings: a warm article page through the production WSGI application.
IN_PROCESS_SCRIPT = """
import io, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siberia.settings")
from siberia.wsgi import application
from django.db import connection
from django.test.utils import CaptureQueriesContext
path = sys.argv[1].encode().decode("latin-1")
def environ():
    return {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "wsgi.url_scheme": "http"}
def start_response(status, headers):
    assert status == "200 OK", status
for _ in range(100):
    b"".join(application(environ(), start_response))
with CaptureQueriesContext(connection) as queries:
    b"".join(application(environ(), start_response))
n, started = 5000, time.perf_counter()
for _ in range(n):
    b"".join(application(environ(), start_response))
print((time.perf_counter() - started) / n * 1e6, len(queries))
"""


def warm(name: str, url: str, seconds: int, options: dict, runs: int = 12) -> None:
    """Unmeasured wrk runs until the rate stops rising (within 10% of the run before)."""
    last = 0.0
    for _ in range(runs):
        rate = run_wrk(url, seconds=seconds, **options).rate
        if last and rate <= 1.1 * last:
            return
        last = rate
    print(f"  {name}: still changing after {runs} warm-up runs ({last:,.0f} req/s)", flush=True)


def in_process(label: str, env: dict) -> None:
    """A warm page's cost in one process, no server or network: microseconds and queries."""
    done = subprocess.run(
        [sys.executable, "-c", IN_PROCESS_SCRIPT, "/wiki/" + SEED], cwd=REPO, env=env, capture_output=True, text=True
    )
    if done.returncode:
        print(f"{label}: in-process timing failed:\n{done.stderr[-1500:]}", flush=True)
        return
    micros, queries = done.stdout.split()
    print(f"{label}: a warm page in process: {float(micros):.0f} µs, {queries} query(ies)", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=304, help="copies of the corpus (304 × 66 ≈ 20,000 pages)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run at 32 connections")
    parser.add_argument("--warm-seconds", type=int, default=3, help="an unmeasured wrk run of each scenario first")
    parser.add_argument("--load-seconds", type=int, default=60, help="length of the 256-connection run")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()

    tools = ensure_tools()
    if not tools["wrk"]:
        raise SystemExit("wrk is needed to measure anything")
    bench_import = load_bench_import()
    processes = Processes()
    work = Path(tempfile.mkdtemp(prefix="siberia-serve-"))
    work.chmod(0o755)  # nginx's workers, another user, read the static file below it
    postgres = None
    try:
        pages = work / "pages"
        count = bench_import.build_pages(pages, args.copies)
        titles = random.Random(1).sample(sorted(path.stem for path in pages.glob("*.md")), min(MIX_TITLES, count))
        print(f"built {count} pages in {pages}", flush=True)
        servers = {"SQLite": siberia_server(processes, "SQLite", f"sqlite:///{work}/serve.sqlite3", pages, 8101, work)}
        if not args.skip_postgres:
            connection, why = bench_import.connect_postgres()
            if connection is None:
                print(f"PostgreSQL: none answers ({why}); its rows are skipped", flush=True)
            else:
                postgres = connection
                bench_import.drop_bench_database(postgres, create=True)
                url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{bench_import.BENCH_DATABASE}"
                servers["PostgreSQL"] = siberia_server(processes, "PostgreSQL", url, pages, 8102, work)
        page, headers = fetch(servers["SQLite"] + SEED_PATH)
        print(f"seed page: {len(page):,} bytes, ETag {headers.get('ETag')}", flush=True)
        peers = {}
        if tools["kiwix-serve"]:
            peers["kiwix-serve -n"] = kiwix_server(processes, page, 8103, work)
        if tools["nginx"]:
            peers["nginx, static file"] = nginx_server(processes, page, 8104, work)

        runs: dict[str, list[Result]] = {}
        scenarios = []
        for name, url in peers.items():
            scenarios.append((f"{name}: seed page", url, {}))
            # The peers' own 304s: how much a revalidation can gain over a 200 on this machine at all.
            tag = fetch(url)[1].get("ETag")
            if tag:
                scenarios.append((f"{name}: 304 revalidation", url, {"header": f"If-None-Match: {tag}"}))
        for label, base in servers.items():
            etag = fetch(base + SEED_PATH)[1]["ETag"]
            scenarios += [
                (f"siberia {label}: seed page", base + SEED_PATH, {}),
                (f"siberia {label}: /zh-tw/ page", base + "/zh-tw/" + quote(SEED), {}),
                (f"siberia {label}: 304 revalidation", base + SEED_PATH, {"header": f"If-None-Match: {etag}"}),
                (
                    f"siberia {label}: mix of {len(titles)} titles",
                    base + "/",
                    {"script": mix_script(base, titles, work, label)},
                ),
            ]
        # Every worker process builds, then remembers, what it is asked for: warm each scenario on
        # all of them (wrk's connections spread over the workers) so that the rounds measure the steady state.
        print(f"warming every scenario, {args.warm_seconds} s runs until the rate holds", flush=True)
        for name, url, options in scenarios:
            warm(name, url, args.warm_seconds, options)
        for round_number in range(1, args.rounds + 1):
            order = scenarios if round_number % 2 else list(reversed(scenarios))
            print(f"round {round_number} of {args.rounds}", flush=True)
            for name, url, options in order:
                result = run_wrk(url, seconds=args.seconds, **options)
                runs.setdefault(name, []).append(result)
                print(
                    f"  {name}: {result.rate:,.0f} req/s, p99 {result.p99_ms:.1f} ms, errors {result.errors}",
                    flush=True,
                )
        for label, base in servers.items():
            name = f"siberia {label}: 256 connections, {args.load_seconds} s, mix"
            script = work / f"mix-{label}.lua"
            runs[name] = [run_wrk(base + "/", connections=256, seconds=args.load_seconds, script=script)]
            print(f"  {name}: {runs[name][0].rate:,.0f} req/s, errors {runs[name][0].errors}", flush=True)
        report(runs, count)
    finally:
        processes.stop()
        if postgres is not None:
            bench_import.drop_bench_database(postgres)
        shutil.rmtree(work, ignore_errors=True)
    return 0


def report(runs: dict[str, list[Result]], count: int) -> None:
    def median(name: str, field: str) -> float:
        return statistics.median(getattr(result, field) for result in runs[name])

    kiwix = "kiwix-serve -n: seed page"
    peer = median(kiwix, "rate") if kiwix in runs else None
    print(f"\n{count} pages; wrk -t2 -c32 unless said; medians of {len(next(iter(runs.values())))} rounds\n")
    print("| server and request | req/s | vs kiwix-serve -n | p50 | p99 | errors |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in runs:
        rate = median(name, "rate")
        ratio = f"{rate / peer:.2f}×" if peer else "–"
        errors = sum(result.errors for result in runs[name])
        line = f"| {name} | {rate:,.0f} | {ratio} | {median(name, 'p50_ms'):.2f} ms | {median(name, 'p99_ms'):.1f} ms"
        print(f"{line} | {errors} |")
    print("\nratios of medians in this run")
    for server in sorted({name.split(":")[0] for name in runs}):
        seed = f"{server}: seed page"
        for other, meaning in (
            ("304 revalidation", "a 304 against a 200"),
            ("/zh-tw/ page", "/zh-tw/ against /wiki/"),
        ):
            if seed in runs and f"{server}: {other}" in runs:
                print(f"  {server}: {meaning}: {median(f'{server}: {other}', 'rate') / median(seed, 'rate'):.2f}×")
        for name in runs:
            if name.startswith(f"{server}: mix") and seed in runs:
                print(f"  {server}: the mix against the seed page: {median(name, 'rate') / median(seed, 'rate'):.2f}×")


if __name__ == "__main__":
    sys.exit(main())

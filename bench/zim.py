"""Benchmark ``manage.py export_zim`` on SQLite: pages/s and peak RSS for --pages pages (default 20,000).

    .venv/bin/python bench/zim.py                 # 20,000 pages (corpus pages, then copies, as bench/import.py)
    .venv/bin/python bench/zim.py --pages 2000    # a quick look

The pages are imported into a fresh SQLite database under production settings (not timed), then
exported in one variant, timed with the export's own peak RSS (os.wait4).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from import_pages import TARGET_PAGES, bench_environment, build_page_set, import_once, migrate, run_measured


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=TARGET_PAGES)
    parser.add_argument("--variant", default="zh-tw")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="siberia-zim-bench-") as temporary:
        work = Path(temporary)
        build_page_set(work / "pages", args.pages)
        env = bench_environment(f"sqlite:///{work / 'bench.sqlite3'}")
        env["DJANGO_ALLOWED_HOSTS"] = "localhost"  # export_zim renders pages for this host (production settings)
        migrate("sqlite", env)
        run, summary = import_once("sqlite", env, work / "pages", args.pages, work)
        if run.returncode:
            return 1
        print(f"sqlite: imported: {summary}", flush=True)
        # Production settings serve hashed static names from a manifest: collectstatic makes it (staticfiles/).
        collected = run_measured([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env)
        if collected.returncode:
            print("collectstatic failed", file=sys.stderr)
            return 1
        out = work / "bench.zim"
        command = [sys.executable, "manage.py", "export_zim", str(out), "--variant", args.variant]
        export = run_measured(command, env=env)
        if export.returncode:
            print(f"export_zim exited with {export.returncode}", file=sys.stderr)
            return 1
        rate = args.pages / export.seconds
        size = out.stat().st_size / 2**20
        print(
            f"export_zim {args.variant}, SQLite: {args.pages} pages in {export.seconds:.1f} s = {rate:.1f} pages/s, "
            f"peak RSS {export.peak_rss_kb / 1024:.0f} MB, file {size:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

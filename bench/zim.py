"""Benchmark ``manage.py export_zim`` on SQLite: pages/s and peak RSS at --pages pages and a tenth of it.

    .venv/bin/python bench/zim.py                 # 20,000 pages beside 2,000 (corpus pages, then copies)
    .venv/bin/python bench/zim.py --pages 2000    # a quick look (2,000 beside 200)

For each size the pages are imported into a fresh SQLite database under production settings (not
timed), then exported in one variant, timed with the export's own peak RSS (os.wait4). The two
sizes run side by side because the claim is a ratio: ten times the pages should take about ten
times as long at the same rate, and about the same memory (the export holds the titles, not the pages).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from import_pages import TARGET_PAGES, bench_environment, build_page_set, import_once, migrate, run_measured


@dataclass(frozen=True)
class Export:
    pages: int
    seconds: float
    peak_rss_mb: float
    file_mb: float

    @property
    def rate(self) -> float:
        return self.pages / self.seconds

    def line(self, variant: str) -> str:
        return (
            f"export_zim {variant}, SQLite: {self.pages} pages in {self.seconds:.1f} s = {self.rate:.1f} pages/s, "
            f"peak RSS {self.peak_rss_mb:.0f} MB, file {self.file_mb:.0f} MB"
        )


def export_at(pages: int, variant: str, work: Path) -> Export | None:
    work.mkdir()
    build_page_set(work / "pages", pages)
    env = bench_environment(f"sqlite:///{work / 'bench.sqlite3'}")
    env["DJANGO_ALLOWED_HOSTS"] = "localhost"  # export_zim renders pages for this host (production settings)
    migrate("sqlite", env)
    run, summary = import_once("sqlite", env, work / "pages", pages, work)
    if run.returncode:
        return None
    print(f"sqlite: imported: {summary}", flush=True)
    # Production settings serve hashed static names from a manifest: collectstatic makes it (staticfiles/).
    collected = run_measured([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env)
    if collected.returncode:
        print("collectstatic failed", file=sys.stderr)
        return None
    out = work / "bench.zim"
    export = run_measured([sys.executable, "manage.py", "export_zim", str(out), "--variant", variant], env=env)
    if export.returncode:
        print(f"export_zim exited with {export.returncode}", file=sys.stderr)
        return None
    return Export(pages, export.seconds, export.peak_rss_kb / 1024, out.stat().st_size / 2**20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=TARGET_PAGES)
    parser.add_argument("--variant", default="zh-tw")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="siberia-zim-bench-") as temporary:
        for n, pages in enumerate((max(1, args.pages // 10), args.pages)):
            result = export_at(pages, args.variant, Path(temporary) / str(n))
            if result is None:
                return 1
            print(result.line(args.variant), flush=True)
            results.append(result)
    small, large = results
    print(
        f"{large.pages} pages against {small.pages}: {large.pages / small.pages:.0f}× the pages, "
        f"{large.seconds / small.seconds:.1f}× the time, rate ratio {large.rate / small.rate:.2f}, "
        f"peak RSS ratio {large.peak_rss_mb / small.peak_rss_mb:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Where an import's CPU goes, page by page: read, parse, render, sanitise, derive, write.

bench/import.py runs this file as a child, one per database (a throwaway one, migrated first), over a
sample of the pages it imports: ``python bench/import_phases.py SAMPLE_LIST`` with ``DATABASE_URL`` set,
SAMPLE_LIST holding one path a line; the child prints its figures as one JSON line. One process does
everything in turn, as a worker and the writer of ``import_articles`` would, timed with
``time.process_time()`` (this process's CPU: PostgreSQL's own work in its server is not in it, so the
write's wall time is given beside it) through the import's stable entry points:

- read: ``articles.importer.files.read_text(path)`` and the title from the file's name;
- parse: ``wikitext.parsing.parse_page(text, title)``;
- render: ``wikitext.rendering.render_parsed(parsed)``, less the sanitiser's time inside it;
- sanitise: every call of ``wikitext.sanitizing.clean_html``, wherever it is called from;
- derive: ``wikitext.derivation.prepare_page(parsed, source)``, less render_parsed's and the sanitiser's time;
- write: ``articles.importer.writer.write_pages(batch)``, in the import's batches of ``BATCH_SIZE`` pages.

Modules import ``clean_html`` and ``render_parsed`` by name, so every ``wikitext`` module's attribute that
is the original function is replaced by a timed one (and put back at the end). Each phase is timed
exclusive of the phases timed inside it, so the six add up to the whole. A timed call costs two
``process_time()`` calls, about 1.5 µs: some 25 µs a page at the 16 sanitiser calls a corpus page makes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

PHASES = ("read", "parse", "render", "sanitise", "derive", "write")
REPO = Path(__file__).resolve().parent.parent


class PhaseClock:
    """CPU seconds per phase, each exclusive of the phases timed within it."""

    def __init__(self) -> None:
        self.cpu = dict.fromkeys(PHASES, 0.0)
        self._replaced: list[tuple[object, str, object]] = []

    def timed(self, phase: str, function: Callable[..., Any], *args: Any) -> Any:
        start, inner = time.process_time(), sum(self.cpu.values())
        try:
            return function(*args)
        finally:
            elapsed = time.process_time() - start
            self.cpu[phase] += elapsed - (sum(self.cpu.values()) - inner)

    def wrap(self, phase: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def timed_call(*args: Any) -> Any:
            return self.timed(phase, original, *args)

        return timed_call

    def install(self, phase: str, original: Callable[..., Any]) -> int:
        """Replace `original` in every loaded ``wikitext`` module by a timed call; the number of modules."""
        timed_call = self.wrap(phase, original)
        for name, module in list(sys.modules.items()):
            if name != "wikitext" and not name.startswith("wikitext."):
                continue
            for attribute, value in list(vars(module).items()):
                if value is original:
                    setattr(module, attribute, timed_call)
                    self._replaced.append((module, attribute, original))
        return sum(1 for _, _, replaced in self._replaced if replaced is original)

    def uninstall(self) -> None:
        for module, attribute, original in reversed(self._replaced):
            setattr(module, attribute, original)
        self._replaced.clear()


def measure(paths: list[Path]) -> dict:
    """The child's work: migrate, warm up on one page, then read, prepare and write every page, timed."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siberia.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)

    import wikitext.derivation
    import wikitext.rendering
    import wikitext.sanitizing
    from articles.importer.files import read_text, title_from_path
    from articles.importer.writer import BATCH_SIZE, CREATED, write_pages
    from wikitext.page import ParseError
    from wikitext.parsing import parse_page

    # One page untimed first: modules that load lazily are loaded before their functions are replaced.
    warm_text = read_text(paths[0])
    wikitext.derivation.prepare_page(parse_page(warm_text, title_from_path(paths[0])), warm_text)

    clock = PhaseClock()
    patched = {
        "clean_html": clock.install("sanitise", wikitext.sanitizing.clean_html),
        "render_parsed": clock.install("render", wikitext.rendering.render_parsed),
    }
    prepare_page = wikitext.derivation.prepare_page
    written, failed, write_wall = 0, [], 0.0
    batch: list = []

    def read(path: Path) -> tuple[str, str]:
        return read_text(path), title_from_path(path)

    def write(pages: list) -> None:
        nonlocal written, write_wall
        start = time.perf_counter()
        results = clock.timed("write", write_pages, pages)
        write_wall += time.perf_counter() - start
        written += sum(result.status == CREATED for result in results)
        failed.extend(f"{result.title}: {result.status} {result.error}" for result in results if result.error)

    try:
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        for path in paths:
            text, title = clock.timed("read", read, path)
            try:
                parsed = clock.timed("parse", parse_page, text, title)
            except ParseError as error:
                failed.append(f"{path}: {error}")
                continue
            page = clock.timed("derive", prepare_page, parsed, text)
            batch.append(replace(page, path=str(path)))
            if len(batch) >= BATCH_SIZE:
                write(batch)
                batch = []
        if batch:
            write(batch)
        cpu, wall = time.process_time() - cpu_start, time.perf_counter() - wall_start
    finally:
        clock.uninstall()
    return {
        "pages": len(paths),
        "written": written,
        "failed": failed[:10],
        "failures": len(failed),
        "cpu": clock.cpu,
        "loop_cpu": cpu,
        "loop_wall": wall,
        "write_wall": write_wall,
        "patched_modules": patched,
    }


def measure_phases(label: str, env: dict, sample: list[Path], work: Path) -> dict | None:
    """Run the child for one database (`env` names it): its figures, or None, said why on stderr."""
    listing = work / f"phase-sample-{label}.txt"
    listing.write_text("".join(f"{path}\n" for path in sample))
    print(f"{label}: CPU per phase over a sample of {len(sample)} pages, in one process …", flush=True)
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), str(listing)], cwd=REPO, env=env, capture_output=True, text=True
    )
    if result.returncode:
        print(f"{label}: the phase pass failed:\n{result.stderr[-3000:]}", file=sys.stderr)
        return None
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    if figures["failures"] or figures["written"] != figures["pages"]:
        print(
            f"{label}: phase pass wrote {figures['written']} of {figures['pages']} pages; "
            f"{figures['failures']} failed: {figures['failed']}",
            file=sys.stderr,
        )
        return None
    return figures


def print_phases(split: dict[str, dict]) -> None:
    """The split in ms per page and percent of the loop's CPU, a column pair per database.

    "other" is the loop's CPU outside the six phases: batching, the garbage collector where it runs
    between phases, and the timers themselves.
    """
    if not split:
        print("CPU per phase: no phase pass")
        return
    pages = sorted({figures["pages"] for figures in split.values()})
    print(f"CPU per page by phase, one process, {'/'.join(f'{n:,}' for n in pages)} pages (time.process_time):")
    print(f"{'phase':<9}" + "".join(f"  {label + ' ms/page':>19}  {'%':>6}" for label in split))
    for phase in (*PHASES, "other", "total"):
        cells = ""
        for figures in split.values():
            total = figures["loop_cpu"]
            seconds = {"total": total, "other": total - sum(figures["cpu"].values())}.get(phase)
            seconds = figures["cpu"][phase] if seconds is None else seconds
            cells += f"  {1000 * seconds / figures['pages']:>19.3f}  {100 * seconds / total:>5.1f}%"
        print(f"{phase:<9}{cells}")
    for label, figures in split.items():
        print(
            f"{label}: write's wall time {1000 * figures['write_wall'] / figures['pages']:.3f} ms/page "
            f"(with the database's own work); the loop's wall time {1000 * figures['loop_wall'] / figures['pages']:.3f}"
            f" ms/page; timed in {figures['patched_modules']} modules"
        )


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} SAMPLE_LIST  (run by bench/import.py, DATABASE_URL set)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))
    paths = [Path(line) for line in Path(argv[1]).read_text().splitlines() if line]
    print(json.dumps(measure(paths)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

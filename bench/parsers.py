"""Read the corpus with each Markdown parser at hand, side by side: how the reader's parser was chosen.

Run from the repository root:

    .venv/bin/python bench/parsers.py               # 5 rounds over every corpus page
    .venv/bin/python bench/parsers.py --rounds 9

Each round reads every page of tests/corpus with each parser in turn (the order rotating from
round to round), timed with the process's CPU clock; the table gives the median ms per page and
the ratio to markdown-it-py, the parser before this one. "siberia read" is pulldown-cmark's events
turned into ours with every rule of the dialect (wikitext.dialect.read); "siberia read + write" adds
the HTML writer (wikitext.html_writer), which is what an import does before sanitising. A parser
that is not installed is skipped with a line saying so (markdown-it-pyrs and mistune are not in the
requirements; `pip install markdown-it-pyrs mistune` to add them). pandoc runs on a sample of pages,
one process each, as bench/import.py runs it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.conftest import corpus_paths  # noqa: E402  (the one list of corpus pages)

PANDOC_SAMPLE = 20


def parsers() -> dict[str, Callable[[str], object]]:
    """Every parser at hand, by name: each reads one page's text to HTML (or to events)."""
    found: dict[str, Callable[[str], object]] = {}
    from markdown_it import MarkdownIt

    markdown_it = MarkdownIt("commonmark", {"html": True}).enable("table")
    found["markdown-it-py"] = markdown_it.render
    try:
        import mistune

        found["mistune"] = mistune.create_markdown(plugins=["table"], escape=False)
    except ImportError:
        print("mistune: skipped, not installed")
    try:
        import markdown_it_pyrs

        found["markdown-it-pyrs"] = markdown_it_pyrs.MarkdownIt("commonmark").enable("table").render
    except ImportError:
        print("markdown-it-pyrs: skipped, not installed")
    import pyromark

    options = pyromark.Options.ENABLE_TABLES
    found["pyromark (HTML)"] = lambda text: pyromark.html(text, options=options)
    found["pyromark (events)"] = lambda text: list(pyromark.events_with_range(text, options=options))

    from wikitext.dialect import read
    from wikitext.html_writer import write_html

    found["siberia read"] = read
    found["siberia read + write"] = lambda text: write_html(read(text).events, lambda number: None)
    return found


def pandoc_ms(texts: list[str]) -> float | None:
    try:
        import pypandoc
    except ImportError:
        print("pandoc: skipped, pypandoc is not installed")
        return None
    sample = texts[:PANDOC_SAMPLE]
    start = time.perf_counter()
    for text in sample:
        pypandoc.convert_text(text, "html", format="markdown-tex_math_dollars")  # $ is the dollar sign here
    return (time.perf_counter() - start) / len(sample) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = [path.read_text(encoding="utf-8") for path in corpus_paths()]
    chosen = parsers()
    names = list(chosen)
    times: dict[str, list[float]] = {name: [] for name in names}
    for name in names:  # one unmeasured pass each: imports, caches
        for text in texts:
            chosen[name](text)
    for round_number in range(args.rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.process_time()
            for text in texts:
                chosen[name](text)
            times[name].append((time.process_time() - start) / len(texts) * 1000)
    base = statistics.median(times["markdown-it-py"])
    print(f"\n{len(texts)} corpus pages, {args.rounds} rounds, median CPU ms per page\n")
    print(f"{'parser':<24} {'ms/page':>9} {'÷ markdown-it-py':>17}")
    for name in names:
        median = statistics.median(times[name])
        print(f"{name:<24} {median:>9.3f} {median / base:>16.3f}×")
    pandoc = pandoc_ms(texts)
    if pandoc is not None:
        print(f"{'pandoc (a process each)':<24} {pandoc:>9.3f} {pandoc / base:>16.3f}×  (wall, {PANDOC_SAMPLE} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

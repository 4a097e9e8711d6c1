"""Chinese full-text search over articles, variant-blind: 战俘 finds 戰俘.

One entry point, ``search(query, offset=, limit=)``. The query is normalised
and split into terms exactly as ``Article.search_terms`` was (``searchtext``:
simplified CJK bigrams and lower-cased words), and every term must match.

* SQLite: the FTS5 table ``articles_search`` over ``search_terms`` (migration
  0003, kept in step by triggers), each term a quoted token, ranked by bm25.
* PostgreSQL: the GIN index on the stored ``search_vector`` column (migration
  0005: ``to_tsvector('simple', search_terms)``), each term a quoted lexeme
  ANDed in a tsquery, ranked by ts_rank.
* A query holding a lone CJK character (the index has bigrams, not single
  characters) and any other database: a bounded substring scan of titles and
  text, each character in its simplified and traditional forms.

Articles whose title contains the query come first. User input only ever
reaches the database as a bound parameter.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Article
from .searchtext import grams, normalize
from .variants import NO_CONVERSION, convert_text

MAX_QUERY_LENGTH = 200  # characters of a query looked at
MAX_TERMS = 32  # index terms of a query looked at
MAX_NEEDLES = 8  # whitespace-separated parts of a query looked at
SCAN_LIMIT = 200  # matches a scan (no index) counts at most
SNIPPET_WIDTH = 120  # characters of text around the first match
SNIPPET_LEAD = 30  # of which before it

NOTHING_TO_SEARCH = "请输入要搜索的文字（汉字至少一个，或字母、数字）。"

_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")  # CJK characters are \w
_WORD_CHAR = re.compile(r"[^\W\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff_]")


@dataclass(frozen=True)
class SearchResult:
    article: Article
    title: str
    url: str
    snippet: SafeString
    score: float  # higher is better; comparable only within one search
    in_title: bool


@dataclass(frozen=True)
class SearchPage:
    results: list[SearchResult]
    total: int
    offset: int = 0
    limit: int = 20
    notice: str = ""  # why nothing was searched, when nothing was
    capped: bool = False  # a scan stopped counting at SCAN_LIMIT
    needles: tuple[str, ...] = field(default=())

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.limit)) if self.limit else 1


@dataclass(frozen=True)
class Query:
    """A query as the index sees it."""

    needles: tuple[str, ...]  # normalised, whitespace-separated parts: what a title must contain
    terms: tuple[str, ...]  # index terms: bigrams and words, deduplicated

    @property
    def has_lone_character(self) -> bool:
        # Terms are CJK bigrams or words; a term of one character that is no word character is a lone CJK one.
        return any(len(term) == 1 and not _WORD_CHAR.match(term) for term in self.terms)


def parse_query(query: str) -> Query:
    normalised = normalize(query[:MAX_QUERY_LENGTH])
    parts = (_EDGE_PUNCTUATION.sub("", part) for part in normalised.split())
    needles = tuple(dict.fromkeys(part for part in parts if grams(part)))[:MAX_NEEDLES]
    terms = tuple(dict.fromkeys(term for needle in needles for term in grams(needle)))[:MAX_TERMS]
    return Query(needles, terms)


def search(query: str, *, offset: int = 0, limit: int = 20) -> SearchPage:
    """One page of the articles matching every term of ``query``, titles first, best first."""
    parsed = parse_query(query)
    offset, limit = max(offset, 0), max(limit, 1)
    if not parsed.terms:
        return SearchPage([], 0, offset, limit, notice=NOTHING_TO_SEARCH)
    connection = connections[Article.objects.db]
    if parsed.has_lone_character or connection.vendor not in _INDEXED:
        return _scan(parsed, offset, limit)
    sql, params = _INDEXED[connection.vendor](parsed)
    rows = list(Article.objects.raw(sql, [*params, limit, offset]))
    if rows:
        total = rows[0].total
    elif offset:
        total = _count(connection, parsed)
    else:
        total = 0
    return SearchPage([_result(row, parsed) for row in rows], total, offset, limit, needles=parsed.needles)


# -- the index on each database ---------------------------------------------------------------------------------------


def _title_test(parsed: Query) -> tuple[str, list[str]]:
    """SQL true when the title key holds every part of the query, and its parameters."""
    test = " AND ".join(["a.title_key LIKE %s ESCAPE '\\'"] * len(parsed.needles))
    return f"({test})", [f"%{_escape_like(needle)}%" for needle in parsed.needles]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fts5_query(terms) -> str:
    """An FTS5 MATCH expression: every term a quoted token (implicitly ANDed)."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def tsquery(terms) -> str:
    """A to_tsquery expression: every term a quoted lexeme, ANDed."""
    return " & ".join("'" + term.replace("\\", "\\\\").replace("'", "''") + "'" for term in terms)


def _sqlite_sql(parsed: Query) -> tuple[str, list]:
    title_test, title_params = _title_test(parsed)
    # bm25() is only allowed in the query over the FTS table itself, not next to a window function.
    sql = (
        "WITH hits AS (SELECT rowid AS id, bm25(articles_search) AS rank FROM articles_search "
        "WHERE articles_search MATCH %s) "
        "SELECT a.id, a.title, a.search_text, -hits.rank AS score, "
        f"{title_test} AS in_title, count(*) OVER () AS total "
        "FROM hits JOIN articles_article a ON a.id = hits.id "
        "ORDER BY in_title DESC, score DESC, a.title LIMIT %s OFFSET %s"
    )
    return sql, [fts5_query(parsed.terms), *title_params]


def _postgresql_sql(parsed: Query) -> tuple[str, list]:
    # search_vector is a stored column with a GIN index (migration 0005): @@ is served by the index and
    # ts_rank reads the stored vector. Only the page of results reads the wide search_text.
    title_test, title_params = _title_test(parsed)
    sql = (
        "WITH hits AS ("
        "SELECT a.id, a.title, ts_rank(a.search_vector, q.query) AS score, "
        f"{title_test} AS in_title, count(*) OVER () AS total "
        "FROM articles_article a CROSS JOIN to_tsquery('simple', %s) AS q(query) "
        "WHERE a.search_vector @@ q.query "
        "ORDER BY in_title DESC, score DESC, a.title LIMIT %s OFFSET %s) "
        "SELECT hits.id, hits.title, a.search_text, hits.score, hits.in_title, hits.total "
        "FROM hits JOIN articles_article a ON a.id = hits.id "
        "ORDER BY hits.in_title DESC, hits.score DESC, hits.title"
    )
    return sql, [*title_params, tsquery(parsed.terms)]


_INDEXED = {"sqlite": _sqlite_sql, "postgresql": _postgresql_sql}

_COUNT = {
    "sqlite": ("SELECT count(*) FROM articles_search WHERE articles_search MATCH %s", fts5_query),
    "postgresql": (
        "SELECT count(*) FROM articles_article WHERE search_vector @@ to_tsquery('simple', %s)",
        tsquery,
    ),
}


def _count(connection, parsed: Query) -> int:
    sql, expression = _COUNT[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression(parsed.terms)])
        return cursor.fetchone()[0]


def _scan(parsed: Query, offset: int, limit: int) -> SearchPage:
    """No index can answer: titles and text scanned, at most SCAN_LIMIT matches counted."""
    in_title = Q()
    matches = Q()
    for needle in parsed.needles:
        in_title &= Q(title_key__contains=needle)
        forms = {needle, convert_text(needle, "zh-hant"), convert_text(needle, "zh-tw"), convert_text(needle, "zh-hk")}
        in_text = Q()
        for form in sorted(forms):
            in_text |= Q(search_text__icontains=form)
        matches &= Q(title_key__contains=needle) | in_text
    ids = list(
        Article.objects.filter(matches)
        .annotate(in_title=Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("-in_title", "title")
        .values_list("id", "in_title")[: SCAN_LIMIT + 1]
    )
    capped = len(ids) > SCAN_LIMIT
    ids = ids[:SCAN_LIMIT]
    wanted = dict(ids[offset : offset + limit])
    rows = Article.objects.filter(id__in=wanted).only("id", "title", "search_text") if wanted else []
    by_id = {row.id: row for row in rows}
    results = []
    for article_id, title_hit in wanted.items():
        row = by_id[article_id]
        row.score, row.in_title = float(title_hit), title_hit
        results.append(_result(row, parsed))
    return SearchPage(results, len(ids), offset, limit, capped=capped, needles=parsed.needles)


def _result(row: Article, parsed: Query) -> SearchResult:
    return SearchResult(
        article=row,
        title=row.title,
        url=row.get_absolute_url(),
        snippet=snippet(row.search_text, parsed),
        score=float(row.score or 0),
        in_title=bool(row.in_title),
    )


# -- keeping the SQLite index whole -----------------------------------------------------------------------------------

SQLITE_TRIGGERS = {
    "articles_search_ai": "CREATE TRIGGER IF NOT EXISTS articles_search_ai AFTER INSERT ON articles_article BEGIN "
    "INSERT INTO articles_search(rowid, search_terms) VALUES (new.id, new.search_terms); END",
    "articles_search_ad": "CREATE TRIGGER IF NOT EXISTS articles_search_ad AFTER DELETE ON articles_article BEGIN "
    "INSERT INTO articles_search(articles_search, rowid, search_terms) VALUES ('delete', old.id, old.search_terms); "
    "END",
    "articles_search_au": "CREATE TRIGGER IF NOT EXISTS articles_search_au AFTER UPDATE OF id, search_terms "
    "ON articles_article BEGIN "
    "INSERT INTO articles_search(articles_search, rowid, search_terms) VALUES ('delete', old.id, old.search_terms); "
    "INSERT INTO articles_search(rowid, search_terms) VALUES (new.id, new.search_terms); END",
}


def ensure_index(using: str = DEFAULT_DB_ALIAS, **kwargs) -> bool:
    """Put back the SQLite triggers a table rebuild dropped, and refill the index; True when it had to.

    SQLite cannot alter most columns in place: Django rebuilds the table (new
    table, copy, drop, rename), and dropping the old table drops its triggers, so
    the FTS table would silently stop following the articles. Meant as a
    ``post_migrate`` receiver (``post_migrate.connect(search.ensure_index, sender=app_config)``);
    does nothing elsewhere, or before migration 0003 made the index.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        names = ["articles_search", *SQLITE_TRIGGERS]
        cursor.execute(f"SELECT name FROM sqlite_master WHERE name IN ({', '.join(['%s'] * len(names))})", names)
        present = {name for (name,) in cursor.fetchall()}
        if "articles_search" not in present or present >= set(SQLITE_TRIGGERS):
            return False
        for statement in SQLITE_TRIGGERS.values():
            cursor.execute(statement)
        cursor.execute("INSERT INTO articles_search(articles_search) VALUES ('rebuild')")
    return True


# -- snippets ---------------------------------------------------------------------------------------------------------


def _pattern(pieces) -> re.Pattern | None:
    """Any of ``pieces`` (normalised), longest first; words only as whole words."""
    alternatives = []
    for piece in sorted(set(pieces), key=len, reverse=True):
        before = r"(?<!" + _WORD_CHAR.pattern + ")" if _WORD_CHAR.match(piece[0]) else ""
        after = r"(?!" + _WORD_CHAR.pattern + ")" if _WORD_CHAR.match(piece[-1]) else ""
        alternatives.append(before + re.escape(piece) + after)
    return re.compile("|".join(alternatives)) if alternatives else None


def _aligned(display: str) -> str:
    """``display`` normalised with every character where it was, for finding matches in it.

    Character conversion keeps lengths nearly always; a stretch between spaces whose
    normalisation does not (a casefolded ß, a rare phrase rule) is blanked out instead.
    """
    normalised = normalize(display)
    if len(normalised) == len(display):
        return normalised
    chunks = []
    for chunk in re.split(r"(\s+)", display):
        converted = normalize(chunk)
        chunks.append(converted if len(converted) == len(chunk) else "\0" * len(chunk))
    return "".join(chunks)


def snippet(text: str, parsed: Query, width: int = SNIPPET_WIDTH) -> SafeString:
    """About ``width`` characters of ``text`` around the first match, matches in <mark>, the rest escaped.

    The text is shown in its own characters (variant markup resolved, no conversion)
    and matched variant-blind in its normalised form, aligned character by character;
    with no match (a title-only hit) the snippet is the start of the text.
    """
    display = convert_text(" ".join(text.split("\n")), NO_CONVERSION)
    normalised = _aligned(display)
    spans: list[list[int]] = []
    start = 0
    # Each part of the query marked where it stands whole; where it does not, its bigrams.
    found = [needle for needle in parsed.needles if _pattern([needle]).search(normalised)]
    missing = [term for needle in parsed.needles if needle not in found for term in grams(needle)]
    whole = _pattern(found)
    pieces = _pattern([*found, *missing])
    first = whole.search(normalised) if whole else None
    if first is None and pieces is not None:
        first = pieces.search(normalised)
    if first is not None:
        start = max(0, first.start() - SNIPPET_LEAD)
        end = min(len(display), start + width)
        start = max(0, end - width)
        for match in pieces.finditer(normalised, start, end):
            if spans and match.start() <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], match.end())
            else:
                spans.append([match.start(), match.end()])
    end = min(len(display), start + width)
    parts = ["…"] if start > 0 else []
    position = start
    for span_start, span_end in spans:
        parts += [escape(display[position:span_start]), "<mark>", escape(display[span_start:span_end]), "</mark>"]
        position = span_end
    parts.append(escape(display[position:end]))
    if end < len(display):
        parts.append("…")
    return mark_safe("".join(parts))

"""kill -9 during an import or an edit leaves no partial revision and no page without its current revision.

Each test runs siberia in a child process on a database of its own (a file for
SQLite, a throwaway database beside the test one for PostgreSQL), kills it
mid-work with SIGKILL, then checks what the database holds.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import uuid

import pytest
from django.db import connection

from tests.conftest import CORPUS, ROOT

# What must hold after any crash: each article's current revision exists, is its own and its newest;
# every revision's parent is the one before it; the rows derived match the current text.
CHECK = """
import json
from articles.models import Article, Revision
from wikitext.parsing import parse_page
problems = []
for article in Article.objects.select_related("current_revision"):
    current = article.current_revision
    numbers = list(Revision.objects.filter(article=article).order_by("number").values_list("number", "parent__number"))
    if current is None or current.article_id != article.pk:
        problems.append(f"{article.title}: no current revision")
        continue
    if numbers[-1][0] != current.number or [n for n, _ in numbers] != list(range(1, len(numbers) + 1)):
        problems.append(f"{article.title}: revisions {numbers}, current {current.number}")
    if any(parent != (n - 1 if n > 1 else None) for n, parent in numbers):
        problems.append(f"{article.title}: parents {numbers}")
    if article.lead != parse_page(current.text, article.title).lead:
        problems.append(f"{article.title}: rows not derived from the current revision")
orphans = Revision.objects.filter(article__isnull=True).count()
print(json.dumps({"articles": Article.objects.count(), "revisions": Revision.objects.count(),
                  "orphans": orphans, "problems": problems}))
"""

EDIT_LOOP = """
import sys
from articles.models import Article, Revision
article = Article.objects.get(title="甲")
for n in range(10_000):
    article.commit(f"第{n}版。\\n\\n" + "正文。" * 20000, kind=Revision.EDIT, author="loop")
    print(n, flush=True)
"""


@pytest.fixture
def own_database(transactional_db, tmp_path):
    """(the URL of a fresh, migrated database of the test's own, env for the child processes)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
        drop = None
    else:
        import psycopg2

        name = f"siberia_crash_{uuid.uuid4().hex[:8]}"
        params = {
            "host": settings["HOST"] or "127.0.0.1",
            "port": settings["PORT"] or 5432,
            "user": settings["USER"],
            "password": settings["PASSWORD"],
            "dbname": "postgres",
        }
        admin = psycopg2.connect(**params)
        admin.autocommit = True
        admin.cursor().execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{params['user']}:{params['password']}@{params['host']}:{params['port']}/{name}"

        def drop():
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()

    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1"}
    _manage(env, "migrate", "--noinput", "-v0")
    yield env
    if drop:
        drop()


def _manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True, **kwargs
    )


def _state(env):
    return json.loads(_manage(env, "shell", "-c", CHECK).stdout.strip().splitlines()[-1])


def _kill_when(process, stream, ready):
    """SIGKILL ``process`` once a line of ``stream`` satisfies ``ready``."""
    for line in stream:
        if ready(line):
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def test_kill_9_during_an_import(own_database, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for copy in range(6):
        for path in CORPUS.glob("*.md"):
            shutil.copy(path, pages / f"{path.stem}_{copy}.md")
    total = len(list(pages.glob("*.md")))
    command = [
        sys.executable,
        "manage.py",
        "import_articles",
        "--batch-size",
        "5",
        "--progress-every",
        "20",
        str(pages),
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=own_database, stderr=subprocess.PIPE, text=True)
    _kill_when(process, process.stderr, lambda line: line.startswith(("60/", "80/", "100/")))
    crashed = _state(own_database)
    assert crashed["problems"] == [] and crashed["orphans"] == 0
    assert crashed["revisions"] == crashed["articles"] < total
    # Run again, the import finishes what the crash left: every page once, one revision each.
    _manage(own_database, "import_articles", str(pages))
    done = _state(own_database)
    assert (done["articles"], done["revisions"], done["problems"]) == (total, total, [])


def test_kill_9_during_edits(own_database, tmp_path):
    page = tmp_path / "甲.md"
    page.write_text("第一版。", encoding="utf-8")
    _manage(own_database, "import_articles", str(page))
    command = [sys.executable, "manage.py", "shell", "-c", EDIT_LOOP]
    process = subprocess.Popen(command, cwd=ROOT, env=own_database, stdout=subprocess.PIPE, text=True)
    _kill_when(process, process.stdout, lambda line: line.strip() == "3")
    state = _state(own_database)
    assert state["problems"] == [] and state["orphans"] == 0
    assert state["articles"] == 1 and state["revisions"] >= 5  # the import, then at least four edits

"""The database's watch (articles.changes): a token that changes when any writer commits, None when it cannot tell."""

import contextlib
import sqlite3
import subprocess
import sys
import time

import psycopg2
import pytest
from django.db import connection

from articles import changes
from articles.models import Article


def commit_elsewhere(path, sql):
    """Commit ``sql`` from another process, as another worker or a shell would."""
    script = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()"
    subprocess.run([sys.executable, "-c", script, str(path), sql], check=True)


def sqlite_database(path):
    """A WAL database at ``path`` with one table, and the connection that made it."""
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE t (x)")
    setup.commit()
    return path, setup


@pytest.fixture
def database(tmp_path):
    return sqlite_database(tmp_path / "pages.sqlite3")


def test_sqlite_a_commit_in_another_process_changes_the_token(database):
    path, _ = database
    watch = changes.SQLiteWatch(str(path))
    first = watch.token()
    assert first is not None and watch.token() == first  # nothing committed: the same
    commit_elsewhere(path, "INSERT INTO t VALUES (1)")
    second = watch.token()
    assert second != first and watch.token() == second


def test_sqlite_an_uncommitted_write_changes_nothing_until_it_commits(database):
    path, writer = database
    watch = changes.SQLiteWatch(str(path))
    first = watch.token()
    writer.execute("INSERT INTO t VALUES (1)")  # a transaction still open
    assert watch.token() == first
    writer.commit()
    assert watch.token() != first


def test_a_watch_that_cannot_open_its_database_cannot_tell_and_tries_again(tmp_path, monkeypatch):
    path = tmp_path / "not-yet.sqlite3"
    watch = changes.SQLiteWatch(str(path))
    assert watch.token() is None
    sqlite3.connect(path).execute("CREATE TABLE t (x)")
    assert watch.token() is None  # not before RETRY_SECONDS
    later = changes._clock() + changes.RETRY_SECONDS
    monkeypatch.setattr(changes, "_clock", lambda: later)
    assert watch.token() is not None


def test_a_reopened_watch_never_repeats_a_token_from_before(database):
    path, _ = database
    watch = changes.SQLiteWatch(str(path))
    before = watch.token()
    watch.close()  # as when its connection broke
    after = watch.token()
    assert after is not None and after > before


def test_each_process_has_its_own_watch_of_a_database():
    assert changes.watch("default") is changes.watch("default")


@pytest.mark.parametrize(
    "name, watched",
    [(":memory:", False), ("file:one?mode=memory", False), ("file:memorydb_default?mode=memory&cache=shared", True)],
)
def test_private_memory_has_no_watch(name, watched, settings):
    from django.db import connections

    connections["default"].settings_dict["NAME"], saved = name, connections["default"].settings_dict["NAME"]
    try:
        if connection.vendor != "sqlite":
            pytest.skip("SQLite's names")
        assert isinstance(changes._watch_for("default"), changes.SQLiteWatch) is watched
    finally:
        connections["default"].settings_dict["NAME"] = saved


# PostgreSQL: a trigger on articles_article notifies the watch's LISTEN.

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's LISTEN/NOTIFY")


@pytest.fixture
def listening():
    """A PostgreSQL watch of the test database, closed at the end."""
    watch = changes.PostgresWatch(connection.get_connection_params())
    yield watch
    watch.close()


def settled(watch, rounds=200):
    """The token once the notifications sent so far have arrived (they follow a commit within µs)."""
    token = watch.token()
    for _ in range(rounds):
        time.sleep(0.005)
        if watch.token() == token:
            return token
        token = watch.token()
    return token


@contextlib.contextmanager
def other_cursor():
    """A cursor of a connection of its own, closed at the end (psycopg2's own ``with`` leaves it open)."""
    with contextlib.closing(psycopg2.connect(**connection.get_connection_params())) as writer:
        writer.autocommit = True
        with writer.cursor() as cursor:
            yield cursor


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_any_writer_of_articles_changes_the_token(seed_article, listening):
    watch = listening
    first = settled(watch)
    assert first is not None
    with other_cursor() as cursor:  # raw SQL, from outside Django
        cursor.execute("UPDATE articles_article SET version = version + 1")
    second = settled(watch)
    assert second != first
    with other_cursor() as cursor:
        cursor.execute("UPDATE references_reference SET source = source")  # nothing a page's key depends on
    assert settled(watch) == second
    Article.objects.get().delete()
    assert settled(watch) != second


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_a_lost_listener_cannot_tell_then_starts_a_new_epoch(listening, monkeypatch):
    watch = listening
    before = settled(watch)
    with other_cursor() as cursor:
        listeners = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = %s"
        cursor.execute(listeners, [f"LISTEN {changes.CHANNEL}"])
    deadline = time.monotonic() + 5
    while watch.token() is not None and time.monotonic() < deadline:  # until the socket shows it closed
        time.sleep(0.005)
    assert watch.token() is None
    later = changes._clock() + changes.RETRY_SECONDS
    monkeypatch.setattr(changes, "_clock", lambda: later)
    after = watch.token()
    assert after is not None and after > before


def test_sqlite_no_thread_gets_a_token_from_before_a_commit(database):
    """Threads share a pool of connections; the token they share only goes up."""
    import threading

    path, _ = database
    watch = changes.SQLiteWatch(str(path))

    def in_thread():
        tokens = []
        thread = threading.Thread(target=lambda: tokens.append(watch.token()))
        thread.start()
        thread.join()
        return tokens[0]

    first = watch.token()
    assert watch.token() == first and in_thread() == first  # another thread, the pooled connection: no change
    held = watch._idle.get_nowait()  # a request still reading: the next one opens a connection…
    opened = watch.token()
    assert opened > first  # …which may have missed a change, so every token before it is stale
    watch._idle.put(held)
    assert watch.token() == opened == in_thread()
    commit_elsewhere(path, "INSERT INTO t VALUES (1)")
    assert in_thread() > opened and watch.token() > opened
    watch.close()


def test_a_path_with_uri_characters_is_watched_as_that_file(tmp_path):
    path, _ = sqlite_database(tmp_path / "a#b?c%d.sqlite3")
    watch = changes.SQLiteWatch(str(path))
    first = watch.token()
    commit_elsewhere(path, "INSERT INTO t VALUES (1)")
    assert first is not None and watch.token() > first
    watch.close()

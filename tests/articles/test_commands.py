"""The management commands as an operator runs them, good input and bad."""

import json
import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from articles.models import Article, Revision, Section
from tests.conftest import NEIGHBOURS, SEED_PAGE

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_folder_recursively(tmp_path):
    shutil.copytree(NEIGHBOURS, tmp_path / "a" / "b")
    out, _ = run("import_articles", str(tmp_path))
    assert "4 created, 0 updated, 0 unchanged, 0 kept as edited, 0 failed" in out
    assert set(Article.objects.values_list("title", flat=True)) == {
        "日本人",
        "高加索",
        "日本僑俘遣返",
        "日本裔俄羅斯人",
    }
    out, _ = run("import_articles", str(tmp_path))
    assert "0 created, 0 updated, 4 unchanged, 0 kept as edited, 0 failed" in out


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("空.md", b"", "the file is empty"),
        ("壞.md", "正文".encode("utf-16"), "not valid UTF-8"),
        ("無字.md", b'[Category:X](https://zh.wikipedia.org/wiki/Category:X "wikilink")\n', "the page has no text"),
    ],
)
def test_bad_files_are_named_and_the_others_imported(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    shutil.copy(SEED_PAGE, tmp_path)
    with pytest.raises(CommandError) as error:
        run("import_articles", str(tmp_path))
    assert f"{tmp_path / name}: {reason}" in str(error.value)
    assert list(Article.objects.values_list("title", flat=True)) == ["西伯利亞滯留者"]
    assert not Section.objects.exclude(article__title="西伯利亞滯留者").exists()


def test_marker_without_reference_warns_with_file(tmp_path):
    page = tmp_path / "缺.md"
    page.write_text("甲\\[1\\]乙\\[9\\]\n\n1.  一\n", encoding="utf-8")
    out, err = run("import_articles", str(page))
    assert f"warning: {page}: footnote marker [9] has no reference 9" in err
    assert "1 created" in out


def test_missing_path_is_an_error():
    with pytest.raises(CommandError, match="no such file or folder"):
        run("import_articles", "/nonexistent/pages")


def test_fixture_build_is_byte_identical_to_the_committed_file(tmp_path):
    built = tmp_path / "siberia.json"
    run("build_fixtures", "--output", str(built))
    assert built.read_bytes() == settings.SEED_FIXTURE.read_bytes()
    run("build_fixtures", "--output", str(built))
    assert built.read_bytes() == settings.SEED_FIXTURE.read_bytes()


def test_fixture_holds_the_page_text_only():
    data = json.loads(settings.SEED_FIXTURE.read_text(encoding="utf-8"))
    assert [(row["model"], sorted(row["fields"])) for row in data] == [
        ("articles.article", ["title"]),
        ("articles.revision", ["article", "author", "number", "summary", "text"]),
    ]
    assert "pk" not in data[0] and "pk" not in data[1]
    assert data[1]["fields"]["text"] == SEED_PAGE.read_text(encoding="utf-8")


def test_dry_run_writes_nothing_and_says_what_would_happen(tmp_path):
    shutil.copy(SEED_PAGE, tmp_path)
    out, _ = run("import_articles", "--dry-run", str(tmp_path))
    assert (
        "1 would be created, 0 would be updated, 0 unchanged, 0 kept as edited, 0 failed (dry run: nothing written)"
        in out
    )
    assert not Article.objects.exists()


def test_two_files_with_one_title_are_reported_not_merged(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "Tornado_Web.md").write_text("甲", encoding="utf-8")
    (tmp_path / "b" / "Tornado Web.md").write_text("乙", encoding="utf-8")
    with pytest.raises(CommandError, match="is also that of"):
        run("import_articles", str(tmp_path))
    assert Article.objects.get().lead == "甲"


def test_decomposed_file_names_are_normalised_to_nfc(tmp_path):
    import unicodedata

    name = unicodedata.normalize("NFD", "Café.md")
    (tmp_path / name).write_text("甲", encoding="utf-8")
    run("import_articles", str(tmp_path))
    assert Article.objects.get().title == "Café"


def test_changed_file_is_reported_as_replaced(tmp_path):
    page = tmp_path / "甲.md"
    page.write_text("一", encoding="utf-8")
    run("import_articles", str(page))
    page.write_text("二", encoding="utf-8")
    out, _ = run("import_articles", str(page))
    assert (
        "updated: 甲 (the file changed since its last import: revision 2; the earlier ones stay in the history)" in out
    )
    assert list(Article.objects.get().revisions.order_by("number").values_list("text", flat=True)) == ["一", "二"]
    assert "0 created, 1 updated, 0 unchanged, 0 kept as edited, 0 failed" in out


def test_progress_lines_when_not_on_a_terminal(tmp_path):
    for n in range(5):
        (tmp_path / f"頁{n}.md").write_text(f"第{n}頁", encoding="utf-8")
    _, err = run("import_articles", "--progress-every", "2", str(tmp_path))
    assert "2/5 pages" in err and "4/5 pages" in err


def test_worker_processes_import_the_same_pages(tmp_path):
    shutil.copytree(NEIGHBOURS, tmp_path / "pages")
    shutil.copy(SEED_PAGE, tmp_path / "pages")
    (tmp_path / "pages" / "空.md").write_bytes(b"")
    with pytest.raises(CommandError, match="空.md: the file is empty"):
        run("import_articles", "--workers", "2", "--batch-size", "2", str(tmp_path / "pages"))
    assert Article.objects.count() == 5
    seed = Article.objects.get(title="西伯利亞滯留者")
    assert seed.references.count() == 4 and seed.categories.count() == 6 and seed.related_entries.count() == 5


def test_a_page_the_database_refuses_fails_alone(tmp_path, monkeypatch):
    section_rows = Section.rows

    def section_rows_with_a_bad_row(article_id, page):
        rows = section_rows(article_id, page)
        if page.parsed.title == "壞":
            rows[0] = (article_id, None, *rows[0][2:])  # order is NOT NULL: the database refuses the batch
        return rows

    monkeypatch.setattr(Section, "rows", staticmethod(section_rows_with_a_bad_row))
    for title in ("好", "壞", "佳"):
        (tmp_path / f"{title}.md").write_text(f"{title}\n\n## 節\n\n文", encoding="utf-8")
    with pytest.raises(CommandError, match="壞.md: the database refused it"):
        run("import_articles", str(tmp_path))
    assert sorted(Article.objects.values_list("title", flat=True)) == ["佳", "好"]
    assert not Section.objects.filter(article__title="壞").exists()
    assert not Revision.objects.filter(article__title="壞").exists()


def _older(title):
    """The article as an older siberia left it: other HTML, derived by an earlier version."""
    Article.objects.filter(title=title).update(lead_html="<p>舊</p>", derived_with=1)
    Section.objects.filter(article__title=title).update(html="<p>舊</p>")


def test_render_articles_renews_what_an_older_siberia_derived(tmp_path):
    from wikitext.derivation import DERIVATION_VERSION

    shutil.copytree(NEIGHBOURS, tmp_path / "pages")
    run("import_articles", str(tmp_path / "pages"))
    current = Article.objects.get(title="高加索")
    _older("日本人")
    out, _ = run("import_articles", str(tmp_path / "pages"))
    assert "1 page(s) hold HTML an older siberia derived: python manage.py render_articles renews them" in out

    out, _ = run("render_articles")
    assert out.strip() == "1 rendered, 0 failed"
    renewed = Article.objects.get(title="日本人")
    assert renewed.derived_with == DERIVATION_VERSION
    assert renewed.lead_html.startswith("<p><strong>日本人</strong>")
    assert not Section.objects.filter(article=renewed, html="<p>舊</p>").exists()
    assert Article.objects.get(title="高加索").version == current.version  # left alone
    out, _ = run("render_articles")
    assert out.strip() == "0 rendered, 0 failed"


def test_render_articles_named_or_all(tmp_path):
    shutil.copytree(NEIGHBOURS, tmp_path / "pages")
    run("import_articles", str(tmp_path / "pages"))
    before = dict(Article.objects.values_list("title", "version"))
    out, _ = run("render_articles", "高加索")
    assert out.strip() == "1 rendered, 0 failed"
    out, _ = run("render_articles", "--all")
    assert out.strip() == "4 rendered, 0 failed"
    after = dict(Article.objects.values_list("title", "version"))
    assert after == {title: version + (2 if title == "高加索" else 1) for title, version in before.items()}
    with pytest.raises(CommandError, match="no article titled '無此條目'"):
        run("render_articles", "無此條目", "高加索")


def test_render_articles_reports_an_article_it_cannot_render_and_goes_on(tmp_path, render_fails_for):
    shutil.copytree(NEIGHBOURS, tmp_path / "pages")
    run("import_articles", str(tmp_path / "pages"))
    for title in ("日本人", "高加索"):
        _older(title)
    render_fails_for("日本人", ValueError("broken source"))
    with pytest.raises(CommandError, match="1 article\\(s\\) failed:\n日本人: ValueError: broken source"):
        run("render_articles")
    assert Article.objects.get(title="高加索").lead_html != "<p>舊</p>"
    assert Article.objects.get(title="日本人").lead_html == "<p>舊</p>"


def test_unchanged_files_are_only_hashed_on_a_second_import(tmp_path, monkeypatch):
    from articles.importer import files

    shutil.copytree(NEIGHBOURS, tmp_path / "pages")
    run("import_articles", str(tmp_path / "pages"))
    changed = tmp_path / "pages" / "高加索.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n追加。\n", encoding="utf-8")
    parsed = []
    parse_page = files.parse_page
    monkeypatch.setattr(files, "parse_page", lambda text, title: parsed.append(title) or parse_page(text, title))
    out, _ = run("import_articles", str(tmp_path / "pages"))
    assert "0 created, 1 updated, 3 unchanged, 0 kept as edited, 0 failed" in out
    assert parsed == ["高加索"]


def test_a_file_repeating_the_title_of_an_unchanged_page_is_reported(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "Tornado_Web.md").write_text("甲", encoding="utf-8")
    run("import_articles", str(tmp_path / "a"))
    (tmp_path / "b" / "Tornado Web.md").write_text("甲", encoding="utf-8")
    with pytest.raises(CommandError, match="b/Tornado Web.md: the title 'Tornado Web' is also that of"):
        run("import_articles", str(tmp_path))


def test_worker_processes_skip_unchanged_files_too(tmp_path):
    shutil.copytree(NEIGHBOURS, tmp_path / "pages")
    run("import_articles", "--workers", "2", str(tmp_path / "pages"))
    before = dict(Article.objects.values_list("title", "updated_at"))
    out, _ = run("import_articles", "--workers", "2", str(tmp_path / "pages"))
    assert "0 created, 0 updated, 4 unchanged, 0 kept as edited, 0 failed" in out
    assert dict(Article.objects.values_list("title", "updated_at")) == before


def test_dry_run_over_a_folder_imported_before_costs_one_query_a_window(tmp_path, django_assert_num_queries):
    shutil.copytree(NEIGHBOURS, tmp_path / "pages")
    run("import_articles", str(tmp_path / "pages"))
    changed = tmp_path / "pages" / "高加索.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n追加。\n", encoding="utf-8")
    shutil.copy(SEED_PAGE, tmp_path / "pages")
    with django_assert_num_queries(1):  # the stored digests of the window's titles
        out, _ = run("import_articles", "--dry-run", str(tmp_path / "pages"))
    assert "would update: 高加索 (the file changed since its last import)" in out
    assert (
        "1 would be created, 1 would be updated, 3 unchanged, 0 kept as edited, 0 failed (dry run: nothing written)"
        in out
    )


def test_control_characters_in_a_file_name_stay_out_of_the_title_and_the_history(tmp_path):
    (tmp_path / "控\x01名\x85.md").write_text("正文", encoding="utf-8")
    run("import_articles", str(tmp_path))
    article = Article.objects.get()
    revision = article.current_revision
    assert article.title == "控名"
    assert "\x01" not in revision.summary + revision.source_path and "\x85" not in revision.summary

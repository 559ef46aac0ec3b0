"""Search: which pages are indexed, how the indexer and the worker see each language, the index build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portal.languages import Language
from portal.project import Project
from portal.sitebuild.pagefind_index import SearchIndexError, build_search_index, fold_text, index_copy, marked_article
from portal.sitebuild.search import (
    MARKED_ARTICLE,
    fold_for_index,
    mark_indexable,
    configure_search,
    worker_settings,
)

LANGUAGES = Project(Path(__file__).resolve().parents[2]).languages


def material_page(lang: str, body: str, title: str = "Trang") -> str:
    """A page as Material writes it, the parts the search code reads."""
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head><body>'
        '<nav>Trang chủ Điều hướng</nav><div class="md-content" data-md-component="content">'
        f'<article class="md-content__inner md-typeset">{body}</article></div><footer>Chân trang</footer></body></html>'
    )


def test_undecomposable_letters_are_written_foldably_in_text_only():
    assert fold_for_index("Điện Biên, đầu tư, Đà Nẵng") == "D\u0335iện Biên, d\u0335ầu tư, D\u0335à Nẵng"
    # Heading anchors and links keep their đ: they are the addresses results link to.
    html = '<h2 id="đầu-tư">Đầu tư <a class="headerlink" href="#đầu-tư" title="Đầu">¶</a></h2>'
    assert fold_text(html) == '<h2 id="đầu-tư">D\u0335ầu tư <a class="headerlink" href="#đầu-tư" title="Đầu">¶</a></h2>'


def test_only_the_marked_article_is_copied_for_the_indexer():
    page = mark_indexable(material_page("vi", "<h1>Đà Nẵng</h1><article><p>Trong</p></article><p>Sau</p>"))
    assert MARKED_ARTICLE in page
    assert marked_article(page).endswith("<p>Sau</p></article>")
    lang, copy = index_copy(page, LANGUAGES)
    assert lang == "vi" and "D\u0335à Nẵng" in copy and "<title>Trang</title>" in copy
    assert "Điều hướng" not in copy and "Chân trang" not in copy, "navigation and footer are not the page's text"
    assert index_copy(material_page("en", "<h1>Not marked</h1>"), LANGUAGES) is None
    english = index_copy(mark_indexable(material_page("en", "<p>Đà Nẵng</p>")), LANGUAGES)[1]
    assert "Đà Nẵng" in english, "only a language that folds diacritics has its letters rewritten"


def test_worker_settings_come_from_the_language_data():
    vi, en, zh = (worker_settings(LANGUAGES[code], root)["config"] for code, root in (("vi", ""), ("en", "en/"), ("zh", "zh/")))
    assert vi["lang"] == ["vi"] and vi["portal"]["fold"] == {"đ": "d\u0335", "Đ": "D\u0335"} and not vi["portal"]["segment"]
    assert en["portal"]["fold"] == {} and not en["portal"]["segment"] and en["portal"]["root"] == "en/"
    assert zh["portal"]["segment"] and zh["portal"]["fold"] == {}
    # A language added by configuration is searched as its data file says, whatever its code.
    japanese = Language(code="ja", name="日本語", spaces_between_words=False)
    assert worker_settings(japanese, "ja/")["config"]["portal"]["segment"]
    # The bundle address is relative to the worker file (assets/javascripts/workers/).
    assert vi["portal"]["bundle"] == "../../../pagefind/"


def test_search_config_rebases_points_at_the_portal_worker_and_counts_honestly():
    config = {"base": "../..", "search": "../../assets/javascripts/workers/search.a7633da7.min.js", "x": 1,
              "translations": {"search.result.other": "# matching documents", "search.result.one": "1 matching document"}}
    html = f'<a href="..">x</a><script id="__config" type="application/json">{json.dumps(config)}</script>'
    out = json.loads(configure_search(html, "../../en", LANGUAGES["en"]).split('json">')[1].split("</script>")[0])
    assert out == {"base": "../../en/", "search": "../../assets/javascripts/workers/portal-search.js", "x": 1,
                   "translations": {"search.result.other": "The # best matches", "search.result.one": "1 matching document"}}
    zh = configure_search(html, "../../zh", LANGUAGES["zh"])
    assert "最相关的#个结果" in json.loads(zh.split('json">')[1].split("</script>")[0])["translations"]["search.result.other"]


def write_site(site: Path, pages: dict[str, str]) -> None:
    for rel, html in pages.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(html, encoding="utf-8")


def test_the_index_holds_each_language_and_only_marked_pages(tmp_path):
    site = tmp_path / "site"
    write_site(site, {
        "index.html": mark_indexable(material_page("vi", "<h1>Điện Biên</h1><p>Thu hút đầu tư.</p>")),
        "en/index.html": mark_indexable(material_page("en", "<h1>Home</h1><p>Investment.</p>")),
        # A page not yet translated: the Vietnamese text on the English site, unmarked.
        "en/about/index.html": material_page("en", "<h1>Giới thiệu</h1>"),
        "404.html": "<html lang=\"zh\"><body>404</body></html>",
    })
    counts = build_search_index(site, LANGUAGES)
    assert counts == {"vi": 1, "en": 1}
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {lang: index["page_count"] for lang, index in entry["languages"].items()} == {"vi": 1, "en": 1}
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert "Điện Biên" in (site / "index.html").read_text(encoding="utf-8"), "the page readers get keeps its đ"
    # A second build replaces the bundle whole.
    (site / "en" / "index.html").unlink()
    assert build_search_index(site, LANGUAGES) == {"vi": 1}
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"vi"}


def test_a_failed_index_build_names_what_failed(tmp_path):
    site = tmp_path / "site"
    write_site(site, {"index.html": mark_indexable(material_page("vi", "<h1>Trang</h1>"))})
    (site / ".pagefind-new").write_text("a file where Pagefind must write a folder", encoding="utf-8")
    with pytest.raises(SearchIndexError, match=r"Pagefind failed \(exit status \d+\) indexing the site"):
        build_search_index(site, LANGUAGES)
    assert not (site / "pagefind").exists()


def test_front_matter_behind_a_byte_order_mark_is_read():
    from portal.frontmatter import split_front_matter

    meta, end = split_front_matter("\ufeff---\ntitle: Trang\n---\nBody\n")
    assert meta == {"title": "Trang"} and end == len("\ufeff---\ntitle: Trang\n---\n")


def test_a_human_translation_not_yet_approved_is_not_called_machine(tmp_path):
    from portal.sitebuild.pages import machine_notice

    for lang, text in (("vi", "# Trang\n"), ("en", "# Page\n")):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "p.md").write_text(text, encoding="utf-8")
    assert machine_notice(tmp_path, "vi", "p.md", "en") is None
    (tmp_path / "en" / "p.md").write_text("---\ntranslation:\n  status: machine\n---\n# Page\n", encoding="utf-8")
    assert machine_notice(tmp_path, "vi", "p.md", "en") == "machine"

"""The generated glossary pages docs/<lang>/glossary/index.md."""

from __future__ import annotations

import lxml.html
import pytest
from markdown_it import MarkdownIt

from portal.glossary.page import page_path, render_page, write_pages
from portal.pages import decode_page
from portal.project import Project


@pytest.fixture(scope="module")
def languages(fixtures):
    return Project(fixtures).languages


def test_pages_have_heading_intro_filter_and_one_table_per_kind(small_glossary, languages):
    vi, en, zh = (render_page(small_glossary, language, languages) for language in languages)
    assert "# Thuật ngữ\n" in vi and "# Glossary\n" in en and "# 术语表\n" in zh
    assert "## Cơ quan, tổ chức" in vi and "## Agencies and organizations" in en and "## 机构与组织" in zh
    # The reader's language leads every table.
    assert '<th scope="col">Tiếng Việt</th><th scope="col">Tiếng Anh</th><th scope="col">Tiếng Trung</th>' in vi
    assert '<th scope="col">English</th><th scope="col">Vietnamese</th><th scope="col">Chinese</th>' in en
    assert '<th scope="col">中文</th><th scope="col">越南语</th><th scope="col">英语</th>' in zh
    assert en.count("<table data-portal-glossary") == 4  # agency, document-type, concept, place
    assert "## Titles" not in en  # kinds without entries get no section
    assert 'data-portal-filter hidden' in en and 'for="glossary-filter">Find a term</label>' in en
    assert 'data-count-one="{count} entry shown"' in en and 'data-count-other="显示{count}条"' in zh


def rows(page: str) -> list[lxml.html.HtmlElement]:
    return lxml.html.fromstring(page.split("---", 2)[2]).cssselect("table[data-portal-glossary] tbody tr")


def test_every_entry_has_a_stable_anchor_in_every_language(small_glossary, languages):
    anchors = {}
    for language in languages:
        found = rows(render_page(small_glossary, language, languages))
        anchors[language.code] = sorted(row.get("id") for row in found)
        for row in found:
            link = row.cssselect("a.portal-term-link")[0]
            assert link.get("href") == "#" + row.get("id")
            assert [cell.get("lang") for cell in row.cssselect("td")[:3]][0] == language.code
    assert anchors["vi"] == anchors["en"] == anchors["zh"]
    assert sorted(f"term-{entry.id}" for entry in small_glossary.entries) == anchors["en"]


@pytest.mark.parametrize("lang", ["vi", "en", "zh"])
def test_entries_are_sorted_as_the_readers_language_sorts(real_glossary, repo_root, lang):
    languages = Project(repo_root).languages
    language = languages[lang]
    page = render_page(real_glossary, language, languages)
    tables = lxml.html.fromstring(page.split("---", 2)[2]).cssselect("table[data-portal-glossary]")
    for table in tables:
        first = [row.cssselect("td")[0].text.strip() for row in table.cssselect("tbody tr")]
        assert first == sorted(first, key=language.sort_key), lang
    if lang == "zh":  # pinyin: an (安) before bei (北) before zhong (中), whatever the code points say
        assert sorted(["中央", "北京", "安全"], key=language.sort_key) == ["安全", "北京", "中央"]
    if lang == "vi":
        assert sorted(["Đà Nẵng", "Dân", "Bộ", "Ủy ban"], key=language.sort_key) == ["Bộ", "Dân", "Đà Nẵng", "Ủy ban"]


def test_pages_are_marked_generated(small_glossary, languages, tmp_path):
    record = decode_page(render_page(small_glossary, languages["en"], languages).encode(), tmp_path / "x.md").record
    assert record.generated and record.status.value == "reviewed"


def test_write_pages_atomically(small_glossary, languages, tmp_path):
    docs = tmp_path / "docs"
    page_path(docs, "en").parent.mkdir(parents=True)
    page_path(docs, "en").write_text("placeholder\n")
    written = write_pages(small_glossary, docs, languages)
    assert written == [page_path(docs, lang) for lang in ("vi", "en", "zh")]
    assert page_path(docs, "en").read_text(encoding="utf-8") == render_page(small_glossary, languages["en"], languages)
    assert sorted(p.name for p in page_path(docs, "en").parent.iterdir()) == ["index.md"]  # no temp files


def test_pipes_and_html_in_cells_are_escaped(small_glossary, languages):
    import dataclasses

    from portal.glossary import Glossary

    entries = list(small_glossary.entries)
    entries[0] = dataclasses.replace(entries[0], note='a | b <script>"', renderings={**entries[0].renderings,
                                                                                      "en": "<b>x</b>"})
    page = render_page(Glossary(tuple(entries)), languages["zh"], languages)
    assert "a | b &lt;script&gt;\"" in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert "<script>" not in page and "<b>" not in page


def test_committed_pages_are_up_to_date(real_glossary, repo_root):
    languages = Project(repo_root).languages
    for language in languages:
        path = page_path(repo_root / "docs", language.code)
        assert path.read_text(encoding="utf-8") == render_page(real_glossary, language, languages), (
            f"{path} is stale: run `portal glossary page`"
        )

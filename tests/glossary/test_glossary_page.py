"""The generated glossary pages docs/<lang>/glossary/index.md."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from portal.glossary.page import page_path, render_page, write_pages
from portal.pages import decode_page
from portal.project import Project


@pytest.fixture(scope="module")
def languages(fixtures):
    return Project(fixtures).languages


def test_pages_have_heading_intro_and_one_table_per_kind(small_glossary, languages):
    vi, en, zh = (render_page(small_glossary, language, languages) for language in languages)
    assert "# Thuật ngữ\n" in vi and "# Glossary\n" in en and "# 术语表\n" in zh
    assert "## Cơ quan, tổ chức" in vi and "## Agencies and organizations" in en and "## 机构与组织" in zh
    assert "| Tiếng Việt | Tiếng Anh | Tiếng Trung | Ghi chú |" in vi
    assert "| Vietnamese | English | Chinese | Note |" in en
    row = "| Ủy ban nhân dân thành phố Hà Nội (UBND thành phố Hà Nội) | Hanoi People's Committee | 河内市人民委员会 | Official name. |"
    assert row in en
    tokens = MarkdownIt("commonmark").enable("table").parse(en)
    assert sum(t.type == "table_open" for t in tokens) == 4  # agency, document-type, concept, place
    assert "## Titles" not in en  # kinds without entries get no section


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
    entries[0] = dataclasses.replace(entries[0], note="a | b <script>")
    assert "a \\| b &lt;script>" in render_page(Glossary(tuple(entries)), languages["zh"], languages)


def test_committed_pages_are_up_to_date(real_glossary, repo_root):
    languages = Project(repo_root).languages
    for language in languages:
        path = page_path(repo_root / "docs", language.code)
        assert path.read_text(encoding="utf-8") == render_page(real_glossary, language, languages), (
            f"{path} is stale: run `portal glossary page`"
        )

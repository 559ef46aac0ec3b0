"""One contract for every input format: the same document gives the same page.

The fixtures are generated from the seed texts (tests/importer/documents.py):
a .docx written with python-docx (header and signature tables, styles, Word's
automatic bullets, ruled tables with a repeated header row) and a PDF printed
by Debian's chromium from the same content with DejaVu fonts (tables split
over pages, columns, wrapped lines).  Each must import to the page the plain
text gives, apart from the file it came from and the quality score's last
digits; a PDF cannot tell whether a space followed a hyphen at a line break,
so ``SDL- QHPTTNDL`` and ``SDL-QHPTTNDL`` count as the same.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from documents import layout_html, seed_layout, write_docx, write_pdf
from portal.importer import load_document, render_page
from portal.importer.page import without_import_record

CONTRACT_SEEDS = ["hanoi-2015", "hanoi-2023", "haiphong", "hungyen"]
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


@pytest.fixture(scope="session")
def fonts() -> None:
    if not DEJAVU.is_file():
        pytest.fail(f"{DEJAVU} is missing: install Debian's fonts-dejavu-core (`make test-deps`)")


@pytest.fixture(scope="session")
def documents(seed_paths, tmp_path_factory, browser, fonts) -> dict[tuple[str, str], Path]:
    """Every contract seed as .txt, .docx and .pdf."""
    folder = tmp_path_factory.mktemp("formats")
    made = {}
    for key in CONTRACT_SEEDS:
        seed = seed_paths[key]
        layout = seed_layout(seed.read_text(encoding="utf-8"))
        made[(key, "text")] = shutil.copy(seed, folder / seed.name)
        made[(key, "docx")] = write_docx(layout, folder / f"{seed.stem}.docx")
        made[(key, "pdf")] = write_pdf(layout_html(layout), folder / f"{seed.stem}.pdf", browser)
    return made


def comparable(page: str, fmt: str) -> str:
    page = without_import_record(page)
    page = re.sub(r"^quality_score: .*\n", "", page, flags=re.M)
    if fmt == "pdf":
        page = re.sub(r"(\S-) (?=\S)", r"\1", page)
    return page


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("key", CONTRACT_SEEDS)
def test_every_format_gives_the_page_of_the_text(documents, seed_paths, key, fmt):
    name = seed_paths[key].name
    expected = load_document(documents[(key, "text")])
    document = load_document(documents[(key, fmt)])
    assert document.source.format == fmt
    assert comparable(render_page(document, name), fmt) == comparable(render_page(expected, name), fmt)
    assert document.quality.label == expected.quality.label == "ok"
    assert abs(document.quality.score - expected.quality.score) <= 0.01


def test_pdf_tables_split_over_pages_are_merged(documents):
    document = load_document(documents[("hanoi-2023", "pdf")])
    assert document.source.pages > 10
    assert [t.shape for t in document.tables] == [(59, 5), (48, 5)]
    assert document.source.tables_merged >= 4 and document.tables_merged == document.source.tables_merged
    assert len(document.tasks) == 49


def test_docx_numbering_and_layout_tables(documents):
    from portal.importer.formats import read_source

    source = read_source(documents[("hanoi-2023", "docx")])
    layout_rows = [line for line in source.lines if line.is_layout_row]
    assert layout_rows[0].cells == ("Số: 101 /KH-UBND", "Hà Nội, ngày 23 tháng 3 năm 2023")
    assert any(line.cells and line.cells[0].startswith("Nơi nhận") for line in layout_rows)
    # Word's automatic bullets are written out as the text's "- " items.
    assert sum(line.text.startswith("- ") for line in source.lines) > 20

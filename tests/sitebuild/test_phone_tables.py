"""Tables on a phone: every cell labelled with its column's name."""

from __future__ import annotations

import markdown

from portal.sitebuild.tables import label_cells


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["tables"])


def test_cells_carry_their_column_and_group_rows_are_marked():
    html = label_cells(render(
        "| No. | Task | Lead & partner | Time |\n| --- | --- | --- | --- |\n"
        "| **I** | **Group <one>** | | |\n| 1 | Do *it* | A \"B\" | 2023 |\n"
    ))
    assert "<table data-portal-cards>" in html
    assert '<td data-label="No.">1</td>' in html
    assert '<td data-label="Task">Do <em>it</em></td>' in html
    assert '<td data-label="Lead &amp; partner">A "B"</td>' in html
    assert html.count("<tr data-portal-group>") == 1


def test_tables_without_header_or_with_labels_are_left_alone():
    glossary = '<table data-portal-glossary><thead><tr><th>x</th></tr></thead><tbody><tr><td data-label="x">1</td></tr></tbody></table>'
    assert label_cells(glossary) == glossary
    assert label_cells("<p>no table</p>") == "<p>no table</p>"

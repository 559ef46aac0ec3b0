"""Cell cleaning and page-break merging rules of portal.importer.tables."""

from __future__ import annotations

from portal.importer.tables import (
    clean_cell_html,
    extract_tasks,
    parse_table,
    render_table,
)


def test_html_becomes_markdown_and_dangerous_html_is_dropped():
    assert clean_cell_html("<p>Intro:</p><ul><li>one;</li><li>two</li></ul>") == "Intro: one; two"
    assert clean_cell_html('x <script>alert("x")</script><style>p{}</style>y') == "x y"
    assert clean_cell_html('<span style="color:red">red</span> <a href="u" onclick="f()">link</a>') == "red link"
    assert clean_cell_html("<b> bold </b> and <i>it</i> | 1 < 2") == "**bold** and *it* \\| 1 &lt; 2"
    assert clean_cell_html("- Sở Tài chính - Sở Kế hoạch và Đầu tư - Sở Ngoại vụ") == (
        "Sở Tài chính; Sở Kế hoạch và Đầu tư; Sở Ngoại vụ")
    # Hyphens inside names and numbers are not bullets.
    assert clean_cell_html("1390 - CV/BTGTU") == "1390 - CV/BTGTU"
    assert clean_cell_html("Viện kinh tế - xã hội Hà Nội") == "Viện kinh tế - xã hội Hà Nội"


def test_repeated_header_dropped_and_split_rows_merged():
    rows = [
        (1, "TT\tNhiệm vụ\tCơ quan chủ trì"),
        (2, "I\tSỞ A\t\t"),
        (3, "1\tTổ chức sự kiện mang đậm bản\tSở"),
        (5, "TT\tNhiệm vụ\tCơ quan chủ trì"),
        (6, "\tsắc văn hóa\tNgoại vụ"),
        (7, "2\tViệc khác\tSở B"),
    ]
    table = parse_table([(number, tuple(text.split("\t"))) for number, text in rows])
    assert table.shape == (3, 3)
    assert table.rows[1] == ("1", "Tổ chức sự kiện mang đậm bản sắc văn hóa", "Sở Ngoại vụ")
    markdown = render_table(table)
    assert markdown.splitlines()[:3] == ["| TT | Nhiệm vụ | Cơ quan chủ trì |", "| --- | --- | --- |",
                                         "| **I** | **SỞ A** |   |"]
    tasks = extract_tasks(table)
    assert [(t.number, t.lead, t.group) for t in tasks] == [("I.1", "Sở Ngoại vụ", "SỞ A"), ("I.2", "Sở B", "SỞ A")]


def test_non_task_table_has_no_tasks():
    table = parse_table([(1, ("STT", "Tên cơ quan", "Ý kiến")), (2, ("1.", "Sở A", "Thống nhất"))])
    assert extract_tasks(table) == ()

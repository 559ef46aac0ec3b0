"""Imported documents are untrusted: nothing active reaches the page (issue 10, importer side)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from portal.importer import render_page
from portal.importer.document import parse_document
from portal.importer.formats.text import parse_text

# Every extension mkdocs.yml enables that parses inline or block syntax.
MD_EXTENSIONS = ["tables", "toc", "attr_list", "def_list", "footnotes", "md_in_html", "abbr", "admonition",
                 "pymdownx.superfences", "pymdownx.details", "pymdownx.tasklist"]

HOSTILE = {
    "script in the title line": ('"><script>alert(document.cookie)</script>', "subject"),
    "javascript link in a paragraph": ("Xem [chi tiết](javascript:alert(1)) tại đây.", "body"),
    "data link": ("Xem [ảnh](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) ở đây.", "body"),
    "vbscript link": ("Xem [tài liệu](vbscript:msgbox(1)) ở đây.", "body"),
    "image with handler": ('Ảnh ![x](x" onerror="alert(1)) đây.', "body"),
    "autolink": ("Liên kết <javascript:alert(1)> đây.", "body"),
    "reference link": ("Xem [tại đây][1].\n\n[1]: javascript:alert(1)", "body"),
    "raw html": ('<img src=x onerror=alert(1)><iframe src="https://evil.example"></iframe>', "body"),
    "html comment hiding text": ("<!-- portal:internal -->", "body"),
    "attribute list": ('Mục tiêu của kế hoạch {: onclick="alert(1)" }', "body"),
    "heading attribute list": ('2. Nhiệm vụ {: onmouseover="alert(1)" }', "body"),
    "markdown html block": ('<div markdown="1" onclick="alert(1)">x</div>', "body"),
    "escaped escape": ("\\[x](javascript:alert(1))", "body"),
    "javascript link in a table cell": ("[x](javascript:alert(1))", "cell"),
    "html link in a table cell": ('<a href="javascript:alert(1)" onclick="alert(2)">Sở Ngoại vụ</a>', "cell"),
    "script in a table cell": ("<script>alert(1)</script>Sở Du lịch", "cell"),
    "entity-encoded link in a cell": ("&#91;x&#93;(javascript:alert(1))", "cell"),
    "attribute list in a cell": ('Sở Du lịch {: onclick="alert(1)"}', "cell"),
}


def document_with(text: str, where: str, header: str = "TT\tSự kiện\tĐịa điểm") -> str:
    subject = text if where == "subject" else "Thông tin đối ngoại năm 2024"
    paragraph = text if where == "body" else "Quảng bá hình ảnh tỉnh."
    cell = text if where == "cell" else "Sở Ngoại vụ"
    return f"""ỦY BAN NHÂN DÂN
TỈNH BẮC NINH
Số: 9/KH-UBND

Bắc Ninh, ngày 02 tháng 02 năm 2024

KẾ HOẠCH
{subject}

I. MỤC ĐÍCH

1. Mục tiêu

{paragraph}

2. Nhiệm vụ

{header}
1\tQuảng bá du lịch\t{cell}

Nơi nhận:
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Hương Giang
"""


ALLOWED_TAGS = {"h2", "h3", "p", "ul", "li", "em", "strong", "table", "thead", "tbody", "tr", "th", "td"}


class Elements(HTMLParser):
    """Every element, attribute and comment of the rendered page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.comments: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}

    def handle_comment(self, data):
        self.comments.append(data.strip())


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_nothing_active_reaches_the_page(case):
    text, where = HOSTILE[case]
    page = render_page(parse_document(parse_text(Path("hostile.txt"), document_with(text, where))))
    _, matter, body = page.split("---\n", 2)
    html = markdown.markdown(body, extensions=MD_EXTENSIONS)
    elements = Elements(html)
    assert elements.tags <= ALLOWED_TAGS, html  # no a, img, script, iframe, div …
    assert elements.attributes <= {"id"}, html  # no href, src, on…= handlers
    assert elements.comments == [], html  # the importer's markers come only from the importer
    data = yaml.safe_load(matter)
    assert "<script" not in str(data) and "<a " not in str(data)
    if where == "subject":
        assert data["title"] == 'Kế hoạch ">'


def test_hostile_text_is_shown_as_text():
    page = render_page(parse_document(parse_text(Path("h.txt"), document_with(HOSTILE["javascript link in a paragraph"][0], "body"))))
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=MD_EXTENSIONS)
    assert "<p>Xem [chi tiết](javascript:alert(1)) tại đây.</p>" in html
    page = render_page(parse_document(parse_text(Path("h.txt"), document_with(HOSTILE["raw html"][0], "body"))))
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=MD_EXTENSIONS)
    assert "<p>&lt;img src=x onerror=alert(1)&gt;&lt;iframe src=" in html


@pytest.mark.parametrize("case", ["html link in a table cell", "javascript link in a table cell", "script in a table cell"])
def test_task_data_from_a_hostile_cell_is_plain_text(case):
    text = document_with(HOSTILE[case][0], "cell", header="TT\tNhiệm vụ\tCơ quan chủ trì")
    (task,) = parse_document(parse_text(Path("hostile.txt"), text)).tasks
    assert "<" not in task.lead and "alert(1)</" not in task.lead
    assert task.lead in ("Sở Ngoại vụ", "[x](javascript:alert(1))", "Sở Du lịch")

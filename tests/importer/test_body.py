"""Heading outline, lists, tables and tasks of the real seeds and fixtures."""

from __future__ import annotations

import re

import markdown
import pytest

from portal.importer import load_document, render_page
from portal.importer.body import Heading, ListItem, Paragraph

# The extensions mkdocs.yml enables that change block parsing.
MD_EXTENSIONS = ["tables", "toc", "attr_list", "def_list", "footnotes", "md_in_html", "abbr", "admonition",
                 "pymdownx.superfences", "pymdownx.details", "pymdownx.tasklist"]
ALLOWED_TAGS = {"h2", "h3", "h4", "h5", "p", "ul", "li", "em", "strong", "table", "thead", "tbody", "tr", "th", "td"}

H2 = {
    "hanoi-2015": ["I. Mục đích, yêu cầu", "II. Mục tiêu", "III. Nhiệm vụ và giải pháp", "V. Tiến độ thực hiện",
                   "VI. Kinh phí thực hiện", "VII. Tổ chức thực hiện"],
    "hanoi-2023": ["I. Mục đích, yêu cầu", "II. Nội dung", "III. Kinh phí thực hiện", "IV. Tổ chức thực hiện",
                   "Phụ lục nhiệm vụ thực hiện kế hoạch tổ chức các hoạt động thông tin đối ngoại năm 2023",
                   "Tổng hợp ý kiến góp ý của các cơ quan về dự thảo kế hoạch tổ chức hoạt động thông tin đối "
                   "ngoại năm 2023 của UBND thành phố"],
    "ocr-notice": ["1. Vé Quy ché hoat dong cua Ban chi dao", "2. V& hoat dong thdng tin d6i ngoai Thanh phd"],
    "haiphong": ["Điều 1", "Điều 2. Tổ chức thực hiện", "Điều 3", "Điều 4", "Danh mục"],
    "hungyen": ["I. Mục đích, yêu cầu", "II. Những nhiệm vụ trọng tâm", "III. Tổ chức thực hiện", "V. Kinh phí",
                "IV. Chế độ báo cáo"],
}


def h(document, level):
    return [block.text for block in document.blocks if isinstance(block, Heading) and block.level == level]


@pytest.mark.parametrize("key", sorted(H2))
def test_h2_outline(seeds, key):
    assert h(seeds[key], 2) == H2[key]


def test_numbered_sections_nest_under_parts(seeds):
    hanoi = h(seeds["hanoi-2015"], 3)
    assert hanoi[:2] == ["1. Mục đích", "2. Yêu cầu"]
    assert "5. Tăng cường công tác thanh, kiểm tra công tác thông tin đối ngoại Thành phố" in hanoi
    assert len(hanoi) == 23
    # Decision: Điều (H2) > 1. (H3) > 1.1. (H4); markdown decoration (*1.1. …:*) removed.
    haiphong = seeds["haiphong"]
    assert h(haiphong, 4)[:2] == ["1.1. Phạm vi, đối tượng", "1.2. Thời gian thực hiện"]
    assert "3. Sở Nội vụ" in h(haiphong, 3)
    # A numbered line with no body is a paragraph, escaped so Markdown keeps its number.
    hungyen = render_page(seeds["hungyen"])
    assert "\n10\\. Tổ chức học tập, trao đổi kinh nghiệm về hoạt động thông tin đối ngoại.\n" in hungyen
    assert "### 1. Tăng cường quản lý" not in hungyen


def test_page_break_inside_a_sentence_is_rejoined(seeds):
    text = render_page(seeds["hanoi-2023"])
    assert "trong đó chú trọng đến tính đồng bộ về nhận thức" in text  # "chú" / blank / "trọng"
    assert "(bên cạnh tiếng Anh, tiếng Trung Quốc) trên báo in" in text  # "tiếng" / blank / "Trung Quốc)"
    assert "tăng cường sự phối hợp trong công tác" in render_page(seeds["haiphong"])
    # The OCR notice is hard-wrapped on every line: re-joined into paragraphs.
    assert "Ngay 13/5/2014, déng chi Nguyen Thi Bich Ngoc - Pho Chu tich UBND, Trudng Ban chi dao" in render_page(
        seeds["ocr-notice"])
    # …also when a wrapped line happens to end a sentence ("… 20/5/2014." / "Trong do …").
    assert "chim nhét 1 ngay 20/5/2014. Trong do can xéc dinh" in render_page(seeds["ocr-notice"])


def test_bullets_become_nested_lists(seeds):
    items = [block for block in seeds["hanoi-2023"].blocks if isinstance(block, ListItem)]
    nested = [item for item in items if item.depth == 1]
    assert len(nested) == 3  # the three "+" items under "- Tiếp tục tuyên truyền … biển, đảo"
    assert nested[0].text.startswith("Các quyền và lợi ích hợp pháp")
    assert "\n    - Các quyền và lợi ích hợp pháp" in render_page(seeds["hanoi-2023"])


def test_recipients_and_signature_stay_out_of_the_text(seeds):
    for key, document in seeds.items():
        _, _, body = render_page(document).split("---\n", 2)
        assert "Nơi nhận" not in body and "Noi nh" not in body, key
        assert "TM. ỦY BAN" not in body and "KT. CHỦ TỊCH" not in body, key
        if document.signature.name:
            assert document.signature.name not in body, key


def test_tables_after_page_break_merging(seeds):
    assert [t.shape for t in seeds["hanoi-2023"].tables] == [(59, 5), (48, 5)]
    assert [t.shape for t in seeds["haiphong"].tables] == [(24, 5)]
    assert seeds["hanoi-2015"].tables == () and seeds["hungyen"].tables == ()
    tasks, comments = seeds["hanoi-2023"].tables
    assert tasks.header == ("TT", "Nội dung, quy mô công việc", "Tiến độ thời gian", "Cơ quan phụ trách",
                            "Cơ quan phối hợp")
    # The repeated header rows are gone and split cells are mended.
    assert sum(row[0] == "TT" for row in tasks.rows) == 0
    rows = {row[1][:30]: row for row in comments.rows}
    assert rows["Sở Quy hoạch – Kiến trúc"][2] == "808/QHKT-VP ngày 27/02/2023"
    assert rows["UBND quận Hoàn Kiếm"][2] == "234/UBND- VHTT ngày 28/02/2023"


def test_task_appendix_as_structured_data(seeds):
    hanoi = seeds["hanoi-2023"]
    assert len(hanoi.tasks) == 49
    by_number = {task.number: task for task in hanoi.tasks}
    assert by_number["I.1"].lead == "Sở Thông tin và Truyền thông"
    assert by_number["I.1"].group == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert by_number["IV.3"].timeline == "Trong năm 2023"  # "Trong năm" + "2023" across a page break
    assert "mang đậm bản sắc văn hóa Thủ đô" in by_number["IV.3"].task
    assert by_number["VI.1"].task.endswith("các hoạt động đối ngoại của lãnh đạo thành phố, lãnh đạo Sở lên website của Sở.")
    assert by_number["VI.3"].task.startswith("Tổ chức triển khai các chương trình")
    assert "<" not in by_number["VI.3"].task and "style" not in by_number["VI.3"].task
    assert by_number["X.4"].lead == "Công an Thành phố"
    haiphong = seeds["haiphong"]
    assert len(haiphong.tasks) == 19
    sixth = haiphong.tasks[5]
    assert (sixth.number, sixth.lead) == ("I.6", "Sở Thông tin và Truyền thông")
    assert sixth.task.endswith("quảng bá cho thành phổ.")
    assert sixth.coordinating == "Cục Thông tin đối ngoại; Các cơ quan Trung ương và địa phương có liên quan"
    assert haiphong.tasks[-1].number == "V.3" and haiphong.tasks[-1].timeline == "2013-2015"
    assert seeds["hanoi-2015"].tasks == ()


def test_no_raw_html_and_valid_markdown(seeds, fixtures_dir):
    documents = [*seeds.values(), load_document(fixtures_dir / "ke-hoach-wrapped.txt"),
                 load_document(fixtures_dir / "quyet-dinh-two-column.txt")]
    for document in documents:
        _, _, body = render_page(document).split("---\n", 2)
        body = re.sub(r"^<!-- /?portal:(tasks|internal) -->$", "", body, flags=re.M)  # the importer's own markers
        assert not re.search(r"<[A-Za-z/!]", body), document.source.path.name
        assert "style=" not in body and "script" not in body
        html = markdown.markdown(body, extensions=MD_EXTENSIONS)
        tags = set(re.findall(r"<([a-z0-9]+)", html))
        assert tags <= ALLOWED_TAGS, (document.source.path.name, tags - ALLOWED_TAGS)
        assert html.count("<table>") == len(document.rendered_tables)
        assert "<h1" not in html  # the theme renders the title from the front matter


def test_other_layouts_articles_and_lettered_items(fixtures_dir):
    document = load_document(fixtures_dir / "quyet-dinh-two-column.txt")
    assert h(document, 2) == ["Điều 1", "Điều 2. Trách nhiệm thi hành", "Điều 3"]
    assert h(document, 3) == ["1. Sở Thông tin và Truyền thông"]
    assert h(document, 4) == ["a) Hướng dẫn thực hiện"]
    paragraphs = [block for block in document.blocks if isinstance(block, Paragraph)]
    texts = [p.text for p in paragraphs]
    # Hard-wrapped "Căn cứ" lines re-joined; each "Căn cứ" stays its own paragraph.
    assert texts[1] == ("Căn cứ Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ về quản lý "
                        "hoạt động thông tin đối ngoại;")
    assert any(p.text == "QUYẾT ĐỊNH:" and p.strong for p in paragraphs)
    assert "b) Kiểm tra, đôn đốc việc thực hiện Quy chế." in texts
    items = [b for b in document.blocks if isinstance(b, ListItem)]
    assert [(i.depth, i.text[:20]) for i in items] == [(0, "Hướng dẫn các sở, ng"), (1, "Thời hạn báo cáo: tr")]


def test_fixture_table_html_is_cleaned(fixtures_dir):
    document = load_document(fixtures_dir / "ke-hoach-wrapped.txt")
    (table,) = document.tables
    assert table.shape == (5, 5)  # 2 groups + 3 tasks; repeated header dropped, split row merged
    assert table.rows[1][1] == "Tổ chức đón đoàn phóng viên nước ngoài: đoàn Nhật Bản; đoàn Hàn Quốc"
    assert table.rows[1][3] == "Sở Du lịch \\| Sở Văn hóa"  # pipe-safe
    assert table.rows[2][1] == "Xuất bản ấn phẩm *Đà Nẵng – điểm đến* bằng tiếng Anh và tiếng Trung"
    assert table.rows[2][2:] == ("Sở Thông tin và Truyền thông", "Các cơ quan liên quan", "Trong năm 2020")
    assert table.rows[4][1] == "Tham gia hội chợ du lịch quốc tế ITB Berlin"
    assert [t.number for t in document.tasks] == ["I.1", "I.2", "II.1"]
    assert h(document, 4) == ["a) Thông tin về du lịch"]

"""Task appendices become data and internal annexes are marked, on the seeds and hand-made variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.importer import import_file, render_page
from portal.importer.annexes import INTERNAL_END, INTERNAL_START, TASKS_MARKER
from portal.importer.formats.text import parse_text
from portal.importer.document import parse_document

COMMITTED = {
    "hanoi-2015": "ke-hoach-thong-tin-doi-ngoai-ha-noi-2015-2017.md",
    "hanoi-2023": "ke-hoach-thong-tin-doi-ngoai-ha-noi-2023.md",
    "haiphong": "quyet-dinh-thong-tin-doi-ngoai-hai-phong-2013-2020.md",
    "hungyen": "ke-hoach-thong-tin-doi-ngoai-hung-yen-2017.md",
}


@pytest.mark.parametrize("key", sorted(COMMITTED))
def test_reimport_reproduces_the_committed_page(seed_paths, repo_root, tmp_path, key):
    # Translators translate these pages block by block: the import must not move a byte of them.
    page = import_file(seed_paths[key], tmp_path).write.path
    assert page.name == COMMITTED[key]
    committed = (repo_root / "docs" / "vi" / "plans" / COMMITTED[key]).read_text(encoding="utf-8")
    assert page.read_text(encoding="utf-8") == committed


def test_seed_appendices(seeds):
    hanoi = render_page(seeds["hanoi-2023"])
    assert hanoi.count(TASKS_MARKER) == 1 and "| Nội dung, quy mô công việc |" not in hanoi
    assert seeds["hanoi-2023"].internal_annexes == (
        "Tổng hợp ý kiến góp ý của các cơ quan về dự thảo kế hoạch tổ chức hoạt động thông tin đối ngoại "
        "năm 2023 của UBND thành phố",
    )
    body = hanoi.split("---\n", 2)[2]
    start, end = body.index(INTERNAL_START), body.index(INTERNAL_END)
    assert body.index(TASKS_MARKER) < start  # the task appendix stays public
    assert "| STT | Tên cơ quan | Văn bản góp ý |" in body[start:end]
    assert body.endswith(f"\n\n{INTERNAL_END}\n")
    assert seeds["haiphong"].internal_annexes == () and render_page(seeds["haiphong"]).endswith(f"\n{TASKS_MARKER}\n")
    assert seeds["hanoi-2015"].internal_annexes == () and TASKS_MARKER not in render_page(seeds["hanoi-2015"])


HEAD = """ỦY BAN NHÂN DÂN
TỈNH NINH BÌNH
Số: 7/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Ninh Bình, ngày 10 tháng 01 năm 2022

KẾ HOẠCH
Thông tin đối ngoại tỉnh Ninh Bình năm 2022

I. MỤC ĐÍCH

- Quảng bá hình ảnh tỉnh Ninh Bình; các cơ quan tiếp thu ý kiến của Nhân dân và giải trình kịp thời.

Nơi nhận:
- Bộ Thông tin và Truyền thông;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Phạm Quang Ngọc

PHỤ LỤC
NHIỆM VỤ THÔNG TIN ĐỐI NGOẠI NĂM 2022
(Kèm theo Kế hoạch số 7/KH-UBND ngày 10/01/2022 của UBND tỉnh)

TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian
1\tQuảng bá du lịch Tràng An\tSở Du lịch\tSở Ngoại vụ\tQuý II
"""

INTERNAL = {
    "reception title": """
BẢNG TỔNG HỢP TIẾP THU, GIẢI TRÌNH Ý KIẾN CÁC SỞ, NGÀNH

STT\tĐơn vị\tNội dung
1\tSở Tư pháp\tNhất trí
""",
    "attached to a submission": """
PHỤ LỤC II
(Kèm theo Tờ trình số 12/TTr-STTTT ngày 05/01/2022 của Sở Thông tin và Truyền thông)

STT\tĐơn vị\tNội dung
1\tSở Tư pháp\tNhất trí
""",
    "reception table": """
PHỤ LỤC III
CÁC CƠ QUAN ĐÃ CÓ VĂN BẢN

TT\tCơ quan\tNội dung góp ý\tÝ kiến tiếp thu, giải trình
1\tSở Nội vụ\tBổ sung nhiệm vụ\tĐã tiếp thu
""",
    "internal distribution": """
DANH SÁCH PHÂN PHỐI VĂN BẢN (LƯU HÀNH NỘI BỘ)

TT\tCơ quan\tSố bản
1\tVăn phòng Tỉnh ủy\t02
""",
}


@pytest.mark.parametrize("case", sorted(INTERNAL))
def test_internal_annexes_are_recognised_by_what_they_are(case):
    document = parse_document(parse_text(Path(f"{case}.txt"), HEAD + INTERNAL[case]))
    assert len(document.internal_annexes) == 1
    assert len(document.tasks) == 1  # the public task appendix before it stays data
    body = render_page(document).split("---\n", 2)[2]
    assert body.index(TASKS_MARKER) < body.index(INTERNAL_START) < body.index(INTERNAL_END)
    assert body.rstrip().endswith(INTERNAL_END)
    assert "internal_annexes:\n- title: " in render_page(document)
    assert "  published: false\n" in render_page(document)


def test_public_annexes_and_body_mentions_are_not_internal():
    public = HEAD + """
PHỤ LỤC II
DANH MỤC SỰ KIỆN QUẢNG BÁ NĂM 2022
(Kèm theo Kế hoạch số 7/KH-UBND ngày 10/01/2022 của UBND tỉnh)

TT\tSự kiện\tĐịa điểm
1\tLễ hội Tràng An\tHoa Lư
"""
    document = parse_document(parse_text(Path("public.txt"), public))
    assert document.internal_annexes == ()
    body = render_page(document).split("---\n", 2)[2]
    assert INTERNAL_START not in body and "| Lễ hội Tràng An | Hoa Lư |" in body
    assert "các cơ quan tiếp thu ý kiến của Nhân dân và giải trình kịp thời" in body


def test_an_editors_choice_to_publish_an_annex_survives_reimport(seed_paths, tmp_path):
    from portal.importer import WriteStatus

    page = import_file(seed_paths["hanoi-2023"], tmp_path).write.path
    page.write_text(page.read_text(encoding="utf-8").replace("  published: false", "  published: true"), encoding="utf-8")
    assert import_file(seed_paths["hanoi-2023"], tmp_path).write.status is WriteStatus.UNCHANGED
    changed = tmp_path / "new" / seed_paths["hanoi-2023"].name
    changed.parent.mkdir()
    changed.write_text(seed_paths["hanoi-2023"].read_text(encoding="utf-8").replace("Mục đích", "Mục tiêu", 1),
                       encoding="utf-8")
    result = import_file(changed, tmp_path)  # a new version of the source: the page follows it …
    assert result.write.status is WriteStatus.UPDATED
    text = page.read_text(encoding="utf-8")
    assert "Mục tiêu" in text and "  published: true\n" in text  # … and keeps the editor's choice

"""Header layouts of Vietnamese administrative documents, each tested.

Decree 30/2020/NĐ-CP (Appendix I) lays out the first page in boxes: the
national motto (box 1) and the issuing body with its parent above it (box 2)
side by side, the number and symbol under the issuer (box 3, ``Số: …``), the
place and date under the motto (box 4, ``Hà Nội, ngày 05 tháng 01 năm
2021``), the kind and subject centred below (box 5a) or, for a letter, its
subject ``V/v …`` under the number (box 5b); urgency and secrecy marks (box
10), a draft mark (box 11) and circulation marks (box 12) sit near the
header.  Real files bring this as a Word table, a PDF's columns, or text in
which the two columns were flattened in many ways; every variant below must
give the same fields.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from portal.importer.document import parse_document
from portal.importer.formats.text import parse_text

BODY = """
I. MỤC ĐÍCH

Quảng bá hình ảnh tỉnh Bắc Giang đến bạn bè quốc tế.

Nơi nhận:
- Bộ Thông tin và Truyền thông;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Lê Ánh Dương
"""

KIND_AND_SUBJECT = "KẾ HOẠCH\nThông tin đối ngoại tỉnh Bắc Giang năm 2021\n"
PLAN = ("Kế hoạch", "12/KH-UBND", datetime.date(2021, 3, 5), "Bắc Giang", "Ủy ban nhân dân tỉnh Bắc Giang",
        "Kế hoạch thông tin đối ngoại tỉnh Bắc Giang năm 2021")

LAYOUTS = {
    "plain lines, issuer then motto": (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 12/KH-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nBắc Giang, ngày 05 tháng 3 năm 2021\n\n" + KIND_AND_SUBJECT, PLAN),
    "motto first, then issuer": (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\nỦY BAN NHÂN DÂN TỈNH BẮC GIANG\n"
        "Số: 12/KH-UBND\nBắc Giang, ngày 05 tháng 3 năm 2021\n" + KIND_AND_SUBJECT, PLAN),
    "table flattened with trailing pipes": (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nTỈNH BẮC GIANG | Độc lập - Tự do - Hạnh phúc |\n"
        "Số: 12/KH-UBND | Bắc Giang, ngày 05 tháng 3 năm 2021 |\n\n" + KIND_AND_SUBJECT, PLAN),
    "table flattened with pipes on both sides": (
        "| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n| TỈNH BẮC GIANG | Độc lập - Tự do - Hạnh phúc |\n"
        "| Số: 12/KH-UBND | Bắc Giang, ngày 05 tháng 3 năm 2021 |\n\n" + KIND_AND_SUBJECT, PLAN),
    "flattened table, cells broken over lines": (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA\nTỈNH BẮC GIANG | VIỆT NAM\n"
        "| Độc lập - Tự do - Hạnh phúc\nSố: 12/KH-UBND | Bắc Giang, ngày 05\n| tháng 3 năm 2021\n\n" + KIND_AND_SUBJECT, PLAN),
    "motto and issuer on one line": (
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH BẮC GIANG Độc lập - Tự do - Hạnh phúc\n"
        "Số: 12/KH-UBND Bắc Giang, ngày 05 tháng 3 năm 2021\n\n" + KIND_AND_SUBJECT, PLAN),
    "motto's first words on the issuer's line": (
        "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 12/KH-UBND\nBắc Giang, ngày 05 tháng 3 năm 2021\n\n" + KIND_AND_SUBJECT, PLAN),
    "date in words": (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 12/KH-UBND\nBắc Giang, ngày năm tháng Ba năm hai nghìn không trăm "
        "hai mươi mốt\n\n" + KIND_AND_SUBJECT, PLAN),
    "date split over lines": (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 12/KH-UBND\nBắc Giang, ngày 05\ntháng 3 năm 2021\n\n" + KIND_AND_SUBJECT, PLAN),
    "date with slashes": (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 12/KH-UBND\nBắc Giang, ngày 05/3/2021\n\n" + KIND_AND_SUBJECT, PLAN),
    "number without Số": (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\n12/KH-UBND\nBắc Giang, ngày 05 tháng 3 năm 2021\n\n" + KIND_AND_SUBJECT, PLAN),
    "number without colon, spaced": (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố 12 / KH-UBND\nBắc Giang, ngày 05 tháng 3 năm 2021\n\n" + KIND_AND_SUBJECT, PLAN),
    "capitals, year in the symbol": (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSỐ:12/2021/QĐ-UBND\nBắc Giang, ngày 05 tháng 3 năm 2021\n\nQUYẾT ĐỊNH\n"
        "Về việc ban hành Quy chế thông tin đối ngoại\n",
        ("Quyết định", "12/2021/QĐ-UBND", datetime.date(2021, 3, 5), "Bắc Giang", "Ủy ban nhân dân tỉnh Bắc Giang",
         "Quyết định về việc ban hành Quy chế thông tin đối ngoại")),
    "parent body above the issuer": (
        "UBND TỈNH BẮC GIANG\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\nSố: 12/KH-STTTT\nBắc Giang, ngày 05 tháng 3 năm 2021\n\n"
        + KIND_AND_SUBJECT,
        ("Kế hoạch", "12/KH-STTTT", datetime.date(2021, 3, 5), "Bắc Giang", "Sở Thông tin và Truyền thông",
         PLAN[5])),
    "urgency, draft and circulation marks": (
        "DỰ THẢO\nỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 12/KH-UBND\nKHẨN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nBắc Giang, ngày 05 tháng 3 năm 2021\nLƯU HÀNH NỘI BỘ\n\n" + KIND_AND_SUBJECT, PLAN),
    "electronic signature stamp above the header": (
        "Ký bởi: Ủy ban Nhân dân tỉnh Bắc Giang\nEmail: ubnd@bacgiang.gov.vn\nCơ quan: Tỉnh Bắc Giang\n"
        "Thời gian ký: 05.03.2021 10:20:30 +07:00\nỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 12/KH-UBND\n"
        "Bắc Giang, ngày 05 tháng 3 năm 2021\n\n" + KIND_AND_SUBJECT, PLAN),
    "letter-spaced kind": (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 12/KH-UBND\nBắc Giang, ngày 05 tháng 3 năm 2021\n\nK Ế  H O Ạ C H\n"
        "Thông tin đối ngoại tỉnh Bắc Giang năm 2021\n", PLAN),
    "kind and subject on one line": (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 12/KH-UBND\nBắc Giang, ngày 05 tháng 3 năm 2021\n\n"
        "KẾ HOẠCH Thông tin đối ngoại tỉnh Bắc Giang năm 2021\n", PLAN),
    "letter with V/v": (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nTỈNH BẮC GIANG | Độc lập - Tự do - Hạnh phúc |\n"
        "Số: 12/UBND-KGVX | Bắc Giang, ngày 05 tháng 3 năm 2021 |\nV/v triển khai công tác thông tin | |\n"
        "đối ngoại năm 2021 | |\n\nKính gửi: Các sở, ban, ngành tỉnh.\n",
        ("Công văn", "12/UBND-KGVX", datetime.date(2021, 3, 5), "Bắc Giang", "Ủy ban nhân dân tỉnh Bắc Giang",
         "Công văn triển khai công tác thông tin đối ngoại năm 2021")),
    "city written TP.": (
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 12/KH-UBND\nTP. Hồ Chí Minh, ngày 05 tháng 3 năm 2021\n\n"
        "KẾ HOẠCH\nThông tin đối ngoại Thành phố năm 2021\n",
        ("Kế hoạch", "12/KH-UBND", datetime.date(2021, 3, 5), "Thành phố Hồ Chí Minh",
         "Ủy ban nhân dân Thành phố Hồ Chí Minh", "Kế hoạch thông tin đối ngoại Thành phố năm 2021")),
    "lost diacritics": (
        "UY BAN NHAN DAN\nTINH BAC GIANG\nSo: 12/KH-UBND\nBac Giang, ngay 05 thang 3 nam 2021\n\nKE HOACH\n"
        "Thong tin doi ngoai tinh Bac Giang nam 2021\n",
        ("Kế hoạch", "12/KH-UBND", datetime.date(2021, 3, 5), "Bắc Giang", "Uy ban nhan dan tinh Bắc Giang",
         "Kế hoạch thong tin doi ngoai tinh Bac Giang nam 2021")),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_header_layout(layout):
    header, expected = LAYOUTS[layout]
    document = parse_document(parse_text(Path(f"{layout}.txt"), header + BODY))
    found = (document.kind, document.number, document.date, document.place, document.issuer, document.title)
    assert found == expected
    assert document.signature.name == "Lê Ánh Dương"
    assert document.recipients == ("Bộ Thông tin và Truyền thông", "Lưu: VT")


def test_a_received_stamp_is_neither_number_nor_date():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 12/KH-UBND\nCÔNG VĂN ĐẾN\nSố: 3195\nNgày 09/3/2021\n"
            "Bắc Giang, ngày 05 tháng 3 năm 2021\n\n" + KIND_AND_SUBJECT + BODY)
    document = parse_document(parse_text(Path("stamp.txt"), text))
    assert (document.number, document.date) == ("12/KH-UBND", datetime.date(2021, 3, 5))

"""Header, closing and front-matter fields of the real seeds and the fixture layouts."""

from __future__ import annotations

import datetime

import pytest

from portal.importer import load_document

EXPECTED = {
    # key: kind, number, date, place, issuer, signer name, signer title, quality
    "hanoi-2015": ("Kế hoạch", "117/KH-UBND", datetime.date(2014, 6, 5), "Hà Nội",
                   "Ủy ban nhân dân thành phố Hà Nội", "Nguyễn Thị Bích Ngọc", "PHÓ CHỦ TỊCH", "ok"),
    "hanoi-2023": ("Kế hoạch", "101/KH-UBND", datetime.date(2023, 3, 23), "Hà Nội",
                   "Ủy ban nhân dân thành phố Hà Nội", "Hà Minh Hải", "PHÓ CHỦ TỊCH", "ok"),
    "ocr-notice": ("Thông báo", None, None, "Hà Nội",
                   "Văn phòng Ủy ban nhân dân thành phố Hà Nội", None, "PHO CHANH VAN PHONG", "ocr"),
    "haiphong": ("Quyết định", "1593/QĐ-UBND", datetime.date(2013, 8, 20), "Hải Phòng",
                 "Ủy ban nhân dân thành phố Hải Phòng", "Đương Anh Điền", "CHỦ TỊCH", "ok"),
    "hungyen": ("Kế hoạch", "224/KH-UBND", datetime.date(2016, 9, 29), "Hưng Yên",
                "Ủy ban nhân dân tỉnh Hưng Yên", "Nguyễn Duy Hưng", "PHÓ CHỦ TỊCH", "ok"),
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_seed_header_fields(seeds, key):
    kind, number, date, place, issuer, name, title, quality = EXPECTED[key]
    document = seeds[key]
    assert document.kind == kind
    assert document.number == number
    assert document.date == date
    assert document.place == place
    assert document.issuer == issuer
    assert document.signature.name == name
    assert document.signature.title == title
    assert document.quality.label == quality


def test_titles_are_the_documents_own_in_sentence_case(seeds):
    assert seeds["hanoi-2015"].title == "Kế hoạch thông tin đối ngoại của thành phố Hà Nội giai đoạn 2015-2017"
    assert seeds["hanoi-2023"].title == "Kế hoạch tổ chức hoạt động thông tin đối ngoại năm 2023"
    assert seeds["haiphong"].title == (
        "Quyết định phê duyệt Chương trình hành động của Ủy ban nhân dân thành phố "
        "về thông tin đối ngoại giai đoạn 2013 – 2020"
    )
    assert seeds["hungyen"].title == "Kế hoạch hoạt động thông tin đối ngoại tỉnh Hưng Yên năm 2017"
    # OCR debris ("&? ") before the first word is dropped; the damaged words stay.
    assert seeds["ocr-notice"].title.startswith("Thông báo két ludin ciia dong chi Nguyén Thi Bich Ngoc")


def test_received_stamp_is_not_the_document_number(seeds):
    # 000 carries "CÔNG VĂN ĐỀN / Số: 3195 / Ngày 09/6/2014"; 004 a tabbed "ĐẾN Số.....1786....." stamp.
    assert seeds["hanoi-2015"].number == "117/KH-UBND"
    assert seeds["hungyen"].number == "224/KH-UBND"
    assert seeds["hungyen"].date == datetime.date(2016, 9, 29)


def test_decision_number_comes_from_the_appendix_reference(seeds):
    # 003 has no "Số:" line; "(Ban hành kèm theo Quyết định số 1593 /QĐ-UBND ngày 20 tháng 8 năm 2013 …)".
    assert (seeds["haiphong"].number, seeds["haiphong"].date) == ("1593/QĐ-UBND", datetime.date(2013, 8, 20))


def test_recipients_and_signature_lines(seeds):
    hanoi = seeds["hanoi-2015"]
    assert hanoi.recipients[0] == "Bộ TTTT"
    assert hanoi.recipients[-1] == "Lưu: VT, Dg"  # the stray "140." page number is not a recipient
    assert len(hanoi.recipients) == 10
    assert hanoi.signature.lines == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert seeds["hanoi-2023"].recipients[-1] == "Lưu: VT, KGVX Thủy"
    assert len(seeds["hanoi-2023"].recipients) == 13
    assert seeds["haiphong"].recipients == (
        "TTTU, TT HĐND TP", "CT, các PCT UBND TP", "Như Điều 4", "C, PCVP", "Công báo thành phố",
        "Công thông tin điện tử thành phố", "Các CVUB", "Lưu: VT",
    )
    # 002 mixes the signature into the recipient lines (two columns flattened).
    ocr = seeds["ocr-notice"]
    assert ocr.signature.lines == ("TL. CHU TICH", "KT, CHANH VAN PHONG", "PHO CHANH VAN PHONG")
    assert ocr.recipients[1] == "B/c PCT Nguyén Thj Bich Ngoc"
    assert ocr.recipients[-2] == "VPUBND TP: B/c CVP, PCVP BPPHéng, VX, TH"  # wrapped line re-joined


def test_slugs_are_ascii_kind_topic_place_years(seeds):
    assert {key: doc.slug for key, doc in seeds.items()} == {
        "hanoi-2015": "ke-hoach-thong-tin-doi-ngoai-ha-noi-2015-2017",
        "hanoi-2023": "ke-hoach-thong-tin-doi-ngoai-ha-noi-2023",
        "ocr-notice": "thong-bao-ha-noi-2014",
        "haiphong": "quyet-dinh-thong-tin-doi-ngoai-hai-phong-2013-2020",
        "hungyen": "ke-hoach-thong-tin-doi-ngoai-hung-yen-2017",
    }


def test_two_column_header_table_with_wrapped_date(fixtures_dir):
    document = load_document(fixtures_dir / "quyet-dinh-two-column.txt")
    assert document.kind == "Quyết định"
    assert document.number == "12/QĐ-UBND"
    assert document.date == datetime.date(2021, 1, 29)  # "ngày 29" | "tháng 01 năm 2021" on two rows
    assert document.place == "Hưng Yên"
    assert document.issuer == "Ủy ban nhân dân tỉnh Hưng Yên"
    assert document.title == (
        "Quyết định về việc ban hành Quy chế phối hợp cung cấp thông tin đối ngoại trên địa bàn tỉnh Hưng Yên"
    )
    assert document.recipients == ("Như Điều 3", "Lưu: VT")
    assert (document.signature.name, document.signature.title) == ("Trần Quốc Văn", "PHÓ CHỦ TỊCH")
    assert document.signature.lines == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def test_issuer_lines_motto_and_wrapped_date(fixtures_dir):
    document = load_document(fixtures_dir / "ke-hoach-wrapped.txt")
    assert (document.kind, document.number, document.date) == ("Kế hoạch", "45/KH-UBND", datetime.date(2020, 3, 5))
    assert document.place == "Đà Nẵng"
    assert document.issuer == "Ủy ban nhân dân thành phố Đà Nẵng"
    assert document.title == "Kế hoạch thông tin đối ngoại thành phố Đà Nẵng năm 2020"
    assert document.signature.name == "Huỳnh Đức Thơ"

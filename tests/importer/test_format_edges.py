"""Hand-made edge cases of the Word and PDF readers: scans, lost diacritics, footnotes,
pictures, hostile runs, and every way a file can be broken."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from documents import layout_html, seed_layout, write_pdf
from portal_projects import write_project_config

from portal.cli import main
from portal.importer import ImporterError, load_document, render_page
from portal.importer.restore import strip_diacritics

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
HEADER = [
    ("ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH\nSố: 15/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
     "Nam Định, ngày 12 tháng 3 năm 2021"),
]


def small_docx(path: Path, body: list[str], *, picture: bool = False, hostile: bool = False) -> Path:
    """A short plan: a header table, ``body`` paragraphs, a table, recipients | signature."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from PIL import Image

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    for cell, text in zip(table.rows[0].cells, HEADER[0]):
        cell.paragraphs[0].text = text.split("\n")[0]
        for line in text.split("\n")[1:]:
            cell.add_paragraph(line)
    document.add_paragraph("KẾ HOẠCH").runs[0].bold = True
    document.add_paragraph("Thông tin đối ngoại tỉnh Nam Định năm 2021")
    document.add_paragraph("I. MỤC ĐÍCH").runs[0].bold = True
    for text in body:
        paragraph = document.add_paragraph()
        paragraph.add_run(text)
    emphasis = document.add_paragraph()
    emphasis.add_run("Điều phối: ").bold = True
    emphasis.add_run("xuất bản ấn phẩm ")
    emphasis.add_run("Nam Định – đất học").italic = True
    emphasis.add_run(" bằng tiếng Anh.")
    if picture:
        image = io.BytesIO()
        Image.new("RGB", (40, 40), "red").save(image, format="PNG")
        image.seek(0)
        document.add_paragraph().add_run().add_picture(image)
    if hostile:
        paragraph = document.add_paragraph("Xem ")
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), document.part.relate_to("javascript:alert(1)", RT.HYPERLINK, is_external=True))
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "tài liệu"
        run.append(text)
        link.append(run)
        paragraph._p.append(link)
        paragraph.add_run(' <script>alert(2)</script> [x](javascript:alert(3)) {: onclick="alert(4)"}')
    grid = document.add_table(rows=2, cols=3)
    grid.style = document.styles["Table Grid"]
    for cell, text in zip(grid.rows[0].cells, ["TT", "Sự kiện", "Địa điểm"]):
        cell.text = text
    cells = grid.rows[1].cells
    cells[0].text, cells[1].text = "1", "Lễ hội Phủ Dầy"
    cells[2].text = "<img src=x onerror=alert(5)>Vụ Bản" if hostile else "Vụ Bản"
    closing = document.add_table(rows=1, cols=2)
    closing.rows[0].cells[0].text = "Nơi nhận:"
    closing.rows[0].cells[0].add_paragraph("- Bộ Thông tin và Truyền thông;")
    closing.rows[0].cells[0].add_paragraph("- Lưu: VT.")
    closing.rows[0].cells[1].text = "TM. ỦY BAN NHÂN DÂN"
    closing.rows[0].cells[1].add_paragraph("CHỦ TỊCH")
    closing.rows[0].cells[1].add_paragraph("Phạm Đình Nghị")
    document.save(path)
    return path


def test_docx_table_listing_numbers_and_dates_stays_a_data_table(tmp_path):
    import docx

    path = small_docx(tmp_path / "plan.docx", BODY)
    document = docx.Document(path)
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Văn bản", "Ngày"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "Số 12/QĐ-UBND", "Hà Nội, ngày 5/3/2021"
    document._body._body.append(table._tbl)  # after the closing: an appendix table
    document.save(path)
    body = render_page(load_document(path)).split("---\n", 2)[2]
    assert "| Số 12/QĐ-UBND | Hà Nội, ngày 5/3/2021 |" in body


def with_footnote(path: Path) -> Path:
    """Add a footnote (python-docx writes none) to the first body paragraph, as Word stores it."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>Theo Nghị định số 72/2015/NĐ-CP.</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    ).encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'wordprocessingml.footnotes+xml"/></Types>')
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdFoot" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'footnotes" Target="footnotes.xml"/></Relationships>')
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        "trên địa bàn tỉnh.</w:t></w:r>".encode(),
        "trên địa bàn tỉnh.</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r>".encode(), 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


BODY = ["Quảng bá hình ảnh tỉnh Nam Định, nâng cao hiệu quả công tác thông tin đối ngoại trên địa bàn tỉnh."]


def test_docx_header_table_emphasis_footnotes_and_pictures(tmp_path):
    document = load_document(with_footnote(small_docx(tmp_path / "plan.docx", BODY, picture=True)))
    assert (document.kind, document.number, document.place) == ("Kế hoạch", "15/KH-UBND", "Nam Định")
    assert document.issuer == "Ủy ban nhân dân tỉnh Nam Định"
    assert document.date.isoformat() == "2021-03-12"
    assert (document.signature.name, document.recipients) == ("Phạm Đình Nghị", ("Bộ Thông tin và Truyền thông", "Lưu: VT"))
    body = render_page(document).split("---\n", 2)[2]
    assert "công tác thông tin đối ngoại trên địa bàn tỉnh.[^1]\n" in body
    assert "\n[^1]: Theo Nghị định số 72/2015/NĐ-CP.\n" in body
    assert "Điều phối: xuất bản ấn phẩm *Nam Định – đất học* bằng tiếng Anh." in body  # a leading bold label is not kept
    assert [note.kind for note in document.source.notes] == ["image"]
    assert "1 picture(s) not imported" in document.source.notes[0].message


def test_docx_hostile_runs_and_links(tmp_path):
    document = load_document(small_docx(tmp_path / "hostile.docx", BODY, hostile=True))
    body = render_page(document).split("---\n", 2)[2]
    assert "javascript:alert(1)" not in body  # a hyperlink's target is not text of the document
    assert '\nXem tài liệu &lt;script>alert(2)&lt;/script> \\[x\\](javascript:alert(3)) \\{: onclick="alert(4)"\\}\n' in body
    assert "| 1 | Lễ hội Phủ Dầy | &lt;img src=x onerror=alert(5)>Vụ Bản |" in body


@pytest.fixture
def fonts():
    if not Path(DEJAVU).is_file():
        pytest.fail(f"{DEJAVU} is missing: install Debian's fonts-dejavu-core (`make test-deps`)")


def test_scanned_pdf_is_refused_as_needing_ocr(tmp_path, fonts):
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(DEJAVU, 36)
    for number, line in enumerate(["ỦY BAN NHÂN DÂN", "KẾ HOẠCH", "Thông tin đối ngoại năm 2021"]):
        draw.text((150, 150 + 60 * number), line, font=font, fill=0)
    scan = tmp_path / "scan.pdf"
    page.save(scan, "PDF", resolution=150, save_all=True, append_images=[page.copy()])
    with pytest.raises(ImporterError) as error:
        load_document(scan)
    assert str(error.value) == (
        f"{scan}: no text layer: the 2 page(s) are scanned images; run OCR on the PDF "
        "(for example `ocrmypdf -l vie in.pdf out.pdf`) and import the result"
    )


def test_pdf_that_lost_its_diacritics_gets_the_ocr_quality_label(seed_paths, tmp_path, browser, fonts):
    layout = seed_layout(strip_diacritics(seed_paths["hungyen"].read_text(encoding="utf-8")))
    document = load_document(write_pdf(layout_html(layout), tmp_path / "lost.pdf", browser))
    assert document.quality.label == "ocr" and document.quality.score < 0.75  # measured 0.708; the seed scores 0.998
    assert "quality: ocr\n" in render_page(document)
    assert document.number == "224/KH-UBND"  # the header is still read: fold() forgives lost accents


def broken_docx(tmp_path: Path, case: str) -> Path:
    path = tmp_path / f"{case}.docx"
    good = small_docx(tmp_path / "good.docx", BODY).read_bytes()
    if case == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif case == "not-a-docx":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("photos/1.txt", "hello")
    elif case == "bad-crc":
        data = bytearray(good)
        start = data.index(b"word/document.xml") + len("word/document.xml")  # the local header's name
        data[start + 40] ^= 0xFF  # flip a byte of the compressed entry
        path.write_bytes(bytes(data))
    elif case == "bad-xml":
        with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(path, "w") as archive:
            for name in source.namelist():
                archive.writestr(name, b"<w:document><unclosed>" if name == "word/document.xml" else source.read(name))
    elif case == "bomb":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/document.xml", b"<" + b" " * (10 * 1024 * 1024))
    return path


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("truncated", "not a readable Word document: the zip archive is damaged"),
        ("not-a-docx", "a zip archive, but not a Word document (no word/document.xml)"),
        ("bad-crc", "the Word document is damaged"),
        ("bad-xml", "not a readable Word document (XMLSyntaxError"),
        ("bomb", "refused: the archive would unpack to 10 MiB"),
    ],
)
def test_broken_word_files_are_clear_errors(tmp_path, case, message, monkeypatch):
    import portal.importer.formats.docx as reader

    monkeypatch.setattr(reader, "MAX_UNPACKED", 8 * 1024 * 1024)  # the real limit is 256 MiB: the same check, faster
    path = broken_docx(tmp_path, case)
    with pytest.raises(ImporterError) as error:
        load_document(path)
    assert str(error.value).startswith(f"{path}: {message}")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "not a readable PDF"),
        (b"%PDF-1.4\n" + b"\x00garbage" * 50, "not a readable PDF"),
    ],
)
def test_broken_pdfs_are_clear_errors(tmp_path, content, message):
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    with pytest.raises(ImporterError) as error:
        load_document(path)
    assert str(error.value).startswith(f"{path}: {message}")


def test_truncated_real_pdf_is_a_clear_error_in_the_cli(seed_paths, tmp_path, browser, fonts, monkeypatch):
    pdf = write_pdf(layout_html(seed_layout(seed_paths["hungyen"].read_text(encoding="utf-8"))), tmp_path / "a.pdf", browser)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(pdf.read_bytes()[:3000])
    root = tmp_path / "portal"
    (root / "docs" / "vi").mkdir(parents=True)
    write_project_config(root)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["import", str(broken), str(pdf), "--json"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"portal: error: {broken}: ")
    assert "Traceback" not in result.output
    import json

    error, imported = json.loads(result.stdout)
    assert error["status"] == "error" and imported["status"] == "created" and imported["format"] == "pdf"
    assert imported["fields_missing"] == [] and imported["pages"] >= 3

"""The documents' PDFs: laid out by WeasyPrint with fonts for Vietnamese and Chinese, cached by content."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from portal.sitebuild.pdf import PdfError, PdfJob, pdf_document, site_file, pdf_name, write_pdfs

SITE_URL = "https://portal.example.gov.vn/p/"


def document(title: str, body: str, lang: str) -> str:
    return pdf_document(lang=lang, title=title, content_html=body, site_name="Cổng <thông tin>",
                        operator="Ban Biên tập", page_url=SITE_URL + "plans/x/", source_label="Bản trực tuyến",
                        updated_label="Cập nhật", updated_text="6/5/2024", updated_iso="2024-05-06")


def fonts_and_text(data: bytes) -> tuple[set[str], str]:
    """The fonts the PDF's characters are drawn with (subset prefix dropped) and its text."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        fonts = {char["fontname"].split("+")[-1] for page in pdf.pages for char in page.chars}
        return fonts, " ".join(page.extract_text() or "" for page in pdf.pages)


def test_the_document_is_escaped_and_says_where_it_comes_from():
    html = document("A <b>title</b>", "<h1>Kế hoạch</h1>", "vi")
    assert "<title>A &lt;b&gt;title&lt;/b&gt; - Cổng &lt;thông tin&gt;</title>" in html
    assert f"Bản trực tuyến: {SITE_URL}plans/x/" in html and '<time datetime="2024-05-06">6/5/2024</time>' in html
    assert '<html lang="vi">' in html and "<h1>Kế hoạch</h1>" in html
    assert pdf_name("plans/ke-hoach-x.md", "zh") == "ke-hoach-x-zh.pdf"


def test_vietnamese_and_chinese_are_embedded_and_the_cache_lays_out_once(tmp_path):
    jobs = [
        PdfJob(document("Hà Nội", "<h1>Kế hoạch thông tin đối ngoại</h1><p>Ủy ban nhân dân thành phố Hà Nội.</p>", "vi"),
               tmp_path / "site" / "vi.pdf", SITE_URL + "plans/x/", SITE_URL, tmp_path / "site"),
        PdfJob(document("河内", "<h1>对外信息计划</h1><p>河内市人民委员会。</p>", "zh"),
               tmp_path / "site" / "zh" / "zh.pdf", SITE_URL + "zh/plans/x/", SITE_URL, tmp_path / "site"),
    ]
    report = write_pdfs(jobs, tmp_path / "cache", workers=1)
    assert (report.made, report.cached) == (2, 0)
    vi_fonts, vi_text = fonts_and_text(jobs[0].dest.read_bytes())
    zh_fonts, zh_text = fonts_and_text(jobs[1].dest.read_bytes())
    assert "DejaVu-Sans" in vi_fonts and "Kế hoạch thông tin đối ngoại" in vi_text and "Ủy ban" in vi_text
    assert any(font.startswith("Noto-Sans-CJK") for font in zh_fonts) and "对外信息计划" in zh_text
    first = jobs[0].dest.read_bytes()
    jobs[0].dest.unlink()
    again = write_pdfs(jobs, tmp_path / "cache", workers=1)
    assert (again.made, again.cached) == (0, 2)
    assert jobs[0].dest.read_bytes() == first
    # The same page laid out again gives the same bytes: nothing depends on the time of the build.
    fresh = write_pdfs(jobs[:1], tmp_path / "other-cache", workers=1)
    assert fresh.made == 1 and jobs[0].dest.read_bytes() == first


def test_a_pdf_loads_only_files_of_the_site(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "emblem.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    assert site_file(SITE_URL + "assets/emblem.svg", SITE_URL, tmp_path) == (tmp_path / "assets" / "emblem.svg").resolve()
    for url in ("https://elsewhere.example/x.png", SITE_URL + "../../etc/passwd", SITE_URL + "missing.png"):
        with pytest.raises(PdfError, match="not a file of the site"):
            site_file(url, SITE_URL, tmp_path)
    # A page whose image is elsewhere still gets its PDF, without the image and without a request.
    job = PdfJob(document("x", '<p>a</p><img src="https://elsewhere.example/x.png" alt="">', "vi"),
                 tmp_path / "x.pdf", SITE_URL + "plans/x/", SITE_URL, tmp_path)
    assert write_pdfs([job], tmp_path / "cache", workers=1).made == 1 and job.dest.is_file()

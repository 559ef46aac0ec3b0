"""The HTML review report, read as text (the browser test looks at it in chromium)."""

from __future__ import annotations

from click.testing import CliRunner
from review_helpers import NOW, break_a_term, machine_translate

from portal.cli import main
from portal.review.approve import approve
from portal.review.report import render_report

PRESS = "press/index.md"


def make_stale_press(project, glossary):
    approve(project, [project.lang_dir("en") / PRESS], "Lan", NOW, glossary=glossary)
    source = project.lang_dir("vi") / PRESS
    source.write_text(source.read_text("utf-8").replace("Trang dành", "Trang này dành"), encoding="utf-8")


def test_report_shows_states_changed_blocks_violations_and_terms(project, glossary):
    make_stale_press(project, glossary)
    machine_translate(project, [project.lang_dir("vi") / "promotion/hung-yen.md"], glossary)
    html = render_report(project, glossary)
    assert '<span class="badge state-stale">stale</span>' in html
    assert '<td data-lang="en" data-state="stale">' in html
    assert 'data-state="machine"' in html and 'data-state="missing"' in html
    section = html[html.index('id="page-press-index-md"'):]
    section = section[: section.index("</section>")]
    assert section.count('class="changed"') == 1
    assert "approved source: Trang dành cho phóng viên" in section
    assert '<mark class="term" title="ministry-foreign-affairs">Bộ Ngoại giao</mark>' in section
    assert '<mark class="term" title="ministry-foreign-affairs">Ministry of Foreign Affairs</mark>' in section
    assert 'class="violation"' not in section
    break_a_term(project)
    html = render_report(project, glossary)
    section = html[html.index('id="page-press-index-md"'):]
    section = section[: section.index("</section>")]
    assert section.count('class="violation"') == 1
    assert "missing: Bộ Ngoại giao → Ministry of Foreign Affairs" in section
    assert "<script" not in html


def test_report_escapes_page_text(project, glossary):
    path = project.lang_dir("en") / PRESS
    path.write_text(path.read_text("utf-8").replace("# Press", "# Press <script>alert(1)</script>"), "utf-8")
    html = render_report(project, glossary)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_cli_review_report(project, glossary, tmp_path, monkeypatch):
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["review", "report", "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r" / "index.html").is_file() and str(tmp_path / "r" / "index.html") in result.output

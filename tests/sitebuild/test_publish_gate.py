"""The publish gate: readers are told what they read; unapproved translations can be held back."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest

from portal.project import Project
from portal.sitebuild.build import build_site

MACHINE_PAGE = """---
title: Press
translation:
  status: {status}
---

# Press

Machine text.
"""


@pytest.fixture
def project_copy(tmp_path, repo_root, monkeypatch) -> Path:
    monkeypatch.setenv("PORTAL_PDF", "false")  # the documents' PDFs are tested on the shared build
    for name in ("mkdocs.yml", "hooks", "docs", "glossary"):
        source = repo_root / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    return tmp_path


def page(site: Path, path: str):
    return lxml.html.parse(str(site / path / "index.html")).getroot()


@pytest.mark.parametrize(("status", "words"), [("machine", "machine translation"), ("stale", "has changed since")])
def test_unreviewed_translations_carry_a_notice_linking_to_the_original(project_copy, status, words):
    (project_copy / "docs" / "en" / "press" / "index.md").write_text(MACHINE_PAGE.format(status=status), encoding="utf-8")
    build_site(Project(project_copy), project_copy / "site")
    notice = page(project_copy / "site", "en/press").cssselect(".admonition.warning")[0]
    assert words in notice.text_content()
    assert notice.cssselect("a")[0].get("href") == "../../press/"  # relative: works under a sub-path


def test_reviewed_only_mode_leaves_unapproved_translations_out(project_copy):
    (project_copy / "docs" / "en" / "press" / "index.md").write_text(MACHINE_PAGE.format(status="machine"), encoding="utf-8")
    reviewed = project_copy / "docs" / "en" / "about.md"
    reviewed.write_text(
        reviewed.read_text(encoding="utf-8").replace("---\n", "---\ntranslation:\n  status: reviewed\n", 1), encoding="utf-8"
    )
    build_site(Project(project_copy), project_copy / "site", reviewed_only=True)
    site = project_copy / "site"
    press = page(site, "en/press")
    assert "Machine text." not in press.text_content()
    assert "Báo chí" in press.findtext(".//h1"), "the Vietnamese original is shown instead"
    assert "not been translated into English" in press.cssselect(".admonition.warning")[0].text_content()
    heading = next(line[2:] for line in reviewed.read_text(encoding="utf-8").splitlines() if line.startswith("# "))
    assert page(site, "en/about").findtext(".//h1").startswith(heading)
    # The same pages are published as drafts in the default mode.
    build_site(Project(project_copy), project_copy / "site")
    assert "Machine text." in page(project_copy / "site", "en/press").text_content()


def test_a_glossary_violation_on_a_reviewed_page_fails_the_strict_build(project_copy):
    from portal.sitebuild.build import SiteBuildError

    page = project_copy / "docs" / "en" / "press" / "index.md"
    text = "---\ntitle: Press\ntranslation:\n  status: {status}\n---\n\n# Press\n\nThe Foreign Ministry manages foreign journalists.\n"
    page.write_text(text.format(status="machine"), encoding="utf-8")
    build_site(Project(project_copy), project_copy / "site")  # a draft only informs
    page.write_text(text.format(status="reviewed"), encoding="utf-8")
    with pytest.raises(SiteBuildError) as failure:
        build_site(Project(project_copy), project_copy / "site")
    assert "[en]" in str(failure.value) and "'Bộ Ngoại giao' must be 'Ministry of Foreign Affairs'" in str(failure.value)


def test_an_approved_page_whose_source_changed_is_stale(project_copy):
    source = project_copy / "docs" / "vi" / "press" / "index.md"
    approved = (project_copy / "docs" / "en" / "press" / "index.md").read_text(encoding="utf-8")
    assert "status: \"reviewed\"" in approved and "source_hash:" in approved
    source.write_text(source.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    build_site(Project(project_copy), project_copy / "site")
    notice = page(project_copy / "site", "en/press").cssselect(".admonition.warning")[0]
    assert "has changed since" in notice.text_content()
    build_site(Project(project_copy), project_copy / "site", reviewed_only=True)
    assert "Báo chí" in page(project_copy / "site", "en/press").findtext(".//h1"), "stale is not published"


def test_untranslated_and_ocr_pages_tell_the_reader(project_copy):
    """A page without its translation is shown in Vietnamese, marked and announced; an OCR page is flagged."""
    slug = "ke-hoach-thong-tin-doi-ngoai-ha-noi-2015-2017"
    for lang in ("en", "zh"):
        (project_copy / "docs" / lang / "plans" / f"{slug}.md").unlink()
    notice = project_copy / "docs" / "vi" / "plans" / "thong-bao-ha-noi-2014.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("quality: edited", "quality: ocr"), encoding="utf-8")
    build_site(Project(project_copy), project_copy / "site")
    site = project_copy / "site"
    root = page(site, f"en/plans/{slug}")
    warning = root.cssselect(".admonition.warning")
    assert warning and "not been translated into English" in warning[0].text_content()
    body = root.cssselect('article div[lang="vi"]')  # the Vietnamese body is marked; the notice stays English
    assert len(body) == 1 and len(body[0].text_content()) > 1000
    assert warning[0].getparent().tag == "article"
    listing = page(site, "en/plans")
    assert "(in Vietnamese)" in listing.text_content(), "untranslated titles are marked in the listings"
    assert listing.cssselect('article a span[lang="vi"]'), "and in the reader's markup"
    ocr = page(site, "plans/thong-bao-ha-noi-2014").cssselect(".admonition.warning")
    assert "OCR" in ocr[0].text_content()
    assert not page(site, "en").cssselect(".admonition.warning"), "a translated page has no notice"

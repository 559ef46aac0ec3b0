"""The whole product on a copy of the portal: install models, translate, build, read."""

from __future__ import annotations

import json
import shutil

import lxml.html
from click.testing import CliRunner

from synthetic_packages import build_argos_package
from portal.cli import main


def test_install_translate_and_publish_with_generated_models(tmp_path, repo_root, seeds_dir, monkeypatch):
    project = tmp_path / "portal"
    project.mkdir()
    for name in ("mkdocs.yml", "hooks", "docs", "glossary"):
        (shutil.copytree if (repo_root / name).is_dir() else shutil.copy)(repo_root / name, project / name)
    corpus = [line for seed in sorted(seeds_dir.glob("*.txt")) for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    packages = [build_argos_package(tmp_path / "packages" / pair, *pair.split("_"), corpus) for pair in ("vi_en", "en_zh")]
    for lang in ("en", "zh"):  # a page the translators have not done yet
        (project / "docs" / lang / "promotion" / "ha-noi.md").unlink()
    monkeypatch.chdir(project)
    monkeypatch.setenv("PORTAL_PDF", "false")  # the documents' PDFs are tested on the shared build
    runner = CliRunner()
    for package in packages:
        result = runner.invoke(main, ["models", "install", "--from", str(package)])
        assert result.exit_code == 0, result.output

    result = runner.invoke(main, ["translate", "docs/vi/promotion", "docs/vi/press", "--json", "--quiet"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    written = {(page["path"], page["lang"]) for page in summary["pages"] if page["status"] == "written"}
    assert ("docs/vi/promotion/ha-noi.md", "en") in written and ("docs/vi/promotion/ha-noi.md", "zh") in written
    assert not any(page["path"] == "docs/vi/press/index.md" and page["status"] == "written" for page in summary["pages"]), (
        "the translators' press page is never overwritten"
    )
    again = json.loads(runner.invoke(main, ["translate", "docs/vi/promotion", "--json", "--quiet"]).output)
    assert again["model_calls"] == 0 and again["translated"] == 0

    monkeypatch.delenv("PORTAL_SITE_URL", raising=False)
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert "note: PORTAL_SITE_URL is not set" in result.output  # a build for a preview says so
    page = lxml.html.parse(str(project / "site" / "en" / "promotion" / "ha-noi" / "index.html")).getroot()
    notice = page.cssselect(".admonition.warning")[0]
    assert "machine translation" in notice.text_content() and notice.cssselect("a")[0].get("href") == "../../../promotion/ha-noi/"
    assert not page.cssselect('article div[lang="vi"]'), "a translated page is not marked as Vietnamese"
    # The glossary is enforced whatever the random model says: Hà Nội is Hanoi in the title.
    assert "Hanoi" in page.findtext(".//h1")

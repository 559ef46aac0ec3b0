"""The `portal check` and `portal glossary ...` commands on a small project."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from portal.cli import main


@pytest.fixture()
def project(tmp_path, fixtures, monkeypatch):
    shutil.copy(fixtures / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "glossary").mkdir()
    shutil.copy(fixtures / "terms.yaml", tmp_path / "glossary" / "terms.yaml")
    shutil.copytree(fixtures / "docs", tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_check_fails_on_reviewed_page(project):
    result = run("check")
    assert result.exit_code == 1
    assert "docs/zh/plan.md:8" in result.output and "南海" in result.output
    assert "block counts differ" in result.output


def test_check_drafts_only_passes(project):
    result = run("check", "docs/en")
    assert result.exit_code == 0, result.output
    assert "0 error(s), 6 warning(s)" in result.output


def test_check_json(project):
    result = run("check", "--json", "docs/zh/plan.md")
    data = json.loads(result.output)
    assert result.exit_code == 1 and data["failed"]
    assert [v["line"] for v in data["pages"][0]["violations"]] == [7, 8]


def test_check_reports_bad_glossary(project):
    (project / "glossary" / "terms.yaml").write_text("- id: x\n  kind: place\n  vi: X\n")
    result = run("check")
    assert result.exit_code == 2
    assert "glossary/terms.yaml:1: entry 'x': missing target" in result.output


@pytest.mark.parametrize("fmt", ["tbx", "csv"])
def test_export_then_import_changes_nothing(project, fmt):
    before = (project / "glossary" / "terms.yaml").read_text(encoding="utf-8")
    result = run("glossary", "export", "--format", fmt, f"out.{fmt}")
    assert result.exit_code == 0 and "8 entries" in result.output
    result = run("glossary", "import", "--format", fmt, f"out.{fmt}")
    assert result.exit_code == 0 and "0 added, 0 changed" in result.output
    assert (project / "glossary" / "terms.yaml").read_text(encoding="utf-8") == before


def test_import_into_new_file(project):
    run("glossary", "export", "--format", "csv", "out.csv")
    result = run("glossary", "import", "--format", "csv", "out.csv", "--into", "copy.yaml")
    assert result.exit_code == 0 and "8 added" in result.output
    assert (project / "copy.yaml").read_text(encoding="utf-8").count("- id: ") == 8


def test_glossary_page(project):
    result = run("glossary", "page")
    assert result.exit_code == 0
    for lang in ("vi", "en", "zh"):
        assert (project / "docs" / lang / "glossary" / "index.md").is_file()
    assert run("check", "docs/en/glossary").exit_code == 0  # generated pages are skipped

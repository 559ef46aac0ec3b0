"""Writing pages: front matter, idempotence, edited pages, errors, and the CLI."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from click.testing import CliRunner

from portal.cli import main
from portal.importer import ImporterError, WriteStatus, import_file, render_page

FRONT_MATTER_KEYS = ["title", "description", "kind", "number", "date", "place", "issuer", "signer", "recipients",
                     "source", "quality", "quality_score", "tags"]


def front_matter(text: str) -> dict:
    _, matter, _ = text.split("---\n", 2)
    return yaml.safe_load(matter)


def test_front_matter_schema(seeds):
    plan = front_matter(render_page(seeds["hanoi-2023"]))
    assert list(plan) == [*FRONT_MATTER_KEYS, "tasks", "internal_annexes"]
    assert plan["date"].isoformat() == "2023-03-23"
    assert plan["signer"] == {"name": "Hà Minh Hải", "title": "PHÓ CHỦ TỊCH", "for": "TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH"}
    assert plan["source"] == "001_68e207a12679e544.txt"
    assert plan["description"] == "Kế hoạch số 101/KH-UBND ngày 23/3/2023 của Ủy ban nhân dân thành phố Hà Nội."
    assert plan["tags"] == ["Kế hoạch", "Hà Nội", "thông tin đối ngoại"]
    assert set(plan["tasks"][0]) == {"number", "task", "timeline", "lead", "coordinating", "group"}
    assert len(plan["tasks"]) == 49
    notice = front_matter(render_page(seeds["ocr-notice"]))
    assert list(notice) == FRONT_MATTER_KEYS  # no task appendix, no tasks key
    assert (notice["quality"], notice["quality_score"], notice["number"], notice["date"]) == ("ocr", 0.652, None, None)


def test_import_is_idempotent(seed_paths, tmp_path):
    first = import_file(seed_paths["haiphong"], tmp_path)
    data = first.write.path.read_bytes()
    second = import_file(seed_paths["haiphong"], tmp_path)
    assert (first.write.status, second.write.status) == (WriteStatus.CREATED, WriteStatus.UNCHANGED)
    assert second.write.path.read_bytes() == data
    assert first.write.path.name == "quyet-dinh-thong-tin-doi-ngoai-hai-phong-2013-2020.md"
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.write.path.name]  # no temp files left


def test_edited_page_is_refused_forced_or_skipped(seed_paths, tmp_path):
    page = import_file(seed_paths["hungyen"], tmp_path).write.path
    edited = page.read_text(encoding="utf-8").replace("Mục đích", "Mục đích (đã biên tập)")
    page.write_text(edited, encoding="utf-8")
    with pytest.raises(ImporterError) as error:
        import_file(seed_paths["hungyen"], tmp_path)
    assert str(error.value).startswith(f"{page}: the page differs")
    assert page.read_text(encoding="utf-8") == edited
    skipped = import_file(seed_paths["hungyen"], tmp_path, skip_edited=True)
    assert skipped.write.status is WriteStatus.SKIPPED and page.read_text(encoding="utf-8") == edited
    forced = import_file(seed_paths["hungyen"], tmp_path, force=True)
    assert forced.write.status is WriteStatus.REPLACED
    backup = forced.write.backup
    assert backup.parent == page.parent and backup.name.startswith(page.stem + ".") and backup.name.endswith(".md.bak")
    assert forced.write.backup.read_text(encoding="utf-8") == edited
    assert "(đã biên tập)" not in page.read_text(encoding="utf-8")


def test_every_forced_import_keeps_its_own_backup_in_the_project(seed_paths, tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    out = tmp_path / "docs" / "vi" / "plans"
    page = import_file(seed_paths["hanoi-2015"], out).write.path
    backups = []
    for edit in ("editor edit #1\n", "editor edit #2\n"):
        page.write_text(edit, encoding="utf-8")
        backups.append(import_file(seed_paths["hanoi-2015"], out, force=True).write.backup)
    assert all(b.parent == tmp_path / ".backups" / "docs" / "vi" / "plans" for b in backups)
    assert [b.read_text(encoding="utf-8") for b in backups] == ["editor edit #1\n", "editor edit #2\n"]


def test_same_slug_from_another_source_gets_a_suffix(seed_paths, tmp_path):
    copy = tmp_path / "in" / "copy-of-000.txt"
    copy.parent.mkdir()
    shutil.copy(seed_paths["hanoi-2015"], copy)
    first = import_file(seed_paths["hanoi-2015"], tmp_path / "out")
    second = import_file(copy, tmp_path / "out")
    assert second.write.path.name == "ke-hoach-thong-tin-doi-ngoai-ha-noi-2015-2017-117-kh-ubnd.md"
    assert first.write.path.read_bytes() != second.write.path.read_bytes()


def run(*args):
    return CliRunner().invoke(main, ["import", *map(str, args)])


def test_cli_imports_and_reports(seed_paths, tmp_path):
    result = run(*seed_paths.values(), "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("created: ") == 5
    assert "portal: warning: " in result.stderr and "002_42e533cfac325ef8.txt" in result.stderr
    again = run(seed_paths["hanoi-2023"], "--out", tmp_path, "--json")
    assert again.exit_code == 0
    (record,) = json.loads(again.stdout)
    assert (record["status"], record["number"], record["tasks"]) == ("unchanged", "101/KH-UBND", 49)


def test_cli_edited_page(seed_paths, tmp_path):
    assert run(seed_paths["hanoi-2015"], "--out", tmp_path).exit_code == 0
    page = tmp_path / "ke-hoach-thong-tin-doi-ngoai-ha-noi-2015-2017.md"
    page.write_text("edited\n", encoding="utf-8")
    refused = run(seed_paths["hanoi-2015"], "--out", tmp_path)
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"portal: error: {page}: the page differs")
    skipped = run(seed_paths["hanoi-2015"], "--out", tmp_path, "--skip-edited")
    assert skipped.exit_code == 0 and skipped.stdout.startswith("skipped: ")
    assert run(seed_paths["hanoi-2015"], "--out", tmp_path, "--force", "--skip-edited").exit_code == 2
    forced = run(seed_paths["hanoi-2015"], "--out", tmp_path, "--force")
    assert forced.exit_code == 0 and "backed up to" in forced.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", ": the file is empty"),
        (b"  \n\n\t\n", ": the file is empty"),
        ("KẾ HOẠCH\nSố: 1/KH-UBND\n".encode("utf-8") + b"\n\xff\xfe bad\n", ":4: not UTF-8 text"),
        ("Hà Nội, ngày 5 tháng 6 năm 2014\n".encode("cp1252", errors="replace"), ":1: not UTF-8 text"),
    ],
)
def test_cli_unreadable_inputs(tmp_path, content, message):
    source = tmp_path / "input.txt"
    source.write_bytes(content)
    result = run(source, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"portal: error: {source}{message}")
    assert not (tmp_path / "out").exists()


def test_cli_not_a_government_document(fixtures_dir, tmp_path):
    result = run(fixtures_dir / "not-a-document.txt", "--out", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"portal: error: {fixtures_dir / 'not-a-document.txt'}:1: not a government document")


def test_cli_missing_file(tmp_path):
    result = run(tmp_path / "nope.txt", "--out", tmp_path)
    assert result.exit_code == 2 and "cannot read the file" in result.stderr

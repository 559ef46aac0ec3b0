"""Writing pages: front matter, the import record, edited pages, the sources copy, errors, and the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from portal_projects import write_project_config

from portal.cli import main
from portal.fileio import content_hash
from portal.importer import ImporterError, WriteStatus, import_file, render_page
from portal.importer.page import without_import_record

FRONT_MATTER_KEYS = ["title", "description", "kind", "number", "date", "place", "issuer", "signer", "recipients",
                     "source", "quality", "quality_score", "tags"]


def front_matter(text: str) -> dict:
    _, matter, _ = text.split("---\n", 2)
    return yaml.safe_load(matter)


def test_front_matter_schema(seeds):
    page = render_page(seeds["hanoi-2023"])
    plan = front_matter(page)
    assert list(plan) == [*FRONT_MATTER_KEYS, "tasks", "internal_annexes", "import_hash"]
    assert plan["import_hash"] == content_hash(without_import_record(page))
    assert plan["date"].isoformat() == "2023-03-23"
    assert plan["signer"] == {"name": "Hà Minh Hải", "title": "PHÓ CHỦ TỊCH", "for": "TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH"}
    assert plan["source"] == "001_68e207a12679e544.txt"
    assert plan["description"] == "Kế hoạch số 101/KH-UBND ngày 23/3/2023 của Ủy ban nhân dân thành phố Hà Nội."
    assert plan["tags"] == ["Kế hoạch", "Hà Nội", "thông tin đối ngoại"]
    assert set(plan["tasks"][0]) == {"number", "task", "timeline", "lead", "coordinating", "group"}
    assert len(plan["tasks"]) == 49
    notice = front_matter(render_page(seeds["ocr-notice"]))
    assert list(notice) == [*FRONT_MATTER_KEYS, "import_hash"]  # no task appendix, no tasks key
    assert (notice["quality"], notice["quality_score"], notice["number"], notice["date"]) == ("ocr", 0.652, None, None)


def test_import_is_idempotent(seed_paths, tmp_path):
    first = import_file(seed_paths["haiphong"], tmp_path)
    data = first.write.path.read_bytes()
    second = import_file(seed_paths["haiphong"], tmp_path)
    assert (first.write.status, second.write.status) == (WriteStatus.CREATED, WriteStatus.UNCHANGED)
    assert second.write.path.read_bytes() == data
    assert first.write.path.name == "quyet-dinh-thong-tin-doi-ngoai-hai-phong-2013-2020.md"
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.write.path.name]  # no temp files left


def changed_copy(seed: Path, folder: Path) -> Path:
    """The same document after its author corrected a sentence."""
    copy = folder / seed.name
    folder.mkdir(exist_ok=True)
    copy.write_text(seed.read_text(encoding="utf-8").replace("Mục đích", "Mục đích chung", 1), encoding="utf-8")
    return copy


def test_a_page_nobody_edited_follows_the_changed_source(seed_paths, tmp_path):
    page = import_file(seed_paths["hungyen"], tmp_path).write.path
    updated = import_file(changed_copy(seed_paths["hungyen"], tmp_path / "new"), tmp_path)
    assert updated.write.status is WriteStatus.UPDATED and updated.write.backup is None
    assert "Mục đích chung" in page.read_text(encoding="utf-8")


def test_a_page_from_before_import_records_is_updated_when_identical(seed_paths, tmp_path):
    page = import_file(seed_paths["hanoi-2015"], tmp_path).write.path
    page.write_text(without_import_record(page.read_text(encoding="utf-8")), encoding="utf-8")
    result = import_file(seed_paths["hanoi-2015"], tmp_path)
    assert result.write.status is WriteStatus.UPDATED
    assert "\nimport_hash: sha256:" in page.read_text(encoding="utf-8")


def test_edited_page_is_refused_forced_or_skipped(seed_paths, tmp_path):
    page = import_file(seed_paths["hungyen"], tmp_path).write.path
    edited = page.read_text(encoding="utf-8").replace("Mục đích", "Mục đích (đã biên tập)")
    page.write_text(edited, encoding="utf-8")
    changed = changed_copy(seed_paths["hungyen"], tmp_path / "new")  # a new version of the source, too
    with pytest.raises(ImporterError) as error:
        import_file(changed, tmp_path)
    assert str(error.value).startswith(f"{page}: the page was edited since it was imported: it no longer matches")
    assert page.read_text(encoding="utf-8") == edited
    skipped = import_file(changed, tmp_path, skip_edited=True)
    assert skipped.write.status is WriteStatus.SKIPPED and page.read_text(encoding="utf-8") == edited
    assert "no longer matches its import record" in skipped.summary
    forced = import_file(changed, tmp_path, force=True)
    assert forced.write.status is WriteStatus.REPLACED
    backup = forced.write.backup
    assert backup.parent == page.parent and backup.name.startswith(page.stem + ".") and backup.name.endswith(".md.bak")
    assert forced.write.backup.read_text(encoding="utf-8") == edited
    assert "(đã biên tập)" not in page.read_text(encoding="utf-8")


def test_a_page_marked_edited_is_left_alone_and_says_why(seed_paths, tmp_path):
    page = import_file(seed_paths["ocr-notice"], tmp_path).write.path
    restored = page.read_text(encoding="utf-8").replace("quality: ocr", "quality: edited")
    page.write_text(restored, encoding="utf-8")
    skipped = import_file(seed_paths["ocr-notice"], tmp_path, skip_edited=True)
    assert skipped.write.status is WriteStatus.SKIPPED
    assert "marked 'quality: edited'" in skipped.summary
    assert page.read_text(encoding="utf-8") == restored


def test_every_forced_import_keeps_its_own_backup_in_the_project(seed_paths, tmp_path):
    write_project_config(tmp_path)
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


# ------------------------------------------------------------------- CLI


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """An empty portal project, the working directory of the command."""
    root = tmp_path / "portal"
    (root / "docs" / "vi").mkdir(parents=True)
    (root / "sources").mkdir()
    write_project_config(root)
    monkeypatch.chdir(root)
    return root


def run(*args):
    return CliRunner().invoke(main, ["import", *map(str, args)])


def test_cli_imports_copies_the_originals_and_reports(seed_paths, project, tmp_path):
    elsewhere = tmp_path / "mail"
    elsewhere.mkdir()
    for path in seed_paths.values():
        shutil.copy(path, elsewhere)
    result = run(*sorted(elsewhere.iterdir()))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("created: ") == 5 and result.stdout.count("original kept as ") == 5
    assert "portal: warning: " in result.stderr and "002_42e533cfac325ef8.txt" in result.stderr
    assert sorted(p.name for p in (project / "sources").iterdir()) == sorted(p.name for p in seed_paths.values())
    again = run(seed_paths["hanoi-2023"], "--json")
    assert again.exit_code == 0
    (record,) = json.loads(again.stdout)
    assert (record["status"], record["number"], record["tasks"], record["format"]) == ("unchanged", "101/KH-UBND", 49, "text")
    assert record["fields_found"] == ["kind", "number", "date", "place", "issuer", "signer", "recipients"]
    assert record["fields_missing"] == []
    assert record["tables"] == [{"rows": 59, "columns": 5, "parts": 8}, {"rows": 48, "columns": 5, "parts": 1}]  # 8 header rows in 001
    assert record["tables_merged"] == 7 and record["quality_score"] == 0.996
    assert record["internal_annexes"] == [front_matter(render_page(load(seed_paths["hanoi-2023"])))["internal_annexes"][0]["title"]]


def load(path):
    from portal.importer import load_document

    return load_document(path)


def test_cli_never_overwrites_a_different_source_of_the_same_name(seed_paths, project, tmp_path):
    (project / "sources" / "plan.txt").write_text("an unrelated file the editors keep\n", encoding="utf-8")
    incoming = tmp_path / "plan.txt"
    shutil.copy(seed_paths["hungyen"], incoming)
    assert run(incoming).exit_code == 0
    assert (project / "sources" / "plan.txt").read_text(encoding="utf-8") == "an unrelated file the editors keep\n"
    assert (project / "sources" / "plan-2.txt").read_bytes() == incoming.read_bytes()
    page = project / "docs" / "vi" / "plans" / "ke-hoach-thong-tin-doi-ngoai-hung-yen-2017.md"
    assert front_matter(page.read_text(encoding="utf-8"))["source"] == "plan-2.txt"
    assert run(incoming).stdout.startswith("unchanged: ")  # the same file again: its copy is recognised
    assert sorted(p.name for p in (project / "sources").iterdir()) == ["plan-2.txt", "plan.txt"]


def test_cli_imports_a_folder_of_documents(seed_paths, project):
    for path in seed_paths.values():
        shutil.copy(path, project / "sources")
    shutil.copy(seed_paths["hanoi-2015"].parent / "README.md", project / "sources")
    result = run("--skip-edited", project / "sources")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("created: ") == 5 and "original kept" not in result.stdout


def test_cli_edited_page(seed_paths, project):
    assert run(seed_paths["hanoi-2015"]).exit_code == 0
    page = project / "docs" / "vi" / "plans" / "ke-hoach-thong-tin-doi-ngoai-ha-noi-2015-2017.md"
    page.write_text("edited\n", encoding="utf-8")
    refused = run(seed_paths["hanoi-2015"])
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"portal: error: {page}: the page was edited since it was imported")
    skipped = run(seed_paths["hanoi-2015"], "--skip-edited")
    assert skipped.exit_code == 0 and skipped.stdout.startswith("skipped: ")
    assert run(seed_paths["hanoi-2015"], "--force", "--skip-edited").exit_code == 2
    forced = run(seed_paths["hanoi-2015"], "--force")
    assert forced.exit_code == 0 and "backed up to" in forced.stdout


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("input.txt", b"", ": the file is empty"),
        ("input.txt", b"  \n\n\t\n", ": the file is empty"),
        ("input.txt", "KẾ HOẠCH\nSố: 1/KH-UBND\n".encode("utf-8") + b"\n\xff\xfe bad\n", ":4: not UTF-8 text"),
        ("input.txt", "Hà Nội, ngày 5 tháng 6 năm 2014\n".encode("cp1252", errors="replace"), ":1: not UTF-8 text"),
        ("input.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00", ":1: binary data (NUL bytes), not a text document"),
        ("input.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ": an old binary Word file (.doc)"),
        ("input.pdf", "KẾ HOẠCH\n".encode("utf-8"), ": named .pdf but the content is text, not a PDF file"),
    ],
)
def test_cli_unreadable_inputs_are_named_and_the_others_imported(seed_paths, project, name, content, message):
    source = project.parent / name
    source.write_bytes(content)
    result = run(source, seed_paths["hungyen"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"portal: error: {source}{message}")
    assert result.stdout.startswith("created: ")  # the good file is imported all the same
    assert sorted(p.name for p in (project / "sources").iterdir()) == [seed_paths["hungyen"].name]


def test_cli_huge_file_is_refused_before_it_is_read(project, monkeypatch):
    import portal.importer.formats as formats

    monkeypatch.setattr(formats, "MAX_BYTES", 1000)
    source = project.parent / "big.txt"
    source.write_text("KẾ HOẠCH\n" * 200, encoding="utf-8")
    result = run(source)
    assert result.exit_code == 2 and "the file is too large to import" in result.stderr


def test_cli_not_a_government_document(fixtures_dir, project):
    result = run(fixtures_dir / "not-a-document.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"portal: error: {fixtures_dir / 'not-a-document.txt'}:1: not a government document")


def test_cli_missing_file(project):
    result = run(project / "nope.txt")
    assert result.exit_code == 2 and "cannot read the file" in result.stderr


@pytest.mark.parametrize("out", ["../elsewhere", "/tmp", "docs/en/plans", "."])
def test_cli_out_must_be_under_docs_vi(seed_paths, project, out):
    result = run(seed_paths["hungyen"], "--out", out)
    assert result.exit_code == 2 and "--out must be a folder under" in result.stderr
    assert not (project.parent / "elsewhere").exists() and list((project / "sources").iterdir()) == []

"""What changed in the source since approval: stale pages and `portal diff`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from review_helpers import NOW, break_a_term

from portal.cli import main
from portal.pages import PagePath
from portal.review.approve import approve
from portal.review.diff import diff
from portal.review.pages import page_review
from portal.review.state import ReviewError, ReviewState
from portal.review.blocks import diff_blocks

PRESS = "press/index.md"


def edit_source(project, old: str, new: str, rel: str = PRESS) -> None:
    path = project.lang_dir("vi") / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_diff_blocks_kinds():
    changes = diff_blocks(["a", "b", "c", "d"], ["a", "B", "c", "x", "d", "y"], ["A", "BB", "C", "D"])
    assert [(c.kind, c.old_source, c.new_source, c.target) for c in changes] == [
        ("kept", "a", "a", "A"), ("changed", "b", "B", "BB"), ("kept", "c", "c", "C"),
        ("added", "", "x", ""), ("kept", "d", "d", "D"), ("added", "", "y", ""),
    ]
    removed = diff_blocks(["a", "b"], ["a"], ["A", "B"])
    assert [(c.kind, c.target) for c in removed] == [("kept", "A"), ("removed", "B")]


def test_source_change_makes_the_page_stale_and_diff_names_the_block(project, glossary):
    target = project.lang_dir("en") / PRESS
    approve(project, [target], "Lan", NOW, glossary=glossary)
    reviewed = target.read_bytes()
    edit_source(project, "Trang dành cho phóng viên", "Trang thông tin dành cho phóng viên")

    review = page_review(project, PagePath(PRESS, "en"), glossary)
    assert review.status is ReviewState.STALE and review.changed_blocks == 1
    result = diff(project, target)
    [changed] = result.changed
    assert changed.kind == "changed" and changed.index == 2 and changed.line == 8
    assert changed.old_source == "Trang dành cho phóng viên và cơ quan báo chí nước ngoài."
    assert changed.new_source.startswith("Trang thông tin dành")
    assert changed.target == "This page is for foreign press agencies and any foreign reporter."
    assert [(c.key, c.kind) for c in result.changes] == [
        ("title", "kept"), ("description", "kept"), ("", "kept"), ("", "changed"), ("", "kept"), ("", "kept"),
        ("", "kept")]
    assert target.read_bytes() == reviewed  # the reviewed page is never rewritten

    # approving again makes it reviewed for the new source
    approve(project, [target], "Lan", NOW, glossary=glossary)
    assert page_review(project, PagePath(PRESS, "en"), glossary).status is ReviewState.REVIEWED
    assert diff(project, target).changed == []


def test_added_block_is_reported(project, glossary):
    approve(project, [project.lang_dir("vi") / PRESS], "Lan", NOW, glossary=glossary)
    edit_source(project, "# Báo chí\n", "# Báo chí\n\nĐoạn mới.\n")
    result = diff(project, project.lang_dir("vi") / PRESS, "zh")
    assert [(c.kind, c.new_source) for c in result.changed] == [("added", "Đoạn mới.")]
    assert page_review(project, PagePath(PRESS, "zh"), glossary).changed_blocks == 1


def test_diff_needs_an_approval_record(project):
    with pytest.raises(ReviewError, match="no approval record"):
        diff(project, project.lang_dir("en") / PRESS)
    with pytest.raises(ReviewError, match="--lang"):
        diff(project, project.lang_dir("vi") / PRESS)


def test_cli_status_approve_diff(project, glossary, monkeypatch):
    monkeypatch.chdir(project.root)
    runner = CliRunner()
    result = runner.invoke(main, ["approve", "docs/en/press/index.md", "--by", "Lan"])
    assert result.exit_code == 0, result.output
    assert "approved docs/en/press/index.md (7 blocks) by Lan" in result.output  # title, description, 5 in the body
    edit_source(project, "Trang dành cho phóng viên", "Trang thông tin dành cho phóng viên")

    result = runner.invoke(main, ["status", "docs/vi/press", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["lang"]: row for row in json.loads(result.output)}
    assert rows["en"]["status"] == "stale" and rows["en"]["changed"] == 1 and rows["en"]["violations"] == 0
    assert rows["zh"]["status"] == "needs-review" and rows["en"]["page"] == PRESS

    text = runner.invoke(main, ["status"]).output
    assert "press/index.md" in text and "stale (1 changed)" in text and "missing" in text

    result = runner.invoke(main, ["diff", "docs/en/press/index.md", "--json", "--no-suggest"])
    assert result.exit_code == 0, result.output
    assert [c["kind"] for c in json.loads(result.output)["changes"]].count("changed") == 1
    result = runner.invoke(main, ["diff", "docs/vi/press/index.md", "--lang", "en"])
    assert "CHANGED (block 2, line 8)" in result.output and "This page is for foreign press" in result.output
    assert "no vi->en translation model installed" in result.output

    break_a_term(project)
    result = runner.invoke(main, ["approve", "docs/en/press/index.md", "--by", "Lan"])
    assert result.exit_code == 2 and "missing 'Ministry of Foreign Affairs'" in result.output


def test_diff_suggests_through_the_installed_model(project, glossary, monkeypatch):
    """With a model for the pair, changed blocks get a machine suggestion (a fake backend here)."""
    from review_helpers import FAKE_MODEL

    from portal.translation import run as translate
    from portal.translation.backends import MarkingBackend
    from portal.translation.memory import MemoryBackend

    def fake_stack(self, source, target):  # the model is fake, the memory is the one diff set up
        return MemoryBackend(MarkingBackend(), self.memory(f"{source}-{target}"), FAKE_MODEL), FAKE_MODEL

    monkeypatch.setattr(translate.BackendStacks, "stack", fake_stack)
    approve(project, [project.lang_dir("en") / PRESS], "Lan", NOW, glossary=glossary)
    edit_source(project, "Trang dành cho phóng viên", "Trang thông tin dành cho phóng viên")
    result = diff(project, project.lang_dir("en") / PRESS, suggest=True)
    [changed] = result.changed
    assert changed.suggestion == f"⟦{changed.new_source}⟧"
    assert result.notes == ["suggestions by test:marking@1 (raw, unreviewed)"]
    assert not (project.glossary_dir / "memory" / "vi-en.jsonl").exists()  # suggestions are not remembered

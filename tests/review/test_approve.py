"""Approving pages: front matter, byte-identical bodies, the approval records, refusals."""

from __future__ import annotations

import json

import pytest
import yaml
from review_helpers import NOW, break_a_term, machine_translate, write_page

from portal.frontmatter import split_front_matter
from portal.pages import PagePath
from portal.review.approve import approve
from portal.review.pages import page_review, page_reviews
from portal.review.records import load_records
from portal.review.state import ReviewError, ReviewState
from portal.review.records import records_path

PRESS = "press/index.md"


def body(text: str) -> str:
    return text[split_front_matter(text)[1]:]


def test_hand_written_page_needs_review_until_approved(project, glossary):
    assert page_review(project, PagePath(PRESS, "en"), glossary).status is ReviewState.NEEDS_REVIEW
    target = project.lang_dir("en") / PRESS
    before = target.read_text(encoding="utf-8")

    [record] = approve(project, [target], "Lan Nguyen", NOW, glossary=glossary)

    after = target.read_text(encoding="utf-8")
    assert body(after) == body(before)  # the translation itself, byte for byte
    meta, _ = split_front_matter(after)
    assert meta["title"] == "Press"
    block = meta["translation"]
    assert block["status"] == "reviewed" and block["reviewed_by"] == "Lan Nguyen"
    assert block["source"] == "docs/vi/press/index.md"
    assert block["reviewed_at"] == "2026-11-23T12:00:00+00:00"
    review = page_review(project, PagePath(PRESS, "en"), glossary)
    assert review.status is ReviewState.REVIEWED
    assert review.approved_source_hash == review.source_hash == record.source_hash
    assert record.blocks[0].source == "Báo chí" and record.blocks[0].target == "Press"


def test_machine_page_keeps_its_other_translation_keys(project, glossary):
    rel = "promotion/ha-noi.md"
    machine_translate(project, [project.lang_dir("vi") / rel], glossary)
    target = project.lang_dir("en") / rel
    before = target.read_text(encoding="utf-8")
    assert page_review(project, PagePath(rel, "en"), glossary).status is ReviewState.MACHINE

    approve(project, [target], "Lan", NOW, glossary=glossary)

    old, new = split_front_matter(before)[0]["translation"], split_front_matter(target.read_text("utf-8"))[0]["translation"]
    assert {k: v for k, v in new.items() if k not in ("status", "reviewed_by", "reviewed_at")} == {
        k: v for k, v in old.items() if k != "status"}
    assert body(target.read_text(encoding="utf-8")) == body(before)


def test_records_file_is_sorted_merge_friendly_jsonl(project, glossary):
    approve(project, [project.lang_dir("en") / PRESS, project.lang_dir("en") / "about.md"], "Lan", NOW, glossary=glossary)
    path = records_path(project, "en")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    items = [json.loads(line) for line in lines]
    assert [i["page"] for i in items] == ["about.md", "press/index.md"]
    for line, item in zip(lines, items):
        assert list(item) == sorted(item)
        assert line == json.dumps(item, ensure_ascii=False, sort_keys=True)
        assert set(item) == {"at", "blocks", "by", "lang", "page", "source_hash"}
    # approving again replaces the page's record, never duplicates it
    approve(project, [project.lang_dir("en") / PRESS], "Minh", NOW, glossary=glossary)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2
    assert load_records(project, "en")[PRESS].by == "Minh"
    assert not list(path.parent.glob(".*"))  # no temporary file left


def test_a_source_page_approves_both_languages(project, glossary):
    records = approve(project, [project.lang_dir("vi") / PRESS], "Lan", NOW, glossary=glossary)
    assert sorted(r.lang for r in records) == ["en", "zh"]
    assert {r.lang: r.status.value for r in page_reviews(project, [project.lang_dir("vi") / PRESS], glossary)} == {
        "en": "reviewed", "zh": "reviewed"}


def test_refuses_pages_with_glossary_violations_unless_forced(project, glossary):
    target = break_a_term(project)
    before = target.read_bytes()
    assert page_review(project, PagePath(PRESS, "en"), glossary).violations
    with pytest.raises(ReviewError) as refused:
        approve(project, [target], "Lan", NOW, glossary=glossary)
    message = str(refused.value)
    assert "docs/en/press/index.md:10: missing 'Ministry of Foreign Affairs' for 'Bộ Ngoại giao'" in message
    assert "--force" in message
    assert target.read_bytes() == before
    assert not records_path(project, "en").exists()

    approve(project, [target], "Lan", NOW, force=True, glossary=glossary)
    assert page_review(project, PagePath(PRESS, "en"), glossary).status is ReviewState.REVIEWED


def test_refuses_misaligned_pages_naming_both_counts(project, glossary):
    target = project.lang_dir("en") / PRESS
    target.write_text(target.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    with pytest.raises(ReviewError, match=r"press/index.md: blocks do not align.*5 in the source \(vi\), 6 in the translation"):
        approve(project, [target], "Lan", NOW, glossary=glossary)


def test_refuses_missing_pages_and_nothing_is_written(project, glossary):
    rel = "promotion/hai-phong.md"
    with pytest.raises(ReviewError, match="cannot approve a page in state missing"):
        approve(project, [project.lang_dir("vi") / rel, project.lang_dir("en") / PRESS], "Lan", NOW, glossary=glossary)
    assert "translation" not in split_front_matter((project.lang_dir("en") / PRESS).read_text("utf-8"))[0]


def test_crlf_page_keeps_its_line_endings(project, glossary):
    target = project.lang_dir("en") / PRESS
    target.write_bytes(target.read_bytes().replace(b"\n", b"\r\n"))
    before = target.read_bytes()
    approve(project, [target], "Lan", NOW, glossary=glossary)
    after = target.read_bytes()
    assert after.endswith(before[before.index(b"# Press"):])
    assert b"\n" not in after.replace(b"\r\n", b"")
    assert page_review(project, PagePath(PRESS, "en"), glossary).status is ReviewState.REVIEWED


def test_edited_after_approval_needs_review(project, glossary):
    target = project.lang_dir("en") / PRESS
    approve(project, [target], "Lan", NOW, glossary=glossary)
    target.write_text(target.read_text(encoding="utf-8").replace("any foreign reporter", "all reporters"), "utf-8")
    review = page_review(project, PagePath(PRESS, "en"), glossary)
    assert review.status is ReviewState.NEEDS_REVIEW and review.changed_blocks == 1


def test_machine_states(project, glossary):
    rel = "promotion/ha-noi.md"
    machine_translate(project, [project.lang_dir("vi") / rel], glossary)
    target = project.lang_dir("en") / rel
    assert page_review(project, PagePath(rel, "en"), glossary).status is ReviewState.MACHINE
    target.write_text(target.read_text(encoding="utf-8").replace("⟦", ""), encoding="utf-8")
    review = page_review(project, PagePath(rel, "en"), glossary)
    assert review.status is ReviewState.NEEDS_REVIEW and "edited" in review.notes[0]
    # a machine draft with a glossary violation needs review
    write_page(project, "vi", "t.md", "# Kế hoạch\n")
    machine_translate(project, [project.lang_dir("vi") / "t.md"])  # without the glossary: term not enforced
    assert page_review(project, PagePath("t.md", "en"), None).status is ReviewState.MACHINE
    review = page_review(project, PagePath("t.md", "en"), glossary)
    assert review.status is ReviewState.NEEDS_REVIEW and review.violations


def test_front_matter_yaml_stays_valid(project, glossary):
    approve(project, [project.lang_dir("zh") / "about.md"], "Lan \"Q\" Nguyễn: team", NOW, glossary=glossary)
    text = (project.lang_dir("zh") / "about.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["translation"]["reviewed_by"] == "Lan \"Q\" Nguyễn: team"


def test_committed_approvals_match_their_records(repo_root):
    """Every approved page in the repository has its record in glossary/reviews/, for the same source."""
    from portal.pages import read_page
    from portal.project import Project

    project = Project(repo_root)
    for lang in project.languages.target_codes:
        records = load_records(project, lang)
        for page in sorted(project.lang_dir(lang).rglob("*.md")):
            record = read_page(page).record
            if record is None or record.status is not ReviewState.REVIEWED or record.generated:
                continue
            rel = page.relative_to(project.lang_dir(lang)).as_posix()
            assert rel in records, f"docs/{lang}/{rel} is approved but has no record"
            assert records[rel].source_hash == record.source_hash
            assert records[rel].by == record.reviewed_by


def test_the_committed_portal_is_translated_and_approved(repo_root):
    """Issue 11's promise, kept: every page in every language reviewed, no glossary violation.

    It fails the day a page is added without its translations, a translated field is left out,
    or a source changes without its translations being checked again.
    """
    from portal.glossary.check import check_project
    from portal.glossary.load import project_glossary
    from portal.project import Project

    project = Project(repo_root)
    glossary = project_glossary(project)
    reviews = page_reviews(project, (), glossary)
    not_reviewed = [f"docs/{r.lang}/{r.page}: {r.status.value} {r.notes}" for r in reviews
                    if r.status is not ReviewState.REVIEWED]
    assert not not_reviewed, "\n".join(not_reviewed)
    assert len(reviews) == len(project.languages.target_codes) * len(
        [p for p in project.source_dir.rglob("*.md") if not p.is_relative_to(project.source_dir / "glossary")])
    report = check_project(project, glossary)
    assert report.violations == [], [v.as_dict() for v in report.violations]

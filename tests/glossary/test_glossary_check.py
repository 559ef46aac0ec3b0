"""Checking translated pages: segment alignment, drafts warn, reviewed fails."""

from __future__ import annotations

import pytest

from portal.glossary.check import (
    PagePair,
    _occurrences,
    check_pages,
    check_pair,
    check_project,
    format_report,
    report_json,
)
from portal.pages import PageError, decode_page, translations_named
from portal.project import Project


@pytest.fixture(scope="module")
def fixture_project(fixtures) -> Project:
    return Project(fixtures)


@pytest.fixture(scope="module")
def report(fixture_project, small_glossary):
    return check_project(fixture_project, small_glossary)


def parse_page(text, path):
    return decode_page(text.encode("utf-8"), path)


def page(report, lang, name):
    return next(p for p in report.pages if p.lang == lang and p.page.name == name)


def brief(check):
    return [(v.line, v.entry_id, v.problem, v.found, v.severity) for v in check.violations]


def test_pages_with_a_source_are_checked(report, fixtures):
    assert sorted((p.lang, p.page.name) for p in report.pages) == [
        ("en", "notes.md"), ("en", "plan.md"), ("zh", "notes.md"), ("zh", "plan.md"),
    ]  # docs/en/orphan.md has no source page


def test_draft_page_only_warns(report):
    check = page(report, "en", "plan.md")
    assert check.status == "needs-review" and check.aligned == "segment"  # no record: written by hand
    assert brief(check) == [
        (1, "hanoi-peoples-committee", "forbidden", "People's Committee of Hanoi city", "warning"),
        (1, "hanoi-peoples-committee", "missing", "", "warning"),
        (10, "east-sea", "forbidden", "South China Sea", "warning"),
        (10, "east-sea", "missing", "", "warning"),
    ]
    # "Department of Information and Communication" inside the approved
    # "... Communications" is not reported.
    assert all(v.entry_id != "dept-information-communications" for v in check.violations)


def test_reviewed_page_fails_with_exact_lines(report):
    check = page(report, "zh", "plan.md")
    assert check.status == "reviewed"
    assert brief(check) == [
        (7, "east-sea", "missing", "", "error"),
        (8, "east-sea", "forbidden", "南海", "error"),
    ]
    assert report.failed


def test_correct_reviewed_page_passes(report):
    assert page(report, "zh", "notes.md").violations == ()


def test_block_count_mismatch_falls_back_to_page(report):
    check = page(report, "en", "notes.md")
    assert check.aligned == "page" and "block counts differ" in check.note
    assert check.status == "needs-review"
    assert brief(check) == [
        (5, "east-sea", "missing", "", "warning"),
        (7, "east-sea", "forbidden", "South China Sea", "warning"),
    ]


def test_drafts_alone_do_not_fail(fixture_project, fixtures, small_glossary):
    draft_only = check_project(fixture_project, small_glossary, [fixtures / "docs" / "en"])
    assert draft_only.violations and not draft_only.failed


def test_violation_fields(report, fixtures):
    v = page(report, "zh", "plan.md").violations[1]
    assert v.page == (fixtures / "docs" / "zh" / "plan.md").resolve()
    assert v.source_page.parts[-2:] == ("vi", "plan.md")
    assert (v.lang, v.term, v.expected) == ("zh", "Biển Đông", "东海")


def test_paths_select_pages(fixture_project, fixtures):
    docs = fixtures / "docs"
    both = translations_named(fixture_project, [docs / "vi" / "plan.md"])
    assert [(page.rel, page.lang) for page in both] == [("plan.md", "en"), ("plan.md", "zh")]
    with pytest.raises(PageError, match=r"expected docs/\{vi,en,zh\}/"):
        translations_named(fixture_project, [docs])


def test_unknown_status_is_an_error(tmp_path):
    with pytest.raises(PageError, match="unknown translation status 'done'"):
        parse_page("---\ntranslation:\n  status: done\n---\n# x\n", tmp_path / "x.md").record


def test_generated_pages_are_skipped(fixture_project, small_glossary, tmp_path):
    english = fixture_project.languages["en"]
    source = parse_page("# Hà Nội\n", tmp_path / "vi.md")
    target = parse_page("---\ntranslation: {status: reviewed, origin: generated}\n---\n# Ha Noi\n", tmp_path / "en.md")
    assert target.record.generated
    assert check_pair(source, target, english, small_glossary).violations  # pure function still reports
    assert check_pages([PagePair(source, target, english)], small_glossary).pages == ()


def test_table_and_json_output(report):
    text = format_report(report)
    assert "error" in text and "South China Sea -> East Sea" in text
    assert text.splitlines()[-1].startswith("4 page(s) checked against glossary")
    data = report_json(report)
    assert data["failed"] is True
    assert {p["aligned"] for p in data["pages"]} == {"segment", "page"}

def test_english_forms_of_an_approved_term_count(fixture_project):
    english = fixture_project.languages["en"]
    assert _occurrences("plans and decisions", "plan", english) == [(0, 5)]
    assert _occurrences("the people's committees of", "people's committee", english) == [(4, 23)]
    assert _occurrences("planning", "plan", english) == []
    assert _occurrences("the embassies of", "embassy", english) == [(4, 13)]
    assert _occurrences("the chairmen of", "chairman", english) == [(4, 12)]
    assert _occurrences("one foreign language", "foreign languages", english) == [(4, 20)]


def test_scripts_without_spaces_match_anywhere_exactly(fixture_project):
    chinese = fixture_project.languages["zh"]
    assert _occurrences("河内市人民委员会", "人民委员会", chinese) == [(3, 8)]
    assert _occurrences("Hanoi", "hanoi", chinese) == []

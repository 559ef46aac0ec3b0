"""The generated markdown, from small records."""

import datetime as dt
from pathlib import Path

import pytest
from portal_projects import write_project_config

from portal.project import Project
from portal.sitebuild.catalog import PageRecord, Shown
from portal.sitebuild.pages import insert_after_title
from portal.sitebuild.render import (
    NameTranslator,
    agency_index,
    cell,
    link_from,
    plans_listing,
    task_table,
)


class OneEntryGlossary:
    """Just enough of portal.glossary.Glossary: one entry, whole-name matches."""

    class Span:
        def __init__(self, end):
            self.start, self.end, self.entry_id = 0, end, "hn"

    class Entry:
        term = "Sở Thông tin và Truyền thông"

        def target(self, lang):
            return {"en": "Department of Information and Communications", "zh": "信息传媒厅"}[lang]

    def find(self, text, lang):
        return [self.Span(len(text))] if text.lower() in {"sở thông tin và truyền thông", "sở tttt"} else []

    def entry(self, entry_id):
        return self.Entry()


@pytest.fixture(scope="module")
def languages(tmp_path_factory):
    root = tmp_path_factory.mktemp("portal")
    write_project_config(root)
    return Project(root).languages


def record(path, year, place, tasks=(), own=None, lang="en"):
    meta = {"title": f"Plan {year}", "kind": "Kế hoạch", "number": f"{year}/KH-UBND", "place": place,
            "issuer": "UBND", "date": dt.date(year, 1, 2), "tasks": list(tasks)}
    return PageRecord(path, lang, "vi", bool(own), meta, own or {}, dt.date(year, 1, 2))


def task(number, text, lead, coordinating="", group=""):
    return {"number": number, "task": text, "timeline": "2023", "lead": lead, "coordinating": coordinating,
            "group": group}


def test_links_are_relative_directory_urls():
    assert link_from("plans/a.md", "plans/index.md") == "a/"
    assert link_from("plans/a.md", "plans/agencies.md") == "../a/"
    assert link_from("news/2023-01-02-x.md", "news/index.md") == "2023-01-02-x/"


def test_cells_escape_pipes_never_stay_empty_and_say_their_language():
    assert cell("a | b\nc", "en") == "a \\| b c"
    assert cell("", "en") == "—"
    assert cell(Shown("Hà Nội", "vi"), "en") == '<span lang="vi">Hà Nội</span>'


def test_listing_groups_by_year_newest_first_then_by_place(languages):
    names = NameTranslator(None, languages["en"], "vi")
    records = [record("plans/a.md", 2016, "Hưng Yên", own={"title": "Plan for 2016"}), record("plans/b.md", 2023, "Hà Nội")]
    md = plans_listing(records, languages["en"], "plans/index.md", names)
    assert md.index("### 2023") < md.index("### 2016") < md.index("## By place")
    assert '[<span lang="vi">Plan 2023</span> (in Vietnamese)](b/)' in md
    assert "[Plan for 2016](a/)" in md


def test_agency_index_groups_by_locality_and_merges_spellings_of_one_agency(languages):
    tasks = [task("I.1", "Một", "Sở Thông tin và Truyền thông"), task("I.2", "Hai", "Sở TTTT")]
    hanoi = record("plans/a.md", 2023, "Hà Nội", tasks, lang="zh")
    haiphong = record("plans/b.md", 2013, "Hải Phòng", [task("1", "Ba", "Sở Thông tin và Truyền thông")], lang="zh")
    names = NameTranslator(OneEntryGlossary(), languages["zh"], "vi")
    md = agency_index([hanoi, haiphong], languages["zh"], "plans/agencies.md", names)
    assert md.count("信息传媒厅\n") == 2, "one heading per locality"
    assert '## <span lang="vi">Hà Nội</span> · 信息传媒厅\n\n2项任务' in md
    assert '## <span lang="vi">Hải Phòng</span> · 信息传媒厅\n\n一项任务' in md
    assert '| I.1. <span lang="vi">Một</span> | <span lang="vi">2023</span> | — | [2023/KH-UBND](../a/) |' in md


def test_translated_task_fields_are_shown_and_the_rest_falls_back_visibly(languages):
    own = {"title": "Plan", "tasks": [{"task": "One", "timeline": "In 2023", "lead": "", "coordinating": "",
                                       "group": "DEPARTMENT"}]}
    plan = record("plans/a.md", 2023, "Hà Nội", [task("I.1", "Một", "Sở X", group="SỞ X")], own=own)
    table = task_table(plan.tasks, languages["en"], NameTranslator(None, languages["en"], "vi"))
    assert "| **I** | **DEPARTMENT** | | | |" in table
    assert '| 1 | One | In 2023 | <span lang="vi">Sở X</span> | — |' in table


def test_block_goes_under_the_title_when_there_is_one():
    assert insert_after_title("# T\n\nText\n", "B\n") == "# T\n\nB\n\nText\n"
    assert insert_after_title("Text\n", "B\n") == "B\n\nText\n"


def test_metadata_cannot_inject_html_or_break_links(languages):
    import markdown

    evil = record("plans/x.md", 2020, "<script>x</script>", [task("1", "<b>bold</b>", "Sở <i>X</i>")],
                  own={"title": "A <img src=x onerror=alert(1)> [b](c) | d", "issuer": "Q & A"})
    english = languages["en"]
    names = NameTranslator(None, english, "vi")
    for md in (plans_listing([evil], english, "plans/index.md", names),
               agency_index([evil], english, "plans/agencies.md", names)):
        rendered = markdown.markdown(md, extensions=["tables", "md_in_html"])
        assert "<img" not in rendered and "<script" not in rendered and "<b>" not in rendered and "<i>" not in rendered
        assert "&lt;" in rendered
    listing = markdown.markdown(plans_listing([evil], english, "plans/index.md", names), extensions=["tables"])
    assert listing.count('href="x/"') == 2, "the title's brackets do not make another link"

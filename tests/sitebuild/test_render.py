"""The generated markdown, from small records."""

import datetime as dt

from portal.importer.tables import Task
from portal.sitebuild.catalog import PageRecord
from portal.sitebuild.pages import insert_after_title
from portal.sitebuild.render import (
    NameTranslator,
    agency_index,
    cell,
    link_from,
    plans_listing,
)


class OneEntryGlossary:
    """Just enough of portal.glossary.Glossary: one entry, whole-name matches."""

    class Span:
        def __init__(self, end):
            self.start, self.end, self.entry_id = 0, end, "hn"

    class Entry:
        vi = "Sở Thông tin và Truyền thông"

        def target(self, lang):
            return {"en": "Department of Information and Communications", "zh": "信息传媒厅"}[lang]

    def find(self, text, lang):
        return [self.Span(len(text))] if text.lower() in {"sở thông tin và truyền thông", "sở tttt"} else []

    def entry(self, entry_id):
        return self.Entry()


def record(path, year, place, tasks=(), translated=False):
    return PageRecord(
        path=path, title=f"Plan {year}", description="", translated=translated, date=dt.date(year, 1, 2),
        kind="Kế hoạch", number=f"{year}/KH-UBND", place=place, issuer="UBND", tasks=tuple(tasks),
    )


def test_links_are_relative_directory_urls():
    assert link_from("plans/a.md", "plans/index.md") == "a/"
    assert link_from("plans/a.md", "plans/agencies.md") == "../a/"
    assert link_from("news/2023-01-02-x.md", "news/index.md") == "2023-01-02-x/"


def test_cells_escape_pipes_and_never_stay_empty():
    assert cell("a | b\nc") == "a \\| b c"
    assert cell("") == "—"


def test_listing_groups_by_year_newest_first_then_by_place():
    names = NameTranslator(None, "en")
    md = plans_listing([record("plans/a.md", 2016, "Hưng Yên"), record("plans/b.md", 2023, "Hà Nội")], "en", "plans/index.md", names)
    assert md.index("### 2023") < md.index("### 2016") < md.index("## By place")
    assert "[Plan 2023 (in Vietnamese)](b/)" in md


def test_agency_index_merges_spellings_of_one_agency():
    tasks = [
        Task("I.1", "Một", "2023", "Sở Thông tin và Truyền thông", "", ""),
        Task("I.2", "Hai", "2023", "Sở TTTT", "", ""),
    ]
    md = agency_index([record("plans/a.md", 2023, "Hà Nội", tasks)], "zh", "plans/agencies.md", NameTranslator(OneEntryGlossary(), "zh"))
    assert md.count("## 信息传媒厅") == 1 and "2项任务" in md
    assert "| I.1. Một | 2023 | — | [2023/KH-UBND](../a/) |" in md


def test_block_goes_under_the_title_when_there_is_one():
    assert insert_after_title("# T\n\nText\n", "B\n") == "# T\n\nB\n\nText\n"
    assert insert_after_title("Text\n", "B\n") == "B\n\nText\n"


def test_metadata_cannot_inject_html_or_break_links():
    import markdown

    evil = PageRecord(
        path="plans/x.md", title="A <img src=x onerror=alert(1)> [b](c) | d", description="", translated=True,
        date=dt.date(2020, 1, 2), kind="Kế hoạch", number="1/KH", place="<script>x</script>", issuer="Q & A",
        tasks=(Task("1", "<b>bold</b>", "2020", "Sở <i>X</i>", "", ""),),
    )
    names = NameTranslator(None, "en")
    for md in (plans_listing([evil], "en", "plans/index.md", names), agency_index([evil], "en", "plans/agencies.md", names)):
        rendered = markdown.markdown(md, extensions=["tables"])
        assert "<img" not in rendered and "<script" not in rendered and "<b>" not in rendered and "<i>" not in rendered
        assert "&lt;" in rendered
    listing = markdown.markdown(plans_listing([evil], "en", "plans/index.md", names), extensions=["tables"])
    assert listing.count('href="x/"') == 2, "the title's brackets do not make another link"

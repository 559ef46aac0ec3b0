"""XLIFF 1.2 round trip with translate-toolkit, and the TMX export of the approvals."""

from __future__ import annotations

from click.testing import CliRunner
from review_helpers import NOW, machine_translate
from translate.storage import tmx, xliff

from portal.cli import main
from portal.frontmatter import split_front_matter
from portal.pages import PagePath
from portal.review.approve import approve
from portal.review.pages import page_review, page_reviews
from portal.review.state import ReviewState
from portal.review.xliff import export_xliff, import_xliff

PRESS = "press/index.md"
NS = "urn:oasis:names:tc:xliff:document:1.2"


def units_by_id(store, original):
    return {u.xmlelement.get("id"): u for u in store.units
            if u.xmlelement.getparent().getparent().get("original") == original}


def target_state(unit):
    return unit.xmlelement.find(f"{{{NS}}}target").get("state")


def test_export_covers_pages_needing_review_with_block_states(project, glossary, tmp_path):
    approve(project, [project.lang_dir("en") / PRESS], "Lan", NOW, glossary=glossary)
    source = project.lang_dir("vi") / PRESS
    source.write_text(source.read_text("utf-8").replace("Trang dành", "Trang này dành"), encoding="utf-8")
    out = tmp_path / "review.xlf"
    files, units = export_xliff(project, out, [source], glossary)
    assert (files, units) == (2, 14)  # stale en + hand-written zh: title, description and 5 body blocks each
    store = xliff.xlifffile.parsestring(out.read_bytes())
    assert store.document.getroot().get("version") == "1.2"
    en = units_by_id(store, "docs/en/press/index.md")
    assert list(en) == ["press/index.md#title", "press/index.md#description"] + [f"press/index.md#{n}" for n in range(1, 6)]
    assert en["press/index.md#2"].source.startswith("Trang này dành")
    assert en["press/index.md#2"].target == "This page is for foreign press agencies and any foreign reporter."
    assert target_state(en["press/index.md#2"]) == "needs-review-translation" and not en["press/index.md#2"].isapproved()
    assert target_state(en["press/index.md#1"]) == "translated" and en["press/index.md#1"].isapproved()
    zh = units_by_id(store, "docs/zh/press/index.md")
    assert all(target_state(u) == "needs-review-translation" for u in zh.values())
    assert any("Bộ Ngoại giao" in note for note in [en["press/index.md#3"].getnotes()])


def test_round_trip_edits_blocks_and_keeps_markdown_markers(project, glossary, tmp_path):
    target = project.lang_dir("en") / PRESS
    before = target.read_text(encoding="utf-8")
    out = tmp_path / "review.xlf"
    export_xliff(project, out, [target], glossary)

    # a translator works in a CAT tool: translate-toolkit edits and approves units
    store = xliff.xlifffile.parsestring(out.read_bytes())
    units = units_by_id(store, "docs/en/press/index.md")
    edits = [
        ("press/index.md#1", "Press office"),  # heading
        ("press/index.md#2", "First line.\nSecond line."),  # one-line paragraph -> two lines
        ("press/index.md#3", "Foreign journalists | accredited"),  # three-line list item -> one line
        ("press/index.md#4", "In each locality,\nthe Department answers."),  # list item, two lines
    ]
    for uid, text in edits:
        units[uid].settarget(text)
        units[uid].markapproved(True)
    (tmp_path / "done.xlf").write_bytes(bytes(store))

    [result] = import_xliff(project, tmp_path / "done.xlf", glossary=glossary)
    assert (result.page, result.updated, result.status) == (PRESS, 4, "needs-review")
    text = target.read_text(encoding="utf-8")
    body = text[split_front_matter(text)[1]:]
    assert body == before[split_front_matter(before)[1]:].replace(
        "# Press\n", "# Press office\n"
    ).replace(
        "This page is for foreign press agencies and any foreign reporter.", "First line.\nSecond line."
    ).replace(
        "- The activities of foreign journalists in Viet Nam are managed by the Ministry of Foreign Affairs;\n"
        "  the localities work with the Press and Information Department of the Ministry of Foreign Affairs\n"
        "  to keep every reporter informed.", "- Foreign journalists | accredited"
    ).replace(
        "- In each locality, the Department of Information and Communications is the standing agency for\n"
        "  external information; spokesperson work and the provision of information to the press follow\n"
        "  the spokesperson regulations of the Provincial People's Committee or the Municipal People's Committee.",
        "- In each locality,\n  the Department answers.",
    )
    meta = split_front_matter(text)[0]
    assert meta["title"] == "Press" and meta["translation"]["status"] == "needs-review"
    assert page_review(project, PagePath(PRESS, "en"), glossary).status is ReviewState.NEEDS_REVIEW

    # --approve with every unit approved goes through approve(): these edits drop glossary terms
    for unit in units.values():
        unit.markapproved(True)
    (tmp_path / "all.xlf").write_bytes(bytes(store))
    [result] = import_xliff(project, tmp_path / "all.xlf", approve_pages=True, by="Lan", now=NOW, glossary=glossary)
    assert result.status == "needs-review" and "missing 'Ministry of Foreign Affairs'" in result.skipped[0]

    # the translator exports the page as it now is and restores the approved wording:
    # the page is reviewed, its body as before but the heading
    original = units_by_id(xliff.xlifffile.parsestring(out.read_bytes()), "docs/en/press/index.md")
    again = tmp_path / "again.xlf"
    export_xliff(project, again, [target], glossary)
    store = xliff.xlifffile.parsestring(again.read_bytes())
    units = units_by_id(store, "docs/en/press/index.md")
    for uid, _ in edits[1:]:
        units[uid].settarget(original[uid].target)
    for unit in units.values():
        unit.markapproved(True)
    (tmp_path / "all.xlf").write_bytes(bytes(store))
    [result] = import_xliff(project, tmp_path / "all.xlf", approve_pages=True, by="Lan", now=NOW, glossary=glossary)
    assert (result.updated, result.status) == (3, "reviewed")
    assert page_review(project, PagePath(PRESS, "en"), glossary).status is ReviewState.REVIEWED
    text = target.read_text(encoding="utf-8")
    assert text[split_front_matter(text)[1]:] == before[split_front_matter(before)[1]:].replace(
        "# Press\n", "# Press office\n")


def test_a_block_edited_since_the_export_is_a_conflict_and_both_versions_survive(project, glossary, tmp_path,
                                                                                  monkeypatch):
    target = project.lang_dir("en") / PRESS
    out = tmp_path / "review.xlf"
    export_xliff(project, out, [target], glossary)
    store = xliff.xlifffile.parsestring(out.read_bytes())
    units = units_by_id(store, "docs/en/press/index.md")
    units["press/index.md#1"].settarget("Press office")  # edited in the CAT tool...
    units["press/index.md#2"].settarget("This page serves the foreign press.")
    for unit in units.values():
        unit.markapproved(True)
    out.write_bytes(bytes(store))
    # ...while someone edits the page itself
    target.write_text(target.read_text(encoding="utf-8").replace("# Press\n", "# Press centre\n"), encoding="utf-8")

    [result] = import_xliff(project, out, glossary=glossary)
    assert result.updated == 1 and len(result.conflicts) == 1
    assert result.conflicts[0].startswith("press/index.md#1: the page's block was edited since the export")
    assert "'Press centre'" in result.conflicts[0] and "'Press office'" in result.conflicts[0]
    text = target.read_text(encoding="utf-8")
    assert "# Press centre\n" in text and "This page serves the foreign press." in text  # the page's edit kept
    assert "Press office" in out.read_text(encoding="utf-8")  # the translator's version is still in the file
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["review", "import", str(out)])
    assert result.exit_code == 1 and "conflict: press/index.md#1" in result.output


def test_round_trip_on_a_machine_draft(project, glossary, tmp_path):
    rel = "promotion/hung-yen.md"
    machine_translate(project, [project.lang_dir("vi") / rel], glossary)
    target = project.lang_dir("en") / rel
    out = tmp_path / "m.xlf"
    export_xliff(project, out, [target], glossary)
    store = xliff.xlifffile.parsestring(out.read_bytes())
    units = units_by_id(store, f"docs/en/{rel}")
    assert all(target_state(u) == "needs-review-translation" for u in units.values())
    units[f"{rel}#3"].settarget("Investment")
    units[f"{rel}#3"].xmlelement.find(f"{{{NS}}}target").set("state", "final")
    out.write_bytes(bytes(store))
    [result] = import_xliff(project, out, glossary=glossary)
    assert result.updated == 1 and "\n## Investment\n" in target.read_text(encoding="utf-8")
    review = page_review(project, PagePath(rel, "en"), glossary)
    assert review.status is ReviewState.NEEDS_REVIEW
    # the next machine run leaves the human edit alone
    summary = machine_translate(project, [project.lang_dir("vi") / rel], glossary)
    assert {p.lang: p.status for p in summary.pages}["en"] == "skipped-reviewed"


def test_import_skips_units_whose_source_changed(project, glossary, tmp_path):
    out = tmp_path / "r.xlf"
    export_xliff(project, out, [project.lang_dir("en") / PRESS], glossary)
    store = xliff.xlifffile.parsestring(out.read_bytes())
    unit = units_by_id(store, "docs/en/press/index.md")["press/index.md#1"]
    unit.settarget("Journalists")
    unit.markapproved(True)
    out.write_bytes(bytes(store))
    source = project.lang_dir("vi") / PRESS
    source.write_text(source.read_text("utf-8").replace("# Báo chí", "# Báo chí nước ngoài"), encoding="utf-8")
    before = (project.lang_dir("en") / PRESS).read_bytes()
    [result] = import_xliff(project, out, glossary=glossary)
    assert result.updated == 0 and "changed since the export" in result.skipped[0]
    assert (project.lang_dir("en") / PRESS).read_bytes() == before


def test_cli_export_import_and_tmx_round_trip(project, glossary, tmp_path, monkeypatch):
    monkeypatch.chdir(project.root)
    runner = CliRunner()
    result = runner.invoke(main, ["review", "export", "--xliff", str(tmp_path / "x.xlf"), "docs/vi/press"])
    assert result.exit_code == 0 and "2 page(s), 14 unit(s)" in result.output
    result = runner.invoke(main, ["review", "import", str(tmp_path / "x.xlf")])
    assert result.exit_code == 0 and "0 block(s) updated -> needs-review" in result.output

    approve(project, [project.lang_dir("vi") / PRESS], "Lan", NOW, glossary=glossary)
    result = runner.invoke(main, ["review", "tmx", str(tmp_path / "tm.tmx")])
    assert result.exit_code == 0 and "12 translation unit(s)" in result.output  # fields too; identical pairs once
    store = tmx.tmxfile.parsestring((tmp_path / "tm.tmx").read_bytes())
    pairs = {(u.source, u.target) for u in store.units}
    assert ("Báo chí", "Press") in pairs and ("Báo chí", "新闻") in pairs or ("Báo chí", "Press") in pairs
    langs = {u.xmlelement.findall("tuv")[1].get("{http://www.w3.org/XML/1998/namespace}lang") for u in store.units}
    assert langs == {"en", "zh"}
    assert all(u.getnotes().startswith("docs/") for u in store.units)
    assert {r.status for r in page_reviews(project, [project.lang_dir("vi") / PRESS], glossary)} == {ReviewState.REVIEWED}


def test_table_cells_keep_their_pipes(project, tmp_path):
    from portal.pages import parse_body_blocks
    from portal.review.xliff import replace_blocks

    text = "# T\n\n| a | b |\n| --- | --- |\n| x | x |\n\n> quoted\n> text\n"
    segments = parse_body_blocks(text, tmp_path / "t.md")
    assert [s.text for s in segments] == ["T", "a", "b", "x", "x", "quoted\ntext"]
    new = replace_blocks(text, segments, {4: "y | z", 5: "one\ntwo\nthree"}, tmp_path / "t.md")
    assert new == "# T\n\n| a | b |\n| --- | --- |\n| x | y \\| z |\n\n> one\n> two\n> three\n"

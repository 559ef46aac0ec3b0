"""Generated hostile input never crashes a command and never writes outside its place.

Hypothesis writes Markdown pages (front matter, markup, HTML, links,
placeholders-like text, broken YAML) and XLIFF files (any original, any unit
id, any target); the translation run and the review import either succeed
or fail with a PortalError, and the only files that change are the target
language's pages, the translation memory and the review records.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from portal_projects import write_project_config
from security_helpers import changed, snapshot

from portal.errors import PortalError
from portal.project import Project
from portal.review.xliff import export_xliff, import_xliff
from portal.translation.backends import MarkingBackend
from portal.translation.memory import MemoryBackend
from portal.translation.run import BackendStacks, TranslateConfig, translate_pages

PIECES = [
    "Hà Nội", "thông tin đối ngoại.", "**đậm**", "_nghiêng_", "`mã`", "[liên kết](a.md)", "<b>thẻ</b>",
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "![i](data:text/html,<b>)", "⟨0⟩", "⟨12⟩",
    "117/KH-UBND", "07/9/2015", "| ô |", "\\", "&amp;", "&#0;", "{ #id }", "[^1]", "\u200b", "\ufeff", "'", '"',
    "\n", "\n\n", "\n# Tiêu đề\n", "\n- mục\n", "\n> trích\n", "\n```\nmã\n```\n", "\n!!! note \"Lưu ý\"\n    Thân.\n",
    "<!-- portal:tasks -->", "<!-- portal:internal -->", "\n---\n",
]
FRONT = st.sampled_from([
    "", "---\ntitle: Tiêu đề\n---\n", "---\ntitle: [mở\n---\n", "---\n- a\n---\n", "---\ntitle: x\n",
    "---\ntitle: \"<script>\"\ntasks:\n- task: Việc\n  lead: Sở\n---\n", "---\ntranslation: 3\n---\n",
])
PAGES = st.tuples(FRONT, st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join))

TARGETS = st.one_of(st.text(max_size=40), st.lists(st.sampled_from(PIECES), max_size=6).map(" ".join))
ORIGINALS = st.sampled_from([
    "docs/en/p.md", "docs/zh/p.md", "docs/en/../vi/p.md", "../outside.md", "/tmp/x.md", "docs/en/nope.md",
    "docs/vi/p.md", "docs/en/p.md/..", "", "docs/en/p.md\x00", "docs/fr/p.md",
])

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def small_portal(root: Path, source: str) -> Project:
    write_project_config(root)
    for lang in ("vi", "en", "zh"):
        (root / "docs" / lang).mkdir(parents=True)
    (root / "docs" / "vi" / "p.md").write_text(source, encoding="utf-8")
    (root / "docs" / "vi" / "q.md").write_text("# Trang\n\nMột câu. Hai câu.\n", encoding="utf-8")
    (root / "outside.md").write_text("keep\n", encoding="utf-8")
    return Project(root)


def marking_stacks(project: Project) -> BackendStacks:
    stacks = BackendStacks(project, TranslateConfig().argos)
    for target in ("en", "zh"):
        stacks.stacks[("vi", target)] = (MemoryBackend(MarkingBackend(), stacks.memory(f"vi-{target}"), "test:mark@1"),
                                         "test:mark@1")
    return stacks


def allowed(path: Path, root: Path) -> bool:
    rel = path.relative_to(root).parts
    return rel[:2] in (("docs", "en"), ("docs", "zh")) or rel[:2] in (("glossary", "memory"), ("glossary", "reviews"))


@SETTINGS
@given(page=PAGES)
def test_any_page_translates_or_is_named_and_nothing_else_is_written(page):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        project = small_portal(root, page[0] + page[1])
        before = snapshot(root)
        summary = translate_pages(project, [], TranslateConfig(), stacks=marking_stacks(project))
        for error in summary.errors:
            assert error.startswith("docs/vi/p.md:"), error
        touched = changed(before, snapshot(root))
        assert all(allowed(path, root) for path in touched), touched
        assert (root / "docs" / "en" / "q.md").is_file()  # the good page is translated whatever p.md holds


@SETTINGS
@given(original=ORIGINALS, targets=st.lists(TARGETS, min_size=1, max_size=4),
       ids=st.lists(st.sampled_from(["p.md#1", "p.md#2", "p.md#title", "p.md#99", "q.md#1", "#", "p.md#tasks.1.task"]),
                    min_size=1, max_size=4))
def test_any_xliff_imports_or_is_refused_and_nothing_else_is_written(original, targets, ids):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        project = small_portal(root, "---\ntitle: Tiêu đề\n---\n\n# Tiêu đề\n\nMột câu.\n\nHai câu.\n")
        translate_pages(project, [], TranslateConfig(), stacks=marking_stacks(project))
        out = root / "in.xlf"
        export_xliff(project, out, [root / "docs" / "en" / "p.md"])
        data = out.read_text(encoding="utf-8").replace('original="docs/en/p.md"', f'original="{original}"')
        for uid, target in zip(ids, targets):
            escaped = target.replace("&", "&amp;").replace("<", "&lt;")
            data = data.replace('id="p.md#1"', f'id="{uid}"', 1)
            data = data.replace('<target state="needs-review-translation">', f'<target state="final">{escaped}', 1)
        assert 'state="final"' in data  # the generated edits are really in the file
        out.write_text(data, encoding="utf-8")
        before = snapshot(root)
        try:
            import_xliff(project, out)
        except PortalError:
            pass
        touched = changed(before, snapshot(root))
        assert all(allowed(path, root) for path in touched), touched
        assert (root / "outside.md").read_text(encoding="utf-8") == "keep\n"
        assert (root / "docs" / "vi" / "p.md").read_text(encoding="utf-8").startswith("---\ntitle: Tiêu đề")

"""A translator's work is never overwritten: by a retranslation, a killed run, or a concurrent run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from review_helpers import NOW, machine_translate

from portal.errors import PortalError
from portal.fileio import ProjectLockedError, project_lock
from portal.frontmatter import split_front_matter
from portal.pages import PagePath
from portal.review.approve import approve
from portal.review.diff import diff
from portal.review.pages import page_review
from portal.review.state import ReviewState
from portal.pages import output_hash

PRESS = "press/index.md"
REPO = Path(__file__).resolve().parents[2]


def test_retranslation_after_a_source_edit_keeps_the_reviewed_page(project, glossary):
    source = project.lang_dir("vi") / PRESS
    target = project.lang_dir("en") / PRESS
    approve(project, [target], "Lan", NOW, glossary=glossary)
    reviewed = target.read_bytes()
    source.write_text(
        source.read_text(encoding="utf-8").replace("Trang dành cho phóng viên", "Trang này dành cho phóng viên"),
        encoding="utf-8",
    )

    summary = machine_translate(project, [source], glossary)

    statuses = {page.lang: page.status for page in summary.pages}
    assert statuses["en"] == "skipped-reviewed"
    assert target.read_bytes() == reviewed
    assert page_review(project, PagePath(PRESS, "en"), glossary).status is ReviewState.STALE
    [changed] = diff(project, target).changed
    assert changed.index == 2 and changed.new_source.startswith("Trang này dành")


def test_a_human_page_is_skipped_and_an_untouched_draft_is_refreshed(project, glossary):
    """The other side of the table: machine drafts are what translate may rewrite."""
    rel = "promotion/hung-yen.md"
    source = project.lang_dir("vi") / rel
    machine_translate(project, [source], glossary)
    source.write_text(source.read_text(encoding="utf-8") + "\nĐoạn mới.\n", encoding="utf-8")
    summary = machine_translate(project, [source, project.lang_dir("vi") / PRESS], glossary)
    statuses = {(Path(p.path).name, p.lang): p.status for p in summary.pages}
    assert statuses[("hung-yen.md", "en")] == "written"
    assert statuses[("index.md", "en")] == "skipped-human"
    assert page_review(project, PagePath(rel, "en"), glossary).status is ReviewState.MACHINE


SLOW_RUN = textwrap.dedent(
    """
    import sys, time
    from portal import pages
    from portal.translation import run as translate
    from portal.translation.backends import MarkingBackend
    from portal.translation.memory import MemoryBackend

    class SlowBackend(MarkingBackend):
        def translate_batch(self, sentences):
            time.sleep(0.3)
            return super().translate_batch(sentences)

    def stack(self, source, target):
        if (source, target) not in self.stacks:
            model = MemoryBackend(SlowBackend(), self.memory(f"{source}-{target}"), "test:slow@1")
            self.stacks[(source, target)] = (model, "test:slow@1")
        return self.stacks[(source, target)]

    write = pages.write_text_atomic  # the one atomic writer every page goes through
    def slow_write(path, text):
        time.sleep(0.03)
        write(path, text)

    translate.BackendStacks.stack = stack
    pages.write_text_atomic = slow_write
    from portal.cli import main
    main(["translate", "--quiet"])
    """
)


def snapshot(project) -> dict[Path, bytes]:
    return {p: p.read_bytes() for lang in ("en", "zh") for p in project.lang_dir(lang).rglob("*") if p.is_file()}


def test_sigkill_mid_run_leaves_only_whole_pages(project, glossary):
    source = (project.lang_dir("vi") / PRESS).read_text(encoding="utf-8")
    for n in range(40):
        page = project.lang_dir("vi") / "bulk" / f"p{n:02}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(source.replace("# Báo chí", f"# Báo chí {n}"), encoding="utf-8")
    target = project.lang_dir("en") / PRESS
    approve(project, [target], "Lan", NOW, glossary=glossary)
    before = snapshot(project)

    env = dict(os.environ, PYTHONPATH=str(REPO))
    run = subprocess.Popen([sys.executable, "-c", SLOW_RUN], cwd=project.root, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    bulk = project.lang_dir("en") / "bulk"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(list(bulk.glob("*.md"))) < 10:
        assert run.poll() is None, run.stderr.read().decode()
        time.sleep(0.01)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert run.returncode == -signal.SIGKILL

    after = snapshot(project)
    written = [p for p in after if p not in before]
    pages = [p for p in written if p.suffix == ".md"]
    print(f"{len(pages)} pages written, {len(written) - len(pages)} temporary file(s) when killed")
    assert 10 <= len(pages) < 80, "the kill did not land mid-run"
    for path in written:
        if path.suffix != ".md" or path.name.startswith("."):
            # a temporary file the kill left behind: hidden, never a page (MkDocs skips dot files)
            assert path.name.startswith(".") and not path.name.endswith(".md"), path
            continue
        meta, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
        block = meta["translation"]
        assert block["status"] == "machine" and block["source"].startswith("docs/vi/bulk/")
        assert output_hash(path.read_text(encoding="utf-8")) == block["output_hash"], f"{path} is not a whole page"
    for path, data in before.items():
        assert after[path] == data, f"{path} changed"
    assert target.read_bytes() == before[target]

    with project_lock(project.root):  # the killed run's lock died with it
        pass


def test_a_second_run_is_refused_while_one_holds_the_lock(project, glossary):
    target = project.lang_dir("en") / PRESS
    with project_lock(project.root):
        with pytest.raises(ProjectLockedError, match="another portal command"):
            machine_translate(project, [project.lang_dir("vi") / PRESS], glossary)
        with pytest.raises(PortalError, match="another portal command"):
            approve(project, [target], "Lan", NOW, glossary=glossary)
        result = subprocess.run([sys.executable, "-m", "portal", "translate", "--quiet"], check=False, cwd=project.root,
                                env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True)
        assert result.returncode == 2
        assert "another portal command" in result.stderr
    approve(project, [target], "Lan", NOW, glossary=glossary)  # free again

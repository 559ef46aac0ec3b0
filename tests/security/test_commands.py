"""Careless and hostile use of the commands: clear errors naming file and line, nothing destroyed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from portal.cli import main
from portal.fileio import LOCK_NAME
from portal.sitebuild.build import BUILD_MARKER, SiteBuildError, build_site


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_the_build_never_replaces_a_folder_it_did_not_make(portal, tmp_path):
    users = tmp_path / "users-files"
    (users / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")  # any website has one
    link = portal.root / "site"
    link.symlink_to(users, target_is_directory=True)
    with pytest.raises(SiteBuildError, match="was not made by `portal build`"):
        build_site(portal, link)
    assert (users / "precious.txt").read_text(encoding="utf-8") == "keep me\n"
    assert (users / "sitemap.xml").is_file()


def test_a_site_the_build_made_is_replaced_whole(portal):
    site = portal.root / "site"
    build_site(portal, site)
    assert (site / BUILD_MARKER).is_file() and (site / "index.html").is_file()
    (site / "left-over.html").write_text("old", encoding="utf-8")
    build_site(portal, site)
    assert not (site / "left-over.html").exists()


@pytest.mark.parametrize("front_matter, where, problem", [
    ("---\n- a\n- list\n---\n", ":2:", "not a mapping"),
    ("---\ntitle: Trang\n\n# Trang\n\nVăn bản.\n", ":1:", "never closed"),
    ("---\ntitle: [open\n---\n", ":2:", "malformed front matter"),
])
def test_malformed_front_matter_fails_the_strict_build_check_and_translate(portal, monkeypatch, front_matter, where,
                                                                           problem):
    page = portal.lang_dir("vi") / "broken.md"
    page.write_text(front_matter + "\n# Trang\n\nVăn bản.\n", encoding="utf-8")
    (portal.lang_dir("en") / "broken.md").write_text("# Page\n\nText.\n", encoding="utf-8")
    with pytest.raises(SiteBuildError) as failed:
        build_site(portal, portal.root / "site")
    assert f"broken.md{where}" in str(failed.value) and problem in str(failed.value)
    monkeypatch.chdir(portal.root)
    for command in (["check"], ["translate", "--quiet"], ["status"]):
        result = run(*command)
        assert result.exit_code != 0, command
        assert f"docs/vi/broken.md{where}" in result.output and problem in result.output, (command, result.output)


@pytest.mark.parametrize("args, message", [
    (["translate", "--to", ""], "no target language given"),
    (["translate", "--to", "fr"], "unknown target language 'fr'"),
    (["build", "--locale", "fr"], "unknown language 'fr'"),
])
def test_doing_nothing_is_not_success(portal, monkeypatch, args, message):
    monkeypatch.chdir(portal.root)
    result = run(*args)
    assert result.exit_code == 2 and message in result.output


@pytest.mark.parametrize("command", [["translate"], ["check"], ["status"]])
def test_a_portal_without_source_pages_says_so(portal, monkeypatch, command):
    import shutil

    shutil.rmtree(portal.lang_dir("vi"))
    monkeypatch.chdir(portal.root)
    result = run(*command)
    assert result.exit_code == 2 and "docs/vi: no source pages" in result.output.replace("the folder does not exist", "")


def test_a_lock_left_by_a_dead_process_is_reported_as_stale(portal, monkeypatch):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (portal.root / LOCK_NAME).write_text(f"{dead.stdout.strip()} portal translate since 2026-12-01T10:00:00\n")
    result = subprocess.run([sys.executable, "-m", "portal", "glossary", "page"], cwd=portal.root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "portal: warning:" in result.stderr and "stale lock" in result.stderr
    assert f"{dead.stdout.strip()} portal translate" in result.stderr


def test_a_held_lock_names_its_holder(portal):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pathlib import Path\nfrom portal.fileio import project_lock\n"
         "with project_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(30)\n",
         str(portal.root)], stdout=subprocess.PIPE, text=True, env=dict(os.environ))
    try:
        assert holder.stdout.readline().strip() == "held"
        result = subprocess.run([sys.executable, "-m", "portal", "glossary", "page"], cwd=portal.root,
                                capture_output=True, text=True)
        assert result.returncode == 2
        assert f"held by {holder.pid}" in result.stderr
    finally:
        holder.kill()
        holder.wait()

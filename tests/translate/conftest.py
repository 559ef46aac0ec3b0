"""Fixtures of the translation tests: real Argos-format packages (tiny, random
weights, built once per session), throw-away portal projects, and a pair of
real LibreTranslate servers serving those packages (started once per session)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from libretranslate_servers import LibreTranslateServer, add_api_key, server_packages, start_servers
from translate_helpers import FIXTURES, LT_API_KEY, LT_SLOW_KEY, TINY_MODEL, make_project

from synthetic_packages import build_argos_package
from portal.project import Project


@pytest.fixture(scope="session")
def corpus(seeds_dir) -> list[str]:
    lines = []
    for path in sorted(seeds_dir.glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines + ["The city plan for foreign information.", "Thành phố Hà Nội ⟨0⟩ ⟨1⟩ ⟨2⟩."]


@pytest.fixture(scope="session")
def package_dirs(tmp_path_factory, corpus) -> dict[str, Path]:
    """Unpacked generated packages: vi-en and en-zh (no direct vi-zh)."""
    root = tmp_path_factory.mktemp("packages")
    return {
        "vi-en": build_argos_package(root / "vi_en", "vi", "en", corpus, TINY_MODEL),
        "en-zh": build_argos_package(root / "en_zh", "en", "zh", corpus, TINY_MODEL),
    }


@pytest.fixture
def project(tmp_path) -> Project:
    pages = {
        "index.md": (FIXTURES / "rich.md").read_text(encoding="utf-8"),
        "plans/plain.md": (FIXTURES / "plain.md").read_text(encoding="utf-8"),
    }
    return make_project(tmp_path / "site", pages)


@pytest.fixture
def installed_project(project, package_dirs) -> Project:
    from portal.translation.packages import install_from_path

    for folder in package_dirs.values():
        install_from_path(folder, project.models_dir)
    return project


def copy_package(folder: Path, into: Path) -> Path:
    shutil.copytree(folder, into)
    return into


@pytest.fixture
def argos_home(tmp_path, monkeypatch) -> Path:
    """argostranslate creates its folders when first imported: keep them out of $HOME."""
    home = tmp_path / "argos-home"
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(home / "packages"))
    return home


@pytest.fixture(scope="session")
def lt_packages(tmp_path_factory, package_dirs) -> Path:
    """The generated vi-en and en-zh packages, each with its MiniSBD splitter, for the servers."""
    return server_packages(package_dirs.values(), tmp_path_factory.mktemp("lt-packages"))


@pytest.fixture(scope="session")
def lt_keys(tmp_path_factory) -> Path:
    """The API key database the test servers share (created by the first server)."""
    folder = tmp_path_factory.mktemp("lt-keys")
    return folder / "api_keys.db"


def lt_server(lt_packages, lt_keys, workdir: Path, **options) -> LibreTranslateServer:
    """A LibreTranslate server like the session's pair (keys required, beam 1 for speed), not started."""
    return LibreTranslateServer(lt_packages, workdir, api_keys_db=lt_keys, beam_size=1, **options)


@pytest.fixture(scope="session")
def lt_pair(tmp_path_factory, lt_packages, lt_keys) -> list[LibreTranslateServer]:
    """Two identical LibreTranslate servers on 127.0.0.1 loading vi-en and en-zh, shared by the session."""
    root = tmp_path_factory.mktemp("lt-pair")
    try:
        servers = start_servers([lt_server(lt_packages, lt_keys, root / name) for name in ("a", "b")])
    except RuntimeError as error:
        pytest.fail(str(error))
    add_api_key(lt_keys, LT_API_KEY, 1_000_000)
    add_api_key(lt_keys, LT_SLOW_KEY, 2)
    yield servers
    for server in servers:
        server.stop()


@pytest.fixture
def start_lt_server(lt_pair, lt_packages, lt_keys, tmp_path):
    """Start another server like the pair's (to be killed, say); it is stopped after the test."""
    started = []

    def start() -> LibreTranslateServer:
        server = lt_server(lt_packages, lt_keys, tmp_path / f"lt-{len(started)}")
        started.append(server)
        try:
            return start_servers([server])[0]
        except RuntimeError as error:
            pytest.fail(str(error))

    yield start
    for server in started:
        server.stop()

"""Installing and listing packages in the project's .models/ folder."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from click.testing import CliRunner

from synthetic_packages import zip_package
from portal.cli import main
from portal.translation.packages import (
    MissingModelError,
    ModelError,
    find_package,
    install_from_manifest,
    install_from_path,
    list_installed,
    require_package,
)


def test_install_from_folder_and_list(project, package_dirs):
    package = install_from_path(package_dirs["vi-en"], project.models_dir)
    assert package.path.parent == project.models_dir
    assert (package.from_code, package.to_code, package.version) == ("vi", "en", "1.0")
    assert [p.pair for p in list_installed(project.models_dir)] == ["vi-en"]
    assert find_package(project.models_dir, "vi", "en") == package


def test_install_from_argosmodel_zip(project, package_dirs, tmp_path):
    archive = zip_package(package_dirs["en-zh"], tmp_path / "translate-en_zh-1_0.argosmodel")
    package = install_from_path(archive, project.models_dir)
    assert package.pair == "en-zh"
    assert (package.path / "model" / "model.bin").is_file()
    # Nothing but package folders is left in .models (Argos lists every folder).
    assert [p.name for p in project.models_dir.iterdir()] == [package.name]


def test_install_hand_assembled_package(project, package_dirs, tmp_path, argos_home):
    """A package folder put together by hand, not by the generator's helper."""
    source = package_dirs["vi-en"]
    folder = tmp_path / "handmade"
    (folder / "model").mkdir(parents=True)
    for name in ("model.bin", "config.json", "shared_vocabulary.json"):
        shutil.copy(source / "model" / name, folder / "model" / name)
    shutil.copy(source / "sentencepiece.model", folder / "sentencepiece.model")
    (folder / "metadata.json").write_text(
        json.dumps({"package_version": "2.3", "argos_version": "1.9", "from_code": "vi", "to_code": "en"})
    )
    package = install_from_path(folder, project.models_dir)
    assert package.version == "2.3" and package.model_id == "argos:vi_en@2.3"
    # argostranslate itself reads the folder the same way.
    from argostranslate.package import Package

    argos = Package(package.path)
    assert (argos.from_code, argos.to_code, argos.package_version) == ("vi", "en", "2.3")


def test_install_rejects_non_package(project, tmp_path):
    bogus = tmp_path / "bogus.argosmodel"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="zip"):
        install_from_path(bogus, project.models_dir)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelError, match="metadata.json"):
        install_from_path(empty, project.models_dir)
    assert list_installed(project.models_dir) == []


def _manifest(tmp_path, archive, sha256=None, size=None):
    data = archive.read_bytes()
    path = tmp_path / "manifest.yaml"
    path.write_text(
        "packages:\n"
        "  - pair: vi:en\n"
        '    version: "1.0"\n'
        f"    url: {archive.as_uri()}\n"
        f"    size: {size if size is not None else len(data)}\n"
        f"    sha256: {sha256 or hashlib.sha256(data).hexdigest()}\n",
        encoding="utf-8",
    )
    return path


def test_manifest_install_checks_hash(project, package_dirs, tmp_path):
    archive = zip_package(package_dirs["vi-en"], tmp_path / "vi_en.argosmodel")
    manifest = _manifest(tmp_path, archive)
    [package] = install_from_manifest([("vi", "en")], project.models_dir, project.cache_dir, manifest)
    assert package.pair == "vi-en"


def test_manifest_refuses_bad_hash(project, package_dirs, tmp_path):
    archive = zip_package(package_dirs["vi-en"], tmp_path / "vi_en.argosmodel")
    manifest = _manifest(tmp_path, archive, sha256="0" * 64)
    with pytest.raises(ModelError, match="refused") as caught:
        install_from_manifest([("vi", "en")], project.models_dir, project.cache_dir, manifest)
    assert str(caught.value).startswith(f"{manifest}:2:")
    assert list_installed(project.models_dir) == []
    assert not list(project.cache_dir.glob("*.argosmodel*"))


def test_manifest_refuses_bad_size(project, package_dirs, tmp_path):
    archive = zip_package(package_dirs["vi-en"], tmp_path / "vi_en.argosmodel")
    manifest = _manifest(tmp_path, archive, size=10)
    with pytest.raises(ModelError, match="refused"):
        install_from_manifest([("vi", "en")], project.models_dir, project.cache_dir, manifest)


def test_shipped_manifest_parses():
    from portal.translation.packages import load_manifest

    assert isinstance(load_manifest(), list)


def test_missing_pair_message_names_pair_and_three_ways(project):
    with pytest.raises(MissingModelError) as caught:
        require_package(project.models_dir, "vi", "zh")
    message = str(caught.value)
    assert "vi->zh" in message
    for way in ("--from PATH", "--index vi:zh", "--manifest vi:zh"):
        assert way in message


def test_cli_install_and_list(project, package_dirs, tmp_path, monkeypatch):
    monkeypatch.chdir(project.root)
    runner = CliRunner()
    result = runner.invoke(main, ["models", "install", "--from", str(package_dirs["vi-en"])])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["models", "list", "--json"])
    rows = json.loads(result.stdout)
    assert [(r["pair"], r["version"]) for r in rows] == [("vi-en", "1.0")]
    archive = zip_package(package_dirs["en-zh"], tmp_path / "en_zh.argosmodel")
    manifest = _manifest(tmp_path, archive, sha256="f" * 64)
    result = runner.invoke(main, ["models", "install", "--manifest", str(manifest), "vi:en"])
    assert result.exit_code == 2 and "refused" in result.output


def test_cli_index_offline_is_a_clear_error(project, monkeypatch, argos_home):
    import urllib.request

    def offline(*args, **kwargs):
        raise OSError("network is unreachable")

    monkeypatch.chdir(project.root)
    monkeypatch.setattr(urllib.request, "urlopen", offline)
    result = CliRunner().invoke(main, ["models", "install", "--index", "vi:en"])
    assert result.exit_code == 2
    assert "cannot reach the Argos package index" in result.output
    assert "--from PATH" in result.output


def test_cli_manifest_pair_form_uses_the_shipped_manifest(project, monkeypatch):
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["models", "install", "--manifest", "vi:zh"])
    assert result.exit_code == 2
    assert "manifest.yaml" in result.output and "no package for vi->zh" in result.output


@pytest.mark.parametrize(
    ("field", "value"), [("from_code", "vi_en-1_9/../../docs"), ("to_code", "../x"), ("package_version", "1/../..")]
)
def test_package_metadata_cannot_name_a_folder_outside_models(tmp_path, field, value):
    import json

    from portal.translation.packages import ModelError, load_package

    folder = tmp_path / "pkg"
    (folder / "model").mkdir(parents=True)
    (folder / "model" / "model.bin").write_bytes(b"x")
    (folder / "sentencepiece.model").write_bytes(b"x")
    metadata = {"from_code": "vi", "to_code": "en", "package_version": "1.0", field: value}
    (folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    with pytest.raises(ModelError, match="metadata.json"):
        load_package(folder)


def test_shipped_manifest_pins_the_official_vietnamese_and_chinese_packages():
    from portal.translation.packages import load_manifest

    entries = {(e.from_code, e.to_code): e for e in load_manifest()}
    assert set(entries) == {("vi", "en"), ("en", "zh")}
    for (source, target), entry in entries.items():
        # The file named by the URL is the pair and version the entry claims.
        assert entry.url == f"https://argos-net.com/v1/translate-{source}_{target}-{entry.version.replace('.', '_')}.argosmodel"
    # The figures of issue 15, verified from independent public sources.
    assert (entries[("vi", "en")].size, entries[("vi", "en")].sha256) == (
        65_895_840, "ebd51b7189b13eccb9238a5777de1d343008c4c05284a8b89610242364433953")
    assert (entries[("en", "zh")].size, entries[("en", "zh")].sha256) == (
        70_743_021, "433e7c4f034d87fbe2353161e05f18646d7999452f801a4e1f0378522b9850ab")


def test_manifest_refuses_a_package_of_another_pair(project, package_dirs, tmp_path):
    archive = zip_package(package_dirs["en-zh"], tmp_path / "translate-vi_en-1_0.argosmodel")
    manifest = _manifest(tmp_path, archive)  # pinned as vi:en, with the right size and digest
    with pytest.raises(ModelError, match="expected a vi->en package, this one is en->zh"):
        install_from_manifest([("vi", "en")], project.models_dir, project.cache_dir, manifest)
    assert list_installed(project.models_dir) == []


@pytest.mark.parametrize(("field", "value", "problem"), [
    ("sha256", "abc", "64 hexadecimal digits"),
    ("url", "ftp://example.org/x.argosmodel", "https://"),
    ("size", "0", "positive"),
])
def test_manifest_entries_are_checked_with_their_line(tmp_path, field, value, problem):
    from portal.translation.packages import load_manifest

    entry = {"pair": "vi:en", "url": "https://example.org/x.argosmodel", "size": "10", "sha256": "a" * 64}
    entry[field] = value
    path = tmp_path / "manifest.yaml"
    path.write_text("# pinned\npackages:\n" + "".join(
        f"  {'- ' if i == 0 else '  '}{key}: {text}\n" for i, (key, text) in enumerate(entry.items())), encoding="utf-8")
    with pytest.raises(ModelError, match=problem) as caught:
        load_manifest(path)
    assert str(caught.value).startswith(f"{path}:3:")


@pytest.fixture
def package_index(tmp_path, package_dirs, monkeypatch, argos_home):
    """An Argos package index served over HTTP on 127.0.0.1, listing en->zh only (like the real
    index today, no Vietnamese pair); argostranslate is pointed at it."""
    import functools
    import http.server
    import threading

    served = tmp_path / "index"
    served.mkdir()
    zip_package(package_dirs["en-zh"], served / "translate-en_zh-1_0.argosmodel")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    (served / "index.json").write_text(json.dumps([{
        "package_version": "1.0", "argos_version": "1.9", "from_code": "en", "from_name": "English",
        "to_code": "zh", "to_name": "Chinese", "type": "translate",
        "links": [base + "translate-en_zh-1_0.argosmodel"],
    }]), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    from argostranslate import settings as argos_settings

    monkeypatch.setattr(argos_settings, "remote_package_index", base + "index.json")
    yield base + "index.json"
    server.shutdown()
    server.server_close()


def test_index_without_vietnamese_refuses_and_points_to_the_manifest(project, package_index, monkeypatch):
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["models", "install", "--index", "vi:en", "en:zh"])
    assert result.exit_code == 2
    assert f"the Argos package index {package_index} has no package for vi->en" in result.output
    assert "no Vietnamese pair" in result.output
    assert "`portal models install --manifest vi:en`" in result.output
    assert list_installed(project.models_dir) == []  # refused before any download
    result = CliRunner().invoke(main, ["models", "install", "--index", "en:zh"])
    assert result.exit_code == 0, result.output
    assert [p.pair for p in list_installed(project.models_dir)] == ["en-zh"]

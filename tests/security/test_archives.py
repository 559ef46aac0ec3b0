"""Translation packages from outside: archive bombs, lies, damage and links, refused before harm."""

from __future__ import annotations

import io
import json
import shutil
import struct
import zipfile

import pytest
from click.testing import CliRunner

from portal.cli import main
from portal.translation.packages import MAX_UNPACKED_BYTES, ModelError, install_from_path


def metadata(**extra) -> bytes:
    return json.dumps({"from_code": "vi", "to_code": "en", "package_version": "1.0", **extra}).encode()


def archive(path, members: dict[str, bytes], method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def disk_use(folder) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_a_zip_bomb_is_refused_before_a_byte_is_unpacked(tmp_path):
    bomb = archive(tmp_path / "bomb.argosmodel", {
        "pkg/metadata.json": metadata(), "pkg/sentencepiece.model": b"x", "pkg/model/model.bin": b"\0" * (200 << 20)})
    assert bomb.stat().st_size < 1 << 20  # 200 MB of zeros compress to a few hundred kB
    models = tmp_path / "project" / ".models"
    with pytest.raises(ModelError, match="a zip bomb"):
        install_from_path(bomb, models)
    assert disk_use(tmp_path / "project") == 0


def test_the_total_unpacked_size_is_capped(tmp_path, monkeypatch):
    from portal.translation import packages

    monkeypatch.setattr(packages, "MAX_UNPACKED_BYTES", 1 << 20)
    big = archive(tmp_path / "big.argosmodel", {
        "pkg/metadata.json": metadata(), "pkg/model/model.bin": bytes(range(256)) * 8192}, zipfile.ZIP_STORED)
    with pytest.raises(ModelError, match="would unpack to 2097[0-9]+ bytes"):
        install_from_path(big, tmp_path / ".models")
    assert MAX_UNPACKED_BYTES == 4 << 30


def test_an_archive_that_lies_about_its_sizes_stops_with_an_error(tmp_path):
    good = archive(tmp_path / "lie.argosmodel", {
        "pkg/metadata.json": metadata(), "pkg/sentencepiece.model": b"x", "pkg/model/model.bin": b"\1" * 100_000},
        zipfile.ZIP_STORED)
    data = bytearray(good.read_bytes())
    # Claim 10 bytes for model.bin in both its local header and the central directory.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            name_length = struct.unpack_from("<H", data, at + (26 if signature == b"PK\x03\x04" else 28))[0]
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + name_length] == b"pkg/model/model.bin":
                struct.pack_into("<I", data, at + offset, 10)
            start = at + 4
    good.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="damaged archive"):
        install_from_path(good, tmp_path / ".models")
    assert not (tmp_path / ".models").exists() or not any((tmp_path / ".models").iterdir())


@pytest.mark.parametrize("members, problem", [
    ({}, "the archive is empty"),
    ({"pkg/metadata.json": b"[1, 2]"}, "metadata.json must be a JSON object"),
    ({"pkg/metadata.json": b"{not json"}, "unreadable metadata.json"),
    ({"../evil/metadata.json": metadata()}, "unsafe path"),
    ({"pkg/metadata.json": metadata(), "/etc/cron.d/x": b"x"}, "unsafe path"),
    ({"pkg/metadata.json": metadata(from_code="../../x")}, "language codes must look like"),
])
def test_malformed_archives_are_errors_not_tracebacks(tmp_path, members, problem):
    path = archive(tmp_path / "p.argosmodel", members)
    with pytest.raises(ModelError, match=problem):
        install_from_path(path, tmp_path / ".models")


def test_a_damaged_member_is_named(tmp_path):
    path = archive(tmp_path / "crc.argosmodel", {
        "pkg/metadata.json": metadata(), "pkg/sentencepiece.model": b"x", "pkg/model/model.bin": b"weights" * 100},
        zipfile.ZIP_STORED)
    data = path.read_bytes()
    at = data.index(b"weights")
    path.write_bytes(data[:at] + b"WEIGHTS" + data[at + 7:])  # the CRC no longer matches
    with pytest.raises(ModelError, match="damaged archive: Bad CRC-32"):
        install_from_path(path, tmp_path / ".models")


def test_a_symbolic_link_in_an_archive_or_a_folder_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("pkg/metadata.json", metadata())
        link = zipfile.ZipInfo("pkg/model/model.bin")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
    (tmp_path / "link.argosmodel").write_bytes(buffer.getvalue())
    with pytest.raises(ModelError, match="is a symbolic link"):
        install_from_path(tmp_path / "link.argosmodel", tmp_path / ".models")
    folder = tmp_path / "pkg"
    (folder / "model").mkdir(parents=True)
    (folder / "metadata.json").write_bytes(metadata())
    (folder / "model" / "model.bin").symlink_to("/etc/passwd")
    with pytest.raises(ModelError, match="is a symbolic link"):
        install_from_path(folder, tmp_path / ".models")


def test_the_cli_reports_a_bad_archive_in_one_line(tmp_path, monkeypatch, repo_root):
    shutil.copy(repo_root / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.chdir(tmp_path)
    empty = archive(tmp_path / "empty.argosmodel", {})
    result = CliRunner().invoke(main, ["models", "install", "--from", str(empty)])
    assert result.exit_code == 2
    assert result.output.strip() == f"portal: error: {empty}: the archive is empty: no package in it"

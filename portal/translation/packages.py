"""Installed translation packages: what is on disk, how it got there.

This module knows *what is installed* (argos-style split); how text is
translated lives in :mod:`portal.translation.run` and :mod:`portal.translation.backends`.

Packages are Argos Translate packages (a folder with ``metadata.json``,
``model/`` holding a CTranslate2 model and ``sentencepiece.model``), kept in
the project-local ``.models/`` folder (:attr:`Project.models_dir`), never in
the user's home.  The folder layout is the one ``argostranslate.package``
reads, so ``ARGOS_PACKAGES_DIR=.models`` makes Argos see the same packages.

Three ways to install a pair:

1. ``portal models install --from PATH``: an ``.argosmodel`` zip or an
   unpacked package folder;
2. ``portal models install --index en:zh``: the Argos package index (needs
   network).  The index no longer lists any Vietnamese pair: a pair it lacks
   is refused before anything is downloaded, naming the manifest command when
   the manifest pins that pair;
3. ``portal models install --manifest [FILE] vi:en``: the pinned manifest
   (``portal/translation/manifest.yaml``) of direct URLs; the download is checked
   against the pinned size and sha256 before it is unpacked, and refused on a
   mismatch.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from portal.errors import PortalError

MANIFEST_PATH = Path(__file__).with_name("manifest.yaml")


class ModelError(PortalError):
    """A translation package is missing, malformed or refused."""


class MissingModelError(ModelError):
    """No installed package for a language pair."""

    def __init__(self, from_code: str, to_code: str, models_dir: Path, pivot: str | None = None):
        self.from_code, self.to_code = from_code, to_code
        pair = f"{from_code}:{to_code}"
        route = f" (nor {from_code}->{pivot} plus {pivot}->{to_code} to pivot through it)" if pivot else ""
        index_note = "; it lists no Vietnamese pair" if "vi" in (from_code, to_code) else ""
        super().__init__(
            f"no translation model for {from_code}->{to_code}{route} in {models_dir}; install one with "
            f"`portal models install --from PATH` (an .argosmodel file or package folder), "
            f"`portal models install --manifest {pair}` (pinned download checked by size and sha256) or "
            f"`portal models install --index {pair}` (Argos package index, needs network{index_note})"
        )


@dataclass(frozen=True, slots=True)
class InstalledPackage:
    """One installed Argos package."""

    path: Path
    """The package folder inside ``.models/``."""
    from_code: str
    to_code: str
    version: str
    """``package_version`` from metadata.json."""
    name: str
    """The folder name, e.g. ``translate-vi_en-1_9``."""

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def model_id(self) -> str:
        """Identity used in translation memory keys and page front matter."""
        return f"argos:{self.from_code}_{self.to_code}@{self.version}"

    @property
    def ct2_model_dir(self) -> Path:
        return self.path / "model"

    @property
    def sentencepiece_model(self) -> Path:
        return self.path / "sentencepiece.model"


def parse_pair(text: str) -> tuple[str, str]:
    """``vi:en`` or ``vi-en`` -> ("vi", "en")."""
    for sep in (":", "-", ">"):
        if sep in text:
            a, b = text.split(sep, 1)
            if a and b:
                return a.strip(), b.strip()
    raise ModelError(f"bad language pair {text!r}; write it as FROM:TO, e.g. vi:en")


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?")
PACKAGE_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,31}")
SHA256 = re.compile(r"[0-9a-f]{64}")


def load_package(folder: Path) -> InstalledPackage:
    """Read and check one unpacked package folder."""
    folder = Path(folder)
    metadata_path = folder / "metadata.json"
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError("not an Argos package: no metadata.json", folder) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise ModelError(f"unreadable metadata.json: {error}", metadata_path) from None
    if not isinstance(metadata, dict):
        raise ModelError(f"metadata.json must be a JSON object, not a {type(metadata).__name__}", metadata_path)
    from_code, to_code = metadata.get("from_code"), metadata.get("to_code")
    if not from_code or not to_code:
        raise ModelError("metadata.json lacks from_code/to_code", metadata_path)
    version = str(metadata.get("package_version", "0"))
    # They name the install folder: nothing that could climb out of .models/.
    if not all(isinstance(code, str) and LANGUAGE_CODE.fullmatch(code) for code in (from_code, to_code)):
        raise ModelError(f"metadata.json: language codes must look like 'vi', got {from_code!r} and {to_code!r}", metadata_path)
    if not PACKAGE_VERSION.fullmatch(version):
        raise ModelError(f"metadata.json: package_version {version!r} is not a version number", metadata_path)
    if not (folder / "model" / "model.bin").is_file():
        raise ModelError("not an Argos package: no model/model.bin (CTranslate2 model)", folder)
    if not (folder / "sentencepiece.model").is_file():
        raise ModelError("package has no sentencepiece.model (BPE packages are not supported)", folder)
    return InstalledPackage(
        path=folder,
        from_code=from_code,
        to_code=to_code,
        version=version,
        name=folder.name,
    )


def list_installed(models_dir: Path) -> list[InstalledPackage]:
    """Every package in ``models_dir``, sorted by pair."""
    if not models_dir.is_dir():
        return []
    found = []
    for folder in sorted(models_dir.iterdir()):
        if folder.is_dir() and not folder.name.startswith("."):
            found.append(load_package(folder))
    return sorted(found, key=lambda p: (p.from_code, p.to_code, p.version))


def find_package(models_dir: Path, from_code: str, to_code: str) -> InstalledPackage | None:
    """The installed package for a pair (the newest if several), or None."""
    from packaging.version import InvalidVersion, Version

    def version_key(package: InstalledPackage):
        try:
            return (1, Version(package.version))
        except InvalidVersion:
            return (0, package.version)

    matches = [p for p in list_installed(models_dir) if (p.from_code, p.to_code) == (from_code, to_code)]
    return max(matches, key=version_key) if matches else None


def require_package(models_dir: Path, from_code: str, to_code: str) -> InstalledPackage:
    package = find_package(models_dir, from_code, to_code)
    if package is None:
        raise MissingModelError(from_code, to_code, models_dir)
    return package


def _package_root(unpacked: Path) -> Path:
    if (unpacked / "metadata.json").is_file():
        return unpacked
    candidates = [p for p in unpacked.iterdir() if (p / "metadata.json").is_file()]
    if len(candidates) != 1:
        raise ModelError("archive must hold one package folder with metadata.json")
    return candidates[0]


MAX_UNPACKED_BYTES = 4 << 30
"""What a package may unpack to: real ones are a few hundred megabytes."""
MAX_COMPRESSION_RATIO = 50
"""Model weights barely compress; a member that unpacks to fifty times its size is a bomb."""
MAX_MEMBERS = 1000


def _unsafe_member(info: zipfile.ZipInfo) -> str | None:
    """Why an archive member must not be extracted, or None."""
    name = info.filename
    if name.startswith(("/", "\\")) or ".." in Path(name.replace("\\", "/")).parts or ":" in name:
        return f"unsafe path {name!r}"
    if stat.S_ISLNK(info.external_attr >> 16):
        return f"{name!r} is a symbolic link"
    if info.file_size > 1 << 20 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
        return f"{name!r} would unpack to {info.file_size} bytes from {info.compress_size} (a zip bomb?)"
    return None


def unpack_archive(source: Path, into: Path, limit: int | None = None) -> Path:
    """Extract an ``.argosmodel`` zip into ``into`` after checking it; returns the package root.

    Everything that can be checked before writing a byte is: the member count,
    paths, links, declared sizes, compression ratios, and the package's own
    ``metadata.json``.  Members are then copied in chunks, counting what
    really comes out, so an archive that lies about its sizes stops at the
    limit; a damaged member (bad CRC) is an error, never a traceback.
    """
    limit = limit or MAX_UNPACKED_BYTES
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise ModelError(f"not an Argos package (.argosmodel must be a zip archive): {error}", source) from None
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if not members:
            raise ModelError("the archive is empty: no package in it", source)
        if len(members) > MAX_MEMBERS:
            raise ModelError(f"the archive holds {len(members)} files; a package has a handful", source)
        for info in members:
            if (problem := _unsafe_member(info)) is not None:
                raise ModelError(f"refused: {problem}", source)
        declared = sum(info.file_size for info in members)
        if declared > limit:
            raise ModelError(f"refused: the archive would unpack to {declared} bytes (limit {limit})", source)
        metadata = [info for info in members if Path(info.filename).name == "metadata.json"]
        if len(metadata) != 1 or len(Path(metadata[0].filename).parts) > 2:
            raise ModelError("archive must hold one package folder with metadata.json", source)
        try:
            _check_metadata(archive.read(metadata[0]), source)
            written = 0
            for info in members:
                target = into / info.filename
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as stream, open(target, "wb") as out:
                    while chunk := stream.read(1 << 20):
                        written += len(chunk)
                        if written > limit:
                            raise ModelError(f"refused: the archive unpacks to more than {limit} bytes", source)
                        out.write(chunk)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
            raise ModelError(f"damaged archive: {error}", source) from None
    return _package_root(into)


def _check_metadata(data: bytes, source: Path) -> None:
    """Refuse an archive whose metadata.json is not a package's before anything is unpacked."""
    try:
        metadata = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ModelError(f"unreadable metadata.json: {error}", source) from None
    if not isinstance(metadata, dict) or not metadata.get("from_code") or not metadata.get("to_code"):
        raise ModelError("metadata.json must be a JSON object with from_code and to_code", source)


def install_from_path(source: Path, models_dir: Path, expect: tuple[str, str] | None = None) -> InstalledPackage:
    """Install an ``.argosmodel`` zip or a package folder into ``models_dir``.

    The package is checked in a temporary folder beside ``models_dir`` (and
    refused if it is not the ``expect``-ed pair) and moved in with one rename;
    a package of the same pair and version is replaced.
    """
    source = Path(source)
    if not source.exists():
        raise ModelError("no such file or folder", source)
    models_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".models-staging-", dir=models_dir.parent))
    try:
        if source.is_dir():
            links = [path for path in source.rglob("*") if path.is_symlink()]
            if links:
                raise ModelError(f"refused: {links[0].relative_to(source)} is a symbolic link", source)
            root = staging / source.name
            shutil.copytree(source, root)
        else:
            root = unpack_archive(source, staging / "unpacked")
        try:
            package = load_package(root)
        except ModelError as error:
            raise ModelError(error.message, source) from None
        if expect is not None and (package.from_code, package.to_code) != tuple(expect):
            raise ModelError(f"expected a {expect[0]}->{expect[1]} package, this one is "
                             f"{package.from_code}->{package.to_code}", source)
        name = f"translate-{package.from_code}_{package.to_code}-{package.version.replace('.', '_')}"
        target = models_dir / name
        if target.exists():
            shutil.rmtree(target)
        os.replace(root, target)
        return load_package(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# ---------------------------------------------------------------- manifest ---


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One pinned package download."""

    from_code: str
    to_code: str
    url: str
    size: int
    sha256: str
    version: str
    path: Path
    line: int


def load_manifest(path: Path = MANIFEST_PATH) -> list[ManifestEntry]:
    """Read the pinned manifest (see ``portal/translation/manifest.yaml``)."""
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelError("no model manifest", path) from None
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ModelError(f"malformed manifest: {error}", path, mark.line + 1 if mark else None) from None
    entries = []
    items = data.get("packages") or []
    item_nodes = []
    if node is not None:
        for key, value in node.value:
            if key.value == "packages" and hasattr(value, "value") and isinstance(value.value, list):
                item_nodes = value.value
    for index, item in enumerate(items):
        line = item_nodes[index].start_mark.line + 1 if index < len(item_nodes) else None
        # The digest as written: YAML would read an all-digit one as a number.
        scalars = {}
        if index < len(item_nodes) and isinstance(item_nodes[index].value, list):
            scalars = {k.value: v.value for k, v in item_nodes[index].value if isinstance(v.value, str)}
        try:
            from_code, to_code = parse_pair(str(item["pair"]))
            entry = ManifestEntry(
                from_code=from_code,
                to_code=to_code,
                url=str(item["url"]),
                size=int(item["size"]),
                sha256=str(scalars.get("sha256", item["sha256"])).lower(),
                version=str(item.get("version", "")),
                path=Path(path),
                line=line or 0,
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ModelError(f"manifest entry needs pair, url, size, sha256 ({error})", path, line) from None
        if not SHA256.fullmatch(entry.sha256):
            raise ModelError(f"sha256 must be 64 hexadecimal digits, got {entry.sha256!r}", path, line)
        if entry.size <= 0:
            raise ModelError(f"size must be a positive number of bytes, got {entry.size}", path, line)
        if urllib.parse.urlsplit(entry.url).scheme not in ("https", "http", "file"):
            raise ModelError(f"url must be an https:// (or file://) address, got {entry.url!r}", path, line)
        entries.append(entry)
    return entries


def download_checked(entry: ManifestEntry, into: Path) -> Path:
    """Download a manifest entry and check its size and sha256; refuse a mismatch."""
    into.mkdir(parents=True, exist_ok=True)
    target = into / f"{entry.from_code}_{entry.to_code}.argosmodel.part"
    digest = hashlib.sha256()
    size = 0
    try:
        with urllib.request.urlopen(entry.url, timeout=60) as response, open(target, "wb") as out:
            while chunk := response.read(1 << 20):
                size += len(chunk)
                if size > entry.size:
                    break
                digest.update(chunk)
                out.write(chunk)
    except OSError as error:
        target.unlink(missing_ok=True)
        raise ModelError(f"cannot download {entry.url}: {error}", entry.path, entry.line) from None
    if size != entry.size or digest.hexdigest() != entry.sha256:
        target.unlink(missing_ok=True)
        got = f"{size} bytes" if size != entry.size else f"sha256 {digest.hexdigest()}"
        raise ModelError(
            f"refused {entry.url}: expected {entry.size} bytes with sha256 {entry.sha256}, got {got}",
            entry.path,
            entry.line,
        )
    final = target.with_suffix("")
    os.replace(target, final)
    return final


def install_from_manifest(
    pairs: list[tuple[str, str]], models_dir: Path, download_dir: Path, manifest: Path = MANIFEST_PATH
) -> list[InstalledPackage]:
    """Download, check (size, sha256, pair) and install each pair the manifest pins."""
    entries = {(e.from_code, e.to_code): e for e in load_manifest(manifest)}
    for pair in pairs:  # all known before the first download
        if pair not in entries:
            raise ModelError(f"the manifest has no package for {pair[0]}->{pair[1]}", manifest)
    installed = []
    for pair in pairs:
        entry = entries[pair]
        archive = download_checked(entry, download_dir)
        try:
            installed.append(install_from_path(archive, models_dir, expect=pair))
        finally:
            archive.unlink(missing_ok=True)
    return installed


# ------------------------------------------------------------------- index ---


def install_from_index(
    pairs: list[tuple[str, str]], models_dir: Path, download_dir: Path, manifest: Path = MANIFEST_PATH
) -> list[InstalledPackage]:
    """Install pairs from the Argos package index; every pair must be in it.

    A pair the index lacks is refused before anything is downloaded (the index
    dropped its Vietnamese pairs: ``vi:en`` comes from the pinned manifest).
    ``argostranslate`` reads its settings from the environment at import time,
    so ``ARGOS_PACKAGES_DIR`` is pointed at ``models_dir`` before the import.
    """
    os.environ.setdefault("ARGOS_PACKAGES_DIR", str(models_dir))
    models_dir.mkdir(parents=True, exist_ok=True)
    from argostranslate import package as argos_package
    from argostranslate import settings as argos_settings

    index_url = argos_settings.remote_package_index
    try:
        with urllib.request.urlopen(index_url, timeout=15) as response:
            Path(argos_settings.local_package_index).write_bytes(response.read())
    except OSError as error:
        raise ModelError(
            f"cannot reach the Argos package index {index_url} ({error}); "
            "offline? install from a file with `portal models install --from PATH`"
            + _manifest_hint(pairs, manifest)
        ) from None
    available = {(p.from_code, p.to_code): p for p in argos_package.get_available_packages() if p.type == "translate"}
    missing = [pair for pair in pairs if pair not in available]
    if missing:
        names = ", ".join(f"{a}->{b}" for a, b in missing)
        if not any("vi" in pair for pair in available):
            names += " (it lists no Vietnamese pair at all)"
        raise ModelError(f"the Argos package index {index_url} has no package for {names}"
                         + _manifest_hint(missing, manifest))
    installed = []
    for pair in pairs:
        try:
            archive = available[pair].download()
        except Exception as error:  # argostranslate raises bare Exception
            raise ModelError(f"download of {pair[0]}->{pair[1]} failed: {error}") from None
        try:
            installed.append(install_from_path(Path(archive), models_dir))
        finally:
            Path(archive).unlink(missing_ok=True)
    return installed


def _manifest_hint(pairs: list[tuple[str, str]], manifest: Path) -> str:
    """``; the pinned manifest has vi->en: portal models install --manifest vi:en`` when it has them."""
    try:
        pinned = {(e.from_code, e.to_code) for e in load_manifest(manifest)}
    except ModelError:
        return ""
    found = [pair for pair in pairs if pair in pinned]
    if not found:
        return ""
    names = ", ".join(f"{a}->{b}" for a, b in found)
    args = " ".join(f"{a}:{b}" for a, b in found)
    option = "--manifest" if Path(manifest) == MANIFEST_PATH else f"--manifest {manifest}"
    return f"; the pinned manifest {manifest} has {names}: `portal models install {option} {args}`"

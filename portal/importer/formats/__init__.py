"""Input formats: each module turns one kind of file into the document model.

:func:`read_source` is the importer's only read of an input file.  The
format is decided by the file's content, not its name (a ``.docx`` that is
really text, or a PDF saved as ``.txt``, is read for what it is; a name that
promises a format the content does not have is refused):

* ``%PDF-`` in the first KiB: :mod:`~portal.importer.formats.pdf`;
* a zip archive: :mod:`~portal.importer.formats.docx` (a zip that is not a
  Word document is refused);
* an old binary Word file (OLE2) or RTF: refused with what to do instead;
* anything else: :mod:`~portal.importer.formats.text`.

Files larger than :data:`MAX_BYTES` are refused before they are read.
Every problem is an :class:`~portal.importer.errors.ImporterError` naming
the file; the third-party parsers' own exceptions never escape.
"""

from __future__ import annotations

from pathlib import Path

from portal.importer.errors import ImporterError
from portal.importer.model import Source

MAX_BYTES = 64 * 1024 * 1024
"""The largest input file read (a 300-page PDF with pictures is ~30 MB)."""
EXTENSIONS = (".txt", ".docx", ".pdf")
"""What a folder given to ``portal import`` is searched for."""
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_source(path: Path) -> Source:
    """Read ``path`` into the document model (see the module docstring)."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ImporterError("not a file", path)
        if size > MAX_BYTES:
            raise ImporterError(
                f"the file is too large to import ({size / 2**20:.0f} MiB; the limit is {MAX_BYTES // 2**20} MiB)",
                path,
            )
        data = path.read_bytes()
    except OSError as error:
        raise ImporterError(f"cannot read the file: {error.strerror}", path) from None
    kind = sniff(data)
    suffix = path.suffix.lower()
    if suffix in (".pdf", ".docx") and kind != suffix[1:] and not (suffix == ".docx" and kind == "zip") and data.strip():
        found = {"zip": "a zip archive", "text": "text"}.get(kind, kind)
        raise ImporterError(f"named {suffix} but the content is {found}, not a {suffix[1:].upper()} file", path)
    if kind == "pdf":
        from portal.importer.formats.pdf import read_pdf

        return read_pdf(path, data)
    if kind in ("docx", "zip"):
        from portal.importer.formats.docx import read_docx

        return read_docx(path, data)
    if kind == "doc":
        raise ImporterError("an old binary Word file (.doc): open it in Word or LibreOffice and save it as .docx", path)
    if kind == "rtf":
        raise ImporterError("an RTF file: open it in Word or LibreOffice and save it as .docx", path)
    from portal.importer.formats.text import read_text

    return read_text(path, data)


def sniff(data: bytes) -> str:
    """``pdf``, ``docx``/``zip`` (a zip with or without a Word document part), ``doc``, ``rtf`` or ``text``."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "docx" if b"word/document.xml" in data or b"[Content_Types].xml" in data[:4096] else "zip"
    if data.startswith(_OLE2):
        return "doc"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    return "text"


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Files named, and the importable files (:data:`EXTENSIONS`) of folders named, in order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in EXTENSIONS)
        else:
            found.append(path)
    return list(dict.fromkeys(found))

"""Paths and entities in the files translators and CAT tools send back: XLIFF, TBX, CSV.

Every path such a file names must resolve inside the folder it belongs to, or
be refused with a clear error and nothing written; no XML entity is ever
expanded; script in a translation never reaches a page as active HTML.
"""

from __future__ import annotations

import time

import pytest
from security_helpers import changed, snapshot
from translate.storage import xliff

from portal.errors import PortalError
from portal.glossary.exchange import import_into
from portal.glossary.load import project_glossary
from portal.pages import read_page
from portal.review.xliff import export_xliff, import_xliff

PRESS = "press/index.md"
NS = "urn:oasis:names:tc:xliff:document:1.2"


def exported(portal, tmp_path):
    """The English press page exported for review, as a translate-toolkit store."""
    out = tmp_path / "review.xlf"
    export_xliff(portal, out, [portal.lang_dir("en") / PRESS])
    return out, xliff.xlifffile.parsestring(out.read_bytes())


def approve_all(store, target_of=None):
    for unit in store.units:
        if target_of is not None:
            target = target_of(unit)
            if target is not None:
                unit.settarget(target)
        unit.markapproved(True)


@pytest.mark.parametrize("original", [
    "docs/en/../vi/press/index.md",      # a source page
    "docs/en/../../../outside.md",       # out of the project
    "/etc/passwd",                       # absolute
    "docs/vi/press/index.md",            # the source language is not a translation
    "docs/en/press/index.md/../../vi/press/index.md",
    "docs\\en\\..\\vi\\press\\index.md",
    "docs/en/press/index.txt",
])
def test_an_xliff_file_cannot_write_outside_its_translation(portal, tmp_path, original):
    out, store = exported(portal, tmp_path)
    approve_all(store, lambda unit: "Defaced.")
    data = bytes(store).replace(b'original="docs/en/press/index.md"', f'original="{original}"'.encode())
    out.write_bytes(data)
    before = snapshot(tmp_path)
    with pytest.raises(PortalError, match="original="):
        import_xliff(portal, out)
    assert changed(before, snapshot(tmp_path)) == []


def test_a_translation_linked_out_of_the_project_is_refused(portal, tmp_path):
    outside = tmp_path / "users-files" / "page.md"
    outside.write_text("# Outside\n", encoding="utf-8")
    link = portal.lang_dir("en") / "linked.md"
    link.symlink_to(outside)
    (portal.lang_dir("vi") / "linked.md").write_text("# Trang\n", encoding="utf-8")
    out, store = exported(portal, tmp_path)
    approve_all(store)
    out.write_bytes(bytes(store).replace(b'original="docs/en/press/index.md"', b'original="docs/en/linked.md"'))
    with pytest.raises(PortalError, match="not a Markdown page under docs/en/"):
        import_xliff(portal, out)
    assert outside.read_text(encoding="utf-8") == "# Outside\n"


def test_script_in_an_xliff_target_is_made_inert(portal, tmp_path):
    out, store = exported(portal, tmp_path)
    hostile = {
        "press/index.md#1": 'Press <script>alert(1)</script><img src=x onerror="alert(2)">',
        "press/index.md#2": "See [this](javascript:alert(3)) and [that](JaVa&#115;cript:alert(4)) "
                            "and ![img](data:text/html;base64,PHNjcmlwdD4=).",
    }
    approve_all(store, lambda unit: hostile.get(unit.xmlelement.get("id")))
    out.write_bytes(bytes(store))
    [result] = import_xliff(portal, out)
    text = read_page(portal.lang_dir("en") / PRESS).text
    assert "<script" not in text and "<img" not in text and "javascript:" not in text.lower()
    assert "data:text/html" not in text
    assert "&lt;script>alert(1)&lt;/script>" in text and "[this](#)" in text and "![img](#)" in text
    assert len(result.sanitised) == 6, result.sanitised  # <script>, </script>, <img>, three links


def billion_laughs(root: bytes) -> bytes:
    entities = "".join(f'<!ENTITY l{n} "{"&l%d;" % (n - 1) * 10 if n else "lol"}">' for n in range(10))
    return b'<?xml version="1.0"?>\n<!DOCTYPE r [' + entities.encode() + b"]>\n" + root


def test_entity_bombs_are_refused_at_once(portal, tmp_path):
    bomb = tmp_path / "bomb.xlf"
    bomb.write_bytes(billion_laughs(
        f'<xliff version="1.2" xmlns="{NS}"><file original="docs/en/press/index.md" source-language="vi">'
        '<body><trans-unit id="press/index.md#1"><source>&l9;</source><target>&l9;</target></trans-unit>'
        "</body></file></xliff>".encode()))
    started = time.perf_counter()
    with pytest.raises(PortalError, match="DTD or entity declarations"):
        import_xliff(portal, bomb)
    tbx = tmp_path / "bomb.tbx"
    tbx.write_bytes(billion_laughs(b'<martif type="TBX"><text><body><termEntry id="x"><langSet xml:lang="vi">'
                                   b"<tig><term>&l9;</term></tig></langSet></termEntry></body></text></martif>"))
    with pytest.raises(PortalError, match="DTD or entity declarations"):
        import_into(portal.glossary_dir / "terms.yaml", tbx, "tbx", portal.languages.codes)
    assert time.perf_counter() - started < 5, "nothing was expanded"


def test_external_entities_are_never_fetched_or_read(portal, tmp_path):
    secret = tmp_path / "users-files" / "precious.txt"
    xxe = tmp_path / "xxe.xlf"
    xxe.write_bytes(
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'
        f'<xliff version="1.2" xmlns="{NS}"><file original="docs/en/press/index.md" source-language="vi"><body>'
        '<trans-unit id="press/index.md#1" approved="yes"><source>Báo chí</source><target>&s;</target>'
        "</trans-unit></body></file></xliff>".encode())
    with pytest.raises(PortalError):
        import_xliff(portal, xxe)
    assert "keep me" not in read_page(portal.lang_dir("en") / PRESS).text


@pytest.mark.parametrize("content, message", [
    (b"<?xml version='1.0'?><html><body>not xliff</body></html>", "the root element is <html>"),
    (b"<xliff version='1.2'><file/></xliff>", "not <xliff> in urn:oasis"),  # no namespace
    (b"\x00\x01binary", "not an XLIFF 1.2 file"),
    (b"", "not an XLIFF 1.2 file"),
])
def test_files_that_are_not_xliff_are_named_not_tracebacks(portal, tmp_path, content, message):
    path = tmp_path / "in.xlf"
    path.write_bytes(content)
    with pytest.raises(PortalError, match=message) as caught:
        import_xliff(portal, path)
    assert str(caught.value).startswith(str(path))


def test_glossary_exchange_refuses_terms_that_would_become_html(portal, tmp_path):
    csv = tmp_path / "terms.csv"
    csv.write_text("id,kind,vi,en,zh\nx,place,Hà Nội,<script>alert(1)</script>,河内\n", encoding="utf-8")
    before = (portal.glossary_dir / "terms.yaml").read_bytes()
    with pytest.raises(PortalError, match=r"terms\.csv:2: entry 'x': en: .*HTML or link syntax"):
        import_into(portal.glossary_dir / "terms.yaml", csv, "csv", portal.languages.codes)
    assert (portal.glossary_dir / "terms.yaml").read_bytes() == before
    assert project_glossary(portal)  # still loads

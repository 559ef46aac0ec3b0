"""The glossary page of the site: ``docs/<lang>/glossary/index.md``.

One page per language, each with a heading, a short introduction and one
table per kind (vi | en | zh | note), headed in that page's language.  The
pages are generated from ``glossary/terms.yaml`` and written atomically;
their front matter keeps the title and description of the site's page and
marks them ``origin: generated`` (the glossary check skips them) and
``status: reviewed`` (the translation engine never overwrites them).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from portal.fileio import write_text_atomic
from portal.glossary.load import yaml_scalar
from portal.glossary.model import KINDS, LANGS, Glossary, GlossaryEntry
from portal.glossary.normalize import normalize

TITLES = {"vi": "Thuật ngữ", "en": "Glossary", "zh": "术语表"}
DESCRIPTIONS = {
    "vi": "Tên chính thức của cơ quan, chức danh, loại văn bản và khái niệm bằng tiếng Việt, tiếng Anh và tiếng Trung.",
    "en": "Official names of agencies, titles, document types and concepts in Vietnamese, English and Chinese.",
    "zh": "机构、职务、文件类型和概念的越南文、英文和中文正式名称。",
}
INTROS = {
    "vi": (
        "Tên chính thức của cơ quan, chức danh, loại văn bản và khái niệm chính sách bằng tiếng Việt, "
        "tiếng Anh và tiếng Trung, được dùng thống nhất trong mọi bản dịch của cổng thông tin. "
        "Bản dịch máy luôn áp dụng đúng các tên trong bảng."
    ),
    "en": (
        "Official names of agencies, titles, document types and policy concepts in Vietnamese, "
        "English and Chinese, used consistently in every translation on this portal. "
        "Machine translation always applies the names exactly as listed."
    ),
    "zh": "本网站所有译文统一使用的机构、职务、文件类型和政策概念的越南文、英文和中文正式名称。机器翻译一律按表中译法处理。",
}
KIND_HEADINGS = {
    "agency": {"vi": "Cơ quan, tổ chức", "en": "Agencies and organizations", "zh": "机构与组织"},
    "title": {"vi": "Chức danh", "en": "Titles", "zh": "职务"},
    "document-type": {"vi": "Loại văn bản", "en": "Document types", "zh": "文件类型"},
    "concept": {"vi": "Khái niệm", "en": "Concepts", "zh": "概念"},
    "place": {"vi": "Địa danh", "en": "Places", "zh": "地名"},
    "media": {"vi": "Báo chí, truyền thông", "en": "Media", "zh": "媒体"},
    "event": {"vi": "Sự kiện", "en": "Events", "zh": "活动与事件"},
}
COLUMNS = {
    "vi": ("Tiếng Việt", "Tiếng Anh", "Tiếng Trung", "Ghi chú"),
    "en": ("Vietnamese", "English", "Chinese", "Note"),
    "zh": ("越南语", "英语", "中文", "备注"),
}


def _sort_key(entry: GlossaryEntry) -> str:
    """Vietnamese alphabetical order, near enough: base letters, đ after d."""
    text = entry.vi.casefold().replace("đ", "d\uffff")
    base = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return base + "\0" + text


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def front_matter(lang: str, version: str) -> str:
    """Title, description and the ``translation:`` record of a generated page."""
    return (
        f"---\ntitle: {yaml_scalar(TITLES[lang])}\ndescription: {yaml_scalar(DESCRIPTIONS[lang])}\n"
        f"translation:\n  status: reviewed\n  origin: generated\n  glossary_version: {yaml_scalar(version)}\n---\n\n"
    )


def render_page(glossary: Glossary, lang: str) -> str:
    """The Markdown of the glossary page in ``lang``."""
    out = [front_matter(lang, glossary.version), f"# {TITLES[lang]}\n\n", INTROS[lang], "\n"]
    for kind in KINDS:
        entries = sorted((e for e in glossary.entries if e.kind == kind), key=_sort_key)
        if not entries:
            continue
        out.append(f"\n## {KIND_HEADINGS[kind][lang]}\n\n")
        out.append("| " + " | ".join(COLUMNS[lang]) + " |\n")
        out.append("| --- | --- | --- | --- |\n")
        for e in entries:
            shown = [v for v in e.variants if normalize(v) != normalize(e.vi)]  # not QUYẾT ĐỊNH
            vi = e.vi + (f" ({', '.join(shown)})" if shown else "")
            out.append(f"| {_cell(vi)} | {_cell(e.en)} | {_cell(e.zh)} | {_cell(e.note)} |\n")
    return "".join(out)


def page_path(docs_dir: Path, lang: str) -> Path:
    return docs_dir / lang / "glossary" / "index.md"


def write_pages(glossary: Glossary, docs_dir: Path) -> list[Path]:
    """Write the glossary page of every language; returns the paths written."""
    written = []
    for lang in LANGS:
        path = page_path(docs_dir, lang)
        write_text_atomic(path, render_page(glossary, lang))
        written.append(path)
    return written

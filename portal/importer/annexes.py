"""Annexes: which parts of a document are appendices, and which are internal.

An *annex* starts at a level-2 heading that names one (``Phụ lục …``,
``Danh mục …``, ``Bảng …``, ``Tổng hợp …``) or that is followed, within two
blocks, by its attachment line (``(Kèm theo Kế hoạch số …)``, ``(Ban hành
kèm theo Quyết định …)``); it runs to the next annex or the end.

An annex is *internal to the administration* (it does not belong on a public
portal) when what it is says so, not its exact title:

* its title names a synthesis of comments or their reception: ``tổng hợp ý
  kiến``, ``ý kiến góp ý``, ``giải trình``, ``tiếp thu``, ``ý kiến thẩm
  định``, ``bảng so sánh`` (of draft versions), ``dự thảo`` tables;
* its table is a reception table: two or more columns among ``ý kiến``,
  ``góp ý``, ``giải trình``, ``tiếp thu``, ``văn bản góp ý``, ``cơ quan góp ý``;
* it is attached to an internal paper rather than to the published document:
  a submission (``kèm theo Tờ trình``), a ``phiếu trình``, a draft (``dự thảo``);
* it is an internal distribution list or marked for internal circulation
  (``danh sách phân phối``, ``nơi gửi``, ``lưu hành nội bộ``, ``mật``).

The page keeps an internal annex between ``<!-- portal:internal -->`` and
``<!-- /portal:internal -->`` lines and lists it in the front matter as
``internal_annexes: [{title, published: false}]``; the site leaves it out
unless an editor sets ``published: true``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal.importer.body import Block, Heading, Marker, Paragraph, TableBlock
from portal.importer.tables import Table, plain_cell
from portal.importer.vietnamese import fold

INTERNAL_START = "<!-- portal:internal -->"
INTERNAL_END = "<!-- /portal:internal -->"
TASKS_MARKER = "<!-- portal:tasks -->"

_ANNEX_TITLE = re.compile(r"^(phu luc|danh muc|bang |tong hop|danh sach)")
_ATTACHMENT = re.compile(r"^\(?\s*(ban hanh )?kem theo\b")
_INTERNAL_TITLE = (
    "tong hop y kien", "y kien gop y", "gop y cua", "giai trinh", "tiep thu", "y kien tham dinh",
    "bang so sanh", "danh sach phan phoi", "noi gui", "luu hanh noi bo",
)
_INTERNAL_PAPER = re.compile(r"kem theo\s+(to trinh|phieu trinh|du thao|bao cao tham dinh)")
_RECEPTION_COLUMNS = ("y kien", "gop y", "giai trinh", "tiep thu", "van ban gop y", "co quan gop y")


@dataclass(frozen=True, slots=True)
class Annex:
    title: str
    start: int
    """Index of the annex heading in the blocks."""
    end: int
    """Index after its last block."""
    internal: bool


def find_annexes(blocks: list[Block]) -> list[Annex]:
    """The annexes of ``blocks`` in order (see the module docstring)."""
    starts = [index for index, block in enumerate(blocks) if _starts_annex(blocks, index)]
    annexes = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(blocks)
        title = plain_cell(blocks[start].text)
        annexes.append(Annex(title, start, end, _is_internal(title, blocks[start + 1 : end])))
    return annexes


def _starts_annex(blocks: list[Block], index: int) -> bool:
    block = blocks[index]
    if not isinstance(block, Heading) or block.level != 2:
        return False
    if _ANNEX_TITLE.match(fold(plain_cell(block.text))):
        return True
    following = blocks[index + 1 : index + 3]
    return any(isinstance(b, Paragraph) and _ATTACHMENT.match(fold(b.text)) for b in following)


def _is_internal(title: str, blocks: list[Block]) -> bool:
    folded = fold(title)
    if any(words in folded for words in _INTERNAL_TITLE):
        return True
    for block in blocks:
        if isinstance(block, Paragraph) and _ATTACHMENT.match(fold(block.text)):
            if _INTERNAL_PAPER.search(fold(block.text)) or "noi bo" in fold(block.text):
                return True
        if isinstance(block, TableBlock) and is_reception_table(block.table):
            return True
    return False


def is_reception_table(table: Table) -> bool:
    """A table of comments on a draft and how they were taken into account."""
    header = [fold(plain_cell(name)) for name in table.header]
    return sum(any(word in name for word in _RECEPTION_COLUMNS) for name in header) >= 2


def mark_annexes(blocks: list[Block], annexes: list[Annex]) -> list[Block]:
    """``blocks`` with every internal annex between the internal markers."""
    out = list(blocks)
    for annex in reversed([a for a in annexes if a.internal]):
        out.insert(annex.end, Marker(INTERNAL_END, blocks[annex.end - 1].line))
        out.insert(annex.start, Marker(INTERNAL_START, blocks[annex.start].line))
    return out

"""Segmentation: sentence rules, placeholders and byte-exact rebuilding."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from translate_helpers import FIXTURES

from portal.frontmatter import FrontMatterError
from portal.translation.protect import model_input, restore
from portal.translation.segment import (
    MARKUP,
    SegmentError,
    rebuild,
    segment_page,
)

REPO = Path(__file__).resolve().parents[2]


def sentences(text: str) -> list[str]:
    return [s.plain for s in segment_page(text).sentences]


def published(text: str) -> str:
    """What a translation of ``text`` keeps: all of it but an unpublished internal annex."""
    from portal.pages import INTERNAL_REGION

    return text if "internal_annexes:\n- title:" not in text or "published: true" in text \
        else INTERNAL_REGION.sub("", text)


def identity(text: str) -> str:
    page = segment_page(text)
    replacements = {}
    for sentence in page.sentences:
        inp = model_input(sentence)
        restored = restore(inp.text, inp, sentence)
        assert restored.unchanged
        if not restored.unchanged:
            replacements[id(sentence)] = restored.text
    return rebuild(page, replacements)


def marked(text: str) -> tuple[str, object]:
    page = segment_page(text)
    replacements = {}
    for unit in page.units:
        for sentence in unit.sentences:
            inp = model_input(sentence)
            restored = restore(
                f"⟦{inp.text}⟧", inp, sentence, table=unit.kind == "table-cell",
                quote=unit.kind == "admonition-title", escape=unit.value is None,
            )
            assert not restored.fell_back and not restored.appended
            replacements[id(sentence)] = restored.text
    return rebuild(page, replacements), page


# ----------------------------------------------------------- sentence rules


def sentence_cases() -> list[tuple[str, list[str]]]:
    """Cases of ``fixtures/sentences.txt``."""
    cases = []
    text = (FIXTURES / "sentences.txt").read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#")]
        if lines:
            cases.append((lines[0], [line[2:] for line in lines[1:]]))
    return cases


@pytest.mark.parametrize("text, expected", sentence_cases())
def test_vietnamese_sentence_rules(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dòng một  \nDòng hai.", ["Dòng một", "Dòng hai."]),  # hard break
        ("Dòng một\\\nDòng hai.", ["Dòng một", "Dòng hai."]),
        ("Dòng một\ntiếp dòng.", ["Dòng một tiếp dòng."]),  # soft break
    ],
)
def test_line_breaks(text, expected):
    assert sentences(text) == expected


def test_protected_pieces_become_placeholders():
    [sentence] = segment_page("Theo Quyết định số 296/QĐ-TTg ngày 26/2/2014 tại `x` và https://a.vn/b.").sentences
    inp = model_input(sentence)
    assert inp.text == "Theo Quyết định số ⟨0⟩ ngày ⟨1⟩ tại ⟨2⟩ và ⟨3⟩."
    assert [s.text for s in inp.slots] == ["296/QĐ-TTg", "26/2/2014", "`x`", "https://a.vn/b"]


def test_missing_atom_is_reappended_and_duplicate_dropped():
    [sentence] = segment_page("Kế hoạch 117/KH-UBND năm 2015.").sentences
    inp = model_input(sentence)
    restored = restore("Plan ⟨1⟩ ⟨1⟩.", inp, sentence)
    assert restored.text == "Plan 2015. 117/KH-UBND"
    assert restored.appended == ("117/KH-UBND",) and restored.dropped_duplicates == 1


def test_lost_markup_keeps_source_sentence():
    [sentence] = segment_page("Xem [trang chủ](index.md) ngay.").sentences
    inp = model_input(sentence)
    assert [s.kind for s in inp.slots] == [MARKUP, MARKUP]
    assert restore("See ⟨1⟩ home ⟨0⟩ now.", inp, sentence).fell_back
    ok = restore("See ⟨0⟩home⟨1⟩ now.", inp, sentence)
    assert ok.text == "See [home](index.md) now."


def test_model_text_is_escaped_in_markdown():
    [sentence] = segment_page("Câu có chữ.").sentences
    inp = model_input(sentence)
    assert restore("a *b* <c>", inp, sentence).text == r"a \*b\* \<c\>"


def test_malformed_front_matter_names_file_and_line():
    with pytest.raises(FrontMatterError) as caught:
        segment_page("---\ntitle: ok\nbad: [unclosed\n---\nText.\n", Path("docs/vi/x.md"))
    assert str(caught.value).startswith("docs/vi/x.md:")
    assert caught.value.line in (3, 4, 5)


def test_what_is_translated_in_the_rich_fixture():
    out, page = marked((FIXTURES / "rich.md").read_text(encoding="utf-8"))
    for kept in (
        "tags: [kế hoạch, Hà Nội]",
        "{ #ke-hoach .lead }",
        'print("không dịch mã")',
        "Khối mã không được dịch. Câu thứ hai.",
        "    Khối mã thụt lề không được dịch.",
        "Nội dung HTML không được dịch.",
        "*[UBND]: Ủy ban nhân dân",
        "[home]: https://hanoi.gov.vn",
        '!!! note "⟦',
        "??? tip\n",
        "[^1]: ⟦",
        "{: .ghi-chu }\n",
        "| 1.000.000 |",
    ):
        assert kept in out, kept
    from portal.translation.segment import translated_fields

    replacements = {id(s): f"⟦{s.plain}⟧" for u in page.units if u.value is not None for s in u.sentences}
    assert translated_fields(page, replacements)["title"] == "⟦Kế hoạch thông tin đối ngoại năm 2015⟧"
    for done in (
        "# ⟦Kế hoạch thông tin đối ngoại⟧ { #ke-hoach .lead }",
        "| ⟦Sở Thông tin và Truyền thông⟧ |",
        "⟦Nội dung trong khung lưu ý.⟧ ⟦Câu thứ hai của lưu ý.⟧",
        "⟦Định nghĩa của thuật ngữ, có hai dòng và dòng tiếp theo.⟧",
        "⟦Mục thứ hai: xem ![Bản đồ Hà Nội](img/map.png){ width=300 }.⟧",
    ):
        assert done in out, done


# ------------------------------------------------ byte-exact on real pages


def real_pages(seeds_dir) -> list[Path]:
    docs = sorted((REPO / "docs" / "vi").rglob("*.md"))
    return docs + sorted(seeds_dir.glob("*.txt")) + sorted(FIXTURES.glob("*.md"))


def test_identity_is_byte_identical_on_every_page(seeds_dir):
    pages = real_pages(seeds_dir)
    assert len(pages) >= 5
    for path in pages:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        assert identity(text) == published(text), path


def _structure(text: str) -> list[tuple[str, int]]:
    from portal.translation.segment import _markdown

    return [(t.type, t.level) for t in _markdown().parse(text) if t.type != "inline"]


def test_marking_changes_only_translatable_text(seeds_dir):
    for path in real_pages(seeds_dir):
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        out, page = marked(text)
        # Block structure is unchanged...
        assert _structure(out) == _structure(published(text)), path
        # ...and outside the sentences every byte is the source's.
        assert _outside_sentences(out) == _outside_source_sentences(page.text, page), path


def _outside_sentences(out: str) -> str:
    import re

    return re.sub(r"⟦.*?⟧", "§", out, flags=re.S)


def _outside_source_sentences(text: str, page) -> str:
    pieces, position = [], 0
    for unit in page.units:
        if unit.value is not None:
            continue  # a field: the translation's front matter is written from translated_fields
        for sentence in unit.sentences:
            pieces += [text[position:sentence.start], "§"]
            position = sentence.end
    pieces.append(text[position:])
    return "".join(pieces)


# ------------------------------------------------------------- properties

WORDS = ["Hà Nội", "thông tin", "đối ngoại", "TP.", "v.v.", "Điều 3.", "07/9/2015", "1,5 tỷ", "117/KH-UBND",
         "Câu.", "Tại sao?", "**đậm**", "_nghiêng_", "`mã`", "[liên kết](a.md)", "<b>thẻ</b>", "[^1]", "x", "A."]
inline = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
block = st.one_of(
    inline,
    inline.map(lambda s: "# " + s),
    inline.map(lambda s: "## " + s + " { #id }"),
    st.lists(inline, min_size=1, max_size=3).map(lambda items: "\n".join("- " + i for i in items)),
    st.lists(inline, min_size=1, max_size=3).map(lambda items: "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1))),
    st.tuples(inline, inline).map(lambda t: f"| {t[0]} | b |\n|---|---|\n| {t[1]} | c |"),
    inline.map(lambda s: "> " + s + "\n> " + s),
    inline.map(lambda s: f'!!! note "{s.replace(chr(34), "")}"\n    {s}\n\n    - {s}'),
    inline.map(lambda s: "```\n" + s + "\n```"),
    inline.map(lambda s: f"{s}\n:   {s}\n    {s}"),
    inline.map(lambda s: f"{s}  \n{s}"),
)
page_text = st.tuples(
    st.one_of(st.just(""), inline.map(lambda s: f"---\ntitle: {s.replace(':', '')!r}\nkeep: 1\n---\n\n")),
    st.lists(block, min_size=1, max_size=6),
).map(lambda t: t[0] + "\n\n".join(t[1]) + "\n")
arbitrary = st.text(alphabet=st.sampled_from(list("aĐ .!?*_`[]()#>-|:\n!\"{}<>/1 \t")), max_size=120)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(page_text, arbitrary))
def test_identity_backend_reproduces_any_page(text):
    try:
        assert identity(text) == text
    except (SegmentError, FrontMatterError):
        pass  # malformed front matter is reported, not rebuilt


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_text)
def test_marking_backend_changes_only_translatable_text(text):
    try:
        out, page = marked(text)
    except (SegmentError, FrontMatterError):
        return
    assert _structure(out) == _structure(text)
    assert _outside_sentences(out) == _outside_source_sentences(text, page)


def test_sentences_of_the_seeds_and_pages_are_plausible(seeds_dir):
    import re

    count = 0
    for path in real_pages(seeds_dir):
        for sentence in segment_page(path.read_text(encoding="utf-8").replace("\r\n", "\n")).sentences:
            count += 1
            plain = sentence.plain
            assert not re.search(r"\b(TP|Tp|TS|ThS|PGS|GS|TW)\.$", plain), (path, plain)
            assert not re.fullmatch(r"(Điều|Khoản|Mục|Chương)?\s*[\dIVX]+(\.\d+)*\.", plain), (path, plain)
            # Document codes and dates are whole protected pieces, never split.
            for code in re.findall(r"\d+/\d{4}/[A-ZĐ]+-[A-Za-z]+|\d+/[A-ZĐ]+-[A-Za-z]+|\d{1,2}/\d{1,2}/\d{4}", plain):
                assert any(code in p.text for p in sentence.protected), (path, code)
    assert count > 800


def test_glossary_term_swallows_atoms_inside_it_and_skips_markup():
    from portal.translation.segment import TERM, Protected

    [sentence] = segment_page("Theo Nghị định số 72/2015/NĐ-CP và **Hà Nội** nay.").sentences
    decree = Protected(5, 31, "Decree No. 72/2015/ND-CP", TERM, "decree")
    start = sentence.plain.index("*Hà")
    crossing = Protected(start, start + 8, "Hanoi", TERM, "hanoi")  # "*Hà Nội*" cuts through "**"
    inp = model_input(sentence, [decree, crossing])
    assert sentence.plain[5:31] == "Nghị định số 72/2015/NĐ-CP"
    assert inp.text == "Theo ⟨0⟩ và ⟨1⟩Hà Nội⟨2⟩ nay."
    assert inp.slots[0] is decree and inp.skipped_terms == (crossing,)
    assert restore("Under ⟨0⟩ and ⟨1⟩Hanoi⟨2⟩ now.", inp, sentence).text == (
        "Under Decree No. 72/2015/ND-CP and **Hanoi** now.")


def test_outer_markup_is_kept_out_of_the_model():
    from portal.translation.protect import model_input, outer_markup
    from portal.translation.segment import segment_page
    from portal.translation.protect import needs_model

    page = segment_page("| a |\n| --- |\n| **Sở Ngoại vụ phối hợp** |\n\nKhông **đậm** hết.\n")
    cell, paragraph = [s for u in page.units for s in u.sentences if s.plain not in {"a"}]
    head, core, tail = outer_markup(model_input(cell))
    assert (head, core, tail) == ("⟨0⟩", "Sở Ngoại vụ phối hợp", "⟨1⟩")
    # Markup inside the sentence stays where the model can move it with the words.
    assert outer_markup(model_input(paragraph)) == ("", model_input(paragraph).text, "")
    assert not needs_model("⟨0⟩⟨1⟩⟨2⟩") and not needs_model("⟨0⟩.") and needs_model("⟨0⟩ phối hợp")


def test_fields_are_translated_from_their_values_whatever_their_yaml_style():
    from portal.translation.segment import rebuild, segment_page, translated_fields

    text = ("---\ntitle: Kế hoạch thông tin\n  đối ngoại năm 2024\ndescription: >-\n  Một câu.\nsigner:\n"
            "  name: Hà Minh Hải\n  title: PHÓ CHỦ TỊCH\ntasks:\n- number: I.1\n  task: Việc một.\n  lead: Sở X\n"
            "---\n\nVăn bản.\n")
    page = segment_page(text)
    replacements = {id(s): s.plain.upper() for u in page.units for s in u.sentences}
    assert translated_fields(page, replacements) == {
        "title": "KẾ HOẠCH THÔNG TIN ĐỐI NGOẠI NĂM 2024", "description": "MỘT CÂU.", "signer.name": "HÀ MINH HẢI",
        "signer.title": "PHÓ CHỦ TỊCH",
        "tasks.1.task": "VIỆC MỘT.", "tasks.1.lead": "SỞ X",
    }
    assert rebuild(page, replacements) == text.replace("Văn bản.", "VĂN BẢN.")  # fields: not in the text


def test_a_sentence_after_a_line_break_cannot_become_markup():
    from portal.translation.segment import rebuild, segment_page

    page = segment_page("Địa chỉ liên hệ  \nSố một phố Lê Lợi.\n\nCâu một. Câu hai.\n")
    sentences = [s for u in page.units for s in u.sentences]
    outputs = ["Contact address", "1. Le Loi street.", "One.", "# Two."]
    replaced = rebuild(page, {id(s): out for s, out in zip(sentences, outputs)})
    assert "\n\\1. Le Loi street." in replaced
    assert "One. # Two." in replaced, "mid-line text needs no escape"


def test_markup_that_does_not_wrap_the_whole_sentence_stays_with_it():
    from portal.translation.protect import model_input, outer_markup
    from portal.translation.segment import segment_page

    page = segment_page("**Điều 1.** Phê duyệt kế hoạch **năm nay**\n")
    [sentence] = [s for u in page.units for s in u.sentences]
    inp = model_input(sentence)
    assert outer_markup(inp) == ("", inp.text, "")


def test_admonition_body_indented_with_a_tab_is_translated():
    from portal.translation.segment import segment_page

    page = segment_page('!!! note "Lưu ý"\n\tNội dung cần dịch.\n\nĐoạn sau.\n')
    texts = [s.plain for u in page.units for s in u.sentences]
    assert "Nội dung cần dịch." in texts and "Lưu ý" in texts


def test_decomposed_text_splits_like_composed_text():
    import unicodedata

    from portal.translation.segment import segment_page

    text = "Điều 3. Nội dung của Ủy ban TP. Hà Nội. Chương II. Quy định.\n"
    composed = [s.plain for u in segment_page(text).units for s in u.sentences]
    decomposed = [s.plain for u in segment_page(unicodedata.normalize("NFD", text)).units for s in u.sentences]
    assert len(composed) == len(decomposed) == 2

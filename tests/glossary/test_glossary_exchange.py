"""TBX and CSV exchange: round trips, translate-toolkit reading, merging."""

from __future__ import annotations

import dataclasses

import pytest

from portal.glossary import GlossaryError, load_glossary
from portal.glossary.exchange import (
    dump_csv,
    dump_tbx,
    import_into,
    load_exchange,
    merge_entries,
    parse_csv,
    parse_tbx,
    write_exchange,
)


@pytest.mark.parametrize("fmt", ["tbx", "csv"])
def test_round_trip_small(small_glossary, tmp_path, fmt):
    out = tmp_path / f"terms.{fmt}"
    write_exchange(small_glossary.entries, out, fmt)
    assert load_exchange(out, fmt) == list(small_glossary.entries)


@pytest.mark.parametrize("fmt", ["tbx", "csv"])
def test_round_trip_real_glossary(real_glossary, tmp_path, fmt):
    out = tmp_path / f"terms.{fmt}"
    write_exchange(real_glossary.entries, out, fmt)
    back = load_exchange(out, fmt)
    assert back == list(real_glossary.entries)


def test_tbx_is_multilingual_and_marks_status(small_glossary, tmp_path):
    from translate.storage.tbx import tbxfile

    store = tbxfile.parsestring(dump_tbx(small_glossary.entries), sourcelanguage="vi")
    unit = store.units[0]
    assert unit.getid() == "hanoi-peoples-committee"
    assert [t.text for t in unit.get_target_terms("zh")] == ["河内市人民委员会", "河内人民委员会"]
    assert [t.deprecated for t in unit.get_target_terms("en")] == [False, True]
    assert [t.administrative_status for t in unit.get_source_terms()] == [
        "preferredTerm-admn-sts", "admittedTerm-admn-sts",
    ]


def test_tbx_entries_carry_their_line(small_glossary, tmp_path):
    entries = parse_tbx(dump_tbx(small_glossary.entries), tmp_path / "t.tbx")
    assert entries[0].line > 1 and entries[1].line > entries[0].line


def test_malformed_tbx(tmp_path):
    with pytest.raises(GlossaryError, match="malformed TBX"):
        parse_tbx(b"<martif><text><body><termEntry>", tmp_path / "t.tbx")


def test_csv_layout(small_glossary, tmp_path):
    text = dump_csv(small_glossary.entries)
    assert text.splitlines()[0] == ("id,kind,vi,en,zh,variants,forbidden_en,forbidden_zh,also_en,also_zh,"
                                    "note,case_sensitive")
    assert parse_csv("\ufeff" + text, tmp_path / "t.csv") == list(small_glossary.entries)


def test_csv_errors_name_the_line(tmp_path):
    text = "id,kind,vi,en,zh\nhanoi,place,Hà Nội,Hanoi,河内\nhai-phong,place,Hải Phòng,,\n"
    with pytest.raises(GlossaryError) as caught:
        parse_csv(text, tmp_path / "t.csv")
    assert str(caught.value) == f"{tmp_path / 't.csv'}:3: entry 'hai-phong': missing target: give the " \
        "rendering in at least one target language"
    script = "id,kind,vi,en,zh\nx,place,Hà Nội,[Hanoi](javascript:alert(1)),河内\n"
    with pytest.raises(GlossaryError, match=r"t\.csv:2: entry 'x': en: .* holds HTML or link syntax"):
        parse_csv(script, tmp_path / "t.csv")


def test_tbx_entity_declarations_are_refused(small_glossary, tmp_path):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b'<martif type="TBX"><text><body><termEntry id="x"><langSet xml:lang="vi"><tig><term>&b;</term>'
            b'</tig></langSet></termEntry></body></text></martif>')
    with pytest.raises(GlossaryError, match="DTD or entity declarations is refused"):
        parse_tbx(bomb, tmp_path / "t.tbx")


def test_import_refuses_conflicting_duplicates(small_glossary, tmp_path):
    text = dump_csv(small_glossary.entries)
    changed = text.replace("Hanoi,河内", "Ha Noi,河内")
    path = tmp_path / "dup.csv"
    path.write_text(text + changed.split("\n", 1)[1], encoding="utf-8")
    with pytest.raises(GlossaryError) as caught:
        import_into(tmp_path / "terms.yaml", path, "csv")
    assert "conflicting duplicate of entry 'hanoi'" in str(caught.value)
    assert str(caught.value).startswith(f"{path}:12:")
    assert "(first at " in str(caught.value) and ":4)" in str(caught.value)


def test_identical_duplicates_are_accepted(small_glossary, tmp_path):
    merged, added, changed = merge_entries((), [*small_glossary.entries, small_glossary.entries[0]])
    assert len(merged) == len(small_glossary) and len(added) == len(small_glossary) and not changed


def test_import_merges_by_id(small_glossary, tmp_path, fixtures):
    target = tmp_path / "terms.yaml"
    target.write_bytes((fixtures / "terms.yaml").read_bytes())
    entries = list(small_glossary.entries)
    entries[2] = dataclasses.replace(entries[2], note="Capital of Viet Nam.")
    new = dataclasses.replace(entries[2], id="hai-phong", term="Hải Phòng", renderings={"en": "Hai Phong", "zh": "海防"},
                              note="")
    exchange = tmp_path / "in.tbx"
    write_exchange([entries[2], new], exchange, "tbx")
    added, changed = import_into(target, exchange, "tbx")
    assert (added, changed) == (["hai-phong"], ["hanoi"])
    result = load_glossary(target)
    assert len(result) == 9
    assert result.entry("hanoi").note == "Capital of Viet Nam."
    assert result.entry("hai-phong").line > result.entry("decision").line
    assert import_into(target, exchange, "tbx") == ([], [])  # idempotent


def test_import_refuses_clashing_source_terms(small_glossary, tmp_path, fixtures):
    target = tmp_path / "terms.yaml"
    target.write_bytes((fixtures / "terms.yaml").read_bytes())
    clash = dataclasses.replace(small_glossary.entries[2], id="hanoi-again")
    exchange = tmp_path / "in.csv"
    write_exchange([clash], exchange, "csv")
    with pytest.raises(GlossaryError, match=r"in\.csv:2: entry 'hanoi-again': source term 'Hà Nội' duplicates"):
        import_into(target, exchange, "csv")
    assert target.read_bytes() == (fixtures / "terms.yaml").read_bytes()  # untouched

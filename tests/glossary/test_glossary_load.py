"""Loading glossary files and reporting every problem at path:line."""

from __future__ import annotations

import dataclasses

import pytest

from portal.errors import PortalError
from portal.glossary import Glossary, GlossaryError, load_glossary
from portal.glossary.load import dump_glossary, project_glossary
from portal.project import Project


def test_small_glossary_loads_with_lines(small_glossary, fixtures):
    assert len(small_glossary) == 8
    first = small_glossary.entry("hanoi-peoples-committee")
    assert first.line == 2 and first.path == fixtures / "terms.yaml"
    assert first.variants == ("UBND thành phố Hà Nội",)
    assert first.forbidden == {"en": ("People's Committee of Hanoi city",), "zh": ("河内人民委员会",)}
    assert small_glossary.entry("peoples-committee").line == 12
    assert small_glossary.entry("france").case_sensitive


@pytest.mark.parametrize(
    "name, line, words",
    [
        ("malformed.yaml", 6, "malformed YAML"),
        ("missing_targets.yaml", 7, "'hai-phong': missing target"),
        ("unsafe_term.yaml", 10, "holds HTML or link syntax"),
        ("unknown_kind.yaml", 7, "unknown kind 'channel'"),
        ("duplicate_variant.yaml", 12, "source term 'UBND' duplicates 'UBND' of entry 'peoples-committee'"),
        ("duplicate_tone.yaml", 6, "duplicates 'Ủy ban nhân dân'"),
        ("duplicate_id.yaml", 6, "duplicate id 'hanoi'"),
        ("not_a_list.yaml", 1, "must be a YAML list"),
        ("unknown_field.yaml", 6, "unknown field 'forbiden'"),
    ],
)
def test_broken_glossaries_name_path_and_line(fixtures, name, line, words):
    path = fixtures / "broken" / name
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    error = caught.value
    assert isinstance(error, PortalError)
    assert error.line == line, str(error)
    assert words in str(error)
    assert str(error).startswith(f"{path}:{line}: ")


def test_duplicate_error_names_the_first_entry(fixtures):
    with pytest.raises(GlossaryError, match=r"duplicate_variant\.yaml:1\)"):
        load_glossary(fixtures / "broken" / "duplicate_variant.yaml")


def test_missing_file_is_a_glossary_error(tmp_path):
    with pytest.raises(GlossaryError, match="cannot read glossary"):
        load_glossary(tmp_path / "nope.yaml")


def test_version_is_a_content_hash(small_glossary, tmp_path, fixtures):
    copy = tmp_path / "terms.yaml"
    copy.write_text("# other comment\n" + (fixtures / "terms.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert load_glossary(copy).version == small_glossary.version  # comments do not count
    entries = list(small_glossary.entries)
    entries[0] = dataclasses.replace(entries[0], renderings={**entries[0].renderings, "en": "Hanoi City PC"})
    assert Glossary(tuple(entries)).version != small_glossary.version


def test_dump_is_stable_and_reloads(small_glossary, tmp_path):
    text = dump_glossary(small_glossary.entries)
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    again = load_glossary(tmp_path / "t.yaml").entries
    assert list(again) == list(small_glossary.entries)
    assert dump_glossary(again) == text


def test_project_glossary_is_checked_against_the_portal_languages(tmp_path, fixtures):
    (tmp_path / "mkdocs.yml").write_bytes((fixtures / "mkdocs.yml").read_bytes())
    (tmp_path / "glossary").mkdir()
    terms = tmp_path / "glossary" / "terms.yaml"
    terms.write_bytes((fixtures / "terms.yaml").read_bytes())
    assert len(project_glossary(Project.find(tmp_path))) == 8
    terms.write_text(terms.read_text(encoding="utf-8") + "- id: paris\n  kind: place\n  vi: Paris\n  fr: Paris\n",
                     encoding="utf-8")
    with pytest.raises(GlossaryError, match="unknown language 'fr'; the portal has vi, en, zh") as caught:
        project_glossary(Project.find(tmp_path))
    assert caught.value.line == terms.read_text(encoding="utf-8").count("\n")  # the fr: line


def test_a_language_without_renderings_is_neither_enforced_nor_checked(small_glossary, fixtures):
    assert small_glossary.find("Hà Nội", "fr") == []
    glossary = load_glossary(fixtures / "terms.yaml")
    entries = [dataclasses.replace(e, renderings={k: v for k, v in e.renderings.items() if k != "zh"})
               if e.id == "hanoi" else e for e in glossary.entries]
    partial = Glossary(tuple(entries))
    assert [s.entry_id for s in partial.find("Hà Nội", "en")] == ["hanoi"]
    assert partial.find("Hà Nội", "zh") == []

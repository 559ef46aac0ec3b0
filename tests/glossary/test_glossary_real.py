"""The project's glossary/terms.yaml: size, coverage of the seed documents."""

from __future__ import annotations

import collections

import pytest

from portal.glossary import KINDS

# Agencies and bodies named in the five seed documents, with the entry each must hit.
SEED_AGENCIES = [
    ("Ủy ban nhân dân thành phố Hà Nội", "hanoi-peoples-committee"),
    ("UBND thành phố Hà Nội", "hanoi-peoples-committee"),
    ("Sở Thông tin và Truyền thông", "dept-information-communications"),
    ("Sở Ngoại vụ", "dept-foreign-affairs"),
    ("Sở Văn hóa - Thể thao và Du lịch", "dept-culture-sports-tourism"),
    ("Sở Văn hóa, Thể thao và Du lịch", "dept-culture-sports-tourism"),
    ("Sở Văn hóa và Thể thao", "dept-culture-sports"),
    ("Sở Du lịch", "dept-tourism"),
    ("Sở Tư pháp", "dept-justice"),
    ("Sở Nội vụ", "dept-home-affairs"),
    ("Sở Tài chính", "dept-finance"),
    ("Sở Kế hoạch và Đầu tư", "dept-planning-investment"),
    ("Sở Công Thương", "dept-industry-trade"),
    ("Sở Lao động – Thương binh và Xã hội", "dept-labour"),
    ("Công an Thành phố", "city-police"),
    ("Bộ Tư lệnh Thủ đô", "capital-high-command"),
    ("Liên hiệp các tổ chức hữu nghị Thành phố Hà Nội", "hanoi-union-friendship"),
    ("Ban tuyên giáo Thành ủy", "municipal-commission-information-education"),
    ("Ban chỉ đạo công tác thông tin đối ngoại", "steering-committee-external-information"),
    ("Bộ Thông tin và Truyền thông", "ministry-information-communications"),
    ("Bộ Ngoại giao", "ministry-foreign-affairs"),
    ("Thủ tướng Chính phủ", "prime-minister"),
    ("Thông tấn xã Việt Nam", "vna"),
    ("Đài Phát thanh và Truyền hình Hà Nội", "hanoi-radio-television"),
    ("Báo Hà Nội mới", "hanoimoi"),
    ("Báo Kinh tế và Đô thị", "kinhtedothi"),
    ("VTV4", "vtv4"),
    ("VOV5", "vov5"),
    ("VTC10", "vtc10"),
    ("Hanoitimes", "hanoitimes"),
    ("Báo điện tử Vietnamplus", "vietnamplus"),
    ("Viện Nghiên cứu phát triển kinh tế - xã hội Hà Nội", "hanoi-institute-socioeconomic"),
    ("Cục Thông tin đối ngoại", "foreign-information-department"),
    ("Ủy ban nhân dân thành phố Hải Phòng", "haiphong-peoples-committee"),
    ("Ủy ban nhân dân tỉnh Hưng Yên", "hungyen-peoples-committee"),
    ("Đài Phát thanh và Truyền hình Hải Phòng", "haiphong-radio-television"),
    ("Ban quản lý các Khu công nghiệp", "industrial-zones-board"),
    ("Thường trực HĐND Thành phố", "municipal-peoples-council-standing-committee"),
]


def seeds_text(seeds_dir) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt")))


def test_real_glossary_size_and_kinds(real_glossary):
    assert len(real_glossary) >= 150
    kinds = collections.Counter(e.kind for e in real_glossary)
    assert set(kinds) == set(KINDS)
    assert kinds["agency"] >= 50


def test_every_entry_has_all_three_languages(real_glossary):
    for entry in real_glossary:
        assert entry.term and entry.target("en") and entry.target("zh"), entry.id
        assert not any("\u4e00" <= c <= "\u9fff" for c in entry.target("en")), entry.id
        zh = entry.target("zh")
        assert any("\u4e00" <= c <= "\u9fff" for c in zh) or zh.isascii(), entry.id


@pytest.mark.parametrize("name, entry_id", SEED_AGENCIES)
def test_seed_agencies_are_matched_whole(real_glossary, seeds_dir, name, entry_id):
    text = seeds_text(seeds_dir)
    assert name.casefold() in text.casefold() or name.replace("–", "-") in text, name
    spans = real_glossary.find(name, "en")
    assert [(s.start, s.end, s.entry_id) for s in spans] == [(0, len(name), entry_id)]


def test_seed_agencies_are_found_in_the_seeds(real_glossary, seeds_dir):
    found = {s.entry_id for s in real_glossary.find(seeds_text(seeds_dir), "zh")}
    missing = {entry_id for _, entry_id in SEED_AGENCIES} - found
    assert not missing


def test_official_renderings(real_glossary):
    spans = real_glossary.find("Ủy ban nhân dân thành phố Hà Nội", "zh")
    assert [s.target for s in spans] == ["河内市人民委员会"]
    assert real_glossary.find("Uỷ ban nhân dân thành phố Hà Nội", "en")[0].target == "Hanoi People's Committee"
    assert real_glossary.entry("east-sea").forbidden["en"] == ("South China Sea",)


def test_seed_000_opening_paragraph(real_glossary, seeds_dir):
    text = (seeds_dir / "000_ba5b83f29ac21be2.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    title = next(p for p in paragraphs if p.startswith("Thông tin đối ngoại của thành phố Hà Nội"))
    assert [s.entry_id for s in real_glossary.find(title, "en")] == ["external-information", "hanoi-city"]
    opening = next(p for p in paragraphs if p.startswith("Thực hiện Quyết định số 296/QĐ-TTg"))
    spans = real_glossary.find(opening, "en")
    assert [s.entry_id for s in spans] == [
        "decision", "prime-minister", "external-information", "government", "directive",
        "municipal-party-committee", "external-information-work", "decision",
        "municipal-peoples-committee", "regulation", "external-information-activities", "decision",
        "municipal-peoples-committee", "project-scheme", "external-information", "hanoi-city",
        "hanoi-steering-committee-external-information", "plan", "external-information",
    ]
    # "QĐ-TTg" and "QĐ-UBND" are document numbers: no term inside them.
    assert all("-" not in opening[s.start - 1 : s.start] for s in spans)
    steering = spans[-3]
    assert steering.source == "Ban chỉ đạo công tác thông tin đối ngoại thành phố Hà Nội"
    assert steering.target == "Hanoi Steering Committee for External Information"


def test_terms_file_is_in_canonical_layout(real_glossary, repo_root):
    from portal.glossary.load import dump_glossary

    path = repo_root / "glossary" / "terms.yaml"
    assert dump_glossary(real_glossary.entries) == path.read_text(encoding="utf-8")

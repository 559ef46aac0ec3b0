from portal.sitebuild.search import (
    add_folded_field,
    fold_vietnamese,
    scope_search_to_language,
    split_index,
)

MERGED = {
    "config": {"lang": ["vi", "en", "zh"], "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
    "docs": [
        {"location": "", "title": "Trang chủ", "text": "<p>Hà Nội</p>"},
        {"location": "about/#muc-dich", "title": "Mục đích", "text": ""},
        {"location": "en/", "title": "Home", "text": "<p>Hanoi</p>"},
        {"location": "en/about/", "title": "About", "text": ""},
        {"location": "zh/", "title": "首页", "text": "<p>河内</p>"},
        {"location": "english-words/", "title": "not English: only the prefix en/ counts", "text": ""},
    ],
}


def test_fold_vietnamese_removes_every_mark_and_d_bar():
    assert fold_vietnamese("Đông Anh, Hà Nội; Ủy ban nhân dân; Hưng Yên") == "Dong Anh, Ha Noi; Uy ban nhan dan; Hung Yen"
    assert fold_vietnamese("河内市") == "河内市"


def test_split_gives_each_language_its_own_docs_relative_to_its_root():
    split = split_index(MERGED, "vi", ["en", "zh"])
    assert [doc["location"] for doc in split["vi"]["docs"]] == ["", "about/#muc-dich", "english-words/"]
    assert [doc["location"] for doc in split["en"]["docs"]] == ["", "about/"]
    assert [doc["title"] for doc in split["zh"]["docs"]] == ["首页"]
    assert split["zh"]["config"]["lang"] == ["zh"]
    assert MERGED["docs"][2]["location"] == "en/", "the merged index is not modified"


def test_folded_field_holds_plain_text_without_marks():
    index = add_folded_field(split_index(MERGED, "vi", ["en", "zh"])["vi"])
    assert index["docs"][0]["folded"] == "Trang chu Ha Noi"
    assert index["config"]["fields"]["folded"] == {"boost": 0.5}


def test_scope_search_rebases_only_the_config_script():
    html = '<a href="..">x</a><script id="__config" type="application/json">{"base": "../..", "search": "w.js"}</script>'
    out = scope_search_to_language(html, "../../en")
    assert '"base": "../../en/"' in out and '"search": "w.js"' in out and out.startswith('<a href="..">')


def test_untranslated_sections_stay_out_of_the_other_languages():
    merged = {
        "config": {"lang": ["vi", "en"]},
        "docs": [
            {"location": "plans/x/", "title": "Kế hoạch", "text": "<p>Hà Nội</p>"},
            {"location": "plans/x/#muc-dich", "title": "Mục đích", "text": "<p>Nâng cao</p>"},
            {"location": "en/plans/x/", "title": "Kế hoạch", "text": "<p>Not translated yet.</p><p>Hà Nội</p>"},
            {"location": "en/plans/x/#muc-dich", "title": "Mục đích", "text": "<p>Nâng cao</p>"},
        ],
    }
    english = split_index(merged, "vi", ["en"])["en"]["docs"]
    assert [doc["location"] for doc in english] == ["plans/x/"]


def test_front_matter_behind_a_byte_order_mark_is_read():
    from portal.frontmatter import split_front_matter

    meta, end = split_front_matter("\ufeff---\ntitle: Trang\n---\nBody\n")
    assert meta == {"title": "Trang"} and end == len("\ufeff---\ntitle: Trang\n---\n")


def test_a_human_translation_not_yet_approved_is_not_called_machine(tmp_path):
    from portal.sitebuild.pages import machine_notice

    for lang, text in (("vi", "# Trang\n"), ("en", "# Page\n")):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "p.md").write_text(text, encoding="utf-8")
    assert machine_notice(tmp_path, "vi", "p.md", "en") is None
    (tmp_path / "en" / "p.md").write_text("---\ntranslation:\n  status: machine\n---\n# Page\n", encoding="utf-8")
    assert machine_notice(tmp_path, "vi", "p.md", "en") == "machine"

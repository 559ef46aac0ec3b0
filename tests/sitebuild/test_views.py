"""What the templates show around a page: chooser links, suggestions, home lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urljoin

import pytest

from portal.project import Project
from portal.sitebuild.catalog import NEWS, PLANS, load_section
from portal.sitebuild.render import NameTranslator
from portal.sitebuild.views import home_view, language_links, relative_url, suggestions

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = Project(REPO).languages
HOST = "https://portal.example.gov.vn/sub/path/"


@pytest.mark.parametrize(("page_path", "page_url"), [("index.md", ""), ("about.md", "about/"),
                                                      ("plans/x.md", "plans/x/"), ("plans/index.md", "plans/")])
@pytest.mark.parametrize("lang", ["vi", "en", "zh"])
def test_chooser_links_open_the_same_page_under_any_sub_path(page_path, page_url, lang):
    here = ("" if lang == "vi" else f"{lang}/") + page_url
    links = language_links(LANGUAGES, lang, "vi", page_path, here)
    resolved = {link.code: urljoin(HOST + here, link.href) for link in links}
    assert resolved == {code: HOST + ("" if code == "vi" else f"{code}/") + page_url for code in LANGUAGES.codes}
    assert [link.code for link in links if link.current] == [lang]
    assert [link.name for link in links] == ["Tiếng Việt", "English", "中文"]
    assert not any(link.href.startswith("/") for link in links), "relative, so a sub-path works"


def test_the_404_page_links_every_language_home_absolutely():
    links = language_links(LANGUAGES, "en", "vi", "index.md", "404.html", base_path="/sub/path/")
    assert [link.href for link in links] == ["/sub/path/", "/sub/path/en/", "/sub/path/zh/"]


def test_relative_url():
    assert relative_url("", "") == "./"
    assert relative_url("en/", "en/about/") == "../"
    assert relative_url("plans/x/", "en/plans/x/") == "../../../plans/x/"


def test_each_suggestion_is_written_in_its_own_language():
    links = language_links(LANGUAGES, "vi", "vi", "about.md", "about/")
    offers = {offer.code: offer for offer in suggestions(LANGUAGES, links)}
    assert set(offers) == {"en", "zh"}
    assert offers["en"].text == "This page is also available in English." and offers["en"].href == "../en/about/"
    assert offers["zh"].text == "本页有中文版。" and offers["zh"].dismiss == "不用了，谢谢"


def test_home_lists_the_newest_news_and_documents_first():
    en = LANGUAGES["en"]
    docs = REPO / "docs"
    view = home_view(load_section(docs, NEWS, "en", "vi"), load_section(docs, PLANS, "en", "vi"),
                     load_section(docs, "promotion", "en", "vi"), en, NameTranslator(None, en, "vi"))
    dates = [item.date or dt.date.min for item in view.documents]  # an undated document comes last
    assert dates == sorted(dates, reverse=True) and len(view.documents) <= 5
    assert [item.date for item in view.news] == sorted((item.date for item in view.news), reverse=True)
    assert view.documents[0].date_text == "23 March 2023" and view.documents[0].details[0].text == "101/KH-UBND"
    assert [item.title.text for item in view.localities] == ["Hanoi", "Hai Phong", "Hung Yen"]
    assert all(item.href.endswith("/") and not item.href.startswith("/") for item in view.news)

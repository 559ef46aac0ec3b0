"""Adding a language is configuration and content only: a portal in Vietnamese, English and Japanese.

Its reader is a real browser: the last test searches the Japanese site in chromium.

The test is the webmaster's procedure of the README ("Add a language"): an entry
in mkdocs.yml, the UI labels in the project's ``languages/ja.yml``, the glossary's
Japanese terms, and models (vi→en and en→ja: Japanese pivots through English).
No Python is changed.  It then runs the product: import a real document,
translate, check, approve, build, and read the Japanese site.
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from synthetic_packages import build_argos_package

from portal.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

MKDOCS_YML = """\
site_name: Cổng thông tin đối ngoại
site_url: http://127.0.0.1:8000/
docs_dir: docs
theme:
  name: material
  language: vi
  font: false
markdown_extensions: [admonition, attr_list, def_list, md_in_html, tables]
plugins:
  - search
  - i18n:
      docs_structure: folder
      fallback_to_default: true
      reconfigure_material: true
      reconfigure_search: false
      languages:
        - locale: vi
          name: Tiếng Việt
          default: true
          build: true
        - locale: en
          name: English
          build: true
          site_name: Foreign Information Portal
        - locale: ja
          name: 日本語
          build: true
          site_name: 対外情報ポータル
hooks:
  - {hooks}
nav:
  - Trang chủ: index.md
  - Kế hoạch: plans/index.md
"""

GLOSSARY = """\
- id: hung-yen
  kind: place
  vi: Hưng Yên
  en: Hung Yen
  ja: フンイエン
- id: hungyen-peoples-committee
  kind: agency
  vi: Ủy ban nhân dân tỉnh Hưng Yên
  en: Hung Yen Provincial People's Committee
  ja: フンイエン省人民委員会
  variants: [UBND tỉnh Hưng Yên]
- id: plan
  kind: document-type
  vi: Kế hoạch
  en: Plan
  ja: 計画
- id: external-information
  kind: concept
  vi: thông tin đối ngoại
  en: external information
  ja: 対外情報
"""


def run(*args):
    result = CliRunner().invoke(main, list(args))
    return result


@pytest.fixture(scope="module")
def japanese_portal(tmp_path_factory, repo_root, seeds_dir):
    root = tmp_path_factory.mktemp("portal-ja")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(hooks=repo_root / "hooks" / "portal_hooks.py"), encoding="utf-8")
    (root / "languages").mkdir()
    shutil.copy(FIXTURES / "languages" / "ja.yml", root / "languages" / "ja.yml")
    (root / "glossary").mkdir()
    (root / "glossary" / "terms.yaml").write_text(GLOSSARY, encoding="utf-8")
    for lang in ("vi", "en", "ja"):
        (root / "docs" / lang / "plans").mkdir(parents=True)
    (root / "docs" / "vi" / "index.md").write_text("# Trang chủ\n\nCổng thông tin của tỉnh Hưng Yên.\n",
                                                 encoding="utf-8")
    (root / "docs" / "vi" / "plans" / "index.md").write_text("# Kế hoạch\n\nCác kế hoạch.\n", encoding="utf-8")
    corpus = [line for seed in sorted(seeds_dir.glob("*.txt"))
              for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    corpus += ["Hung Yen Provincial People's Committee plan", "フンイエン省人民委員会の計画", "対外情報"]
    packages = tmp_path_factory.mktemp("packages")
    return root, [build_argos_package(packages / pair, *pair.split("_"), corpus) for pair in ("vi_en", "en_ja")]


def test_a_language_added_by_configuration_runs_through_every_stage(japanese_portal, seeds_dir, monkeypatch):
    root, packages = japanese_portal
    monkeypatch.chdir(root)
    for package in packages:
        assert run("models", "install", "--from", str(package)).exit_code == 0

    result = run("import", str(seeds_dir / "004_2c1ae3a6ebf0caec.txt"))
    assert result.exit_code == 0, result.output
    [page] = (root / "docs" / "vi" / "plans").glob("ke-hoach-*.md")

    result = run("translate", "--json", "--quiet")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["languages"]["ja"]["model"] == "argos:vi_en@1.0+argos:en_ja@1.0", "Japanese pivots through English"
    assert summary["languages"]["ja"]["model_calls"] >= 1
    japanese = root / "docs" / "ja" / "plans" / page.name
    text = japanese.read_text(encoding="utf-8")
    assert "フンイエン省人民委員会" in text and "計画" in text, "the glossary's Japanese terms are enforced"

    result = run("check", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {p["lang"] for p in report["pages"]} == {"en", "ja"}

    result = run("approve", "--by", "Japanese reviewer", "--force", str(japanese))
    assert result.exit_code == 0 and "approved docs/ja/plans/" in result.output, result.output
    status = json.loads(run("status", "--json", str(root / "docs" / "vi" / "plans" / page.name)).output)
    assert {(s["lang"], s["status"]) for s in status} == {("en", "machine"), ("ja", "reviewed")}

    result = run("build")
    assert result.exit_code == 0, result.output
    site = root / "site"
    plan = lxml.html.parse(str(site / "ja" / "plans" / page.stem / "index.html")).getroot()
    assert plan.get("lang") == "ja"
    card = plan.cssselect(".admonition.info")[0].text_content()
    assert "文書情報" in card and "2016年9月29日" in card and "フンイエン省人民委員会" in card
    assert plan.findtext(".//title").endswith("対外情報ポータル")
    listing = lxml.html.parse(str(site / "ja" / "plans" / "index.html")).getroot().text_content()
    assert "年別" in listing and "地域別" in listing
    glossary = run("glossary", "page")
    assert glossary.exit_code == 0 and (root / "docs" / "ja" / "glossary" / "index.md").is_file()
    page = (root / "docs" / "ja" / "glossary" / "index.md").read_text(encoding="utf-8")
    assert '<td lang="ja" data-label="日本語">フンイエン <a class="portal-term-link"' in page, "Japanese leads"


def test_a_language_without_its_labels_is_named(japanese_portal, tmp_path):
    root, _ = japanese_portal
    bare = tmp_path / "bare"
    bare.mkdir()
    shutil.copy(root / "mkdocs.yml", bare / "mkdocs.yml")
    from portal.languages import LanguageError, load_languages

    with pytest.raises(LanguageError, match=r"no data file for language 'ja': write its labels in languages/ja\.yml"):
        load_languages(bare)
    (bare / "languages").mkdir()
    (bare / "languages" / "ja.yml").write_text("labels:\n  search: 検索\n", encoding="utf-8")
    with pytest.raises(LanguageError, match=r"languages/ja\.yml: language 'ja' lacks the labels .*by_place, by_year"):
        load_languages(bare)


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.browser
def test_the_japanese_site_is_searched_in_japanese(japanese_portal, browser):
    """Search comes from the language's properties: Japanese, written without spaces, is segmented."""
    root, _ = japanese_portal
    site = root / "site"
    if not (site / "ja" / "plans").is_dir():
        pytest.fail("the Japanese site is built by test_a_language_added_by_configuration_runs_through_every_stage, "
                    "which must run first (it is the first test of this module)")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/ja/")
        assert page.locator("html").get_attribute("lang") == "ja"
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("人民委員会")  # inside フンイエン省人民委員会: found only if Japanese text is segmented
        box.press("End")
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=20_000)
        hrefs = [results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())]
        urls = [page.evaluate("h => new URL(h, location.href).pathname", href) for href in hrefs]
        assert any(url.startswith("/ja/plans/ke-hoach-") for url in urls), urls
        assert all(url.startswith("/ja/") for url in urls), "results only in the reader's language"
    finally:
        context.close()
        server.shutdown()
        server.server_close()

"""The built portal: three locales, languages wired together, search configured."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from urllib.parse import urljoin

import lxml.etree
import lxml.html
import pytest

from portal.project import Project
from portal_projects import PUBLIC_URL
from portal.sitebuild.build import SiteBuildError, build_site

SITE_URL = PUBLIC_URL
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}

# The portal's languages, as its mkdocs.yml lists them.
_LANGUAGES = Project(Path(__file__).resolve().parents[2]).languages
LANGS = _LANGUAGES.codes
SOURCE_LANG = _LANGUAGES.source.code


def page_paths(repo_root: Path, lang: str = SOURCE_LANG) -> list[str]:
    """URL paths of one language's own pages (default: the sources), e.g. '' and 'about/'."""
    paths = []
    for source in sorted((repo_root / "docs" / lang).rglob("*.md")):
        rel = source.relative_to(repo_root / "docs" / lang).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "index" else rel.parts
        paths.append("".join(f"{part}/" for part in parts))
    return paths


def locale_prefix(lang: str) -> str:
    return "" if lang == SOURCE_LANG else f"{lang}/"


def parse(site: Path, lang: str, path: str):
    return lxml.html.parse(str(site / locale_prefix(lang) / path / "index.html")).getroot()


def test_every_page_is_built_in_every_language(built_site, repo_root):
    paths = page_paths(repo_root)
    assert "" in paths and "about/" in paths and "plans/" in paths
    for lang in LANGS:
        for path in paths:
            assert (built_site / locale_prefix(lang) / path / "index.html").is_file(), (lang, path)


@pytest.mark.parametrize("lang", LANGS)
def test_html_lang_site_name_and_nav_are_per_language(built_site, repo_root, lang):
    names = {"vi": "Cổng thông tin đối ngoại", "en": "Foreign Information Portal", "zh": "对外信息门户网站"}
    plans_tab = {"vi": "Kế hoạch và văn bản", "en": "Plans and documents", "zh": "计划与文件"}
    for path in page_paths(repo_root):
        root = parse(built_site, lang, path)
        assert root.get("lang") == lang, path
        assert root.findtext(".//title").endswith(names[lang]), path
    home = parse(built_site, lang, "")
    tabs = [link.text_content().strip() for link in home.cssselect(".md-tabs__link")]
    assert plans_tab[lang] in tabs


@pytest.mark.parametrize("lang", LANGS)
def test_language_chooser_links_to_the_same_page(built_site, repo_root, lang):
    names = {language.code: language.name for language in _LANGUAGES}
    for path in page_paths(repo_root):
        page_url = urljoin(SITE_URL, locale_prefix(lang) + path)
        root = parse(built_site, lang, path)
        links = root.cssselect(".portal-languages a[hreflang]")
        targets = {link.get("hreflang"): urljoin(page_url, link.get("href")) for link in links}
        assert targets == {other: urljoin(SITE_URL, locale_prefix(other) + path) for other in LANGS}, path
        # Words, each in its own language; the current one marked.
        assert {link.get("hreflang"): link.text_content().strip() for link in links} == names
        assert all(link.get("lang") == link.get("hreflang") for link in links)
        assert [link.get("hreflang") for link in links if link.get("aria-current")] == [lang]
        assert not root.cssselect(".md-select"), "Material's icon menu is replaced by the words"


@pytest.mark.parametrize("lang", LANGS)
def test_head_has_no_alternate_that_makes_the_theme_fetch_a_missing_sitemap(built_site, repo_root, lang):
    """Material fetches sitemap.xml beside every <link rel=alternate>: only the feed's is left,
    at the language's root, where the language's sitemap is."""
    for path in page_paths(repo_root):
        page_url = urljoin(SITE_URL, locale_prefix(lang) + path)
        root = parse(built_site, lang, path)
        alternates = root.cssselect('head link[rel="alternate"]')
        assert [link.get("type") for link in alternates] == ["application/atom+xml"], path
        sitemap = urljoin(urljoin(page_url, alternates[0].get("href")), "sitemap.xml")
        assert (built_site / sitemap.removeprefix(SITE_URL)).is_file(), (path, sitemap)


def sitemap_entries(path: Path) -> dict[str, dict[str, str]]:
    sitemap = lxml.etree.parse(str(path))
    entries = {}
    for url in sitemap.findall("sm:url", SITEMAP_NS):
        links = url.findall("xhtml:link", SITEMAP_NS)
        entries[url.findtext("sm:loc", namespaces=SITEMAP_NS)] = {
            link.get("hreflang"): link.get("href") for link in links
        }
    return entries


def test_sitemaps_list_every_page_with_its_alternates_and_x_default(built_site, repo_root):
    everything = sitemap_entries(built_site / "sitemap.xml")
    for path in page_paths(repo_root):
        expected = {lang: urljoin(SITE_URL, locale_prefix(lang) + path) for lang in LANGS}
        expected["x-default"] = expected[SOURCE_LANG]
        for lang in LANGS:
            assert everything[expected[lang]] == expected, (lang, path)
    # Each language's folder has a sitemap of its own pages (Material fetches it).
    for lang in LANGS:
        if lang == SOURCE_LANG:
            continue
        own = sitemap_entries(built_site / lang / "sitemap.xml")
        assert set(own) == {urljoin(SITE_URL, f"{lang}/{path}") for path in page_paths(repo_root)}
        assert gzip.decompress((built_site / lang / "sitemap.xml.gz").read_bytes()) == \
            (built_site / lang / "sitemap.xml").read_bytes()


def search_settings(site: Path, lang: str) -> dict:
    """What Material's page script hands the search worker on a page of ``lang``."""
    return json.loads((site / locale_prefix(lang) / "search" / "search_index.json").read_text(encoding="utf-8"))


def translated_paths(repo_root: Path, lang: str) -> set[str]:
    return set(page_paths(repo_root, lang)) if lang != SOURCE_LANG else set(page_paths(repo_root))


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_own_search_index(built_site, repo_root, lang):
    settings = search_settings(built_site, lang)
    assert settings["config"]["lang"] == [lang] and settings["docs"] == []
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    # Only the pages written in the language are in its index, not the source pages shown untranslated.
    assert entry["languages"][lang]["page_count"] == len(translated_paths(repo_root, lang))
    for path in page_paths(repo_root):
        article = parse(built_site, lang, path).cssselect("article.md-content__inner")[0]
        assert (article.get("data-pagefind-body") is not None) == (path in translated_paths(repo_root, lang)), path
    about = parse(built_site, lang, "about/")
    config = json.loads(about.get_element_by_id("__config").text)
    assert urljoin(SITE_URL + locale_prefix(lang) + "about/", config["base"]) == SITE_URL + locale_prefix(lang)
    assert config["search"].endswith("assets/javascripts/workers/portal-search.js")
    assert (built_site / "assets" / "javascripts" / "workers" / "portal-search.js").is_file()


def test_search_settings_follow_how_each_language_is_written(built_site):
    assert search_settings(built_site, "zh")["config"]["portal"]["segment"] is True
    assert search_settings(built_site, "vi")["config"]["portal"]["fold"] == {"đ": "d\u0335", "Đ": "D\u0335"}
    english = search_settings(built_site, "en")["config"]["portal"]
    assert english["segment"] is False and english["fold"] == {}
    # The index is built from copies: the pages readers get keep their đ.
    assert "Đ" in (built_site / "index.html").read_text(encoding="utf-8")


def test_pages_allow_the_search_webassembly_and_nothing_broader(built_site):
    policy = parse(built_site, "en", "about/").cssselect('meta[http-equiv="Content-Security-Policy"]')[0].get("content")
    script_src = next(part.split()[1:] for part in policy.split(";") if part.split()[0] == "script-src")
    assert script_src[:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert all(source.startswith("'sha256-") for source in script_src[2:]), script_src
    assert "'unsafe-eval'" not in policy and "'unsafe-inline'" not in policy


def test_warnings_of_every_language_are_reported(tmp_path, repo_root, monkeypatch):
    monkeypatch.setenv("PORTAL_PDF", "false")
    for name in ("mkdocs.yml", "hooks", "docs"):
        source = repo_root / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    for lang in ("en", "zh"):
        page = tmp_path / "docs" / lang / "about.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n[broken](missing-page.md)\n", encoding="utf-8")
    with pytest.raises(SiteBuildError) as failure:
        build_site(Project(tmp_path), tmp_path / "site")
    message = str(failure.value)
    assert "[en]" in message and "[zh]" in message and "[vi]" not in message
    assert "missing-page.md" in message
    assert not (tmp_path / "site").exists(), "a failed check must not leave a half-built site"


def test_site_weight_is_measured_per_language(built_site, repo_root):
    from portal.sitebuild.build import measure_site

    weights = {weight.lang: weight for weight in measure_site(built_site, "vi", ("en", "zh"))}
    for lang in LANGS:
        assert weights[lang].pages == len(page_paths(repo_root)), lang
        bundle = built_site / "pagefind"
        own = [*bundle.glob(f"pagefind.{lang}_*"), *bundle.glob(f"index/{lang}_*"), *bundle.glob(f"fragment/{lang}_*")]
        assert weights[lang].search_index_bytes == sum(path.stat().st_size for path in own) > 0
        assert 0 < weights[lang].mean_page_bytes < 200_000


@pytest.mark.parametrize("where", [".", "docs", "docs/en", "..", "notes"])
def test_the_build_never_replaces_sources(tmp_path, where):
    project = tmp_path / "portal"
    (project / "docs" / "en").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (project / "notes").mkdir()
    (project / "notes" / "precious.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(SiteBuildError, match="refusing"):
        build_site(Project(project), project / where)
    assert (project / "notes" / "precious.txt").read_text(encoding="utf-8") == "keep me"
    assert (project / "docs" / "en").is_dir()


def test_a_production_build_needs_the_public_address(tmp_path, repo_root, monkeypatch):
    from click.testing import CliRunner

    from portal.cli import main

    monkeypatch.delenv("PORTAL_SITE_URL", raising=False)
    monkeypatch.chdir(repo_root)
    result = CliRunner().invoke(main, ["build", "--production", "--site-dir", str(tmp_path / "site")])
    assert result.exit_code == 2, result.output
    assert "a production build needs the portal's public address: set PORTAL_SITE_URL" in result.output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("bad", ["portal.example.gov.vn", "ftp://portal.example.gov.vn/", "https://x.vn/?a=1"])
def test_the_public_address_is_an_http_address(bad):
    from portal.sitebuild.build import public_address

    with pytest.raises(SiteBuildError, match="must be an http"):
        public_address(bad)
    assert public_address("https://x.gov.vn/sub") == "https://x.gov.vn/sub/"
    assert public_address("") is None

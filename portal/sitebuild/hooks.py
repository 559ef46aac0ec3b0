"""MkDocs event handlers, re-exported by ``hooks/portal_hooks.py``.

static-i18n runs the whole build once per language, nested inside the first
(default-language) build's ``on_post_build``.  Handlers here therefore look
the language up on each page, keep only per-build caches (reset in
``on_pre_build``), and write whole-site outputs (feeds) in a way that the
last run leaves everything right.  What needs every language built first
(the 404 page of each language, the split sitemaps, the documents' PDFs, the
search index) is collected across the nested builds and written by the
first build's ``on_post_build``, which runs last.
"""

from __future__ import annotations

import html
import logging
import posixpath
import time
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from portal.errors import PortalError
from portal.fileio import write_bytes_atomic, write_text_atomic
from portal.glossary.check import check_pair
from portal.glossary.load import project_glossary
from portal.pages import decode_page, read_page
from portal.project import Project
from portal.sitebuild.catalog import NEWS, PLANS, load_section
from portal.sitebuild.csp import with_policy
from portal.sitebuild.feeds import FEED_NAME, atom_feed, feed_link
from portal.sitebuild.identity import site_identity, site_name_problems
from portal.sitebuild.pages import HOME_PAGE, LISTING_PAGES, SiteContext, decorate, name_search_dialog, split_title
from portal.sitebuild.pdf import CACHE_DIR, PdfJob, pdf_document, pdf_name, write_pdfs
from portal.sitebuild.publish import PUBLISH_ALL, PUBLISH_MODES, is_publishable
from portal.sitebuild.pagefind_index import build_search_index
from portal.sitebuild.search import configure_search, mark_indexable, write_worker_settings
from portal.sitebuild.sitemaps import split_sitemap
from portal.sitebuild.tables import label_cells
from portal.sitebuild.views import (
    LOCALITIES,
    PageChrome,
    home_view,
    lang_root,
    language_links,
    relative_url,
    suggestions,
)
from portal.untrusted import inert_html

log = logging.getLogger("mkdocs.plugins.portal")

THEME_DIR = Path(__file__).with_name("theme")
"""The portal's template layer, between a project's own ``custom_dir`` and Material."""

# Per build: the context pages share, and each language's site name (for feeds).
_context: dict[str, SiteContext] = {}
_site_names: dict[str, str] = {}
# Per run of every language: the 404 page of each language and the PDFs to make.
_not_found: dict[str, str] = {}
_pdf_jobs: list[PdfJob] = []


def project_of(config) -> Project:
    return Project(Path(config.config_file_path).parent)


def i18n_languages(config) -> tuple[str, list[str]]:
    """The language built at the root and those built in their own folder."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return project_of(config).languages.source.code, []
    root = i18n.default_language
    return root, [lang for lang in i18n.build_languages if lang != root]


def current_language(config) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or project_of(config).languages.source.code


def page_languages(page, config) -> tuple[str, str, str]:
    """(language of the site being built, language of the page's text, path in its language folder)."""
    file = page.file
    built = getattr(file, "locale_alternate_of", None) or current_language(config)
    content = getattr(file, "locale", None) or built
    path = getattr(file, "norm_src_uri", None) or file.src_uri
    return built, content, path


@lru_cache(maxsize=4)
def _cached_glossary(root: str, mtime: float):
    return project_glossary(Project(Path(root)))


def glossary_for(config):
    project = project_of(config)
    terms = project.glossary_dir / "terms.yaml"
    return _cached_glossary(str(project.root), terms.stat().st_mtime) if terms.is_file() else None


def is_nested_build(config) -> bool:
    """static-i18n's builds of the other languages run inside the first one's post-build."""
    i18n = config.plugins.get("i18n")
    return bool(getattr(i18n, "building", False))


def on_config(config):
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:  # static-i18n builds every language with this config
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    if not is_nested_build(config):
        _not_found.clear()
        _pdf_jobs.clear()
        languages = project_of(config).languages
        try:
            site_identity(config.extra, languages, i18n_site_names(config))
        except PortalError as error:
            raise PluginError(str(error)) from error
        for problem in site_name_problems(i18n_site_names(config), glossary_for(config), languages.source.code):
            log.warning(problem)
    return config


def i18n_site_names(config) -> dict[str, str]:
    """The portal's name in each language, as static-i18n will set it."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return {}
    # Called before static-i18n's own on_config, so config.site_name is still the source's.
    return {entry.locale: entry.site_name or config.site_name for entry in i18n.config.languages if entry.build}


def is_on(value) -> bool:
    """A switch of mkdocs.yml, which may come from the environment as text (``!ENV``)."""
    return str(value).strip().lower() not in {"false", "0", "no", "off", ""}


def on_pre_build(config) -> None:
    _context.clear()
    _site_names[current_language(config)] = config.site_name


def site_context(config) -> SiteContext:
    if "site" not in _context:
        languages = project_of(config).languages
        _context["site"] = SiteContext(
            docs_dir=Path(config.docs_dir),
            base_path=urlsplit(config.site_url or "/").path or "/",
            languages=languages,
            glossary=glossary_for(config),
            identity=site_identity(config.extra, languages, _site_names),
            pdfs=is_on(((config.extra or {}).get("portal") or {}).get("pdf", True)),
        )
    return _context["site"]


# Before static-i18n (-100) sorts the files into languages and fallbacks.
@event_priority(50)
def on_files(files, config):
    mode = (config.extra or {}).get("publish", PUBLISH_ALL)
    if mode not in PUBLISH_MODES:
        raise PluginError(f"mkdocs.yml: extra.publish is {mode!r}; expected one of {', '.join(PUBLISH_MODES)}")
    docs_dir = Path(config.docs_dir)
    source_lang = project_of(config).languages.source.code
    for file in list(files):
        try:
            publishable = is_publishable(docs_dir, file.src_uri, mode, source_lang)
        except PortalError as error:
            raise PluginError(str(error)) from error
        if not publishable:
            files.remove(file)
    return files


def on_page_read_source(page, config) -> str | None:
    """Read every page the pipeline's way: a page whose front matter is malformed or never
    closed is reported with its file and line (a warning: the strict build fails) instead
    of being published as raw YAML."""
    try:
        decode_page(page.file.content_bytes, page.file.src_path)
    except PortalError as error:
        log.warning(f"{error}")
    return None


def report_glossary_violations(config, built: str, content: str, path: str) -> None:
    """What `portal check` says of this translation, in the build log.

    A violation on a reviewed page is a warning, so the strict build fails;
    on a draft it is information (drafts are checked, not blocked).
    """
    site = site_context(config)
    if site.glossary is None or built == site.languages.source.code or content != built:
        return
    source = site.docs_dir / site.languages.source.code / path
    if not source.is_file():
        return
    source_page, target_page = read_page(source), read_page(site.docs_dir / built / path)
    if target_page.record is not None and target_page.record.generated:
        return
    for violation in check_pair(source_page, target_page, site.languages[built], site.glossary).violations:
        say = log.warning if violation.severity == "error" else log.info
        wrong = f"found {violation.found!r}" if violation.problem == "forbidden" else "missing"
        where = f" ({violation.field})" if violation.field else ""
        say(
            f"{built}/{path}:{violation.line}{where}: glossary ({violation.status} page): {violation.term!r} "
            f"must be {violation.expected!r}, {wrong}"
        )


def escape_metadata(meta: dict) -> None:
    """Title and description as escaped Markup: the theme prints them without escaping."""
    for key in ("title", "description"):
        value = meta.get(key)
        if value is not None and not isinstance(value, Markup):
            meta[key] = Markup(html.escape(str(value)))


def on_page_markdown(markdown: str, page, config, files) -> str:
    built, content, path = page_languages(page, config)
    site = site_context(config)
    # Pagefind indexes the site; Material's plugin stays for its search box, with no index to build.
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    try:
        report_glossary_violations(config, built, content, path)
        markdown = decorate(markdown, page.meta, path, built, content, site)
        escape_metadata(page.meta)
    except PortalError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from error
    # The sitemap's <lastmod> (static-i18n's template reads update_date): the content's date.
    page.update_date = site.history.last_updated(page.file.src_uri).isoformat()
    if path == HOME_PAGE:
        # The home template shows the page's heading in its banner, above search and the lists.
        heading, markdown = split_title(markdown)
        page.meta.update(template="home.html", hide=["navigation", "toc"], portal_heading=heading)
    return markdown


def on_page_content(html_content: str, page, config, files) -> str:
    """No link on a page may run script or embed data, whoever wrote it."""
    content, removed = inert_html(html_content)
    if removed:
        log.warning(f"{page.file.src_uri}: {removed} link(s) with a javascript:/data:/vbscript: address removed")
    return label_cells(content)


def page_chrome(config, built: str, page_path: str, page_url: str, *, absolute: bool = False,
                updated=None, pdf_href: str = "") -> PageChrome:
    """The chooser, suggestion, identity and dates around one page (absolute links for the 404 page)."""
    site = site_context(config)
    root, _ = i18n_languages(config)
    base_path = site.base_path if absolute else None
    links = language_links(site.languages, built, root, page_path, page_url, base_path)
    home = lang_root(built, root)
    home_href = base_path + home if absolute else relative_url(home, page_url)
    return PageChrome(
        language=site.languages[built],
        identity=site.identity[built],
        languages=links,
        suggestions=suggestions(site.languages, links),
        home_href=home_href,
        feed_href=home_href + FEED_NAME,
        year=site.newest_content_year(),
        updated=updated,
        pdf_href=pdf_href,
    )


def on_page_context(context, page, config, nav):
    built, _, path = page_languages(page, config)
    site = site_context(config)
    record = site.record(path, built) if path.startswith(f"{PLANS}/") and path not in LISTING_PAGES else None
    pdf_href = pdf_name(path, built) if record is not None and record.is_document and site.pdfs else ""
    chrome = page_chrome(config, built, path, page.url, updated=site.history.last_updated(page.file.src_uri),
                         pdf_href=pdf_href)
    if pdf_href:
        queue_pdf(config, page, chrome, Path(page.file.abs_dest_path).parent / pdf_href)
    context["portal"] = chrome
    if path == HOME_PAGE:
        language = site.languages[built]
        context["portal_home"] = home_view(site.section(NEWS, built), site.section(PLANS, built),
                                           site.section(LOCALITIES, built), language, site.names(language))
    return context


def queue_pdf(config, page, chrome: PageChrome, dest: Path) -> None:
    """Lay out the document's PDF after the build, from the article just rendered."""
    language = chrome.language
    title = html.unescape(str(page.meta.get("title") or page.title))  # the meta title is escaped Markup
    content = page.content or ""
    if "<h1" not in content:  # the theme prints the title as the heading (partials/content.html)
        content = f"<h1>{html.escape(title)}</h1>\n{content}"
    site_url = config.site_url or "http://localhost/"
    page_url = urljoin(site_url, page.url)
    document = pdf_document(
        lang=language.code, title=title, content_html=content, site_name=config.site_name,
        operator=chrome.identity.operator, page_url=page_url, source_label=language.label("pdf_source"),
        updated_label=language.label("last_updated"), updated_text=chrome.updated_text,
        updated_iso=chrome.updated.isoformat(), separator=language.label("label_separator"),
    )
    _pdf_jobs.append(PdfJob(document, dest, page_url, site_url, Path(config.site_dir)))


def on_post_page(output: str, page, config) -> str:
    site = site_context(config)
    root, prefixed = i18n_languages(config)
    built, content, _ = page_languages(page, config)
    language = site.languages[built]
    to_lang_root = relative_url(lang_root(built, root), page.url).rstrip("/") or "."
    output = configure_search(output, to_lang_root, language)
    if content == built:  # a page not yet translated stays out of this language's index
        output = mark_indexable(output)
    output = name_search_dialog(output, language.label("search"))
    feed = posixpath.join(to_lang_root, FEED_NAME)
    link = feed_link(feed, f"{config.site_name} · {language.label('feed')}")
    output = output.replace("</head>", f"  {link}\n  </head>", 1)
    return with_policy(output, page.content or "")


def write_search(config, site: SiteContext, root: str, prefixed: list[str]) -> None:
    """Each language's worker settings, and the Pagefind index of every language."""
    site_dir = Path(config.site_dir)
    write_worker_settings(site_dir, {lang: lang_root(lang, root) for lang in [root, *prefixed]}, site.languages)
    started = time.perf_counter()
    try:
        counts = build_search_index(site_dir, site.languages)
    except PortalError as error:
        raise PluginError(f"search index: {error}") from error
    pages = ", ".join(f"{lang} {count} pages" for lang, count in counts.items())
    log.info(f"search index: {pages} in {time.perf_counter() - started:.1f} s")


def on_template_context(context, template_name, config):
    """The 404 page: links to each language's home, absolute (it is served at any depth)."""
    if template_name == "404.html":
        built = current_language(config)
        context["portal"] = page_chrome(config, built, "index.md", "404.html", absolute=True)
    return context


def on_post_template(output_content: str, template_name: str, config) -> str:
    """Keep each language's 404 page; MkDocs writes them all to the same file."""
    if template_name != "404.html":
        return output_content
    site = site_context(config)
    root, prefixed = i18n_languages(config)
    built = current_language(config)
    output_content = configure_search(output_content, site.base_path + lang_root(built, root), site.languages[built])
    output_content = name_search_dialog(output_content, site.languages[built].label("search"))
    output_content = with_policy(output_content, "")
    _not_found[built] = output_content
    return output_content


# After static-i18n (-100), which builds the other languages inside the
# default language's build: the outermost post-build runs last.
@event_priority(-200)
def on_post_build(config) -> None:
    root, prefixed = i18n_languages(config)
    site = site_context(config)
    site_dir = Path(config.site_dir)
    for lang, site_name in _site_names.items():
        if lang != root and lang not in prefixed:
            continue
        language = site.languages[lang]
        lang_url = urljoin(config.site_url or "/", lang_root(lang, root))
        records = load_section(site.docs_dir, NEWS, lang, site.languages.source.code)
        feed = atom_feed(records, title=f"{site_name} · {language.label('feed')}", lang=lang, lang_root_url=lang_url)
        write_text_atomic(site_dir / lang_root(lang, root) / FEED_NAME, feed)
    if is_nested_build(config):
        return  # the first language's post-build, which runs last, writes the whole-site files
    for lang, not_found in _not_found.items():
        write_text_atomic(site_dir / lang_root(lang, root) / "404.html", not_found)
    sitemap = site_dir / "sitemap.xml"
    if sitemap.is_file():
        roots = {lang: urljoin(config.site_url or "/", lang_root(lang, root)) for lang in [root, *prefixed]}
        for name, data in split_sitemap(sitemap.read_bytes(), roots, root, site.languages.source.code).items():
            write_bytes_atomic(site_dir / name, data)
    write_search(config, site, root, prefixed)
    try:
        report = write_pdfs(_pdf_jobs, project_of(config).root / CACHE_DIR)
    except PortalError as error:
        raise PluginError(str(error)) from error
    if report.made or report.cached:
        log.info(f"PDFs: {report.made} laid out, {report.cached} from the cache")

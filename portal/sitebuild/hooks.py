"""MkDocs event handlers, re-exported by ``hooks/portal_hooks.py``.

static-i18n runs the whole build once per language, nested inside the first
(default-language) build's ``on_post_build``.  Handlers here therefore look
the language up on each page, keep only per-build caches (reset in
``on_pre_build``), and write whole-site outputs (search indexes, feeds) in a
way that the last run leaves everything right.
"""

from __future__ import annotations

import html
import logging
import posixpath
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from portal.errors import PortalError
from portal.fileio import write_text_atomic
from portal.glossary.check import check_pair
from portal.glossary.load import project_glossary
from portal.pages import decode_page, read_page
from portal.project import Project
from portal.sitebuild.catalog import NEWS, load_section
from portal.sitebuild.csp import with_policy
from portal.sitebuild.feeds import FEED_NAME, atom_feed, feed_link
from portal.sitebuild.hreflang import absolute_alternates
from portal.sitebuild.pages import SiteContext, decorate, name_search_dialog
from portal.sitebuild.publish import PUBLISH_ALL, PUBLISH_MODES, is_publishable
from portal.sitebuild.search import scope_search_to_language, write_language_indexes
from portal.untrusted import inert_html

log = logging.getLogger("mkdocs.plugins.portal")

THEME_DIR = Path(__file__).with_name("theme")
"""The portal's template layer, between a project's own ``custom_dir`` and Material."""

# Per build: the context pages share, and each language's site name (for feeds).
_context: dict[str, SiteContext] = {}
_site_names: dict[str, str] = {}


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


def on_config(config):
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:  # static-i18n builds every language with this config
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    return config


def on_pre_build(config) -> None:
    _context.clear()
    _site_names[current_language(config)] = config.site_name


def site_context(config) -> SiteContext:
    if "site" not in _context:
        _context["site"] = SiteContext(
            docs_dir=Path(config.docs_dir),
            base_path=urlsplit(config.site_url or "/").path or "/",
            languages=project_of(config).languages,
            glossary=glossary_for(config),
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
    try:
        report_glossary_violations(config, built, content, path)
        markdown = decorate(markdown, page.meta, path, built, content, site_context(config))
        escape_metadata(page.meta)
        return markdown
    except PortalError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from error


def on_page_content(html_content: str, page, config, files) -> str:
    """No link on a page may run script or embed data, whoever wrote it."""
    content, removed = inert_html(html_content)
    if removed:
        log.warning(f"{page.file.src_uri}: {removed} link(s) with a javascript:/data:/vbscript: address removed")
    return content


def lang_root(lang: str, root: str) -> str:
    return "" if lang == root else f"{lang}/"


def on_post_page(output: str, page, config) -> str:
    site = site_context(config)
    page_url = urljoin(config.site_url or "/", page.url)
    output = absolute_alternates(output, page_url, default_lang=site.languages.source.code)
    root, prefixed = i18n_languages(config)
    built, _, _ = page_languages(page, config)
    language = site.languages[built]
    # "zh/about/" is served from zh/about/index.html; "zh/x.html" from zh/.
    page_dir = page.url.rstrip("/") if page.url.endswith("/") else posixpath.dirname(page.url)
    to_lang_root = posixpath.relpath(lang_root(built, root) or ".", page_dir or ".")
    if built in prefixed:
        output = scope_search_to_language(output, to_lang_root)
    output = name_search_dialog(output, language.label("search"))
    feed = posixpath.join(to_lang_root, FEED_NAME)
    link = feed_link(feed, f"{config.site_name} · {language.label('feed')}")
    output = output.replace("</head>", f"  {link}\n  </head>", 1)
    return with_policy(output, page.content or "")


# After static-i18n (-100), which builds the other languages and merges the
# search index of every language last.
@event_priority(-200)
def on_post_build(config) -> None:
    root, prefixed = i18n_languages(config)
    site = site_context(config)
    site_dir = Path(config.site_dir)
    write_language_indexes(site_dir, root, prefixed, site.languages)
    for lang, site_name in _site_names.items():
        if lang != root and lang not in prefixed:
            continue
        language = site.languages[lang]
        lang_url = urljoin(config.site_url or "/", lang_root(lang, root))
        records = load_section(site.docs_dir, NEWS, lang, site.languages.source.code)
        feed = atom_feed(records, title=f"{site_name} · {language.label('feed')}", lang=lang, lang_root_url=lang_url)
        write_text_atomic(site_dir / lang_root(lang, root) / FEED_NAME, feed)

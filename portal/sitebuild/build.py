"""Building the portal with MkDocs, warnings reported for every language.

mkdocs-static-i18n builds the languages one after another inside one MkDocs
run, and ``mkdocs build --strict`` aborts after the first language that has
warnings, so the warnings of the others stay hidden.  :func:`build_site`
therefore runs one ordinary build, attributes each warning to the language
being built when it was logged (static-i18n announces each language), and in
strict mode fails with the warnings of all languages together.  The site is
built into a scratch folder beside ``site_dir`` and moved into place only
when the build is accepted, so a failed build never leaves a half-built site.
MkDocs runs in a subprocess: a fresh process gives exactly what
``mkdocs build`` gives on the command line.

The public address of the portal (``PORTAL_SITE_URL``, or ``site_url=``) goes
into the feeds, sitemaps and canonical links.  Without it mkdocs.yml's
preview address is used, which is right for ``make serve`` only: the report
says so, and a build meant for production (``production=True``) refuses.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from portal.errors import PortalError
from portal.project import Project


class SiteBuildError(PortalError):
    """MkDocs failed or, in strict mode, warned."""


# Written into every site this build makes: only such a folder is ever replaced.
BUILD_MARKER = ".portal-site"

SITE_URL_ENV = "PORTAL_SITE_URL"
"""The environment variable mkdocs.yml reads the portal's public address from."""

# static-i18n logs this line when it starts building each language.
LANGUAGE_START = re.compile(r"mkdocs_static_i18n: Building '(?P<lang>[\w-]+)' documentation")


@dataclass(slots=True)
class BuildReport:
    """What one MkDocs run said, warnings by language."""

    returncode: int
    seconds: float
    warnings: dict[str, list[str]] = field(default_factory=dict)
    output: list[str] = field(default_factory=list)
    site_url: str | None = None
    """The public address the site was built for; None: mkdocs.yml's preview address."""

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def warning_count(self) -> int:
        return sum(len(lines) for lines in self.warnings.values())


def warnings_by_language(lines: list[str]) -> dict[str, list[str]]:
    """Group WARNING/ERROR lines under the language being built when they appeared."""
    found: dict[str, list[str]] = {}
    lang = "all"
    for line in lines:
        start = LANGUAGE_START.search(line)
        if start:
            lang = start["lang"]
        elif line.startswith(("WARNING", "ERROR")):
            found.setdefault(lang, []).append(line)
    return found


def mkdocs_env(locale: str | None = None, publish: str = "all", site_url: str | None = None) -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PORTAL_PUBLISH=publish)  # mkdocs.yml: extra.publish
    env.pop("PORTAL_LOCALE", None)
    if locale:
        env["PORTAL_LOCALE"] = locale  # mkdocs.yml: build_only_locale
    env.pop(SITE_URL_ENV, None)
    if site_url:
        env[SITE_URL_ENV] = site_url  # mkdocs.yml: site_url
    return env


def public_address(site_url: str | None) -> str | None:
    """The portal's public address as mkdocs.yml wants it (absolute, ending in /), or None."""
    site_url = (site_url or "").strip()
    if not site_url:
        return None
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SiteBuildError(f"{SITE_URL_ENV} must be an http(s) address such as https://portal.example.gov.vn/, "
                             f"not {site_url!r}")
    return site_url if site_url.endswith("/") else site_url + "/"


def run_mkdocs(project: Project, site_dir: Path, *, locale: str | None = None, publish: str = "all",
               site_url: str | None = None) -> BuildReport:
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "--site-dir", str(site_dir)]
    started = time.perf_counter()
    env = mkdocs_env(locale, publish, site_url)
    done = subprocess.run(command, cwd=project.root, env=env, capture_output=True, text=True)
    lines = (done.stdout + done.stderr).splitlines()
    return BuildReport(done.returncode, time.perf_counter() - started, warnings_by_language(lines), lines,
                       site_url)


def failure_message(report: BuildReport) -> str:
    if not report.ok and not report.warning_count:
        return "MkDocs failed:\n" + "\n".join(f"  {line}" for line in report.output[-15:])
    details = "\n".join(
        f"  [{lang}] {warning}" for lang, warnings in report.warnings.items() for warning in warnings
    )
    return f"the site build has {report.warning_count} warning(s):\n{details}"


def check_site_dir(project: Project, site_dir: Path) -> None:
    """Refuse an output folder whose replacement would destroy anything but a previous build.

    The site replaces ``site_dir`` whole, so it must not be the project, hold
    it or sit inside ``docs/``, and an existing folder must be empty or carry
    the marker this build writes (a ``sitemap.xml`` proves nothing: any
    website has one).
    """
    root = project.root.resolve()
    docs = project.docs_dir.resolve()
    if site_dir == root or site_dir in root.parents or site_dir == docs or docs in site_dir.parents:
        raise SiteBuildError(f"refusing to build into {site_dir}: it holds or is inside the project's sources")
    if site_dir.exists() and not site_dir.is_dir():
        raise SiteBuildError(f"refusing to replace {site_dir}: it is a file, not a folder")
    if site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / BUILD_MARKER).is_file():
        raise SiteBuildError(
            f"refusing to replace {site_dir}: it is not empty and was not made by `portal build` "
            f"(no {BUILD_MARKER} file); remove it yourself or choose another --site-dir"
        )


def build_site(
    project: Project,
    site_dir: Path | None = None,
    *,
    strict: bool = True,
    locale: str | None = None,
    reviewed_only: bool = False,
    site_url: str | None = None,
    production: bool = False,
) -> BuildReport:
    """Build the portal into ``site_dir`` (default ``site/``).

    ``strict`` turns any warning, in any language, into a
    :class:`SiteBuildError` listing them all.  ``locale`` builds one language
    only, served at the root, for quick previews.  ``reviewed_only`` leaves
    every translation a translator has not approved out of the site.
    ``site_url`` is the public address (default: ``PORTAL_SITE_URL``);
    ``production`` refuses to build without one.
    """
    site_url = public_address(site_url or os.environ.get(SITE_URL_ENV))
    if production and site_url is None:
        raise SiteBuildError(
            f"a production build needs the portal's public address: set {SITE_URL_ENV} "
            "(or pass --site-url), e.g. https://portal.example.gov.vn/", project.root / "mkdocs.yml")
    # A symbolic link is followed: the folder it points to is what gets replaced.
    site_dir = Path(site_dir or project.root / "site").resolve()
    check_site_dir(project, site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    try:
        publish = "reviewed" if reviewed_only else "all"
        report = run_mkdocs(project, scratch / "site", locale=locale, publish=publish, site_url=site_url)
        if not report.ok or (strict and report.warning_count):
            raise SiteBuildError(failure_message(report), project.root / "mkdocs.yml")
        (scratch / "site" / BUILD_MARKER).write_text("built by `portal build`; replaced whole by the next build\n")
        if site_dir.exists():
            site_dir.rename(scratch / "old")
        (scratch / "site").rename(site_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return report


@dataclass(frozen=True, slots=True)
class SiteWeight:
    """What a built site weighs, per language: search index and HTML pages."""

    lang: str
    pages: int
    html_bytes: int
    search_index_bytes: int
    """The language's Pagefind files: metadata, index chunks and excerpt fragments."""

    @property
    def mean_page_bytes(self) -> int:
        return self.html_bytes // self.pages if self.pages else 0


def search_index_bytes(site_dir: Path, lang: str) -> int:
    """Bytes of a language's Pagefind index (its files are named after the language)."""
    bundle = site_dir / "pagefind"
    files = [*bundle.glob(f"pagefind.{lang}_*.pf_meta"), *bundle.glob(f"index/{lang}_*.pf_index"),
             *bundle.glob(f"fragment/{lang}_*.pf_fragment")]
    return sum(path.stat().st_size for path in files)


def measure_site(site_dir: Path, root_lang: str, other_langs: tuple[str, ...]) -> list[SiteWeight]:
    """Pages, HTML weight and search index size of each language of a built site."""
    weights = []
    for lang in (root_lang, *other_langs):
        folder = site_dir if lang == root_lang else site_dir / lang
        pages = [
            page
            for page in folder.rglob("index.html")
            if lang != root_lang or page.relative_to(site_dir).parts[0] not in (*other_langs, "pagefind")
        ]
        weights.append(
            SiteWeight(lang, len(pages), sum(page.stat().st_size for page in pages), search_index_bytes(site_dir, lang))
        )
    return weights

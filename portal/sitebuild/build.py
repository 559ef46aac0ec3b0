"""Building the portal with MkDocs, every language checked.

mkdocs-static-i18n builds the languages one after another and ``--strict``
aborts after the first language that has warnings, so the warnings of the
others would stay hidden.  :func:`build_site` therefore first builds each
locale alone (``build_only_locale`` through ``PORTAL_LOCALE``) in strict mode
into a scratch folder, reports every language's warnings together, and only
then builds the real site.  MkDocs runs in a subprocess: static-i18n keeps
state on the config between builds, and a fresh process is the honest way to
get the same result as ``mkdocs build`` on the command line.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from portal.errors import PortalError
from portal.project import LANGS, Project


class SiteBuildError(PortalError):
    """MkDocs failed or, in strict mode, warned."""


@dataclass(slots=True)
class BuildReport:
    """What one MkDocs run said."""

    locale: str | None  # None: all languages
    returncode: int
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def mkdocs_env(locale: str | None = None) -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("PORTAL_LOCALE", None)
    if locale:
        env["PORTAL_LOCALE"] = locale
    return env


def run_mkdocs(project: Project, site_dir: Path, *, locale: str | None, strict: bool) -> BuildReport:
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "--site-dir", str(site_dir)]
    if strict:
        command.append("--strict")
    started = time.perf_counter()
    done = subprocess.run(
        command, cwd=project.root, env=mkdocs_env(locale), capture_output=True, text=True
    )
    lines = (done.stdout + done.stderr).splitlines()
    warnings = [line for line in lines if line.startswith(("WARNING", "ERROR"))]
    if done.returncode and not warnings:
        warnings = lines[-15:]  # a crash: show its end
    return BuildReport(locale, done.returncode, warnings, time.perf_counter() - started)


def check_locales(project: Project, locales=LANGS) -> list[BuildReport]:
    """Strict build of each locale alone; the output is thrown away."""
    with tempfile.TemporaryDirectory(prefix="portal-check-") as scratch:
        return [
            run_mkdocs(project, Path(scratch) / locale, locale=locale, strict=True)
            for locale in locales
        ]


def build_site(
    project: Project, site_dir: Path | None = None, *, strict: bool = True, locale: str | None = None
) -> list[BuildReport]:
    """Build the portal into ``site_dir`` (default ``site/``).

    In strict mode every locale is checked first and a :class:`SiteBuildError`
    lists the warnings of all failing locales.  ``locale`` builds one
    language only, served at the root, for quick previews.
    """
    site_dir = Path(site_dir or project.root / "site")
    reports = check_locales(project, [locale] if locale else LANGS) if strict else []
    failed = [report for report in reports if not report.ok]
    if not failed:
        reports.append(run_mkdocs(project, site_dir, locale=locale, strict=strict))
        failed = [report for report in reports if not report.ok]
    if failed:
        details = "\n".join(
            f"  [{report.locale or 'all'}] {warning}" for report in failed for warning in report.warnings
        )
        raise SiteBuildError(f"the site build failed:\n{details}", project.root / "mkdocs.yml")
    return reports

"""The ``portal`` command: argument parsing only, every command calls the library.

Each stage adds its subcommand here as a small function over its module.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from portal import __version__
from portal.errors import PortalError
from portal.project import LANGS, Project
from portal.sitebuild.build import build_site


def reports_errors(command):
    """Turn a PortalError into a one-line message and exit status 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except PortalError as error:
            click.echo(f"portal: error: {error}", err=True)
            sys.exit(2)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="portal")
def main() -> None:
    """Multilingual publishing for the foreign-information portal.

    Vietnamese pages in docs/vi/ are translated to English (docs/en/) and
    Chinese (docs/zh/), checked against the glossary, reviewed by
    translators and built into the site with MkDocs.
    """


@main.command()
@click.option("--site-dir", type=click.Path(path_type=Path), default=None, help="Output folder (default: site/).")
@click.option("--locale", type=click.Choice(LANGS), default=None, help="Build one language only, at the root.")
@click.option("--no-strict", is_flag=True, help="Do not fail on warnings.")
@reports_errors
def build(site_dir: Path | None, locale: str | None, no_strict: bool) -> None:
    """Build the portal; warnings of every language are reported, then fail."""
    project = Project.find()
    reports = build_site(project, site_dir, strict=not no_strict, locale=locale)
    for report in reports:
        click.echo(f"{report.locale or 'all languages'}: built in {report.seconds:.1f} s")
    click.echo(f"site: {(site_dir or project.root / 'site')}")


# ---------------------------------------------------------------- glossary


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@reports_errors
def check(paths: tuple[Path, ...], as_json: bool) -> None:
    """Check translated pages against the glossary (default: all of docs/en, docs/zh).

    PATHS are pages or folders under docs/vi, docs/en or docs/zh.  Drafts only
    warn; exits 1 when a page whose status is `reviewed` has a violation.
    """
    import json

    from portal.glossary import Glossary
    from portal.glossary.check import check_tree, format_report, report_json

    project = Project.find()
    report = check_tree(project.docs_dir, Glossary.from_project(project), paths)
    if as_json:
        click.echo(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report))
    sys.exit(1 if report.failed else 0)


@main.group()
def glossary() -> None:
    """Exchange the glossary with CAT tools and publish its page."""


@glossary.command("export")
@click.option("--format", "fmt", type=click.Choice(["tbx", "csv"]), required=True)
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@reports_errors
def glossary_export(fmt: str, out: Path) -> None:
    """Write glossary/terms.yaml as TBX or CSV to OUT."""
    from portal.glossary import Glossary
    from portal.glossary.exchange import write_exchange

    terms = Glossary.from_project(Project.find())
    write_exchange(terms.entries, out, fmt)
    click.echo(f"{out}: {len(terms)} entries ({fmt}, glossary {terms.version})")


@glossary.command("import")
@click.option("--format", "fmt", type=click.Choice(["tbx", "csv"]), required=True)
@click.option("--into", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Glossary file to merge into (default: glossary/terms.yaml).")
@click.argument("source", metavar="IN", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@reports_errors
def glossary_import(fmt: str, into: Path | None, source: Path) -> None:
    """Merge a TBX or CSV file into the glossary, by entry id."""
    from portal.glossary.exchange import import_into

    target = into or Project.find().glossary_dir / "terms.yaml"
    added, changed = import_into(target, source, fmt)
    click.echo(f"{target}: {len(added)} added, {len(changed)} changed")


@glossary.command("page")
@reports_errors
def glossary_page() -> None:
    """Regenerate docs/vi|en|zh/glossary/index.md from the glossary."""
    from portal.glossary import Glossary
    from portal.glossary.page import write_pages

    project = Project.find()
    for path in write_pages(Glossary.from_project(project), project.docs_dir):
        click.echo(f"wrote {path.relative_to(project.root)}")

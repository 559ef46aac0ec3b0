"""``portal glossary``: exchange the glossary with CAT tools, publish its page."""

from __future__ import annotations

from pathlib import Path

import click

from portal.commands import reports_errors
from portal.fileio import project_lock
from portal.glossary.exchange import FORMATS, import_into, write_exchange
from portal.glossary.load import project_glossary
from portal.glossary.page import write_pages
from portal.project import Project


@click.group("glossary")
def command() -> None:
    """Exchange the glossary with CAT tools and publish its page."""


@command.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@reports_errors
def export(fmt: str, out: Path) -> None:
    """Write glossary/terms.yaml as TBX or CSV to OUT."""
    project = Project.find()
    terms = project_glossary(project)
    write_exchange(terms.entries, out, fmt, project.languages.codes)
    click.echo(f"{out}: {len(terms)} entries ({fmt}, glossary {terms.version})")


@command.command("import")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option("--into", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Glossary file to merge into (default: glossary/terms.yaml).")
@click.argument("source", metavar="IN", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@reports_errors
def import_(fmt: str, into: Path | None, source: Path) -> None:
    """Merge a TBX or CSV file into the glossary, by entry id."""
    project = Project.find()
    target = into or project.glossary_dir / "terms.yaml"
    with project_lock(project.root):
        added, changed = import_into(target, source, fmt, project.languages.codes)
    click.echo(f"{target}: {len(added)} added, {len(changed)} changed")


@command.command("page")
@reports_errors
def page() -> None:
    """Regenerate docs/<language>/glossary/index.md from the glossary, for every language."""
    project = Project.find()
    with project_lock(project.root):
        written = write_pages(project_glossary(project), project.docs_dir, project.languages)
    for path in written:
        click.echo(f"wrote {path.relative_to(project.root)}")

"""``portal review``: exchange with CAT tools (XLIFF, TMX) and the review report."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import click

from portal.commands import reports_errors, reviewer
from portal.glossary.load import project_glossary
from portal.project import Project
from portal.review.records import write_tmx
from portal.review.report import write_report
from portal.review.xliff import export_xliff, import_xliff


@click.group("review")
def command() -> None:
    """Exchange pages with CAT tools (XLIFF, TMX) and build the review report."""


@command.command("export")
@click.option("--xliff", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="XLIFF 1.2 file to write.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@reports_errors
def export(out: Path, paths: tuple[Path, ...]) -> None:
    """Write the pages needing review (machine, needs-review, stale) as one XLIFF 1.2 file."""
    project = Project.find()
    skipped: list[str] = []
    files, units = export_xliff(project, out, paths, project_glossary(project), skipped)
    for reason in skipped:
        click.echo(f"portal: warning: left out {reason}", err=True)
    click.echo(f"{out}: {files} page(s), {units} unit(s)")


@command.command("import")
@click.argument("source", metavar="IN", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--approve", "approve_pages", is_flag=True, help="Approve pages whose units are all approved.")
@click.option("--by", "by", default=None,
              help="Reviewer name for --approve (default: git config user.name, else $USER).")
@reports_errors
def import_(source: Path, approve_pages: bool, by: str | None) -> None:
    """Write the approved units of an XLIFF file back into the target pages."""
    project = Project.find()
    results = import_xliff(project, source, approve_pages, by or reviewer(), datetime.now(timezone.utc),
                           project_glossary(project))
    conflicts = 0
    for result in results:
        click.echo(f"docs/{result.lang}/{result.page}: {result.updated} block(s) updated -> {result.status}")
        for reason in result.skipped:
            click.echo(f"  {reason}")
        for change in result.sanitised:
            click.echo(f"  made inert: {change}")
        for conflict in result.conflicts:
            click.echo(f"  conflict: {conflict}", err=True)
        conflicts += len(result.conflicts)
    if conflicts:
        click.echo(f"portal: {conflicts} block(s) conflict with edits made since the export; "
                   "nothing of either version was lost", err=True)
        sys.exit(1)


@command.command("tmx")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@reports_errors
def tmx(out: Path) -> None:
    """Export the approved block pairs (glossary/reviews/) as a TMX translation memory."""
    count = write_tmx(Project.find(), out)
    click.echo(f"{out}: {count} translation unit(s)")


@command.command("report")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site-review"),
              show_default=True, help="Folder for the report.")
@reports_errors
def report(out_dir: Path) -> None:
    """Build the static HTML review report: states, then every page side by side."""
    project = Project.find()
    path = write_report(project, out_dir, project_glossary(project))
    click.echo(f"review report: {path.resolve()}")

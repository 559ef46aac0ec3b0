"""``portal import``: government documents as Vietnamese pages."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from portal.commands import echo_json, reports_errors
from portal.fileio import project_lock
from portal.importer import ImportFailure, import_files, out_dir_in
from portal.project import Project


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the pages, under docs/vi (default: docs/vi/plans).")
@click.option("--force", is_flag=True, help="Replace pages edited since they were imported (a dated backup is kept).")
@click.option("--skip-edited", is_flag=True, help="Leave pages edited since they were imported alone.")
@click.option("--json", "as_json", is_flag=True, help="Print what was recognised in each file as JSON.")
@reports_errors
def command(files: tuple[Path, ...], out_dir: Path | None, force: bool, skip_edited: bool, as_json: bool) -> None:
    """Import government documents (.txt, .docx, .pdf, or folders of them) as Vietnamese pages.

    The originals are copied into the project's sources/ folder.  Exits 2 if
    any file could not be imported (the others are imported all the same).
    """
    project = Project.find()
    with project_lock(project.root):
        results = import_files(list(files), out_dir_in(project, out_dir), force=force, skip_edited=skip_edited,
                               sources_dir=project.sources_dir)
    failures = [result for result in results if isinstance(result, ImportFailure)]
    for result in results:
        if isinstance(result, ImportFailure):
            click.echo(f"portal: error: {result.error}", err=True)
        else:
            for warning in result.warnings:
                click.echo(f"portal: warning: {warning}", err=True)
    if as_json:
        echo_json([result.as_dict() for result in results])
    else:
        for result in results:
            if not isinstance(result, ImportFailure):
                click.echo(result.summary)
    if failures:
        sys.exit(2)

"""``portal check``: translated pages against the glossary."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from portal.commands import echo_json, reports_errors
from portal.glossary.check import check_project, format_report, report_json
from portal.glossary.load import project_glossary
from portal.project import Project


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@reports_errors
def command(paths: tuple[Path, ...], as_json: bool) -> None:
    """Check translated pages against the glossary (default: every translated page).

    PATHS are pages or folders under docs/<language>/ (a source page stands for
    its translations).  Drafts only warn; exits 1 when a page whose status is
    `reviewed` has a violation.
    """
    project = Project.find()
    report = check_project(project, project_glossary(project), paths)
    if as_json:
        echo_json(report_json(report))
    else:
        click.echo(format_report(report))
    sys.exit(1 if report.failed else 0)

"""``portal status``: the review state of every translated page."""

from __future__ import annotations

from pathlib import Path

import click

from portal.commands import echo_json, reports_errors
from portal.glossary.load import project_glossary
from portal.project import Project
from portal.review.pages import page_reviews
from portal.review.report import format_status


@click.command("status")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one object per page and language.")
@reports_errors
def command(paths: tuple[Path, ...], as_json: bool) -> None:
    """Review state of every translated page: missing, machine, needs-review, stale, reviewed.

    PATHS are pages or folders under docs/<language>/ (a source page: every language).
    """
    project = Project.find()
    reviews = page_reviews(project, paths, project_glossary(project))
    if as_json:
        echo_json([r.as_dict() for r in reviews])
    else:
        click.echo(format_status(reviews, project.languages.target_codes))

"""``portal approve``: a translator approves pages."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import click

from portal.commands import reports_errors, reviewer
from portal.glossary.load import project_glossary
from portal.project import Project
from portal.review.approve import approve


@click.command("approve")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--by", "by", default=None, help="Reviewer name (default: git config user.name, else $USER).")
@click.option("--force", is_flag=True, help="Approve despite glossary violations.")
@reports_errors
def command(paths: tuple[Path, ...], by: str | None, force: bool) -> None:
    """Approve translated pages (a docs/vi page approves its page in every language)."""
    project = Project.find()
    records = approve(project, paths, by or reviewer(), datetime.now(timezone.utc), force, project_glossary(project))
    for record in records:
        click.echo(f"approved docs/{record.lang}/{record.page} ({len(record.blocks)} blocks) by {record.by}")

"""``portal diff``: what changed in a page's source since its translation was approved."""

from __future__ import annotations

from pathlib import Path

import click

from portal.commands import echo_json, reports_errors
from portal.errors import PortalError
from portal.project import Project
from portal.review.diff import diff
from portal.review.report import format_diff


@click.command("diff")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--lang", default=None, help="Target language, for a source page (default: every one).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--suggest/--no-suggest", default=True, show_default=True,
              help="Machine suggestions for changed blocks when a model is installed.")
@reports_errors
def command(path: Path, lang: str | None, as_json: bool, suggest: bool) -> None:
    """Which source blocks changed since the translation at PATH was approved."""
    project = Project.find()
    try:
        under = path.resolve().relative_to(project.docs_dir.resolve()).parts[:1]
    except ValueError:
        raise PortalError("not a page under docs/", path) from None
    languages = project.languages
    langs = languages.target_codes if lang is None and under == (languages.source.code,) else (lang,)
    diffs = [diff(project, path, one, suggest=suggest) for one in langs]
    if as_json:
        data = [d.as_dict() for d in diffs]
        echo_json(data if len(data) > 1 else data[0])
    else:
        click.echo("\n\n".join(format_diff(d) for d in diffs))

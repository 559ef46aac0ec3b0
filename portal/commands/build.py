"""``portal build``: the site, with the warnings of every language."""

from __future__ import annotations

from pathlib import Path

import click

from portal.commands import reports_errors
from portal.project import Project
from portal.sitebuild.build import build_site, measure_site


@click.command("build")
@click.option("--site-dir", type=click.Path(path_type=Path), default=None, help="Output folder (default: site/).")
@click.option("--locale", default=None, help="Build one language only, at the root.")
@click.option("--no-strict", is_flag=True, help="Do not fail on warnings.")
@click.option("--reviewed-only", is_flag=True, help="Publish only translations a translator approved.")
@click.option("--site-url", default=None, help="The portal's public address (default: $PORTAL_SITE_URL).")
@click.option("--production", is_flag=True, help="Refuse to build without the public address.")
@reports_errors
def command(site_dir: Path | None, locale: str | None, no_strict: bool, reviewed_only: bool,
            site_url: str | None, production: bool) -> None:
    """Build the portal; the warnings of every language are reported, then fail."""
    project = Project.find()
    if locale is not None:
        project.languages[locale]  # an unknown language is an error naming the ones there are
    report = build_site(project, site_dir, strict=not no_strict, locale=locale, reviewed_only=reviewed_only,
                        site_url=site_url, production=production)
    for lang, warnings in report.warnings.items():
        for warning in warnings:
            click.echo(f"[{lang}] {warning}", err=True)
    if report.site_url is None:
        click.echo("note: PORTAL_SITE_URL is not set: feeds, sitemaps and canonical links name mkdocs.yml's "
                   "preview address (right for `make serve` only); set it, or pass --site-url, for production "
                   "(--production refuses to build without it)", err=True)
    built = Path(site_dir or project.root / "site")
    click.echo(f"built {built} in {report.seconds:.1f} s")
    languages = project.languages
    others = languages.target_codes if locale is None else ()
    for weight in measure_site(built, locale or languages.source.code, others):
        click.echo(
            f"  {weight.lang}: {weight.pages} pages, mean {weight.mean_page_bytes / 1024:.0f} KiB of HTML,"
            f" search index {weight.search_index_bytes / 1024:.0f} KiB"
        )

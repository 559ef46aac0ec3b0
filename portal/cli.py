"""The ``portal`` command: argument parsing only, every command calls the library.

Each stage adds its subcommand here as a small function over its module.
"""

from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

import click

from portal import __version__
from portal.errors import PortalError
from portal.glossary.load import project_glossary
from portal.project import Project
from portal.sitebuild.build import build_site, measure_site


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

    Source pages in docs/vi/ are translated to the portal's other languages
    (docs/en/, docs/zh/: mkdocs.yml lists them), checked against the
    glossary, reviewed by translators and built into the site with MkDocs.
    """
    # The library reports what it worked around (a stale lock...) on the "portal" logger.
    logging.basicConfig(format="portal: %(levelname)s: %(message)s", level=logging.WARNING, stream=sys.stderr)
    logging.addLevelName(logging.WARNING, "warning")


@main.command()
@click.option("--site-dir", type=click.Path(path_type=Path), default=None, help="Output folder (default: site/).")
@click.option("--locale", default=None, help="Build one language only, at the root.")
@click.option("--no-strict", is_flag=True, help="Do not fail on warnings.")
@click.option("--reviewed-only", is_flag=True, help="Publish only translations a translator approved.")
@click.option("--site-url", default=None, help="The portal's public address (default: $PORTAL_SITE_URL).")
@click.option("--production", is_flag=True, help="Refuse to build without the public address.")
@reports_errors
def build(site_dir: Path | None, locale: str | None, no_strict: bool, reviewed_only: bool,
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


# ---------------------------------------------------------------- glossary


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@reports_errors
def check(paths: tuple[Path, ...], as_json: bool) -> None:
    """Check translated pages against the glossary (default: every translated page).

    PATHS are pages or folders under docs/<language>/ (a source page stands for
    its translations).  Drafts only warn; exits 1 when a page whose status is
    `reviewed` has a violation.
    """
    import json

    from portal.glossary.check import check_project, format_report, report_json

    project = Project.find()
    report = check_project(project, project_glossary(project), paths)
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
    from portal.glossary.exchange import write_exchange

    project = Project.find()
    terms = project_glossary(project)
    write_exchange(terms.entries, out, fmt, project.languages.codes)
    click.echo(f"{out}: {len(terms)} entries ({fmt}, glossary {terms.version})")


@glossary.command("import")
@click.option("--format", "fmt", type=click.Choice(["tbx", "csv"]), required=True)
@click.option("--into", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Glossary file to merge into (default: glossary/terms.yaml).")
@click.argument("source", metavar="IN", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@reports_errors
def glossary_import(fmt: str, into: Path | None, source: Path) -> None:
    """Merge a TBX or CSV file into the glossary, by entry id."""
    from portal.fileio import project_lock
    from portal.glossary.exchange import import_into

    project = Project.find()
    target = into or project.glossary_dir / "terms.yaml"
    with project_lock(project.root):
        added, changed = import_into(target, source, fmt, project.languages.codes)
    click.echo(f"{target}: {len(added)} added, {len(changed)} changed")


@glossary.command("page")
@reports_errors
def glossary_page() -> None:
    """Regenerate docs/<language>/glossary/index.md from the glossary, for every language."""
    from portal.fileio import project_lock
    from portal.glossary.page import write_pages

    project = Project.find()
    with project_lock(project.root):
        written = write_pages(project_glossary(project), project.docs_dir, project.languages)
    for path in written:
        click.echo(f"wrote {path.relative_to(project.root)}")


# ------------------------------------------------------------- translation


def backend_options(command):
    """--backend, --endpoint, --api-key: which engine translates (see portal.settings)."""
    command = click.option(
        "--api-key", default=None, metavar="KEY",
        help="LibreTranslate API key; better PORTAL_LIBRETRANSLATE_API_KEY (arguments are visible to other users).",
    )(command)
    command = click.option(
        "--endpoint", "endpoints", multiple=True, metavar="URL",
        help="A LibreTranslate server or load balancer, repeatable; also PORTAL_LIBRETRANSLATE_ENDPOINTS.",
    )(command)
    return click.option(
        "--backend", type=click.Choice(["argos", "libretranslate"]), default=None,
        help="Installed Argos packages in process (default) or LibreTranslate servers; "
             "also PORTAL_TRANSLATION_BACKEND or mkdocs.yml extra.portal.translation.",
    )(command)


@main.group()
def models() -> None:
    """Install and list translation models (Argos packages in .models/)."""


@models.command("install")
@click.argument("pairs", nargs=-1)
@click.option("--from", "source", type=click.Path(path_type=Path), default=None,
              help="An .argosmodel file or an unpacked package folder.")
@click.option("--index", "use_index", is_flag=True, help="Download PAIRS (vi:en ...) from the Argos package index.")
@click.option("--manifest", "manifest", is_flag=False, flag_value="", default=None, metavar="[FILE]",
              help="Download PAIRS from the pinned manifest (default portal/translation/manifest.yaml).")
@reports_errors
def models_install(pairs: tuple[str, ...], source: Path | None, use_index: bool, manifest: str | None) -> None:
    """Install translation packages into the project's .models/ folder."""
    from portal.translation import packages as portal_models

    project = Project.find()
    if manifest and not Path(manifest).exists() and ":" in manifest:  # `--manifest vi:en`: a pair, not a file
        pairs, manifest = (manifest, *pairs), ""
    manifest_path = Path(manifest) if manifest else portal_models.MANIFEST_PATH
    wanted = [portal_models.parse_pair(p) for p in pairs]
    if source is not None:
        installed = [portal_models.install_from_path(source, project.models_dir)]
    elif use_index:
        installed = portal_models.install_from_index(wanted, project.models_dir, project.cache_dir, manifest_path)
    elif manifest is not None:
        installed = portal_models.install_from_manifest(wanted, project.models_dir, project.cache_dir, manifest_path)
    else:
        raise PortalError("say where from: --from PATH, --index PAIR..., or --manifest [FILE] PAIR...")
    for package in installed:
        click.echo(f"installed {package.from_code}->{package.to_code} {package.version}: {package.path}")


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@backend_options
@reports_errors
def models_list(as_json: bool, backend: str | None, endpoints: tuple[str, ...], api_key: str | None) -> None:
    """Installed pairs, versions and paths (or the pairs the LibreTranslate servers offer)."""
    import json

    from portal.settings import translation_settings
    from portal.translation.packages import list_installed

    project = Project.find()
    settings = translation_settings(project, backend=backend, endpoints=endpoints, api_key=api_key)
    if settings.libretranslate is not None:
        _list_server_pairs(settings.libretranslate, project.languages.pivot, as_json)
        return
    packages = list_installed(project.models_dir)
    if as_json:
        rows = [{"pair": p.pair, "version": p.version, "model": p.model_id, "path": str(p.path)} for p in packages]
        click.echo(json.dumps(rows, indent=2))
        return
    if not packages:
        click.echo(f"no translation models in {project.models_dir} (see `portal models install --help`)")
    for package in packages:
        click.echo(f"{package.from_code}->{package.to_code}\t{package.version}\t{package.path}")


def _list_server_pairs(config, pivot: str, as_json: bool) -> None:
    import json

    from portal.translation.backends.libretranslate import LibreTranslateServers

    servers = LibreTranslateServers(config, pivot)
    rows = []
    for (source, target), pair in servers.pairs().items():
        through = servers.pivots(source, target)
        rows.append({
            "pair": f"{source}-{target}",
            "model": servers.model_id(source, target) or "+".join(
                servers.model_id(*leg) for leg in ((source, pivot), (pivot, target))),
            "route": f"through {pivot}" if through else "direct",
            "endpoints": [servers.stats[url].url for url in pair.endpoints],
        })
    for warning in servers.warnings:
        click.echo(f"portal: warning: {warning}", err=True)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['pair'].replace('-', '->')}\t{row['route']}\t{row['model']}\t{', '.join(row['endpoints'])}")


@main.command("translate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--to", "targets", default=None, help="Target languages, e.g. en,zh (default: every target language).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@click.option("--force", is_flag=True, help="Also translate pages marked `quality: ocr`.")
@click.option("--require-models", is_flag=True, help="Fail if a language pair has no model (default: skip it).")
@click.option("--beam-size", type=click.IntRange(1), default=2, show_default=True, help="Beam size (argos backend).")
@click.option("--batch-size", type=click.IntRange(1), default=1024, show_default=True,
              help="Tokens per model batch (argos backend).")
@click.option("--threads", type=click.IntRange(0), default=0, help="CPU threads, 0: all (argos backend).")
@click.option("--compute-type", default="default", show_default=True,
              help="CTranslate2 compute type, e.g. int8 (argos backend).")
@click.option("--quiet", is_flag=True, help="No progress bar or messages.")
@backend_options
@reports_errors
def translate_command(paths, targets, as_json, force, require_models, beam_size, batch_size, threads,
                      compute_type, quiet, backend, endpoints, api_key) -> None:
    """Machine pre-translate source pages (PATHS; default all) into the target languages."""
    import json

    from portal.settings import translation_settings, with_progress
    from portal.translation.backends.argos import ArgosConfig
    from portal.translation.run import TranslateConfig, load_project_glossary, translate_pages

    project = Project.find()
    progress = not quiet and not as_json
    settings = with_progress(translation_settings(project, backend=backend, endpoints=endpoints, api_key=api_key),
                             progress)
    argos = ArgosConfig(beam_size=beam_size, max_batch_size=batch_size, intra_threads=threads,
                        compute_type=compute_type, progress=progress)
    wanted = None if targets is None else tuple(t.strip() for t in targets.split(",") if t.strip())
    config = TranslateConfig(wanted, force, require_models, argos, settings.libretranslate)
    summary = translate_pages(project, list(paths), config, glossary=load_project_glossary(project))
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        sys.exit(1 if summary.errors else 0)
    for error in summary.errors:
        click.echo(f"portal: error: {error}", err=True)
    for message in summary.messages:
        click.echo(f"portal: warning: {message}", err=True)
    if not quiet:
        for page in summary.pages:
            if page.status.startswith("skipped") and page.status != "skipped-no-model":
                click.echo(f"{page.path} [{page.lang}]: {page.status}")
        click.echo(
            f"{summary.segments} segments: {summary.translated} translated, {summary.reused} from memory; "
            f"{summary.pages_written} pages written, {summary.pages_unchanged} unchanged, "
            f"{summary.pages_skipped} skipped in {summary.seconds:.1f} s"
        )
    if summary.errors:
        click.echo(f"portal: {len(summary.errors)} page(s) could not be translated (above); the others were", err=True)
        sys.exit(1)


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the pages, under docs/vi (default: docs/vi/plans).")
@click.option("--force", is_flag=True, help="Replace pages edited since they were imported (a dated backup is kept).")
@click.option("--skip-edited", is_flag=True, help="Leave pages edited since they were imported alone.")
@click.option("--json", "as_json", is_flag=True, help="Print what was recognised in each file as JSON.")
@reports_errors
def import_command(files: tuple[Path, ...], out_dir: Path | None, force: bool, skip_edited: bool,
                   as_json: bool) -> None:
    """Import government documents (.txt, .docx, .pdf, or folders of them) as Vietnamese pages.

    The originals are copied into the project's sources/ folder.  Exits 2 if
    any file could not be imported (the others are imported all the same).
    """
    import json

    from portal.fileio import project_lock
    from portal.importer import ImportFailure, import_files, out_dir_in

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
        click.echo(json.dumps([result.as_dict() for result in results], ensure_ascii=False, indent=2))
    else:
        for result in results:
            if not isinstance(result, ImportFailure):
                click.echo(result.summary)
    if failures:
        sys.exit(2)


# ------------------------------------------------------------------ review


def _reviewer() -> str:
    """`git config user.name`, else $USER."""
    import os
    import subprocess

    try:
        name = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name or os.environ.get("USER", "")


@main.command("status")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one object per page and language.")
@reports_errors
def status_command(paths: tuple[Path, ...], as_json: bool) -> None:
    """Review state of every translated page: missing, machine, needs-review, stale, reviewed.

    PATHS are pages or folders under docs/vi (every language), docs/en or docs/zh.
    """
    import json

    from portal.review.pages import page_reviews
    from portal.review.report import format_status

    project = Project.find()
    reviews = page_reviews(project, paths, project_glossary(project))
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in reviews], ensure_ascii=False, indent=2))
    else:
        click.echo(format_status(reviews, project.languages.target_codes))


@main.command("approve")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--by", "by", default=None, help="Reviewer name (default: git config user.name, else $USER).")
@click.option("--force", is_flag=True, help="Approve despite glossary violations.")
@reports_errors
def approve_command(paths: tuple[Path, ...], by: str | None, force: bool) -> None:
    """Approve translated pages (a docs/vi page approves its English and Chinese pages)."""
    from datetime import datetime, timezone

    from portal.review.approve import approve

    project = Project.find()
    records = approve(project, paths, by or _reviewer(), datetime.now(timezone.utc), force,
                      project_glossary(project))
    for record in records:
        click.echo(f"approved docs/{record.lang}/{record.page} ({len(record.blocks)} blocks) by {record.by}")


@main.command("diff")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--lang", default=None, help="Target language, for a source page (default: every one).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--suggest/--no-suggest", default=True, show_default=True,
              help="Machine suggestions for changed blocks when a model is installed.")
@reports_errors
def diff_command(path: Path, lang: str | None, as_json: bool, suggest: bool) -> None:
    """Which Vietnamese blocks changed since the translation at PATH was approved."""
    import json

    from portal.review.diff import diff
    from portal.review.report import format_diff

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
        click.echo(json.dumps(data if len(data) > 1 else data[0], ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(format_diff(d) for d in diffs))


@main.group()
def review() -> None:
    """Exchange pages with CAT tools (XLIFF, TMX) and build the review report."""


@review.command("export")
@click.option("--xliff", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="XLIFF 1.2 file to write.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@reports_errors
def review_export(out: Path, paths: tuple[Path, ...]) -> None:
    """Write the pages needing review (machine, needs-review, stale) as one XLIFF 1.2 file."""
    from portal.review.xliff import export_xliff

    project = Project.find()
    skipped: list[str] = []
    files, units = export_xliff(project, out, paths, project_glossary(project), skipped)
    for reason in skipped:
        click.echo(f"portal: warning: left out {reason}", err=True)
    click.echo(f"{out}: {files} page(s), {units} unit(s)")


@review.command("import")
@click.argument("source", metavar="IN", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--approve", "approve_pages", is_flag=True, help="Approve pages whose units are all approved.")
@click.option("--by", "by", default=None, help="Reviewer name for --approve (default: git config user.name, else $USER).")
@reports_errors
def review_import(source: Path, approve_pages: bool, by: str | None) -> None:
    """Write the approved units of an XLIFF file back into the target pages."""
    from datetime import datetime, timezone

    from portal.review.xliff import import_xliff

    project = Project.find()
    results = import_xliff(project, source, approve_pages, by or _reviewer(), datetime.now(timezone.utc),
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


@review.command("tmx")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@reports_errors
def review_tmx(out: Path) -> None:
    """Export the approved block pairs (glossary/reviews/) as a TMX translation memory."""
    from portal.review.records import write_tmx

    count = write_tmx(Project.find(), out)
    click.echo(f"{out}: {count} translation unit(s)")


@review.command("report")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site-review"),
              show_default=True, help="Folder for the report.")
@reports_errors
def review_report(out_dir: Path) -> None:
    """Build the static HTML review report: states, then every page side by side."""
    from portal.review.report import write_report

    project = Project.find()
    path = write_report(project, out_dir, project_glossary(project))
    click.echo(f"review report: {path.resolve()}")

"""``portal translate``: machine pre-translation of the source pages."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from portal.commands import backend_options, echo_json, reports_errors
from portal.project import Project
from portal.settings import translation_settings, with_progress
from portal.translation.backends.argos import DEVICES, ArgosConfig
from portal.translation.run import TranslateConfig, load_project_glossary, translate_pages


@click.command("translate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--to", "targets", default=None, help="Target languages, e.g. en,zh (default: every target language).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@click.option("--force", is_flag=True, help="Also translate pages marked `quality: ocr`.")
@click.option("--require-models", is_flag=True, help="Fail if a language pair has no model (default: skip it).")
@click.option("--beam-size", type=click.IntRange(1), default=2, show_default=True, help="Beam size (argos backend).")
@click.option("--batch-size", type=click.IntRange(1), default=ArgosConfig().max_batch_size, show_default=True,
              help="Tokens per model batch, padding included (argos backend).")
@click.option("--threads", type=click.IntRange(0), default=0,
              help="CPU cores, one model replica each; 0: all available (argos backend).")
@click.option("--device", type=click.Choice(DEVICES), default="auto", show_default=True,
              help="Where the model runs; auto: a GPU when CTranslate2 sees one (argos backend).")
@click.option("--compute-type", default="default", show_default=True,
              help="CTranslate2 compute type, e.g. int8 (argos backend).")
@click.option("--quiet", is_flag=True, help="No progress bar or messages.")
@backend_options
@reports_errors
def command(paths, targets, as_json, force, require_models, beam_size, batch_size, threads, device,
            compute_type, quiet, backend, endpoints, api_key) -> None:
    """Machine pre-translate source pages (PATHS; default all) into the target languages."""
    project = Project.find()
    progress = not quiet and not as_json
    settings = with_progress(translation_settings(project, backend=backend, endpoints=endpoints, api_key=api_key),
                             progress)
    argos = ArgosConfig(beam_size=beam_size, max_batch_size=batch_size, inter_threads=threads,
                        device=device, compute_type=compute_type, progress=progress)
    wanted = None if targets is None else tuple(t.strip() for t in targets.split(",") if t.strip())
    config = TranslateConfig(wanted, force, require_models, argos, settings.libretranslate)
    summary = translate_pages(project, list(paths), config, glossary=load_project_glossary(project))
    if as_json:
        echo_json(summary.as_dict())
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

"""``portal models``: install and list translation packages, or the servers' pairs."""

from __future__ import annotations

from pathlib import Path

import click

from portal.commands import backend_options, echo_json, reports_errors
from portal.errors import PortalError
from portal.project import Project
from portal.settings import translation_settings
from portal.translation import packages
from portal.translation.backends.argos import available_cores, resolve_device
from portal.translation.backends.libretranslate import LibreTranslateServers


@click.group("models")
def command() -> None:
    """Install and list translation models (Argos packages in .models/)."""


@command.command("install")
@click.argument("pairs", nargs=-1)
@click.option("--from", "source", type=click.Path(path_type=Path), default=None,
              help="An .argosmodel file or an unpacked package folder.")
@click.option("--index", "use_index", is_flag=True, help="Download PAIRS (vi:en ...) from the Argos package index.")
@click.option("--manifest", "manifest", is_flag=False, flag_value="", default=None, metavar="[FILE]",
              help="Download PAIRS from the pinned manifest (default portal/translation/manifest.yaml).")
@reports_errors
def install(pairs: tuple[str, ...], source: Path | None, use_index: bool, manifest: str | None) -> None:
    """Install translation packages into the project's .models/ folder."""
    project = Project.find()
    if manifest and not Path(manifest).exists() and ":" in manifest:  # `--manifest vi:en`: a pair, not a file
        pairs, manifest = (manifest, *pairs), ""
    manifest_path = Path(manifest) if manifest else packages.MANIFEST_PATH
    wanted = [packages.parse_pair(p) for p in pairs]
    if source is not None:
        installed = [packages.install_from_path(source, project.models_dir)]
    elif use_index:
        installed = packages.install_from_index(wanted, project.models_dir, project.cache_dir, manifest_path)
    elif manifest is not None:
        installed = packages.install_from_manifest(wanted, project.models_dir, project.cache_dir, manifest_path)
    else:
        raise PortalError("say where from: --from PATH, --index PAIR..., or --manifest [FILE] PAIR...")
    for package in installed:
        click.echo(f"installed {package.from_code}->{package.to_code} {package.version}: {package.path}")


@command.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@backend_options
@reports_errors
def list_(as_json: bool, backend: str | None, endpoints: tuple[str, ...], api_key: str | None) -> None:
    """Installed pairs, versions and paths (or the pairs the LibreTranslate servers offer)."""
    project = Project.find()
    settings = translation_settings(project, backend=backend, endpoints=endpoints, api_key=api_key)
    if settings.libretranslate is not None:
        server_pairs(settings.libretranslate, project.languages.pivot, as_json)
        return
    installed = packages.list_installed(project.models_dir)
    if as_json:
        echo_json([{"pair": p.pair, "version": p.version, "model": p.model_id, "path": str(p.path)} for p in installed])
        return
    if not installed:
        click.echo(f"no translation models in {project.models_dir} (see `portal models install --help`)")
    for package in installed:
        click.echo(f"{package.from_code}->{package.to_code}\t{package.version}\t{package.path}")
    if installed:
        click.echo(f"models run on: {where_models_run()}")


def where_models_run() -> str:
    """The device ``portal translate`` picks by default (``--device auto``), and its parallelism."""
    import ctranslate2

    if resolve_device("auto") == "cuda":
        return f"cuda ({ctranslate2.get_cuda_device_count()} GPU(s) seen; the first is used)"
    return f"cpu ({available_cores()} cores, one model replica each; no GPU seen by CTranslate2)"


def server_pairs(config, pivot: str, as_json: bool) -> None:
    """The pairs the LibreTranslate servers offer: direct or through the pivot, and where."""
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
        echo_json(rows)
        return
    for row in rows:
        click.echo(f"{row['pair'].replace('-', '->')}\t{row['route']}\t{row['model']}\t{', '.join(row['endpoints'])}")

"""The ``portal`` subcommands, one module each (``portal.cli`` loads them when asked for).

A command parses its arguments, calls the library and prints; it never holds
logic of its own.  What several commands share is here: errors turned into one
line and exit status 2, the reviewer's default name, the translation backend's
options.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys

import click

from portal.errors import PortalError


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


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def reviewer() -> str:
    """The reviewer's name when --by is not given: `git config user.name`, else $USER."""
    try:
        name = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name or os.environ.get("USER", "")


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

"""The ``portal`` command: one subcommand per module of :mod:`portal.commands`.

A subcommand's module is imported only when it is run (or listed by
``--help``), so ``portal build`` never pays for translate-toolkit or
CTranslate2.  Every command parses its arguments and calls the library.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from portal import __version__

COMMANDS = {
    "import": "portal.commands.importing",
    "models": "portal.commands.models",
    "translate": "portal.commands.translate",
    "check": "portal.commands.check",
    "glossary": "portal.commands.glossary",
    "status": "portal.commands.status",
    "approve": "portal.commands.approve",
    "diff": "portal.commands.diff",
    "review": "portal.commands.review",
    "build": "portal.commands.build",
}
"""Subcommand name -> module holding it as ``command``, in the order of the workflow."""


class Commands(click.Group):
    """The subcommands of :data:`COMMANDS`, loaded when asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = COMMANDS.get(name)
        return importlib.import_module(module).command if module else None


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
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

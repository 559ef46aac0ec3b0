"""The pipeline's settings: ``extra: portal:`` in mkdocs.yml, the environment, the command line.

Rules:

- ``mkdocs.yml`` is read as data by :func:`portal.languages.read_mkdocs_config`
  (``!ENV`` resolved as MkDocs does, nothing executed); its lines and tags are
  read here too, so that errors name the line and a secret can be told from
  an ``!ENV`` reference.  The languages themselves are :mod:`portal.languages`'.
- Unknown keys and values of the wrong kind are errors reading
  ``mkdocs.yml:line: extra.portal.translation.key: problem``.
- Precedence, highest first: the command line, the environment
  (``PORTAL_TRANSLATION_BACKEND``, ``PORTAL_LIBRETRANSLATE_ENDPOINTS`` separated by
  spaces or commas, ``PORTAL_LIBRETRANSLATE_API_KEY``), ``mkdocs.yml``, the defaults.
- Secrets are never committed: ``api_key`` in ``mkdocs.yml`` is refused unless
  it is an ``!ENV`` tag naming an environment variable.

The translation settings::

    extra:
      portal:
        translation:
          backend: libretranslate          # or argos (default): installed packages, in process
          libretranslate:
            endpoints: [https://lt1.example.gov.vn, https://lt2.example.gov.vn]
            api_key: !ENV PORTAL_LIBRETRANSLATE_API_KEY
            timeout: 120                   # seconds for one request
            retries: 4
            batch_size: 16                 # sentences per request
            concurrency: 2                 # requests in flight per endpoint
            model_version: "1.9"           # the servers' packages, for the translation memory
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from portal.errors import PortalError
from portal.languages import read_mkdocs_config

if TYPE_CHECKING:
    from portal.project import Project
    from portal.translation.backends.libretranslate import LibreTranslateConfig

BACKENDS = ("argos", "libretranslate")
ENV_BACKEND = "PORTAL_TRANSLATION_BACKEND"
ENV_ENDPOINTS = "PORTAL_LIBRETRANSLATE_ENDPOINTS"
ENV_API_KEY = "PORTAL_LIBRETRANSLATE_API_KEY"

# Settable in mkdocs.yml: key -> (type, check, what it must be).
_LIBRETRANSLATE_KEYS = {
    "timeout": (float, lambda v: v > 0, "a positive number of seconds"),
    "connect_timeout": (float, lambda v: v > 0, "a positive number of seconds"),
    "retries": (int, lambda v: v >= 0, "a whole number >= 0"),
    "backoff": (float, lambda v: v >= 0, "a number of seconds >= 0"),
    "max_backoff": (float, lambda v: v >= 0, "a number of seconds >= 0"),
    "batch_size": (int, lambda v: v >= 1, "a whole number >= 1"),
    "concurrency": (int, lambda v: v >= 1, "a whole number >= 1"),
    "model_version": (str, lambda v: re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z._-]{0,31}", v), "a version like 1.9"),
}


class SettingsError(PortalError):
    """A setting is missing, unknown or malformed."""


@dataclass(frozen=True, slots=True)
class TranslationSettings:
    """Which engine translates, and how to reach it."""

    backend: str = "argos"
    libretranslate: LibreTranslateConfig | None = None
    """Set when ``backend`` is ``libretranslate``."""


def _nodes(path: Path) -> yaml.Node | None:
    """The node tree of ``mkdocs.yml``: lines and tags, nothing constructed (read_mkdocs_config parsed it)."""
    return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    return None


def _mapping(node: yaml.Node | None, values, path: Path, where: str, keys: tuple[str, ...]) -> dict[str, tuple]:
    """``{key: (value, node, line)}`` of a mapping (its node and its data); unknown keys are errors."""
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode) or not isinstance(values, dict):
        raise SettingsError(f"{where}: expected a mapping", path, node.start_mark.line + 1)
    found = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if key_node.value not in keys:
            raise SettingsError(f"{where}.{key_node.value}: unknown setting; expected one of {', '.join(keys)}",
                                path, line)
        found[key_node.value] = (values.get(key_node.value), value_node, line)
    return found


def translation_settings(
    project: Project,
    environ: Mapping[str, str] | None = None,
    backend: str | None = None,
    endpoints: tuple[str, ...] = (),
    api_key: str | None = None,
) -> TranslationSettings:
    """The translation settings: command line (the arguments), environment, ``mkdocs.yml``, defaults."""
    from portal.translation.backends.libretranslate import LibreTranslateConfig

    environ = os.environ if environ is None else environ
    config = _ConfigFile(project.root / "mkdocs.yml")
    chosen = _backend(backend, environ, config)
    if chosen == "argos":
        if endpoints or api_key:
            raise SettingsError("--endpoint and --api-key are options of the libretranslate backend: "
                                "add --backend libretranslate")
        return TranslationSettings()
    settings = config.libretranslate()
    return TranslationSettings(backend=chosen, libretranslate=LibreTranslateConfig(
        endpoints=_endpoints(endpoints, environ, settings, config),
        api_key=_api_key(api_key, environ, settings, config) or "",
        **_libretranslate_options(settings, config),
    ))


class _ConfigFile:
    """``extra.portal.translation`` of ``mkdocs.yml``: its values with their lines and tags."""

    WHERE = "extra.portal.translation"
    LIBRETRANSLATE = f"{WHERE}.libretranslate"

    def __init__(self, path: Path):
        self.path = path
        extra = read_mkdocs_config(path.parent).get("extra")
        portal = extra.get("portal") if isinstance(extra, dict) else None
        values = portal.get("translation") if isinstance(portal, dict) else None
        node = _child(_child(_child(_nodes(path), "extra"), "portal"), "translation")
        self.translation = _mapping(node, values, path, self.WHERE, ("backend", "libretranslate"))

    def libretranslate(self) -> dict[str, tuple]:
        """``{key: (value, node, line)}`` of ``extra.portal.translation.libretranslate``."""
        if "libretranslate" not in self.translation:
            return {}
        value, node, _ = self.translation["libretranslate"]
        return _mapping(node, value, self.path, self.LIBRETRANSLATE,
                        ("endpoints", "api_key", "direct_pairs", *_LIBRETRANSLATE_KEYS))

    def error(self, key: str, problem: str, line: int) -> SettingsError:
        return SettingsError(f"{self.LIBRETRANSLATE}.{key}: {problem}", self.path, line)


def _backend(backend: str | None, environ: Mapping[str, str], config: _ConfigFile) -> str:
    chosen, source = backend, "--backend"
    if not chosen and environ.get(ENV_BACKEND):
        chosen, source = environ[ENV_BACKEND].strip(), ENV_BACKEND
    if not chosen and "backend" in config.translation:
        value, _, line = config.translation["backend"]
        chosen, source = str(value), f"{config.path}:{line}: {config.WHERE}.backend"
    chosen = chosen or "argos"
    if chosen not in BACKENDS:
        raise SettingsError(f"{source}: unknown translation backend {chosen!r}; expected one of {', '.join(BACKENDS)}")
    return chosen


def _libretranslate_options(settings: dict[str, tuple], config: _ConfigFile) -> dict:
    """The client's tuning (timeouts, batches...) and the server's direct pairs, checked."""
    options: dict = {}
    for key, (kind, check, expected) in _LIBRETRANSLATE_KEYS.items():
        if key not in settings:
            continue
        value, node, line = settings[key]
        if kind is str and isinstance(node, yaml.ScalarNode) and node.tag != "!ENV":
            value = node.value  # as written: YAML would read 1.10 as the number 1.1
        try:
            value = kind(value) if not isinstance(value, bool) else None
        except (TypeError, ValueError):
            value = None
        if value is None or not check(value):
            raise config.error(key, f"expected {expected}", line)
        options[key] = value
    if "direct_pairs" in settings:
        value, _, line = settings["direct_pairs"]
        options["direct_pairs"] = _pairs(value, config.path, line, f"{config.LIBRETRANSLATE}.direct_pairs")
    return options


def _endpoints(endpoints: tuple[str, ...], environ: Mapping[str, str], settings: dict[str, tuple],
               config: _ConfigFile) -> tuple[str, ...]:
    from portal.translation.backends.libretranslate import LibreTranslateError, normalise_endpoint

    urls, origin = tuple(endpoints), "--endpoint"
    if not urls and environ.get(ENV_ENDPOINTS, "").strip():
        urls, origin = tuple(re.split(r"[\s,]+", environ[ENV_ENDPOINTS].strip())), ENV_ENDPOINTS
    if not urls and "endpoints" in settings:
        value, _, line = settings["endpoints"]
        if isinstance(value, str):
            value = re.split(r"[\s,]+", value.strip()) if value.strip() else []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise config.error("endpoints", "expected a list of URLs", line)
        urls, origin = tuple(value), f"{config.path}:{line}: {config.LIBRETRANSLATE}.endpoints"
    if not urls:
        raise SettingsError(
            "the libretranslate backend needs the servers' addresses: --endpoint URL (repeatable), "
            f"{ENV_ENDPOINTS}, or {config.LIBRETRANSLATE}.endpoints in {config.path}")
    try:
        return tuple(normalise_endpoint(url) for url in urls)
    except LibreTranslateError as error:
        raise SettingsError(f"{origin}: {error.message}") from None


def _api_key(api_key: str | None, environ: Mapping[str, str], settings: dict[str, tuple],
             config: _ConfigFile) -> str | None:
    if api_key is not None:
        return api_key
    if environ.get(ENV_API_KEY):
        return environ[ENV_API_KEY]
    if "api_key" not in settings:
        return None
    value, node, line = settings["api_key"]
    if node.tag != "!ENV":
        raise config.error("api_key", f"never commit an API key; set {ENV_API_KEY} in the environment, "
                                      f"or write `api_key: !ENV {ENV_API_KEY}`", line)
    return str(value) if value else None


def _pairs(value, path: Path, line: int, where: str) -> tuple[tuple[str, str], ...]:
    from portal.translation.packages import ModelError, parse_pair

    if not isinstance(value, list):
        raise SettingsError(f"{where}: expected a list of pairs like vi:zh", path, line)
    try:
        return tuple(parse_pair(str(item)) for item in value)
    except ModelError as error:
        raise SettingsError(f"{where}: {error.message}", path, line) from None


def with_progress(settings: TranslationSettings, progress: bool) -> TranslationSettings:
    """``settings`` with the LibreTranslate progress bar switched on or off."""
    if settings.libretranslate is None:
        return settings
    return dataclasses.replace(settings, libretranslate=dataclasses.replace(settings.libretranslate, progress=progress))

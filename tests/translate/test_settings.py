"""Translation settings: mkdocs.yml's extra.portal.translation, the environment, the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from portal_projects import mkdocs_yml

from portal.cli import main
from portal.project import Project
from portal.settings import SettingsError, translation_settings

REPO = Path(__file__).resolve().parents[2]


def project_with(tmp_path, translation: str) -> Project:
    """A project whose mkdocs.yml has MkDocs's tags too, and ``translation`` under extra.portal."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "mkdocs.yml").write_text(mkdocs_yml(extra=(
        "markdown_extensions:\n"
        "  - toc:\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
        "extra:\n"
        "  publish: !ENV [PORTAL_PUBLISH, all]\n"
        "  portal:\n"
        "    pivot_language: en\n"
        "    translation:\n" + "".join(f"      {line}\n" for line in translation.strip("\n").splitlines()))),
        encoding="utf-8")
    return Project(root)


def line_of(project: Project, text: str) -> int:
    """The line of mkdocs.yml that holds ``text``."""
    lines = (project.root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_the_repository_translates_with_installed_packages_by_default():
    settings = translation_settings(Project(REPO), environ={})
    assert settings.backend == "argos" and settings.libretranslate is None


def test_servers_from_mkdocs_yml(tmp_path, monkeypatch):
    project = project_with(tmp_path, """
backend: libretranslate
libretranslate:
  endpoints: [https://lt1.example.gov.vn/, "https://lt2.example.gov.vn/api"]
  api_key: !ENV PORTAL_LIBRETRANSLATE_API_KEY
  timeout: 30
  batch_size: 8
  model_version: 1.10
  direct_pairs: [vi:zh]
""")
    monkeypatch.setenv("PORTAL_LIBRETRANSLATE_API_KEY", "from-the-environment")
    config = translation_settings(project).libretranslate
    assert config.endpoints == ("https://lt1.example.gov.vn", "https://lt2.example.gov.vn/api")
    assert config.api_key == "from-the-environment" and "from-the-environment" not in repr(config)
    assert (config.timeout, config.batch_size, config.retries) == (30.0, 8, 4)
    assert config.model_version == "1.10"  # as written, not the number 1.1
    assert config.direct_pairs == (("vi", "zh"),)


def test_command_line_beats_environment_beats_file(tmp_path):
    project = project_with(tmp_path, """
backend: argos
libretranslate:
  endpoints: [http://file:5000]
""")
    environ = {"PORTAL_TRANSLATION_BACKEND": "libretranslate",
               "PORTAL_LIBRETRANSLATE_ENDPOINTS": "http://env-a:5000, http://env-b:5000",
               "PORTAL_LIBRETRANSLATE_API_KEY": "env-key"}
    assert translation_settings(project, environ={}).backend == "argos"
    from_env = translation_settings(project, environ)
    assert from_env.libretranslate.endpoints == ("http://env-a:5000", "http://env-b:5000")
    assert from_env.libretranslate.api_key == "env-key"
    from_cli = translation_settings(project, environ, endpoints=("http://cli:5000",), api_key="cli-key")
    assert from_cli.libretranslate.endpoints == ("http://cli:5000",) and from_cli.libretranslate.api_key == "cli-key"
    only_file = translation_settings(project, {}, backend="libretranslate")
    assert only_file.libretranslate.endpoints == ("http://file:5000",) and only_file.libretranslate.api_key == ""


def test_a_committed_api_key_is_refused(tmp_path):
    project = project_with(tmp_path, """
backend: libretranslate
libretranslate:
  endpoints: [http://127.0.0.1:5000]
  api_key: 0123-secret
""")
    with pytest.raises(SettingsError) as caught:
        translation_settings(project, environ={})
    message = str(caught.value)
    assert message.startswith(f"{project.root / 'mkdocs.yml'}:{line_of(project, 'api_key:')}: "
                              "extra.portal.translation.libretranslate.api_key: "
                              "never commit an API key")
    assert "!ENV PORTAL_LIBRETRANSLATE_API_KEY" in message and "0123-secret" not in message


@pytest.mark.parametrize(("translation", "where", "problem"), [
    ("backend: libretranslate\nlibretranslate:\n  endpoints: [http://a]\n  timeout: soon\n", "timeout:",
     "extra.portal.translation.libretranslate.timeout: expected a positive number of seconds"),
    ("backend: libretranslate\nlibretranslate:\n  endpoints: [http://a]\n  retry: 3\n", "retry:",
     "extra.portal.translation.libretranslate.retry: unknown setting"),
    ("backend: libretranslate\nlibretranslate:\n  endpoints: [http://a]\n  batch_size: 0\n", "batch_size:",
     "extra.portal.translation.libretranslate.batch_size: expected a whole number >= 1"),
    ("backend: libretranslate\nlibretranslate:\n  endpoints: {a: 1}\n", "endpoints:",
     "extra.portal.translation.libretranslate.endpoints: expected a list of URLs"),
    ("engine: libretranslate\n", "engine:", "extra.portal.translation.engine: unknown setting"),
])
def test_bad_settings_name_their_line(tmp_path, translation, where, problem):
    project = project_with(tmp_path, translation)
    with pytest.raises(SettingsError) as caught:
        translation_settings(project, environ={})
    assert str(caught.value).startswith(f"{project.root / 'mkdocs.yml'}:{line_of(project, where)}: {problem}")


def test_bad_backend_and_endpoints_name_where_they_come_from(tmp_path):
    project = project_with(tmp_path, "backend: deepl\n")
    with pytest.raises(SettingsError, match=rf"mkdocs.yml:{line_of(project, 'backend:')}: extra.portal.translation."
                                            r"backend: unknown translation backend 'deepl'; expected one of argos, "
                                            r"libretranslate"):
        translation_settings(project, environ={})
    with pytest.raises(SettingsError, match="PORTAL_TRANSLATION_BACKEND: unknown translation backend 'lt'"):
        translation_settings(project, environ={"PORTAL_TRANSLATION_BACKEND": "lt"})
    with pytest.raises(SettingsError, match="PORTAL_LIBRETRANSLATE_ENDPOINTS: not a LibreTranslate endpoint: "
                                            "'lt1.example.gov.vn'"):
        translation_settings(project, environ={"PORTAL_LIBRETRANSLATE_ENDPOINTS": "lt1.example.gov.vn"},
                             backend="libretranslate")
    with pytest.raises(SettingsError, match="--endpoint: not a LibreTranslate endpoint: 'https://\\*\\*\\*@lt/\\?x=1'"):
        translation_settings(project, environ={}, backend="libretranslate", endpoints=("https://user:pw@lt/?x=1",))
    with pytest.raises(SettingsError, match="needs the servers' addresses: --endpoint URL"):
        translation_settings(project, environ={}, backend="libretranslate")


def test_cli_options_of_the_servers_need_the_libretranslate_backend(tmp_path, monkeypatch):
    project = project_with(tmp_path, "backend: argos\n")
    monkeypatch.chdir(project.root)
    monkeypatch.delenv("PORTAL_TRANSLATION_BACKEND", raising=False)
    result = CliRunner().invoke(main, ["translate", "--endpoint", "http://127.0.0.1:5000"])
    assert result.exit_code == 2
    assert "--endpoint and --api-key are options of the libretranslate backend: add --backend libretranslate" in result.output

"""The operator's settings: per-language texts, clear errors, the portal's name checked against the glossary."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.glossary.load import project_glossary
from portal.project import Project
from portal.sitebuild.identity import DEFAULT_EMBLEM, IdentityError, site_identity, site_name_problems

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = Project(REPO).languages


def settings(**operator):
    return {"portal": {"operator": {"name": {"vi": "Ban A", "en": "Board A", "zh": "A部"},
                                    "email": "a@example.org", **operator}}}


def test_texts_per_language_or_one_for_all():
    identity = site_identity(settings(address="Hà Nội", phone="+84 24 0000"), LANGUAGES)
    assert identity["en"].operator == "Board A" and identity["zh"].operator == "A部"
    assert identity["en"].address == identity["zh"].address == "Hà Nội"
    assert identity["vi"].email == "a@example.org" and identity["vi"].phone == "+84 24 0000"
    assert identity["vi"].emblem == DEFAULT_EMBLEM and identity["vi"].licence_name == ""
    own = site_identity({"portal": {**settings()["portal"], "emblem": "/assets/so-tttt.svg"}}, LANGUAGES)
    assert own["zh"].emblem == "assets/so-tttt.svg"  # the operator's emblem, a file of the site


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (settings(name={"vi": "Ban A", "en": "Board A"}), "extra.portal.operator.name: no text for 'zh'"),
        (settings(address={"vi": "x", "en": "y", "zh": "z", "fr": "w"}), "fr is not a language of the portal"),
        ({"portal": {**settings()["portal"], "emblem": "../secret.svg"}}, "must be a file of the site"),
        ({"portal": {**settings()["portal"], "licence": {"url": "javascript:x"}}}, "must be an http(s) address"),
        ({"portal": {**settings()["portal"], "operator": ["x"]}}, "extra.portal.operator must be a mapping"),
    ],
)
def test_bad_settings_name_their_key(extra, message):
    with pytest.raises(IdentityError, match=message.replace("(", r"\(").replace(")", r"\)")):
        site_identity(extra, LANGUAGES)


def test_a_new_portal_builds_before_its_operator_is_configured():
    names = {"vi": "Cổng A", "en": "Portal A", "zh": "A网站"}
    identity = site_identity({}, LANGUAGES, names)
    assert {code: value.operator for code, value in identity.items()} == names
    assert identity["en"].email == "" and identity["en"].address == ""


def test_the_committed_configuration_is_complete():
    from portal.languages import read_mkdocs_config

    identity = site_identity(read_mkdocs_config(REPO)["extra"], LANGUAGES)
    assert {code: value.operator for code, value in identity.items()} == {
        "vi": "Ban Biên tập Cổng thông tin đối ngoại",
        "en": "Editorial Board of the Foreign Information Portal",
        "zh": "对外信息门户网站编辑部",
    }
    assert all(value.licence_url.startswith("https://") and value.email and value.address
               for value in identity.values())


def test_site_names_must_be_the_glossarys_renderings():
    glossary = project_glossary(Project(REPO))
    names = {"vi": "Cổng thông tin đối ngoại", "en": "Foreign Information Portal", "zh": "对外信息门户网站"}
    assert site_name_problems(names, glossary, "vi") == []
    problems = site_name_problems({**names, "en": "External Information Portal"}, glossary, "vi")
    assert problems == ["mkdocs.yml: the site name in 'en' is 'External Information Portal'; the glossary names "
                        "the portal 'Foreign Information Portal' ('Cổng thông tin đối ngoại')"]
    # A name the glossary does not know is not checked.
    assert site_name_problems({"vi": "Cổng ABC", "en": "ABC"}, glossary, "vi") == []

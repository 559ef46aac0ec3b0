"""The translate pipeline end to end on generated Argos packages."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from translate_helpers import FAST_ARGOS, FIXTURES, StubGlossary, make_project

from portal.translation.backends import IdentityBackend
from portal.cli import main
from portal.errors import PortalError
from portal.fileio import ProjectLockedError, project_lock
from portal.translation.packages import MissingModelError
from portal.pages import fields_front_matter, page_fields, read_page
from portal.pages import without_record as without_translation_block
from portal.translation.run import (
    BackendStacks,
    TranslateConfig,
    TranslateError,
    translate_pages,
)

REPO = Path(__file__).resolve().parents[2]


def published(text: str) -> str:
    from portal.pages import INTERNAL_REGION

    return INTERNAL_REGION.sub("", text) if "published: false" in text else text
CONFIG = TranslateConfig(argos=FAST_ARGOS)


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def run(project, paths=(), config=CONFIG, **kwargs):
    return translate_pages(project, [project.root / p for p in paths], config, **kwargs)


def test_pages_are_written_with_translation_front_matter(installed_project):
    project = installed_project
    summary = run(project)
    assert summary.pages_written == 4 and summary.pages_skipped == 0
    source = project.root / "docs/vi/index.md"
    for lang, model in (("en", "argos:vi_en@1.0"), ("zh", "argos:vi_en@1.0+argos:en_zh@1.0")):
        page = project.root / f"docs/{lang}/index.md"
        record = front_matter(page)["translation"]
        assert record["source"] == "docs/vi/index.md"
        assert record["source_hash"] == "sha256:" + hashlib.sha256(source.read_bytes()).hexdigest()
        assert record["model"] == model and record["status"] == "machine"
        assert record["segments"] > 20
        text = page.read_text(encoding="utf-8")
        assert record["output_hash"] == "sha256:" + hashlib.sha256(
            without_translation_block(text).encode()).hexdigest()
        # Untranslatable parts survive the random model byte for byte.
        for kept in ("72/2015/NĐ-CP", "07/9/2015", "{ #ke-hoach .lead }", 'print("không dịch mã")',
                     "Khối mã không được dịch. Câu thứ hai.", "[home]: https://hanoi.gov.vn",
                     "!!! note", "img/map.png", "| 1.000.000 |"):
            assert kept in text, (lang, kept)
        # The front matter holds the fields readers see, translated; the rest is the source's.
        assert set(front_matter(page)) == {"title", "description", "translation"}
    assert (project.root / "docs/en/plans/plain.md").is_file()
    assert summary.languages["en"].model_calls == 1  # every sentence of the run in one batched call


def test_unchanged_rerun_makes_no_model_call(installed_project):
    project = installed_project
    first = run(project)
    second = run(project)
    assert second.model_calls == 0 and second.translated == 0
    assert second.reused == second.segments == first.segments
    assert second.pages_written == 0 and second.pages_unchanged == 4
    memory = project.glossary_dir / "memory" / "vi-en.jsonl"
    lines = memory.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and all(json.loads(line)["model"] == "argos:vi_en@1.0" for line in lines)
    assert {p.name for p in memory.parent.iterdir()} == {"vi-en.jsonl", "en-zh.jsonl", "vi-zh.jsonl"}


def test_editing_one_paragraph_retranslates_only_its_sentences(installed_project):
    project = installed_project
    run(project)
    page = project.root / "docs/vi/plans/plain.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Câu hai?", "Câu hai đã sửa?"), encoding="utf-8")
    summary = run(project)
    assert summary.languages["en"].translated == 1 and summary.languages["en"].model_sentences == 1
    assert summary.languages["zh"].translated == 1
    # zh pivots: vi->en comes from the English run's memory, only en->zh runs.
    assert summary.languages["zh"].model_sentences == 1
    assert summary.pages_written == 2 and summary.pages_unchanged == 2


def test_pivot_reuses_the_english_run(installed_project):
    project = installed_project
    stacks = BackendStacks(project, FAST_ARGOS)
    summary = run(project, stacks=stacks)
    vi_en = stacks.models["argos:vi_en@1.0"]
    en_zh = stacks.models["argos:en_zh@1.0"]
    unique = summary.languages["en"].translated
    assert vi_en.sentences == unique and vi_en.calls == 1  # not translated twice
    # en->zh sees each distinct English sentence once (random outputs may coincide).
    assert 0 < en_zh.sentences <= summary.languages["zh"].translated
    assert summary.languages["zh"].model == "argos:vi_en@1.0+argos:en_zh@1.0"
    # zh alone, later: still no vi->en model call.
    shutil.rmtree(project.root / "docs/zh")
    stacks = BackendStacks(project, FAST_ARGOS)
    again = run(project, config=TranslateConfig(targets=("zh",), argos=FAST_ARGOS), stacks=stacks)
    assert again.model_calls == 0 and again.pages_written == 2


def test_human_edited_and_reviewed_pages_are_never_overwritten(installed_project):
    project = installed_project
    run(project)
    en = project.root / "docs/en/index.md"
    edited = en.read_text(encoding="utf-8").replace("# ", "# Edited by a translator: ", 1)
    en.write_text(edited, encoding="utf-8")
    zh = project.root / "docs/zh/index.md"
    reviewed = zh.read_text(encoding="utf-8").replace('status: "machine"', "status: reviewed")
    zh.write_text(reviewed, encoding="utf-8")
    handmade = project.root / "docs/en/plans/plain.md"
    handmade.write_text("# Written by hand\n", encoding="utf-8")
    source = project.root / "docs/vi/index.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nĐoạn mới thêm.\n", encoding="utf-8")
    summary = run(project, config=TranslateConfig(argos=FAST_ARGOS, force=True))
    statuses = {(p.path, p.lang): p.status for p in summary.pages}
    assert statuses[("docs/vi/index.md", "en")] == "skipped-edited"
    assert statuses[("docs/vi/index.md", "zh")] == "skipped-reviewed"
    assert statuses[("docs/vi/plans/plain.md", "en")] == "skipped-human"
    assert en.read_text(encoding="utf-8") == edited
    assert zh.read_text(encoding="utf-8") == reviewed
    assert handmade.read_text(encoding="utf-8") == "# Written by hand\n"


def test_ocr_pages_are_skipped_unless_forced(installed_project):
    project = installed_project
    shutil.copy(FIXTURES / "ocr.md", project.root / "docs/vi/ocr.md")
    summary = run(project, ["docs/vi/ocr.md"])
    assert {p.status for p in summary.pages} == {"skipped-ocr"}
    assert not (project.root / "docs/en/ocr.md").exists()
    forced = run(project, ["docs/vi/ocr.md"], TranslateConfig(argos=FAST_ARGOS, force=True))
    assert forced.pages_written == 2


def test_second_concurrent_run_is_refused(installed_project):
    with project_lock(installed_project.root):
        with pytest.raises(ProjectLockedError, match="another portal command"):
            run(installed_project)
    run(installed_project)  # released


def test_missing_pair_skips_language_or_fails_when_required(project):
    summary = run(project)
    assert summary.missing_pairs == ["vi-en", "vi-zh"]
    assert summary.pages_written == 0 and summary.pages_skipped == 4
    assert "vi->en" in summary.messages[0] and "portal models install --from PATH" in summary.messages[0]
    with pytest.raises(MissingModelError, match="vi->en"):
        run(project, config=TranslateConfig(argos=FAST_ARGOS, require_models=True))


def test_zh_without_any_route_is_missing(project, package_dirs):
    from portal.translation.packages import install_from_path

    install_from_path(package_dirs["vi-en"], project.models_dir)
    summary = run(project)
    assert summary.missing_pairs == ["vi-zh"] and summary.languages["en"].segments > 0


def test_clear_errors(installed_project):
    project = installed_project
    with pytest.raises(TranslateError, match="unknown target language 'fr'"):
        run(project, config=TranslateConfig(targets=("fr",), argos=FAST_ARGOS))
    with pytest.raises(TranslateError, match="no target language"):
        run(project, config=TranslateConfig(targets=(), argos=FAST_ARGOS))
    with pytest.raises(TranslateError, match="not a source page"):
        run(project, ["docs/en"])


@pytest.mark.parametrize("content, problem", [
    ("---\ntitle: [unclosed\n---\nVăn bản.\n", "docs/vi/bad.md:2: malformed front matter"),
    ("---\n- a list\n---\nVăn bản.\n", "docs/vi/bad.md:2: malformed front matter: not a mapping"),
    ("---\ntitle: Không đóng\n\nVăn bản.\n", "docs/vi/bad.md:1: front matter opened here is never closed"),
    ("Văn bản".encode("cp1258", errors="replace") + b"\xff\xfe tieng Viet", "docs/vi/bad.md:1: not UTF-8"),
])
def test_a_bad_page_is_named_and_the_others_are_translated(installed_project, content, problem, monkeypatch):
    project = installed_project
    bad = project.root / "docs/vi/bad.md"
    bad.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    summary = run(project)
    assert len(summary.errors) == 1 and summary.errors[0].startswith(problem), summary.errors
    assert not (project.root / "docs/en/bad.md").exists()
    assert (project.root / "docs/en/index.md").is_file() and (project.root / "docs/zh/plans/plain.md").is_file()
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["translate", "--quiet", "--beam-size", "1", "--threads", "1"])
    assert result.exit_code == 1 and problem in result.output


def test_no_source_folder_is_an_error(installed_project):
    shutil.rmtree(installed_project.root / "docs" / "vi")
    with pytest.raises(TranslateError, match="no source pages"):
        run(installed_project)


def test_a_page_linking_outside_the_project_is_refused(installed_project, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("# Bí mật\n\nKhông được đọc.\n", encoding="utf-8")
    (installed_project.root / "docs/vi/link.md").symlink_to(secret)
    summary = run(installed_project)
    assert len(summary.errors) == 1 and "link.md" in summary.errors[0] and "links outside" in summary.errors[0]
    assert not (installed_project.root / "docs/en/link.md").exists()


def test_glossary_terms_appear_even_with_a_random_model(installed_project):
    project = installed_project
    summary = run(project, ["docs/vi/index.md"], glossary=StubGlossary())
    en = (project.root / "docs/en/index.md").read_text(encoding="utf-8")
    zh = (project.root / "docs/zh/index.md").read_text(encoding="utf-8")
    body_en, body_zh = en.split("\n---\n", 1)[1], zh.split("\n---\n", 1)[1]
    assert "Hanoi" in body_en and "the Government" in body_en
    assert "河内" in body_zh and "政府" in body_zh
    assert front_matter(project.root / "docs/en/index.md")["translation"]["glossary_version"] == "stub-1"
    for page in summary.pages:
        assert set(page.unenforced_terms) <= {"Hà Nội", "Chính phủ"}
    # The glossary version is part of the memory key.
    memory = (project.glossary_dir / "memory" / "vi-en.jsonl").read_text(encoding="utf-8")
    assert '"glossary": "stub-1"' in memory


def test_identity_pipeline_keeps_every_source_page(tmp_path, package_dirs):
    """Through the whole pipeline, an identity model gives back every docs/vi page."""
    from portal.translation.packages import install_from_path

    pages = {p.relative_to(REPO / "docs/vi").as_posix(): p.read_text(encoding="utf-8")
             for p in (REPO / "docs/vi").rglob("*.md")}
    pages["fixtures/rich.md"] = (FIXTURES / "rich.md").read_text(encoding="utf-8")
    project = make_project(tmp_path / "p", pages)
    shutil.copy(FIXTURES / "crlf.md", project.root / "docs/vi/crlf.md")
    for folder in package_dirs.values():
        install_from_path(folder, project.models_dir)
    stacks = BackendStacks(project, FAST_ARGOS, load=lambda package, config: IdentityBackend())
    summary = run(project, stacks=stacks, config=TranslateConfig(argos=FAST_ARGOS, force=True))
    assert summary.pages_written == 2 * (len(pages) + 1)
    for source in (project.root / "docs/vi").rglob("*.md"):
        for lang in ("en", "zh"):
            target = project.root / "docs" / lang / source.relative_to(project.root / "docs/vi")
            out = target.read_bytes().decode("utf-8")
            if b"\r\n" in source.read_bytes():
                out = out.replace("\r\n", "\n")
                assert target.read_bytes().count(b"\r\n") == out.count("\n")
            # The body comes back byte for byte (but an unpublished internal annex), the front
            # matter holds exactly the fields readers see, with their source values.
            source_page, target_page = read_page(source), read_page(target)
            assert target_page.body == published(source_page.text)[source_page.body_start:], target
            values = {f.key: f.value for f in page_fields(source_page.meta)}
            expected = fields_front_matter(values, source_page.meta)
            assert {k: v for k, v in target_page.meta.items() if k != "translation"} == expected, target


def test_cli_translate_json(installed_project, monkeypatch):
    monkeypatch.chdir(installed_project.root)
    runner = CliRunner()
    result = runner.invoke(main, ["translate", "--json", "--beam-size", "1", "--threads", "1", "--to", "en"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    for key in ("segments", "translated", "reused", "pages_written", "pages_skipped", "seconds",
                "languages", "missing_pairs"):
        assert key in summary
    assert summary["pages_written"] == 2 and "zh" not in summary["languages"]
    result = runner.invoke(main, ["translate", "--to", "fr"])
    assert result.exit_code == 2 and "unknown target language" in result.output


def test_cli_require_models(project, monkeypatch):
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["translate", "--require-models", "--quiet"])
    assert result.exit_code == 2 and "no translation model for vi->en" in result.output
    result = CliRunner().invoke(main, ["translate", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["missing_pairs"] == ["vi-en", "vi-zh"]


def test_real_glossary_terms_are_enforced(installed_project):
    """With the glossary stage's own Glossary, when the repository has one."""
    glossary_module = pytest.importorskip("portal.glossary")
    terms = REPO / "glossary" / "terms.yaml"
    if not terms.is_file():
        pytest.skip("no glossary/terms.yaml yet")
    glossary = glossary_module.load_glossary(terms)
    project = installed_project
    page = project.root / "docs/vi/plans/decree.md"
    page.write_text("Ủy ban nhân dân thành phố Hà Nội thực hiện Nghị định số 72/2015/NĐ-CP "
                    "về thông tin đối ngoại.\n", encoding="utf-8")
    spans = {lang: glossary.find(page.read_text(encoding="utf-8").strip(), lang) for lang in ("en", "zh")}
    if not spans["en"]:
        pytest.skip("the glossary has none of these terms")
    summary = run(project, ["docs/vi/plans/decree.md"], glossary=glossary)
    assert summary.pages_written == 2
    for lang in ("en", "zh"):
        body = (project.root / f"docs/{lang}/plans/decree.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
        for span in spans[lang]:
            assert span.target in body, (lang, span.target)
        assert "Hà Nội" not in body  # the Vietnamese source term was replaced


def test_lock_refuses_a_run_from_another_process(installed_project):
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\n"
         "from pathlib import Path\n"
         "from portal.project import Project\n"
         "from portal.fileio import project_lock\n"
         "with project_lock(Path(sys.argv[1])):\n"
         "    print('locked', flush=True)\n"
         "    time.sleep(30)\n",
         str(installed_project.root)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(ProjectLockedError, match="another portal command"):
            run(installed_project)
    finally:
        holder.kill()
        holder.wait()
    run(installed_project)

"""Term accuracy of the translation engine, raw versus glossary-enforced.

Term accuracy is the share of glossary term occurrences in the Vietnamese
seed pages whose approved English or Chinese rendering appears in the aligned
output block (the alignment of ``portal check``).  The same pages are
translated twice with the same generated Argos-format packages (random
weights: no trained model can be downloaded here), once without the glossary
and once with it, and both results are printed side by side.  A random model
never produces a term by chance, so the raw figure shows what enforcement
alone guarantees; with real models the raw figure would be higher and the
enforced one must stay at 100%.

    .venv/bin/python bench/term_accuracy.py [--pages docs/vi/plans]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the generated-package builder

from synthetic_packages import SyntheticModelConfig, build_argos_package  # noqa: E402

from portal.glossary import Glossary, project_glossary  # noqa: E402
from portal.glossary.check import page_pairs, term_coverage  # noqa: E402
from portal.project import Project  # noqa: E402
from portal.translation.backends.argos import ArgosConfig  # noqa: E402
from portal.translation.packages import install_from_path  # noqa: E402
from portal.translation.run import BackendStacks, TranslateConfig, translate_pages  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def make_project(root: Path, pages: Path) -> Project:
    """A copy of the portal with only the pages to measure and the glossary."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "glossary", root / "glossary", ignore=shutil.ignore_patterns("memory", "reviews"))
    for page in sorted(pages.glob("*.md")):
        if page.name != "index.md":
            target = root / "docs" / "vi" / page.relative_to(REPO / "docs" / "vi")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(page, target)
    return Project(root)


def install_models(project: Project, scratch: Path) -> None:
    corpus = [line for page in (project.root / "docs" / "vi").rglob("*.md") for line in page.read_text(encoding="utf-8").splitlines() if line.strip()]
    for target in ("en", "zh"):
        package = build_argos_package(scratch / f"vi_{target}", "vi", target, corpus, SyntheticModelConfig(vocab_size=400))
        install_from_path(package, project.models_dir)


def measure(project: Project, glossary: Glossary, enforce: bool, label: str) -> dict:
    for lang in ("en", "zh"):
        shutil.rmtree(project.docs_dir / lang, ignore_errors=True)
    started = time.perf_counter()
    stacks = BackendStacks(project, ArgosConfig(), glossary.version if enforce else "", memory_dir=project.root / f"memory-{label}")
    summary = translate_pages(project, [], TranslateConfig(targets=("en", "zh"), force=True), glossary if enforce else None, stacks)
    seconds = time.perf_counter() - started
    result = {"run": label, "seconds": seconds, "segments": summary.segments}
    for lang in ("en", "zh"):
        found = total = 0
        for pair in page_pairs(project):
            if pair.language.code == lang:
                hit, count = term_coverage(pair.source, pair.target, pair.language, glossary)
                found, total = found + hit, total + count
        result[lang] = (found, total)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=REPO / "docs" / "vi" / "plans", help="folder of Vietnamese pages")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="term-accuracy-") as tmp:
        project = make_project(Path(tmp) / "portal", args.pages.resolve())
        install_models(project, Path(tmp) / "packages")
        glossary = project_glossary(project)
        rows = [measure(project, glossary, False, "raw"), measure(project, glossary, True, "enforced")]
    print(f"{'run':<10} {'en: found / terms':>22} {'zh: found / terms':>22} {'seconds':>8}")
    for row in rows:
        cells = [f"{row[lang][0]} / {row[lang][1]} = {100 * row[lang][0] / max(row[lang][1], 1):.1f}%" for lang in ("en", "zh")]
        print(f"{row['run']:<10} {cells[0]:>22} {cells[1]:>22} {row['seconds']:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

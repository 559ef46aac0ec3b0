"""The shape of the code: what the languages-by-configuration and one-model work set out to change.

    .venv/bin/python bench/code_shape.py [--ref REV]

Prints, for the package ``portal/`` (of the working tree, or of a git revision):

- modules that name a language code (a string literal "vi", "en", "zh", "ja", "fr"
  outside docstrings): with languages by configuration, only data files should;
- ``lang == "zh"``-style comparisons (a property of the language tested by its code);
- the longest functions (lines);
- imports made inside functions, split into portal's own modules (a dodge of an
  import cycle) and others (lazy loading of heavy or optional libraries).
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CODES = {"vi", "en", "zh", "ja", "fr"}


def sources(ref: str | None) -> dict[str, str]:
    if ref is None:
        return {str(p.relative_to(REPO)): p.read_text(encoding="utf-8") for p in sorted((REPO / "portal").rglob("*.py"))}
    names = subprocess.run(["git", "ls-tree", "-r", "--name-only", ref, "portal"], cwd=REPO, capture_output=True,
                           text=True, check=True).stdout.split()
    return {name: subprocess.run(["git", "show", f"{ref}:{name}"], cwd=REPO, capture_output=True, text=True,
                                 check=True).stdout for name in names if name.endswith(".py")}


def docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def measure(files: dict[str, str]) -> dict:
    naming, comparisons, functions, own, other = [], 0, [], [], []
    for name, text in files.items():
        tree = ast.parse(text)
        skip = docstrings(tree)
        literals = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                    and n.value in CODES and id(n) not in skip]
        if literals:
            naming.append(name)
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and any(isinstance(c, ast.Constant) and c.value in CODES
                                                    for c in node.comparators):
                comparisons += 1
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.append((node.end_lineno - node.lineno + 1, f"{name}:{node.name}"))
                for inner in ast.walk(node):
                    if isinstance(inner, (ast.Import, ast.ImportFrom)):
                        module = inner.module if isinstance(inner, ast.ImportFrom) else inner.names[0].name
                        (own if (module or "").startswith("portal") else other).append(f"{name}: {module}")
    return {"naming": naming, "comparisons": comparisons, "longest": sorted(functions, reverse=True)[:5],
            "own": own, "other": other}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default=None, help="a git revision (default: the working tree)")
    args = parser.parse_args()
    result = measure(sources(args.ref))
    print(f"modules naming a language code: {len(result['naming'])}")
    for name in result["naming"]:
        print(f"  {name}")
    print(f"comparisons with a language code: {result['comparisons']}")
    print("longest functions: " + ", ".join(f"{where} {lines}" for lines, where in result["longest"]))
    print(f"imports inside functions: {len(result['own'])} of portal's own modules, {len(result['other'])} others")
    for line in result["own"]:
        print(f"  {line}")


if __name__ == "__main__":
    sys.exit(main())

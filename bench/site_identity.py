"""Benchmarks of the portal's frame (issue 12): the home page's weight, and what the PDFs cost.

``--part weight``: the portal is copied once (mkdocs.yml, hooks/, docs/, the
``portal`` package) and built twice: as configured (the portal's theme layer
and hooks), and with Material's defaults (the same pages, languages, nav,
markdown extensions and search, but no hooks, no theme layer, Material's
default palette and font).  Each build is served on localhost and the home
page of every language is loaded in Debian's chromium with an empty cache;
every response is counted by kind (HTML, CSS, JS, fonts, images, data: the
search index and sitemaps the scripts fetch), as bytes and as gzip -6 bytes
(what a server that compresses sends).  Requests to other hosts cannot be
made here (no network): they are counted, not weighed; Material's default
font is such a request (Google Fonts).

``--part pdf``: the same snapshot plus N generated documents per language
(``site_scale.py``'s generator, written beside the real plans in
``docs/<lang>/plans/``: each is an official document, so gets a PDF in every
language) is built three times: without
PDFs (``PORTAL_PDF=false``), with PDFs and an empty cache (a first build),
and again with the cache (a rebuild; then one document is edited and the
site rebuilt).  The extra time of the first build divided by the number of
PDFs is the cost of one PDF: if it stays flat as N grows, the PDFs keep the
build linear.

It is a benchmark, not a test: run it by hand and record the numbers in
bench/RESULTS-identity.md.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python bench/site_identity.py --part all --sizes 0,20,60
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_scale import LANGS, page, snapshot, source_revision, text_pools  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
KINDS = ("html", "css", "js", "fonts", "images", "data")
RESOURCE_KIND = {"document": "html", "stylesheet": "css", "script": "js", "font": "fonts", "image": "images",
                 "fetch": "data", "xhr": "data", "other": "data"}


# ---------------------------------------------------------------- builds

def mkdocs_build(root: Path, code: Path, pdf: bool) -> float:
    """Build ``root`` in a child process with the snapshot's portal package; wall seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(code), "PORTAL_PDF": str(pdf).lower()}
    env.pop("PORTAL_LOCALE", None)
    env.pop("PORTAL_SITE_URL", None)
    shutil.rmtree(root / "site", ignore_errors=True)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(root / "site")], cwd=root, env=env,
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"build of {root} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return wall


def material_defaults_config(portal_config: dict) -> dict:
    """The portal's pages, languages and nav with Material as it comes: no hooks, no theme layer."""
    i18n = next(p["i18n"] for p in portal_config["plugins"] if isinstance(p, dict) and "i18n" in p)
    search = next(p["search"] for p in portal_config["plugins"] if isinstance(p, dict) and "search" in p)
    extensions = []
    for extension in portal_config["markdown_extensions"]:
        if isinstance(extension, dict) and "toc" in extension:
            extensions.append({"toc": {"permalink": True}})  # the portal's slugify is a Python tag
        else:
            extensions.append(extension)
    return {
        "site_name": portal_config["site_name"],
        "site_description": portal_config["site_description"],
        "site_url": "http://127.0.0.1:8000/",
        "docs_dir": "docs",
        "theme": {"name": "material", "language": portal_config["theme"]["language"],
                  "features": portal_config["theme"]["features"]},
        "markdown_extensions": extensions,
        "plugins": [{"search": {"lang": search["lang"]}},
                    {"i18n": {key: value for key, value in i18n.items() if key != "build_only_locale"}}],
        "nav": portal_config["nav"],
    }


# ---------------------------------------------------------------- weight

class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


def serve(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def home_weight(browser, url: str) -> dict:
    """Bytes and gzip bytes by kind of everything the home page at ``url`` loads."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    weights = {kind: [0, 0, 0] for kind in KINDS}  # requests, bytes, gzip bytes
    elsewhere: list[str] = []
    host = urlsplit(url).netloc

    def finished(request):
        if urlsplit(request.url).netloc != host:
            return
        response = request.response()
        if response is None:
            return
        body = response.body()
        kind = RESOURCE_KIND.get(request.resource_type, "data")
        if request.url.endswith((".woff", ".woff2", ".ttf")):
            kind = "fonts"
        weights[kind][0] += 1
        weights[kind][1] += len(body)
        weights[kind][2] += len(gzip.compress(body, 6))

    def failed(request):
        if urlsplit(request.url).netloc != host:
            elsewhere.append(request.url)

    context.on("requestfinished", finished)
    context.on("requestfailed", failed)
    context.on("request", lambda request: urlsplit(request.url).netloc != host and elsewhere.append(request.url))
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(1500)  # the search worker's index
    context.close()
    return {"weights": weights, "elsewhere": sorted(set(elsewhere))}


def weight_part(source: Path, work: Path) -> str:
    from playwright.sync_api import sync_playwright

    from portal.languages import read_mkdocs_config

    builds = {}
    for name in ("portal", "material"):
        root = work / name
        root.mkdir()
        shutil.copytree(source / "docs", root / "docs")
        if name == "portal":
            shutil.copy2(source / "mkdocs.yml", root / "mkdocs.yml")
            shutil.copytree(source / "hooks", root / "hooks")
        else:
            config = material_defaults_config(read_mkdocs_config(source))
            (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                             encoding="utf-8")
        print(f"building the {name} site ...", flush=True)
        builds[name] = mkdocs_build(root, source, pdf=False)
    results: dict[tuple[str, str], dict] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-quic",
                                                   "--disable-background-networking"])
        for name in ("portal", "material"):
            server, base = serve(work / name / "site")
            for lang in LANGS:
                results[name, lang] = home_weight(browser, base + ("" if lang == "vi" else f"{lang}/"))
            server.shutdown()
            server.server_close()
        browser.close()
    return weight_report(results)


def kib(value: int) -> str:
    return f"{value / 1024:,.1f}"


def weight_report(results: dict[tuple[str, str], dict]) -> str:
    lines = ["### Home page weight per language (KiB; gzip -6 in brackets)", "",
             "| language | site | " + " | ".join(KINDS) + " | total | requests | to other hosts |",
             "| --- | --- | " + " | ".join("---:" for _ in KINDS) + " | ---: | ---: | ---: |"]
    ratios = ["", "### Portal / Material's defaults", "",
              "| language | " + " | ".join(KINDS) + " | total | total gzip |",
              "| --- | " + " | ".join("---:" for _ in KINDS) + " | ---: | ---: |"]
    for lang in LANGS:
        totals = {}
        for name, label in (("portal", "portal"), ("material", "Material defaults")):
            weights = results[name, lang]["weights"]
            total = sum(w[1] for w in weights.values())
            total_gz = sum(w[2] for w in weights.values())
            requests = sum(w[0] for w in weights.values())
            totals[name] = (weights, total, total_gz)
            cells = " | ".join(f"{kib(weights[kind][1])} ({kib(weights[kind][2])})" for kind in KINDS)
            lines.append(f"| {lang} | {label} | {cells} | {kib(total)} ({kib(total_gz)}) | {requests} | "
                         f"{len(results[name, lang]['elsewhere'])} |")
        (pw, pt, pg), (mw, mt, mg) = totals["portal"], totals["material"]
        cells = " | ".join(f"{pw[k][1] / mw[k][1]:.2f}" if mw[k][1] else ("—" if not pw[k][1] else "new")
                           for k in KINDS)
        ratios.append(f"| {lang} | {cells} | {pt / mt:.2f} | {pg / mg:.2f} |")
    hosts = sorted({urlsplit(u).netloc for r in results.values() for u in r["elsewhere"]})
    notes = ["", f"Requests to other hosts (not made here, so not weighed): {', '.join(hosts) or 'none'}."]
    for (name, lang), result in sorted(results.items()):
        if result["elsewhere"]:
            notes.append(f"- {name} {lang}: " + ", ".join(result["elsewhere"][:4]))
    return "\n".join(lines + ratios + notes)


# ---------------------------------------------------------------- pdf

def pdf_part(source: Path, work: Path, sizes: list[int], seed: int) -> str:
    glossary = yaml.safe_load((REPO / "glossary" / "terms.yaml").read_text(encoding="utf-8"))
    pools = {lang: text_pools(source / "docs", lang, glossary) for lang in LANGS}
    rows = []
    for size in sizes:
        root = work / f"pdf-{size}"
        root.mkdir()
        shutil.copy2(source / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(source / "hooks", root / "hooks")
        shutil.copytree(source / "docs", root / "docs")
        for lang in LANGS:
            for i in range(1, size + 1):
                (root / "docs" / lang / "plans" / f"van-ban-{i:05d}.md").write_text(
                    page(lang, i, pools[lang], seed), encoding="utf-8")
        print(f"building with {size} generated documents per language ...", flush=True)
        load = os.getloadavg()[0]
        no_pdf = mkdocs_build(root, source, pdf=False)
        shutil.rmtree(root / ".cache", ignore_errors=True)
        cold = mkdocs_build(root, source, pdf=True)
        warm = mkdocs_build(root, source, pdf=True)
        edited = next((root / "docs" / "vi" / "plans").glob("ke-hoach-*.md"))
        edited.write_text(edited.read_text(encoding="utf-8") + "\nMột đoạn mới.\n", encoding="utf-8")
        one_edit = mkdocs_build(root, source, pdf=True)
        pdfs = sorted((root / "site").rglob("*.pdf"))
        pdf_bytes = sum(p.stat().st_size for p in pdfs)
        rows.append({"size": size, "pdfs": len(pdfs), "no_pdf": no_pdf, "cold": cold, "warm": warm,
                     "edit": one_edit, "bytes": pdf_bytes, "load": load})
        print(f"  {len(pdfs)} PDFs: no PDF {no_pdf:.1f} s, cold {cold:.1f} s, warm {warm:.1f} s, "
              f"one edit {one_edit:.1f} s (load {load:.2f})", flush=True)
    lines = ["### Build time with the documents' PDFs", "",
             "| generated documents per language | PDFs | no PDF (s) | first build (s) | rebuild, cache (s) "
             "| one document edited (s) | first / no PDF | rebuild / no PDF | ms per PDF (first build) "
             "| KiB per PDF | load before |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        per_pdf = (r["cold"] - r["no_pdf"]) / r["pdfs"] * 1000 if r["pdfs"] else 0
        lines.append(f"| {r['size']} | {r['pdfs']} | {r['no_pdf']:.1f} | {r['cold']:.1f} | {r['warm']:.1f} | "
                     f"{r['edit']:.1f} | {r['cold'] / r['no_pdf']:.2f} | {r['warm'] / r['no_pdf']:.2f} | "
                     f"{per_pdf:,.0f} | {r['bytes'] / 1024 / max(r['pdfs'], 1):,.0f} | {r['load']:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("weight", "pdf", "all"), default="all")
    parser.add_argument("--sizes", default="0,20,60", help="generated documents per language for --part pdf")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    print(f"# site identity benchmark, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"# {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"# portal at {source_revision()}")
    reports = []
    with tempfile.TemporaryDirectory(prefix="site-identity-") as tmp:
        source = Path(tmp) / "source"
        source.mkdir()
        snapshot(source)
        if args.part in ("weight", "all"):
            reports.append(weight_part(source, Path(tmp)))
        if args.part in ("pdf", "all"):
            reports.append(pdf_part(source, Path(tmp), sizes, args.seed))
    print()
    print("\n\n".join(reports))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

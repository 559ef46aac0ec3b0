"""Search at scale: Pagefind (the portal now) against Material's lunr (the portal before), side by side.

For each size N, the same generated portal (``bench/site_scale.py``'s
generator: N documents per language in vi, en and zh) is built twice in one
run: with the portal's current code (Pagefind) and with the code of a git
revision that still used lunr (``--lunr-rev``, default the merge base with
``main``; its ``mkdocs.yml``, ``hooks/`` and ``portal/`` are taken with
``git archive``, the pages are the same).  Then both sites are served on
localhost and Debian's chromium (Playwright) plays a reader in each language:

1. opens the language's home page (empty cache) and waits until the search
   box is ready (Material's "Type to start searching"): *ready (ms)*, from
   navigation start;
2. types a first query: *first result (ms)* from the keystroke to the first
   result on screen;
3. types a later query: *later result (ms)* and the bytes it downloaded.

Bytes are those of every search request (``search/search_index.json``,
``assets/javascripts/workers/``, ``assets/javascripts/lunr/``, ``pagefind/``)
from navigation to the first result (*first query bytes*: index, code,
results), as served by a plain static server (no compression; Pagefind's
files are gzip inside), and the same files gzip-compressed (what a server
compressing JSON and JavaScript would send).  Build time is the wall time
of ``mkdocs build`` (both builds, same machine, same moment).

A benchmark, not a test: run it by hand and record the figures in
bench/RESULTS-search.md.  The lunr build needs jieba (no longer a
requirement of the portal): ``.venv/bin/pip install jieba==0.42.1``.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python bench/search_scale.py --sizes 1000,10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_scale  # noqa: E402 - the generator of the site benchmark, reused

REPO = site_scale.REPO
LANGS = site_scale.LANGS
SEARCH_PATHS = ("/search/search_index.json", "/assets/javascripts/workers/", "/assets/javascripts/lunr/", "/pagefind/")
QUERIES = {  # readers' (first query, later query): words on nearly every generated page, then rarer ones
    "vi": [("đầu tư", "thong tin doi ngoai"), ("di sản", "bao chi nuoc ngoai")],
    "en": [("investment", "external information"), ("heritage", "foreign press")],
    "zh": [("对外信息", "旅游"), ("遗产", "外国记者")],
}
ANSWER_TIMEOUT_MS = 300_000
READY_TIMEOUT_MS = 600_000
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def lunr_source(rev: str, dest: Path, docs: Path) -> Path:
    """The portal at ``rev`` (config, hooks, package) with today's pages."""
    archive = subprocess.run(["git", "archive", rev, "mkdocs.yml", "hooks", "portal"], cwd=REPO,
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    shutil.copytree(docs, dest / "docs")
    return dest


def build_size(size: int, label: str, source: Path, pools, args) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"search-scale-{label}-{size}-"))
    site_scale.make_portal(root, source, size, pools, args.seed)
    load = os.getloadavg()
    wall, rss, code = site_scale.build(root, args.python, source)
    if code != 0:
        tail = (root / "build.log").read_text(encoding="utf-8", errors="replace")[-3000:]
        sys.exit(f"{label} build of {size} pages failed ({code}); log in {root}/build.log:\n{tail}")
    md_pages = sum(1 for _ in (root / "docs").rglob("*.md"))
    return {"root": root, "site": root / "site", "wall": wall, "rss_mib": rss / 1024, "md_pages": md_pages,
            "load": load}


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


def serve(site: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@functools.lru_cache(maxsize=None)
def gzipped_size(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix in {".json", ".js"}:
        return len(gzip.compress(data, 6))
    return len(data)  # Pagefind's files are compressed already


def bytes_by_kind(requests: list[tuple[str, int]]) -> dict[str, int]:
    """Bytes per kind of file: code, index, excerpts (Pagefind's fragments)."""
    kinds: dict[str, int] = {}
    for path, size in requests:
        kind = ("excerpts" if "/fragment/" in path else "index" if path.endswith((".pf_index", ".pf_meta", ".json"))
                else "code")
        kinds[kind] = kinds.get(kind, 0) + size
    return kinds


TYPE_AND_WAIT = """async (query) => {
  const box = document.querySelector("input.md-search__input")
  const list = document.querySelector(".md-search-result__list")
  const start = performance.now()
  const shown = new Promise(resolve => {
    setTimeout(() => resolve(NaN), TIMEOUT)
    const seen = new MutationObserver(() => {
      if (list.querySelector(".md-search-result__item")) { seen.disconnect(); resolve(performance.now()) }
    })
    seen.observe(list, { childList: true, subtree: true })
  })
  list.innerHTML = ""
  box.value = query
  box.dispatchEvent(new KeyboardEvent("keyup", { key: "End", bubbles: true }))
  const end = await shown
  return { ms: end - start, count: document.querySelectorAll(".md-search-result__item").length,
           start_epoch: performance.timeOrigin + start, end_epoch: performance.timeOrigin + end }
}""".replace("TIMEOUT", str(ANSWER_TIMEOUT_MS))


def reader(browser, url: str, site: Path, lang: str, queries: tuple[str, str]) -> dict:
    """One reader of ``lang``: page, first query, later query; bytes and times of each."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    finished: list[tuple[str, int]] = []
    arrived: list[float] = []  # when each search file's last byte came (ms since the epoch)

    def done(request):
        path = unquote(urlsplit(request.url).path)
        if any(part in path for part in SEARCH_PATHS):
            sizes = request.sizes()
            finished.append((path, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
            timing = request.timing
            arrived.append(timing["startTime"] + timing["responseEnd"])

    page.on("requestfinished", done)
    lang_root = "" if lang == "vi" else f"{lang}/"
    page.goto(url + lang_root)
    config = json.loads(page.locator("#__config").text_content())
    placeholder = config["translations"]["search.result.placeholder"]
    # Chromium does not report the fetch of a worker's own script to the page: count its file.
    worker = unquote(urlsplit(page.evaluate("src => new URL(src, location.href).href", config["search"])).path)
    finished.append((worker, (site / worker.lstrip("/")).stat().st_size))
    page.locator("input.md-search__input").click()
    page.wait_for_function(
        "text => document.querySelector('.md-search-result__meta').textContent.trim() === text",
        arg=placeholder, timeout=READY_TIMEOUT_MS, polling=50)
    ready_ms = page.evaluate("performance.now()")
    result = {"ready_ms": ready_ms}
    for phase, query in zip(("first", "later"), queries):
        before, arrived_before = len(finished), len(arrived)
        answer = page.evaluate(TYPE_AND_WAIT, query)
        # The files this query needed arrived before the result showed; what follows the last is work.
        last_file = max(arrived[arrived_before:], default=answer["start_epoch"])
        after_files = answer["end_epoch"] - max(last_file, answer["start_epoch"])
        page.wait_for_timeout(300)  # excerpts of results below the first
        phase_requests = finished[before:] if phase == "later" else finished
        result[phase] = {
            "query": query, "ms": answer["ms"], "after_files_ms": after_files, "results": answer["count"],
            "requests": len(phase_requests),
            "bytes": sum(size for _, size in phase_requests),
            "gzip_bytes": sum(gzipped_size(site / path.lstrip("/")) for path, _ in phase_requests
                              if (site / path.lstrip("/")).is_file()),
            "by_kind": bytes_by_kind(phase_requests),
        }
    context.close()
    return result


def measure_search(sites: dict[str, Path]) -> dict:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    out = {}
    servers = {label: serve(site) for label, site in sites.items()}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
            for lang in LANGS:
                for i, queries in enumerate(QUERIES[lang]):
                    for label, site in sites.items():  # one reader, both engines, one after the other
                        if label == "lunr" and i:
                            continue  # lunr's cost is the whole index, whatever the query: one reader is enough
                        try:
                            out[label, lang, i] = reader(browser, servers[label][1], site, lang, queries)
                        except PlaywrightError as error:  # lunr's whole index can take the tab down
                            out[label, lang, i] = {"error": str(error).splitlines()[0], "queries": queries}
                        out[label, lang, i]["load"] = os.getloadavg()[0]
            browser.close()
    finally:
        for server, _ in servers.values():
            server.shutdown()
            server.server_close()
    return out


def kib(n: int) -> str:
    return f"{n / 1024:,.0f}"


def report(size: int, builds: dict, search: dict) -> str:
    lines = [f"### {size:,} generated documents per language", "",
             "| engine | build (s) | ms per page | peak RSS (MiB) | load before build |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for label, b in builds.items():
        lines.append(f"| {label} | {b['wall']:.1f} | {1000 * b['wall'] / b['md_pages']:.1f} | {b['rss_mib']:.0f} "
                     f"| {b['load'][0]:.2f} |")
    lines += ["", "| language | engine | ready (ms) | first query | first result (ms) | of which after the last file (ms) "
              "| first query KiB (gzip KiB) | requests | later query | later result (ms) | later KiB (gzip KiB) | load |",
              "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |"]
    for (label, lang, _), r in sorted(search.items(), key=lambda item: (LANGS.index(item[0][1]), item[0][2], item[0][0])):
        if "error" in r:
            lines.append(f"| {lang} | {label} | {r['error']} | {r['queries'][0]} | | | | | {r['queries'][1]} | | "
                         f"| {r['load']:.2f} |")
            continue
        f, later = r["first"], r["later"]
        lines.append(
            f"| {lang} | {label} | {r['ready_ms']:,.0f} | {f['query']} | {f['ms']:,.0f} | {f['after_files_ms']:,.0f} "
            f"| {kib(f['bytes'])} ({kib(f['gzip_bytes'])}) | {f['requests']} | {later['query']} "
            f"| {later['ms']:,.0f} | {kib(later['bytes'])} ({kib(later['gzip_bytes'])}) | {r['load']:.2f} |")
    lines += ["", "First query's bytes by kind, as served (KiB):", "",
              "| language | engine | query | code | index | excerpts |", "| --- | --- | --- | ---: | ---: | ---: |"]
    for (label, lang, _), r in sorted(search.items(), key=lambda item: (LANGS.index(item[0][1]), item[0][2], item[0][0])):
        if "error" in r:
            continue
        kinds = r["first"]["by_kind"]
        lines.append(f"| {lang} | {label} | {r['first']['query']} | {kib(kinds.get('code', 0))} "
                     f"| {kib(kinds.get('index', 0))} | {kib(kinds.get('excerpts', 0))} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="generated documents per language (default 1000,10000)")
    parser.add_argument("--lunr-rev", default=None, help="git revision of the lunr portal (default: merge base with main)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the generated portals and sites")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--measure", nargs=2, type=Path, metavar=("LUNR_SITE", "PAGEFIND_SITE"),
                        help="only measure search on two sites built and kept (--keep) by an earlier run")
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    rev = args.lunr_rev or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=REPO, capture_output=True,
                                          text=True, check=True).stdout.strip()

    glossary = yaml.safe_load((REPO / "glossary" / "terms.yaml").read_text(encoding="utf-8")) or []
    print(f"# search scale benchmark, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"# {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}, "
          f"load average {os.getloadavg()[0]:.2f} at start")
    print(f"# pagefind: portal at {site_scale.source_revision()}; lunr: portal at {rev[:10]}")
    figures = []
    if args.measure:
        search = measure_search(dict(zip(("lunr", "pagefind"), args.measure)))
        print(report(0, {}, search))
        if args.json:
            args.json.write_text(json.dumps({"/".join(map(str, k)): v for k, v in search.items()}, indent=1,
                                            ensure_ascii=False), encoding="utf-8")
        return 0
    with tempfile.TemporaryDirectory(prefix="search-scale-source-") as tmp:
        pagefind_src = Path(tmp) / "pagefind"
        pagefind_src.mkdir()
        site_scale.snapshot(pagefind_src)
        lunr_src = lunr_source(rev, Path(tmp) / "lunr", pagefind_src / "docs")
        pools = {lang: site_scale.text_pools(pagefind_src / "docs", lang, glossary) for lang in LANGS}
        for size in sizes:
            builds = {}
            for label, source in (("lunr", lunr_src), ("pagefind", pagefind_src)):
                print(f"building {size:,} documents x {len(LANGS)} languages with {label} ...", flush=True)
                builds[label] = build_size(size, label, source, pools, args)
                print(f"  {builds[label]['wall']:.1f} s, load {builds[label]['load'][0]:.2f}", flush=True)
            print(f"measuring search in chromium at {size:,} ...", flush=True)
            search = measure_search({label: b["site"] for label, b in builds.items()})
            text = report(size, builds, search)
            print("\n" + text + "\n", flush=True)
            figures.append({"size": size, "builds": {k: {**v, "root": str(v["root"]), "site": str(v["site"])}
                                                     for k, v in builds.items()},
                            "search": {"/".join(map(str, k)): v for k, v in search.items()}})
            if not args.keep:
                for b in builds.values():
                    shutil.rmtree(b["root"], ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Scale benchmark: how the portal build grows with the number of pages.

The portal (mkdocs.yml, hooks/, docs/ and the ``portal`` package) is copied
once into a snapshot, so every size builds the same code even while people
edit the working tree.  For each size N the snapshot is copied into a
temporary folder, N generated documents are added in every language under
``docs/<lang>/plans/generated/`` (same file name in vi, en and zh, so
static-i18n pairs them), and the site is built in a child process with
``python -m mkdocs build``.  Measured:

- wall time of the build (with ``--repeat``, the fastest run);
- peak RSS of the build process: ``ru_maxrss`` of that child, read with
  ``os.wait4`` (``getrusage(RUSAGE_CHILDREN)`` would give the high-water mark
  of every child so far);
- the size of each language's search index (its Pagefind files: metadata,
  index chunks and excerpt fragments; lunr's ``search_index.json`` of each
  language in builds from before Pagefind);
- the total size of the site and the mean weight of its HTML pages.

The generated pages read like the imported ones: front matter with title,
description, kind, number, date, place, issuer and tags, then headings,
paragraphs, lists and a task table.  Vietnamese text is sampled from the
imported plans (docs/vi/plans/*.md, OCR-quality pages excluded); English and
Chinese text from the existing English and Chinese pages, with agency names and
concepts from the terminology glossary, so every language has realistic words.

The documents' PDFs are left out (``PORTAL_PDF=false``): ``site_identity.py``
measures them; ``--pdf`` builds them too (every generated page is a document).

``--no-search-dedup`` builds with static-i18n's ``reconfigure_search`` off, to
show the cost of its search deduplication (quadratic in the number of entries).

It is a benchmark, not a test: run it by hand and record the numbers in
bench/RESULTS-site.md.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python bench/site_scale.py --sizes 100,300,1000 --repeat 2
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
LANGS = ("vi", "en", "zh")
GENERATED = "plans/generated"
INDEXES = {  # lunr's per-language index, in builds of the portal before Pagefind
    "vi": "search/search_index.json",
    "en": "en/search/search_index.json",
    "zh": "zh/search/search_index.json",
}


def index_kib(site: Path, lang: str) -> float:
    """A language's search index: its Pagefind files, or lunr's JSON in older builds."""
    bundle = site / "pagefind"
    if bundle.is_dir():
        files = [*bundle.glob(f"pagefind.{lang}_*"), *bundle.glob(f"index/{lang}_*"), *bundle.glob(f"fragment/{lang}_*")]
        return sum(path.stat().st_size for path in files) / 1024
    return (site / INDEXES[lang]).stat().st_size / 1024

# Metadata of the generated documents, in the three languages (glossary renderings).
PLACES = [
    {"vi": "Hà Nội", "en": "Hanoi", "zh": "河内",
     "issuer": {"vi": "Ủy ban nhân dân thành phố Hà Nội", "en": "Hanoi People's Committee",
                "zh": "河内市人民委员会"},
     "of": {"vi": "thành phố Hà Nội", "en": "Hanoi", "zh": "河内市"}},
    {"vi": "Hải Phòng", "en": "Hai Phong", "zh": "海防",
     "issuer": {"vi": "Ủy ban nhân dân thành phố Hải Phòng", "en": "Hai Phong People's Committee",
                "zh": "海防市人民委员会"},
     "of": {"vi": "thành phố Hải Phòng", "en": "Hai Phong city", "zh": "海防市"}},
    {"vi": "Hưng Yên", "en": "Hung Yen", "zh": "兴安",
     "issuer": {"vi": "Ủy ban nhân dân tỉnh Hưng Yên", "en": "Hung Yen Provincial People's Committee",
                "zh": "兴安省人民委员会"},
     "of": {"vi": "tỉnh Hưng Yên", "en": "Hung Yen province", "zh": "兴安省"}},
]
KINDS = [
    {"vi": "Kế hoạch", "en": "Plan", "zh": "计划", "code": "KH-UBND",
     "title": {"vi": "Kế hoạch thông tin đối ngoại {of} năm {year}",
               "en": "External information plan of {of} for {year}",
               "zh": "{of}{year}年对外信息工作计划"}},
    {"vi": "Quyết định", "en": "Decision", "zh": "决定", "code": "QĐ-UBND",
     "title": {"vi": "Quyết định ban hành Quy chế quản lý hoạt động thông tin đối ngoại "
                     "{of} năm {year}",
               "en": "Decision on the regulation on external information activities of {of}, {year}",
               "zh": "关于颁布{of}{year}年对外信息活动管理规章的决定"}},
    {"vi": "Thông báo", "en": "Notice", "zh": "通报", "code": "TB-UBND",
     "title": {"vi": "Thông báo kết quả công tác thông tin đối ngoại {of} năm {year}",
               "en": "Notice on the results of external information work of {of} in {year}",
               "zh": "关于{of}{year}年对外信息工作结果的通报"}},
]
DESCRIPTION = {
    "vi": "{kind} số {number} ngày {day} của {issuer}.",
    "en": "{kind} No. {number} of {day} issued by the {issuer}.",
    "zh": "{issuer}{day}第{number}号{kind}。",
}
TABLE_HEAD = {
    "vi": "| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |",
    "en": "| No. | Task | Lead agency | Coordinating agencies | Timeline |",
    "zh": "| 序号 | 任务 | 主办机关 | 配合机关 | 时间 |",
}
TABLE_TITLE = {"vi": "Phụ lục nhiệm vụ", "en": "Task appendix", "zh": "任务附录"}
YEARLY = {"vi": "Hàng năm", "en": "Every year", "zh": "每年"}
TASK = {
    "vi": ["Đẩy mạnh {concept} trên địa bàn", "Tổ chức tập huấn về {concept}",
           "Xây dựng sản phẩm phục vụ {concept}", "Kiểm tra, đánh giá {concept}"],
    "en": ["Step up {concept} in the locality", "Organize training on {concept}",
           "Produce materials for {concept}", "Review and evaluate {concept}"],
    "zh": ["在本地区加强{concept}", "组织{concept}培训", "制作服务于{concept}的产品",
           "检查和评估{concept}"],
}
SENTENCE_END = re.compile(r"(?<=[.;!?。；！？])\s*")


@dataclass
class Pools:
    """Text to sample from, in one language."""

    paragraphs: list[str]
    items: list[str]
    headings: list[str]
    agencies: list[str]
    concepts: list[str]


def body_of(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return yaml.safe_load(text[4:end]) or {}, text[end + 4 :]
    return {}, text


LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MARKER = re.compile(r"^(- |\* |\d+\\?\.\s)")


def blocks(body: str):
    """(kind, text) of a page's headings, list items and paragraphs, wrapped lines joined."""
    current: list[str] = []
    kind = ""

    def flush():
        if current:
            text = LINK.sub(r"\1", " ".join(current)).replace("**", "").strip()
            if text:
                yield kind, text
        current.clear()

    for raw in body.splitlines():
        line = raw.strip()
        if not line or line.startswith(("|", "!!!", "```", "<", ":", "---")):
            yield from flush()
        elif re.match(r"#{1,4} ", line):
            yield from flush()
            if not line.startswith("# "):  # the page title is not a section heading
                kind = "heading"
                current.append(line.lstrip("#").strip())
                yield from flush()
        elif MARKER.match(line):
            yield from flush()
            kind = "item"
            current.append(MARKER.sub("", line))
        else:
            if not current:
                kind = "paragraph"
            current.append(line)
    yield from flush()


def text_pools(docs: Path, lang: str, glossary: list[dict]) -> Pools:
    """Paragraphs, list items and headings of a language's pages (plans only for Vietnamese)."""
    if lang == "vi":
        files = [p for p in sorted((docs / "vi" / "plans").glob("*.md")) if p.name != "index.md"]
    else:
        files = [p for p in sorted((docs / lang).rglob("*.md")) if "glossary" not in p.parts]
    paragraphs, items, headings = [], [], []
    for path in files:
        meta, body = body_of(path)
        if meta.get("quality") == "ocr":  # garbled OCR text is not what editors publish
            continue
        for kind, text in blocks(body):
            {"heading": headings, "item": items, "paragraph": paragraphs}[kind].append(text)
    paragraphs = [p for p in paragraphs if len(p) > 40]
    sentences = [s for p in paragraphs for s in SENTENCE_END.split(p) if len(s) > 20]
    # Short pools (English and Chinese pages are few) get sentences recombined into paragraphs.
    if len(paragraphs) < 200:
        rng = random.Random(lang)
        paragraphs += [
            (" " if lang != "zh" else "").join(rng.sample(sentences, min(len(sentences), 3)))
            for _ in range(200)
        ]
    agencies = [t[lang] for t in glossary if t.get("kind") == "agency" and t.get(lang)]
    concepts = [t[lang] for t in glossary if t.get("kind") == "concept" and t.get(lang)]
    if not headings:
        headings = [c[:1].upper() + c[1:] for c in concepts]
    return Pools(paragraphs, items or sentences, headings, agencies, concepts)


def page(lang: str, index: int, pools: Pools, seed: int) -> str:
    """One generated document; the same seed gives the same structure in every language."""
    meta_rng = random.Random(seed * 100_003 + index)
    place = meta_rng.choice(PLACES)
    kind = meta_rng.choice(KINDS)
    year = meta_rng.randint(2012, 2025)
    date = dt.date(year, meta_rng.randint(1, 12), meta_rng.randint(1, 28))
    number = f"{index}/{kind['code']}"
    day = {"vi": f"{date.day}/{date.month}/{date.year}", "en": date.strftime("%d %B %Y"),
           "zh": f"{date.year}年{date.month}月{date.day}日"}[lang]
    title = kind["title"][lang].format(of=place["of"][lang], year=year) + f" ({index})"
    front = {
        "title": title,
        "description": DESCRIPTION[lang].format(kind=kind[lang], number=number, day=day,
                                                issuer=place["issuer"][lang]),
        "kind": kind[lang],
        "number": number,
        "date": date.isoformat(),
        "place": place[lang],
        "issuer": place["issuer"][lang],
        "tags": [kind[lang], place[lang]],
    }
    rng = random.Random(seed * 7919 + index)  # text: same draws in every language
    out = ["---", yaml.safe_dump(front, allow_unicode=True, sort_keys=False).strip(), "---", "",
           rng.choice(pools.paragraphs), ""]
    for _ in range(rng.randint(3, 6)):
        out += [f"## {rng.choice(pools.headings)}", ""]
        for _ in range(rng.randint(1, 3)):
            out += [rng.choice(pools.paragraphs), ""]
        if rng.random() < 0.6:
            out += [f"- {rng.choice(pools.items)}" for _ in range(rng.randint(2, 5))] + [""]
    out += [f"## {TABLE_TITLE[lang]}", "", TABLE_HEAD[lang], "| --- | --- | --- | --- | --- |"]
    for row in range(1, rng.randint(3, 8) + 1):
        task = rng.choice(TASK[lang]).format(concept=rng.choice(pools.concepts))
        lead, other = rng.choice(pools.agencies), rng.choice(pools.agencies)
        out.append(f"| {row} | {task} | {lead} | {other} | {YEARLY[lang]} |")
    return "\n".join(out) + "\n"


def snapshot(dest: Path) -> Path:
    """Copy the portal once (config, hooks, pages, the portal package): every size builds the same code."""
    skip = shutil.ignore_patterns("__pycache__")
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("hooks", "docs", "portal"):
        shutil.copytree(REPO / folder, dest / folder, ignore=skip)
    return dest


def source_revision() -> str:
    """The commit the portal was copied from, and whether the copied files had local changes."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD") or "unknown commit"
    dirty = git("status", "--porcelain", "--", "mkdocs.yml", "hooks", "docs", "portal")
    return head + (" + uncommitted changes" if dirty else "")


def make_portal(root: Path, source: Path, size: int, pools: dict[str, Pools], seed: int,
                no_dedup: bool = False) -> None:
    config = (source / "mkdocs.yml").read_text(encoding="utf-8")
    if no_dedup:
        # static-i18n's search deduplication compares every default-language entry with every
        # other-language entry (reconfigure_search_duplicates): measure the build without it.
        if "reconfigure_search: true" not in config:
            sys.exit("--no-search-dedup: mkdocs.yml has no 'reconfigure_search: true' to turn off")
        config = config.replace("reconfigure_search: true", "reconfigure_search: false")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(source / "hooks", root / "hooks")
    shutil.copytree(source / "docs", root / "docs")
    for lang in LANGS:
        folder = root / "docs" / lang / GENERATED
        folder.mkdir(parents=True)
        for i in range(1, size + 1):
            (folder / f"van-ban-{i:05d}.md").write_text(page(lang, i, pools[lang], seed), encoding="utf-8")


def build(root: Path, python: str, code: Path, pdf: bool = False) -> tuple[float, int, int]:
    """Build the site in a child process: wall seconds, peak RSS in KiB, return code."""
    # PYTHONPATH puts the snapshot of the portal package before the editable install.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(code), "PORTAL_PDF": str(pdf).lower()}
    env.pop("PORTAL_LOCALE", None)  # every language
    shutil.rmtree(root / "site", ignore_errors=True)
    log = open(root / "build.log", "wb")
    start = time.perf_counter()
    child = subprocess.Popen([python, "-m", "mkdocs", "build", "-d", str(root / "site")],
                             cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    # wait4 gives this child's own rusage; getrusage(RUSAGE_CHILDREN).ru_maxrss would be the
    # high-water mark over every child so far, which hides a smaller later build.
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    log.close()
    return wall, usage.ru_maxrss, child.returncode


def tree_size(folder: Path, pattern: str = "*") -> tuple[int, int]:
    files = [p for p in folder.rglob(pattern) if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def measure(size: int, source: Path, pools: dict[str, Pools], args) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"site-scale-{size}-"))
    make_portal(root, source, size, pools, args.seed, args.no_search_dedup)
    md_pages = sum(1 for _ in (root / "docs").rglob("*.md"))
    runs = []
    for _ in range(args.repeat):
        load_before = os.getloadavg()[0]
        wall, rss, code = build(root, args.python, source, pdf=args.pdf)
        if code != 0:
            tail = (root / "build.log").read_text(encoding="utf-8", errors="replace")[-3000:]
            sys.exit(f"build of {size} pages failed ({code}); log in {root}/build.log:\n{tail}")
        runs.append((wall, rss, load_before))
    wall, rss, load = min(runs)  # the fastest run is the least disturbed by other work
    site = root / "site"
    html_count, html_bytes = tree_size(site, "*.html")
    _, site_bytes = tree_size(site)
    result = {
        "size": size, "md_pages": md_pages, "html_pages": html_count, "wall": wall,
        "walls": [r[0] for r in runs], "load": load,
        "rss_mib": rss / 1024, "site_mib": site_bytes / 2**20,
        "mean_html_kib": html_bytes / html_count / 1024,
        **{f"index_{lang}_kib": index_kib(site, lang) for lang in LANGS},
        "root": root,
    }
    if not args.keep:
        shutil.rmtree(root)
    return result


def report(results: list[dict]) -> str:
    base = results[0]
    base_per_page = base["wall"] / base["md_pages"]
    lines = [
        "| generated pages per language | .md pages (all languages) | HTML pages | build time (s) "
        "| ms per page | peak RSS (MiB) | search index vi (KiB) | en (KiB) | zh (KiB) "
        "| site size (MiB) | mean HTML page (KiB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['size']:,} | {r['md_pages']:,} | {r['html_pages']:,} | {r['wall']:.1f} "
            f"| {1000 * r['wall'] / r['md_pages']:.1f} | {r['rss_mib']:.0f} | {r['index_vi_kib']:,.0f} "
            f"| {r['index_en_kib']:,.0f} | {r['index_zh_kib']:,.0f} | {r['site_mib']:.1f} "
            f"| {r['mean_html_kib']:.1f} |"
        )
    lines += ["", f"Growth relative to {base['size']:,} generated pages per language "
              "(1.00 = linear; time per page and index bytes per page):", "",
              "| generated pages per language | pages x | time x | time per page x "
              "| vi index per page x | en index per page x | zh index per page x |",
              "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        pages = r["md_pages"] / base["md_pages"]
        per_page = {
            lang: (r[f"index_{lang}_kib"] / r["md_pages"]) / (base[f"index_{lang}_kib"] / base["md_pages"])
            for lang in LANGS
        }
        lines.append(
            f"| {r['size']:,} | {pages:.2f} | {r['wall'] / base['wall']:.2f} "
            f"| {(r['wall'] / r['md_pages']) / base_per_page:.2f} | {per_page['vi']:.2f} "
            f"| {per_page['en']:.2f} | {per_page['zh']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,300,1000",
                        help="generated pages per language, comma-separated (default 100,300,1000)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary portals and sites")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the generated text")
    parser.add_argument("--repeat", type=int, default=1,
                        help="builds per size; the fastest is reported (default 1)")
    parser.add_argument("--pdf", action="store_true", help="build the documents' PDFs too")
    parser.add_argument("--no-search-dedup", action="store_true",
                        help="build with static-i18n's reconfigure_search off "
                             "(its search deduplication is quadratic)")
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter that has MkDocs and the portal package (default: this one)")
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())

    glossary_file = REPO / "glossary" / "terms.yaml"
    glossary = yaml.safe_load(glossary_file.read_text(encoding="utf-8")) if glossary_file.exists() else []
    with tempfile.TemporaryDirectory(prefix="site-scale-source-") as tmp:
        source = snapshot(Path(tmp))
        pools = {lang: text_pools(source / "docs", lang, glossary or []) for lang in LANGS}
        for lang, p in pools.items():
            if not (p.paragraphs and p.headings and p.agencies and p.concepts):
                sys.exit(f"not enough {lang} text to generate pages from")

        print(f"# site scale benchmark, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC")
        print(f"# {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), "
              f"Python {platform.python_version()}, {platform.platform()}")
        print(f"# portal at {source_revision()}"
              + ("; static-i18n reconfigure_search: false" if args.no_search_dedup else ""))
        results = []
        for size in sizes:
            print(f"building {size:,} generated pages x {len(LANGS)} languages ...", flush=True)
            r = measure(size, source, pools, args)
            print(f"  {r['wall']:.1f} s (runs: {', '.join(f'{w:.1f}' for w in r['walls'])}; "
                  f"load average {r['load']:.2f} before the fastest), peak RSS {r['rss_mib']:.0f} MiB"
                  + (f", kept in {r['root']}" if args.keep else ""), flush=True)
            results.append(r)
    print()
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

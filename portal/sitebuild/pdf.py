"""A PDF of every official document, in every language, made when the site is built.

Rules:

- The PDF is made from the same page readers see: the page's rendered
  article (notices, metadata card, text, task table) with a header naming the
  portal and the operator and a line giving the page's address and its
  "last updated" date, laid out by the site's own print stylesheet
  (``theme/assets/portal/print.css``, the one browsers use to print the page).
- WeasyPrint lays it out with the system's Pango and fonts: DejaVu Sans
  covers Vietnamese (and English), Noto Sans CJK SC covers Chinese; a page
  in Chinese names the CJK font first.  The fonts are embedded (subset).
- A PDF is cached under ``.cache/pdf/`` by the hash of everything that makes
  it (the document HTML, the stylesheet, WeasyPrint's version): a rebuild only
  lays out the documents whose text changed, so the cost of a build grows with
  the documents changed, and a cold build with the number of documents.
- Documents are laid out in worker processes, one per CPU.
- Nothing in a PDF depends on the time of the build, so the same page gives
  the same bytes.
"""

from __future__ import annotations

import hashlib
import html
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from portal.errors import PortalError
from portal.fileio import write_bytes_atomic

PRINT_CSS = Path(__file__).with_name("theme") / "assets" / "portal" / "print.css"
CACHE_DIR = Path(".cache") / "pdf"


class PdfError(PortalError):
    """A document's PDF could not be made."""


@dataclass(frozen=True, slots=True)
class PdfJob:
    """One document to lay out: its HTML and where its PDF goes in the site."""

    document: str
    """The complete HTML document to lay out."""
    dest: Path
    page_url: str
    """The page's public address: its relative links become absolute links in the PDF."""
    site_url: str
    site_dir: Path
    """Images of the page under ``site_url`` are read from here, never downloaded."""

    def key(self, stylesheet: str, engine_version: str) -> str:
        digest = hashlib.sha256()
        for part in (engine_version, stylesheet, self.page_url, self.document):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()


def pdf_name(page_path: str, lang: str) -> str:
    """``plans/x.md`` in English -> ``x-en.pdf`` (the PDF sits in the page's folder)."""
    stem = page_path.rsplit("/", 1)[-1].removesuffix(".md")
    return f"{stem}-{lang}.pdf"


def pdf_document(*, lang: str, title: str, content_html: str, site_name: str, operator: str,
                 page_url: str, source_label: str, updated_label: str, updated_text: str,
                 updated_iso: str, separator: str = ": ") -> str:
    """The HTML of a document's PDF: a masthead, the page's article, its address and date."""
    e = html.escape
    meta = f"{e(source_label)}{e(separator)}{e(page_url)}"
    if updated_text:
        meta += f' · {e(updated_label)}{e(separator)}<time datetime="{e(updated_iso)}">{e(updated_text)}</time>'
    return (
        f'<!doctype html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(title)} - {e(site_name)}</title>\n"
        f'<meta name="author" content="{e(operator)}">\n</head>\n<body class="portal-pdf">\n'
        f'<header class="portal-pdf__masthead"><p class="portal-pdf__site">{e(site_name)}</p>'
        f'<p class="portal-pdf__operator">{e(operator)}</p></header>\n'
        f'<article class="md-typeset">\n{content_html}\n</article>\n'
        f'<footer class="portal-pdf__meta"><p>{meta}</p></footer>\n</body>\n</html>\n'
    )


def _engine_version() -> str:
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfError(
            f"WeasyPrint cannot be loaded ({error}): run `make venv site-deps` "
            "(pip install -r requirements.txt; apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
            "fonts-dejavu-core fonts-noto-cjk)"
        ) from None
    return weasyprint.__version__


def site_file(url: str, site_url: str, site_dir: Path) -> Path:
    """The file of the built site at ``url``: a PDF loads nothing from elsewhere, nothing at build time."""
    if url.startswith(site_url):
        path = Path(site_dir, url[len(site_url):].split("#")[0].split("?")[0])
        if path.is_dir():
            path = path / "index.html"
        if path.resolve().is_relative_to(Path(site_dir).resolve()) and path.is_file():
            return path.resolve()
    raise PdfError(f"{url}: not a file of the site (a PDF loads nothing from elsewhere)")


def _site_fetcher(site_url: str, site_dir: Path):
    """WeasyPrint's fetcher, reading the page's images and styles from the built site only."""
    from weasyprint.urls import URLFetcher

    class SiteFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return super().fetch(site_file(url, site_url, site_dir).as_uri(), headers)

    return SiteFetcher(allowed_protocols=("file",))


def _lay_out(job: PdfJob, stylesheet: str) -> bytes:
    """One PDF (run in a worker process)."""
    from weasyprint import CSS, HTML

    fetcher = _site_fetcher(job.site_url, job.site_dir)
    document = HTML(string=job.document, base_url=job.page_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[CSS(string=stylesheet)])


@dataclass(frozen=True, slots=True)
class PdfReport:
    made: int
    cached: int


def write_pdfs(jobs: list[PdfJob], cache_dir: Path, workers: int | None = None) -> PdfReport:
    """Write every job's PDF into the site, laying out only those not in the cache."""
    if not jobs:
        return PdfReport(0, 0)
    stylesheet = PRINT_CSS.read_text(encoding="utf-8")
    version = _engine_version()
    keyed = [(job, cache_dir / f"{job.key(stylesheet, version)}.pdf") for job in jobs]
    todo = [(job, cached) for job, cached in keyed if not cached.is_file()]
    if todo:
        cache_dir.mkdir(parents=True, exist_ok=True)
        workers = max(1, min(len(todo), workers or os.cpu_count() or 1))
        if workers == 1:
            results = [_lay_out(job, stylesheet) for job, _ in todo]
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = list(pool.map(_lay_out, [job for job, _ in todo], [stylesheet] * len(todo)))
        for (_, cached), data in zip(todo, results):
            write_bytes_atomic(cached, data)
    for job, cached in keyed:
        job.dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, job.dest)
    return PdfReport(len(todo), len(jobs) - len(todo))

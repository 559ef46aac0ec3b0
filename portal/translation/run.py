"""Machine pre-translation of ``docs/vi`` pages to ``docs/en`` and ``docs/zh``.

How text is translated (what is installed is :mod:`portal.translation.packages`):

1. every page is read (UTF-8), segmented (:mod:`portal.translation.segment`) and, per
   target language, each sentence becomes a model input with its protected
   pieces and glossary terms replaced by placeholders;
2. *all* inputs of a language go to that language's backend stack in one
   call: :class:`~portal.translation.memory.MemoryBackend` answers what it has seen and
   sends the rest, once each, to the model backend (batched), or through a
   :class:`~portal.translation.backends.PivotBackend` (``vi→en→zh``) whose first leg is
   the very memory-wrapped ``vi→en`` backend of the English run;
3. outputs are verified and restored, the page is rebuilt by replacing only
   the sentences' source ranges, a ``translation:`` mapping is put in its
   front matter, and it is written atomically.

Target pages a person edited or reviewed are never overwritten.  The
``translation:`` front matter of a machine page::

    translation:
      source: docs/vi/plans/ke-hoach.md     # the Vietnamese page
      source_hash: sha256:…                 # of the source file's bytes
      model: argos:vi_en@1.9                # package id@version (pivot: a+b)
      status: machine                       # reviewed / needs-review: never overwritten
      glossary_version: 3f2a…               # "" without a glossary
      output_hash: sha256:…                 # of the page without this mapping
      segments: 42                          # sentences translated
      fallbacks: 0                          # placeholders re-appended / sentences kept in vi

A page whose text no longer matches ``output_hash`` was edited by a person.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from portal.translation.backends import Backend, Engine, PivotBackend
from portal.translation.backends.argos import ArgosBackend, ArgosConfig
from portal.translation.backends.libretranslate import LibreTranslateConfig, LibreTranslateServers
from portal.errors import PortalError
from portal.fileio import content_hash, project_lock, write_text_atomic
from portal.frontmatter import FRONT_MATTER
from portal.translation.memory import MemoryBackend, TranslationMemory
from portal.translation.packages import InstalledPackage, MissingModelError, find_package, require_package
from portal.project import SOURCE_LANG, TARGET_LANGS, Project
from portal.translation.segment import (
    PLACEHOLDER_RE,
    TERM,
    Protected,
    SegmentedPage,
    model_input,
    outer_markup,
    rebuild,
    restore,
    segment_page,
    split_front_matter,
)

PIVOT_LANG = "en"
PROTECTED_STATUSES = ("reviewed", "needs-review")


class TranslateError(PortalError):
    """A page or run cannot be translated."""


@dataclass(frozen=True, slots=True)
class TranslateConfig:
    """Settings of one run, passed in by the CLI or a test."""

    targets: tuple[str, ...] = TARGET_LANGS
    force: bool = False
    """Also translate ``quality: ocr`` pages."""
    require_models: bool = False
    """Fail on a missing language pair instead of skipping the language."""
    argos: ArgosConfig = ArgosConfig()
    libretranslate: LibreTranslateConfig | None = None
    """The servers to translate with; None: the installed Argos packages, in process."""


@dataclass(slots=True)
class PageResult:
    """What happened to one page in one language."""

    path: str
    lang: str
    status: str
    """written, unchanged, skipped-ocr, skipped-edited (machine page changed by a person),
    skipped-human (no machine record), skipped-reviewed, skipped-no-model."""
    segments: int = 0
    fallbacks: list[str] = field(default_factory=list)
    """``line: what`` for each re-appended placeholder or sentence kept in Vietnamese."""
    unenforced_terms: list[str] = field(default_factory=list)
    """Glossary entry ids not rendered in place: dropped by the model (re-appended at the
    sentence end), in a sentence kept in Vietnamese, or not protectable (crossing markup)."""


@dataclass(slots=True)
class LanguageCounts:
    segments: int = 0
    translated: int = 0
    reused: int = 0
    model_sentences: int = 0
    model_calls: int = 0
    model: str = ""


@dataclass(slots=True)
class RunSummary:
    segments: int = 0
    translated: int = 0
    reused: int = 0
    model_calls: int = 0
    pages_written: int = 0
    pages_unchanged: int = 0
    pages_skipped: int = 0
    seconds: float = 0.0
    languages: dict[str, LanguageCounts] = field(default_factory=dict)
    missing_pairs: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    pages: list[PageResult] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


# -------------------------------------------------------------- backends ---

BackendLoader = Callable[[InstalledPackage, ArgosConfig], Backend]


class ArgosEngine:
    """The Argos packages installed in ``.models/``, run in process (an :class:`Engine`).

    ``load`` turns a package into a model backend (default :class:`ArgosBackend`);
    tests pass their own to count calls.
    """

    def __init__(self, models_dir: Path, config: ArgosConfig = ArgosConfig(), load: BackendLoader = ArgosBackend):
        self.models_dir = models_dir
        self.config = config
        self.load = load
        self.warnings: list[str] = []

    def model_id(self, source: str, target: str) -> str | None:
        package = find_package(self.models_dir, source, target)
        return package.model_id if package is not None else None

    def backend(self, source: str, target: str) -> Backend:
        return self.load(require_package(self.models_dir, source, target), self.config)

    def missing(self, source: str, target: str, pivot: str | None) -> MissingModelError:
        return MissingModelError(source, target, self.models_dir, pivot)


def run_engine(project: Project, config: TranslateConfig) -> Engine:
    """The engine ``config`` asks for: LibreTranslate servers, else the installed Argos packages."""
    if config.libretranslate is not None:
        return LibreTranslateServers(config.libretranslate)
    return ArgosEngine(project.models_dir, config.argos)


class BackendStacks:
    """Builds (and shares) the memory-wrapped backend of each language pair.

    Which pairs exist and their model backends come from ``engine`` (default:
    the installed Argos packages, :class:`ArgosEngine` over ``config`` and
    ``load``); memory and pivoting through English are the same for every engine.
    """

    def __init__(
        self,
        project: Project,
        config: ArgosConfig = ArgosConfig(),
        glossary_version: str = "",
        load: BackendLoader = ArgosBackend,
        memory_dir: Path | None = None,
        engine: Engine | None = None,
    ) -> None:
        self.project = project
        self.engine = engine if engine is not None else ArgosEngine(project.models_dir, config, load)
        self.glossary_version = glossary_version
        self.memory_dir = memory_dir or project.glossary_dir / "memory"
        self.memories: dict[str, TranslationMemory] = {}
        self.models: dict[str, Backend] = {}
        self.stacks: dict[tuple[str, str], tuple[MemoryBackend, str]] = {}

    def memory(self, pair: str) -> TranslationMemory:
        if pair not in self.memories:
            self.memories[pair] = TranslationMemory(self.memory_dir / f"{pair}.jsonl")
        return self.memories[pair]

    def _direct(self, source: str, target: str, model_id: str) -> MemoryBackend:
        if (source, target) not in self.stacks:
            model = self.engine.backend(source, target)
            self.models[model_id] = model
            stack = MemoryBackend(model, self.memory(f"{source}-{target}"), model_id, self.glossary_version)
            self.stacks[(source, target)] = (stack, model_id)
        return self.stacks[(source, target)][0]

    def stack(self, source: str, target: str) -> tuple[MemoryBackend, str]:
        """(backend, model id) for a pair; raises the engine's missing-model error."""
        if (source, target) in self.stacks:
            return self.stacks[(source, target)]
        direct = self.engine.model_id(source, target)
        if direct is not None:
            self._direct(source, target, direct)
            return self.stacks[(source, target)]
        if PIVOT_LANG not in (source, target):
            first = self.engine.model_id(source, PIVOT_LANG)
            second = self.engine.model_id(PIVOT_LANG, target)
            if first is not None and second is not None:
                model_id = f"{first}+{second}"
                pivot = PivotBackend(self._direct(source, PIVOT_LANG, first), self._direct(PIVOT_LANG, target, second))
                stack = MemoryBackend(pivot, self.memory(f"{source}-{target}"), model_id, self.glossary_version)
                self.stacks[(source, target)] = (stack, model_id)
                return self.stacks[(source, target)]
        pivot = PIVOT_LANG if PIVOT_LANG not in (source, target) else None
        raise self.engine.missing(source, target, pivot)

    def model_counts(self) -> tuple[int, int]:
        """(calls, sentences) of every model backend so far (for LibreTranslate, calls are requests)."""
        calls = sum(getattr(m, "calls", 0) for m in self.models.values())
        sentences = sum(getattr(m, "sentences", 0) for m in self.models.values())
        return calls, sentences

    def save(self) -> None:
        for memory in self.memories.values():
            memory.save()


# ------------------------------------------------------------------ pages ---


@dataclass(slots=True)
class SourcePage:
    path: Path
    rel: str
    """Path relative to the project root, POSIX style."""
    text: str
    crlf: bool
    sha256: str
    page: SegmentedPage


def load_source_page(path: Path, project: Project) -> SourcePage:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TranslateError(f"not UTF-8 text (bad byte at offset {error.start}); save the page as UTF-8", path) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    rel = path.resolve().relative_to(project.root.resolve()).as_posix()
    return SourcePage(path, rel, text, crlf, content_hash(data), segment_page(text, Path(rel)))


def source_pages(project: Project, paths: list[Path]) -> list[Path]:
    """The ``docs/vi`` Markdown pages named by ``paths`` (all when empty)."""
    source_dir = project.lang_dir(SOURCE_LANG).resolve()
    if not paths:
        return sorted(source_dir.rglob("*.md"))
    found = []
    for path in paths:
        resolved = Path(path).resolve()
        if not resolved.exists():
            raise TranslateError("no such file or folder", path)
        if resolved != source_dir and source_dir not in resolved.parents:
            raise TranslateError(f"not a source page: translate pages under {source_dir}", path)
        if resolved.is_file() and resolved.suffix != ".md":
            raise TranslateError("not a Markdown page (.md)", path)
        found += sorted(resolved.rglob("*.md")) if resolved.is_dir() else [resolved]
    return sorted(dict.fromkeys(found))


_TRANSLATION_BLOCK_RE = re.compile(r"^translation:[ \t]*\n(?:[ \t]+.*\n|[ \t]*\n(?=[ \t]))*", re.M)


def without_translation_block(text: str) -> str:
    _, fm_end = _front_matter_bounds(text)
    if not fm_end:
        return text
    head = _TRANSLATION_BLOCK_RE.sub("", text[:fm_end], count=1)
    if re.fullmatch(r"---[ \t]*\n---[ \t]*\n?", head):
        return text[fm_end:]  # the block was all the front matter
    return head + text[fm_end:]


def _front_matter_bounds(text: str) -> tuple[int, int]:
    match = FRONT_MATTER.match(text)
    return (0, match.end()) if match else (0, 0)


def with_translation_block(text: str, block: dict) -> str:
    """``text`` with ``block`` as its front matter ``translation:`` mapping (replacing any)."""
    lines = ["translation:"] + [f"  {key}: {json.dumps(value, ensure_ascii=False)}" for key, value in block.items()]
    rendered = "\n".join(lines) + "\n"
    _, fm_end = _front_matter_bounds(text)
    if not fm_end:
        return f"---\n{rendered}---\n{text}"
    head = _TRANSLATION_BLOCK_RE.sub("", text[:fm_end], count=1)  # a source's own record
    closing = head.rstrip("\n").rfind("\n") + 1
    return head[:closing] + rendered + head[closing:] + text[fm_end:]


def _target_state(path: Path) -> str | None:
    """None if the target may be (re)written, else why it must be kept."""
    if not path.exists():
        return None
    try:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        front_matter, _ = split_front_matter(text, path)
    except (UnicodeDecodeError, PortalError):
        return "skipped-edited"
    record = front_matter.get("translation")
    if not isinstance(record, dict):
        return "skipped-human"  # written by a person, no machine record
    status = record.get("status")
    if status in PROTECTED_STATUSES or status != "machine":
        return "skipped-reviewed"
    if record.get("output_hash") != content_hash(without_translation_block(text)):
        return "skipped-edited"
    return None


def run_lock(project: Project):
    """Refuse a second concurrent writer (translate, import, approve) on the same project."""
    return project_lock(project.root)


# -------------------------------------------------------------------- run ---


def _glossary_terms(glossary, sentence, lang: str) -> list[Protected]:
    if glossary is None:
        return []
    return [
        Protected(span.start, span.end, span.target, TERM, span.entry_id)
        for span in glossary.find(sentence.plain, lang)
    ]


def translate_pages(
    project: Project,
    paths: list[Path] = (),
    config: TranslateConfig = TranslateConfig(),
    glossary=None,
    stacks: BackendStacks | None = None,
) -> RunSummary:
    """Translate source pages into every target language of ``config``."""
    started = time.perf_counter()
    for lang in config.targets:
        if lang not in TARGET_LANGS:
            raise TranslateError(f"unknown target language {lang!r}; the portal translates to {', '.join(TARGET_LANGS)}")
    # English first: a vi→zh pivot then reuses the English run's vi→en memory.
    targets = sorted(dict.fromkeys(config.targets), key=lambda l: (l != PIVOT_LANG, l))
    glossary_version = str(getattr(glossary, "version", "") or "") if glossary is not None else ""
    if stacks is None:
        stacks = BackendStacks(project, config.argos, glossary_version, engine=run_engine(project, config))
    summary = RunSummary()
    with run_lock(project):
        pages = [load_source_page(path, project) for path in source_pages(project, list(paths))]
        for lang in targets:
            try:
                backend, model_id = stacks.stack(SOURCE_LANG, lang)
            except MissingModelError as missing:
                if config.require_models:
                    raise
                summary.missing_pairs.append(f"{SOURCE_LANG}-{lang}")
                summary.messages.append(f"skipping {lang}: {missing}")
                for source in pages:
                    summary.pages.append(PageResult(source.rel, lang, "skipped-no-model"))
                continue
            _translate_language(project, pages, lang, backend, model_id, glossary, glossary_version, config, stacks, summary)
        stacks.save()
    summary.messages += stacks.engine.warnings
    summary.pages_skipped = sum(1 for p in summary.pages if p.status.startswith("skipped"))
    summary.pages_written = sum(1 for p in summary.pages if p.status == "written")
    summary.pages_unchanged = sum(1 for p in summary.pages if p.status == "unchanged")
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def _translate_language(project, pages, lang, backend, model_id, glossary, glossary_version, config, stacks, summary):
    counts = LanguageCounts(model=model_id)
    calls_before, sentences_before = stacks.model_counts()
    reused_before, translated_before = backend.reused, backend.translated
    work = []  # (source page, target path, [(sentence, unit, input)])
    for source in pages:
        target = project.lang_dir(lang) / source.path.resolve().relative_to(project.lang_dir(SOURCE_LANG).resolve())
        quality = source.page.front_matter.get("quality")
        if quality == "ocr" and not config.force:
            summary.pages.append(PageResult(source.rel, lang, "skipped-ocr"))
            continue
        state = _target_state(target)
        if state is not None:
            summary.pages.append(PageResult(source.rel, lang, state))
            continue
        items = []
        for unit in source.page.units:
            for sentence in unit.sentences:
                items.append((sentence, unit, model_input(sentence, _glossary_terms(glossary, sentence, lang))))
        work.append((source, target, items))
    # The model sees each sentence without a wrapper of markup around it, and
    # not at all when nothing but glossary terms, codes and markup is left
    # (a bold agency name heading a table group).
    wrapped = [outer_markup(inp) for _, _, items in work for _, _, inp in items]
    for_model = [core for _, core, _ in wrapped if needs_model(core)]
    from_model = iter(backend.translate_batch(for_model))
    outputs = iter([head + (next(from_model) if needs_model(core) else core) + tail for head, core, tail in wrapped])
    space = "" if lang == "zh" else " "
    for source, target, items in work:
        result = PageResult(source.rel, lang, "written", segments=len(items))
        replacements = {}
        for sentence, unit, inp in items:
            output = next(outputs)
            restored = restore(
                output,
                inp,
                sentence,
                table=unit.kind == "table-cell",
                quote=unit.kind == "admonition-title",
                escape=unit.value is None,
                space=space,
            )
            if restored.fell_back:
                result.fallbacks.append(f"{sentence.line}: markup lost, kept the Vietnamese sentence")
            for text in restored.appended:
                result.fallbacks.append(f"{sentence.line}: re-appended {text!r}")
            for slot in inp.slots:
                if slot.kind == TERM and (restored.fell_back or slot.text in restored.appended):
                    result.unenforced_terms.append(slot.term_id or slot.text)
            for term in inp.skipped_terms:
                result.unenforced_terms.append(term.term_id or term.text)
            if not restored.unchanged and not restored.fell_back:
                replacements[id(sentence)] = restored.text
        body = rebuild(source.page, replacements)
        block = {
            "source": source.rel,
            "source_hash": source.sha256,
            "model": model_id,
            "status": "machine",
            "glossary_version": glossary_version,
            "output_hash": "",
            "segments": len(items),
            "fallbacks": len(result.fallbacks),
        }
        block["output_hash"] = content_hash(without_translation_block(with_translation_block(body, block)))
        text = with_translation_block(body, block)
        if source.crlf:
            text = text.replace("\n", "\r\n")
        if target.exists() and target.read_bytes() == text.encode("utf-8"):
            result.status = "unchanged"
        else:
            write_text_atomic(target, text)
        summary.pages.append(result)
        counts.segments += len(items)
    calls_after, sentences_after = stacks.model_counts()
    counts.reused = backend.reused - reused_before
    counts.translated = backend.translated - translated_before
    counts.model_calls = calls_after - calls_before
    counts.model_sentences = sentences_after - sentences_before
    summary.languages[lang] = counts
    summary.segments += counts.segments
    summary.translated += counts.translated
    summary.reused += counts.reused
    summary.model_calls += counts.model_calls


def needs_model(model_text: str) -> bool:
    """Whether a model input has words left once its placeholders are taken out."""
    return any(char.isalpha() for char in PLACEHOLDER_RE.sub("", model_text))


def load_project_glossary(project: Project):
    """The project's glossary, or None when the glossary stage or file is absent."""
    if not (project.glossary_dir / "terms.yaml").is_file():
        return None
    try:
        from portal.glossary import Glossary
    except ImportError:
        return None
    return Glossary.from_project(project)

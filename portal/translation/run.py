"""A translation run: machine pre-translation of the source pages into the target languages.

How text is translated (what is installed is :mod:`portal.translation.packages`):

1. every source page is read (:func:`portal.pages.read_page`) and segmented
   (:mod:`portal.translation.segment`): its fields and its body's sentences;
2. per target language, *all* sentences of all pages go through one
   :class:`~portal.translation.protect.ProtectedTranslator` call (markup,
   codes and glossary terms protected) over that language's backend stack:
   :class:`~portal.translation.memory.MemoryBackend` answers what it has
   seen and sends the rest, once each, to the model backend (batched), or
   through a :class:`~portal.translation.backends.PivotBackend` (``vi→en→zh``)
   whose first leg is the very memory-wrapped ``vi→en`` backend of the
   pivot language's run;
3. each page is rebuilt -- the body by replacing only the sentences' source
   ranges, the front matter from the translated fields -- its
   :class:`~portal.pages.TranslationRecord` (status ``machine``, source and
   glossary versions, ``output_hash``) is put in, and it is written atomically.

Target pages a person wrote, edited or approved are never overwritten, and
one page that cannot be read is reported while the others are translated.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from portal.errors import PortalError
from portal.fileio import project_lock
from portal.glossary.load import project_glossary
from portal.languages import Language
from portal.pages import (
    PageFile,
    PagePath,
    TranslationRecord,
    decode_page,
    fields_front_matter,
    named_pages,
    output_hash,
    read_page,
    with_record,
    write_page,
)
from portal.project import Project
from portal.review.state import ReviewState
from portal.translation.backends import Backend, Engine, PivotBackend
from portal.translation.backends.argos import ArgosBackend, ArgosConfig
from portal.translation.backends.libretranslate import LibreTranslateConfig, LibreTranslateServers
from portal.translation.memory import MemoryBackend, TranslationMemory
from portal.translation.packages import InstalledPackage, MissingModelError, find_package, require_package
from portal.translation.protect import ProtectedTranslator, Translated
from portal.translation.segment import SegmentedPage, rebuild, segment_page, translated_fields

OVERWRITABLE = ReviewState.MACHINE
"""The only recorded status a run may overwrite: an untouched machine draft."""
UNTRANSLATED_QUALITY = "ocr"
"""A page recognised from a bad scan is translated only with --force (``edited``: an editor restored it)."""


class TranslateError(PortalError):
    """A page or run cannot be translated."""


@dataclass(frozen=True, slots=True)
class TranslateConfig:
    """Settings of one run, passed in by the CLI or a test."""

    targets: tuple[str, ...] | None = None
    """Target language codes; None: every target language of the portal."""
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
    """``line: what`` for each re-appended placeholder or sentence kept in the source language."""
    unenforced_terms: list[str] = field(default_factory=list)
    """Glossary entry ids not rendered in place: dropped by the model (re-appended at the
    sentence end), in a sentence kept in the source language, or not protectable (crossing markup)."""


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
    errors: list[str] = field(default_factory=list)
    """Pages that could not be read (``path:line: problem``): the others were translated."""
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
        return LibreTranslateServers(config.libretranslate, pivot=project.languages.pivot)
    return ArgosEngine(project.models_dir, config.argos)


class BackendStacks:
    """Builds (and shares) the memory-wrapped backend of each language pair.

    Which pairs exist and their model backends come from ``engine`` (default:
    the installed Argos packages, :class:`ArgosEngine` over ``config`` and
    ``load``); memory and pivoting are the same for every engine.
    """

    def __init__(
        self,
        project: Project,
        config: ArgosConfig = ArgosConfig(),
        glossary_version: str = "",
        load: BackendLoader = ArgosBackend,
        memory_dir: Path | None = None,
        remember: bool = True,
        engine: Engine | None = None,
    ) -> None:
        self.project = project
        self.remember = remember
        self.engine = engine if engine is not None else ArgosEngine(project.models_dir, config, load)
        self.glossary_version = glossary_version
        self.memory_dir = memory_dir or project.glossary_dir / "memory"
        self.memories: dict[str, TranslationMemory] = {}
        self.models: dict[str, Backend] = {}
        self.stacks: dict[tuple[str, str], tuple[MemoryBackend, str]] = {}

    def memory(self, pair: str) -> TranslationMemory:
        if pair not in self.memories:
            self.memories[pair] = TranslationMemory(self.memory_dir / f"{pair}.jsonl", read_only=not self.remember)
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
        pivot_lang = self.project.languages.pivot
        if pivot_lang not in (source, target):
            first = self.engine.model_id(source, pivot_lang)
            second = self.engine.model_id(pivot_lang, target)
            if first is not None and second is not None:
                model_id = f"{first}+{second}"
                pivot = PivotBackend(self._direct(source, pivot_lang, first), self._direct(pivot_lang, target, second))
                stack = MemoryBackend(pivot, self.memory(f"{source}-{target}"), model_id, self.glossary_version)
                self.stacks[(source, target)] = (stack, model_id)
                return self.stacks[(source, target)]
        raise self.engine.missing(source, target, pivot_lang if pivot_lang not in (source, target) else None)

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
    """A source page, read and segmented."""

    page: PagePath
    file: PageFile
    segmented: SegmentedPage

    @property
    def rel(self) -> str:
        """Path relative to the project root, POSIX style (``docs/vi/...``)."""
        return self.page.display()


def load_source_page(page: PagePath, project: Project) -> SourcePage:
    try:
        data = page.file(project).read_bytes()
    except OSError as error:
        raise TranslateError(f"cannot read: {error.strerror}", page.display()) from None
    file = decode_page(data, page.display())  # errors name the page as the user knows it
    return SourcePage(page, file, segment_page(file.text, Path(page.display())))


def writable(path: Path) -> str | None:
    """None if the target may be (re)written, else why it must be kept."""
    if not path.exists():
        return None
    try:
        target = read_page(path)
        record = target.record
    except PortalError:
        return "skipped-edited"
    if record is None:
        return "skipped-human"  # written by a person, no machine record
    if (record.status or ReviewState.MACHINE) != OVERWRITABLE:
        return "skipped-reviewed"
    if record.output_hash != output_hash(target.text):
        return "skipped-edited"
    return None


# -------------------------------------------------------------------- run ---


def target_languages(project: Project, config: TranslateConfig) -> list[Language]:
    """The languages to translate into, the pivot language first (others then reuse its memory)."""
    languages = project.languages
    codes = languages.target_codes if config.targets is None else tuple(dict.fromkeys(config.targets))
    if not codes:
        raise TranslateError(f"no target language given; the portal translates to {', '.join(languages.target_codes)}")
    for code in codes:
        try:
            languages.target(code)
        except PortalError as error:
            raise TranslateError(error.message) from None
    return [languages[code] for code in sorted(codes, key=lambda code: (code != languages.pivot, code))]


def source_pages(project: Project, paths: list[Path], problems: list[str]) -> list[PagePath]:
    """The source pages named by ``paths`` (all when empty); pages that cannot be used go to ``problems``."""
    source = project.languages.source.code
    source_dir = project.lang_dir(source).resolve()
    if not source_dir.is_dir():
        raise TranslateError("no source pages to translate: the folder does not exist", project.lang_dir(source))
    for path in paths:
        resolved = Path(path).resolve()
        if resolved != source_dir and source_dir not in resolved.parents:
            raise TranslateError(f"not a source page: translate pages under docs/{source}", path)
    try:
        pages = named_pages(project, paths, default=[source], problems=problems)
    except PortalError as error:
        raise TranslateError(error.message, error.path, error.line) from None
    return pages


def translate_pages(
    project: Project,
    paths: list[Path] = (),
    config: TranslateConfig = TranslateConfig(),
    glossary=None,
    stacks: BackendStacks | None = None,
) -> RunSummary:
    """Translate source pages into every target language of ``config``."""
    started = time.perf_counter()
    languages = target_languages(project, config)
    glossary_version = str(getattr(glossary, "version", "") or "") if glossary is not None else ""
    if stacks is None:
        stacks = BackendStacks(project, config.argos, glossary_version, engine=run_engine(project, config))
    summary = RunSummary()
    source = project.languages.source.code
    with project_lock(project.root):
        pages = []
        for page in source_pages(project, list(paths), summary.errors):
            try:
                pages.append(load_source_page(page, project))
            except PortalError as error:  # one bad page must not stop the others
                summary.errors.append(str(error))
        for language in languages:
            try:
                backend, model_id = stacks.stack(source, language.code)
            except MissingModelError as missing:
                if config.require_models:
                    raise
                summary.missing_pairs.append(f"{source}-{language.code}")
                summary.messages.append(f"skipping {language.code}: {missing}")
                summary.pages += [PageResult(p.rel, language.code, "skipped-no-model") for p in pages]
                continue
            run = LanguageRun(project, language, backend, model_id, glossary, glossary_version, stacks)
            summary.pages += run.translate(pages, config.force)
            summary.languages[language.code] = run.counts
        stacks.save()
    summary.messages += stacks.engine.warnings
    for counts in summary.languages.values():
        summary.segments += counts.segments
        summary.translated += counts.translated
        summary.reused += counts.reused
        summary.model_calls += counts.model_calls
    summary.pages_skipped = sum(1 for p in summary.pages if p.status.startswith("skipped"))
    summary.pages_written = sum(1 for p in summary.pages if p.status == "written")
    summary.pages_unchanged = sum(1 for p in summary.pages if p.status == "unchanged")
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


class LanguageRun:
    """The translation of every source page into one language."""

    def __init__(self, project: Project, language: Language, backend: MemoryBackend, model_id: str,
                 glossary, glossary_version: str, stacks: BackendStacks) -> None:
        self.project = project
        self.language = language
        self.backend = backend
        self.model_id = model_id
        self.glossary_version = glossary_version
        self.stacks = stacks
        self.translator = ProtectedTranslator(backend, language, glossary)
        self.counts = LanguageCounts(model=model_id)

    def translate(self, pages: list[SourcePage], force: bool) -> list[PageResult]:
        calls_before, sentences_before = self.stacks.model_counts()
        reused_before, translated_before = self.backend.reused, self.backend.translated
        results: list[PageResult] = []
        work = []
        for source in pages:
            status = self.skip_reason(source, force)
            if status is not None:
                results.append(PageResult(source.rel, self.language.code, status))
            else:
                work.append(source)
        items = [(sentence, unit) for source in work for unit in source.segmented.units for sentence in unit.sentences]
        translated = iter(self.translator.translate(items))
        for source in work:
            count = sum(len(unit.sentences) for unit in source.segmented.units)
            results.append(self.write(source, [next(translated) for _ in range(count)]))
            self.counts.segments += count
        calls_after, sentences_after = self.stacks.model_counts()
        self.counts.reused = self.backend.reused - reused_before
        self.counts.translated = self.backend.translated - translated_before
        self.counts.model_calls = calls_after - calls_before
        self.counts.model_sentences = sentences_after - sentences_before
        return results

    def target(self, source: SourcePage) -> Path:
        return source.page.in_lang(self.language.code).file(self.project)

    def skip_reason(self, source: SourcePage, force: bool) -> str | None:
        if source.file.meta.get("quality") == UNTRANSLATED_QUALITY and not force:
            return "skipped-ocr"
        return writable(self.target(source))

    def write(self, source: SourcePage, sentences: list[Translated]) -> PageResult:
        """Rebuild one page from its translated sentences and write it."""
        result = PageResult(source.rel, self.language.code, "written", segments=len(sentences))
        replacements = {}
        for item in sentences:
            restored, line = item.restored, item.sentence.line
            if restored.fell_back:
                result.fallbacks.append(f"{line}: markup lost, kept the source sentence")
            result.fallbacks += [f"{line}: re-appended {text!r}" for text in restored.appended]
            result.unenforced_terms += item.unenforced_terms
            if not restored.unchanged and not restored.fell_back:
                replacements[id(item.sentence)] = restored.text
        segmented = source.segmented
        fields = fields_front_matter(translated_fields(segmented, replacements), segmented.front_matter)
        body = rebuild(segmented, replacements)[segmented.front_matter_end:]
        head = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=100_000) if fields else ""
        text = f"---\n{head}---\n{body}" if head else body
        record = TranslationRecord(
            source=source.rel, source_hash=source.file.sha256, model=self.model_id,
            status=ReviewState.MACHINE, glossary_version=self.glossary_version, output_hash="",
            segments=len(sentences), fallbacks=len(result.fallbacks),
        )
        record.output_hash = output_hash(with_record(text, record))
        if not write_page(self.target(source), with_record(text, record), like=source.file):
            result.status = "unchanged"
        return result


def load_project_glossary(project: Project):
    """The project's glossary, or None when the project has no glossary file."""
    if not (project.glossary_dir / "terms.yaml").is_file():
        return None
    return project_glossary(project)

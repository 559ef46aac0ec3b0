"""Benchmark: translation throughput, measured so that a rerun gives the same ratios.

Not a test (pytest does not collect ``bench/``).  Run from the repository root::

    .venv/bin/python bench/translate_bench.py            # tune, 3 runs, scaling (about 40 min on 2 cores)
    .venv/bin/python bench/translate_bench.py --runs 1 --no-tune --no-scaling   # one quick run

Paths compared (same package, same sentences, same beam, same decoding caps):

* **argostranslate**: ``argostranslate.translate.apply_packaged_translation``, argostranslate's
  own code (tokenize, one CTranslate2 ``translate_batch`` per sentence), at its default threads
  (``intra_threads=0``: all cores) and at one thread (its fastest per-sentence setting here).
  The full ``translate()`` cannot run here: its MiniSBD splitter downloads a model on first use.
* **engine**: :class:`portal.translation.backends.argos.ArgosBackend` on the same sentences, one
  batched call (length buckets queued on one replica per core).
* **pipeline**: ``translate_pages`` on the seed pages, cold (segmentation, glossary placeholders,
  memory, SentencePiece, model, restore, writing), and
* **raw limit**: the package's CTranslate2 model called directly on exactly the tokens the
  pipeline sent, with the best settings the tuning pass found.

No trained vi->en model can be downloaded here, so the model is a generated *real-size* Argos
package with random weights (Transformer 6+6, d_model 512, 8 heads, FFN 2048, int8, SentencePiece
trained on the seeds).  Random weights never emit ``</s>``: left alone every sentence would decode
to the global cap, which no real model does.  So every path caps each sentence at
``ceil(1.25 x its source tokens) + 4`` tokens -- about where a trained vi->en model stops (English
needs no more tokens than Vietnamese syllables) -- per sentence on the one-sentence paths and per
length bucket (its longest sentence) on the batched ones, which therefore decode a little more.

Comparable runs: the paths alternate (A B A B) inside each run; each measurement records the load
average before and after and, from ``/proc/stat``, the CPU time other processes took while it ran;
a measurement disturbed by more than ``--max-foreign`` cores is retried, and a ratio over a
disturbed measurement is not printed.
"""

from __future__ import annotations

import argparse
import cProfile
import math
import os
import platform
import pstats
import resource
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # the generated-package builder lives with the tests

from portal.translation.backends.argos import ArgosBackend, ArgosConfig, length_buckets  # noqa: E402

CAP_RATIO, CAP_EXTRA = 1.25, 4


def cap(source_tokens: int) -> int:
    """The decoding cap of a source of this many tokens, the same on every path."""
    return math.ceil(CAP_RATIO * source_tokens) + CAP_EXTRA


def seed_dir() -> Path:
    return REPO / "sources"


def build_model(cache: Path, vocab_size: int = 8000, model_vocab_size: int = 32000) -> Path:
    from synthetic_packages import SyntheticModelConfig, build_argos_package

    folder = cache / f"vi_en-6x512-sp{vocab_size}-v{model_vocab_size}-int8"
    if (folder / "metadata.json").is_file():
        return folder
    corpus = []
    for path in sorted(seed_dir().glob("*.txt")) + sorted((REPO / "docs" / "vi").rglob("*.md")):
        corpus += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    config = SyntheticModelConfig(
        num_layers=6, num_heads=8, d_model=512, ffn_dim=2048, vocab_size=vocab_size,
        model_vocab_size=model_vocab_size, quantization="int8",
    )
    started = time.perf_counter()
    build_argos_package(folder, "vi", "en", corpus, config)
    print(f"built model in {time.perf_counter() - started:.1f} s: {folder}")
    return folder


# ------------------------------------------------------------ the machine ---


def cpu_description() -> dict:
    info = {"machine": platform.machine(), "cores": os.cpu_count(), "model": "?", "flags": ""}
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return info
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "model name" and info["model"] == "?":
            info["model"] = value.strip()
        if key.strip() == "flags" and not info["flags"]:
            wanted = ("avx", "fma", "f16c", "amx", "vnni", "bf16", "sse4_2")
            info["flags"] = " ".join(f for f in value.split() if any(w in f for w in wanted))
    return info


def busy_jiffies() -> tuple[int, int]:
    """(busy, total) CPU time of the whole machine since boot, in clock ticks."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime


@dataclass
class Measurement:
    label: str
    seconds: float
    items: int
    load_before: float
    load_after: float
    foreign_cores: float
    """CPU other processes used while it ran, in cores (machine busy time minus this process's)."""
    own_cores: float
    attempts: int = 1

    @property
    def rate(self) -> float:
        return self.items / self.seconds


def measure(label: str, items: int, function, max_foreign: float, attempts: int = 3) -> Measurement:
    """Time ``function``; retry when other processes took more than ``max_foreign`` cores meanwhile."""
    tick = os.sysconf("SC_CLK_TCK")
    for attempt in range(1, attempts + 1):
        load_before = os.getloadavg()[0]
        busy0, _ = busy_jiffies()
        own0 = own_cpu_seconds()
        started = time.perf_counter()
        function()
        seconds = time.perf_counter() - started
        busy1, _ = busy_jiffies()
        own = own_cpu_seconds() - own0
        foreign = max(0.0, ((busy1 - busy0) / tick - own) / seconds)
        result = Measurement(label, seconds, items, load_before, os.getloadavg()[0], foreign, own / seconds, attempt)
        print(f"  {label}: {seconds:.1f} s, {result.rate:.2f}/s, own {result.own_cores:.2f} cores, "
              f"others {foreign:.2f} cores, load {load_before:.2f}->{result.load_after:.2f}", flush=True)
        if foreign <= max_foreign:
            return result
        print(f"  (disturbed by other processes: attempt {attempt} of {attempts})", flush=True)
    return result


def quiet(measurements: list[Measurement], max_foreign: float) -> bool:
    return all(m.foreign_cores <= max_foreign for m in measurements)


# -------------------------------------------------------------- the paths ---


class OneSentencePerCall:
    """argostranslate's path: its own ``apply_packaged_translation`` once per sentence."""

    def __init__(self, package_dir: Path, threads: int, beam: int):
        import ctranslate2
        from argostranslate import settings
        from argostranslate.package import Package

        settings.beam_size = beam
        self.package = Package(package_dir)
        translator = ctranslate2.Translator(str(package_dir / "model"), device="cpu", inter_threads=1,
                                            intra_threads=threads)

        class Capped:  # argostranslate sets no decoding cap: give it the benchmark's
            def translate_batch(self, batch, **options):
                return translator.translate_batch(batch, max_decoding_length=cap(max(map(len, batch))), **options)

        class PreSplit:  # stands in for MiniSBD (which would download a model)
            def split_sentences(self, text):
                return [text]

        self.translator, self.splitter = Capped(), PreSplit()

    def __call__(self, sentences: list[str]) -> None:
        from argostranslate.translate import apply_packaged_translation

        for sentence in sentences:
            apply_packaged_translation(self.package, sentence, self.translator, self.splitter, num_hypotheses=1)


class RawModel:
    """The package's CTranslate2 model called directly on token lists, bucketed like the engine.

    Its settings are the tuning grid's keys; the defaults are the engine's.
    """

    def __init__(self, package_dir: Path, inter: int = 0, intra: int = 1, compute_type: str = "default",
                 limit: int = ArgosConfig().max_batch_size, batch_type: str = "tokens", bucketed: bool = True):
        import ctranslate2

        self.translator = ctranslate2.Translator(str(package_dir / "model"), device="cpu",
                                                 inter_threads=inter or os.cpu_count() or 1,
                                                 intra_threads=intra, compute_type=compute_type)
        self.limit, self.batch_type, self.bucketed = limit, batch_type, bucketed

    def __call__(self, tokens: list[list[str]], beam: int) -> None:
        limit, batch_type = self.limit, self.batch_type
        if not self.bucketed:  # one call, sorted, one cap for all: what a plain batched call does
            batch = sorted(tokens, key=len)
            self.translator.translate_batch(batch, beam_size=beam, max_batch_size=limit, batch_type=batch_type,
                                            max_decoding_length=cap(len(batch[-1])))
            return
        queued = []
        for bucket in reversed(length_buckets([len(t) for t in tokens], limit, batch_type)):
            batch = [tokens[i] for i in bucket]
            queued.append(self.translator.translate_batch(
                batch, beam_size=beam, max_batch_size=limit, batch_type=batch_type,
                max_decoding_length=cap(len(batch[-1])), asynchronous=True))
        for results in queued:
            for result in results:
                result.result()


def engine_config(beam: int, **options):
    return ArgosConfig(beam_size=beam, max_length_ratio=CAP_RATIO, max_length_extra=CAP_EXTRA, **options)


class Pipeline:
    """``translate_pages`` cold on a fresh copy of the imported seed pages (``docs/vi/plans``) and the glossary,
    vi->en (``force``: the OCR-damaged notice is translated too)."""

    def __init__(self, work: Path, package_dir: Path, beam: int):
        self.work, self.package_dir, self.beam, self.runs = work, package_dir, beam, 0
        self.sent: list[str] = []
        self.summary = None

    def project(self):
        from portal.project import Project
        from portal.translation.packages import install_from_path

        self.runs += 1
        root = self.work / f"project-{self.runs}"
        (root / "docs" / "vi").mkdir(parents=True)
        (root / "glossary").mkdir()
        shutil.copy(REPO / "glossary" / "terms.yaml", root / "glossary" / "terms.yaml")
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        (root / "docs" / "vi" / "plans").mkdir()
        for page in sorted((REPO / "docs" / "vi" / "plans").glob("*.md")):
            if page.name not in ("index.md", "agencies.md"):  # the five imported seed documents
                shutil.copy(page, root / "docs" / "vi" / "plans" / page.name)
        project = Project(root)
        install_from_path(self.package_dir, project.models_dir)
        return project

    def __call__(self, project, written: int = 5) -> None:
        from portal.translation.run import BackendStacks, TranslateConfig, load_project_glossary, translate_pages

        sent = self.sent
        sent.clear()

        class Recording(ArgosBackend):  # keeps what the model was given, for the raw-limit path
            def translate_batch(self, sentences):
                sent.extend(sentences)
                return super().translate_batch(sentences)

        config = TranslateConfig(targets=("en",), force=True, argos=engine_config(self.beam))
        glossary = load_project_glossary(project)
        stacks = BackendStacks(project, config.argos, str(glossary.version), load=Recording)
        self.summary = translate_pages(project, [], config, glossary=glossary, stacks=stacks)
        assert self.summary.pages_written == written and not self.summary.errors, self.summary.errors


# ----------------------------------------------------------------- report ---


def table(rows: list[tuple], header: tuple) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def measurement_rows(measurements: list[Measurement], unit: str) -> list[tuple]:
    return [(m.label, f"{m.seconds:.1f}", f"{m.rate:.2f} {unit}/s", f"{m.own_cores:.2f}", f"{m.foreign_cores:.2f}",
             f"{m.load_before:.2f} -> {m.load_after:.2f}") for m in measurements]


MEASUREMENT_HEADER = ("path", "seconds", "rate", "own cores", "others' cores", "load avg before -> after")


def spread(values: list[float]) -> float:
    return (max(values) - min(values)) / min(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stride", type=int, default=4,
                        help="the per-sentence comparison takes every Nth of the pipeline's sentences by length")
    parser.add_argument("--beam", type=int, default=2, help="beam size of every path (engine default 2)")
    parser.add_argument("--runs", type=int, default=3, help="consecutive runs of every path")
    parser.add_argument("--tune", action=argparse.BooleanOptionalAction, default=True,
                        help="tuning pass over the engine's settings (picks the raw limit's settings)")
    parser.add_argument("--scaling", action=argparse.BooleanOptionalAction, default=True,
                        help="throughput on 1 and 2 cores")
    parser.add_argument("--max-foreign", type=float, default=0.15,
                        help="most CPU (in cores) other processes may take during a measurement")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS-throughput.md")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    cache = REPO / ".cache" / "portal" / "bench"
    cache.mkdir(parents=True, exist_ok=True)
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):  # argostranslate writes there on import
        os.environ[name] = str(work / "argos-home" / name.lower())
    os.environ["ARGOS_PACKAGES_DIR"] = str(work / "argos-packages")

    import ctranslate2
    import sentencepiece

    from portal.translation.packages import load_package

    package_dir = build_model(cache)
    package = load_package(package_dir)
    sp = sentencepiece.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    cpu = cpu_description()
    beam = args.beam
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        "# Translation throughput\n",
        f"`bench/translate_bench.py`, run {stamp}. CPU: {cpu['model']}, {cpu['cores']} cores ({cpu['machine']}); "
        f"flags: {cpu['flags']}. ctranslate2 {ctranslate2.__version__} (CPU compute types: "
        f"{', '.join(sorted(ctranslate2.get_supported_compute_types('cpu')))}; "
        f"{ctranslate2.get_cuda_device_count()} GPU), argos-translate-lt 1.12.1 (torch-free). "
        f"Load average at start: {os.getloadavg()[0]:.2f}.\n",
        "Model: a generated Argos package with random weights (Transformer 6+6 layers, d_model 512, 8 heads, "
        f"FFN 2048, int8; SentencePiece of {sp.get_piece_size()} pieces trained on the seeds, model vocabulary "
        "padded to 32000 so the output layer has a real model's size). Every path caps each sentence at "
        f"`ceil({CAP_RATIO} x source tokens) + {CAP_EXTRA}` (see the script's docstring); output is gibberish, "
        f"no quality is measured. Beam {beam} on every path. A measurement during which other processes took "
        f"more than {args.max_foreign} cores is retried (3 attempts); a ratio over a disturbed one is not printed.\n",
    ]

    pipeline = Pipeline(work, package_dir, beam)

    # ---- tuning: the engine's settings on a length-stratified subset of the pipeline's sentences.
    best: dict = {}  # RawModel's settings for the raw limit: the engine's, unless the tuning pass finds better
    first_project = pipeline.project()
    profile = cProfile.Profile()
    profile.enable()
    pipeline(first_project)  # also records what the model is sent, and warms the caches
    profile.disable()
    tokens = sp.encode(pipeline.sent, out_type=str)
    print(f"pipeline sends {len(tokens)} sentences, {sum(map(len, tokens))} tokens", flush=True)
    # Every Nth sentence by length: a run's mix of short and long sentences, in a fraction of the time.
    strata = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))[:: args.stride]
    sample = [pipeline.sent[i] for i in strata]
    cores = os.cpu_count() or 1
    if args.tune:
        stats = pstats.Stats(profile)
        total = stats.total_tt
        where = {}
        for (filename, _, name), (_, _, tottime, cumtime, _) in stats.stats.items():
            where[f"{Path(filename).name}:{name}"] = (tottime, cumtime)

        def cum(suffix: str) -> float:
            return sum(c for k, (_, c) in where.items() if k.endswith(suffix))

        # CTranslate2's methods are builtins: cProfile names them "<method 'result' of '...' objects>".
        model_wait = sum(t for k, (t, _) in where.items() if "ctranslate2" in k and "method" in k)
        profile_rows = [
            ("whole cold run (profiled)", f"{total:.1f}"),
            ("waiting for the model (CTranslate2 decoding)", f"{model_wait:.1f}"),
            ("SentencePiece encode (one batched call)", f"{cum('argos.py:encode'):.2f}"),
            ("SentencePiece decode", f"{cum('argos.py:decode'):.2f}"),
            ("segmentation (markdown-it, sentences)", f"{cum('segment.py:segment_page'):.2f}"),
            ("glossary matching and placeholders", f"{cum('protect.py:terms') + cum('protect.py:model_input'):.2f}"),
            ("restore and verify placeholders", f"{cum('protect.py:restore'):.2f}"),
            ("memory (lookup, save)", f"{cum('memory.py:save') + cum('memory.py:lookup'):.2f}"),
            ("writing pages", f"{cum('run.py:write'):.2f}"),
        ]
        subset = [tokens[i] for i in strata]
        grid = [
            (f"2 replicas x 1 thread, buckets of {ArgosConfig().max_batch_size} padded tokens (engine default)",
             dict(inter=2, intra=1)),
            ("1 replica x 2 threads, same buckets", dict(inter=1, intra=2)),
            ("2 replicas x 1 thread, buckets of 384 tokens", dict(inter=2, intra=1, limit=384)),
            ("2 replicas x 1 thread, buckets of 1536 tokens", dict(inter=2, intra=1, limit=1536)),
            ("2 replicas x 1 thread, buckets of 16 sentences (batch_type examples)",
             dict(inter=2, intra=1, limit=16, batch_type="examples")),
            ("1 replica x 2 threads, one sorted call, one cap (no buckets)", dict(inter=1, intra=2, bucketed=False)),
            ("2 replicas x 1 thread, compute_type int8_float32", dict(inter=2, intra=1, compute_type="int8_float32")),
            ("2 replicas x 1 thread, compute_type int8_bfloat16", dict(inter=2, intra=1, compute_type="int8_bfloat16")),
            ("2 replicas x 1 thread, compute_type float32", dict(inter=2, intra=1, compute_type="float32")),
        ]
        supported = ctranslate2.get_supported_compute_types("cpu")
        grid = [(label, o) for label, o in grid if o.get("compute_type", "int8") in supported]
        results: dict[str, list[Measurement]] = {label: [] for label, _ in grid}
        print(f"tuning on {len(subset)} sentences", flush=True)
        for tune_pass in range(2):  # interleaved: every setting once, then again in reverse order
            for label, options in (grid if tune_pass == 0 else grid[::-1]):
                raw = RawModel(package_dir, **options)
                raw(subset[:4], beam)
                results[label].append(measure(label, len(subset), lambda: raw(subset, beam), args.max_foreign))
                del raw
        tune_rows = [(label, *(f"{m.rate:.2f}" for m in ms), f"{max(m.rate for m in ms):.2f}",
                      "yes" if quiet(ms, args.max_foreign) else "**no**") for label, ms in results.items()]
        chosen = max(grid, key=lambda item: max(m.rate for m in results[item[0]]))
        best = chosen[1]
        # Beam sizes, for the record (not a setting to pick on speed alone).
        beam_rows = []
        raw = RawModel(package_dir, 2, 1)
        for b in (1, 2, 4):
            m = measure(f"beam {b}", len(subset), lambda: raw(subset, b), args.max_foreign)
            beam_rows.append((f"beam {b}", f"{m.rate:.2f}"))
        del raw
        # SentencePiece: one call for all sentences versus one per sentence.
        started = time.perf_counter()
        sp.encode(pipeline.sent, out_type=str)
        batched_sp = time.perf_counter() - started
        started = time.perf_counter()
        for sentence in pipeline.sent:
            sp.encode(sentence, out_type=str)
        single_sp = time.perf_counter() - started
        lines += [
            f"\n## Where the time goes (cold pipeline on the seed pages, {len(tokens)} sentences to the model, "
            "cProfile)\n",
            *table(profile_rows, ("part", "seconds")),
            f"\nThe model's share of the run: {model_wait / total:.0%}. SentencePiece on all {len(tokens)} "
            f"sentences: {batched_sp * 1000:.0f} ms in one call, {single_sp * 1000:.0f} ms one by one: tokenizing "
            "is too small a part to gain from batching it or from overlapping it with decoding.\n",
            f"\n## Tuning ({len(subset)} sentences: every {args.stride}th by length, sentences/s, two interleaved "
            "passes)\n",
            *table(tune_rows, ("setting", "pass 1", "pass 2", "best", "quiet")),
            f"\nChosen for the raw limit: **{chosen[0]}**.\n",
            "\nBeam size (2 replicas x 1 thread, sentences/s): "
            + ", ".join(f"{label} {rate}" for label, rate in beam_rows) + ".\n",
        ]

    # ---- the runs: A B A B inside each.
    run_rows, sentence_runs, pipeline_runs = [], [], []
    for run in range(1, args.runs + 1):
        print(f"run {run}", flush=True)
        argos_default = OneSentencePerCall(package_dir, 0, beam)
        argos_single = OneSentencePerCall(package_dir, 1, beam)
        engine = ArgosBackend(package, engine_config(beam))
        engine.translate_batch(sample[:2])
        argos_default(sample[:1])
        argos_single(sample[:1])
        m = {}
        for key, label, function in (
            ("argos", "argostranslate, one call per sentence, default threads (all cores)",
             lambda: argos_default(sample)),
            ("engine", "engine, one batched call", lambda: engine.translate_batch(sample)),
            ("argos1", "argostranslate, one call per sentence, 1 thread", lambda: argos_single(sample)),
            ("engine2", "engine, one batched call (again)", lambda: engine.translate_batch(sample)),
        ):
            m[key] = measure(label, len(sample), function, args.max_foreign)
        del argos_default, argos_single, engine
        raw = RawModel(package_dir, **best)
        raw(tokens[:4], beam)
        projects = [pipeline.project(), pipeline.project()]
        m["pipeline"] = measure("pipeline, cold", len(tokens), lambda: pipeline(projects[0]), args.max_foreign)
        m["raw"] = measure("raw CTranslate2 limit", len(tokens), lambda: raw(tokens, beam),
                           args.max_foreign)
        m["pipeline2"] = measure("pipeline, cold (again)", len(tokens), lambda: pipeline(projects[1]),
                                 args.max_foreign)
        m["raw2"] = measure("raw CTranslate2 limit (again)", len(tokens), lambda: raw(tokens, beam),
                            args.max_foreign)
        del raw
        run_quiet = quiet(list(m.values()), args.max_foreign)
        engine_rate = max(m["engine"].rate, m["engine2"].rate)
        pipeline_rate = max(m["pipeline"].rate, m["pipeline2"].rate)
        raw_rate = max(m["raw"].rate, m["raw2"].rate)
        sentence_runs.append((m["argos"].rate, m["argos1"].rate, engine_rate))
        pipeline_runs.append((pipeline_rate, raw_rate))
        run_rows.append((run, run_quiet, m))
        print(f"run {run}: engine x{engine_rate / m['argos'].rate:.2f} argostranslate defaults, "
              f"x{engine_rate / m['argos1'].rate:.2f} at 1 thread; pipeline {pipeline_rate / raw_rate:.2f} of raw"
              + ("" if run_quiet else " (disturbed)"), flush=True)

    lines += [f"\n## Runs (per-sentence comparison: every {args.stride}th of the pipeline's sentences by length, "
              f"{len(sample)}; pipeline comparison: all {len(tokens)})\n",
              "Load averages count the benchmark's own threads (about 2 while it decodes); *others' cores* is "
              "what other processes took during the measurement, from `/proc/stat`.\n"]
    for run, run_quiet, m in run_rows:
        lines += [f"\n### Run {run}{'' if run_quiet else ' (disturbed: ratios withheld)'}\n",
                  *table(measurement_rows(list(m.values()), "sentences"), MEASUREMENT_HEADER)]
    summary_rows = []
    for (run, run_quiet, _), (argos, argos1, engine_rate), (pipe, raw) in zip(run_rows, sentence_runs, pipeline_runs):
        if run_quiet:
            summary_rows.append((run, f"{argos:.2f}", f"{argos1:.2f}", f"{engine_rate:.2f}", f"**x{engine_rate / argos:.2f}**",
                                 f"x{engine_rate / argos1:.2f}", f"{pipe:.2f}", f"{raw:.2f}", f"**{pipe / raw:.2f}**"))
        else:
            summary_rows.append((run, *(["disturbed"] * 8)))
    lines += [
        "\n## Summary (sentences/s; engine and pipeline: the better of the two alternated measurements)\n",
        *table(summary_rows, ("run", "argostranslate (defaults)", "argostranslate (1 thread)", "engine",
                              "engine / argostranslate", "engine / argostranslate 1 thread", "pipeline",
                              "raw limit", "pipeline / raw")),
    ]
    quiet_runs = [i for i, (_, q, _) in enumerate(run_rows) if q]
    if len(quiet_runs) >= 2:
        figures = {
            "engine / argostranslate": [sentence_runs[i][2] / sentence_runs[i][0] for i in quiet_runs],
            "engine / argostranslate 1 thread": [sentence_runs[i][2] / sentence_runs[i][1] for i in quiet_runs],
            "pipeline / raw limit": [pipeline_runs[i][0] / pipeline_runs[i][1] for i in quiet_runs],
            "engine sentences/s": [sentence_runs[i][2] for i in quiet_runs],
            "pipeline sentences/s": [pipeline_runs[i][0] for i in quiet_runs],
            "raw limit sentences/s": [pipeline_runs[i][1] for i in quiet_runs],
        }
        lines += ["\nSpread over the quiet runs ((max - min) / min; goal: within 15%): "
                  + "; ".join(f"{name} {statistics.median(v):.2f} median, {spread(v):.0%}"
                              for name, v in figures.items()) + ".\n"]

    # ---- the memory: an unchanged rerun, then one edited paragraph, on the last run's project.
    project = projects[1]
    warm = measure("warm rerun", 1, lambda: pipeline(project, written=0), args.max_foreign)
    warm_summary = pipeline.summary
    page = sorted((project.docs_dir / "vi" / "plans").glob("*.md"))[1]
    text = page.read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if len(p) > 200 and p[0].isupper())
    page.write_text(text.replace(paragraph, "Đoạn này đã được biên tập lại. " + paragraph, 1), encoding="utf-8")
    edited = measure("one paragraph edited", 1, lambda: pipeline(project, written=1), args.max_foreign)
    edited_summary = pipeline.summary
    lines += [
        "\n## The translation memory (the last run's project, after its cold run)\n",
        *table([("warm rerun", f"{warm.seconds:.2f}", warm_summary.translated, warm_summary.reused,
                 warm_summary.model_calls, warm_summary.pages_written),
                ("one paragraph edited", f"{edited.seconds:.2f}", edited_summary.translated, edited_summary.reused,
                 edited_summary.model_calls, edited_summary.pages_written)],
               ("run", "seconds", "sent to the model", "from memory", "model calls", "pages written")),
        f"\nWarm rerun: goal < 2 s and no model call: {'met' if warm.seconds < 2 and not warm_summary.model_calls else 'NOT met'}.\n",
    ]

    # ---- scaling with cores: the raw model, 1 core vs 2.
    if args.scaling:
        raw1 = RawModel(package_dir, 1, 1)
        raw2 = RawModel(package_dir, 2, 1)
        raw1(tokens[:4], beam)
        raw2(tokens[:4], beam)
        subset = [tokens[i] for i in sorted(range(len(tokens)), key=lambda i: len(tokens[i]))[::2]]
        scale = []
        for label, raw in (("1 core (1 replica)", raw1), ("2 cores (2 replicas)", raw2),
                           ("1 core (again)", raw1), ("2 cores (again)", raw2)):
            scale.append(measure(label, len(subset), lambda: raw(subset, beam), args.max_foreign))
        one = max(scale[0].rate, scale[2].rate)
        two = max(scale[1].rate, scale[3].rate)
        efficiency = two / (2 * one)
        lines += [
            f"\n## Cores ({len(subset)} sentences, raw model, engine settings)\n",
            *table(measurement_rows(scale, "sentences"), MEASUREMENT_HEADER),
            f"\n2 cores give x{two / one:.2f} of 1 core (efficiency {efficiency:.0%}"
            + ("" if quiet(scale, args.max_foreign) else "; disturbed") + "). Replicas share the weights and "
            "each decodes its own buckets, so for N cores the model is about N x "
            f"{one:.2f} x {efficiency:.2f} sentences/s while there are at least N buckets to keep busy "
            "(a run of a few hundred sentences has dozens); memory bandwidth is what bends it on large N. "
            f"GPU: CTranslate2 sees {ctranslate2.get_cuda_device_count()} here; with one, `--device auto` "
            "runs one replica on it and bigger buckets (`--batch-size`) pay off.\n",
        ]

    lines.append(f"\nPeak resident memory of the benchmark process: "
                 f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB.\n")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

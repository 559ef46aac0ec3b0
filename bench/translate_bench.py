"""Benchmark: argostranslate's one-sentence-per-call path vs the batched engine.

Not a test (pytest does not collect ``bench/``).  Run from the repository root::

    .venv/bin/python bench/translate_bench.py [--sentences 48] [--threads 0] [--out bench/RESULTS.md]

No trained vi->en model can be downloaded on the build machine, so the
benchmark generates a *real-size* Argos package with random weights
(Transformer 6+6 layers, d_model 512, 8 heads, FFN 2048, int8; SentencePiece
trained on the seed documents).  Random weights never emit ``</s>``, so every
sentence decodes to the length cap: both paths below get the same cap, the
same beam size and the same sentences, so they do the same decoding work and
the ratio measures batching alone.  Translation quality is meaningless here.

Measured, in this order:

0. The pipeline on the seed pages (docs/vi = the five seeds, vi->en only):
   cold run, warm rerun (memory), one edited paragraph; peak RSS.
1. *argostranslate path*: ``argostranslate.translate.apply_packaged_translation``
   (argostranslate's own code: tokenize, one ``translate_batch`` per
   sentence, beam 4, its defaults) called once per sentence.  The full
   ``argostranslate.translate.translate()`` cannot run here: its MiniSBD
   sentence splitter downloads a model on first use (no network), so the
   sentences are handed to it already split.
2. *engine path*: :class:`portal.translation.backends.argos.ArgosBackend` on the same
   sentences in one batched call, same beam and cap.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # the generated-package builder lives with the tests


def seed_dir() -> Path:
    return REPO / "sources"


def build_model(cache: Path, vocab_size: int, model_vocab_size: int) -> Path:
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


def seed_sentences() -> list[str]:
    from portal.translation.segment import model_input, segment_page

    inputs = []
    for path in sorted(seed_dir().glob("*.txt")):
        for sentence in segment_page(path.read_text(encoding="utf-8")).sentences:
            inputs.append(model_input(sentence).text)
    return list(dict.fromkeys(inputs))


def best_of(runs: int, function) -> float:
    """Fastest of ``runs`` timings (the build machine is shared, timings are noisy)."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=48, help="sentences for the path comparison")
    parser.add_argument("--threads", type=int, default=0, help="CTranslate2 intra threads (0: all cores)")
    parser.add_argument("--vocab", type=int, default=8000, help="SentencePiece vocabulary asked")
    parser.add_argument("--model-vocab", type=int, default=32000, help="model vocabulary (padded)")
    parser.add_argument("--cap", type=int, default=96, help="max decoding length (both paths)")
    parser.add_argument("--runs", type=int, default=2, help="timings per measurement (best kept)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS.md")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    cache = REPO / ".cache" / "portal" / "bench"
    cache.mkdir(parents=True, exist_ok=True)
    # argostranslate reads its settings (and creates folders) at import time.
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = str(work / "argos-home" / name.lower())
    os.environ["ARGOS_PACKAGES_DIR"] = str(work / "argos-packages")

    import ctranslate2
    import sentencepiece

    from portal.translation.backends.argos import ArgosBackend, ArgosConfig
    from portal.translation.packages import install_from_path, load_package
    from portal.project import Project
    from portal.translation.run import TranslateConfig, translate_pages

    package_dir = build_model(cache, args.vocab, args.model_vocab)
    package = load_package(package_dir)
    sp_size = sentencepiece.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model")).get_piece_size()
    model_vocab = len(json.loads((package_dir / "model" / "shared_vocabulary.json").read_text(encoding="utf-8")))
    load = os.getloadavg()[0]
    lines = [
        "# Translation benchmark\n",
        f"`bench/translate_bench.py`, run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
        f"{platform.machine()}, {os.cpu_count()} CPUs (shared with other jobs: load average {load:.1f} at start), "
        f"ctranslate2 {ctranslate2.__version__}, argos-translate-lt (torch-free).\n",
        "Model: a generated Argos package with **random weights** (no trained vi-en model can be downloaded "
        "here): Transformer 6+6 layers, d_model 512, 8 heads, FFN 2048, int8. SentencePiece unigram trained "
        f"on the seeds and docs/vi: asked {args.vocab} pieces, the small corpus gave {sp_size}; the model "
        f"vocabulary is padded to {model_vocab} entries so the output layer has a real model's size "
        "(padding entries are never produced by the tokenizer). Random weights never emit `</s>`, so every "
        f"sentence decodes to the length cap ({args.cap} tokens) on both paths: both do the same decoding "
        "work and the ratio measures batching. Output text is gibberish; no quality is measured.\n",
    ]

    # 1. The pipeline on the seed pages: cold, warm, one edited paragraph.
    root = work / "project"
    (root / "docs" / "vi").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: bench\n", encoding="utf-8")
    seeds = sorted(seed_dir().glob("*.txt"))
    for path in seeds:
        shutil.copy(path, root / "docs" / "vi" / (path.stem + ".md"))
    project = Project(root)
    install_from_path(package_dir, project.models_dir)
    engine_defaults = ArgosConfig(intra_threads=args.threads, max_decoding_length=args.cap)
    config = TranslateConfig(targets=("en",), argos=engine_defaults)
    cold = translate_pages(project, [], config)
    warm = translate_pages(project, [], config)
    page = root / "docs" / "vi" / (seeds[2].stem + ".md")
    text = page.read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if len(p) > 200 and p[0].isupper())
    page.write_text(text.replace(paragraph, "Đoạn này đã được biên tập lại. " + paragraph, 1), encoding="utf-8")
    edited = translate_pages(project, [], config)
    pipeline_peak = peak_mb()
    print(f"cold {cold.seconds:.1f} s, warm {warm.seconds:.2f} s ({warm.model_calls} model calls), "
          f"edit {edited.seconds:.1f} s ({edited.translated} sentences), peak {pipeline_peak:.0f} MB", flush=True)
    lines += [
        f"\n## Pipeline on the seed pages ({len(seeds)} pages, vi->en, engine defaults: beam 2, "
        "batches of 1024 tokens, all cores)\n",
        "| run | seconds | segments | sent to model | from memory | model calls | pages written |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in (("cold", cold), ("warm rerun", warm), ("one paragraph edited", edited)):
        lines.append(f"| {name} | {s.seconds:.2f} | {s.segments} | {s.translated} | {s.reused} | "
                     f"{s.model_calls} | {s.pages_written} |")
    met = warm.seconds < 2 and warm.model_calls == 0
    lines += [
        f"\nWarm rerun (goal < 2 s, 0 model calls): {'met' if met else 'NOT met'}. "
        f"Peak resident memory after these runs: {pipeline_peak:.0f} MB (`ru_maxrss`).\n",
    ]

    # 2. argostranslate's path (one sentence per call) vs the engine (batched).
    from argostranslate import settings as argos_settings
    from argostranslate.package import Package
    from argostranslate.translate import apply_packaged_translation

    class PreSplit:
        """Stands in for MiniSBD (which would download a model): one sentence in, one out."""

        def split_sentences(self, text):
            return [text]

    class Capped:
        """The Translator with the same decoding cap as the engine."""

        def __init__(self, intra_threads: int):
            self.translator = ctranslate2.Translator(str(package_dir / "model"), device="cpu",
                                                     inter_threads=1, intra_threads=intra_threads)

        def translate_batch(self, *a, **kw):
            return self.translator.translate_batch(*a, max_decoding_length=args.cap, **kw)

    sample = seed_sentences()[: args.sentences]
    argos_settings.beam_size = 4  # argostranslate's default, stated
    argos_package = Package(package_dir)
    rows = []
    for label, threads in (("argostranslate defaults (intra_threads=0: all cores)", 0),
                           ("1 thread (fastest per-sentence setting here)", 1)):
        translator = Capped(threads)
        apply_packaged_translation(argos_package, sample[0], translator, PreSplit(), num_hypotheses=1)
        seconds = best_of(args.runs, lambda: [apply_packaged_translation(argos_package, s, translator, PreSplit(),
                                                                         num_hypotheses=1) for s in sample])
        rows.append((f"argostranslate `apply_packaged_translation`, one call per sentence, beam 4, {label}",
                     seconds))
        del translator
        print(rows[-1], flush=True)
    for label, beam in (("beam 4 (same as argostranslate)", 4), ("beam 2 (engine default)", 2)):
        engine = ArgosBackend(package, ArgosConfig(beam_size=beam, intra_threads=args.threads,
                                                   max_length_ratio=1000, max_decoding_length=args.cap))
        engine.translate_batch(sample[:1])
        seconds = best_of(args.runs, lambda: engine.translate_batch(sample))
        rows.append((f"portal ArgosBackend, one batched call, {label}, all cores", seconds))
        print(rows[-1], flush=True)
    rates = [len(sample) / seconds for _, seconds in rows]
    lines += [
        f"\n## One sentence per call vs batched ({len(sample)} seed sentences, best of {args.runs})\n",
        "| path | seconds | sentences/s | speed vs argostranslate defaults |",
        "|---|---:|---:|---:|",
    ]
    for (label, seconds), rate in zip(rows, rates):
        lines.append(f"| {label} | {seconds:.1f} | {rate:.2f} | x{rate / rates[0]:.1f} |")
    lines += [
        f"\nSame beam, same cap: batching is **x{rates[2] / rates[0]:.1f}** faster than argostranslate's "
        f"default per-sentence path and x{rates[2] / rates[1]:.1f} faster than its best single-thread setting. "
        f"With each side's default beam (argostranslate 4, engine 2) the engine is x{rates[3] / rates[0]:.1f} "
        "faster. Goal: >= 5.\n",
        f"Peak resident memory of the whole benchmark process: {peak_mb():.0f} MB.\n",
        "The full `argostranslate.translate.translate()` was not timed: its MiniSBD sentence splitter "
        "downloads a model on first use and the build machine has no network; `apply_packaged_translation` "
        "is the code it calls for each sentence after splitting.\n",
    ]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

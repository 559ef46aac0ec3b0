"""Benchmark: LibreTranslate servers (1 and 2 local instances) vs the in-process batched backend.

Not a test (pytest does not collect ``bench/``).  Run from the repository root,
after ``make libretranslate-venv``::

    .venv/bin/python bench/libretranslate_bench.py [--sentences 32] [--runs 2] [--max-load 1.0] [--wait 1800]

Same package, same sentences, same decoding work on every path, in one run:

- the package is a real-size generated vi->en package (Transformer 6+6 layers,
  d_model 512, 8 heads, FFN 2048, int8, a 32000-entry vocabulary, random
  weights; cached in ``.cache/portal/bench``), served by LibreTranslate from a
  copy holding the rule-based MiniSBD splitter (plus a tiny en->zh package:
  LibreTranslate wants two packages to start offline);
- random weights never emit ``</s>``, so every sentence decodes to the cap;
  LibreTranslate's cap is CTranslate2's default (256 tokens) and cannot be
  set, so the in-process backend gets the same cap, the same beam (2: the
  servers run with ``ARGOS_BEAM_SIZE=2``) and the same length penalty;
- the sentences are seed sentences (as the portal sends them: protected
  pieces replaced by placeholders) that the splitter keeps whole, so the
  servers make exactly one model call per sentence;
- a LibreTranslate instance is one ``libretranslate`` process (waitress) with
  ``ARGOS_INTRA_THREADS=1``, reached through
  :class:`~portal.translation.backends.libretranslate.LibreTranslateServers`
  (2 requests in flight per instance, 4 sentences per request); the
  in-process backend runs with all cores, as ``portal translate`` does, and
  with one thread for a per-core comparison.

Each path is timed after a warm-up request (models load on first use), in
``--runs`` rounds over all paths (each path meets the same conditions), the
best kept.  The machine is shared: before each timing the run waits
(``--wait``) for the 1-minute load average to drop below ``--max-load``, and
records the load average and the share of the CPU that other processes took
during the timing (``/proc/stat`` busy time minus this process's and the
servers').  A path timed while others took more than a quarter of the CPU is
marked: its figure is a lower bound.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # generated packages and the server launcher live with the tests

CAP = 256  # CTranslate2's default max_decoding_length, which LibreTranslate uses
BEAM = 2
CORPUS = 1_000_000  # sentences, for the projections
NOISY = 0.25  # others' share of the CPU above which a timing is marked


def build_model(cache: Path) -> Path:
    """The real-size random-weight vi->en package (built once, cached; the same as translate_bench.py's)."""
    from synthetic_packages import SyntheticModelConfig, build_argos_package

    folder = cache / "vi_en-6x512-sp8000-v32000-int8"
    if (folder / "metadata.json").is_file():
        return folder
    corpus = []
    for path in sorted((REPO / "sources").glob("*.txt")) + sorted((REPO / "docs" / "vi").rglob("*.md")):
        corpus += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    config = SyntheticModelConfig(num_layers=6, num_heads=8, d_model=512, ffn_dim=2048, vocab_size=8000,
                                  model_vocab_size=32000, quantization="int8")
    build_argos_package(folder, "vi", "en", corpus, config)
    return folder


def whole_sentences(count: int) -> list[str]:
    """Model inputs of the seed documents, distinct, without an inner ``. `` (the splitter would cut them)."""
    from portal.translation.protect import model_input
    from portal.translation.segment import segment_page

    inputs = []
    for path in sorted((REPO / "sources").glob("*.txt")):
        inputs += [model_input(sentence).text for sentence in segment_page(path.read_text(encoding="utf-8")).sentences]
    keep = [s for s in dict.fromkeys(inputs) if s.strip() and not re.search(r"[.!?。！？…]\s+\S", s)]
    if len(keep) < count:
        raise SystemExit(f"only {len(keep)} whole seed sentences, asked {count}")
    return keep[:count]


def wait_for_quiet(max_load: float, wait: float) -> float:
    deadline = time.monotonic() + wait
    while (load := os.getloadavg()[0]) > max_load and time.monotonic() < deadline:
        print(f"waiting for a quiet machine: load {load:.2f} > {max_load}", flush=True)
        time.sleep(30)
    return os.getloadavg()[0]


def _cpu_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of the whole machine."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return sum(fields) - idle, sum(fields)


def _process_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


@dataclass(slots=True)
class Measurement:
    label: str
    seconds: float = float("inf")
    """The best timing."""
    load_before: float = 0.0
    foreign_share: float = 0.0
    """Share of the machine's CPU that other processes used during the best timing."""


def time_once(row: Measurement, function, pids: list[int], max_load: float, wait: float) -> None:
    """One timing of ``function`` once the machine is quiet; kept in ``row`` if it is the best so far."""
    load = wait_for_quiet(max_load, wait)
    busy0, total0 = _cpu_ticks()
    own0 = _process_ticks(pids)
    started = time.perf_counter()
    function()
    seconds = time.perf_counter() - started
    busy1, total1 = _cpu_ticks()
    foreign = max(0, (busy1 - busy0) - (_process_ticks(pids) - own0)) / max(1, total1 - total0)
    print(f"{row.label}: {seconds:.1f} s (load {load:.2f} before, others {foreign:.0%} of the CPU)", flush=True)
    if seconds < row.seconds:
        row.seconds, row.load_before, row.foreign_share = seconds, load, foreign


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3, help="rounds over the paths (best timing kept)")
    parser.add_argument("--max-load", type=float, default=1.0, help="1-minute load average to wait for")
    parser.add_argument("--wait", type=float, default=120, help="seconds to wait for it before each timing, at most")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS-libretranslate.md")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="portal-lt-bench-"))
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):  # argostranslate writes there on import
        os.environ[name] = str(work / "argos-home" / name.lower())
    cache = REPO / ".cache" / "portal" / "bench"
    cache.mkdir(parents=True, exist_ok=True)

    from libretranslate_servers import LibreTranslateServer, server_packages, start_servers
    from synthetic_packages import SyntheticModelConfig, build_argos_package

    from portal.translation.backends.argos import ArgosBackend, ArgosConfig
    from portal.translation.backends.libretranslate import LibreTranslateConfig, LibreTranslateServers
    from portal.translation.packages import load_package

    vi_en = build_model(cache)
    en_zh = cache / "en_zh-tiny"
    if not (en_zh / "metadata.json").is_file():
        build_argos_package(en_zh, "en", "zh", ["A few English words.", "Some more text here."] * 20,
                            SyntheticModelConfig(vocab_size=60))
    packages = server_packages([vi_en, en_zh], work / "packages")
    sentences = whole_sentences(args.sentences)
    load_start = os.getloadavg()[0]

    servers = [LibreTranslateServer(packages, work / f"server-{n}", beam_size=BEAM, intra_threads=1, metrics=False)
               for n in range(2)]
    start_servers(servers)
    try:
        pids = [os.getpid()] + [server.process.pid for server in servers]
        # In process, batched: what `portal translate` does on the editor's machine.
        paths = []
        for label, threads in (("in process, batched, all cores (portal translate)", 0),
                               ("in process, batched, 1 thread", 1)):
            backend = ArgosBackend(load_package(vi_en), ArgosConfig(beam_size=BEAM, inter_threads=threads,
                                                                    max_length_ratio=1000, max_decoding_length=CAP))
            paths.append((Measurement(label), backend))
        # One and two LibreTranslate instances on this machine.
        for count in (1, 2):
            engine = LibreTranslateServers(LibreTranslateConfig(
                endpoints=tuple(server.url for server in servers[:count]), batch_size=4, concurrency=2, timeout=600))
            label = f"LibreTranslate, {count} instance{'s' if count > 1 else ''} (ARGOS_INTRA_THREADS=1 each)"
            paths.append((Measurement(label), engine.backend("vi", "en")))
        for _, backend in paths:  # models load on first use, in process and in each server
            backend.translate_batch(sentences[:1])
        # Rounds over every path, so that each meets the same weather on a shared machine.
        for _ in range(args.runs):
            for row, backend in paths:
                time_once(row, lambda: backend.translate_batch(sentences), pids, args.max_load, args.wait)
        spread = [stats.sentences for stats in paths[3][1].servers.stats.values()]
        print("sentences per instance with 2 instances (all rounds):", spread, flush=True)
        rows = [row for row, _ in paths]
        resident = max(resident_mb(server.process.pid) for server in servers)
    finally:
        for server in servers:
            server.stop()
    load_end = os.getloadavg()[0]
    write_results(args, rows, sentences, resident, load_start, load_end)
    shutil.rmtree(work, ignore_errors=True)


def write_results(args, rows: list[Measurement], sentences: list[str], resident: float, load_start: float,
                  load_end: float) -> None:
    rate = {row.label: len(sentences) / row.seconds for row in rows}
    batched, batched_one, lt1, lt2 = (rate[row.label] for row in rows)  # in the order measured
    cores = os.cpu_count() or 1
    worst = max(row.foreign_share for row in rows)

    def hours(sentences_per_second: float) -> str:
        return f"{CORPUS / sentences_per_second / 3600:.1f} hours"

    lines = [
        "# LibreTranslate benchmark\n",
        f"`bench/libretranslate_bench.py`, run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
        f"{platform.machine()}, {cores} CPUs: 1-minute load average {load_start:.2f} at "
        f"the start and {load_end:.2f} at the end; before each timing the run waited (up to {args.wait:.0f} s) "
        f"for a load of {args.max_load} or less; other processes took up to {worst:.0%} of the CPU during a "
        f"timing (columns below; * marks more than {NOISY:.0%}: a lower bound). LibreTranslate 1.9.6 "
        "(waitress) from `.venv-libretranslate`, argos-translate-lt 1.12.1 on both sides.\n",
        f"{len(sentences)} seed sentences, the same real-size vi->en package on every path (generated, random "
        f"weights: Transformer 6+6, d_model 512, int8, 32000-entry vocabulary). Every sentence decodes "
        f"{CAP} tokens (random weights never stop; {CAP} is LibreTranslate's fixed cap, given to the in-process "
        f"backend too), beam {BEAM}. Best of {args.runs} rounds over all paths, after a warm-up request.\n",
        "| path | seconds | sentences/s | vs 1 LibreTranslate instance | load before | others' CPU share |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        mark = " *" if row.foreign_share > NOISY else ""
        lines.append(f"| {row.label} | {row.seconds:.1f} | {rate[row.label]:.2f}{mark} | "
                     f"x{rate[row.label] / lt1:.2f} | {row.load_before:.2f} | {row.foreign_share:.0%} |")
    lines.append(f"\nResident memory of one LibreTranslate instance (one worker) after the runs, with this "
                 f"package and the tiny en->zh one loaded: {resident:.0f} MB.")
    in_process_wins = batched > lt2
    lines += [
        "\n## What the figures say\n",
        f"- **Same core:** batched in process on 1 thread, {batched_one:.2f} sentences/s; one LibreTranslate "
        f"worker, {lt1:.2f} (x{batched_one / lt1:.2f}). **Same machine** ({cores} cores): {batched:.2f} in "
        f"process, {lt2:.2f} for two instances (x{batched / lt2:.2f}). LibreTranslate makes one model call per "
        "sentence (plus HTTP, JSON and its own sentence split); the in-process engine batches them.",
        f"- Two instances gave x{lt2 / lt1:.2f} one instance on {cores} cores"
        + (" that other jobs were using too. " if worst > NOISY else ". ") +
        "Instances share nothing (each worker holds its own model) and the portal keeps every endpoint busy, "
        "so on machines of their own throughput grows with the workers until the cores run out.",
        f"- **N machines** of C cores, each with C LibreTranslate workers (gunicorn, ARGOS_INTRA_THREADS=1, "
        f"behind a load balancer or as separate endpoints): about N x C x {lt1:.2f} sentences/s. One C-core "
        f"editor machine in process: about C x {batched_one:.2f} (if batching scales with the cores). The "
        f"servers overtake the editor's machine from N = {batched_one / lt1:.1f} machines of the same size. "
        f"A million sentences (years of archives into two languages) at these rates: {hours(8 * batched_one)} on "
        f"one 8-core machine in process, {hours(4 * 8 * lt1)} on 4 LibreTranslate machines of 8 cores, "
        f"{hours(16 * 8 * lt1)} on 16.",
        ("- So LibreTranslate is the way to *add* machines (years of archives, more languages, a server the "
         "province already runs), not a faster engine: on one machine, in process stays faster."
         if in_process_wins else
         "- On this run two LibreTranslate instances beat the in-process engine on the same machine; with the "
         "machine shared, check the load columns before reading much into it."),
        "- Either way the translation memory answers every unchanged sentence on the editor's machine, "
        "without a request.",
    ]
    noisy = [row.label for row in rows if row.foreign_share > NOISY]
    if noisy:
        lines.append(f"- Timed while other jobs took more than {NOISY:.0%} of the CPU: {'; '.join(noisy)}. Those "
                     "rates are lower bounds, and the ratios and projections built on them inherit the error.")
    lines += [
        f"- Random weights never stop, so every sentence decodes {CAP} tokens and model time dwarfs the HTTP "
        "round trip and hides much of what batching gains. Real models stop near the source's length, which "
        "makes LibreTranslate's per-request and per-sentence costs weigh more: read its figures here as upper "
        "bounds.",
    ]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

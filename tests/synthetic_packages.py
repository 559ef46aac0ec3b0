"""Real Argos-format packages with random weights, for the tests and benchmarks (not shipped).

No trained Vietnamese model can be downloaded where the tests run, so the
tests and ``bench/`` build their own packages: a SentencePiece model trained
on a few lines of text plus a CTranslate2 Transformer whose weights are
random numbers.  The package layout is exactly Argos Translate's
(``metadata.json``, ``model/``, ``sentencepiece.model``), so the install,
listing and loading code runs unchanged.  The translations are gibberish: use
these packages to check structure, placeholders, memory and speed, never
translation quality.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from portal.errors import PortalError


@dataclass(frozen=True, slots=True)
class SyntheticModelConfig:
    """Size of a generated model."""

    num_layers: int = 2
    """Encoder and decoder layers each."""
    num_heads: int = 2
    d_model: int = 64
    ffn_dim: int = 128
    vocab_size: int = 300
    """SentencePiece vocabulary size (shared by source and target)."""
    model_vocab_size: int | None = None
    """Pad the model's vocabulary with unused ``<extra_N>`` entries to this size
    (a real-size output layer for speed tests when the training text is too
    small for a real-size SentencePiece vocabulary)."""
    quantization: str | None = None
    """``int8`` etc. applied when saving, or None to keep float32."""
    seed: int = 0


def _train_sentencepiece(lines: list[str], prefix: Path, vocab_size: int) -> None:
    import sentencepiece as spm

    text = "\n".join(line for line in lines if line.strip())
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(text.splitlines()),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        num_threads=2,
        minloglevel=2,
    )


def _random_transformer(vocabulary: list[str], config: SyntheticModelConfig, out_dir: Path) -> None:
    import numpy as np
    from ctranslate2.specs import model_spec, transformer_spec

    rng = np.random.default_rng(config.seed)
    d, ff, v = config.d_model, config.ffn_dim, len(vocabulary)
    spec = transformer_spec.TransformerSpec.from_config(config.num_layers, config.num_heads)

    def shape(name: str) -> tuple[int, ...]:
        parts = name.split("/")
        leaf, owner = parts[-1], parts[-2]
        if leaf in ("gamma", "beta"):
            return (d,)
        if owner.startswith("embeddings") or owner == "projection":
            return (v, d) if leaf == "weight" else (v,)
        if owner == "linear_0" and parts[-3] == "ffn":
            return (ff, d) if leaf == "weight" else (ff,)
        if owner == "linear_1" and parts[-3] == "ffn":
            return (d, ff) if leaf == "weight" else (d,)
        attention = parts[-3]
        index = int(owner.split("_")[1])
        if attention == "self_attention":
            rows = 3 * d if index == 0 else d
        else:  # encoder-decoder attention: query, fused key/value, output
            rows = 2 * d if index == 1 else d
        return (rows, d) if leaf == "weight" else (rows,)

    def fill(layer, name, value):
        if value is None:
            leaf = name.split("/")[-1]
            if leaf == "gamma":
                array = np.ones(shape(name), dtype=np.float32)
            elif leaf == "beta":
                array = np.zeros(shape(name), dtype=np.float32)
            else:
                array = (rng.standard_normal(shape(name)) * 0.08).astype(np.float32)
            setattr(layer, leaf, array)

    model_spec.visit_spec(spec, fill)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization=config.quantization)
    spec.save(str(out_dir))


def build_argos_package(
    out_dir: Path,
    from_code: str,
    to_code: str,
    corpus: list[str],
    config: SyntheticModelConfig = SyntheticModelConfig(),
    package_version: str = "1.0",
) -> Path:
    """Write an unpacked Argos package folder at ``out_dir`` and return it."""
    out_dir = Path(out_dir)
    (out_dir / "model").mkdir(parents=True, exist_ok=True)
    import sentencepiece as spm

    _train_sentencepiece(corpus, out_dir / "sentencepiece", config.vocab_size)
    (out_dir / "sentencepiece.vocab").unlink(missing_ok=True)
    processor = spm.SentencePieceProcessor(model_file=str(out_dir / "sentencepiece.model"))
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    # CTranslate2 needs its special tokens; SentencePiece's <unk> comes first.
    vocabulary = ["<unk>", "<s>", "</s>", *[p for p in pieces if p not in ("<unk>", "<s>", "</s>")]]
    if config.model_vocab_size and config.model_vocab_size > len(vocabulary):
        vocabulary += [f"<extra_{i}>" for i in range(config.model_vocab_size - len(vocabulary))]
    _random_transformer(vocabulary, config, out_dir / "model")
    metadata = {
        "package_version": package_version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": from_code,
        "to_code": to_code,
        "to_name": to_code,
        "package_type": "translate",
        "note": "synthetic random-weight model for tests and benchmarks",
    }
    (out_dir / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    return out_dir


def zip_package(package_dir: Path, archive: Path) -> Path:
    """Pack a package folder as an ``.argosmodel`` zip (one top-level folder)."""
    package_dir = Path(package_dir)
    if not (package_dir / "metadata.json").is_file():
        raise PortalError("not an Argos package folder (no metadata.json)", package_dir)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(package_dir.rglob("*")):
            if path.is_file():
                zf.write(path, f"{package_dir.name}/{path.relative_to(package_dir).as_posix()}")
    Path(archive).write_bytes(buffer.getvalue())
    return Path(archive)

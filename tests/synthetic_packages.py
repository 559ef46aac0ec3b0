"""Real Argos-format packages with random weights, for the tests and benchmarks (not shipped).

No trained Vietnamese model can be downloaded where the tests run, so the
tests and ``bench/`` build their own packages: a SentencePiece model trained
on a few lines of text plus a CTranslate2 Transformer whose weights are
random numbers.  The package layout is exactly Argos Translate's
(``metadata.json``, ``model/``, ``sentencepiece.model``), so the install,
listing and loading code runs unchanged.  The translations are gibberish: use
these packages to check structure, placeholders, memory and speed, never
translation quality.

LibreTranslate (argos-translate-lt) also splits every text into sentences with
a MiniSBD ONNX model, which it downloads on first use unless the package holds
one in ``minisbd/``: :func:`add_minisbd_model` writes a small rule-based one
(a sentence ends at ``. ! ? 。！？…`` followed by a space or the end), so the
servers the tests start never reach the network.
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


# MiniSBD's labels per character: 0 inside a token, 1 end of a token, 2 end of
# a sentence (3 and 4: the same for multi-word tokens, never produced here).
SENTENCE_END = ".!?。！？…"
MINISBD_CONFIG = {
    "skip_newline": False,
    "max_seqlen": 1000,
    "no_ssplit": False,
    "batch_size": 32,
    "feat_funcs": ["space_before", "capitalized", "numeric", "end_of_para", "start_of_para"],
    "use_dictionary": False,
    "num_dict_feat": 0,
}


def build_minisbd_model(path: Path, lang: str) -> Path:
    """Write a rule-based MiniSBD sentence splitter (ONNX) for ``lang`` at ``path``.

    minisbd feeds ``units`` (character ids, int64 [B, N]) and ``features``
    (float32 [B, N, F]) and takes the argmax of ``logits`` [B, N, 5]; its
    vocabulary, configuration and lexicon come from the model's metadata.
    Here the logits are a table lookup per character (a space ends a token)
    plus a sentence end where a terminal mark is followed by a space or padding.
    """
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    units = ["<PAD>", "<UNK>", " ", *SENTENCE_END]  # minisbd's PAD and UNK ids are 0 and 1
    unit_ids = {unit: i for i, unit in enumerate(units)}
    table = np.zeros((len(units), 5), dtype=np.float32)
    table[:, 0] = 1.0
    table[unit_ids[" "]] = [0, 2, 0, 0, 0]
    terminal = np.array([1.0 if unit in SENTENCE_END else 0.0 for unit in units], dtype=np.float32)
    constants = {
        "table": table,
        "terminal": terminal,
        "sentence_end_logit": np.array([0, 0, 4, 0, 0], dtype=np.float32),
        "one": np.array([1], np.int64),
        "to_the_end": np.array([2**62], np.int64),
        "pad_last": np.array([0, 0, 0, 1], np.int64),
        "pad_id": np.array(0, np.int64),
        "space_id": np.array(unit_ids[" "], np.int64),
        "last_axis": np.array([-1], np.int64),
        "zero": np.array(0.0, np.float32),
    }
    nodes = [
        helper.make_node("Gather", ["table", "units"], ["base"], axis=0),
        helper.make_node("Gather", ["terminal", "units"], ["is_terminal"], axis=0),
        # The next character of each position (padding after the last one).
        helper.make_node("Slice", ["units", "one", "to_the_end", "one"], ["after_first"]),
        helper.make_node("Pad", ["after_first", "pad_last", "pad_id"], ["next"], mode="constant"),
        helper.make_node("Equal", ["next", "space_id"], ["next_is_space"]),
        helper.make_node("Equal", ["next", "pad_id"], ["next_is_pad"]),
        helper.make_node("Or", ["next_is_space", "next_is_pad"], ["boundary_follows"]),
        helper.make_node("Cast", ["boundary_follows"], ["boundary"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["is_terminal", "boundary"], ["sentence_end"]),
        helper.make_node("Unsqueeze", ["sentence_end", "last_axis"], ["sentence_end_column"]),
        helper.make_node("Mul", ["sentence_end_column", "sentence_end_logit"], ["sentence_logits"]),
        # minisbd always feeds the features: consume them (times zero).
        helper.make_node("ReduceSum", ["features", "last_axis"], ["feature_sum"], keepdims=1),
        helper.make_node("Mul", ["feature_sum", "zero"], ["no_feature_effect"]),
        helper.make_node("Add", ["base", "sentence_logits"], ["rule_logits"]),
        helper.make_node("Add", ["rule_logits", "no_feature_effect"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes,
        "rule_based_sentence_splitter",
        [helper.make_tensor_value_info("units", TensorProto.INT64, ["batch", "length"]),
         helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", "length", "features"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "length", 5])],
        [numpy_helper.from_array(value, name) for name, value in constants.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8  # readable by older onnxruntime builds too
    vocab = {"lang": lang, "idx": 0, "cutoff": 0, "lower": False, "_unit2id": unit_ids, "_id2unit": units}
    helper.set_model_props(model, {
        "lang_code": lang,
        "config": json.dumps(MINISBD_CONFIG),
        "vocab": json.dumps(vocab),
        "lexicon": "null",
    })
    onnx.checker.check_model(model)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))
    return path


def add_minisbd_model(package_dir: Path) -> Path:
    """Put a rule-based MiniSBD model for the package's source language in its ``minisbd/`` folder."""
    metadata = json.loads((Path(package_dir) / "metadata.json").read_text(encoding="utf-8"))
    return build_minisbd_model(Path(package_dir) / "minisbd" / f"{metadata['from_code']}.onnx", metadata["from_code"])

"""The in-process Argos engine: length buckets, their decoding caps, replicas, the device."""

from __future__ import annotations

import json

import ctranslate2
import pytest
from click.testing import CliRunner

from portal.cli import main
from portal.errors import PortalError
from portal.translation.backends.argos import ArgosBackend, ArgosConfig, available_cores, length_buckets, resolve_device
from portal.translation.packages import load_package

SOURCES = [
    "Ngắn.",
    "Thành phố Hà Nội tăng cường thông tin đối ngoại về kinh tế, văn hóa và du lịch trong năm tới.",
    "Kế hoạch.",
    "Các sở, ban, ngành và Ủy ban nhân dân các quận, huyện, thị xã triển khai thực hiện kế hoạch này.",
    "Hà Nội.",
    "Tăng cường thông tin.",
]


def test_buckets_hold_every_sentence_once_shortest_first_within_the_limit():
    lengths = [5, 40, 3, 38, 4, 12, 7, 41, 2]
    buckets = length_buckets(lengths, 48)
    assert sorted(i for bucket in buckets for i in bucket) == list(range(len(lengths)))
    flat = [lengths[i] for bucket in buckets for i in bucket]
    assert flat == sorted(lengths)
    for bucket in buckets:  # padded size: sentences x the longest
        assert len(bucket) == 1 or len(bucket) * max(lengths[i] for i in bucket) <= 48
    assert [len(b) for b in length_buckets(lengths, 4, "examples")] == [4, 4, 1]


def test_each_bucket_decodes_to_its_own_cap(package_dirs):
    """A random model never stops by itself: each output is as long as its bucket's cap allows,
    so short sentences are not decoded to the longest sentence's length."""
    config = ArgosConfig(beam_size=1, max_batch_size=40, max_length_ratio=1.0, max_length_extra=2,
                         max_decoding_length=200)
    backend = ArgosBackend(load_package(package_dirs["vi-en"]), config)
    tokens = backend.encode(SOURCES)
    out = backend.translate_tokens(tokens)
    buckets = length_buckets([len(t) for t in tokens], 40)
    assert len(buckets) > 1 and backend.buckets == len(buckets) and backend.calls == 1
    for bucket in buckets:
        cap = max(len(tokens[i]) for i in bucket) + 2  # ratio 1, extra 2
        assert all(len(out[i]) <= cap for i in bucket)
    shortest, longest = buckets[0], buckets[-1]
    assert max(len(out[i]) for i in shortest) < max(len(out[i]) for i in longest)


def test_replicas_change_the_speed_not_the_result(package_dirs):
    """Buckets finish out of order on two replicas; every output still lands at its sentence."""
    package = load_package(package_dirs["vi-en"])
    small = dict(beam_size=1, max_batch_size=30, max_decoding_length=24)
    one = ArgosBackend(package, ArgosConfig(inter_threads=1, **small)).translate_batch(SOURCES * 3)
    two = ArgosBackend(package, ArgosConfig(inter_threads=2, **small)).translate_batch(SOURCES * 3)
    assert one == two and len(set(one)) > 1


def test_device_choice():
    gpus = ctranslate2.get_cuda_device_count()
    assert resolve_device("cpu") == "cpu"
    assert resolve_device("auto") == ("cuda" if gpus else "cpu")
    with pytest.raises(PortalError, match="unknown device 'tpu'"):
        resolve_device("tpu")
    if gpus == 0:
        with pytest.raises(PortalError, match="CTranslate2 sees no GPU"):
            resolve_device("cuda")


def test_cli_device_and_where_models_run(project, package_dirs, monkeypatch):
    monkeypatch.chdir(project.root)
    runner = CliRunner()
    assert runner.invoke(main, ["models", "install", "--from", str(package_dirs["vi-en"])]).exit_code == 0
    listed = runner.invoke(main, ["models", "list"])
    assert listed.exit_code == 0
    if ctranslate2.get_cuda_device_count() == 0:
        assert f"models run on: cpu ({available_cores()} cores, one model replica each" in listed.output
        refused = runner.invoke(main, ["translate", "--device", "cuda", "--to", "en", "--json"])
        assert refused.exit_code == 2 and "sees no GPU" in refused.output
    wrong = runner.invoke(main, ["translate", "--device", "tpu"])
    assert wrong.exit_code == 2 and "'tpu' is not one of" in wrong.output
    assert json.loads(runner.invoke(main, ["models", "list", "--json"]).stdout)[0]["pair"] == "vi-en"

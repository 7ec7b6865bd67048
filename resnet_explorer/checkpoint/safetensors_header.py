"""A `.safetensors` header, parsed and checked before any tensor is read.

The format (huggingface/safetensors, docs "Format"): 8 bytes, a little-endian unsigned length N; N
bytes of UTF-8 JSON mapping each tensor's name to {"dtype", "shape", "data_offsets": [begin, end]},
offsets counted from the end of the header, plus an optional "__metadata__" of strings; then the
tensors' bytes, back to back. Every claim the header makes is checked against the file's real size
here, so a hostile length (a 2 GB claim in a 100-byte file) is refused before anything is allocated.
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass

from .errors import CheckpointError

HEADER_CAP = 8 * 2**20  # bytes of JSON header read at most; ResNet-1202's is about 0.7 MB
MAX_TENSORS = 100_000  # ResNet-1202 has about 7,300 state_dict entries
MAX_DIMS = 8
# dtype -> bytes per value; the dtypes a weights file of a ResNet can hold (no float8, no complex)
DTYPES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}


@dataclass(frozen=True)
class Entry:
    name: str
    dtype: str
    shape: tuple[int, ...]
    begin: int  # offsets into the data part, which starts at byte 8 + header_len
    end: int


@dataclass(frozen=True)
class Header:
    header_len: int
    entries: tuple[Entry, ...]

    @property
    def data_start(self) -> int:
        return 8 + self.header_len


def header_length(first8: bytes, size: int) -> int:
    """The header length the first 8 bytes claim, checked against the cap and the file's size."""
    if size < 8 or len(first8) < 8:
        raise CheckpointError("ck_st_short", size=size)
    (n,) = struct.unpack("<Q", first8[:8])
    if n > HEADER_CAP:
        raise CheckpointError("ck_st_header_cap", n=n, cap=HEADER_CAP)
    if n > size - 8:
        raise CheckpointError("ck_st_header_past_end", n=n, left=size - 8)
    if n < 2:
        raise CheckpointError("ck_st_json", why="empty header")
    return n


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the name {key[:60]!r} appears twice")
        out[key] = value
    return out


def _entry(name: str, info: object) -> Entry:
    if not isinstance(info, dict) or set(info) != {"dtype", "shape", "data_offsets"}:
        raise CheckpointError("ck_st_entry", name=name[:80], why="needs exactly dtype, shape, data_offsets")
    dtype, shape, offsets = info["dtype"], info["shape"], info["data_offsets"]
    if dtype not in DTYPES:
        raise CheckpointError("ck_st_dtype", name=name[:80], dtype=str(dtype)[:20])
    ints = (isinstance(shape, list) and len(shape) <= MAX_DIMS and isinstance(offsets, list)
            and len(offsets) == 2 and all(type(v) is int and v >= 0 for v in [*shape, *offsets]))
    if not ints:
        raise CheckpointError("ck_st_entry", name=name[:80], why="shape and data_offsets must be "
                              f"whole numbers >= 0 (at most {MAX_DIMS} dimensions)")
    begin, end = offsets
    if end < begin or end - begin != math.prod(shape) * DTYPES[dtype]:
        raise CheckpointError("ck_st_entry", name=name[:80],
                              why=f"{end - begin} bytes for shape {shape} of {dtype}")
    return Entry(name, dtype, tuple(shape), begin, end)


def parse_header(raw: bytes, header_len: int, size: int) -> Header:
    """Check the JSON header `raw` (the N bytes after the length) of a file of `size` bytes: known
    dtypes, byte counts that match the shapes, offsets inside the file, tensors back to back."""
    try:
        obj = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise CheckpointError("ck_st_json", why=str(err).splitlines()[0][:120]) from None
    if not isinstance(obj, dict):
        raise CheckpointError("ck_st_json", why="the header is not a JSON object")
    meta = obj.pop("__metadata__", {})
    if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
        raise CheckpointError("ck_st_json", why="__metadata__ must map names to strings")
    if len(obj) > MAX_TENSORS:
        raise CheckpointError("ck_st_json", why=f"{len(obj):,} tensors; at most {MAX_TENSORS:,} are read")
    entries = sorted((_entry(name, info) for name, info in obj.items()), key=lambda e: (e.begin, e.end))
    data_len = size - 8 - header_len
    at = 0
    for e in entries:
        if e.begin != at:
            raise CheckpointError("ck_st_layout", name=e.name[:80], begin=e.begin, at=at)
        at = e.end
    if at > data_len:
        raise CheckpointError("ck_st_truncated", need=at, have=data_len)
    if at < data_len:
        raise CheckpointError("ck_st_trailing", extra=data_len - at)
    return Header(header_len, tuple(entries))

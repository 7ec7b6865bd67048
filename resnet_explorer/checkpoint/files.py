"""Reading a weights file safely: a state_dict of tensors, or a one-line refusal.

- `.safetensors`: the header is checked first (safetensors_header.py). From a path, the tensors are
  then read with the `safetensors` package (`safe_open`, memory-mapped). From an upload's bytes they
  are `torch.frombuffer` views of those bytes at the offsets already checked: the package's
  `load(bytes)` would copy every tensor, and the upload is already in memory once.
- `.pt` / `.pth`: only `torch.load(weights_only=True, mmap=True)`, which unpickles tensors and plain
  containers and refuses every other class, so no code in the file runs. The zip archive's directory is
  read first: a TorchScript archive (it holds code) is refused, and so are compressed entries (torch.save
  never compresses; a compressed entry could inflate far past the file's size). An upload is written to a
  temporary file first, because torch memory-maps only a path.
- ONNX is not read: torch's exporter folds BatchNorm into the convs and renames the initialisers, so
  the state_dict names and BatchNorm's gamma this app reads are gone from such a file.
"""

from __future__ import annotations

import pickle
import tempfile
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import torch

from . import safetensors_header as sth
from .errors import CheckpointError, listing, short

SUFFIXES = (".safetensors", ".pt", ".pth")
PICKLE_CAP = 16 * 2**20  # bytes of the archive's data.pkl (the object tree, not the tensors)
WRAPPERS = ("state_dict", "model_state_dict", "model", "net")  # {"state_dict": {...}, "epoch": 3}
TORCH_DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
                "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
                "U8": torch.uint8, "BOOL": torch.bool}


@dataclass(frozen=True, eq=False)
class Weights:
    """The tensors of a file, by name as stored, and where they were found."""

    name: str
    format: str  # "safetensors" | "pytorch"
    size: int  # bytes
    tensors: dict[str, torch.Tensor]
    found_in: str = ""  # the wrapper key the state_dict was under, if any


def check_name_and_size(name: str, size: int, limit_mb: float) -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".onnx":
        raise CheckpointError("ck_onnx")
    if suffix not in SUFFIXES:
        raise CheckpointError("ck_suffix", suffix=short(suffix or name, 20))
    if size > limit_mb * 2**20:
        raise CheckpointError("ck_too_big", mb=size / 2**20, limit=limit_mb)
    return suffix


def read_path(path: str | Path, limit_mb: float) -> Weights:
    """A weights file on disk; its tensors are memory-mapped, never read whole into memory."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        raise CheckpointError("ck_unreadable", why=short(err.strerror or err)) from None
    if not path.is_file():
        raise CheckpointError("ck_unreadable", why="not a file")
    suffix = check_name_and_size(path.name, size, limit_mb)
    if suffix == ".safetensors":
        with path.open("rb") as f:
            n = sth.header_length(f.read(8), size)
            header = sth.parse_header(f.read(n), n, size)
        return Weights(path.name, "safetensors", size, _safe_open(path, header))
    return _torch_load(path, path.name, size)


def read_bytes(name: str, data: bytes, limit_mb: float) -> Weights:
    """An upload's bytes; the tensors view `data` (safetensors) or a temporary file (PyTorch)."""
    suffix = check_name_and_size(name, len(data), limit_mb)
    if suffix == ".safetensors":
        n = sth.header_length(data[:8], len(data))
        header = sth.parse_header(data[8:8 + n], n, len(data))
        return Weights(name, "safetensors", len(data), _views(data, header))
    with tempfile.TemporaryDirectory(prefix="resnet_explorer_") as folder:
        path = Path(folder) / "upload.pt"
        path.write_bytes(data)
        return _torch_load(path, name, len(data))  # mmap keeps the data after the file is removed


def _views(data: bytes, header: sth.Header) -> dict[str, torch.Tensor]:
    out = {}
    with warnings.catch_warnings():  # read-only bytes: the tensors are never written to
        warnings.filterwarnings("ignore", message="The given buffer is not writable")
        for e in header.entries:
            dtype = TORCH_DTYPES[e.dtype]
            count = (e.end - e.begin) // sth.DTYPES[e.dtype]
            at = header.data_start + e.begin
            out[e.name] = (torch.frombuffer(data, dtype=dtype, count=count, offset=at).reshape(e.shape)
                           if count else torch.empty(e.shape, dtype=dtype))
    return out


def _safe_open(path: Path, header: sth.Header) -> dict[str, torch.Tensor]:
    from safetensors import SafetensorError, safe_open

    try:
        with safe_open(str(path), framework="pt") as f:
            return {e.name: f.get_tensor(e.name) for e in header.entries}
    except (SafetensorError, OSError, RuntimeError) as err:
        raise CheckpointError("ck_st_json", why=short(str(err).splitlines()[0], 120)) from None


def _check_archive(path: Path) -> None:
    """The zip directory of a torch.save file, before torch reads it."""
    with path.open("rb") as f:
        magic = f.read(4)
    if magic != b"PK\x03\x04":
        raise CheckpointError("ck_pt_pickle" if magic[:1] == b"\x80" else "ck_pt_not_zip")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise CheckpointError("ck_pt_bad_zip", why=short(err)) from None
    names = [i.filename for i in infos]
    if any(n.endswith("/constants.pkl") or "/code/" in n for n in names):
        raise CheckpointError("ck_torchscript")
    packed = [i.filename for i in infos if i.compress_type != zipfile.ZIP_STORED]
    if packed:
        raise CheckpointError("ck_pt_compressed", names=listing(packed))
    pickles = [i for i in infos if i.filename.endswith("/data.pkl")]
    if len(pickles) != 1:
        raise CheckpointError("ck_pt_bad_zip", why="no single data.pkl in the archive")
    if pickles[0].file_size > PICKLE_CAP:
        raise CheckpointError("ck_pt_bad_zip", why=f"data.pkl of {pickles[0].file_size:,} bytes")


def _torch_load(path: Path, name: str, size: int) -> Weights:
    _check_archive(path)
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True, mmap=True)
    except pickle.UnpicklingError as err:
        text = str(err)
        found = next((line.split("GLOBAL", 1)[1].split()[0] for line in text.splitlines()
                      if "GLOBAL" in line), "")
        raise CheckpointError("ck_pt_objects", what=short(found or text.splitlines()[0], 100)) from None
    except (RuntimeError, ValueError, OSError, EOFError, KeyError, TypeError, AttributeError) as err:
        raise CheckpointError("ck_pt_bad_zip", why=short(str(err).splitlines()[0] if str(err) else
                                                          type(err).__name__, 120)) from None
    tensors, where = state_dict_of(obj)
    return Weights(name, "pytorch", size, tensors, where)


def state_dict_of(obj: object) -> tuple[dict[str, torch.Tensor], str]:
    """The state_dict in what torch.load returned: the object itself, or under a usual wrapper key."""
    if not isinstance(obj, Mapping):
        raise CheckpointError("ck_not_state_dict", what=type(obj).__name__)
    if obj and all(isinstance(v, torch.Tensor) for v in obj.values()):
        return _named(obj), ""
    for key in WRAPPERS:
        inner = obj.get(key)
        if isinstance(inner, Mapping) and inner and all(isinstance(v, torch.Tensor) for v in inner.values()):
            return _named(inner), key
    raise CheckpointError("ck_no_state_dict", keys=listing(obj.keys()))


def _named(d: Mapping) -> dict[str, torch.Tensor]:
    bad = [k for k in d if not isinstance(k, str)]
    if bad:
        raise CheckpointError("ck_not_state_dict", what=f"keys such as {short(bad[0], 40)}")
    return dict(d)


"""Image sets for the gradient lab: offline by default.

- `synthetic(...)`: 32x32 RGB shapes and textures drawn at run time from a seed (nothing to download).
- `gratings(...)`: 16x16 oriented gratings, 10 orientations (the lessons' set), also from a seed.
- `read_cifar10(folder)`: CIFAR-10 from the official *binary* files (`cifar-10-batches-bin`), parsed
  with numpy; the pickled Python version is never loaded (unpickling runs code from the file).
- `download_cifar10(root)`: the explicit, checksum-verified download for machines that are online;
  nothing calls it by default.

Images are uint8 arrays shaped (N, C, H, W), the layout torch convolutions take: (N, 3, 32, 32)
except the gratings, (N, 1, 16, 16).
"""

from __future__ import annotations

import hashlib
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SIZE = 32
SYNTHETIC_CLASSES = ("disc", "square", "triangle", "ring", "cross",
                     "h-stripes", "v-stripes", "diagonal", "checks", "dots")
CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer",
                   "dog", "frog", "horse", "ship", "truck")
CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
CIFAR10_MD5 = "c32a1d4ab5d03f1284b67883e8d87530"  # published on the CIFAR-10 page
CIFAR10_FOLDER = "cifar-10-batches-bin"
_RECORD = 1 + 3 * SIZE * SIZE  # one label byte, then 1024 red, 1024 green, 1024 blue bytes


class DataError(RuntimeError):
    """A data set that is missing, incomplete or not in the expected format; the message says which."""


@dataclass(frozen=True, eq=False)
class ImageSet:
    name: str
    images: np.ndarray  # uint8 (N, C, H, W)
    labels: np.ndarray  # int64 (N,)
    classes: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.labels)


# ---------------------------------------------------------------------------------------------
# Synthetic shapes and textures


def _masks(kind: int, yy: np.ndarray, xx: np.ndarray, cy: np.ndarray, cx: np.ndarray,
           r: np.ndarray, period: np.ndarray) -> np.ndarray:
    """Boolean (n, 32, 32) foreground of class `kind` for n images at once (numpy broadcasting)."""
    dy, dx = yy - cy, xx - cx
    d2 = dy**2 + dx**2
    match kind:
        case 0:  # disc
            return d2 <= r**2
        case 1:  # square
            return (np.abs(dy) <= r * 0.8) & (np.abs(dx) <= r * 0.8)
        case 2:  # triangle, apex up
            return (dy <= r * 0.8) & (dy >= -r) & (np.abs(dx) <= (dy + r) * 0.6)
        case 3:  # ring
            return (d2 <= r**2) & (d2 >= (r * 0.55) ** 2)
        case 4:  # plus-shaped cross
            arm = np.maximum(r * 0.3, 1.0)
            return ((np.abs(dy) <= arm) & (np.abs(dx) <= r)) | ((np.abs(dx) <= arm) & (np.abs(dy) <= r))
        case 5:  # horizontal stripes over the whole image
            return ((yy + cy) // period) % 2 == 0
        case 6:  # vertical stripes
            return ((xx + cx) // period) % 2 == 0
        case 7:  # diagonal stripes
            return ((xx + yy + cx) // period) % 2 == 0
        case 8:  # checkerboard
            return (((yy + cy) // period) + ((xx + cx) // period)) % 2 == 0
        case _:  # a grid of dots: a quarter of the checkerboard's squares
            return (((yy + cy) // period) % 2 == 0) & (((xx + cx) // period) % 2 == 0)


def synthetic(n: int = 5000, seed: int = 0, noise: int = 40) -> ImageSet:
    """`n` images (balanced over 10 classes) of a shape or texture in a random colour on a random
    background, at a random place and size, with pixel noise. Same (n, seed), same images.

    Colour carries no class information (both colours are drawn per image), so a net has to learn
    shape and texture: what convolutions are for."""
    if n < 1:
        raise DataError(f"synthetic data needs at least one image, got n={n}")
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(n) % len(SYNTHETIC_CLASSES)).astype(np.int64)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    yy, xx = yy[None], xx[None]
    col = lambda shape: rng.uniform(0, 1, shape).astype(np.float32)[:, None, None]  # noqa: E731
    cy, cx = col(n) * 12 + 10, col(n) * 12 + 10
    r = col(n) * 5 + 6
    period = np.floor(col(n) * 3 + 3)  # 3 to 5 pixels
    mask = np.zeros((n, SIZE, SIZE), dtype=bool)
    for kind in range(len(SYNTHETIC_CLASSES)):
        i = np.nonzero(labels == kind)[0]
        if len(i):
            mask[i] = _masks(kind, yy, xx, cy[i], cx[i], r[i], period[i])
    background = rng.integers(0, 256, (n, 3), dtype=np.int16)
    # The foreground differs from the background by at least 80 levels in some channel: visible.
    shift = rng.integers(80, 176, (n, 3), dtype=np.int16) * rng.choice(np.array([-1, 1], np.int16), (n, 3))
    foreground = np.mod(background + shift, 256).astype(np.int16)
    images = np.where(mask[:, None], foreground[:, :, None, None], background[:, :, None, None])
    # Uniform pixel noise of +-noise levels (std noise/sqrt(3)); int16 keeps a 5000-image set ~0.2 s.
    images += rng.integers(-noise, noise + 1, images.shape, dtype=np.int16)
    return ImageSet("synthetic", np.clip(images, 0, 255, out=images).astype(np.uint8), labels,
                    SYNTHETIC_CLASSES)


# ---------------------------------------------------------------------------------------------
# Oriented gratings (the lessons' set: small enough to train four nets live on two cores)

GRATING_SIZE = 16
# A generated set's held-out images are drawn with the training seed plus this: a seed of their own,
# never one a training set is drawn with.
HELD_OUT_SEED = 1_000_003
GRATING_CLASSES = tuple(f"{18 * k}°" for k in range(10))  # orientation of the stripes


def gratings(n: int = 4096, seed: int = 0, size: int = GRATING_SIZE, noise: float = 0.6) -> ImageSet:
    """`n` grey images (balanced over 10 classes) of a sinusoidal grating whose orientation, 0 to
    162 degrees in steps of 18, is the class; random spatial period (3 to 6 pixels), phase and
    contrast, plus Gaussian pixel noise. Same (n, seed, size), same images.

    Neighbouring classes differ by only 18 degrees under noise, so the task takes many small filters
    working together: a deep net has something to learn, and a short run shows who learns it."""
    if n < 1:
        raise DataError(f"gratings need at least one image, got n={n}")
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(n) % len(GRATING_CLASSES)).astype(np.int64)
    theta = labels * (np.pi / len(GRATING_CLASSES))
    period = rng.uniform(3.0, 6.0, n)
    phase = rng.uniform(0, 2 * np.pi, n)
    contrast = rng.uniform(0.5, 1.0, n)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float64)
    # The stripes run along theta: intensity varies along the normal (cos, sin) of that direction.
    along = (np.cos(theta)[:, None, None] * yy + np.sin(theta)[:, None, None] * xx)
    wave = contrast[:, None, None] * np.sin(2 * np.pi * along / period[:, None, None] + phase[:, None, None])
    wave += rng.normal(0, noise, wave.shape)
    images = np.clip(127.5 + 127.5 * wave / 2, 0, 255).astype(np.uint8)
    return ImageSet("gratings", images[:, None], labels, GRATING_CLASSES)


# ---------------------------------------------------------------------------------------------
# CIFAR-10, binary version


def read_cifar_file(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(images uint8 (N, 3, 32, 32), labels int64 (N,)) of one `*.bin` file of the binary format."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"missing CIFAR-10 file: {path}")
    raw = np.fromfile(path, dtype=np.uint8)
    if raw.size == 0 or raw.size % _RECORD:
        raise DataError(f"{path} is not a CIFAR-10 binary file: {raw.size} bytes is not a whole "
                        f"number of {_RECORD}-byte records")
    records = raw.reshape(-1, _RECORD)
    labels = records[:, 0].astype(np.int64)
    if labels.max() >= len(CIFAR10_CLASSES):
        raise DataError(f"{path} is corrupt: label {int(labels.max())} is not a CIFAR-10 class (0-9)")
    return records[:, 1:].reshape(-1, 3, SIZE, SIZE), labels


def find_cifar10(root: str | Path) -> Path:
    """The `cifar-10-batches-bin` folder: `root` itself or the folder of that name inside it."""
    root = Path(root)
    for candidate in (root, root / CIFAR10_FOLDER):
        if (candidate / "test_batch.bin").is_file() or (candidate / "data_batch_1.bin").is_file():
            return candidate
    raise DataError(f"no CIFAR-10 binary files in {root} (expected {root / CIFAR10_FOLDER}/"
                    "data_batch_1.bin ... data_batch_5.bin, test_batch.bin; download them once, "
                    f"on a machine that is online: python -m resnet_explorer download-cifar10 --root {root})")


def read_cifar10(root: str | Path, train: bool = True) -> ImageSet:
    """The training (data_batch_1..5) or test (test_batch) split of CIFAR-10 from a local folder."""
    folder = find_cifar10(root)
    names = [f"data_batch_{i}.bin" for i in range(1, 6)] if train else ["test_batch.bin"]
    parts = [read_cifar_file(folder / name) for name in names]
    images = np.concatenate([p[0] for p in parts])
    labels = np.concatenate([p[1] for p in parts])
    return ImageSet("cifar10", images, labels, CIFAR10_CLASSES)


def write_cifar_file(path: str | Path, images: np.ndarray, labels: np.ndarray) -> None:
    """Write records in the official binary format (for tests and small hand-made sets)."""
    images = np.asarray(images, dtype=np.uint8).reshape(len(labels), -1)
    records = np.concatenate([np.asarray(labels, dtype=np.uint8)[:, None], images], axis=1)
    records.tofile(Path(path))


def file_digest(path: str | Path, algorithm: str = "md5") -> str:
    digest = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify(path: str | Path, md5: str | None = None, sha256: str | None = None) -> None:
    """Raise DataError unless the file has the given checksum(s)."""
    for algorithm, expected in (("md5", md5), ("sha256", sha256)):
        if expected and file_digest(path, algorithm) != expected.lower():
            raise DataError(f"{path} is corrupt or not the expected file: its {algorithm} is "
                            f"{file_digest(path, algorithm)}, expected {expected}")


def extract_cifar10(archive: str | Path, root: str | Path, md5: str | None = CIFAR10_MD5,
                    sha256: str | None = None) -> Path:
    """Verify the archive, then unpack only the expected `.bin` files into `root`."""
    verify(archive, md5, sha256)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        wanted = [m for m in tar.getmembers()
                  if m.isfile() and m.name.startswith(CIFAR10_FOLDER + "/") and m.name.endswith(".bin")]
        tar.extractall(root, members=wanted, filter="data")
    return find_cifar10(root)


def download_cifar10(root: str | Path, url: str = CIFAR10_URL, md5: str | None = CIFAR10_MD5,
                     sha256: str | None = None) -> Path:
    """Download the official binary archive (~163 MB) into `root`, verify its checksum, unpack it.

    Only ever called on request: the app and the tests work offline."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    archive = root / "cifar-10-binary.tar.gz"
    if not archive.exists():
        partial = archive.with_suffix(".part")
        urllib.request.urlretrieve(url, partial)  # noqa: S310 - a fixed https URL
        partial.rename(archive)
    try:
        return extract_cifar10(archive, root, md5, sha256)
    except DataError:
        archive.unlink(missing_ok=True)  # a bad download should not be trusted on the next try
        raise


def load(name: str, root: str | Path | None = None, seed: int = 0, n: int = 4096) -> ImageSet:
    """A training set by name: "gratings" or "synthetic" (`n` images made here) or "cifar10" (read
    from `root`)."""
    if name == "gratings":
        return gratings(n, seed=seed)
    if name == "synthetic":
        return synthetic(n, seed=seed)
    if name == "cifar10":
        if not root:
            raise DataError("CIFAR-10 needs a folder with the binary files (cifar-10-batches-bin)")
        return read_cifar10(root)
    raise DataError(f"unknown data set {name!r}: choose gratings, synthetic or cifar10")

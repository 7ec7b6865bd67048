"""Synthetic data, the CIFAR-10 binary reader and the checksum-verified download, all offline."""

from __future__ import annotations

import hashlib
import io
import tarfile
import urllib.request

import numpy as np
import pytest

from resnet_explorer import NetConfig, Shortcut, Stem
from resnet_explorer.lab import data as datasets
from resnet_explorer.lab.data import DataError
from resnet_explorer.lab.training import TrainConfig, TrainingRun


def test_synthetic_is_deterministic_balanced_and_uint8():
    a, b = datasets.synthetic(200, seed=1), datasets.synthetic(200, seed=1)
    c = datasets.synthetic(200, seed=2)
    assert a.images.shape == (200, 3, 32, 32) and a.images.dtype == np.uint8
    assert np.array_equal(a.images, b.images) and np.array_equal(a.labels, b.labels)
    assert not np.array_equal(a.images, c.images)
    assert np.bincount(a.labels).tolist() == [20] * 10
    # colour alone does not give the class away: per-class mean colours are alike
    means = np.stack([a.images[a.labels == k].mean(axis=(0, 2, 3)) for k in range(10)])
    assert np.ptp(means, axis=0).max() < 60


def test_a_small_resnet_learns_the_synthetic_set():
    cfg = NetConfig(stem=Stem.CIFAR, stages=(1, 1, 1), widths=(8, 16, 32), shortcut=Shortcut.A,
                    input_size=(32, 32), num_classes=10)
    (tr,) = TrainingRun(cfg, TrainConfig(batch_size=32, steps=60, lr=0.05, twin=False)).run()
    first, last = np.mean(tr.loss[:10]), np.mean(tr.loss[-10:])
    assert last < first - 0.4, (first, last)


def _record_bytes(label: int, pixels: np.ndarray) -> bytes:
    """One record of the official format, written out by hand: label, then R, G, B planes row by row."""
    return bytes([label]) + b"".join(bytes(int(v) for v in pixels[c].ravel()) for c in range(3))


def _images(n: int, seed: int = 0) -> tuple[np.ndarray, list[int]]:
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (n, 3, 32, 32), dtype=np.uint8), [int(v) for v in rng.integers(0, 10, n)]


def _write_folder(root, n: int = 3) -> np.ndarray:
    folder = root / "cifar-10-batches-bin"
    folder.mkdir(parents=True)
    images, labels = _images(6 * n)
    for i, name in enumerate([f"data_batch_{k}.bin" for k in range(1, 6)] + ["test_batch.bin"]):
        part = slice(i * n, (i + 1) * n)
        (folder / name).write_bytes(b"".join(_record_bytes(lab, img) for lab, img in
                                             zip(labels[part], images[part])))
    return images, labels


def test_cifar_reader_reads_the_official_layout(tmp_path):
    images, labels = _write_folder(tmp_path)
    train = datasets.read_cifar10(tmp_path)
    test = datasets.read_cifar10(tmp_path / "cifar-10-batches-bin", train=False)
    assert len(train) == 15 and len(test) == 3
    assert train.labels.tolist() == labels[:15] and test.labels.tolist() == labels[15:]
    assert np.array_equal(train.images, images[:15]) and np.array_equal(test.images, images[15:])
    raw = (tmp_path / "cifar-10-batches-bin" / "test_batch.bin").read_bytes()
    c, y, x = 2, 5, 7  # green is channel 1, blue channel 2: byte 1 + c*1024 + y*32 + x of a record
    assert test.images[1, c, y, x] == raw[3073 + 1 + c * 1024 + y * 32 + x]


def test_cifar_reader_errors(tmp_path):
    with pytest.raises(DataError, match="no CIFAR-10 binary files"):
        datasets.read_cifar10(tmp_path)
    _write_folder(tmp_path)
    folder = tmp_path / "cifar-10-batches-bin"
    (folder / "data_batch_3.bin").unlink()
    with pytest.raises(DataError, match="missing CIFAR-10 file"):
        datasets.read_cifar10(tmp_path)
    (folder / "test_batch.bin").write_bytes(b"\x01" * 3000)
    with pytest.raises(DataError, match="not a whole number"):
        datasets.read_cifar10(tmp_path, train=False)
    (folder / "test_batch.bin").write_bytes(b"\x0b" + bytes(3072))
    with pytest.raises(DataError, match="label 11"):
        datasets.read_cifar10(tmp_path, train=False)


def _archive(tmp_path) -> tuple[bytes, str]:
    src = tmp_path / "src"
    _write_folder(src)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        tar.add(src / "cifar-10-batches-bin", arcname="cifar-10-batches-bin")
    return buf.getvalue(), hashlib.md5(buf.getvalue()).hexdigest()


def test_download_verifies_the_checksum(tmp_path, monkeypatch):
    payload, md5 = _archive(tmp_path)
    calls = []

    def fake_fetch(url, path):
        calls.append(url)
        open(path, "wb").write(payload)

    monkeypatch.setattr(urllib.request, "urlretrieve", fake_fetch)
    folder = datasets.download_cifar10(tmp_path / "dl", md5=md5, sha256=hashlib.sha256(payload).hexdigest())
    assert calls == [datasets.CIFAR10_URL] and len(datasets.read_cifar10(folder)) == 15
    with pytest.raises(DataError, match="md5"):
        datasets.download_cifar10(tmp_path / "bad", md5="0" * 32)
    assert not (tmp_path / "bad" / "cifar-10-binary.tar.gz").exists()  # a bad archive is not kept


def test_nothing_downloads_by_default(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(urllib.request, "urlretrieve", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    assert len(datasets.load("synthetic")) > 0
    with pytest.raises(DataError):
        datasets.load("cifar10", "/nonexistent")
    with pytest.raises(DataError, match="unknown data set"):
        datasets.load("imagenet")


def test_published_archive_checksum_is_pinned():
    assert datasets.CIFAR10_MD5 == "c32a1d4ab5d03f1284b67883e8d87530"


def test_gratings_are_deterministic_balanced_grey_16x16():
    a, b = datasets.gratings(300, seed=4), datasets.gratings(300, seed=4)
    assert a.images.shape == (300, 1, 16, 16) and a.images.dtype == np.uint8
    assert np.array_equal(a.images, b.images) and np.array_equal(a.labels, b.labels)
    assert not np.array_equal(a.images, datasets.gratings(300, seed=5).images)
    assert np.bincount(a.labels).tolist() == [30] * 10
    with pytest.raises(DataError, match="at least one"):
        datasets.gratings(0)


def test_grating_class_is_the_stripe_orientation():
    """Orientation read back independently (noise off, 64x64). Class 0 (0 degrees) varies along y only,
    so every row is constant; class 5 (90 degrees) varies along x only. For every class the
    structure tensor of the image gradients points within a few degrees of 18k (finite differences
    bias short periods slightly), and the angles rise with the class."""
    ds = datasets.gratings(200, seed=0, size=64, noise=0.0)
    img = ds.images[:, 0].astype(np.float64)
    assert np.ptp(img[ds.labels == 0], axis=2).max() == 0
    assert np.ptp(img[ds.labels == 5], axis=1).max() == 0
    gy, gx = np.gradient(img, axis=1), np.gradient(img, axis=2)
    angles = []
    for k in range(10):
        m = ds.labels == k
        jyy, jxx, jxy = (gy[m] ** 2).sum(), (gx[m] ** 2).sum(), (gx[m] * gy[m]).sum()
        angles.append(np.degrees(0.5 * np.arctan2(2 * jxy, jyy - jxx)) % 180)
    assert all(abs(a - 18 * k) < 7 for k, a in enumerate(angles)), angles
    assert angles == sorted(angles)

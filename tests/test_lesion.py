"""The lesion study (Veit et al. 2016): deleting a block, driven by the spec, equals a forward hook
that replaces the block's output by hand; the net is whole again after; the shipped weights load
without pickle; the shipped recording is the study of the shipped nets."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from resnet_explorer.lessons import lesion, recordings
from resnet_explorer.lessons.nets import accuracy, held_out_images, lesson_config
from resnet_explorer.model import build_model


def _lesion_by_hand(model, x, y, block):
    """Accuracy with one block's branch removed, by a forward hook that replaces the block's output."""
    module = model.get_submodule(block)

    def shortcut_only(m, inputs, output):
        h = inputs[0]
        for name in m.pre_names:
            h = m.get_submodule(name)(h)
        out = m.shortcut_path(h) if m.shortcut_path is not None else h
        for name in m.post_names:
            out = m.get_submodule(name)(out)
        return out

    handle = module.register_forward_hook(shortcut_only)
    try:
        with torch.no_grad():
            return float((model.eval()(x).argmax(1) == y).float().mean())
    finally:
        handle.remove()


@pytest.fixture(scope="module")
def shipped():
    return {name: model for name, _, model in lesion.lesion_nets(0)}


def test_lesion_deletes_one_block_and_restores_it(shipped):
    model = shipped["ResNet-56"]
    x, y = held_out_images(0, 300)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    out = lesion.lesion(model, x, y)
    assert out["test_acc"] == pytest.approx(float((model.eval()(x).argmax(1) == y).float().mean()))
    for b in out["blocks"]:
        assert b["test_acc"] == pytest.approx(_lesion_by_hand(model, x, y, b["block"]), abs=1e-6)
    assert accuracy(model, x, y) == pytest.approx(out["test_acc"])  # nothing left deleted
    assert list(model.state_dict()) == list(before)  # the blocks are the model's own again
    assert [b["downsamples"] for b in out["blocks"]] == [False] * 9 + ([True] + [False] * 8) * 2


def test_blocks_that_cannot_be_deleted_are_refused(shipped):
    plain = shipped["plain-20"]
    with pytest.raises(ValueError, match="cannot be deleted"):
        with lesion.deleted(plain, ["layer2.0"]):
            pass
    with pytest.raises(ValueError, match="no block named layer9.0"):
        with lesion.deleted(plain, ["layer9.0"]):
            pass
    assert "layer2.0" not in lesion.deletable(plain) and "layer2.1" in lesion.deletable(plain)


def test_shipped_weights_load_without_pickle_and_match_the_net():
    for residual in (True, False):
        path = recordings.weights_path(residual, 0)
        with np.load(path, allow_pickle=False) as arrays:
            keys = set(arrays.files)
        assert keys == set(build_model(lesson_config(lesion.DEPTHS[residual], residual)).state_dict())


def test_lesion_acceptance_on_the_shipped_weights():
    """Veit et al. 2016: deleting one block hardly hurts a residual net and wrecks a plain one."""
    nets = {n["name"]: n for n in lesion.lesion_study(0)}
    assert lesion.median_drop(nets["ResNet-56"]) < 3
    assert lesion.median_drop(nets["plain-20"]) > 30
    assert [b["test_acc"] is None for b in nets["plain-20"]["blocks"]] == \
        [b["downsamples"] for b in nets["plain-20"]["blocks"]]  # a plain downsampling block stays
    # The lesson shows the shipped recording of this study: the same numbers, to the image.
    recorded = json.loads(recordings.lesion_recording_path(0).read_text())
    assert recorded["seed"] == 0 and not recorded["retrained"]
    assert recorded["nets"] == list(nets.values())

"""The lessons' nets, data and recipe: the paper's CIFAR nets at widths 8/16/32 (a hand count), the
same batches and the same initial weights for every net, bad settings refused with a message."""

from __future__ import annotations

import pytest
import torch

from resnet_explorer.config import ConfigError
from resnet_explorer.lab.training import Batches
from resnet_explorer.lessons import nets
from resnet_explorer.model import build_model


def test_lesson_nets_are_the_papers_cifar_nets_at_widths_8_16_32():
    # Hand count for ResNet-20, widths 8/16/32, 1 input channel, option B, 10 classes:
    # stem 3*3*1*8 + BN 16; stage 1: 3 x (2 x 576 + 32); stage 2: first block 1152 + 2304 + 64 +
    # projection 128 + 32, then 2 x (2 x 2304 + 64); stage 3: 4608 + 9216 + 128 + 512 + 64, then
    # 2 x (2 x 9216 + 128); fc 32*10 + 10.
    hand = 72 + 16 + 3 * 1184 + 3680 + 2 * 4672 + 14528 + 2 * 18560 + 330
    model = build_model(nets.lesson_config(20, True))
    assert sum(p.numel() for p in model.parameters()) == hand == 68_642
    plain = build_model(nets.lesson_config(56, False))
    convs = [m for m in plain.modules() if isinstance(m, torch.nn.Conv2d)]
    assert len(convs) + 1 == 56  # 55 convs and the fc: 6n+2 weighted layers, no projections
    with pytest.raises(ValueError, match="6n"):
        nets.lesson_config(21, True)


def test_every_net_sees_the_same_batches_and_the_same_start():
    s = nets.recipe(steps=70, n_train=100, batch_size=64)
    data = nets.train_set(s)

    def order() -> list[torch.Tensor]:
        b = Batches(data.images, data.labels, s, torch.device("cpu"))
        return [b.next()[1] for _ in range(3)]

    assert all(torch.equal(a, b) for a, b in zip(order(), order()))
    # one permutation an epoch: the first 100 images drawn are each image exactly once
    seen = Batches(data.images, data.labels, s.replace(batch_size=100), torch.device("cpu"))
    x, _ = seen.next()
    assert len({tuple(v.flatten().tolist()) for v in x}) == 100
    a = build_model(nets.lesson_config(20, True), seed=s.seed)
    c = build_model(nets.lesson_config(20, True), seed=s.seed)
    assert all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), c.state_dict().values()))


def test_bad_settings_give_one_clear_message():
    with pytest.raises(ConfigError, match="steps"):
        nets.recipe(steps=0)
    with pytest.raises(ConfigError, match="lr"):
        nets.recipe(lr=-1.0)


def test_the_held_out_images_are_drawn_with_their_own_seed():
    x, y = nets.held_out_images(0, 50)
    train = nets.as_tensors(nets.train_set(nets.recipe(n_train=50)))
    assert x.shape == (50, 1, 16, 16) and not torch.equal(x, train[0])

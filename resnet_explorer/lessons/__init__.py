"""The lessons' experiments: pure functions of frozen settings, runnable in a script, a test or a
worker, and what ships with them (recordings, trained weights).

    nets.py         the lessons' nets and data (CIFAR-style 6n+2 nets on 16x16 gratings) and training
    degradation.py  He et al. 2015, Fig. 1/6: deeper plain nets train worse
    lesion.py       Veit et al. 2016: delete one block of a trained net
    bn.py           BatchNorm in training vs evaluation; layer responses (He et al. 2015, Fig. 7)
    block.py        the block lesson's formula and the blocks it draws (computes nothing)
    recordings.py   the shipped recordings and weights (weights/)
    tasks.py        the live experiments as runs (requests here, the work in a worker)
    cli.py          `lesson degradation|gradflow` and `lesion` on the command line
"""

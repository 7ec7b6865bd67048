"""The lessons' commands: `lesson degradation`, `lesson gradflow` and `lesion` (wired into cli.py).

`python -m resnet_explorer lesson degradation --json`, `python -m resnet_explorer lesson gradflow --json`
and `python -m resnet_explorer lesion --json` print one JSON object each: the stable contract for
outside checks. `lesson gradflow --save` remakes the gradient-flow lesson's recording and
`lesion --retrain --save` the shipped weights and `lesion --record` the lesion lesson's recording of
the study on them (all in resnet_explorer/lessons/weights/).
"""

from __future__ import annotations

import argparse
import json
import sys

LESSONS = ("degradation", "gradflow")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    lesson = sub.add_parser("lesson", help="run a lesson's experiment (degradation, gradflow)")
    lesson.add_argument("name", choices=LESSONS, help="the lesson")
    lesson.add_argument("--seed", type=int, default=0, help="data order and initial weights (default 0)")
    lesson.add_argument("--steps", type=int, default=None,
                        help="training steps a net (default: the lesson's own, 500)")
    lesson.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    lesson.add_argument("--save", action="store_true", help="write the lesson's recording of this seed to "
                        "the shipped folder (how the shipped recordings were made)")
    lesion = sub.add_parser("lesion", help="lesion study: delete one block at a time (Veit et al. 2016)")
    lesion.add_argument("--seed", type=int, default=0, help="which shipped weights, or the retraining seed")
    lesion.add_argument("--retrain", action="store_true", help="train fresh nets instead of loading weights")
    lesion.add_argument("--save", action="store_true", help="with --retrain: write the weights to the "
                        "shipped folder (how the shipped weights were made)")
    lesion.add_argument("--record", action="store_true", help="without --retrain: write the study of "
                        "the shipped weights as the lesson's recording (how the shipped recording was made)")
    lesion.add_argument("--json", action="store_true", help="one JSON object instead of a table")


def _fail(message: str) -> int:
    print(f"resnet_explorer: error: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from ..lab.budget import configure_threads
    from . import degradation, lesion, recordings

    configure_threads()  # one thread a net, as the workers train: the recordings are what a worker makes
    try:
        if args.command == "lesson" and args.name == "gradflow":
            out, text = _gradflow(args.save)
        elif args.command == "lesson":
            steps = args.steps or degradation.SETTINGS.steps
            settings = degradation.SETTINGS.replace(seed=args.seed, steps=steps)
            out = {"lesson": args.name,
                   "settings": {"train": vars(settings), "depths": list(degradation.DEPTHS)},
                   "runs": [r.as_dict() for r in degradation.degradation(settings)]}
            if args.save:
                recordings.recording_path(args.seed).write_text(json.dumps(out, allow_nan=False) + "\n")
            text = "\n".join(f"{r['name']:<10} final train loss {r['final_train_loss']:.3f}  "
                             f"train acc {r['train_acc']:.3f}  {r['seconds']:.1f} s" for r in out["runs"])
        else:
            if args.save and not args.retrain:
                return _fail("--save needs --retrain")
            if args.record and args.retrain:
                return _fail("--record records the shipped weights' study: leave out --retrain")
            nets = lesion.lesion_study(args.seed, args.retrain, save=args.save)
            out = {"seed": args.seed, "retrained": args.retrain, "nets": nets}
            if args.record:
                path = recordings.lesion_recording_path(args.seed)
                path.write_text(json.dumps(out, allow_nan=False) + "\n")
            text = "\n".join(f"{n['name']:<10} test acc {n['test_acc']:.3f}  median drop "
                             f"{lesion.median_drop(n):.1f} points" for n in nets)
    except (ValueError, FileNotFoundError) as err:
        return _fail(str(err))
    print(json.dumps(out) if args.json else text)
    return 0


def _gradflow(save: bool) -> tuple[dict, str]:
    """The gradient-flow lesson's sweeps; with `save`, also written as the shipped recording."""
    from . import recordings

    out = {"lesson": "gradflow", **recordings.gradflow_sweeps()}
    if save:
        recordings.gradflow_path().write_text(json.dumps(out, allow_nan=False) + "\n")
    text = "\n".join(f"{init:<8} seed {seed} {'BN' if f.batchnorm else 'no BN':<6} {f.kind:<10} depth "
                     f"{f.depth:<4} stream first/last {f.ratio('stream'):.3g}"
                     for init, by_seed in recordings.sweeps_of(out).items()
                     for seed, flows in by_seed.items() for f in flows)
    return out, text

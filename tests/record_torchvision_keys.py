"""Records torchvision's state_dict keys and shapes for the nets tests/test_model.py compares with
(tests/oracle.py's TV_MODELS), so the names are still checked where torchvision does not import. Run
from the repository root:

    pip install --no-deps torchvision==0.28.0
    python3 -m tests.record_torchvision_keys > tests/torchvision_keys.json
"""

from __future__ import annotations

import json
import sys

from tests.oracle import TV_MODELS, torchvision_models

if __name__ == "__main__":
    models = torchvision_models()
    out = {"command": "python3 -m tests.record_torchvision_keys > tests/torchvision_keys.json",
           "torchvision": sys.modules["torchvision"].__version__,
           "models": {n: {k: list(v.shape) for k, v in getattr(models, n)().state_dict().items()}
                      for n in TV_MODELS}}
    # One key a line, so a diff of this file reads as a diff of module names.
    lines = [f'  "{k}": {json.dumps(v)}' for k, v in out.items() if k != "models"]
    nets = [f'    "{n}": {{\n' + ",\n".join(f'      "{k}": {json.dumps(s)}' for k, s in keys.items())
            + "\n    }" for n, keys in out["models"].items()]
    print("{\n" + ",\n".join(lines) + ',\n  "models": {\n' + ",\n".join(nets) + "\n  }\n}")

"""``python benchmarks/run.py``: the same as ``python -m benchmarks`` (see the package's
docstring), runnable as a script from the checkout."""

from __future__ import annotations

import sys
from pathlib import Path

HIER = Path(__file__).resolve().parent
# run as a script, Python puts benchmarks/ itself first on the path: use the checkout
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HIER]
sys.path.insert(0, str(HIER.parent))

from benchmarks.__main__ import main  # noqa: E402 - after the path is set

if __name__ == "__main__":
    main(prog="python benchmarks/run.py")

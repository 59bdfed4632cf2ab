"""``linear_sum_assignment`` without importing ``scipy.optimize``.

Importing ``scipy.optimize`` takes about 1.5 s on a small machine, longer than a national
matching run needs for everything else. The assignment solver itself is one self-contained C
extension inside it, so we load that file directly and fall back to the public import if the
layout ever changes. The result is the same function either way.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

Solver = Callable[[NDArray[np.float64]], tuple[NDArray[np.intp], NDArray[np.intp]]]
_solver: Solver | None = None
_loading = threading.Lock()


def _load_extension() -> Solver | None:
    spec = importlib.util.find_spec("scipy")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = Path(location) / "optimize" / f"_lsap{suffix}"
            if not path.is_file():
                continue
            loader = importlib.machinery.ExtensionFileLoader("_lsap", str(path))
            module_spec = importlib.util.spec_from_file_location("_lsap", path, loader=loader)
            if module_spec is None:
                continue
            module: Any = importlib.util.module_from_spec(module_spec)
            loader.exec_module(module)
            solver: Solver = module.linear_sum_assignment
            rows, cols = solver(np.array([[1.0, 0.0]]))
            return solver if rows.tolist() == [0] and cols.tolist() == [1] else None
    return None


def linear_sum_assignment(cost: NDArray[np.float64]) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Rows and columns of a minimum-cost assignment (scipy's, see its documentation)."""
    global _solver
    with _loading:  # blocks are solved on several threads; load the extension once
        if _solver is None:
            try:
                _solver = _load_extension()
            except (ImportError, OSError):
                _solver = None
            if _solver is None:
                from scipy.optimize import linear_sum_assignment as public

                _solver = public
    return _solver(cost)

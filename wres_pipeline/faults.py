"""Fault injection for the crash tests (tests/test_faults.py); inert unless ``WRES_FAULT_AT`` is set.

``WRES_FAULT_AT="<point>:<n>"`` kills the process with SIGKILL (no clean-up, no ``finally``: what a
power cut or an OOM kill does) the n-th time it reaches ``fault_point("<point>")``. The points:

* ``asset`` - an asset's build-database connection has just finished its work (resources.py);
* ``publish`` - the new published copy is complete in its temp file, not yet renamed into place.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

FAULT_ENV = "WRES_FAULT_AT"
_reached: Counter[str] = Counter()


def fault_point(name: str) -> None:
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    point, _, nth = spec.partition(":")
    if point != name:
        return
    _reached[name] += 1
    if _reached[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def remove_stale(folder, pattern: str) -> list[str]:
    """Delete ``folder/pattern`` leftovers (named ``….<pid>.…``) of processes that no longer run."""
    removed = []
    for path in folder.glob(pattern):
        pid = next((int(part) for part in path.name.split(".") if part.isdigit()), None)
        if pid is None or pid == os.getpid() or _running(pid):
            continue
        if path.is_dir():
            import shutil

            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

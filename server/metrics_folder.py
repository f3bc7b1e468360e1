"""The folder where the API's processes keep their metrics (prometheus-client's multiprocess
mode, codecheck/metrics.py), set up by the server's start before any worker exists.

``PROMETHEUS_MULTIPROC_DIR`` names it; unset, each start makes a temporary one and removes it at
exit. Either way it is emptied at start: counts of an earlier run would be summed with the new
ones. One folder per server: two servers sharing one would empty each other's.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import MutableMapping
from pathlib import Path

# prometheus-client's variable (codecheck.metrics reads it). Not imported from there: the library
# picks its mode when first imported, so this must be set before anything imports it.
MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def prepare(environ: MutableMapping[str, str] = os.environ) -> Path:
    """Sets the variable for this process and its workers; returns the folder, empty."""
    given = environ.get(MULTIPROCESS_VARIABLE)
    if given:
        folder = Path(given)
        folder.mkdir(parents=True, exist_ok=True)
        for counts in folder.glob("*.db"):
            counts.unlink()
    else:
        folder = Path(tempfile.mkdtemp(prefix="connect-help-metrics-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    environ[MULTIPROCESS_VARIABLE] = str(folder)
    return folder

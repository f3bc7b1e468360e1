"""A catalog's template as `make catalogs-extract` writes it: the Makefile's own command line,
read from make (so a test of the catalogs extracts exactly as an editor's `make` does)."""
import os
import shlex
import subprocess
import sys
from pathlib import Path

from sitebuild.translations import interface_strings
from tests.conftest import ROOT


def extract_as_the_makefile_does(domain, folder: Path):
    """The domain's .pot as `make catalogs-extract` writes it (the Makefile's own command line)."""
    # The recipe as make would run it (-n: printed, not run), its variables expanded.
    recipe = subprocess.run(["make", "--no-print-directory", "-n", "-o", "setup", "catalogs-extract"], cwd=ROOT,
                            env={**os.environ, "MAKEFLAGS": ""}, capture_output=True, text=True, check=True).stdout
    line = next(line for line in recipe.replace("\\\n", " ").splitlines() if f"extract -F {domain.mapping} " in line)
    options = shlex.split(line.split(f"extract -F {domain.mapping} ", 1)[1].split(" -o ")[0])
    pot = folder / f"{domain.page}.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", domain.mapping, *options,
                    "-o", str(pot), "."], cwd=ROOT, check=True)
    return interface_strings.read_template(pot)

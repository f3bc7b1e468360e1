"""Fetch the pure-Python wheels that the guide's tests need inside Pyodide.

Pyodide from npm ships no packages: pytest and its needs and Jinja2 come from
PyPI as py3-none-any wheels, at the versions pinned in requirements/*.txt. MarkupSafe has no
pure wheel on PyPI: it is built from its sdist with no C compiler (CC=false), which makes its
build fall back to pure Python. Usage (from the repository root):

    .venv/bin/python tests/pyodide/fetch_wheels.py [--dest var/wheels]

Idempotent: a wheel already in the folder is not fetched again.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PURE_WHEELS = ("pytest", "pluggy", "iniconfig", "packaging", "pygments", "jinja2")
BUILT_FROM_SDIST = ("markupsafe",)


def pinned_versions() -> dict[str, str]:
    """name -> version, from requirements/*.txt (names normalised to lower case, - for _)."""
    pins = {}
    lines = [line for lock in sorted((ROOT / "requirements").glob("*.txt"))
             for line in lock.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


def wheel_present(dest: Path, name: str, version: str) -> bool:
    prefix = f"{name.replace('-', '_')}-{version}-".lower()
    return any(wheel.name.lower().startswith(prefix) and wheel.name.endswith("-py3-none-any.whl")
               for wheel in dest.glob("*.whl"))


def pip(*arguments: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *arguments], check=True)


def fetch_pure(dest: Path, name: str, version: str) -> None:
    pip("download", "--no-deps", "--only-binary=:all:", "--platform", "any", "--implementation", "py",
        "--python-version", "3.14", "--dest", str(dest), f"{name}=={version}")


def build_from_sdist(dest: Path, name: str, version: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        pip("download", "--no-deps", "--no-binary=:all:", "--dest", str(work), f"{name}=={version}")
        (sdist,) = work.glob("*.tar.gz")
        with tarfile.open(sdist) as archive:
            archive.extractall(work, filter="data")
        (source,) = [path for path in work.iterdir() if path.is_dir()]
        # No compiler: the C speed-ups fail to build and the package falls back to pure Python.
        subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dest), str(source)],
                       check=True, env={**os.environ, "CC": "false"}, stdout=subprocess.DEVNULL)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=ROOT / "var" / "wheels")
    dest = parser.parse_args(argv).dest
    dest.mkdir(parents=True, exist_ok=True)
    pins = pinned_versions()
    for name in PURE_WHEELS + BUILT_FROM_SDIST:
        version = pins.get(name)
        if version is None:
            print(f"{name} is not pinned in requirements/*.txt", file=sys.stderr)
            return 1
        if wheel_present(dest, name, version):
            continue
        (build_from_sdist if name in BUILT_FROM_SDIST else fetch_pure)(dest, name, version)
        if not wheel_present(dest, name, version):
            print(f"no py3-none-any wheel of {name} {version} in {dest}", file=sys.stderr)
            return 1
    print(f"{len(PURE_WHEELS + BUILT_FROM_SDIST)} pure wheels in {dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

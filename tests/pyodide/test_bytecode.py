"""The runtime's bytecode (sitebuild/pyc/, sitebuild/runtime.py): compiled by Pyodide's own
CPython 3.14 under Node, unchecked-hash pycs in place of the sources, the same bytes on every
build."""
import base64
import hashlib
import importlib.util
import json
import zipfile
from pathlib import Path

import pytest

from sitebuild.runtime import copy_runtime

pytestmark = pytest.mark.pyodide

FUND = {"name": {"fr": "Caisse"}, "email": "connect@example.ch"}
UNCHECKED_HASH = 0b01   # PEP 552 flags: hash-based, source not checked


def manifest(runtime: Path) -> dict:
    (path,) = runtime.glob("guide-runtime*.json")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    first = copy_runtime(tmp_path_factory.mktemp("first"), FUND)
    second = copy_runtime(tmp_path_factory.mktemp("second"), FUND)
    return first, second


def test_two_builds_give_the_same_bytes(two_builds):
    first, second = two_builds
    files = sorted(path.relative_to(first) for path in first.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(second) for path in second.rglob("*") if path.is_file())
    assert len(files) >= 8
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def pyc_header(data: bytes) -> tuple[bytes, int]:
    return data[:4], int.from_bytes(data[4:8], "little")


def test_the_standard_library_is_pyodides_bytecode_and_no_source(two_builds):
    runtime, _ = two_builds
    with zipfile.ZipFile(runtime / manifest(runtime)["pyodide"]["stdlib"]) as archive:
        names = archive.namelist()
        assert "json/__init__.pyc" in names and "zipfile/__init__.pyc" in names and "os.pyc" in names
        assert not [name for name in names if name.endswith(".py")]
        magic, flags = pyc_header(archive.read("os.pyc"))
    assert flags == UNCHECKED_HASH
    # Python 3.14's magic number, not the build machine's CPython's.
    assert magic != importlib.util.MAGIC_NUMBER and magic[2:] == b"\r\n"
    assert int.from_bytes(magic[:2], "little") >= 3600   # 3.14's range starts at 3600


def test_the_wheels_hold_bytecode_only_with_a_valid_record(two_builds):
    runtime, _ = two_builds
    wheels = manifest(runtime)["wheels"]
    assert sorted(Path(wheel).name.split("-")[0] for wheel in wheels) == ["connect_help_guide", "jinja2", "markupsafe"]
    for wheel in wheels:
        with zipfile.ZipFile(runtime / wheel) as archive:
            names = archive.namelist()
            assert not [name for name in names if name.endswith(".py")], wheel
            modules = [name for name in names if name.endswith(".pyc")]
            assert modules and all(pyc_header(archive.read(name))[1] == UNCHECKED_HASH for name in modules)
            (record,) = [name for name in names if name.endswith(".dist-info/RECORD")]
            rows = [line.split(",") for line in archive.read(record).decode().splitlines()]
            assert sorted(row[0] for row in rows) == sorted(names)
            for name, digest, size in rows:
                if name != record:
                    data = archive.read(name)
                    expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                    assert (digest, int(size)) == (f"sha256={expected}", len(data)), name


def test_every_runtime_folder_is_named_after_its_contents(two_builds):
    runtime, _ = two_builds
    data = manifest(runtime)
    folders = [data["pyodide"]["index"].rstrip("/"), str(Path(data["pyodide"]["stdlib"]).parent)]
    folders += [str(Path(wheel).parent) for wheel in data["wheels"]]
    for folder in folders:
        group, digest = folder.split("/")
        assert group in ("pyodide", "stdlib", "wheels") and len(digest) == 16
        files = sorted((runtime / folder).iterdir())
        hasher = hashlib.sha256()
        for path in files:
            content = path.read_bytes()
            hasher.update(f"{path.name}\0{len(content)}\0".encode() + content)
        assert hasher.hexdigest()[:16] == digest

"""Runs INSIDE Pyodide (sitebuild/pyc/compile.mjs): zips of Python sources → zips of bytecode.

Every `x.py` that compiles becomes `x.pyc` (sourceless: the `.py` leaves the zip), an
unchecked-hash pyc (PEP 552) written by Pyodide's own CPython, so that its bytes depend on the
source alone, never on file times. Other files are kept as they are. Entries are written in name
order, stored (not deflated: the server's brotli or gzip copy compresses the whole file, better
than deflate file by file) with a fixed date: the same input gives the same bytes.
A wheel's RECORD is written anew for the files it now holds.
"""
import base64
import hashlib
import importlib.util
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def pyc(source: bytes, filename: str) -> bytes | None:
    try:
        code = compile(source, filename, "exec", dont_inherit=True, optimize=0)
    except (SyntaxError, ValueError):
        return None   # not valid for this Python (a test fixture, say): kept as source
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def top_level(name: str) -> str:
    return name.split("/")[0].removesuffix(".py")


def compile_zip(source: str, target: str, location: str, keep=(), only=None) -> dict:
    """`source` → `target` (paths in Pyodide's file system); `location`: where the zip's
    entries live at run time (for the code's file names): the stdlib zip's own path, or
    site-packages for a wheel. `keep`: names left as source. `only`: when given, the top-level
    modules and packages to keep; the rest leaves the zip."""
    keep = frozenset(keep)
    only = None if only is None else frozenset(only)
    entries = {}
    counts = {"compiled": 0, "kept_source": 0, "other": 0, "left_out": 0}
    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = info.filename
            if only is not None and top_level(name) not in only:
                counts["left_out"] += 1
                continue
            content = archive.read(info)
            if name.endswith(".py") and name not in keep:
                compiled = pyc(content, f"{location}/{name}")
                if compiled is not None:
                    entries[name + "c"] = compiled
                    counts["compiled"] += 1
                    continue
                counts["kept_source"] += 1
            else:
                counts["other"] += 1
            entries[name] = content
    records = [name for name in entries if name.endswith(".dist-info/RECORD")]
    for record in records:
        lines = [record_line(name, content) for name, content in sorted(entries.items()) if name != record]
        entries[record] = ("\n".join(lines) + f"\n{record},,\n").encode()
    with zipfile.ZipFile(target, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, entries[name])
    return counts

"""Runs INSIDE Pyodide (sitebuild/pyc/trace_imports.mjs), on Pyodide's whole standard library:
which of its top-level modules and packages the guide needs in the browser.

Pyodide's own start, then everything the worker does: import the guide's modules, warm up every
language, and answer every step, form and submission of every path (guide.engine.outcome_paths). What is
in sys.modules from the standard library at the end is what the browser's stdlib zip keeps
(sitebuild/runtime.py), whole top-level packages, with the codecs (looked up by name at run
time) and _strptime (imported by datetime.strptime on first use) always.
"""
import importlib
import importlib.resources
import json
import sys

ALWAYS = ("encodings", "_strptime")


def trace(manifest_text: str, stdlib: str) -> list[str]:
    import guide
    from guide.browser import BrowserGuide
    from guide.engine import outcome_paths
    from guide.i18n import languages
    from guide.tree import load_flow

    # Every module of the package, from its wheel as the browser has it (a zip on sys.path).
    folders = [(importlib.resources.files("guide"), "guide")]
    while folders:
        folder, prefix = folders.pop()
        for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
            if entry.is_dir():
                folders.append((entry, f"{prefix}.{entry.name}"))
            elif entry.name.endswith((".py", ".pyc")) and not entry.name.startswith("__init__."):
                importlib.import_module(f"{prefix}.{entry.name.rsplit('.', 1)[0]}")
    browser = BrowserGuide.from_json(manifest_text)
    answers = ["/".join(path) for path, _ in outcome_paths(load_flow())]
    failures = []
    for lang in languages():
        messages = [{"name": "warm-up", "args": {"lang": lang}}, {"name": "step", "args": {"lang": lang, "path": ""}}]
        for answer in answers:
            prefix = ""
            for part in answer.split("/"):
                prefix += part + "/"
                messages.append({"name": "step", "args": {"lang": lang, "path": prefix}})
            for name in ("form", "submit"):
                messages.append({"name": name, "args": {"lang": lang, "path": f"outcomes/{answer.split('/')[-1]}/",
                                                        "values": {"email": "a@example.ch", "company": "A"}}})
        messages.append({"name": "expiry", "args": {"issued_on": "2026-01-05", "today": "2026-03-01"}})
        for message in messages:
            answer = json.loads(browser.handle_json(json.dumps(message)))
            if answer.get("status") == "error" and answer.get("reason") not in ("bad-arguments", "unknown-step"):
                failures.append((message, answer))
    if failures:
        raise RuntimeError(f"the guide failed while traced: {failures[:3]}")
    names = {name.split(".")[0] for name, module in list(sys.modules.items())
             if (getattr(module, "__file__", None) or "").startswith(stdlib + "/")}
    return sorted(names | set(ALWAYS))

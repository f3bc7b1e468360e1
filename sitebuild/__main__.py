"""`python -m sitebuild [--config mkdocs.yml] [--site-dir site]`: build the whole static site."""

import argparse
import logging
from pathlib import Path

from sitebuild.build import ROOT, build_site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    build_site(args.config, args.site_dir.resolve())


if __name__ == "__main__":
    main()

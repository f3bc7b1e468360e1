"""`python -m sitebuild [--site-dir site] [--sources var/sources]`: build the whole static site.

The fund and the languages come from site.toml ($CONNECT_HELP_CONFIG to use another file); a bad
value stops the build before anything is written, with one line naming the key (status 2).
"""

import argparse
import logging
from pathlib import Path

import siteconfig
from sitebuild.build import ROOT, build_site, site_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--sources", type=Path, default=None,
                        help="keep each language's generated sources and generator config here")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    config = siteconfig.exit_on_error(siteconfig.load)
    siteconfig.exit_on_error(lambda: siteconfig.check_for_production(config, site_url()))
    build_site(args.site_dir.resolve(), config, sources_dir=args.sources.resolve() if args.sources else None)


if __name__ == "__main__":
    main()

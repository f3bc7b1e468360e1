import sys

from sitebuild.translations.cli import main

sys.exit(main())

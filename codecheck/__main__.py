import sys

from codecheck.cli import main

sys.exit(main())

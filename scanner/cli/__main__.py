"""``python -m scanner.cli``: the same as the ``baomi`` console script."""
import sys

from scanner.cli import main

sys.exit(main())

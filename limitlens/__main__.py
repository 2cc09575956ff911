import sys

from limitlens.cli import main

sys.exit(main())

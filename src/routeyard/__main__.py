import sys

from routeyard.cli.main import main

sys.exit(main())

"""Entry point for ``python -m bench.link``."""

from bench.link.run import main

raise SystemExit(main())

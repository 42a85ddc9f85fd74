"""Development settings: the production settings with PARCOURS_DEBUG=1 by default, for the test
suite, the type checker and local commands (`make demo` sets the same variable)."""

import os

os.environ.setdefault("PARCOURS_DEBUG", "1")

from parcours.settings import *  # noqa: F403

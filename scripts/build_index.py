#!/usr/bin/env python3
"""Rebuild the policykb index: the same code path as `policykb build`.

    python scripts/build_index.py --corpus ../shared/corpus/cyber --index index
"""

import sys

from policykb.interfaces.cli import main

if __name__ == "__main__":
    main(["build", *sys.argv[1:]], prog_name="build_index.py")

#!/usr/bin/env python
"""Generate a dataset at one of the scales of DESIGN.md section 6 into an empty database
(``DATABASE_URL``, else the local SQLite file): ``bench/generate.py --scale office``."""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["tiny", "office", "city", "province"], default="office")
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "torchbearer.settings")
    import django

    django.setup()
    from bench.datasets import DatabaseNotEmpty, generate_into_empty

    try:
        generate_into_empty(args.scale, seed=args.seed)
    except DatabaseNotEmpty as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()

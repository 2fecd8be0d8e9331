"""Lets `python -m reportgen` behave exactly like the `reportgen` console script."""

from reportgen.cli import main

if __name__ == "__main__":
    main()

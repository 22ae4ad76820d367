"""baomi's scanner: reads documents and judges whether they may be published."""

# The one place the version is written: pyproject.toml reads it from here (a constant, not
# importlib.metadata, which costs a warm rescan more than its whole cache lookup).
__version__ = "0.1.0"

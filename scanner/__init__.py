"""baomi's scanner: reads documents and judges whether they may be published."""
from importlib import metadata

try:
    __version__ = metadata.version("baomi")
except metadata.PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.1.0"

"""What a scan depends on besides the bytes: built once per run from the config and the
command line, then handed unchanged to every runner (local workers, Dask workers, staged
blobs), so that every way of running gives the same verdict.

Light on purpose: the cache keys results by these settings before anything heavy loads,
so importing this module loads no dictionary, extractor or segmenter.
"""
from __future__ import annotations

from scanner.plain import Record

# typing's flag without importing typing (a warm rescan never needs it; type checkers
# read any TYPE_CHECKING as true)
TYPE_CHECKING = False


if TYPE_CHECKING:
    from scanner.config import Config
    from scanner.dictionary import Dictionary


# Where files are going; the internet is the stricter (CONTRACT: --target).
TARGETS = ("internet", "extranet")


class Settings(Record):
    """What a scan depends on besides the bytes: the target, extra dictionaries, the
    config's allowlist and per-target thresholds (from .baomi.toml: phrases whose findings
    are dropped, per-target threshold overrides); the dictionary loads on first use."""

    FIELDS = ("target", "extra_dictionaries", "allowlist", "thresholds", "_dictionary")

    def __init__(self, target: str = "internet", extra_dictionaries: list[str] | None = None,
                 allowlist: list[str] | None = None,
                 thresholds: dict[str, float] | None = None,
                 _dictionary: Dictionary | None = None):
        self.target = target
        self.extra_dictionaries = [] if extra_dictionaries is None else extra_dictionaries
        self.allowlist = [] if allowlist is None else allowlist
        self.thresholds = {} if thresholds is None else thresholds
        self._dictionary = _dictionary

    @classmethod
    def build(cls, config: Config, target: str | None = None,
              dictionaries: tuple[str, ...] | list[str] = ()) -> Settings:
        """The one way from a config and command-line options to settings: options win,
        then the config, then the defaults (internet, the stricter target)."""
        return cls(target=target or config.target or "internet",
                   extra_dictionaries=list(config.dictionaries) + list(dictionaries),
                   allowlist=list(config.allowlist), thresholds=dict(config.thresholds))

    def __getstate__(self) -> dict:
        # Sent to worker processes without the loaded dictionary: each loads its own.
        return {**self.__dict__, "_dictionary": None}

    @property
    def dictionary(self) -> Dictionary:
        if self._dictionary is None:
            from scanner.dictionary import load_dictionary

            self._dictionary = load_dictionary(self.extra_dictionaries)
        return self._dictionary

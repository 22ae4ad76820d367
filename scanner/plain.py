"""Plain data classes without ``dataclasses``: what ``scanner.model`` and ``Settings`` are
made of.

Importing ``dataclasses`` loads ``inspect`` (with ``ast``, ``dis`` and ``tokenize``: 47 M
instructions), and each ``@dataclass`` compiles its methods when the class is made (2–4 M
a class, on every run): a warm rescan, which builds a few hundred results from the cache,
paid some 75 M of its 234 M instructions for them. A record's ``__init__`` is written out
in its class (compiled once, into the .pyc); equality, ``repr``, ``replace`` and
``as_dict`` follow from the field names, ``FIELDS``, as a dataclass's do from its fields.
"""
from __future__ import annotations

# typing's flag without importing typing (a warm rescan never needs it; type checkers
# read any TYPE_CHECKING as true)
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any, TypeVar

    R = TypeVar("R", bound="Record")


class Record:
    """Plain data named by ``FIELDS`` (the ``__init__`` parameters, in order), as a
    dataclass: equal to a record of the same class whose fields are equal, shown as
    ``Name(field=value, ...)``, unhashable (it may change)."""

    FIELDS: tuple[str, ...] = ()

    def _values(self) -> tuple:
        return tuple([getattr(self, name) for name in self.FIELDS])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()  # type: ignore[attr-defined]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{self.__class__.__qualname__}({shown})"


class FrozenRecord(Record):
    """A record that does not change once made (its ``__init__`` sets the fields through
    ``self.__dict__``), hashed by its fields, as a frozen dataclass."""

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:
        return hash(self._values())


def replace(record: R, /, **changes: Any) -> R:
    """A new record of ``record``'s class with its fields but ``changes`` (field → value),
    as ``dataclasses.replace``; a name that is not a field is a TypeError."""
    values = {name: getattr(record, name) for name in record.FIELDS}
    values.update(changes)
    return record.__class__(**values)


def as_dict(value: Any) -> Any:
    """``value`` with every record in it made a dict (field → value, in field order),
    recursively through lists, tuples and dicts, as ``dataclasses.asdict``; other values
    are kept as they are (the fields hold strings, numbers, enums and containers of them)."""
    if isinstance(value, Record):
        return {name: as_dict(getattr(value, name)) for name in value.FIELDS}
    if isinstance(value, (list, tuple)):
        return type(value)(as_dict(item) for item in value)
    if isinstance(value, dict):
        return {as_dict(key): as_dict(item) for key, item in value.items()}
    return value

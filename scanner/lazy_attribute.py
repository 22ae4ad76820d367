"""An attribute computed when first read, for objects that are read often afterwards.

``functools.cached_property`` keeps its value in the instance's ``__dict__``, which it asks
for by name: on CPython 3.11 that gives the instance a dictionary of its own in place of
its inline attribute values, and every later attribute read of the instance takes the
slower path (2.6 times a plain read, measured; a scan reads a View's attributes thousands
of times a file). ``lazy_attribute`` keeps the value by plain assignment, as ``__init__``
does, so the instance keeps its inline values.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class lazy_attribute(Generic[T]):  # lower case: a decorator, named as cached_property is
    """``@lazy_attribute`` on a method of one argument: the first read of the attribute on
    an instance calls the method and sets its value as the instance's own attribute of the
    same name, which later reads find before this descriptor (it defines no ``__set__``).
    Not for classes with ``__slots__`` and no ``__dict__``, nor frozen ones; two threads
    reading it first at once may both compute it."""

    def __init__(self, compute: Callable[[Any], T]):
        self._compute = compute
        self._name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, instance: Any, owner: type | None = None) -> T:
        if instance is None:
            return self  # type: ignore[return-value]  # the class's own: the descriptor
        value = self._compute(instance)
        setattr(instance, self._name, value)
        return value

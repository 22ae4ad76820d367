"""lazy_attribute: computed on the first read, then the instance's own plain attribute."""
from __future__ import annotations

from scanner.detect.view import View
from scanner.lazy_attribute import lazy_attribute
from scanner.model import Segment
from scanner.settings import Settings
from scanner.text_utils import normalize_many


class Counted:
    def __init__(self, base: int) -> None:
        self.base = base
        self.computed = 0

    @lazy_attribute
    def doubled(self) -> int:
        """Twice the base."""
        self.computed += 1
        return 2 * self.base


def test_computes_once_per_instance_on_first_read():
    a, b = Counted(2), Counted(5)
    assert a.computed == b.computed == 0
    assert (a.doubled, a.doubled, b.doubled) == (4, 4, 10)
    assert (a.computed, b.computed) == (1, 1)
    # Kept as the instance's own attribute, which later reads find before the descriptor.
    assert vars(a)["doubled"] == 4
    assert Counted.doubled.__doc__ == "Twice the base."


def test_a_view_reads_as_before():
    texts = ["本文件涉及国家秘密，不得公开。", "", "第二段，没有要紧的词"]
    view = View([Segment(text) for text in texts], Settings().dictionary)
    norms, offsets = normalize_many(texts)
    assert view.norms == norms and view.offsets == offsets
    assert view.norms is view.norms  # computed once
    assert view.hits is view.hits and view.hits[0]
    for seg, hits in enumerate(view.hits):
        assert all(view.norms[seg][h.start:h.end] == h.text for h in hits)
        assert view.kinds_in(seg) == {kind for h in hits for kind in h.kinds}
    assert view.kinds_in(1) == set()

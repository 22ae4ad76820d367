"""The document's voice, read over the whole file: a report about others, or an office
weighing a matter it has not decided.

- ``reportage``: words of news, interpretations and Q&A (记者, 据了解, 表示，, 问：/答：,
  欢迎社会各界): a story that relays officials' secrecy duties is public, whatever it quotes.
- ``tentative``: words of an office weighing a matter (拟任, 拟给予, 建议, 待定, 初步测算,
  倾向性意见, 妥否): a 请示, 纪要 or 方案 full of them, about named people and amounts, is a
  matter not yet decided — secret in its stage even with no statement at all.
Each is a file-level strength: the sum of the weights of the distinct cue words found,
saturating at VOICE_FULL (one cue word is chance, three are a voice), divided by the
file's length in VOICE_SPAN characters (a 100-page report gathers every cue somewhere:
a voice is a density). Lexicons are data
(dictionaries/signals.toml [reportage], [tentative]).
"""
from __future__ import annotations

from scanner.detect.evidence import Evidence
from scanner.detect.view import View

VOICE_FULL = 3.0
VOICE_SPAN = 6000
VOICES = ("reportage", "tentative")


def voice(view: View, name: str) -> tuple[float, list[str]]:
    """(strength 0..1, the distinct cue words) of voice ``name`` over the whole file."""
    key = f"voice.{name}"
    if key not in view.memo:
        cues = {h.text: h.kinds[name].weight for seg in range(len(view.hits))
                for h in view.hits_of(seg, name)}
        spans = max(1.0, sum(map(len, view.norms)) / VOICE_SPAN)
        view.memo[key] = (min(1.0, sum(cues.values()) / VOICE_FULL) / spans, list(cues))
    return view.memo[key]


class Voice:
    name = "voice"

    def detect(self, view: View) -> list[Evidence]:
        out = []
        for name in VOICES:
            strength, words = voice(view, name)
            if words:
                out.append(Evidence(f"voice.{name}", -1, (0, 0), view.location(-1), strength,
                                    f"{name}: {', '.join(words[:6])}", {"words": words}))
        return out

"""The document's voice, read over the whole file: a report about others, or an office
weighing a matter it has not decided.

- ``reportage``: words of news, interpretations and Q&A (记者, 据了解, 表示，, 问：/答：,
  欢迎社会各界): a story that relays officials' secrecy duties is public, whatever it quotes.
- ``tentative``: words of an office weighing a matter (拟任, 拟给予, 建议, 待定, 初步测算,
  倾向性意见, 妥否): a 请示, 纪要 or 方案 full of them, about named people and amounts, is a
  matter not yet decided — secret in its stage even with no statement at all.
Each is a file-level strength: the sum of the weights of the distinct cue words found,
saturating at VOICE_FULL (one cue word is chance, three are a voice). Lexicons are data
(dictionaries/signals.toml [reportage], [tentative]).
"""
from __future__ import annotations

from scanner.detect.evidence import Evidence
from scanner.detect.view import View

VOICE_FULL = 3.0
VOICES = ("reportage", "tentative")


class Voice:
    name = "voice"

    def detect(self, view: View) -> list[Evidence]:
        out = []
        for voice in VOICES:
            cues = {h.text: h.term(voice).weight for hits in view.hits for h in hits
                    if h.has(voice)}
            if cues:
                strength = min(1.0, sum(cues.values()) / VOICE_FULL)
                out.append(Evidence(f"voice.{voice}", -1, (0, 0), view.location(-1), strength,
                                    f"{voice}: {', '.join(list(cues)[:6])}",
                                    {"words": list(cues)}))
        return out

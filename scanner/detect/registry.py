"""Every detector, one line each, in the order they run. The judge reads their evidence."""
from __future__ import annotations

from scanner.detect.doc_kind import DocumentKind
from scanner.detect.draft import Draft
from scanner.detect.evidence import Detector, Evidence
from scanner.detect.exposure import Exposure
from scanner.detect.not_public import Handling, NotPublic
from scanner.detect.plans import Plans
from scanner.detect.ruled import FailedRedactions, Markings, PersonalData, TypeMismatch
from scanner.detect.scope import RuleText
from scanner.detect.specifics import Specifics
from scanner.detect.topics import PublicContext, Topics
from scanner.detect.undecided import UndecidedSpecifics
from scanner.detect.view import View
from scanner.detect.voice import Voice

DETECTORS: tuple[Detector, ...] = (
    Markings(),          # 密级标志 the file carries (scanner/detect/markings.py)
    PersonalData(),      # ID, bank card, phone numbers in full (dictionaries/personal.toml)
    FailedRedactions(),  # text still under an opaque box
    TypeMismatch(),      # a file name that lies about the content
    DocumentKind(),      # law / public notice / internal form, from title and structure
    RuleText(),          # paragraphs that are rules about documents in general
    NotPublic(),         # "not to be published" statements, as a grammar
    Handling(),          # handling instructions, stage, internal-form formulas
    Plans(),             # a report's section of coming tasks: its 拟, 待 are plans
    PublicContext(),     # 现予以公示, 特此公告 …
    Topics(),            # sector matters (dictionaries/sectors/)
    Specifics(),         # names, organisations, figures, dates
    Voice(),             # a report about others, or an office weighing a matter
    UndecidedSpecifics(),  # an internal form's specifics under pending cues (方案, 请示)
    Draft(),             # a draft's own address, report and sign-off lines (局领导：, 报：)
    Exposure(),          # a login or internal network addresses written out
)


def detect(view: View) -> list[Evidence]:
    """All evidence about one file."""
    return [e for detector in DETECTORS for e in detector.detect(view)]

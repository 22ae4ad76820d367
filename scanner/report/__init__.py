"""Report writers: text, json, sarif, csv. They render FileResults as they are given."""

# Errors of a file that could not be read fully, as a rule of their own (SARIF, CSV).
from scanner.judge.rules import UNREADABLE as UNREADABLE_RULE  # noqa: E402,F401

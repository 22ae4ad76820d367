"""Report writers: text, json, sarif, csv. They render FileResults as they are given."""

# Errors of a file that could not be read fully, as a rule of their own (SARIF, CSV).
UNREADABLE_RULE = "file.unreadable"

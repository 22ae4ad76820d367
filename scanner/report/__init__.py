"""Report writers: text, json, sarif, csv. They render FileResults as they are given.

The package itself imports nothing: ``report.names`` serves the command line before any
writer is chosen, and the rule table loads only with the writers that name rules."""

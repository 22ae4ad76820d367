"""Around publishing: git (``gitrepo``), the plain git hook (``hook``), approvals of
findings (``approvals``), stamping the flagged files of a scan (``mark_flagged``) and the
ledger (台账) rows of scans and stampings (``record``)."""

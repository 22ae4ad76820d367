"""Around publishing: git (``gitrepo``), the plain git hook (``hook``), approvals of
findings (``approvals``) and stamping the flagged files of a scan (``mark_flagged``)."""

"""The judge: what each rule means (rules), how evidence becomes a verdict (policy), the
marking to propose (suggest)."""

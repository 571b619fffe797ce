"""Models of the retros app (the seven-step cycle, issue 9)."""

"""Models of the assessments app (the seven-step cycle, issue 9)."""

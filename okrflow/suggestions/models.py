"""Models of the suggestions app (the seven-step cycle, issue 9)."""

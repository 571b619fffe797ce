"""Models of the celebrations app (the seven-step cycle, issue 9)."""

"""Models of the publishing app (the seven-step cycle, issue 9)."""

"""Objectives and key results (built in the OKR core issue)."""

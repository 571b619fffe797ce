"""okrflow: an open-source OKR operating system."""

__version__ = "0.1.0"

"""Long imports and exports show a progress bar on a terminal, and nothing when piped."""

import io
import sys

from okrflow.interchange.progress import with_progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_gets_a_progress_bar(monkeypatch):
    screen = Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setattr(sys, "stderr", screen)  # tqdm draws on stderr
    assert list(with_progress(range(3), "checkins.csv", total=3)) == [0, 1, 2]
    assert "checkins.csv:" in screen.getvalue() and "/3 [" in screen.getvalue()  # the bar was drawn


def test_a_pipe_gets_the_rows_untouched(monkeypatch):
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    rows = [1, 2, 3]
    assert with_progress(rows, "checkins.csv") is rows

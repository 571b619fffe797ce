"""How the documents (and the weekly mail) write a score and a grade: one home for every document."""

from okrflow.okrs import scoring


def grade_label(grade_code) -> str | None:
    """The translated label of a grade code of okrflow.okrs.scoring (None: no score)."""
    return str(scoring.GRADE_LABELS[grade_code]["label"]) if grade_code else None


def score_text(score) -> str:
    """A score in a header field or a line of text, as the tables show it ("1.00", "0.57"; "—"
    for none)."""
    return "—" if score is None else f"{score:.2f}"


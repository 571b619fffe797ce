"""{% consensus_panel objective %}: the objective's state, the Set step's buttons the reader may
use and the history of the consensus (who accepted when, the reasons it was sent back)."""

from django import template

from okrflow.cycles import phases
from okrflow.okrs import states

register = template.Library()


@register.inclusion_tag("web/okrs/_consensus.html", takes_context=True)
def consensus_panel(context, objective, history=None):
    """`history`: the consensus entries when the page has read them already (states.consensus_among),
    else None and they are read here."""
    person = context["request"].user
    history = list(states.consensus_history(objective)) if history is None else history
    for entry in history:  # the state it reached, in the reader's words (never the raw code)
        status = (entry.changes or {}).get("status")
        entry.state_label = phases.status_label(status[1]) if status else ""
    return {"objective": objective, "actions": states.available_actions(person, objective),
            "history": history, "csrf_token": context.get("csrf_token"),
            "sent_back": next((e for e in reversed(history) if e.action == "objective.send_back"), None),
            "needs_confirmation": states.is_department(objective)}

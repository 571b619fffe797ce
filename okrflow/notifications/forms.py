"""The preferences form: one checkbox per kind of notice and channel."""

from django import forms

from okrflow.notifications.models import NotificationKind
from okrflow.notifications.routing import all_channels

CHANNELS = ("in_app", "email", "chat")


class PreferencesForm(forms.Form):
    def __init__(self, person, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        current = all_channels(person)
        for kind in NotificationKind:
            for channel in CHANNELS:
                self.fields[f"{kind.value}__{channel}"] = forms.BooleanField(
                    required=False, initial=current[kind][channel], label=kind.label)

    def rows(self):
        """[(kind label, [bound field per channel])] for the table in the template."""
        return [(kind.label, [self[f"{kind.value}__{channel}"] for channel in CHANNELS])
                for kind in NotificationKind]

    def choices(self) -> dict:
        """{kind: {"in_app": bool, "email": bool, "chat": bool}} from the cleaned data."""
        return {kind.value: {channel: self.cleaned_data[f"{kind.value}__{channel}"] for channel in CHANNELS}
                for kind in NotificationKind}

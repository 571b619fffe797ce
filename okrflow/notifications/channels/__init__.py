"""The outside channels a notification travels by: email and chat webhooks."""


class ChannelError(Exception):
    """Sending failed; the message says why (kept in the delivery log). `permanent` means a
    retry cannot help (e.g. the webhook was removed)."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent

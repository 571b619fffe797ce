"""Email through Django's mail (the SMTP server configured by EMAIL_URL), in the recipient's
language: the message text was stored in it, and the frame (greeting, footer) is rendered in it."""

import smtplib

from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from okrflow.notifications.channels import ChannelError
from okrflow.notifications.routing import absolute_link, speaking_to


def render(notification) -> tuple[str, str]:
    """(subject, body) of the email for a notification."""
    recipient = notification.recipient
    context = {"notification": notification, "recipient": recipient,
               "link": absolute_link(notification.link)}
    with speaking_to(recipient):
        subject = render_to_string("notifications/email/subject.txt", context)
        body = render_to_string("notifications/email/body.txt", context)
    return " ".join(subject.split()), body


def send(notification) -> None:
    subject, body = render(notification)
    # Auto-Submitted keeps out-of-office replies from answering a robot (RFC 3834).
    message = EmailMessage(subject, body, to=[notification.recipient.email],
                           headers={"Auto-Submitted": "auto-generated"})
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        raise ChannelError(f"{type(error).__name__}: {error}") from None

"""Which webhook addresses okrflow may post to: the one home of the rule against SSRF.

A webhook address is typed by an organization's admin, yet the worker that posts to it runs
inside the install's network. So: https only (plain http only to hosts the operator lists in
OKRFLOW_WEBHOOK_HTTP_HOSTS), and the host must resolve to public addresses only: no loopback,
link-local, private, shared (CGNAT), multicast, unspecified or reserved address, in IPv4 or IPv6
(IPv4-mapped, 6to4 and Teredo addresses are judged by the IPv4 address inside). Hosts the
operator lists are trusted as they are (an internal chat server, the test suite's local server).

The rule is checked when the address is saved (the model field's validator: the admin, the
service) and again before every send, after resolving the name once more: DNS may have changed
in between. The send then connects to exactly the address that was checked
(channels/webhooks.py), so a second lookup cannot swap it (DNS rebinding).
"""

import ipaddress
import socket
import urllib.parse
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class AddressRefused(Exception):
    """The address may not be posted to; `message` (translatable) says why."""

    def __init__(self, message, *, unresolved: bool = False):
        super().__init__(str(message))
        self.message = message
        self.unresolved = unresolved


@dataclass(frozen=True)
class Target:
    """A checked address: connect to `address`, speak to `host` (Host header, TLS name)."""

    scheme: str
    host: str
    port: int
    address: str
    path: str


def _trusted_hosts() -> set[str]:
    return {host.strip().lower().strip("[]") for host in settings.OKRFLOW_WEBHOOK_HTTP_HOSTS if host.strip()}


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    return None


def is_public(address: str) -> bool:
    """Whether an IP address (text, as getaddrinfo returns it) is one the open internet routes."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone (fe80::1%eth0) is link-local anyway
    inner = _embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
    if inner is not None and not is_public(str(inner)):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local
                                 or ip.is_private or ip.is_unspecified)


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise AddressRefused(_("The webhook's host name could not be resolved."), unresolved=True) from None
    return list(dict.fromkeys(info[4][0] for info in infos))


def check(url: str) -> Target:
    """The target to connect to for `url`; raises AddressRefused when the rule forbids it."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        raise AddressRefused(_("Enter a valid webhook address.")) from None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if not host:
        raise AddressRefused(_("Enter a valid webhook address."))
    trusted = host in _trusted_hosts()
    if scheme != "https" and not (scheme == "http" and trusted):
        raise AddressRefused(_("A webhook address must start with https:// (plain http only to the hosts "
                               "the operator allows in OKRFLOW_WEBHOOK_HTTP_HOSTS)."))
    if parts.username or parts.password:
        raise AddressRefused(_("A webhook address may not contain a user name or password."))
    port = port or (443 if scheme == "https" else 80)
    addresses = _resolve(host, port)
    if not trusted and not all(is_public(address) for address in addresses):
        raise AddressRefused(_("A webhook address may not point to this server or to an internal "
                               "network (loopback, private, link-local or reserved addresses)."))
    path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    return Target(scheme=scheme, host=host, port=port, address=addresses[0], path=path)


def validate_webhook_url(url: str) -> None:
    """The model field's validator. A name that does not resolve now is accepted (DNS may be
    down while an admin saves; the send checks again and refuses it then)."""
    try:
        check(url)
    except AddressRefused as refused:
        if not refused.unresolved:
            raise ValidationError(refused.message, code="webhook_address") from None

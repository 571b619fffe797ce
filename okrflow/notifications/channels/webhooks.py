"""Chat group bots: each platform's documented JSON message and signature, posted with http.client to
the address channels/addresses.py checked (never following a redirect).

Formats and signatures, as documented by the platforms:
- Feishu/Lark custom bot (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot):
  {"msg_type": "post", "content": {"post": {"zh_cn": {"title", "content": [[{tag…}]]}}}};
  signing puts "timestamp" (seconds) and "sign" in the body, where sign is
  base64(HMAC-SHA256(key=timestamp + "\\n" + secret, message=b"")). Errors come back as HTTP 200
  with a non-zero "code".
- DingTalk custom robot (open.dingtalk.com/document/robots/custom-robot-access and
  …/robots/message-types-and-data-format): {"msgtype": "markdown", "markdown": {"title", "text"}};
  signing appends &timestamp=<ms>&sign=<urlencode(base64(HMAC-SHA256(key=secret,
  message=timestamp + "\\n" + secret)))> to the URL. Errors: HTTP 200 with non-zero "errcode".
- WeCom group robot (developer.work.weixin.qq.com/document/path/91770):
  {"msgtype": "markdown", "markdown": {"content"}}; no signature, the key is in the URL.
  Errors: HTTP 200 with non-zero "errcode".
- Slack incoming webhook (api.slack.com/messaging/webhooks): {"text", "blocks"}; "text" is the
  notification fallback when blocks are given; no signature. Errors are HTTP 4xx/5xx.
"""

import base64
import hashlib
import hmac
import http.client
import json
import re
import socket
import ssl
import urllib.parse
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext

from okrflow.notifications.channels import ChannelError, addresses
from okrflow.notifications.models import Platform

TIMEOUT_SECONDS = 5
MAX_RESPONSE_BYTES = 64 * 1024


@dataclass(frozen=True)
class ChatMessage:
    title: str
    body: str
    link: str = ""
    language: str = "zh-hans"

    @property
    def link_label(self) -> str:
        return gettext("Open in okrflow")


def _hmac_base64(key: str, message: str) -> str:
    digest = hmac.new(key.encode(), message.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(timestamp: str, secret: str) -> str:
    return _hmac_base64(f"{timestamp}\n{secret}", "")


def dingtalk_sign(timestamp_ms: str, secret: str) -> str:
    return urllib.parse.quote_plus(_hmac_base64(secret, f"{timestamp_ms}\n{secret}"))


def _feishu(url, message, secret, now):
    lines = [[{"tag": "text", "text": line}] for line in message.body.splitlines() if line.strip()]
    if message.link:
        lines.append([{"tag": "a", "text": message.link_label, "href": message.link}])
    locale = "zh_cn" if message.language.startswith("zh") else "en_us"
    payload = {"msg_type": "post",
               "content": {"post": {locale: {"title": message.title, "content": lines}}}}
    if secret:
        timestamp = str(int(now.timestamp()))
        payload = {"timestamp": timestamp, "sign": feishu_sign(timestamp, secret), **payload}
    return url, payload


# Markdown that a chat renders from user text: inline marks anywhere; at a line's start, the marks
# of headings, lists and setext underlines, and the dot or parenthesis of "1." / "1)".
_INLINE_MARKS = re.compile(r"([\\`*_\[\]~|])")
_LINE_START_MARKS = re.compile(r"^([ \t]*)([#+\-=])", re.MULTILINE)
_LIST_NUMBER_END = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)


def escape_markdown(text: str, *, commonmark: bool = True) -> str:
    """User text (comment bodies, titles, names) made inert inside a chat's markdown, so that a
    member cannot plant a link, an image or a heading in a bot's message.

    The one escape of every markdown channel. All of them: &, < and > as entities, as Slack
    documents for mrkdwn (api.slack.com/reference/surfaces/formatting), which also keeps out
    HTML such as WeCom's <font> and autolinks. The CommonMark dialects (DingTalk, WeCom) then get
    a backslash before every other mark; Slack's mrkdwn has no backslash escape (commonmark=False).
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if not commonmark:
        return text
    text = _INLINE_MARKS.sub(r"\\\1", text)
    text = _LIST_NUMBER_END.sub(r"\1\\\2", text)
    return _LINE_START_MARKS.sub(r"\1\\\2", text)


def _markdown(message, *, heading: str) -> str:
    parts = [heading + escape_markdown(message.title), escape_markdown(message.body.strip())]
    if message.link:
        parts.append(f"[{escape_markdown(message.link_label)}]({message.link})")
    return "\n\n".join(part for part in parts if part)


def _dingtalk(url, message, secret, now):
    payload = {"msgtype": "markdown",
               "markdown": {"title": message.title, "text": _markdown(message, heading="#### ")}}
    if secret:
        timestamp = str(int(now.timestamp() * 1000))
        separator = "&" if urllib.parse.urlsplit(url).query else "?"
        url = f"{url}{separator}timestamp={timestamp}&sign={dingtalk_sign(timestamp, secret)}"
    return url, payload


def _wecom(url, message, secret, now):
    text = _markdown(message, heading="### ")
    return url, {"msgtype": "markdown", "markdown": {"content": text}}


def _slack(url, message, secret, now):
    text = f"*{escape_markdown(message.title, commonmark=False)}*"
    if message.body.strip():
        text += "\n" + escape_markdown(message.body.strip(), commonmark=False)
    if message.link:
        text += f"\n<{message.link}|{escape_markdown(message.link_label, commonmark=False)}>"
    fallback = f"{message.title}\n{message.body}".strip()
    return url, {"text": fallback, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


BUILDERS = {Platform.FEISHU: _feishu, Platform.DINGTALK: _dingtalk, Platform.WECOM: _wecom,
            Platform.SLACK: _slack}


def build_request(endpoint, message: ChatMessage, *, now=None) -> tuple[str, dict]:
    """(url, JSON payload) for the endpoint's platform, signed when the platform signs."""
    return BUILDERS[endpoint.platform](endpoint.url, message, endpoint.secret, now or timezone.now())


def _platform_error(platform: str, raw: bytes) -> str | None:
    """The error a platform reports inside an HTTP 200 answer, if any."""
    if platform == Platform.SLACK:
        return None
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        return None
    if not isinstance(answer, dict):
        return None
    code = answer.get("code", answer.get("StatusCode", 0)) if platform == Platform.FEISHU \
        else answer.get("errcode", 0)
    if code in (0, None):
        return None
    message = answer.get("msg") or answer.get("errmsg") or answer.get("StatusMessage") or ""
    return f"{platform} error {_one_line(code, 20)}: {_one_line(message)}"


def _connection(target: addresses.Target) -> http.client.HTTPConnection:
    """A connection to exactly the address that was checked; TLS still verifies the host's name."""
    if target.scheme == "https":
        connection = http.client.HTTPSConnection(target.host, target.port, timeout=TIMEOUT_SECONDS,
                                                 context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(target.host, target.port, timeout=TIMEOUT_SECONDS)

    def connect_to_the_checked_address(_address, timeout, source_address=None):
        return socket.create_connection((target.address, target.port), timeout, source_address)

    connection._create_connection = connect_to_the_checked_address
    return connection


def _one_line(text: str, limit: int = 100) -> str:
    return " ".join(str(text).split())[:limit]


def post(endpoint, message: ChatMessage, *, now=None) -> None:
    """Send one message to one endpoint; raises ChannelError when it did not arrive.

    The address is checked again right before sending (channels/addresses.py). Redirects are
    not followed, and what the server answers never reaches the delivery log beyond its status
    line and a platform's documented error code: the log is shown to admins, and an answer from
    an internal server must not leak through it."""
    url, payload = build_request(endpoint, message, now=now)
    try:
        target = addresses.check(url)
    except addresses.AddressRefused as refused:
        raise ChannelError(str(refused.message), permanent=not refused.unresolved) from None
    connection = _connection(target)
    try:
        connection.request("POST", target.path, body=json.dumps(payload, ensure_ascii=False).encode(),
                           headers={"Content-Type": "application/json; charset=utf-8"})
        response = connection.getresponse()
        raw = response.read(MAX_RESPONSE_BYTES)
    except (OSError, http.client.HTTPException) as error:
        raise ChannelError(f"{type(error).__name__}: {_one_line(error, 200)}") from None
    finally:
        connection.close()
    status = f"HTTP {response.status} {_one_line(response.reason)}".strip()
    if 300 <= response.status < 400:
        raise ChannelError(f"{status}: the webhook answered with a redirect, which is not followed")
    if not 200 <= response.status < 300:
        raise ChannelError(status)
    if problem := _platform_error(endpoint.platform, raw):
        raise ChannelError(problem)

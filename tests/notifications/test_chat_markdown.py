"""Markdown chats (issue 7, item 14): a member's comment cannot plant a link, an image, a heading
or HTML in the DingTalk and WeCom bots' messages."""

import re

import pytest

# Renders the posted markdown as CommonMark does (markdown-it-py comes with schemathesis' rich).
from markdown_it import MarkdownIt

from okrflow.meetings.comments import add_comment
from okrflow.notifications import services
from okrflow.notifications.channels.webhooks import escape_markdown
from okrflow.notifications.models import NotificationKind, Platform
from okrflow.okrs import services as okrs

PLANTED = ('[Open in okrflow](http://evil.example/) ![logo](http://evil.example/p.png)\n'
           '# Urgent\n<font color="warning">pay now</font> <http://evil.example/auto> **1.** done')


def _markdown_of(request) -> str:
    markdown = request["json"]["markdown"]
    return markdown.get("text", markdown.get("content"))


@pytest.mark.parametrize("platform", [Platform.DINGTALK, Platform.WECOM])
def test_a_link_planted_in_a_comment_is_shown_as_text_not_as_a_link(admin, org, alice, bob, q1, chat_server,
                                                                    django_capture_on_commit_callbacks,
                                                                    settings, platform):
    settings.OKRFLOW_BASE_URL = "https://okr.example.com"
    services.set_preference(bob, bob, NotificationKind.MENTION, in_app=True, email=False, chat=True)
    services.save_webhook(admin, org, name="team", platform=platform, url=chat_server.url + "/hook")
    objective = okrs.create_objective(alice, org, cycle=q1, title="Ship [v2](http://evil.example/)")

    with django_capture_on_commit_callbacks(execute=True):
        add_comment(alice, objective, PLANTED + " @bob@acme.test")

    [request] = chat_server.requests
    html = MarkdownIt("commonmark", {"html": True}).render(_markdown_of(request))
    targets = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert len(targets) == 1 and targets[0].startswith("https://okr.example.com/")  # okrflow's own link
    assert "<img" not in html and "<h1>" not in html and "<font" not in html and "<strong>" not in html
    assert "[Open in okrflow](http://evil.example/)" in html  # the text itself is kept, visibly


def test_slack_and_the_markdown_chats_share_the_entity_escape():
    assert escape_markdown("R&D <weekly>", commonmark=False) == "R&amp;D &lt;weekly&gt;"
    assert escape_markdown("R&D <weekly>") == "R&amp;D &lt;weekly&gt;"
    assert escape_markdown("1. [x](y) *z*") == "1\\. \\[x\\](y) \\*z\\*"

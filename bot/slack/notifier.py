"""`SlackNotifier`: the `core.notifications.Notifier` port over the Slack Web API (alerts, digests)."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.slack.answer_blocks import build_text_blocks, chunk_text


class SlackNotifier:
    """Posts to a channel, or to a person's DM with the bot (chat.postMessage accepts a user id)."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def post_message(self, channel: str, text: str) -> None:
        self.client.chat_postMessage(
            channel=channel, text=chunk_text(text)[0], blocks=build_text_blocks(text)
        )

    def send_direct_message(self, slack_user_id: str, text: str) -> None:
        self.post_message(slack_user_id, text)

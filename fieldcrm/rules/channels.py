"""A customer's preferred contact, however the rep wrote it: "WeChat", "微信", "电话", " call ".

The field is free text (the form suggests 拜访、电话、短信、微信、邮件 in Chinese), so every
rule that reads it goes through ``channel_key`` and means the same channel.
"""

from __future__ import annotations

# The same channel written several ways.
CHANNEL_ALIASES = {
    "wechat": "wechat", "微信": "wechat", "weixin": "wechat", "sms": "sms", "短信": "sms", "text": "sms",
    "message": "message", "消息": "message", "e-mail": "email", "email": "email", "mail": "email",
    "邮件": "email", "电子邮件": "email", "call": "call", "phone": "call", "电话": "call",
    "visit": "visit", "拜访": "visit", "上门": "visit",
}
# What the rep does on Today for each channel.
ACTIONS = {"visit": "visit", "call": "call", "message": "message", "sms": "message",
           "wechat": "message", "email": "message"}
WRITTEN = frozenset({"message", "sms", "wechat"})  # channels a short greeting suits


def channel_key(channel: str) -> str:
    """The channel's one name ("wechat" for "WeChat" and "微信"); an unknown word as typed, folded."""
    word = " ".join(channel.casefold().split())
    return CHANNEL_ALIASES.get(word, word)


def contact_action(channel: str, tier: str) -> str:
    """visit, call or message: the customer's channel, else by tier (A and B are visited)."""
    return ACTIONS.get(channel_key(channel)) or ("visit" if tier in ("A", "B") else "call")


def prefers_written(channel: str) -> bool:
    return channel_key(channel) in WRITTEN

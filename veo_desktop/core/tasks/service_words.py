"""The service's own words for why a task failed, put in the window's language where they are known: a
refusal by its safety filter, an account without balance, a picture it could not use, a task that took
too long at its end. Unknown words are shown as written. The words themselves stay on the row's tooltip
("The service said: …"), for support and for what this table does not know."""

from __future__ import annotations

from typing import Final

from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

# How services word a refusal by their safety filter (Google's Veo, gateways in front of it, in English
# and Chinese), lowercased; the emulator's SAFETY_REASON among them.
SAFETY_WORDS: Final = (
    "safety",
    "content polic",
    "usage guideline",
    "responsible ai",
    "moderation",
    "sensitive",
    "prohibited",
    "violat",
    "blocked",
    "filtered",
    "违规",
    "敏感",
    "审核",
    "安全",
)

# (words any of which mark it, lowercased; what the window says), in the order they are tried.
KNOWN: Final[tuple[tuple[tuple[str, ...], str], ...]] = (
    (
        SAFETY_WORDS,
        QT_TRANSLATE_NOOP(
            "ServiceWords",
            "The service's safety filter refused this prompt or picture (not charged); sent again "
            "unchanged it will likely be refused again",
        ),
    ),
    (
        ("insufficient", "balance", "quota", "余额", "额度"),
        QT_TRANSLATE_NOOP("ServiceWords", "Your account with the service has no balance left (not charged)"),
    ),
    (
        ("invalid image", "image format", "unsupported image", "decode image", "图片"),
        QT_TRANSLATE_NOOP("ServiceWords", "The service could not use the picture (not charged)"),
    ),
    (
        ("timeout", "timed out", "超时"),
        QT_TRANSLATE_NOOP("ServiceWords", "The service took too long and gave up (not charged)"),
    ),
)


def known_reason(said: str, state: str) -> str:
    """What the window says for the service's words ``said`` on a task that ended in ``state`` without a
    video ("" when they are not known, or the task did not end so)."""
    if state not in ("failed", "rejected") or not said:
        return ""
    lowered = said.lower()
    for words, meaning in KNOWN:
        if any(word in lowered for word in words):
            return translate("ServiceWords", meaning)
    return ""


def service_said(said: str) -> str:
    """The tooltip's line with the service's own words."""
    return translate("ServiceWords", "The service said: {words}").format(words=said)

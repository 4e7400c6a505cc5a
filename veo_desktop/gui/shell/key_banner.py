"""The first run: the banner says in plain words what the app needs (a key) and what it offers meanwhile
(the offline demo), and takes the key right there: stored as Settings stores it, then used at once (the
window leaves the demo, or the no-key state, without a restart)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from veo_desktop.api.security import check_key_shape, mask_key
from veo_desktop.core.keystore import KeyringUnavailable, KeyStore
from veo_desktop.gui.shell.main_window import MainWindow
from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

NO_KEY = QT_TRANSLATE_NOOP(
    "KeyBanner",
    "To make videos, paste the API key from your provider's console and click Save key. Or try the "
    "offline demo first: it costs nothing and needs no account.",
)
NO_KEYRING = QT_TRANSLATE_NOOP(
    "KeyBanner",
    "To make videos, paste the API key from your provider's console and click Save key. This computer "
    "has no keyring to keep it in, so the key is used until the app closes; Settings say how to keep "
    "it. Or try the offline demo first: it costs nothing and needs no account.",
)
IN_DEMO = QT_TRANSLATE_NOOP(
    "KeyBanner",
    "This is the offline demo: nothing is sent and nothing is charged. To make real videos, paste your "
    "API key and click Save key.",
)


def no_key_text(keyring_works: bool) -> str:
    """What the banner says with no key: plain words, no exception text, no command-line flags."""
    return translate("KeyBanner", NO_KEY if keyring_works else NO_KEYRING)


def demo_text() -> str:
    return translate("KeyBanner", IN_DEMO)


class KeyBanner(QObject):
    """Saves the key pasted in the banner (in the keyring; for this session when there is none) and
    calls ``on_key_changed`` to use it."""

    def __init__(self, window: MainWindow, keys: KeyStore, *, on_key_changed: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.keys = keys
        self.on_key_changed = on_key_changed
        window.keySaveRequested.connect(self.save)

    def save(self, text: str) -> None:
        try:
            key = check_key_shape(text)
        except ValueError as exc:
            self.window.show_key_result(str(exc), ok=False)
            return
        try:
            self.keys.set(key)
            said = translate("KeyBanner", "Saved {key} in your system keyring.")
        except KeyringUnavailable:
            self.keys.use_for_session(key)
            said = translate("KeyBanner", "Using {key} until the app closes; it is not stored.")
        self.window.banner_key.clear()
        self.window.show_key_result("")
        self.window.show_message(said.format(key=mask_key(key)))
        self.on_key_changed()

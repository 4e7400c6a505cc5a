"""Decides what the Settings dialog's buttons do: test a key without spending money, store or delete it
in the keyring (or keep it for this session only when there is no keyring), save the settings."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from veo_desktop.api import errors
from veo_desktop.api.client import RequestRecord, RetryPolicy, VeoClient, make_http_client
from veo_desktop.api.security import DEFAULT_BASE_URL, check_key_shape, mask_key
from veo_desktop.core.keystore import KeyringUnavailable, KeyStore
from veo_desktop.core.settings import BASE_URL_ENV, InvalidSetting, Settings
from veo_desktop.gui.common.background import BackgroundTasks
from veo_desktop.gui.common.language import missing_font_note
from veo_desktop.gui.settings.settings_dialog import SettingsDialog
from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

SOURCES = {
    "environment": QT_TRANSLATE_NOOP(
        "SettingsController",
        "Using the key {key} from APIYI_API_KEY in the environment (it wins over the keyring).",
    ),
    "keyring": QT_TRANSLATE_NOOP("SettingsController", "Using the key {key} from your system keyring."),
    "session": QT_TRANSLATE_NOOP(
        "SettingsController", "Using the key {key} for this session only (not stored)."
    ),
}
# Where the API address in use comes from (the window has no --base-url).
ADDRESS_SOURCES = {
    "environment": QT_TRANSLATE_NOOP(
        "SettingsController", "In use: from {variable} in the environment (it wins over this setting)."
    ),
    "settings": QT_TRANSLATE_NOOP("SettingsController", "In use: from your settings."),
    "default": QT_TRANSLATE_NOOP("SettingsController", "In use: the default address."),
}
OVERRIDDEN = QT_TRANSLATE_NOOP(
    "SettingsController",
    "In use: from {variable} in the environment, which wins over the address in your settings ({saved}).",
)
ONE_TRY = RetryPolicy(get_attempts=1)
log = logging.getLogger(__name__)
# No system keyring: said in plain words, never the keyring library's exception (the log keeps that).
NO_KEYRING = QT_TRANSLATE_NOOP(
    "SettingsController",
    "The system keyring is not available on this computer, so a key cannot be stored: a key you save "
    "here is kept for this session only, and you paste it again the next time you open the app.",
)
KEPT_FOR_SESSION = QT_TRANSLATE_NOOP(
    "SettingsController",
    "The system keyring is not available on this computer, so {key} is kept for this session only: it "
    "is not stored, and you paste it again the next time you open the app.",
)
NOTHING_TO_DELETE = QT_TRANSLATE_NOOP(
    "SettingsController",
    "The system keyring is not available on this computer, so no key is stored there to delete.",
)


class SettingsController(QObject):
    def __init__(
        self,
        dialog: SettingsDialog,
        keys: KeyStore,
        settings: Settings,
        background: BackgroundTasks,
        *,
        on_key_changed: Callable[[], None],
        on_settings_saved: Callable[[Settings], None],
        on_request: Callable[[RequestRecord], None] | None = None,
        running_language: str = "",
        on_restart: Callable[[], None] | None = None,
    ) -> None:
        """``running_language``: the language the app started in (a saved change offers "Restart now",
        which calls ``on_restart``)."""
        super().__init__(dialog)
        self.dialog = dialog
        self.keys = keys
        self.settings = settings
        self.background = background
        self.on_key_changed = on_key_changed
        self.on_settings_saved = on_settings_saved
        self.on_request = on_request  # the key test's requests, for the request log
        self._shown_address = ""
        self.running_language = running_language or settings.language
        if on_restart is not None:
            dialog.restartRequested.connect(on_restart)
        dialog.testKey.connect(self.test_key)
        dialog.saveKey.connect(self.save_key)
        dialog.deleteKey.connect(self.delete_key)
        dialog.useKeyForSession.connect(self.use_for_session)
        dialog.saveSettings.connect(self.save_settings)
        dialog.show_settings(settings)
        self.show_address()
        self.show_status()
        self.dialog.show_language_note(missing_font_note(settings.language))

    def show_address(self) -> None:
        """The API address in use, and where it comes from (the environment, the settings, the default)."""
        address, source = self.settings.base_url_in_use()
        self._shown_address = address
        if source == "environment" and self.settings.base_url and self.settings.base_url != address:
            note = translate("SettingsController", OVERRIDDEN).format(
                variable=BASE_URL_ENV, saved=self.settings.base_url
            )
        else:
            note = translate("SettingsController", ADDRESS_SOURCES.get(source, ADDRESS_SOURCES["default"]))
            note = note.format(variable=BASE_URL_ENV)
        self.dialog.show_address(address, note)

    def _chosen_address(self, typed: str) -> str:
        """The address to save: only one the user chose. The one shown as in use (from the environment,
        the settings or the default) leaves the setting as it was; the default is never written down."""
        typed = typed.strip()
        if typed == self._shown_address:
            return self.settings.base_url
        return "" if typed == DEFAULT_BASE_URL else typed

    def show_status(self) -> None:
        try:
            found = self.keys.get()
        except KeyringUnavailable as exc:
            log.info("no keyring: %s", exc.detail)
            self.dialog.show_key_status(translate("SettingsController", "No key yet."))
            self.dialog.show_key_result(translate("SettingsController", NO_KEYRING), ok=False)
            return
        if found.key is None:
            self.dialog.show_key_status(
                translate("SettingsController", "No key yet: paste one below, or try the offline demo.")
            )
        else:
            status = translate("SettingsController", SOURCES[found.source])
            self.dialog.show_key_status(status.format(key=mask_key(found.key)))

    def _shaped(self, text: str) -> str | None:
        try:
            return check_key_shape(text)
        except ValueError as exc:
            self.dialog.show_key_result(str(exc), ok=False)
            return None

    def _key_in_use(self) -> str | None:
        try:
            return self.keys.get().key
        except KeyringUnavailable:
            return None

    def test_key(self, text: str) -> None:
        """The key typed in the field; with the field empty, the key in use."""
        if text.strip():
            key = self._shaped(text)
        else:
            key = self._key_in_use()
            if key is None:
                self.dialog.show_key_result(
                    translate("SettingsController", "Paste a key to test it: there is no key in use."),
                    ok=False,
                )
                return
        if key is not None:
            self.dialog.show_key_result(translate("SettingsController", "Testing…"), ok=True)
            self.background.spawn(self._test(key), "test-key")

    async def _test(self, key: str) -> None:
        """A status request for a task that cannot exist: 404 proves the key, 401 refuses it. Free."""
        base_url = self.settings.resolved_base_url()
        try:
            async with make_http_client() as http:
                client = VeoClient(
                    http, base_url=base_url, api_key=key, retry=ONE_TRY, on_request=self.on_request
                )
                good = await client.check_key()
        except errors.VeoError as exc:
            self.dialog.show_key_result(
                translate("SettingsController", "Could not test the key: {reason}").format(reason=exc),
                ok=False,
            )
            return
        if good:
            self.dialog.show_key_result(
                translate("SettingsController", "The service accepted {key} (testing costs nothing).").format(
                    key=mask_key(key)
                ),
                ok=True,
            )
        else:
            self.dialog.show_key_result(
                translate(
                    "SettingsController", "The service refused {key}: check it and paste again."
                ).format(key=mask_key(key)),
                ok=False,
            )

    def save_key(self, text: str, *, use_now: bool = True) -> bool:
        """Store the key typed (in the keyring; with none, kept for this session only, and said so);
        ``use_now``: the window reconnects with it. False when the text is no key."""
        key = self._shaped(text)
        if key is None:
            return False
        try:
            self.keys.set(key)
            said, ok = translate("SettingsController", "Saved {key} in your system keyring."), True
        except KeyringUnavailable as exc:
            log.info("no keyring, the key kept for this session: %s", exc.detail)
            self.keys.use_for_session(key)
            said, ok = translate("SettingsController", KEPT_FOR_SESSION), False
        self.dialog.forget_typed_key()
        self.dialog.show_key_result(said.format(key=mask_key(key)), ok=ok)
        self.show_status()
        if use_now:
            self.on_key_changed()
        return True

    def delete_key(self) -> None:
        try:
            removed = self.keys.delete()
        except KeyringUnavailable as exc:
            log.info("no keyring: %s", exc.detail)
            self.dialog.show_key_result(translate("SettingsController", NOTHING_TO_DELETE), ok=False)
            return
        self.dialog.show_key_result(
            translate("SettingsController", "Deleted the key from your system keyring.")
            if removed
            else translate("SettingsController", "There was no key in the keyring."),
            ok=True,
        )
        self.show_status()
        self.on_key_changed()

    def use_for_session(self, text: str) -> None:
        key = self._shaped(text)
        if key is None:
            return
        self.keys.use_for_session(key)
        self.dialog.forget_typed_key()
        self.dialog.show_key_result(
            translate("SettingsController", "Using {key} until the app closes; it is not stored.").format(
                key=mask_key(key)
            ),
            ok=True,
        )
        self.show_status()
        self.on_key_changed()

    def save_settings(self, values: dict[str, object]) -> None:
        try:
            updated = self.settings.checked(
                base_url=self._chosen_address(str(values["base_url"])),
                output_dir=str(values["output_dir"]),
                notifications=bool(values["notifications"]),
                max_running=int(str(values["max_running"])),
                language=str(values["language"]),
            )
        except InvalidSetting as exc:
            self.dialog.show_settings_saved("")
            self.dialog.show_settings_error(str(exc))
            return
        updated.save()
        reconnects = updated.resolved_base_url() != self.settings.resolved_base_url()
        typed_key = str(values.get("api_key", "")).strip()
        # A key typed in the field is kept too; the window then uses it (once: a new address reconnects).
        key_saved = bool(typed_key) and self.save_key(typed_key, use_now=False)
        self.settings = updated
        self.dialog.show_settings_error("")
        self.dialog.show_settings_saved(translate("SettingsController", "Saved."))
        self.show_address()
        self._offer_restart(updated.language)
        self.on_settings_saved(updated)
        if key_saved and not reconnects:
            self.on_key_changed()

    def _offer_restart(self, language: str) -> None:
        """Another language than the app's: "Restart now" (or what to install first, with no font for
        its letters, since a restart would only show English again)."""
        font_note = missing_font_note(language)
        changed = language != self.running_language
        self.dialog.offer_restart(changed and not font_note)
        if font_note:
            self.dialog.show_language_note(font_note)
        elif changed:
            self.dialog.show_language_note(
                translate("SettingsController", "The new language shows once the app starts again.")
            )
        else:
            self.dialog.show_language_note("")

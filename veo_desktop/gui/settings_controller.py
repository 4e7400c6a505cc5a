"""Decides what the Settings dialog's buttons do: test a key without spending money, store or delete it
in the keyring (or keep it for this session only when there is no keyring), save the settings."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from veo_desktop.api import errors
from veo_desktop.api.client import RetryPolicy, VeoClient, make_http_client
from veo_desktop.api.security import check_key_shape, mask_key
from veo_desktop.core.keystore import KeyringUnavailable, KeyStore
from veo_desktop.core.settings import InvalidSetting, Settings
from veo_desktop.gui.background import BackgroundTasks
from veo_desktop.gui.settings_dialog import SettingsDialog
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
ONE_TRY = RetryPolicy(get_attempts=1)


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
    ) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.keys = keys
        self.settings = settings
        self.background = background
        self.on_key_changed = on_key_changed
        self.on_settings_saved = on_settings_saved
        dialog.testKey.connect(self.test_key)
        dialog.saveKey.connect(self.save_key)
        dialog.deleteKey.connect(self.delete_key)
        dialog.useKeyForSession.connect(self.use_for_session)
        dialog.saveSettings.connect(self.save_settings)
        dialog.show_settings(settings)
        self.show_status()

    def show_status(self) -> None:
        try:
            found = self.keys.get()
        except KeyringUnavailable as exc:
            self.dialog.show_key_status(translate("SettingsController", "No key yet."))
            self.dialog.show_key_result(str(exc), ok=False)
            self.dialog.offer_session_key(True)
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

    def test_key(self, text: str) -> None:
        key = self._shaped(text)
        if key is not None:
            self.dialog.show_key_result("Testing…", ok=True)
            self.background.spawn(self._test(key), "test-key")

    async def _test(self, key: str) -> None:
        """A status request for a task that cannot exist: 404 proves the key, 401 refuses it. Free."""
        base_url = self.settings.resolved_base_url()
        try:
            async with make_http_client() as http:
                good = await VeoClient(http, base_url=base_url, api_key=key, retry=ONE_TRY).check_key()
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

    def save_key(self, text: str) -> None:
        key = self._shaped(text)
        if key is None:
            return
        try:
            self.keys.set(key)
        except KeyringUnavailable as exc:
            self.dialog.show_key_result(
                str(exc) + translate("SettingsController", " You can use the key for this session only."),
                ok=False,
            )
            self.dialog.offer_session_key(True)
            return
        self.dialog.forget_typed_key()
        self.dialog.show_key_result(
            translate("SettingsController", "Saved {key} in your system keyring.").format(key=mask_key(key)),
            ok=True,
        )
        self.show_status()
        self.on_key_changed()

    def delete_key(self) -> None:
        try:
            removed = self.keys.delete()
        except KeyringUnavailable as exc:
            self.dialog.show_key_result(str(exc), ok=False)
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
                base_url=str(values["base_url"]),
                output_dir=str(values["output_dir"]),
                notifications=bool(values["notifications"]),
                max_running=int(str(values["max_running"])),
                language=str(values["language"]),
            )
        except InvalidSetting as exc:
            self.dialog.show_settings_error(str(exc))
            return
        updated.save()
        self.settings = updated
        self.dialog.show_settings_error("")
        self.on_settings_saved(updated)

"""The API key, behind one class: the OS keyring, overridden by ``APIYI_API_KEY`` in the environment.

Never a plaintext file: when no keyring works, the caller is told so plainly (with what to install)
and may keep the key in memory for the session.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal, Protocol

from veo_desktop.i18n import translate

# ``keyring`` (and the backends it discovers, tens of milliseconds) loads when the keyring is first
# asked: a key in the environment never needs it, and the window paints before it is asked.

ENV_VAR: Final = "APIYI_API_KEY"
SERVICE: Final = "veo-desktop"
ACCOUNT: Final = "api-key"
Source = Literal["environment", "keyring", "session", "none"]


class KeyringUnavailable(Exception):
    """No usable keyring. Its text (for the command line) names the keyring's own error and what to
    install; the window says it in plain words instead and keeps ``detail`` for the log."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        if sys.platform.startswith("linux"):
            hint = translate(
                "Keys",
                "Install and start a Secret Service provider (for example gnome-keyring or KeePassXC), "
                "or set {name}.",
            )
        else:
            hint = translate("Keys", "Check the system keychain, or set {name}.")
        super().__init__(
            translate("Keys", "No usable keyring on this computer ({detail}).").format(detail=detail)
            + " "
            + hint.format(name=ENV_VAR)
        )


class KeyringBackend(Protocol):
    """The ``keyring`` module itself, or one of its backends (for example its ``fail.Keyring``)."""

    def get_password(self, service_name: str, username: str) -> str | None: ...
    def set_password(self, service_name: str, username: str, password: str) -> None: ...
    def delete_password(self, service_name: str, username: str) -> None: ...


@dataclass(frozen=True)
class FoundKey:
    key: str | None
    source: Source


class KeyStore:
    def __init__(
        self, backend: KeyringBackend | None = None, environ: Mapping[str, str] = os.environ
    ) -> None:
        self._given = backend
        self._environ = environ
        self._session_key: str | None = None

    @property
    def _backend(self) -> KeyringBackend:
        """The backend given, else the ``keyring`` module (imported on first use)."""
        if self._given is None:
            import keyring

            self._given = keyring
        return self._given

    def get(self) -> FoundKey:
        from_env = self._environ.get(ENV_VAR, "").strip()
        if from_env:
            return FoundKey(from_env, "environment")
        if self._session_key:
            return FoundKey(self._session_key, "session")
        import keyring.errors

        try:
            stored = self._backend.get_password(SERVICE, ACCOUNT)
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailable(str(exc) or type(exc).__name__) from None
        return FoundKey(stored, "keyring") if stored else FoundKey(None, "none")

    def set(self, key: str) -> None:
        import keyring.errors

        try:
            self._backend.set_password(SERVICE, ACCOUNT, key)
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailable(str(exc) or type(exc).__name__) from None

    def delete(self) -> bool:
        import keyring.errors

        try:
            self._backend.delete_password(SERVICE, ACCOUNT)
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailable(str(exc) or type(exc).__name__) from None
        return True

    def use_for_session(self, key: str) -> None:
        """Keep a key in memory only, when no keyring works (never written anywhere)."""
        self._session_key = key

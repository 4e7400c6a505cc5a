"""Where the API key may go, and how it is shown."""

from __future__ import annotations

import ipaddress
import re

import httpx

from veo_desktop.api.errors import InsecureConnection
from veo_desktop.i18n import translate

DEFAULT_BASE_URL = "https://api.apiyi.com/v1"
ALTERNATE_BASE_URL = "https://vip.apiyi.com/v1"

_KEY_SHAPE = re.compile(r"[\x21-\x7e]{8,512}")
_KEY_LIKE = re.compile(r"sk-[A-Za-z0-9_\-]{4,}")


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str:
    """The base URL, normalised; refused unless it is HTTPS, or plain HTTP to this machine."""
    text = url.strip().rstrip("/")
    try:
        parsed = httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise InsecureConnection(
            translate("Security", "The API address {address} is not a valid URL").format(address=repr(text))
        ) from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InsecureConnection(
            translate("Security", "The API address must start with https:// (got {address})").format(
                address=repr(text)
            )
        )
    if parsed.scheme == "http" and not is_loopback_host(parsed.host):
        raise InsecureConnection(
            translate(
                "Security", "Refusing to send your API key over plain http:// to {host}; use https://"
            ).format(host=parsed.host)
        )
    return text


def check_key_shape(key: str) -> str:
    key = key.strip()
    if not _KEY_SHAPE.fullmatch(key):
        raise ValueError(
            translate(
                "Security", "That does not look like an API key (8 or more visible characters, no spaces)"
            )
        )
    return key


def same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    def origin(u: httpx.URL) -> tuple[str, str, int | None]:
        default = {"http": 80, "https": 443}.get(u.scheme)
        return (u.scheme, u.host, u.port or default)

    return origin(a) == origin(b)


def mask_key(key: str) -> str:
    """``sk-…abcd``: enough to recognise a key, never enough to use it."""
    key = key.strip()
    if not key:
        return "(none)"
    prefix = "sk-" if key.startswith("sk-") else ""
    return f"{prefix}…{key[-4:]}" if len(key) > 8 else "…"


def redact(text: str, key: str | None = None) -> str:
    """Mask the given key and anything shaped like one in free text (logs, error messages)."""
    if key:
        text = text.replace(key, mask_key(key))
    return _KEY_LIKE.sub(lambda m: mask_key(m.group(0)), text)

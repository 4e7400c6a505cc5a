"""Where the API key may go, and how it is shown."""

from __future__ import annotations

import functools
import html
import ipaddress
import json
import re
from typing import Any
from urllib.parse import quote, quote_plus

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


@functools.lru_cache(maxsize=8)
def _spellings(key: str) -> tuple[bytes, ...]:
    """The key as a server may echo it: as is, URL-encoded (either hex case), JSON- or HTML-escaped;
    longest first."""
    found = {key, html.escape(key), html.escape(key, quote=False)}
    for encoded in (quote(key, safe=""), quote_plus(key, safe="")):
        found.update({encoded, re.sub("%[0-9A-F]{2}", lambda m: m.group(0).lower(), encoded)})
    escaped = json.dumps(key)[1:-1]
    found.update({escaped, escaped.replace("/", "\\/")})
    return tuple(spelling.encode() for spelling in sorted(found, key=len, reverse=True))


def scrub(data: bytes, key: str) -> bytes:
    """An answer's bytes with ``key`` masked in every spelling a server may echo it in.

    The client passes every answer body and header it reads through here before anything looks at it,
    so no text from the service (an error, a task's failure reason, a page title) can carry the key
    into the history, the log or the screen. The bytes of a video are never passed here.
    """
    key = key.strip()
    if len(key) < 4:
        return data
    masked = mask_key(key).encode()
    for spelling in _spellings(key):
        data = data.replace(spelling, masked)
    # Escapes that spell the key one character at a time (JSON \u0041, HTML &#65;): decoded, masked.
    if b"\\u" in data or b"&#" in data:
        text = data.decode("utf-8", "replace")
        try:
            parsed = json.loads(text)
        except ValueError:
            decoded = html.unescape(text)
            if key in decoded:
                return decoded.replace(key, mask_key(key)).encode()
        else:
            masked_value = _masked(parsed, key)
            if masked_value != parsed:
                return json.dumps(masked_value, ensure_ascii=False).encode()
    return data


def _masked(value: Any, key: str) -> Any:
    if isinstance(value, str):
        return value.replace(key, mask_key(key))
    if isinstance(value, list):
        return [_masked(item, key) for item in value]
    if isinstance(value, dict):
        return {_masked(name, key): _masked(item, key) for name, item in value.items()}
    return value

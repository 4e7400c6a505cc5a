"""Where the API key may go, and how it is shown."""

from __future__ import annotations

import base64
import functools
import html
import ipaddress
import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus

from veo_desktop.api.errors import InsecureConnection
from veo_desktop.i18n import translate

if TYPE_CHECKING:  # httpx loads when an address is checked: the window paints before the HTTP stack loads
    import httpx

DEFAULT_BASE_URL = "https://api.apiyi.com/v1"
ALTERNATE_BASE_URL = "https://vip.apiyi.com/v1"

_KEY_SHAPE = re.compile(r"[\x21-\x7e]{8,512}")
# A key-like word starts with "sk-" at a word's start: "task-0123…" (a task id) or "dusk-…" (a file
# name) must stay readable, or a message that hands the user a task id would hand them a masked one.
_KEY_LIKE = re.compile(r"(?<![A-Za-z0-9])sk-[A-Za-z0-9_\-]{4,}")


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str:
    """The base URL, normalised; refused unless it is HTTPS, or plain HTTP to this machine."""
    import httpx

    text = url.strip().rstrip("/")
    try:
        parsed = httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise InsecureConnection(
            translate("Security", "The API address {address} is not a valid URL").format(address=repr(text))
        ) from exc
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise InsecureConnection(
            translate("Security", "The API address {address} is not a valid URL").format(address=repr(text))
        )
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
    return _scrub_disguised(data, key)


# Between two characters of an echoed key, what a server (or a hostile page) may slip in unseen.
_INVISIBLE = "[\u00ad\u200b-\u200f\u2060\ufeff]*"


@functools.lru_cache(maxsize=8)
def _disguises(key: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The key's core (without a ``sk-`` prefix) in any case, any character %-encoded or written as an
    HTML or JSON escape, with invisible characters between; and its base64 spellings."""
    core = key[3:] if key.lower().startswith("sk-") and len(key) >= 11 else key
    parts = []
    for char in core:
        code = ord(char)
        forms = [
            re.escape(char.lower()),
            re.escape(char.upper()),
            f"%{code:02x}",
            f"&#0*{code};",
            f"&#x0*{code:x};",
        ]
        forms.append(f"\\\\u{code:04x}")
        parts.append("(?:" + "|".join(dict.fromkeys(forms)) + ")")
    pattern = re.compile("(?:sk-)?" + _INVISIBLE.join(parts), re.IGNORECASE)
    encoded = []
    for pad in range(3):  # the key at each of base64's three alignments; its edges vary, its middle not
        for codec in (base64.b64encode, base64.urlsafe_b64encode):
            for word in (key, core):
                text = codec((b"\0" * pad) + word.encode()).decode().rstrip("=")
                middle = text[4:-4]
                if len(middle) >= 8:
                    encoded.append(middle)
    return pattern, tuple(dict.fromkeys(encoded))


def _scrub_disguised(data: bytes, key: str) -> bytes:
    if len(key) < 8:
        return data
    pattern, encoded = _disguises(key)
    text = data.decode("utf-8", "replace")
    masked = pattern.sub(mask_key(key), text)
    for spelling in encoded:
        masked = masked.replace(spelling, mask_key(key))
    return data if masked == text else masked.encode()


def _masked(value: Any, key: str) -> Any:
    if isinstance(value, str):
        return value.replace(key, mask_key(key))
    if isinstance(value, list):
        return [_masked(item, key) for item in value]
    if isinstance(value, dict):
        return {_masked(name, key): _masked(item, key) for name, item in value.items()}
    return value

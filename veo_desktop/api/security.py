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
    """Mask the given key (whole, or any run of :data:`PART_SHOWN` or more of its characters) and
    anything shaped like one in free text (logs, error messages)."""
    if key:
        text = _mask_parts(text.replace(key, mask_key(key)), key.strip())
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
                data = decoded.replace(key, mask_key(key)).encode()
        else:
            masked_value = _masked(parsed, key)
            if masked_value != parsed:
                data = json.dumps(masked_value, ensure_ascii=False).encode()
    return _scrub_disguised(data, key)


# Between two characters of an echoed key, what a server (or a hostile page) may slip in unseen.
_INVISIBLE_CHAR = "[\u00ad\u200b-\u200f\u2060\ufeff]"
_INVISIBLE = _INVISIBLE_CHAR + "*"
# A key echoed in part (its first 20 characters, its last 16) is masked once this many characters of it
# (after a ``sk-`` prefix) follow one another: few enough that no usable part is left readable, enough
# that an unrelated word or task id never matches a random key by chance.
PART_SHOWN = 12
# One character of text as a server may spell it: %-encoded, an HTML character reference, a JSON
# escape, an invisible character (slipped in between, ignored), or itself.
_SPELLED = re.compile(
    r"%([0-9A-Fa-f]{2})|&#(?:[xX]0*([0-9A-Fa-f]{1,6})|0*([0-9]{1,7}));|\\u([0-9A-Fa-f]{4})|("
    + _INVISIBLE_CHAR
    + r")|(.)",
    re.DOTALL,
)


def _core(key: str) -> str:
    """The key without a ``sk-`` prefix, which every key shares."""
    return key[3:] if key.lower().startswith("sk-") and len(key) >= 11 else key


@functools.lru_cache(maxsize=8)
def _runs_of(key: str) -> dict[str, int]:
    """Where each run of :data:`PART_SHOWN` characters of the key's core (in lower case) begins."""
    core = _core(key).lower()
    runs: dict[str, int] = {}
    for start in range(len(core) - PART_SHOWN + 1):
        runs.setdefault(core[start : start + PART_SHOWN], start)
    return runs


def _spelled_out(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text's characters as read (lower case, escapes decoded, invisible ones dropped), and where
    each one is spelled in ``text``."""
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in _SPELLED.finditer(text):
        percent, hex_ref, dec_ref, escape, invisible, char = match.groups()
        if invisible is not None:
            continue
        if char is not None:
            chars.append(char.lower())
        else:
            code = int(percent or hex_ref or escape, 16) if dec_ref is None else int(dec_ref)
            chars.append(chr(code).lower() if code <= 0x10FFFF else "\ufffd")
        spans.append(match.span())
    return "".join(chars), spans


def _mask_parts(text: str, key: str) -> str:
    """``text`` with every run of :data:`PART_SHOWN` or more consecutive characters of the key masked,
    each taken as far as the key goes on, in any case and in any of the spellings :func:`_spelled_out`
    reads (a whole key too, which the other passes mask first)."""
    runs = _runs_of(key)
    if not runs or len(text) < PART_SHOWN:
        return text
    core = _core(key).lower()
    read, spans = _spelled_out(text)
    pieces: list[str] = []
    done = at = masked_to = 0
    while at <= len(read) - PART_SHOWN:
        begins = runs.get(read[at : at + PART_SHOWN])
        if begins is None:
            at += 1
            continue
        end, along = at + PART_SHOWN, begins + PART_SHOWN
        while end < len(read) and along < len(core) and read[end] == core[along]:
            end, along = end + 1, along + 1
        first = at - 3 if at - 3 >= masked_to and read[at - 3 : at] == "sk-" else at
        pieces += [text[done : spans[first][0]], mask_key(key)]
        done, at = spans[end - 1][1], end
        masked_to = end
    return "".join(pieces) + text[done:] if pieces else text


@functools.lru_cache(maxsize=8)
def _disguises(key: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The key's core (without a ``sk-`` prefix) in any case, any character %-encoded or written as an
    HTML or JSON escape, with invisible characters between; and its base64 spellings."""
    core = _core(key)
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
    masked = _mask_parts(masked, key)
    return data if masked == text else masked.encode()


def _masked(value: Any, key: str) -> Any:
    if isinstance(value, str):
        return value.replace(key, mask_key(key))
    if isinstance(value, list):
        return [_masked(item, key) for item in value]
    if isinstance(value, dict):
        return {_masked(name, key): _masked(item, key) for name, item in value.items()}
    return value

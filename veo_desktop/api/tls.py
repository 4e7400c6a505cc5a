"""The TLS context the HTTP client checks the service's certificate with: httpx's own default (certifi's
roots, or the ones ``SSL_CERT_FILE`` or ``SSL_CERT_DIR`` names), made here so that the window can make it
on a thread of its own while the rest of the app loads (reading the roots takes about 20 ms, and OpenSSL
reads them without holding the interpreter). Imports no HTTP stack."""

from __future__ import annotations

import os
import ssl


def tls_context() -> ssl.SSLContext:
    """What ``httpx.AsyncClient(verify=True)`` makes, the environment's choice of roots first."""
    if os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    if os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    import certifi

    return ssl.create_default_context(cafile=certifi.where())

"""Schemathesis hooks for turnero-central: sign requests like an enrolled kiosk (Ed25519).

Loaded by kiosk-scripts/schemathesis.sh (SCHEMATHESIS_HOOKS). Requests are signed at the
last moment, on the exact bytes sent, so the fuzzed bodies reach the handlers (not only the
401 path). One request in eight is left unsigned, and the path's kiosk id is kept as generated
one time in eight, so the refusal paths are fuzzed too.
"""
import base64
import hashlib
import os
import random
import time
from urllib.parse import urlsplit

import requests
import schemathesis
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KIOSK = os.environ["TURNERO_FUZZ_KIOSK"]
KEY = Ed25519PrivateKey.from_private_bytes(base64.b64decode(os.environ["TURNERO_FUZZ_KEY"]))
_random = random.Random(int(os.environ.get("TURNERO_FUZZ_SEED", "1")))


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    if "kiosk_id" in (case.path_parameters or {}) and _random.random() < 7 / 8:
        case.path_parameters["kiosk_id"] = KIOSK
    # The notices long-poll holds a request up to `wait` seconds (25 at most) by design: keep it
    # under the run's 10 s request timeout; other values (negative, not a number) still go as
    # generated.
    query = case.query if isinstance(case.query, dict) else None
    if (case.path or "").endswith("/notices") and query and "wait" in query:
        try:
            if int(query["wait"]) > 2:
                query["wait"] = 2
        except (TypeError, ValueError):
            pass


_send = requests.Session.send


def _signed_send(self, request, **kwargs):
    if request.url and "/v1/" in request.url and _random.random() < 7 / 8:
        parts = urlsplit(request.url)
        target = parts.path + ("?" + parts.query if parts.query else "")
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        timestamp = str(int(time.time() * 1000))
        nonce = os.urandom(16).hex()
        text = "\n".join([
            "TURNERO-ED25519", request.method.upper(), target, KIOSK, timestamp, nonce,
            hashlib.sha256(body).hexdigest(),
        ])
        signature = base64.b64encode(KEY.sign(text.encode())).decode()
        request.headers["X-Turnero-Kiosk"] = KIOSK
        request.headers["X-Turnero-Timestamp"] = timestamp
        request.headers["X-Turnero-Nonce"] = nonce
        request.headers["X-Turnero-Signature"] = signature
    return _send(self, request, **kwargs)


requests.Session.send = _signed_send

"""Keep Doe defendants anonymous: IP addresses are replaced by keyed pseudonyms at ingest.

The key is 32 random bytes created on first use beside the database (`secret.key`, never
committed: `.gitignore` lists it). The same key gives the same pseudonym for the same address
across loads, so a researcher can still see that two exhibits name one subscriber, but nobody
without the key can reverse or confirm an address by hashing guesses.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import re
from pathlib import Path

# A dotted quad not inside a longer run of dotted numbers: "version 1.2.3.4.5" is not an address,
# but an address may end a sentence ("... IP address 192.0.2.1.").
IPV4 = re.compile(
    r"(?<![\d.])(?<!\d\.)(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
    r"(?!\d|\.\d)"
)
# IPv6 candidates (full or "::"-compressed); each is confirmed by `ipaddress` before replacing.
IPV6 = re.compile(r"(?<![0-9a-f:.])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![0-9a-f:.])", re.IGNORECASE)


def load_or_create_key(path: Path) -> bytes:
    """Read the pseudonymisation key at `path`, creating it (mode 0600) when missing."""
    if path.exists():
        key = path.read_bytes()
        if len(key) >= 16:
            return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = os.urandom(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


def ip_token(address: str, key: bytes) -> str:
    """A stable pseudonym for one IP address: `ip:` + 12 hex digits of HMAC-SHA256."""
    digest = hmac.new(key, address.strip().lower().encode(), hashlib.sha256).hexdigest()
    return f"ip:{digest[:12]}"


def pseudonymise_ips(text: str | None, key: bytes) -> str | None:
    """Replace every IPv4 and IPv6 address in free text by `[ip:…]`."""
    if text is None:
        return None
    text = IPV4.sub(lambda m: f"[{ip_token(m.group(0), key)}]", text)
    return IPV6.sub(lambda m: f"[{ip_token(m.group(0), key)}]" if _is_ipv6(m.group(0)) else m.group(0), text)


def _is_ipv6(candidate: str) -> bool:
    try:
        ipaddress.IPv6Address(candidate)
    except ValueError:
        return False
    return True

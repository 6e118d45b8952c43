"""What a leaked IP address looks like, for the tests that grep outputs for them."""

from __future__ import annotations

import ipaddress
import re

from pipelines.privacy import IPV6

# A dotted quad, also one that ends a sentence ("... 192.0.2.98.") or sits in a longer token.
DOTTED_QUAD = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\d)")


def _is_ipv6(text: str) -> bool:
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def ip_literals(text: str) -> list[str]:
    """Every IPv4-looking dotted quad and every valid IPv6 address literal in `text`."""
    return [m.group(0) for m in DOTTED_QUAD.finditer(text)] + [
        m.group(0) for m in IPV6.finditer(text) if _is_ipv6(m.group(0))]

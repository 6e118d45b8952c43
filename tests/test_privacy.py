"""IP addresses in text are replaced by keyed pseudonyms; the key is made once, privately."""

from __future__ import annotations

import os
import stat

from pipelines.privacy import ip_token, load_or_create_key, pseudonymise_ips

KEY = b"k" * 32


def test_ipv4_and_ipv6_are_replaced_by_stable_tokens():
    text = "John Doe subscriber assigned IP address 24.0.207.93 and 2001:db8::1 (again 24.0.207.93)"
    out = pseudonymise_ips(text, KEY)
    v4, v6 = ip_token("24.0.207.93", KEY), ip_token("2001:db8::1", KEY)
    assert out == f"John Doe subscriber assigned IP address [{v4}] and [{v6}] (again [{v4}])"
    assert v4.startswith("ip:") and len(v4) == 15 and v4 != v6


def test_an_address_ending_a_sentence_is_replaced():
    out = pseudonymise_ips("subscriber assigned IP address 203.0.113.9. Filed by X.", KEY)
    assert out == f"subscriber assigned IP address [{ip_token('203.0.113.9', KEY)}]. Filed by X."
    assert pseudonymise_ips("version 1.2.3.4.5 and 10.1.2.3.4", KEY) == "version 1.2.3.4.5 and 10.1.2.3.4"


def test_full_ipv6_is_replaced():
    out = pseudonymise_ips("peer 2001:0db8:85a3:0000:0000:8a2e:0370:7334 seen", KEY)
    assert "2001:0db8" not in out and out.startswith("peer [ip:")


def test_dates_versions_and_docket_numbers_are_not_ips():
    text = "Filed on 11/29/2011; version 1.2.3; Dkt. 5:11-cv-03825; 999.1.1.1; at 03:14:55 UTC; Re: 22"
    assert pseudonymise_ips(text, KEY) == text


def test_different_keys_give_different_tokens():
    assert ip_token("192.0.2.1", b"a" * 32) != ip_token("192.0.2.1", b"b" * 32)


def test_key_is_created_once_and_private(tmp_path):
    path = tmp_path / "sub" / "secret.key"
    key = load_or_create_key(path)
    assert len(key) == 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_or_create_key(path) == key

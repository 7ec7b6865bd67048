"""Join codes, teacher tokens and page ids: random, from the operating system's generator.

A join code is 8 characters of a 32-letter alphabet without 0/O and 1/I (40 bits, 1.1e12 codes).
With at most `Limits.max_classes` (200) classes alive, one guess finds some class with a
probability under 2e-10: a client allowed `Limits.bad_joins` (20) wrong codes a minute would need
about 10^7 years on average to find one, and a class lives hours. Shown as ABCD-EFGH, read back in
either case, with or without the dash or spaces.

The teacher's token (256 bits) stays in the teacher's page; the store keeps only its SHA-256, under
the class's record, so nothing a student can see, guess or read back lets them act as the teacher.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 8
MAX_TYPED = 32  # longer text is not a code (and is not looked at further)
_SEPARATORS = re.compile(r"[\s\-]")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(code: str) -> str:
    """The code as the projector writes it: ABCD-EFGH."""
    return f"{code[:4]}-{code[4:]}"


def parse(text: object) -> str | None:
    """The code in `text` (any case, dashes and spaces ignored), or None if it is not one."""
    if not isinstance(text, str) or len(text) > MAX_TYPED:
        return None
    code = _SEPARATORS.sub("", text).upper()
    return code if len(code) == LENGTH and all(c in ALPHABET for c in code) else None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: object, digest: object) -> bool:
    """Whether `token` is the one whose hash is `digest` (compared in constant time)."""
    if not isinstance(token, str) or not isinstance(digest, str):
        return False
    return hmac.compare_digest(token_hash(token), digest)


def new_id() -> str:
    """A page's or a student's id: random, never derived from anything the browser sends."""
    return secrets.token_hex(16)


def hashed(text: str) -> str:
    """A short fixed-length stand-in for client-provided text in a store key (an address)."""
    return hashlib.sha256(text.encode()).hexdigest()[:24]

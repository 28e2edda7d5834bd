"""Verification codes: random, unguessable, and easy to read aloud and type."""

import secrets

# No 0/O, 1/I/L: letters and digits a person cannot mix up on paper.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10  # 31**10 is about 2**49.5: far beyond guessing.
GROUPS = (4, 4, 2)


def new_code(length=LENGTH):
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise_code(text, length=LENGTH):
    """The stored form of what a person typed: any case, dashes or spaces or not.

    Returns None when it cannot be a code, so no database lookup is needed."""
    code = "".join(ch for ch in str(text).upper() if ch not in "- \t")
    if len(code) != length or any(ch not in ALPHABET for ch in code):
        return None
    return code


def format_code(code, groups=GROUPS):
    """K7QF3MXD9R → K7QF-3MXD-9R, in groups for reading and typing."""
    parts, start = [], 0
    for size in groups:
        parts.append(code[start : start + size])
        start += size
    return "-".join(parts)

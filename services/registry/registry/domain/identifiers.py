"""Indonesian business identifiers of a press company, checked by their shape."""

from __future__ import annotations

import re

DIGITS = re.compile(r"\D")


def digits(value: str) -> str:
    """Keep the digits only: people type NPWP as 01.234.567.8-901.000."""
    return DIGITS.sub("", value or "")


def npwp_problem(value: str) -> str | None:
    """NPWP has 15 digits (the old form) or 16 (the NIK-based form since 2024)."""
    number = digits(value)
    if len(number) not in (15, 16):
        return "NPWP harus 15 atau 16 digit."
    return None


def nib_problem(value: str) -> str | None:
    """The NIB of the OSS system has 13 digits."""
    if len(digits(value)) != 13:
        return "NIB harus 13 digit."
    return None

"""What an import never publishes: readers' email and IP addresses.

WordPress keeps each commenter's email and IP address beside the comment; the import never
reads those fields. But people also type addresses into their name or their letter, and an
old blog's author names sometimes are one. Those are replaced by a neutral word before
anything is written; the column's own text is the author's and stays as it is.
"""

from __future__ import annotations

import re

#: What stands where an address was.
WITHHELD = "(address withheld)"

_EMAIL = re.compile(r"(?<![\w.+-])(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_BYTE = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"(?<![\d.])(?:{_BYTE}\.){{3}}{_BYTE}(?!\.?\d)")
# Full IPv6 (eight groups) or shortened with "::"; a time like 12:30:45 is neither.
_GROUP = r"[0-9a-f]{1,4}"
_IPV6 = re.compile(
    rf"(?<![\w:])(?:(?:{_GROUP}:){{7}}{_GROUP}|(?:{_GROUP}:)*{_GROUP}?::(?:{_GROUP}:)*{_GROUP}?)(?![\w:])",
    re.IGNORECASE,
)


def _address(match: re.Match[str]) -> str:
    # "::" alone, or "a::b" in a line of code, is not worth withholding: an address has groups.
    return WITHHELD if len(re.findall(r"[0-9a-f]+", match.group(0), re.IGNORECASE)) >= 3 else match.group(0)


def withhold_addresses(text: str) -> str:
    """``text`` with every email and IP address in it replaced by ``WITHHELD``.

    >>> withhold_addresses("Greg (greg@mail.example.net) from 203.0.113.7 at 12:30:45")
    'Greg ((address withheld)) from (address withheld) at 12:30:45'
    >>> withhold_addresses("fe80::1ff:fe23:4567:890a or 2001:db8:0:0:0:0:2:1; version 1.2.3.4.5")
    '(address withheld) or (address withheld); version 1.2.3.4.5'
    >>> withhold_addresses("std::vector, a :: b, ::1")
    'std::vector, a :: b, ::1'
    """
    text = _EMAIL.sub(WITHHELD, text)
    text = _IPV6.sub(_address, text)
    return _IPV4.sub(WITHHELD, text)

"""Masked forms of an applicant's personal data for lists and logs (条例 Art. 15; DEVELOPERS.md:
personal data never reaches a public page, feed, search index or log). Plain Python."""

from __future__ import annotations


def mask_id_number(number: str) -> str:
    """150602********1238: the region and the last four, as staff lists show them."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_name(name: str) -> str:
    """张*, 欧阳** ; an organisation keeps its first two characters: 鄂尔****."""
    if not name:
        return ""
    if len(name) <= 3:
        return name[0] + "*" * (len(name) - 1) if len(name) > 1 else "*"
    return name[:2] + "*" * (len(name) - 2)


def mask_phone(phone: str) -> str:
    """138****1234 for a mobile number; any other number keeps its last four only."""
    digits = phone.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    keep_start = 3 if len(digits) == 11 and digits.isdigit() and digits.startswith("1") else 0
    return digits[:keep_start] + "*" * (len(digits) - keep_start - 4) + digits[-4:]


def mask_text(text: str) -> str:
    """Addresses and e-mails: the first character only."""
    return text[:1] + "*" * (len(text) - 1) if text else ""


def mask_own(text: str, *, name: str = "", phone: str = "") -> str:
    """``text`` with the writer's own name and phone, typed into it too ("我是张三丰，…"), masked
    as in their own columns; values shorter than two characters are left (they would mask
    every occurrence of a single character)."""
    for value, mask in ((phone.strip(), mask_phone(phone.strip())), (name.strip(), mask_name(name.strip()))):
        if len(value) >= 2:
            text = text.replace(value, mask)
    return text

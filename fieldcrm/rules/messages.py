"""The message library: fill a template with the customer's name and form of address.

A message is in the customer's own language when the rep's words for them show it
(a form of address, else Chinese characters in the name); otherwise in the
interface language, which is the rep's.

User text is data: values are substituted into our template, never the
other way round, so braces in a name are printed as they are.
"""

from __future__ import annotations

import string

from fieldcrm import i18n
from fieldcrm.model import Customer

_FIELDS = ("address", "name", "rep", "lead", "referrer", "occasion")


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


def has_latin(text: str) -> bool:
    return any("a" <= ch.lower() <= "z" for ch in text)


def language_for(customer: Customer | None, name: str = "") -> str:
    address = customer.form_of_address if customer else ""
    if has_cjk(address):
        return "zh"
    if has_latin(address):  # "Ms Lee": the rep greets them in English
        return "en"
    if has_cjk((customer.name if customer else "") or name):
        return "zh"
    return i18n.language()  # "Lily Wang", "Zhang Wei": could be either; the rep's own language


def title(template: dict) -> str:
    """The template's title in the interface language."""
    return (template.get("title_zh") if i18n.language() == "zh" else None) or template["title"]


def fill(template: dict, customer: Customer | None, rep_name: str, *, name: str = "",
         lead: str = "", referrer: str = "", occasion: dict[str, str] | None = None) -> str:
    """The template in the customer's language with their details filled in;
    ``occasion`` names the festival or solar term in each language ({"zh": ..., "en": ...})."""
    lang = language_for(customer, name)
    text = template.get(lang) or template["en"]
    who = customer.name if customer else name
    values = {
        "address": (customer.form_of_address if customer else "") or who,
        "name": who, "rep": rep_name or "", "lead": lead, "referrer": referrer,
        "occasion": (occasion or {}).get(lang, ""),
    }
    # Substitute only our known fields, in one pass over the template.
    out = []
    for literal, field_name, _spec, _conv in string.Formatter().parse(text):
        out.append(literal)
        if field_name is not None:
            out.append(values.get(field_name, "") if field_name in _FIELDS else "")
    return "".join(out)

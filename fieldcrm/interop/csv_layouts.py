"""Which contact field each spreadsheet column fills: Google, Outlook, Thunderbird, Chinese headers.

``column(header)`` gives (field, address group). Address parts name their
group (Google "Address 2 - City", Outlook "Home City"); a bare part such as
Thunderbird's Chinese "城市" belongs to the address whose street came last.
"""

from __future__ import annotations

import re

# What --map may name, and what the layouts fill.
TARGETS = ("name", "given", "family", "middle", "prefix", "phones", "email", "company", "title", "address",
           "area", "region", "postcode", "country", "birthday", "notes", "tags", "form_of_address", "uid")
ADDRESS_PARTS = ("address", "area", "region", "postcode", "country", "formatted")

EXACT = {
    # Google Contacts, Outlook, Thunderbird, fieldcrm's own export (lower case)
    "name": "name", "display name": "name", "full name": "name", "given name": "given", "first name": "given",
    "family name": "family", "last name": "family", "surname": "family", "middle name": "middle",
    "additional name": "middle", "name prefix": "prefix", "title": "prefix",  # Outlook: Mr/Ms
    "company": "company", "organization": "company", "organisation": "company", "organization name": "company",
    "job title": "title", "organization title": "title", "birthday": "birthday", "notes": "notes",
    "note": "notes", "group membership": "labels", "labels": "labels", "categories": "tags", "tags": "tags",
    "phones": "phones", "phone": "phones", "mobile phone": "phones", "mobile number": "phones",
    "business phone": "phones", "business phone 2": "phones", "home phone": "phones", "home phone 2": "phones",
    "work phone": "phones", "other phone": "phones", "primary phone": "phones", "company main phone": "phones",
    "email": "email", "e-mail": "email", "e-mail address": "email", "e-mail 2 address": "email",
    "e-mail 3 address": "email", "primary email": "email", "secondary email": "email",
    "form of address": "form_of_address", "id": "uid", "uid": "uid",
    "address": "address", "area": "area", "region": "region", "postcode": "postcode", "country": "country",
    "birth year": "birth_year", "birth month": "birth_month", "birth day": "birth_day",
    # Chinese: Excel lists, phone exports and Thunderbird's Chinese CSV
    "姓名": "name", "显示名称": "name", "名字": "given", "名": "given", "姓氏": "family", "姓": "family",
    "手机": "phones", "手机号": "phones", "手机号码": "phones", "移动电话": "phones", "移动电话号码": "phones",
    "电话": "phones", "办公电话": "phones", "工作电话": "phones", "家庭电话": "phones", "住宅电话": "phones",
    "电子邮件": "email", "邮箱": "email", "电子邮箱": "email", "主要电子邮件": "email", "备用电子邮件": "email",
    "公司": "company", "单位": "company", "公司名称": "company", "职位": "title", "职务": "title",
    "生日": "birthday", "备注": "notes", "注释": "notes", "标签": "tags", "分组": "tags",
    "地址": "address", "家庭地址": "address", "工作地址": "address", "家庭地址 2": "address",
    "工作地址 2": "address", "城市": "area", "省/自治区/直辖市": "region", "省份": "region", "省": "region",
    "邮政编码": "postcode", "邮编": "postcode", "国家": "country", "国家/地区": "country",
    "出生年份": "birth_year", "出生月份": "birth_month", "出生日": "birth_day",
}
# Outlook and Thunderbird address columns: "<group> <part>"
_GROUPED = {"street": "address", "street 2": "address", "street 3": "address", "address": "address",
            "address 2": "address", "city": "area", "state": "region", "postal code": "postcode",
            "zipcode": "postcode", "zip code": "postcode", "country/region": "country", "country": "country",
            "po box": "address"}
_GOOGLE = re.compile(r"^(phone|e-mail|address|organization|website|im|relation|event|custom field) (\d+) - (.+)$")
_GOOGLE_ADDRESS = {"formatted": "formatted", "street": "address", "po box": "address",
                   "extended address": "address", "city": "area", "region": "region", "postal code": "postcode",
                   "country": "country"}
# Columns known and deliberately not read: not worth a warning.
_QUIET = re.compile(r"( - type| - label|yomi| - symbol| - location| - department| - job description|"
                    r"^initials$|^sensitivity$|^priority$|^photo$|^language$)")


def column(header: str, group: str) -> tuple[str, str]:
    """(field or "" when not read, address group) of one header; ``group`` is the current one."""
    h = " ".join(header.strip().lower().split())
    match = _GOOGLE.match(h)
    if match:
        kind, n, part = match.groups()
        if kind == "phone" and part == "value":
            return "phones", group
        if kind == "e-mail" and part == "value":
            return "email", group
        if kind == "organization" and n == "1":
            return {"name": "company", "title": "title"}.get(part, ""), group
        if kind == "address" and part in _GOOGLE_ADDRESS:
            return _GOOGLE_ADDRESS[part], f"google {n}"
        return "", group
    if h in EXACT:
        target = EXACT[h]
        if target == "address":  # a street column starts a new address (its number-2 line continues it)
            group = group if h.endswith(" 2") else h
        return target, group
    for prefix in ("business", "home", "other", "work"):
        if h.startswith(prefix + " ") and h[len(prefix) + 1:] in _GROUPED:
            return _GROUPED[h[len(prefix) + 1:]], prefix
    return "", group


def quiet(header: str) -> bool:
    """A column we know and leave out on purpose (types, phonetic names), so no warning for it."""
    return bool(_QUIET.search(" ".join(header.strip().lower().split())))

"""The words the generated parts of pages use, in each language."""

from __future__ import annotations

import datetime as dt

LABELS = {
    "vi": {
        "search": "Tìm kiếm",
        "by_year": "Theo năm",
        "by_place": "Theo địa phương",
        "undated": "Chưa rõ ngày",
        "document": "Văn bản",
        "kind": "Loại văn bản",
        "number": "Số hiệu",
        "date": "Ngày ban hành",
        "issuer": "Cơ quan ban hành",
        "signer": "Người ký",
        "place": "Địa phương",
        "card": "Thông tin văn bản",
        "original": "Bản gốc tiếng Việt",
        "in_vietnamese": "",
        "task": "Nhiệm vụ",
        "timeline": "Thời gian",
        "coordinating": "Cơ quan phối hợp",
        "lead": "Cơ quan chủ trì",
        "number_short": "TT",
        "tasks_count": "{count} nhiệm vụ",
        "no_news": "Chưa có tin.",
        "feed": "Tin tức (Atom)",
        "notice_title": "Lưu ý",
        "ocr": "Văn bản này được nhận dạng từ bản quét (OCR) và bị mất dấu tiếng Việt; nội dung "
        "đang chờ biên tập lại và chưa được dịch.",
    },
    "en": {
        "search": "Search",
        "by_year": "By year",
        "by_place": "By place",
        "undated": "Undated",
        "document": "Document",
        "kind": "Type",
        "number": "Number",
        "date": "Date of issue",
        "issuer": "Issued by",
        "signer": "Signed by",
        "place": "Place",
        "card": "About this document",
        "original": "Vietnamese original",
        "in_vietnamese": " (in Vietnamese)",
        "task": "Task",
        "timeline": "Timeline",
        "coordinating": "Coordinating agencies",
        "lead": "Lead agency",
        "number_short": "No.",
        "tasks_count": "{count} tasks",
        "no_news": "No news yet.",
        "feed": "News (Atom)",
        "notice_title": "Please note",
        "ocr": "This document was recognised from a scan (OCR) and lost its Vietnamese diacritics; "
        "it is awaiting editing and has not been translated.",
        "untranslated": "This page has not been translated into English yet. You are reading the "
        "Vietnamese original.",
        "machine": "This is a machine translation that a translator has not yet reviewed. The "
        "[Vietnamese original]({original}) is the reference text.",
        "stale": "The Vietnamese original has changed since this translation was reviewed; the "
        "changes are not yet reviewed. The [Vietnamese original]({original}) is the reference text.",
    },
    "zh": {
        "search": "搜索",
        "by_year": "按年份",
        "by_place": "按地方",
        "undated": "日期不详",
        "document": "文件",
        "kind": "文件类型",
        "number": "文号",
        "date": "发布日期",
        "issuer": "发文机关",
        "signer": "签署人",
        "place": "地方",
        "card": "文件信息",
        "original": "越南文原文",
        "in_vietnamese": "（越南文）",
        "task": "任务",
        "timeline": "时间",
        "coordinating": "配合机关",
        "lead": "牵头机关",
        "number_short": "序号",
        "tasks_count": "{count}项任务",
        "no_news": "暂无新闻。",
        "feed": "新闻（Atom）",
        "notice_title": "请注意",
        "ocr": "本文件由扫描件识别（OCR）而来，越南文声调符号已丢失，正在等待编辑，尚未翻译。",
        "untranslated": "本页尚未译成中文，您正在阅读越南文原文。",
        "machine": "本页为机器翻译，尚未经译员审校。请以[越南文原文]({original})为准。",
        "stale": "越南文原文在本译文审校后已有修改，修改部分尚未审校。请以[越南文原文]({original})为准。",
    },
}

EN_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def label(lang: str, key: str, **values) -> str:
    text = LABELS[lang].get(key) or LABELS["en"][key]
    return text.format(**values) if values else text


def format_date(date: dt.date | None, lang: str) -> str:
    if date is None:
        return label(lang, "undated")
    if lang == "vi":
        return f"{date.day}/{date.month}/{date.year}"
    if lang == "zh":
        return f"{date.year}年{date.month}月{date.day}日"
    return f"{date.day} {EN_MONTHS[date.month - 1]} {date.year}"

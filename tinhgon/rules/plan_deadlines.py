"""Deadlines, products and agencies read from the words of one task of a Vietnamese plan.

Used by :mod:`tinhgon.rules.plan_text`. A deadline's ``due`` is the last day on which the work is on
time (DESIGN.md, JSON and date conventions): "trước ngày 15/12/2024" → 2024-12-14; "trong quý I năm
2024" → 2024-03-31; "tháng 6 năm 2024" → 2024-06-30; "năm 2025" → 2025-12-31. Kinds:

- ``recurring``: "thực hiện thường xuyên", "(thường xuyên)", "hằng năm"/"hàng năm", "định kỳ …";
  "thường xuyên" alone ("nhiệm vụ trọng tâm, thường xuyên", "chi thường xuyên") is not a deadline;
- ``date``: a day, month, quarter, half-year or year. Outside parentheses it needs a word that makes it
  a deadline ("trước", "trong", "chậm nhất", "hoàn thành", "đến hết"); inside parentheses, or in the
  deadline column of a table, the time alone is enough. "đến năm 2030", "tầm nhìn đến năm 2045",
  "giai đoạn 2023 - 2030" are horizons of a product's name, never deadlines;
- ``per_project``: "theo tiến độ của từng Đề án";
- ``conditional``: "sau khi …" (the condition kept as written);
- ``none``: nothing of the above in the task's own words (an ancestor's deadline may still apply).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

RECURRING = "recurring"
DATE = "date"
PER_PROJECT = "per_project"
CONDITIONAL = "conditional"
NONE = "none"


@dataclass(frozen=True)
class Deadline:
    kind: str
    due: dt.date | None = None
    condition: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Product:
    name: str
    deadlines: list[Deadline]


@dataclass(frozen=True)
class Agency:
    text: str
    role: str  # lead | coordinating | unknown


NO_DEADLINE = Deadline(NONE)

_I = re.IGNORECASE
_TRIGGER = (
    r"(?P<trig>(?:(?:hoàn\s+thành|xong|chậm\s+nhất(?:\s+là)?|thời\s+hạn|hạn|kết\s+thúc)\s*:?\s*)?"
    r"(?:(?:trước|trong|vào|đến\s+hết|đến)\s+)?)"
)
_TIME = (
    r"(?:(?P<date>ngày\s+(?P<d1>\d{1,2})\s*[/.-]\s*(?P<m1>\d{1,2})\s*[/.-]\s*(?P<y1>\d{4})"
    r"|ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
    r"|(?P<d3>\d{1,2})\s*/\s*(?P<m3>\d{1,2})\s*/\s*(?P<y3>\d{4}))"
    r"|(?P<half>6\s+tháng\s+(?P<hpart>đầu|cuối)\s+năm\s+(?P<hy>\d{4}))"
    r"|(?P<quarter>quý\s+(?P<q>IV|I{1,3}|[1-4])\s*(?:năm\s+|/\s*)(?P<qy>\d{4}))"
    r"|(?P<month>tháng\s+(?P<mm>\d{1,2})\s*(?:năm\s+|/\s*)(?P<my>\d{4}))"
    r"|(?P<year>năm\s+(?P<yy>\d{4})))"
)
_TIME_RE = re.compile(r"(?<!\w)" + _TRIGGER + _TIME + r"(?!\d)", _I)
_HORIZON_BEFORE = re.compile(r"(?:tầm\s+nhìn|giai\s+đoạn|thời\s+kỳ|[-–])\s*$", _I)
_REFERENCE_BEFORE = re.compile(r"(?:số\s*\S*|\d+\s*[-/]\s*[A-ZĐ][^\s]*)\s*$", _I)
_RECURRING_RE = re.compile(
    r"(?P<tx>(?:(?:thực\s+hiện|triển\s+khai|tiến\s+hành|tổ\s+chức|thời\s+gian\s*:?)\s+)?thường\s+xuyên"
    r"|định\s+kỳ(?:\s+(?:hằng|hàng)\s+(?:năm|quý|tháng))?(?:\s+\d+\s+tháng|\s+(?:năm|quý|tháng))?"
    r"|(?:hằng|hàng)\s+(?:năm|quý|tháng))",
    _I,
)
_PER_PROJECT_RE = re.compile(r"theo\s+tiến\s+độ[^();.]*", _I)
_CONDITION_RE = re.compile(r"(?:ngay\s+)?sau\s+khi\s+[^;]*", _I)
_CONDITION_CONTEXT = re.compile(
    r"(?:hoàn\s+thành|thực\s+hiện|triển\s+khai|ban\s+hành|trình|thời\s+gian\s*:?|[,;:(]|^)\s*$", _I
)
_ROMAN_Q = {"I": 1, "II": 2, "III": 3, "IV": 4}


def _period(m: re.Match[str]) -> tuple[dt.date, dt.date]:
    """First and last day of the time named by a ``_TIME_RE`` match (ValueError if impossible)."""
    if m["date"]:
        day = next(g for g in (m["d1"], m["d2"], m["d3"]) if g)
        month = next(g for g in (m["m1"], m["m2"], m["m3"]) if g)
        year = next(g for g in (m["y1"], m["y2"], m["y3"]) if g)
        d = dt.date(int(year), int(month), int(day))
        return d, d
    if m["half"]:
        y = int(m["hy"])
        return (
            (dt.date(y, 1, 1), dt.date(y, 6, 30))
            if m["hpart"].lower() == "đầu"
            else (
                dt.date(y, 7, 1),
                dt.date(y, 12, 31),
            )
        )
    if m["quarter"]:
        q = _ROMAN_Q.get(m["q"].upper()) or int(m["q"])
        y = int(m["qy"])
        last = 3 * q
        return dt.date(y, last - 2, 1), dt.date(y, last, calendar.monthrange(y, last)[1])
    if m["month"]:
        y, mo = int(m["my"]), int(m["mm"])
        return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
    y = int(m["yy"])
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _dates(text: str, *, liberal: bool, warnings: list[str]) -> list[Deadline]:
    found: list[Deadline] = []
    for m in _TIME_RE.finditer(text):
        trig = " ".join((m["trig"] or "").lower().split())
        before = text[: m.start()]
        if not trig and not liberal:
            continue
        if trig == "đến" and not m["date"]:
            continue  # "đến năm 2030": a horizon
        if not trig and (m["year"] or m["month"]) and _HORIZON_BEFORE.search(before):
            continue
        if not trig and m["date"] and _REFERENCE_BEFORE.search(before.rstrip(" ,")[-40:]):
            continue  # the date of a document cited in the parentheses
        try:
            first, last = _period(m)
        except ValueError:
            warnings.append(f"Không hiểu thời hạn “{m.group(0).strip()}” (ngày không tồn tại).")
            continue
        due = first - dt.timedelta(days=1) if "trước" in trig else last
        found.append(Deadline(DATE, due, None, " ".join(m.group(0).split())))
    return found


def _conditions(text: str, *, liberal: bool) -> list[Deadline]:
    found = []
    for m in _CONDITION_RE.finditer(text):
        if not liberal and not _CONDITION_CONTEXT.search(text[: m.start()]):
            continue
        if liberal and text[: m.start()].strip():
            continue
        cond = m.group(0)
        if not liberal:
            cond = re.split(r"\.(?:\s|$)", cond)[0]
        cond = " ".join(cond.split()).rstrip(" .,;")
        found.append(Deadline(CONDITIONAL, None, cond, cond))
    return found


def _segment_deadlines(text: str, *, liberal: bool, warnings: list[str]) -> list[Deadline]:
    conditions = _conditions(text, liberal=liberal)
    if conditions and liberal:
        return conditions  # "(sau khi … đến năm 2050)": the years belong to the condition
    found: list[Deadline] = []
    for m in _RECURRING_RE.finditer(text):
        tx = m["tx"]
        if tx.lower().startswith("thường") and not liberal:
            prefix = text[: m.start()].rstrip()
            if prefix and not prefix.endswith(("(", ":")):
                continue  # "nhiệm vụ trọng tâm, thường xuyên", "chi thường xuyên"
        if liberal and tx.lower().startswith("thường") and text[: m.start()].strip(" (:"):
            continue
        found.append(Deadline(RECURRING, None, None, " ".join(tx.split())))
    found += [
        Deadline(PER_PROJECT, None, None, " ".join(m.group(0).split()).rstrip(" ,"))
        for m in _PER_PROJECT_RE.finditer(text)
    ]
    found += conditions
    found += _dates(text, liberal=liberal, warnings=warnings)
    return found


def split_parentheses(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The text with its top-level parenthesised parts blanked, and those parts (start, end, inner).

    An unclosed parenthesis (text cut off) runs to the end of the text.
    """
    outside = list(text)
    parts: list[tuple[int, int, str]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                parts.append((start, i + 1, text[start + 1 : i]))
                for j in range(start, i + 1):
                    outside[j] = " "
    if depth:
        parts.append((start, len(text), text[start + 1 :]))
        for j in range(start, len(text)):
            outside[j] = " "
    return "".join(outside), parts


def dedupe(deadlines: list[Deadline]) -> list[Deadline]:
    out: list[Deadline] = []
    seen: set[tuple[str, dt.date | None, str | None]] = set()
    for d in deadlines:
        key = (d.kind, d.due, d.condition) if d.kind != RECURRING else (RECURRING, None, None)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def find_deadlines(text: str, warnings: list[str], *, liberal: bool = False) -> list[Deadline]:
    """Every deadline written in ``text``, in order; ``[none]`` when there is none."""
    if liberal:
        found = _segment_deadlines(text, liberal=True, warnings=warnings)
    else:
        outside, parts = split_parentheses(text)
        located = [(0, d) for d in _segment_deadlines(outside, liberal=False, warnings=warnings)]
        for start, _end, inner in parts:
            located += [
                (start, d) for d in _segment_deadlines(inner, liberal=True, warnings=warnings)
            ]
        found = [d for _pos, d in sorted(located, key=lambda p: p[0])]
    return dedupe(found) or [NO_DEADLINE]


# ---------------------------------------------------------------------------------------- products

PRODUCT_NOUNS = (
    "Đề án",
    "Dự án",
    "Phương án",
    "Quy hoạch",
    "Kế hoạch",
    "Báo cáo",
    "Quyết định",
    "Nghị quyết",
    "Quy chế",
    "Quy định",
    "Chương trình",
    "Tờ trình",
    "Văn bản",
    "Hướng dẫn",
)
_PRODUCT_START = re.compile(r"^(?:và\s+|[-+•]\s*)?(?:" + "|".join(PRODUCT_NOUNS) + r")\b", _I)
_PLURAL = re.compile(
    r"\b(?:các|những|toàn\s+bộ)\s+(?:"
    + "|".join(PRODUCT_NOUNS)
    + r"|nhiệm\s+vụ|sản\s+phẩm|nội\s+dung)",
    _I,
)
_PRODUCT_LABEL = re.compile(r"(?:^|[.;]\s*)Sản\s+phẩm\s*:\s*(?P<p>[^;\n]+)", _I)


def _split_top(text: str, sep: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _name(segment: str) -> str:
    outside, _parts = split_parentheses(segment)
    name = " ".join(outside.split()).strip(" .,;:")
    return re.sub(r"^(?:và|[-+•])\s+", "", name)


def find_products(text: str, warnings: list[str]) -> list[Product]:
    """Products named in a list after a colon ("ban hành: Đề án A; Đề án B (…); …") or after "Sản phẩm:".

    A deadline that speaks of several products ("hoàn thành các Đề án trong quý I năm 2024") also
    applies to the products before it that have no deadline of their own.
    """
    _head, colon, rest = text.partition(":")
    segments = [s for s in _split_top(rest, ";") if s.strip()] if colon else []
    listed = [s for s in segments if _PRODUCT_START.match(s.strip())]
    if len(listed) >= 2:
        products: list[tuple[str, list[Deadline]]] = []
        for seg in segments:
            if not _PRODUCT_START.match(seg.strip()):
                continue
            own = [d for d in find_deadlines(seg, warnings) if d.kind != NONE]
            if own and any(_PLURAL.search(inner) for _s, _e, inner in split_parentheses(seg)[1]):
                for i in range(len(products) - 1, -1, -1):
                    if products[i][1]:
                        break
                    products[i] = (products[i][0], list(own))
            products.append((_name(seg), own))
        return [Product(name, dl or [NO_DEADLINE]) for name, dl in products]
    label = _PRODUCT_LABEL.search(text)
    if label:
        return [Product(_name(label["p"]), find_deadlines(text, warnings))]
    return []


# ---------------------------------------------------------------------------------------- agencies

_HEAD_WORDS = (
    r"Giám\s+đốc|Thủ\s+trưởng|Chủ\s+tịch|Sở|Ban(?!\s+hành)|Ủy\s+ban|Uỷ\s+ban|UBND|HĐND|Hội\s+đồng"
    r"|Văn\s+phòng|Công\s+an|Bộ(?!\s+máy)|Thanh\s+tra|Trung\s+tâm|Đài|Báo(?!\s+cáo)|Cục|Chi\s+cục"
    r"|Kho\s+bạc|Liên\s+đoàn|Tỉnh\s+đoàn|Hội(?!\s+nhập)|Cơ\s+quan|Các\s+cơ\s+quan|Các\s+sở|Các\s+đơn\s+vị"
    r"|Các\s+ban|Các\s+địa\s+phương"
)
_HEAD = re.compile(r"^(?:" + _HEAD_WORDS + r")\b")
_NEW_AGENCY = re.compile(
    r"^(?:(?:"
    + _HEAD_WORDS
    + r")\b|các\s+(?:cơ\s+quan|sở|đơn\s+vị|địa\s+phương|tổ\s+chức|doanh\s+nghiệp)\b)"
)
_PREDICATE = re.compile(
    r"\s(?:tiếp\s+tục|tổ\s+chức|chủ\s+động|thực\s+hiện|xây\s+dựng|triển\s+khai|có\s+trách\s+nhiệm"
    r"|chịu\s+trách\s+nhiệm|tham\s+mưu|rà\s+soát|căn\s+cứ|theo\s+dõi|hướng\s+dẫn|phối\s+hợp|chủ\s+trì"
    r"|nghiên\s+cứu|ban\s+hành|khẩn\s+trương|tập\s+trung|báo\s+cáo|theo|trong\s+phạm\s+vi|quán\s+triệt"
    r"|đẩy\s+mạnh|kiểm\s+tra|đôn\s+đốc|lãnh\s+đạo|chỉ\s+đạo|bố\s+trí|cân\s+đối|thẩm\s+định|trình"
    r"|làm\s+cơ\s+quan|là\s+cơ\s+quan|giúp|được|cần|phải|tổng\s+hợp|gửi|đề\s+xuất|thống\s+nhất)\b"
)
_LEAD_RE = re.compile(
    r"(?:^|[,;:.]\s*|[Gg]iao\s+)(?P<a>(?:"
    + _HEAD_WORDS
    + r")\b[^,;.():]{0,80}?)\s+(?:làm\s+cơ\s+quan\s+|là\s+cơ\s+quan\s+)?chủ\s+trì"
)
_COORD_RE = re.compile(r"phối\s+hợp(?:\s+với)?\s+(?P<c>[^;.()]+)", _I)
_COORD_STOP = re.compile(
    r"\s(?:để|tham\s+mưu|thực\s+hiện|triển\s+khai|xây\s+dựng|tổ\s+chức|trong|theo|hoàn\s+thành|rà\s+soát"
    r"|đánh\s+giá|báo\s+cáo|nghiên\s+cứu|trình|ban\s+hành|kiểm\s+tra|hướng\s+dẫn)\b"
)


def split_agencies(text: str) -> list[str]:
    """ "Sở Tài chính, Sở Nội vụ và các cơ quan liên quan" → three agencies; "các sở, ban, ngành" → one."""
    text = re.sub(r"\s+và\s+(?=(?:" + _HEAD_WORDS + r"|các\s)\b)", ", ", " ".join(text.split()))
    out: list[str] = []
    for part in re.split(r"[;\n]", text):
        for piece in part.split(","):
            piece = piece.strip()
            if not piece:
                continue
            if out and not _NEW_AGENCY.match(piece):
                out[-1] = f"{out[-1]}, {piece}"
            else:
                out.append(piece)
    return [a.strip(" .:") for a in out if a.strip(" .:")]


def find_agencies(text: str) -> list[Agency]:
    """Agencies and their role.

    - the subject of the task ("Giám đốc các Sở, … tiếp tục tổ chức …", "Các cơ quan, đơn vị, địa
      phương xây dựng …"): ``lead``, since they are the ones who carry it out (``coordinating`` when
      the verb is "phối hợp");
    - "X chủ trì": ``lead``; "phối hợp (với) Y, Z": ``coordinating``.
    """
    found: list[Agency] = []
    first = " ".join(text.split())
    if _HEAD.match(first):
        stop = _PREDICATE.search(first)
        if stop and stop.start() <= 250:
            role = (
                "coordinating"
                if first[stop.start() :].lstrip().lower().startswith("phối")
                else "lead"
            )
            found += [Agency(a, role) for a in split_agencies(first[: stop.start()])]
    for m in _LEAD_RE.finditer(first):
        found += [Agency(a, "lead") for a in split_agencies(m["a"])]
    for m in _COORD_RE.finditer(first):
        listed = m["c"]
        stop = _COORD_STOP.search(listed)
        if stop:
            listed = listed[: stop.start()]
        names = split_agencies(listed)
        if names and _NEW_AGENCY.match(names[0]):
            found += [Agency(a, "coordinating") for a in names]
    out: list[Agency] = []
    seen: set[tuple[str, str]] = set()
    for a in found:
        if (a.text, a.role) not in seen:
            seen.add((a.text, a.role))
            out.append(a)
    return out

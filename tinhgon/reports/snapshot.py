"""A :class:`ReportDocument` as JSON and back, and the SHA-256 checksum of that JSON.

A sent version keeps its data object as this JSON (images as base64): rendering it again gives the
same document whatever happens to the data later. The checksum is taken over the canonical text
(keys sorted, no spaces, UTF-8), so the same snapshot always gives the same checksum.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from typing import Any

from tinhgon.reports.document import Image, ReportDocument, Section, Signer, Table

FORMAT = 1  # the layout of the JSON; bump it when a field changes meaning


def to_json(doc: ReportDocument) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "kind": doc.kind,
        "superior_body": doc.superior_body,
        "issuing_body": doc.issuing_body,
        "issuer_code": doc.issuer_code,
        "type_code": doc.type_code,
        "type_name": doc.type_name,
        "number": doc.number,
        "place": doc.place,
        "date": doc.date.isoformat(),
        "summary": doc.summary,
        "sections": [
            {
                "heading": s.heading,
                "level": s.level,
                "paragraphs": list(s.paragraphs),
                "bullets": list(s.bullets),
                "tables": [
                    {
                        "title": t.title,
                        "headers": list(t.headers),
                        "rows": [list(r) for r in t.rows],
                        "total_label": t.total_label,
                        "totals": t.totals,
                    }
                    for t in s.tables
                ],
                "images": [
                    {
                        "title": i.title,
                        "png": base64.b64encode(i.png).decode("ascii"),
                        "width_cm": i.width_cm,
                    }
                    for i in s.images
                ],
            }
            for s in doc.sections
        ],
        "signer": {
            "authority": doc.signer.authority,
            "position": doc.signer.position,
            "name": doc.signer.name,
            "on_behalf_of": doc.signer.on_behalf_of,
        },
        "recipients": list(doc.recipients),
        "archive_code": doc.archive_code,
        "period_label": doc.period_label,
    }


def from_json(data: dict[str, Any]) -> ReportDocument:
    return ReportDocument(
        kind=data["kind"],
        superior_body=data["superior_body"],
        issuing_body=data["issuing_body"],
        issuer_code=data["issuer_code"],
        type_code=data["type_code"],
        type_name=data["type_name"],
        number=data["number"],
        place=data["place"],
        date=dt.date.fromisoformat(data["date"]),
        summary=data["summary"],
        sections=[
            Section(
                heading=s["heading"],
                level=s["level"],
                paragraphs=list(s["paragraphs"]),
                bullets=list(s["bullets"]),
                tables=[
                    Table(
                        t["title"],
                        list(t["headers"]),
                        [list(r) for r in t["rows"]],
                        t["total_label"],
                        t["totals"],
                    )
                    for t in s["tables"]
                ],
                images=[
                    Image(i["title"], base64.b64decode(i["png"]), i["width_cm"])
                    for i in s["images"]
                ],
            )
            for s in data["sections"]
        ],
        signer=Signer(**data["signer"]),
        recipients=list(data["recipients"]),
        archive_code=data["archive_code"],
        period_label=data["period_label"],
    )


def canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def checksum(data: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


def sha256(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()

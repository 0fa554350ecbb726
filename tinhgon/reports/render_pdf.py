"""PDF of a :class:`ReportDocument` through WeasyPrint from HTML (the same data object as the docx).

Why WeasyPrint rather than LibreOffice from the docx: it is a Python package (no 288 MB apt
dependency, no per-call profile directory), renders one report in about a second where LibreOffice
takes ~10 s to start, and subsets and embeds the fonts. Times New Roman is named first; on these
machines fontconfig resolves it to Liberation Serif (apt ``fonts-liberation2``, which has the
Vietnamese glyphs), and that font is embedded. The layout follows the docx renderer's values.
"""

from __future__ import annotations

import base64
from html import escape

from tinhgon.core.errors import Refused
from tinhgon.reports.document import MOTTO, NATIONAL_NAME, ReportDocument, numbered_headings
from tinhgon.reports.render_docx import MARGINS, SIZES

CSS = """
@page { size: A4 portrait; margin: %(top)smm %(right)smm %(bottom)smm %(left)smm; }
body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: %(text)spt;
       color: #000; line-height: 1.2; }
table.head, table.foot { width: 100%%; border-collapse: collapse; }
table.head td, table.foot td { vertical-align: top; text-align: center; padding: 0; }
.superior { font-size: %(superior)spt; }
.body-name { font-size: %(body_name)spt; font-weight: bold; }
.national { font-size: %(national_name)spt; font-weight: bold; }
.motto { font-size: %(motto)spt; font-weight: bold; }
.rule { border-top: 0.6pt solid #000; margin: 3pt auto 0; }
.number { font-size: %(number)spt; padding-top: 6pt; }
.date { font-size: %(date)spt; font-style: italic; padding-top: 6pt; }
.type { font-size: %(type_name)spt; font-weight: bold; text-align: center; margin: 18pt 0 0; }
.summary { font-size: %(summary)spt; font-weight: bold; text-align: center; margin: 0; }
h2 { font-size: %(heading)spt; font-weight: bold; margin: 6pt 0; text-indent: 1.27cm;
     text-align: justify; }
h2.l3 { font-style: italic; }
p.t { text-align: justify; text-indent: 1.27cm; margin: 0 0 6pt; }
table.data { border-collapse: collapse; margin: 3pt auto 9pt; font-size: %(table)spt; }
table.data th, table.data td { border: 0.5pt solid #000; padding: 2pt 4pt; }
table.data td.n { text-align: right; }
table.data tr.total td { font-weight: bold; }
.caption { font-size: %(table)spt; font-weight: bold; text-align: center; margin: 6pt 0 0; }
figure { margin: 6pt 0; text-align: center; }
figure img { width: 16cm; }
figcaption { font-size: %(table)spt; font-style: italic; }
.foot .rec { text-align: left; width: 48%%; }
.rec-title { font-size: %(recipients_title)spt; font-weight: bold; font-style: italic; }
.rec-line { font-size: %(recipients)spt; }
.sign { font-size: %(signer)spt; font-weight: bold; }
"""


def _n(v: int) -> str:
    return f"{v:,}".replace(",", ".")


def render_html(doc: ReportDocument) -> str:
    e = escape
    css = CSS % {
        **{k: str(v) for k, v in SIZES.items()},
        **{k: str(int(v.mm)) for k, v in MARGINS.items()},
    }
    parts = [
        f"<!doctype html><html lang='vi'><head><meta charset='utf-8'><style>{css}</style></head><body>"
    ]
    superior = (
        f"<div class='superior'>{'<br>'.join(map(e, doc.superior_body_lines))}</div>"
        if doc.superior_body
        else ""
    )
    parts.append(
        "<table class='head'><tr>"
        f"<td style='width:40%'>{superior}<div class='body-name'>{'<br>'.join(map(e, doc.issuing_body_lines))}</div>"
        "<div class='rule' style='width:30%'></div></td>"
        f"<td><div class='national'>{e(NATIONAL_NAME)}</div><div class='motto'>{e(MOTTO)}</div>"
        "<div class='rule' style='width:58%'></div></td></tr>"
        f"<tr><td class='number'>{e(doc.number_line)}</td><td class='date'>{e(doc.date_line)}</td></tr>"
        "</table>"
    )
    parts.append(f"<p class='type'>{e(doc.type_name)}</p><p class='summary'>{e(doc.summary)}</p>")
    parts.append("<div class='rule' style='width:25%;margin-bottom:12pt'></div>")
    for heading, s in zip(numbered_headings(doc.sections), doc.sections, strict=True):
        parts.append(f"<h2 class='l{s.level}'>{e(heading)}</h2>")
        parts.extend(f"<p class='t'>{e(t)}</p>" for t in s.paragraphs)
        parts.extend(f"<p class='t'>- {e(t)}</p>" for t in s.bullets)
        for t in s.tables:
            parts.append(f"<p class='caption'>{e(t.title)}</p><table class='data'><tr>")
            parts.extend(f"<th>{e(h)}</th>" for h in t.headers)
            parts.append("</tr>")
            for row in t.rows:
                parts.append("<tr>")
                parts.extend(
                    f"<td class='n'>{_n(v)}</td>" if isinstance(v, int) else f"<td>{e(str(v))}</td>"
                    for v in row
                )
                parts.append("</tr>")
            if t.totals:
                parts.append(f"<tr class='total'><td>{e(t.total_label)}</td>")
                parts.extend(
                    f"<td class='n'>{_n(v) if v is not None else ''}</td>"
                    for v in t.column_totals()[1:]
                )
                parts.append("</tr>")
            parts.append("</table>")
        for img in s.images:
            data = base64.b64encode(img.png).decode()
            parts.append(
                f"<figure><img src='data:image/png;base64,{data}' alt=''>"
                f"<figcaption>{e(img.title)}</figcaption></figure>"
            )
    recipients = "".join(f"<div class='rec-line'>- {e(r)};</div>" for r in doc.recipients)
    signer_lines = "".join(
        f"<div class='sign'>{e(line.upper())}</div>"
        for line in (doc.signer.authority, doc.signer.on_behalf_of, doc.signer.position)
        if line
    )
    parts.append(
        "<table class='foot' style='margin-top:12pt'><tr>"
        f"<td class='rec'><div class='rec-title'>Nơi nhận:</div>{recipients}"
        f"<div class='rec-line'>{e(doc.archive_line)}</div></td>"
        f"<td>{signer_lines}<div style='height:60pt'></div>"
        f"<div class='sign'>{e(doc.signer.name)}</div></td></tr></table>"
    )
    parts.append("</body></html>")
    return "".join(parts)


def render_pdf(doc: ReportDocument) -> bytes:
    from weasyprint import HTML

    data = HTML(string=render_html(doc)).write_pdf()
    if not data or not data.startswith(b"%PDF"):
        raise Refused.one(
            "format", "Không tạo được tệp PDF của báo cáo; xin thử lại hoặc báo quản trị."
        )
    return bytes(data)

"""Quota entries and headcounts in the core approval flow.

The ledger (:class:`QuotaEntry`) and the headcounts (:class:`Headcount`) hold approved facts only,
so every balance, indicator and report reads them as before. What an officer proposes — the entry
form, ``POST /api/v1/quota-entries/``, ``POST /api/v1/headcount-submissions/``, the two Excel
imports — becomes a :class:`QuotaSubmission` or :class:`HeadcountSubmission` (draft or submitted).

* Creating validates the rows as their approval would, in a transaction that is rolled back (a dry
  run through the same services), so an officer hears of a problem at once.
* Approving (Sở Nội vụ, never the maker) re-validates everything against the data of that moment
  and writes the rows through :func:`services.quota_entries_record` /
  :func:`services.headcounts_record` in the same transaction as the approval: all or nothing. A row
  that no longer holds (a balance that would go negative because another submission was approved in
  between…) is refused with its number: ``rows[i].field``, “Dòng i+1 (…): …”.
* Returning needs a reason; the maker resubmits; approved submissions are locked; the approval
  fingerprint covers the rows, so a change behind the lock shows as “changed since approval”.

Writes that are consequences of an act already approved stay direct: the staffing step of a
reorganisation event (:func:`services.on_reorg_event`), an accepted autonomy proposal, the demo's
history.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tinhgon.core import audit
from tinhgon.core.approval import (
    approval_approve,
    approval_return,
    approval_submit,
)
from tinhgon.core.errors import Problem, Refused
from tinhgon.core.text import nfc
from tinhgon.organizations.models import LegalDocument, Organization
from tinhgon.organizations.selectors import ancestors_on
from tinhgon.organizations.services import DecisionInput
from tinhgon.staffing import services
from tinhgon.staffing.choices import EntryType, QuotaKind, SubmissionSource
from tinhgon.staffing.models import HeadcountSubmission, QuotaSubmission
from tinhgon.staffing.services import EntryInput, HeadcountInput

_LCA_LIMIT = 50  # distinct organizations beyond which a submission is filed under the maker's scope


class _Rollback(Exception):
    """Raised at the end of a dry run to roll its savepoint back."""


def _dry_run(write: Callable[[], Any]) -> None:
    """Run ``write`` (a service) and roll it back: its Refused comes out, nothing stays written."""
    with contextlib.suppress(_Rollback), transaction.atomic():
        write()
        raise _Rollback


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def iso_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------------------------
# Rows ↔ JSON


def entry_row(row: EntryInput) -> dict[str, Any]:
    d = row.decision
    if isinstance(d, LegalDocument):
        decision = {
            "number": d.number,
            "date": _iso(d.date),
            "issuer": d.issuer,
            "signer": d.signer,
        }
    elif d is not None:
        decision = {
            "number": nfc(d.number or ""),
            "date": _iso(d.date),
            "issuer": nfc(d.issuer or ""),
            "signer": nfc(d.signer or ""),
        }
    else:
        decision = {}
    return {
        "organization": row.organization,
        "kind": row.kind,
        "year": row.year,
        "entry_type": row.entry_type,
        "amount": row.amount,
        "effective_date": _iso(row.effective_date),
        "decision": decision,
        "note": nfc(row.note or ""),
        "counterpart": row.counterpart,
    }


def entry_input(row: dict[str, Any]) -> EntryInput:
    d = row.get("decision") or {}
    return EntryInput(
        row.get("organization"),
        row.get("kind", ""),
        row.get("year"),
        row.get("entry_type", ""),
        row.get("amount"),
        iso_date(row.get("effective_date")),
        DecisionInput(
            d.get("number", ""), iso_date(d.get("date")), d.get("issuer", ""), d.get("signer", "")
        )
        if d
        else None,
        row.get("note", ""),
        row.get("counterpart"),
    )


def headcount_row(row: HeadcountInput) -> dict[str, Any]:
    return {
        "organization": row.organization,
        "kind": row.kind,
        "as_of": _iso(row.as_of),
        "count": row.count,
    }


def headcount_input(row: dict[str, Any]) -> HeadcountInput:
    return HeadcountInput(
        row.get("organization"), row.get("kind", ""), iso_date(row.get("as_of")), row.get("count")
    )


# ---------------------------------------------------------------------------------------------
# Where a submission belongs


def _home(acting_user: Any, pairs: list[tuple[int, dt.date]]) -> int:
    """The smallest subtree holding every row: the lowest common managing body of the rows'
    organizations (each on its latest date in the rows). Beyond :data:`_LCA_LIMIT` organizations,
    the maker's scope root (or the top of the tree for a maker who sees everything)."""
    latest: dict[int, dt.date] = {}
    for org, day in pairs:
        latest[org] = max(day, latest.get(org, day))
    if len(latest) == 1:
        return next(iter(latest))
    root = getattr(acting_user, "scope_root_id", None)
    common: list[int] | None = None
    if len(latest) <= _LCA_LIMIT:
        for org, day in sorted(latest.items()):
            chain = [org, *(s.organization_id for s in ancestors_on(org, day))]
            common = chain if common is None else [o for o in common if o in chain]
    if common:
        return common[0]
    if root is not None:
        return int(root)
    first = min(latest)
    above = ancestors_on(first, latest[first])
    return above[-1].organization_id if above else first


def _refused_rows(
    exc: Refused, rows: list[dict[str, Any]], describe: Callable[[dict[str, Any]], str]
) -> Refused:
    """The service's problems, each message naming its row (“Dòng 3 (…): …”)."""
    out: list[Problem] = []
    for p in exc.problems:
        index = _row_index(p.path)
        if index is not None and index < len(rows):
            out.append(
                Problem(
                    p.path,
                    _("Dòng %(n)s (%(row)s): %(m)s")
                    % {"n": index + 1, "row": describe(rows[index]), "m": p.message},
                )
            )
        else:
            out.append(p)
    return Refused(*out)


def _row_index(path: str) -> int | None:
    if not path.startswith("rows["):
        return None
    head = path[5:].split("]", 1)[0]
    return int(head) if head.isdigit() else None


def org_names(rows: list[dict[str, Any]]) -> dict[Any, str]:
    ids = {r.get("organization") for r in rows if isinstance(r.get("organization"), int)}
    if not ids:
        return {}
    return {
        o.pk: str(o) for o in Organization.objects.filter(pk__in=ids).prefetch_related("states")
    }


def describe_entry(names: dict[Any, str]) -> Callable[[dict[str, Any]], str]:
    def describe(row: dict[str, Any]) -> str:
        org = names.get(row.get("organization"), str(row.get("organization")))
        kind = dict(QuotaKind.choices).get(row.get("kind", ""), row.get("kind", ""))
        entry = dict(EntryType.choices).get(row.get("entry_type", ""), row.get("entry_type", ""))
        return f"{org}, {kind}, {entry} {row.get('amount')}"

    return describe


def describe_headcount(names: dict[Any, str]) -> Callable[[dict[str, Any]], str]:
    def describe(row: dict[str, Any]) -> str:
        org = names.get(row.get("organization"), str(row.get("organization")))
        kind = dict(QuotaKind.choices).get(row.get("kind", ""), row.get("kind", ""))
        return f"{org}, {kind}"

    return describe


# ---------------------------------------------------------------------------------------------
# Creating


def _create(
    model: type[QuotaSubmission] | type[HeadcountSubmission],
    *,
    acting_user: Any,
    rows: list[dict[str, Any]],
    home: int,
    title: str,
    source: str,
    submit: bool,
) -> Any:
    obj: Any = model(
        organization_id=home,
        title=nfc(title)[:300],
        source=source,
        rows=rows,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    obj.save()
    audit.record(
        actor=acting_user, action="create", obj=obj, before=None, after=audit.snapshot(obj)
    )
    if submit:
        obj = approval_submit(acting_user=acting_user, obj=obj, expected_version=obj.version)
    return obj


def quota_submission_create(
    *,
    acting_user: Any,
    rows: list[EntryInput],
    title: str,
    source: str = SubmissionSource.FORM,
    submit: bool = True,
    prefix: str = "rows",
) -> QuotaSubmission:
    """Propose ledger entries (draft, or submitted when ``submit``): every row checked as its
    approval would check it (nothing is written to the ledger), then stored with one audit row."""
    if not rows:
        raise Refused.one(prefix, _("Không có bút toán nào để đề nghị."))
    with transaction.atomic():
        _dry_run(
            lambda: services.quota_entries_record(
                acting_user=acting_user, rows=list(rows), prefix=prefix
            )
        )
        pairs = [
            (int(r.organization), r.effective_date)
            for r in rows
            if r.organization is not None and r.effective_date is not None
        ]
        return _create(
            QuotaSubmission,
            acting_user=acting_user,
            rows=[entry_row(r) for r in rows],
            home=_home(acting_user, pairs),
            title=title,
            source=source,
            submit=submit,
        )


def headcount_submission_create(
    *,
    acting_user: Any,
    rows: list[HeadcountInput],
    title: str,
    source: str = SubmissionSource.FORM,
    submit: bool = True,
    prefix: str = "rows",
) -> HeadcountSubmission:
    """Report headcounts (draft, or submitted when ``submit``), checked as their approval would
    check them (nothing written to the headcounts), stored with one audit row."""
    if not rows:
        raise Refused.one(prefix, _("Không có số liệu nào để báo cáo."))
    with transaction.atomic():
        _dry_run(
            lambda: services.headcounts_record(
                acting_user=acting_user, rows=list(rows), prefix=prefix
            )
        )
        pairs = [
            (int(r.organization), r.as_of)
            for r in rows
            if r.organization is not None and r.as_of is not None
        ]
        return _create(
            HeadcountSubmission,
            acting_user=acting_user,
            rows=[headcount_row(r) for r in rows],
            home=_home(acting_user, pairs),
            title=title,
            source=source,
            submit=submit,
        )


# ---------------------------------------------------------------------------------------------
# The flow


def submission_submit(*, acting_user: Any, submission: Any, expected_version: int | None) -> Any:
    """Send a draft or a returned submission for approval."""
    return approval_submit(
        acting_user=acting_user, obj=submission, expected_version=expected_version
    )


def submission_return(
    *, acting_user: Any, submission: Any, expected_version: int | None, reason: str
) -> Any:
    """Send a submission back to its maker; the reason is required."""
    return approval_return(
        acting_user=acting_user, obj=submission, expected_version=expected_version, reason=reason
    )


def _approve_and_write(
    *,
    acting_user: Any,
    submission: Any,
    expected_version: int | None,
    reason: str,
    write: Any,
    to_input: Any,
    describe: Any,
) -> Any:
    """Approve ``submission`` and write its rows through ``write`` (the ledger's or the headcounts'
    service) in one transaction: all or nothing; a row that no longer holds is named."""
    with transaction.atomic():
        approved: Any = approval_approve(
            acting_user=acting_user,
            obj=submission,
            expected_version=expected_version,
            reason=reason,
        )
        rows = list(approved.rows)
        try:
            write(
                acting_user=acting_user,
                rows=[to_input(r) for r in rows],
                prefix="rows",
                submission=approved,
            )
        except Refused as exc:
            raise _refused_rows(exc, rows, describe(org_names(rows))) from None
    return approved


def quota_submission_approve(
    *,
    acting_user: Any,
    submission: QuotaSubmission,
    expected_version: int | None,
    reason: str = "",
) -> QuotaSubmission:
    """Approve and write the entries into the ledger, in one transaction: all or nothing."""
    return _approve_and_write(  # type: ignore[no-any-return]
        acting_user=acting_user, submission=submission, expected_version=expected_version,
        reason=reason, write=services.quota_entries_record, to_input=entry_input,
        describe=describe_entry,
    )  # fmt: skip


def headcount_submission_approve(
    *,
    acting_user: Any,
    submission: HeadcountSubmission,
    expected_version: int | None,
    reason: str = "",
) -> HeadcountSubmission:
    """Approve and write the headcounts, in one transaction: all or nothing."""
    return _approve_and_write(  # type: ignore[no-any-return]
        acting_user=acting_user, submission=submission, expected_version=expected_version,
        reason=reason, write=services.headcounts_record, to_input=headcount_input,
        describe=describe_headcount,
    )  # fmt: skip


def submission_approve(
    *, acting_user: Any, obj: Any, expected_version: int | None, reason: str = ""
) -> Any:
    """The kind's approve service (for :func:`approval_bulk_approve`)."""
    approve = (
        quota_submission_approve
        if isinstance(obj, QuotaSubmission)
        else headcount_submission_approve
    )
    return approve(
        acting_user=acting_user, submission=obj, expected_version=expected_version, reason=reason
    )

"""Excel import screens: list of kinds, template download, upload → dry run → commit as a job."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhgon.core import importing
from tinhgon.core.importing.job import upload_dir
from tinhgon.core.jobs import job_enqueue
from tinhgon.core.models import Job
from tinhgon.organizations import access
from tinhgon.plans import importers as _plans_importers  # noqa: F401  (the plan workbook)
from tinhgon.restructuring import importers  # noqa: F401  (registers the registry workbook)
from tinhgon.staffing import importers as _staffing_importers  # noqa: F401  (the quota workbooks)

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind(key: str) -> importing.ImportKind:
    kind = importing.get_kind(key)
    if kind is None:
        raise Http404(_("Không có loại nhập này."))
    return kind


def _import_job(request: HttpRequest, pk: int) -> Job:
    job = Job.objects.filter(pk=pk, kind="import", owner_id=request.user.pk).first()
    if job is None:
        raise Http404(_("Không tìm thấy lần nhập này."))
    return job


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    access.require_writer(request.user)
    return render(request, "imports/list.html", {"kinds": importing.kinds()})


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    access.require_writer(request.user)
    spec = _kind(kind)
    response = HttpResponse(importing.template_bytes(spec.spec), content_type=_XLSX)
    response["Content-Disposition"] = f'attachment; filename="{spec.filename}"'
    return response


@login_required
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    access.require_writer(request.user)
    spec = _kind(kind)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Hãy chọn tệp Excel.")
        elif upload.size and upload.size > settings.TINHGON_MAX_UPLOAD_BYTES:
            error = _("Tệp lớn quá giới hạn cho phép.")
        else:
            data = upload.read()
            try:
                importing.check_file(data)
            except importing.FileRefused as exc:
                error = exc.message
            else:
                result = importing.run_import(
                    spec.spec, data, spec.apply, acting_user=request.user, commit=False
                )
                if not result.ok:  # nothing kept: no job, no stored file
                    return render(
                        request,
                        "imports/dry_run.html",
                        {"job": None, "result": result, "kind": spec, "filename": upload.name},
                    )
                folder = upload_dir()
                folder.mkdir(parents=True, exist_ok=True)
                name = f"{uuid.uuid4().hex}.xlsx"
                (folder / name).write_bytes(data)
                job = Job.objects.create(  # type: ignore[misc]
                    kind="import",
                    label=_("Nhập “%(t)s” từ tệp %(f)s") % {"t": spec.spec.title, "f": upload.name},
                    owner=request.user,
                    params={
                        "kind": spec.key,
                        "module": spec.apply.__module__,
                        "path": name,
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "filename": upload.name,
                        "dry_run": result.as_dict(),
                    },
                )
                return redirect("imports:dry_run", pk=job.pk)
    return render(request, "imports/upload.html", {"kind": spec, "error": error})


@login_required
def import_dry_run(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_writer(request.user)
    job = _import_job(request, pk)
    result = importing.ImportResult.from_dict(job.params.get("dry_run", {}))
    return render(
        request,
        "imports/dry_run.html",
        {
            "job": job,
            "filename": job.params.get("filename", ""),
            "result": result,
            "kind": importing.get_kind(job.params.get("kind", "")),
            "n_units": result.created.get(_("đơn vị"), 0),
            "n_events": result.created.get(_("sự kiện"), 0),
            "n_docs": result.created.get(_("văn bản"), 0),
            "created": importing.describe(result),
        },
    )


@login_required
@require_POST
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_writer(request.user)
    job = _import_job(request, pk)
    dry = importing.ImportResult.from_dict(job.params.get("dry_run", {}))
    if not dry.ok or job.status != Job.Status.QUEUED or job.params.get("enqueued"):
        return redirect("imports:dry_run", pk=job.pk)
    job.params = {**job.params, "enqueued": True, "result_url": reverse("imports:list")}
    job.save(update_fields=["params"])
    job_enqueue(job)
    return redirect("jobs:detail", pk=job.pk)

"""The progress page of a background job and its HTMX partial, polled every second."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tinhgon.core.jobs import jobs_recover
from tinhgon.core.models import Job


def _get_job(request: HttpRequest, pk: int) -> Job:
    """A job is seen by the user who started it (and by superusers)."""
    job = Job.objects.filter(pk=pk).first()
    user = request.user
    if job is None or not (job.owner_id == user.pk or getattr(user, "is_superuser", False)):
        raise Http404(_("Không tìm thấy việc chạy nền."))
    jobs_recover([job])  # a job whose worker died says so instead of "running"
    return job


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "core/job.html", {"job": _get_job(request, pk)})


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The partial: with the polling trigger while the job runs, without it once finished."""
    return render(request, "core/job_progress.html", {"job": _get_job(request, pk)})

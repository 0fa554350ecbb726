"""``tinhgon jobs_recover``: mark failed the background jobs whose worker died (kill -9, a restart).

Run by the job worker's service before it starts (docs/deployment.md), so a job interrupted by a
restart is reported at once; the job pages also check the job they show.
"""

from typing import Any

from django.core.management.base import BaseCommand

from tinhgon.core.jobs import jobs_recover


class Command(BaseCommand):
    help = "Đánh dấu lỗi các việc chạy nền có tiến trình xử lý đã dừng."

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = jobs_recover()
        for job in recovered:
            self.stdout.write(f"#{job.pk} {job.label}: {job.message}")
        self.stdout.write(f"Đã đánh dấu lỗi {len(recovered)} việc chạy nền bị dừng giữa chừng.")

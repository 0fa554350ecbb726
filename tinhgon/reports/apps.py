from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tinhgon.reports"
    label = "reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        from tinhgon.reports import (
            jobs,  # noqa: F401 (registers the job function)
            reminders,  # noqa: F401 (report deadlines in the digests)
        )

from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "tinhgon.workforce"
    label = "workforce"
    verbose_name = "Đội ngũ cán bộ, công chức, viên chức"

    def ready(self) -> None:
        from tinhgon.workforce import importers  # noqa: F401  (registers the import kinds)

from django.apps import AppConfig


class AutonomyConfig(AppConfig):
    name = "tinhgon.autonomy"
    label = "autonomy"
    verbose_name = "Tự chủ tài chính"

    def ready(self) -> None:
        # Register the Excel import kind of yearly figures, so that the import screens and the
        # import job (in any process) know it.
        from tinhgon.autonomy import importers  # noqa: F401

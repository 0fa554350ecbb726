from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tinhgon.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self) -> None:
        from tinhgon.core import text_input

        text_input.install()

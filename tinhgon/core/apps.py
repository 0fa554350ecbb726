from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tinhgon.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

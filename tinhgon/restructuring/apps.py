from django.apps import AppConfig


class RestructuringConfig(AppConfig):
    name = "tinhgon.restructuring"
    label = "restructuring"
    verbose_name = "Sắp xếp tổ chức"

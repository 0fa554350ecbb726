from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "tinhgon.indicators"
    label = "indicators"
    verbose_name = "Chỉ tiêu"

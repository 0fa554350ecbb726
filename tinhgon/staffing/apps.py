from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "tinhgon.staffing"
    label = "staffing"
    verbose_name = "Biên chế"

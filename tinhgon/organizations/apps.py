from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "tinhgon.organizations"
    label = "organizations"
    verbose_name = "Cơ quan, đơn vị"

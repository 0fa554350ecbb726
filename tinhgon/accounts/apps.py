from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tinhgon.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

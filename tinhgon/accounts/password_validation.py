"""Django's password validators with their messages in Vietnamese (Django's own ``vi`` catalogue
leaves the length rule in English). The rules are Django's; only the words change."""

from typing import Any

from django.contrib.auth import password_validation as base


class MinimumLengthValidator(base.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self) -> str:
        return f"Mật khẩu có ít nhất {self.min_length} ký tự."


class UserAttributeSimilarityValidator(base.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu quá giống %(verbose_name)s."

    def get_help_text(self) -> str:
        return "Mật khẩu không được giống tên đăng nhập, họ tên hay thư điện tử."


class CommonPasswordValidator(base.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu này quá phổ biến, dễ bị đoán."

    def get_help_text(self) -> str:
        return "Không dùng mật khẩu phổ biến."


class NumericPasswordValidator(base.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu không được chỉ gồm chữ số."

    def get_help_text(self) -> str:
        return "Mật khẩu không chỉ gồm chữ số."


__all__: list[Any] = [
    "CommonPasswordValidator",
    "MinimumLengthValidator",
    "NumericPasswordValidator",
    "UserAttributeSimilarityValidator",
]

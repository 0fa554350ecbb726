"""``tinhgon cache_clear``: forget every cached computation (tinhgon.core.memo).

Needed only after changing data outside the services (the shell, SQL, a data migration): every
change made through the services already makes the cached values unreachable when it commits."""

from typing import Any

from django.core.cache import cache
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Xoá mọi số liệu đã tính sẵn trong bộ nhớ đệm (sau khi sửa dữ liệu ngoài hệ thống)."

    def handle(self, *args: Any, **options: Any) -> None:
        cache.clear()
        self.stdout.write("Đã xoá bộ nhớ đệm.")

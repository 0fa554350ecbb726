from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tinhgon.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self) -> None:
        from tinhgon.core import text_input

        text_input.install()

        from django.db.models.signals import post_migrate

        post_migrate.connect(_forget_cache, sender=self)


def _forget_cache(**kwargs: object) -> None:
    """After migrate (and a test's flush, which sends post_migrate) nothing cached may be reused:
    the data may have changed without the audit trail."""
    import contextlib

    from django.core.cache import cache
    from django.db.utils import DatabaseError

    with contextlib.suppress(DatabaseError):  # no cache table on this database (yet)
        cache.clear()

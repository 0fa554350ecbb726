from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "tinhgon.signatures"
    label = "signatures"
    verbose_name = "Chữ ký số"

    def ready(self) -> None:
        from tinhgon.core.approval import register_approve_check
        from tinhgon.signatures.approvals import require_signature_check

        register_approve_check(require_signature_check)

"""``tinhgon signing_key_add``: register a person's or a body's signing key (PKCS#12 file or
PKCS#11 token). The passphrase or PIN is asked (not echoed) to prove the key opens, then forgotten."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tinhgon.core.context import acting_from
from tinhgon.core.errors import Refused
from tinhgon.organizations.models import Organization
from tinhgon.restructuring.management.commands.load_demo import system_user
from tinhgon.signatures import services
from tinhgon.signatures.choices import CredentialKind


class Command(BaseCommand):
    help = "Đăng ký khoá ký số (tệp .p12 hoặc USB token PKCS#11) cho một người hoặc một cơ quan."

    def add_arguments(self, parser: Any) -> None:
        owner = parser.add_mutually_exclusive_group(required=True)
        owner.add_argument("--user", help="tên đăng nhập của người ký")
        owner.add_argument("--organization", type=int, help="mã (id) cơ quan ban hành")
        key = parser.add_mutually_exclusive_group(required=True)
        key.add_argument("--p12", help="tệp PKCS#12 (.p12/.pfx)")
        key.add_argument("--pkcs11-module", help="thư viện PKCS#11 của token (.so)")
        parser.add_argument("--token", default="", help="nhãn token (PKCS#11)")
        parser.add_argument("--key-label", default="", help="nhãn khoá trên token (PKCS#11)")
        parser.add_argument("--label", default="")
        parser.add_argument(
            "--secret-env",
            default="",
            help="biến môi trường chứa mật khẩu/PIN (cho kịch bản); mặc định hỏi khi chạy",
        )

    def handle(self, *args: Any, **o: Any) -> None:
        user = org = None
        if o["user"]:
            user = get_user_model().objects.filter(username=o["user"]).first()
            if user is None:
                raise CommandError(f"Không có tài khoản “{o['user']}”.")
        else:
            org = Organization.objects.filter(pk=o["organization"]).first()
            if org is None:
                raise CommandError(f"Không có cơ quan mã {o['organization']}.")
        secret = (
            os.environ.get(o["secret_env"], "")
            if o["secret_env"]
            else getpass.getpass("Mật khẩu tệp khoá / mã PIN: ")
        )
        kw: dict[str, Any] = {}
        if o["p12"]:
            kw = {"kind": CredentialKind.PKCS12, "pkcs12": Path(o["p12"]).read_bytes()}
        else:
            kw = {
                "kind": CredentialKind.PKCS11,
                "pkcs11_module": o["pkcs11_module"],
                "pkcs11_token": o["token"],
                "pkcs11_key": o["key_label"],
            }
        try:
            with acting_from("cli"):
                cred = services.credential_register(
                    acting_user=system_user(),
                    secret=secret,
                    user=user,
                    organization=org,
                    label=o["label"],
                    **kw,
                )
        except Refused as exc:
            raise CommandError("; ".join(p.message for p in exc.problems)) from None
        self.stdout.write(f"Đã đăng ký khoá “{cred.label}” ({cred.subject}).")

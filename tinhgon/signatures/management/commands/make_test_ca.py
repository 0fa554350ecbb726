"""``tinhgon make_test_ca``: a TEST certificate authority, keys for the demo's signers, a CRL.

Writes ``<TINHGON_SIGNATURE_DIR>/trust/tinhgon-test-ca.pem`` (the root to trust),
``crl/tinhgon-test-ca.crl`` and ``p12/<name>.p12`` (each key encrypted with the demo passphrase),
and registers each key for the demo account or body it was issued to. Never for production.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from tinhgon.core.context import acting_from
from tinhgon.organizations.models import OrganizationState
from tinhgon.restructuring.management.commands.demo_accounts import ACCOUNTS
from tinhgon.restructuring.management.commands.load_demo import system_user
from tinhgon.signatures import services, trust
from tinhgon.signatures.choices import CredentialKind
from tinhgon.signatures.models import Credential
from tinhgon.signatures.testca import TestCA

PASSPHRASE = "tinhgon-ky-so-2026"  # noqa: S105 (published passphrase of the demo's TEST keys)
TEST_LABEL = "(CA THỬ NGHIỆM)"
BODIES = ("UBND tỉnh Hà Tĩnh", "Sở Nội vụ")
TITLES = {
    "lanhdao": ("Phó Chủ tịch", "UBND tỉnh Hà Tĩnh"),
    "snv": ("Chuyên viên", "Sở Nội vụ"),  # the account's own position (a supervisor, not the head)
    "thanhtra": ("Chánh Thanh tra", "Thanh tra tỉnh"),
    "soyte": ("Chuyên viên", "Sở Y tế"),
    "sogddt": ("Chuyên viên", "Sở Giáo dục và Đào tạo"),
    "xathachha": ("Công chức", "UBND xã Thạch Hà"),
}


class Command(BaseCommand):
    help = "Tạo CA THỬ NGHIỆM (không dùng cho sản xuất), khoá ký số của tài khoản mẫu và CRL."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--passphrase", default=PASSPHRASE)

    def handle(self, *args: Any, **options: Any) -> None:
        folder = trust.signing_dir()
        passphrase = options["passphrase"]
        now = timezone.now()
        ca = TestCA.create(now)
        for sub in ("trust", "crl", "p12"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        (folder / "trust" / "tinhgon-test-ca.pem").write_bytes(ca.cert_pem)
        start, end = now - dt.timedelta(days=1), now + dt.timedelta(days=2 * 365)
        User = get_user_model()
        issued: list[tuple[str, Any, Any, bytes]] = []  # (file stem, user, org, p12)
        for username, full_name, _role, _work, _scope, superuser in ACCOUNTS:
            if superuser:
                continue
            title, body = TITLES.get(username, ("", ""))
            item = ca.issue(
                full_name,
                passphrase=passphrase,
                organization=body,
                title=title,
                not_before=start,
                not_after=end,
            )
            issued.append(
                (username, User.objects.filter(username=username).first(), None, item.p12)
            )
        for name in BODIES:
            state = OrganizationState.objects.filter(name=name).order_by("-valid_from").first()
            org = state.organization if state else None
            common = str(org) if org else name  # the body's current name, as registered
            item = ca.issue(
                common, passphrase=passphrase, organization=common, not_before=start, not_after=end
            )
            stem = "co-quan-" + ("ubnd-tinh" if name.startswith("UBND") else "so-noi-vu")
            issued.append((stem, None, org, item.p12))
        revoked = ca.issue(
            "Chứng thư đã thu hồi (thử nghiệm)",
            passphrase=passphrase,
            not_before=start,
            not_after=end,
        )
        ca.revoke(revoked.cert, now - dt.timedelta(hours=1))
        (folder / "p12" / "da-thu-hoi.p12").write_bytes(revoked.p12)
        (folder / "crl" / "tinhgon-test-ca.crl").write_bytes(ca.crl(now))
        registered = 0
        with acting_from("cli"):
            actor = system_user()
            for old in Credential.objects.filter(is_active=True, label__endswith=TEST_LABEL):
                services.credential_deactivate(
                    acting_user=actor, credential=old, reason="Thay bằng CA thử nghiệm mới"
                )
            for stem, user, org, p12 in issued:
                (folder / "p12" / f"{stem}.p12").write_bytes(p12)
                if user is None and org is None:
                    continue
                services.credential_register(
                    acting_user=actor,
                    kind=CredentialKind.PKCS12,
                    secret=passphrase,
                    user=user,
                    organization=org,
                    pkcs12=p12,
                    label=f"{stem} {TEST_LABEL}",
                    now=now,
                )
                registered += 1
        self.stdout.write(
            f"CA THỬ NGHIỆM — KHÔNG DÙNG CHO SẢN XUẤT: {folder}\n"
            f"{len(issued)} khoá (mật khẩu “{passphrase}”), {registered} đã gắn với tài khoản/cơ quan "
            "mẫu; 1 chứng thư đã thu hồi trong CRL."
        )

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhgon.accounts.choices import AUDIT_READER_ROLES, USER_ADMIN_ROLES, WRITING_ROLES, Role


class User(AbstractUser):
    """A person using TinhGon: one role, one workplace, one scope (a subtree of organizations).

    ``scope_root`` is the organization whose subtree the user sees and, by role, changes. When that
    organization ends in a merger the scope follows its successors (organizations.access). A superuser
    is an administrator whose scope is every organization.
    """

    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan, đơn vị công tác"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_users",
    )
    scope_root = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("phạm vi dữ liệu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scoped_users",
        help_text=_("Người dùng xem và xử lý dữ liệu của cơ quan này và các đơn vị thuộc nó."),
    )
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """The name in Vietnamese order: family and middle names (``last_name``), then the given
        name (``first_name``) — "Nguyễn Thị Lan", not Django's "Lan Nguyễn Thị"."""
        return " ".join(p for p in (self.last_name.strip(), self.first_name.strip()) if p)

    @property
    def effective_role(self) -> str:
        return Role.ADMINISTRATOR if self.is_superuser else self.role

    @property
    def sees_everything(self) -> bool:
        """Administrators (and superusers) have every organization in scope."""
        return self.is_superuser or (self.role == Role.ADMINISTRATOR and self.scope_root_id is None)

    @property
    def can_write(self) -> bool:
        return self.is_active and self.effective_role in WRITING_ROLES

    @property
    def can_manage_users(self) -> bool:
        return self.is_active and self.effective_role in USER_ADMIN_ROLES

    @property
    def can_read_audit(self) -> bool:
        return self.is_active and self.effective_role in AUDIT_READER_ROLES

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", _("Chuyên viên Sở Nội vụ (tổng hợp)")
    OFFICER = "officer", _("Cán bộ đầu mối của cơ quan, đơn vị")
    LEADER = "leader", _("Lãnh đạo (chỉ xem)")
    INSPECTOR = "inspector", _("Thanh tra, kiểm tra")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


# Roles that may change data in their scope (the leader and the inspector only read).
WRITING_ROLES = {Role.SUPERVISOR, Role.OFFICER, Role.ADMINISTRATOR}
# Roles that manage users and read the whole audit trail of their scope.
USER_ADMIN_ROLES = {Role.SUPERVISOR, Role.ADMINISTRATOR}
AUDIT_READER_ROLES = {Role.SUPERVISOR, Role.INSPECTOR, Role.ADMINISTRATOR}
# Roles offered the optional TOTP two-factor login (docs/security.md).
TWO_FACTOR_ROLES = {Role.SUPERVISOR, Role.ADMINISTRATOR}

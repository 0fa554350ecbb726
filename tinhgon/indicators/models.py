from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhgon.core.versioning import Versioned
from tinhgon.indicators.choices import Comparison, Confidence, Measure


class Target(Versioned):
    """A target as data: the national ones are seeded from ``rules.targets``; provinces add their own."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    description = models.TextField(_("nội dung"))
    source = models.CharField(_("căn cứ"), max_length=300)
    confidence = models.CharField(_("độ tin cậy"), max_length=20, choices=Confidence.choices)
    measure = models.CharField(_("đại lượng đo"), max_length=40, choices=Measure.choices)
    comparison = models.CharField(_("cách so sánh"), max_length=30, choices=Comparison.choices)
    target_value = models.DecimalField(_("giá trị chỉ tiêu"), max_digits=9, decimal_places=2)
    baseline_date = models.DateField(_("ngày mốc"), null=True, blank=True)
    baseline_value = models.BigIntegerField(_("giá trị mốc (nếu nguồn nêu)"), null=True, blank=True)
    deadline = models.DateField(_("thời hạn"))
    scope = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("phạm vi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: áp dụng cho mọi phạm vi."),
    )
    excluded_sectors = models.JSONField(_("trừ các lĩnh vực"), default=list, blank=True)
    is_national = models.BooleanField(_("chỉ tiêu của Trung ương"), default=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["deadline", "code"]

    def __str__(self) -> str:
        return self.description

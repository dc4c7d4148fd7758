"""The reports' one setting: when, and to whom, an operation's daily CMCoord report is emailed."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmcoord.models import Operation

DEFAULT_HOUR = 6


class DailyReportSetting(models.Model):
    """Set by the operation's CMCoord officers; without a row, every reader at 06:00 (operation time)."""

    operation = models.OneToOneField(Operation, on_delete=models.CASCADE, related_name="daily_report_setting")
    enabled = models.BooleanField(_("email the daily report"), default=True)
    hour = models.PositiveSmallIntegerField(
        _("hour"),
        default=DEFAULT_HOUR,
        validators=[MaxValueValidator(23)],
        help_text=_("In the operation's time zone, 0 to 23."),
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("recipients"),
        help_text=_("None chosen: every reader of the operation."),
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(hour__lte=23), name="daily_report_hour_valid"),
        ]

    def __str__(self) -> str:
        return str(self.operation)

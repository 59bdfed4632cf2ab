from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReadOnlyError(Exception):
    pass


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def update(self, **kwargs: object) -> int:
        raise ReadOnlyError("The access log cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ReadOnlyError("The access log cannot be deleted from.")


class AccessLog(models.Model):
    """One read of sensitive data: who saw what, when and why. Written once, never changed."""

    class Purpose(models.TextChoices):
        CASE_WORK = "case_work", _("Case work")
        MATCHING = "matching", _("Matching")
        SUPPORT = "support", _("Support during the year")
        EXPORT = "export", _("Export on request")
        REVIEW = "review", _("Review or audit")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A label and key rather than a foreign key: the entry outlives what was read.
    object_type = models.CharField(_("what"), max_length=60)
    object_id = models.CharField(_("which"), max_length=40)
    fields = models.CharField(_("fields"), max_length=300, blank=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    path = models.CharField(_("page"), max_length=300, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.object_type}:{self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ReadOnlyError("The access log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ReadOnlyError("The access log cannot be deleted from.")

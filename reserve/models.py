"""Volunteer Reserve call-outs: an emergency need, and the Reserve members asked to help.

A :class:`CallOut` turns one emergency need into a call to the Reserve members who pass its
hard rules (:func:`needs.matching.eligible_volunteers`). Each member asked is an
:class:`Ask`, saved when the call-out starts and e-mailed by the worker in batches, with a
signed one-click "I can help" link (:mod:`reserve.callouts`) that works once.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class CallOut(models.Model):
    need = models.OneToOneField("needs.Need", on_delete=models.CASCADE, related_name="callout")
    message = models.TextField(
        "a word to the Reserve",
        blank=True,
        max_length=1000,
        help_text="Optional: anything people should know before they say yes.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When the members to ask were found and queued."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "call-out"

    def __str__(self):
        return f"Call-out: {self.need}"


class Ask(models.Model):
    """One Reserve member asked by one call-out."""

    callout = models.ForeignKey(CallOut, on_delete=models.CASCADE, related_name="asks")
    volunteer = models.ForeignKey(
        "volunteering.Volunteer", on_delete=models.CASCADE, related_name="reserve_asks"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    application = models.ForeignKey(
        "needs.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["callout", "volunteer"], name="one_ask_per_callout")
        ]
        indexes = [models.Index(fields=["volunteer", "created_at"], name="ask_volunteer_day")]

    def __str__(self):
        return f"Asked {self.volunteer} ({self.callout})"

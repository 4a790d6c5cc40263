"""Nothing is lost: models whose every save records who changed which fields.

A model inherits :class:`Tracked` and has a change model (a :class:`ChangeRecord` with a
foreign key to it, ``related_name="changes"``). :meth:`Tracked.save` reads the old values,
locked, in the same transaction as the write, and writes one change record with
``{field: [old, new]}`` (nothing if nothing changed), whichever way the row was saved: a
dashboard form, the admin or the demo loader. Partners' offers and the organisations' needs
both keep their history this way.
"""

import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

# Never tracked: the key, what the postcode gives, and the timestamps the save itself sets.
UNTRACKED = ("id", "latitude", "longitude", "created_at", "updated_at")


def tracked_fields(model):
    """The names of ``model``'s fields a person edits: the ones its history records."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.editable and field.name not in UNTRACKED
    ]


class Tracked(models.Model):
    """Saves write a change record: see the module docstring.

    The change model's ``action_for(before, after)`` names the change from the values before
    (``None`` for a new row) and after.
    """

    class Meta:
        abstract = True

    def save(self, *args, changed_by=None, **kwargs):
        """Save, and record who changed which fields (nothing is written if nothing changed).

        The old values are read, locked, in the same transaction as the write, so two people
        saving at once each get an entry with what they really changed.
        """
        fields = tracked_fields(type(self))
        with transaction.atomic():
            before = None
            if not self._state.adding:
                before = (
                    type(self)
                    .objects.select_for_update()
                    .filter(pk=self.pk)
                    .values(*fields)
                    .first()
                )
            if before is None and self.created_by is None:
                self.created_by = changed_by
            super().save(*args, **kwargs)
            after = {name: self._meta.get_field(name).value_from_object(self) for name in fields}
            if before is None:
                changes = {
                    name: [None, value]
                    for name, value in after.items()
                    if value not in ("", None, False)
                }
            else:
                changes = {
                    name: [before[name], value]
                    for name, value in after.items()
                    if before[name] != value
                }
            if before is None or changes:
                change_model = self.changes.model
                self.changes.create(
                    user=changed_by,
                    action=change_model.action_for(before, after),
                    changes=changes,
                )


class ChangeRecord(models.Model):
    """One change to a :class:`Tracked` row: who made it, when, each field's old and new value.

    Subclasses add the foreign key to the tracked model (``related_name="changes"``), an
    ``action`` field with their own choices, ``action_for(before, after)`` and
    ``tracked_model``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    changes = models.JSONField(
        default=dict, encoder=DjangoJSONEncoder, help_text="Field name: [old value, new value]."
    )

    tracked_model = None

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"

    @property
    def who(self):
        if self.user is None:
            return "The hub"
        return self.user.get_full_name() or self.user.get_username()

    def described_changes(self):
        """[(field label, old value, new value)] in words, in the order of the form."""
        described = []
        for name in tracked_fields(self.tracked_model):
            if name in self.changes:
                old, new = self.changes[name]
                field = self.tracked_model._meta.get_field(name)
                described.append(
                    (field.verbose_name.capitalize(), _display(field, old), _display(field, new))
                )
        return described


def _display(field, value):
    if value in (None, ""):
        return "(empty)"
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.ForeignKey):
        target = field.related_model.objects.filter(pk=value).first()
        return str(target) if target else f"(removed, #{value})"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.DateField):
        day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
        return f"{day:%-d %B %Y}"
    if isinstance(field, models.TimeField):
        moment = value if isinstance(value, datetime.time) else datetime.time.fromisoformat(value)
        return f"{moment:%H:%M}"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "(empty)"
    return str(value)

"""Accessibility features of a place, shared by events and venue offers."""

from django.db import models

FEATURES = {
    "step_free": "Step-free access",
    "accessible_toilet": "Accessible toilet",
    "hearing_loop": "Hearing loop",
    "bsl": "BSL interpretation",
    "quiet_space": "Quiet space",
    "parking": "Accessible parking",
}


class AccessibilityFeatures(models.Model):
    step_free = models.BooleanField(FEATURES["step_free"], default=False)
    accessible_toilet = models.BooleanField(FEATURES["accessible_toilet"], default=False)
    hearing_loop = models.BooleanField(FEATURES["hearing_loop"], default=False)
    bsl = models.BooleanField(FEATURES["bsl"], default=False)
    quiet_space = models.BooleanField(FEATURES["quiet_space"], default=False)
    parking = models.BooleanField(FEATURES["parking"], default=False)

    class Meta:
        abstract = True

    @property
    def accessibility_features(self):
        return [label for name, label in FEATURES.items() if getattr(self, name)]

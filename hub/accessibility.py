"""Accessibility features of a place, shared by events and venue offers."""

from hub.flags import flag_set

FEATURES = {
    "step_free": "Step-free access",
    "accessible_toilet": "Accessible toilet",
    "hearing_loop": "Hearing loop",
    "bsl": "BSL interpretation",
    "quiet_space": "Quiet space",
    "parking": "Accessible parking",
}

AccessibilityFeatures = flag_set(
    "AccessibilityFeatures", FEATURES, listed_as="accessibility_features", module=__name__
)

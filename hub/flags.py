"""Sets of yes/no facts, kept as one boolean column each, with a list of those that are set.

An event's or a venue's accessibility features (:mod:`hub.accessibility`) and the challenges
a partnership project addresses (:mod:`partners.challenges`, which says why columns rather
than a table) are such sets: a dict of labels is the one place each set is written down,
and :func:`flag_set` makes the abstract model that every model with the set inherits.
"""

from django.db import models


def flag_set(name, labels, listed_as, module):
    """An abstract model named ``name`` with a ``BooleanField`` (default ``False``, its label
    as verbose name) for each key of ``labels``, and a property ``listed_as``: the labels of
    the flags that are set, in the order of ``labels``. ``module`` is the caller's
    ``__name__``, where the model is defined."""

    def listed(self):
        return [label for key, label in labels.items() if getattr(self, key)]

    attributes = {
        "__module__": module,
        "Meta": type("Meta", (), {"abstract": True}),
        listed_as: property(listed),
        **{key: models.BooleanField(label, default=False) for key, label in labels.items()},
    }
    return type(name, (models.Model,), attributes)

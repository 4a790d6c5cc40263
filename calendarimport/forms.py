from wagtail.admin.forms import WagtailAdminModelForm

from .permissions import source_policy


class CalendarSourceForm(WagtailAdminModelForm):
    """Members choose among their own organisations only; moderators among all."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = source_policy.organisations_user_can_add_to(
            self.for_user
        )

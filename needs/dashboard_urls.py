"""An organisation's needs, in the partner dashboard (``/dashboard/needs/``)."""

app_name = "needs_dashboard"

urlpatterns = []

"""Call-outs in the partner dashboard, and the Reserve member's "I can help" link."""

from django.urls import path

from . import views

app_name = "reserve"

urlpatterns = [
    path("dashboard/callouts/", views.callout_list, name="list"),
    path("dashboard/callouts/new/<int:need>/", views.callout_start, name="start"),
    path("dashboard/callouts/<int:pk>/", views.callout_detail, name="detail"),
    path("dashboard/callouts/<int:pk>/counts.json", views.callout_counts, name="counts"),
    path("reserve/help/<str:token>/", views.yes, name="yes"),
    path("reserve/thanks/<int:pk>/", views.thanks, name="thanks"),
]

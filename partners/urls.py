"""The partner dashboard, at ``/dashboard/``."""

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("offers/new/", views.offer_add, name="offer_add"),
    path("offers/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("offers/<int:pk>/reopen/", views.offer_reopen, name="offer_reopen"),
    path("offers/<int:pk>/delete/", views.offer_delete, name="offer_delete"),
]

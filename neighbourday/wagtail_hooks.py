from wagtail import hooks

from .viewsets import neighbour_day_viewsets


@hooks.register("register_admin_viewset")
def register_neighbour_day_viewsets():
    return neighbour_day_viewsets

from wagtail import hooks

from .viewsets import need_viewset


@hooks.register("register_admin_viewset")
def register_need_viewset():
    return need_viewset

from wagtail import hooks

from .viewsets import check_verifier_viewset, volunteer_viewset


@hooks.register("register_admin_viewset")
def register_volunteer_viewsets():
    return [volunteer_viewset, check_verifier_viewset]

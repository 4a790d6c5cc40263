"""Public needs, at ``/volunteer/opportunities/`` (URL namespace ``needs``).

The application flow's views live in their own module, included here so that they share
the namespace (``needs:apply`` is ``<uuid>/apply/``).
"""

from . import flow_urls

app_name = "needs"

urlpatterns = [*flow_urls.urlpatterns]

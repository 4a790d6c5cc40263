"""Uploaded images, served by the app from ``MEDIA_ROOT`` (one machine, no object storage).

Only images are served here: documents always go through Wagtail's ``/documents/<id>/``
view, which keeps a private collection private, so ``/media/documents/`` is not found. There
is no directory listing, nothing outside ``MEDIA_ROOT`` (Django's ``static.serve`` refuses
``..``), and every file is sent with headers that stop a browser running it as a page:
``nosniff`` (SecurityMiddleware) and a sandboxing Content-Security-Policy. Images never change
under a name (Wagtail gives a new upload or rendition a new name), so they may be cached for
a day. gunicorn sends the file itself (``wsgi.file_wrapper``), so this costs little; a proxy
in front may still serve ``/media/`` from the folder directly.
"""

from django.conf import settings
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.static import serve

MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def serve_image(request, path):
    if not path.startswith(("images/", "original_images/")):
        raise Http404("Not an image")
    response = serve(request, path, document_root=settings.MEDIA_ROOT, show_indexes=False)
    response["Content-Security-Policy"] = MEDIA_CSP
    patch_cache_control(response, public=True, max_age=24 * 60 * 60)
    return response

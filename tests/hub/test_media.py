"""Uploaded files in production: from MEDIA_ROOT by the app on one machine, from S3-compatible
object storage (a local moto server here) when several app servers share them."""

import json
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from hub.settings.base import object_storage

pytestmark = pytest.mark.django_db

# The bucket policy the README gives: anyone may read images, nobody else anything.
PUBLIC_IMAGES = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": [
                "arn:aws:s3:::hub-media/images/*",
                "arn:aws:s3:::hub-media/original_images/*",
            ],
        }
    ],
}


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_images_and_their_renditions_are_served_from_media_root(media_root):
    image = Image.objects.create(title="Logo", file=get_test_image_file())
    rendition = image.get_rendition("fill-100x100")
    for url in (image.file.url, rendition.url):
        response = Client().get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_no_listing_no_documents_and_nothing_outside(media_root):
    document = Document.objects.create(title="Minutes", file=ContentFile(b"secret", "minutes.txt"))
    (media_root.parent / "outside.txt").write_text("not media")
    client = Client()
    assert client.get("/media/").status_code == 404
    assert client.get("/media/original_images/").status_code == 404
    # Documents go through /documents/, which keeps their collection's privacy.
    assert client.get(document.file.url).status_code == 404
    assert client.get(document.url).status_code == 200
    assert client.get("/media/../outside.txt").status_code == 404
    assert client.get("/media/%2e%2e/outside.txt").status_code == 404


@pytest.fixture
def s3(settings):
    """A local S3 (moto's server) with a bucket, and the site's files kept in it."""
    boto3 = pytest.importorskip("boto3")
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
    client = boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-2", **credentials)
    client.create_bucket(
        Bucket="hub-media", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    client.put_bucket_policy(Bucket="hub-media", Policy=json.dumps(PUBLIC_IMAGES))
    settings.AWS_ACCESS_KEY_ID = settings.AWS_SECRET_ACCESS_KEY = "test"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": object_storage(bucket="hub-media", endpoint_url=endpoint, region="eu-west-2"),
    }
    yield endpoint
    server.stop()


def test_with_object_storage_renditions_and_documents_come_from_the_bucket(s3):
    image = Image.objects.create(title="Logo", file=get_test_image_file())
    rendition = image.get_rendition("fill-100x100")
    assert rendition.url.startswith(f"{s3}/hub-media/images/")
    with urllib.request.urlopen(rendition.url, timeout=10) as response:  # noqa: S310
        assert response.read().startswith(b"\x89PNG")
    document = Document.objects.create(title="Minutes", file=ContentFile(b"minutes", "m.txt"))
    with pytest.raises(urllib.error.HTTPError, match="403"):
        urllib.request.urlopen(document.file.url, timeout=10)  # noqa: S310
    response = Client().get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"minutes"


def test_object_storage_settings_come_from_the_environment():
    storage = object_storage(
        bucket="hub-media",
        endpoint_url="https://s3.example.org",
        region="eu-west-2",
        custom_domain="media.example.org",
    )
    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "hub-media",
            "endpoint_url": "https://s3.example.org",
            "region_name": "eu-west-2",
            "custom_domain": "media.example.org",
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

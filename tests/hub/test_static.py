"""The map's third-party assets can be collected by the production static-files storage.

CompressedManifestStaticFilesStorage rewrites every source-map comment to a hashed name and
refuses to deploy if the map is missing (one of the packaged builds of the clustering plugin
lacks its map, hence the vendored copy).
"""

import re
from pathlib import PurePosixPath

import pytest
from django.contrib.staticfiles import finders

SOURCE_MAP = re.compile(r"sourceMappingURL=(\S+?)(?:\s*\*/)?\s*$", re.MULTILINE)
ASSETS = [
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet/leaflet.css",
    "vendor/leaflet/images/marker-icon.png",
    "vendor/leaflet/images/marker-icon-2x.png",
    "vendor/leaflet/images/marker-shadow.png",
    "vendor/leaflet-markercluster/leaflet.markercluster.js",
    "vendor/leaflet-markercluster/MarkerCluster.css",
    "vendor/leaflet-markercluster/MarkerCluster.Default.css",
    "vendor/leaflet-markercluster/MIT-LICENCE.txt",
    "js/search-map.js",
]


@pytest.mark.parametrize("path", ASSETS)
def test_every_map_asset_and_its_source_map_is_found(path):
    found = finders.find(path)
    assert found, path
    if path.endswith((".js", ".css")):
        with open(found, encoding="utf-8") as source:
            for reference in SOURCE_MAP.findall(source.read()):
                target = str(PurePosixPath(path).parent / reference)
                assert finders.find(target), f"{path} points at a missing {target}"

/*
 * /neighbour-day/'s map: one count per postcode district (districts.geojson); choosing a
 * district loads its open gatherings (gatherings.geojson?district=) as clustered markers.
 * "Just our street" gatherings are only ever inside the counts. Without JavaScript the map
 * stays hidden and the tables below say the same.
 */
(function () {
    "use strict";

    var wrapper = document.querySelector("[data-nd-map]");
    var configScript = document.getElementById("nd-map-config");
    if (!wrapper || !configScript || !window.L || !window.fetch || !window.HubMap) {
        return;
    }
    var config = JSON.parse(configScript.textContent);
    var status = wrapper.querySelector("[data-nd-map-status]");
    var element = window.HubMap.element;

    function getJSON(url) {
        return fetch(url, {headers: {Accept: "application/geo+json"}}).then(function (response) {
            if (!response.ok) {
                throw new Error("map data: HTTP " + response.status);
            }
            return response.json();
        });
    }

    function gatheringPopup(properties) {
        var box = element("div", "map-popup");
        var heading = element("p", "map-popup__title");
        var link = element("a", "map-popup__link", properties.title);
        link.href = properties.url;
        heading.appendChild(link);
        box.appendChild(heading);
        box.appendChild(element("p", "map-popup__kind", properties.date + ", " + properties.start + " · " + properties.place));
        return box;
    }

    function draw(districts) {
        wrapper.hidden = false;
        var map = L.map("nd-map", window.HubMap.mapOptions()).setView([54.5, -3], 5);
        if (config.tiles.url) {
            L.tileLayer(config.tiles.url, {attribution: config.tiles.attribution, maxZoom: 19}).addTo(map);
        }
        window.HubMap.openClustersFromKeyboard(map);
        var gatherings = L.markerClusterGroup({maxClusterRadius: 40, showCoverageOnHover: false});
        map.addLayer(gatherings);

        function showDistrict(name) {
            status.textContent = "Loading the open gatherings in " + name + "…";
            getJSON(config.gatherings + "?district=" + encodeURIComponent(name)).then(function (collection) {
                gatherings.clearLayers();
                collection.features.forEach(function (feature) {
                    var c = feature.geometry.coordinates;
                    var marker = window.HubMap.kindMarker([c[1], c[0]], "gatherings", "Gathering: " + feature.properties.title, feature.properties.title);
                    marker.bindPopup(gatheringPopup(feature.properties));
                    gatherings.addLayer(marker);
                });
                if (collection.features.length) {
                    map.fitBounds(gatherings.getBounds(), {maxZoom: 15, padding: [20, 20]});
                }
                status.textContent = collection.features.length + " open gatherings in " + name + " are on the map.";
            }).catch(function () {
                status.textContent = "The gatherings in " + name + " could not be loaded.";
            });
        }

        districts.features.forEach(function (feature) {
            var c = feature.geometry.coordinates;
            var p = feature.properties;
            var radius = Math.min(6 + Math.sqrt(p.gatherings) * 2, 30);
            var circle = L.circleMarker([c[1], c[0]], {radius: radius, weight: 2, color: "#0b3d91", fillColor: "#ffbf47", fillOpacity: 0.8, className: "nd-district"});
            circle.bindTooltip(p.district + ": " + p.gatherings + " gatherings, about " + p.people_expected + " people");
            circle.on("click", function () { showDistrict(p.district); });
            circle.addTo(map);
        });
        wrapper.setAttribute("data-nd-map-ready", "");
        status.textContent = "The map shows " + districts.features.length + " postcode districts with gatherings. Choose one to see its open gatherings.";
        var wanted = new URLSearchParams(window.location.search).get("district");
        if (wanted) {
            showDistrict(wanted.toUpperCase());
        }
    }

    getJSON(config.districts).then(draw).catch(function (error) {
        window.console.error(error);
        wrapper.hidden = false;
        wrapper.querySelector(".search-map__canvas").hidden = true;
        status.textContent = "The map could not be shown, but the counts are in the tables below.";
    });
}());

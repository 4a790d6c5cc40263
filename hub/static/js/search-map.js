/*
 * The search page's map: the results of /api/search.geojson for the page being shown, which
 * are exactly the results listed under it. Without JavaScript (or if anything here fails) the
 * map stays hidden and the list is the whole page; every marker's text is in that list.
 */
(function () {
    "use strict";

    var wrapper = document.querySelector("[data-search-map]");
    var configScript = document.getElementById("search-map-config");
    if (!wrapper || !configScript || !window.L || !window.fetch || !window.HubMap) {
        return;
    }
    var config = JSON.parse(configScript.textContent);
    var status = wrapper.querySelector("[data-search-map-status]");
    var element = window.HubMap.element;

    // Built from text nodes, never from HTML strings: titles are typed by editors.
    function popup(feature) {
        var properties = feature.properties;
        var box = element("div", "map-popup");
        box.appendChild(element("p", "map-popup__kind", properties.kind_label + " · " + properties.distance_text));
        var heading = element("p", "map-popup__title");
        var link = element("a", "map-popup__link", properties.title);
        link.href = properties.url;
        heading.appendChild(link);
        box.appendChild(heading);
        var text = window.HubMap.when(properties.start, properties.all_day);
        if (properties.status === "cancelled") {
            text = "Cancelled" + (text ? ": " + text : "");
        }
        if (text) {
            box.appendChild(element("p", "map-popup__when", text));
        }
        return box;
    }

    function clusterIcon(cluster) {
        var count = cluster.getChildCount();
        var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
        var label = element("span", null, String(count));
        label.appendChild(element("span", "visually-hidden", count === 1 ? " result here" : " results here: zoom in to see them"));
        var inner = element("div");
        inner.appendChild(label);
        return L.divIcon({
            html: inner.outerHTML,
            className: "marker-cluster marker-cluster-" + size,
            iconSize: L.point(40, 40)
        });
    }

    function draw(collection) {
        wrapper.hidden = false;
        var map = L.map("search-map", window.HubMap.mapOptions());
        if (config.tiles.url) {
            L.tileLayer(config.tiles.url, {attribution: config.tiles.attribution, maxZoom: 19}).addTo(map);
        }
        window.HubMap.openClustersFromKeyboard(map);

        var search = collection.search;
        var centre = [search.coordinates[1], search.coordinates[0]];
        var metres = search.radius_miles * 1609.344;
        map.fitBounds(L.latLng(centre).toBounds(metres * 2));
        L.circle(centre, {radius: metres, weight: 2, fill: false, interactive: false}).addTo(map);
        // Not interactive, and no tooltip: a bare SVG path is never a tab stop. The status
        // line below says where the search was.
        L.circleMarker(centre, {className: "search-map__here", radius: 9, weight: 3, color: "#1d1d1b", fillColor: "#ffbf47", fillOpacity: 1, interactive: false})
            .addTo(map);

        var markers = L.markerClusterGroup({iconCreateFunction: clusterIcon, maxClusterRadius: 40, showCoverageOnHover: false});
        var kinds = [];
        collection.features.forEach(function (feature) {
            var properties = feature.properties;
            var coordinates = feature.geometry.coordinates;
            var marker = window.HubMap.kindMarker(
                [coordinates[1], coordinates[0]], properties.kind,
                properties.kind_label + ": " + properties.title, properties.title
            );
            marker.bindPopup(popup(feature));
            markers.addLayer(marker);
            if (!kinds.some(function (kind) { return kind.name === properties.kind; })) {
                kinds.push({name: properties.kind, label: properties.kind_label});
            }
        });
        map.addLayer(markers);
        wrapper.insertBefore(window.HubMap.legend(kinds), status);
        status.textContent = "The map shows the " + collection.features.length + " results listed below and the place you searched for, " + search.place + ".";
    }

    fetch(config.geojson, {headers: {Accept: "application/geo+json"}, credentials: "same-origin"})
        .then(function (response) {
            if (!response.ok) {
                throw new Error("map data: HTTP " + response.status);
            }
            return response.json();
        })
        .then(draw)
        .catch(function (error) {
            window.console.error(error);
            wrapper.hidden = false;
            wrapper.querySelector(".search-map__canvas").hidden = true;
            status.textContent = "The map could not be shown, but every result is in the list below.";
        });
}());

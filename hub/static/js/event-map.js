/*
 * An event page's small map of its place: one marker, no popup. Without JavaScript (or if
 * anything here fails) the map stays hidden and the link under it opens the map search there.
 */
(function () {
    "use strict";

    var canvas = document.querySelector("[data-event-map]");
    var configScript = document.getElementById("event-map-config");
    if (!canvas || !configScript || !window.L || !window.HubMap) {
        return;
    }
    var config = JSON.parse(configScript.textContent);
    var place = [config.latitude, config.longitude];
    canvas.hidden = false;
    var map = L.map(canvas, window.HubMap.mapOptions({dragging: !L.Browser.mobile})).setView(place, 15);
    if (config.tiles.url) {
        L.tileLayer(config.tiles.url, {attribution: config.tiles.attribution, maxZoom: 19}).addTo(map);
    }
    window.HubMap.kindMarker(place, "events", "Event: " + config.title, config.title, {
        interactive: false, keyboard: false
    }).addTo(map);
}());

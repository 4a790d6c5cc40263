/*
 * What the hub's maps share (the search map, js/search-map.js, Neighbour Day's,
 * neighbourday/map.js, and an event page's, js/event-map.js): elements built from text (never from HTML strings: titles are typed
 * by editors and residents), dates as the lists show them, a marker per kind of thing (a
 * shape and a colour, so colour is never the only difference) with its legend, and clusters
 * that open from the keyboard. Loaded before each map's script (and an event page's small
 * map, js/event-map.js); defines window.HubMap.
 */
(function () {
    "use strict";

    function element(tag, className, text) {
        var node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (text) {
            node.textContent = text;
        }
        return node;
    }

    // "Saturday 12 December, 10:00", or "..., all day", in the hub's time zone.
    function when(start, allDay) {
        if (!start) {
            return "";
        }
        var date = new Date(start);
        var day = date.toLocaleDateString("en-GB", {
            weekday: "long", day: "numeric", month: "long", timeZone: "Europe/London"
        });
        if (allDay) {
            return day + ", all day";
        }
        return day + ", " + date.toLocaleTimeString("en-GB", {
            hour: "numeric", minute: "2-digit", timeZone: "Europe/London"
        });
    }

    // A marker for one kind of thing: its shape and colour come from hub.css
    // (.map-marker--events and so on); its name is what a screen reader hears. ``options``
    // are Leaflet's (e.g. {interactive: false, keyboard: false} for a marker with no popup).
    function kindMarker(latlng, kind, name, title, options) {
        var marker = L.marker(latlng, L.extend({
            title: title,
            icon: L.divIcon({
                className: "map-marker map-marker--" + kind,
                html: "",
                iconSize: [22, 22],
                iconAnchor: [11, 11],
                popupAnchor: [0, -11]
            })
        }, options || {}));
        marker.on("add", function () {
            var icon = marker.getElement();
            icon.setAttribute("aria-label", name);
            if (marker.options.interactive === false) {
                icon.setAttribute("role", "img");  // a picture, not a button
            }
        });
        return marker;
    }

    // The legend: one line per kind shown, its marker beside its name, in alphabetical order.
    function legend(kinds) {
        var list = element("ul", "map-legend");
        list.setAttribute("aria-label", "What the markers show");
        kinds.slice().sort(function (a, b) {
            return a.label.localeCompare(b.label);
        }).forEach(function (kind) {
            var item = element("li", "map-legend__item");
            var swatch = element("span", "map-marker map-marker--" + kind.name);
            swatch.setAttribute("aria-hidden", "true");
            item.appendChild(swatch);
            item.appendChild(document.createTextNode(kind.label));
            list.appendChild(item);
        });
        return list;
    }

    // Enter and Space open a cluster (as a click does), from the keyboard alone.
    function openClustersFromKeyboard(map) {
        map.getContainer().addEventListener("keydown", function (event) {
            var cluster = event.target.closest && event.target.closest(".marker-cluster");
            if (cluster && (event.key === "Enter" || event.key === " ")) {
                event.preventDefault();
                cluster.click();
            }
        });
    }

    // Leaflet's options for a map: the caller's, and no fading or zooming animation for
    // people who ask their system for less motion (popups then appear at full contrast).
    function mapOptions(options) {
        var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        return Object.assign({
            scrollWheelZoom: false,
            fadeAnimation: !still,
            zoomAnimation: !still,
            markerZoomAnimation: !still
        }, options || {});
    }

    window.HubMap = {
        mapOptions: mapOptions,
        element: element,
        when: when,
        kindMarker: kindMarker,
        legend: legend,
        openClustersFromKeyboard: openClustersFromKeyboard
    };
}());

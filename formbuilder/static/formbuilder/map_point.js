/* Map point questions: a map to touch, "use my position" and an address search, all
 * filling the latitude and longitude boxes, which stay visible and typeable: they are the
 * keyboard and no-JavaScript way to answer, and what the server reads.
 *
 * The site's map settings (tiles, attribution, address search service) arrive in the
 * #guichet-carte JSON; nothing is fetched from anywhere else. */
(function () {
  "use strict";
  var configNode = document.getElementById("guichet-carte");
  if (!configNode || !window.L) return;
  var config = JSON.parse(configNode.textContent);
  var DIGITS = 6; // about 10 cm: more precise than any phone's position

  function frenchNumber(number) {
    return number.toFixed(DIGITS).replace(/0+$/, "").replace(/\.$/, "").replace(".", ",");
  }

  function parse(text) {
    var compact = (text || "").trim().replace(/°$/, "").replace("\u2212", "-").replace(",", ".");
    if (!/^[+-]?\d+(\.\d+)?$/.test(compact)) return null;
    return parseFloat(compact);
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function enhance(wrapper, index) {
    var boxes = wrapper.querySelectorAll("input");
    if (boxes.length !== 2) return;
    var lat = boxes[0], lon = boxes[1];
    var bounds = JSON.parse(wrapper.getAttribute("data-bounds") || "{}");
    var area = null;
    if (bounds.south !== undefined && bounds.north !== undefined) {
      area = L.latLngBounds([bounds.south, bounds.west], [bounds.north, bounds.east]);
    }
    // The question's bounds are where answers are accepted; the town's (from its theme) are
    // where the map opens, when they lie inside them.
    var town = config.bounds ? L.latLngBounds([config.bounds.south, config.bounds.west], [config.bounds.north, config.bounds.east]) : null;
    var view = town && (!area || area.contains(town)) ? town : area;
    var prefix = "carte-" + index;

    var tools = element("div", { "class": "g-map-tools" });
    var status = element("p", { "class": "g-help g-map-status", role: "status", "aria-live": "polite", id: prefix + "-etat" });
    var mapNode = element("div", { "class": "g-map", id: prefix });
    var centre = element("button", { type: "button", "class": "g-button g-button--secondary" }, "Placer le point au centre de la carte");

    if (navigator.geolocation) {
      var here = element("button", { type: "button", "class": "g-button g-button--secondary" }, "Utiliser ma position");
      here.addEventListener("click", function () {
        status.textContent = "Recherche de votre position…";
        navigator.geolocation.getCurrentPosition(
          function (position) {
            place(position.coords.latitude, position.coords.longitude, 18);
            status.textContent = "Votre position a été reportée dans les cases Latitude et Longitude. Vérifiez-la sur la carte.";
          },
          function () {
            status.textContent = "Votre position n'est pas disponible. Touchez la carte ou cherchez une adresse.";
          },
          { enableHighAccuracy: true, timeout: 15000 }
        );
      });
      tools.appendChild(here);
    }

    if (config.geocoder) {
      var search = element("div", { "class": "g-map-search" });
      var label = element("label", { "for": prefix + "-adresse" }, "Rechercher une adresse");
      // No name: the address typed here is a means, not an answer, and is never sent.
      var query = element("input", { type: "search", id: prefix + "-adresse", "class": "g-input", autocomplete: "street-address" });
      var go = element("button", { type: "button", "class": "g-button g-button--secondary" }, "Rechercher");
      var results = element("ul", { "class": "g-map-results", "aria-label": "Adresses trouvées" });
      search.appendChild(label);
      search.appendChild(query);
      search.appendChild(go);
      search.appendChild(results);
      tools.appendChild(search);

      var lookup = function () {
        var text = query.value.trim();
        results.textContent = "";
        if (text.length < 3) {
          status.textContent = "Saisissez au moins 3 caractères de l'adresse.";
          return;
        }
        var url = new URL(config.geocoder, window.location.href);
        url.searchParams.set("q", text);
        url.searchParams.set("limit", "5");
        if (view) {
          url.searchParams.set("lat", view.getCenter().lat.toFixed(5));
          url.searchParams.set("lon", view.getCenter().lng.toFixed(5));
        }
        status.textContent = "Recherche en cours…";
        fetch(url.toString())
          .then(function (response) { if (!response.ok) throw new Error(); return response.json(); })
          .then(function (found) {
            var features = (found.features || []).filter(function (feature) {
              var c = feature.geometry && feature.geometry.coordinates;
              return c && (!area || area.contains([c[1], c[0]]));
            });
            if (!features.length) {
              status.textContent = "Aucune adresse trouvée dans la commune. Essayez autrement, ou touchez la carte.";
              return;
            }
            status.textContent = features.length + " adresse(s) trouvée(s) : choisissez-en une.";
            features.forEach(function (feature) {
              var c = feature.geometry.coordinates;
              var item = element("li");
              var choose = element("button", { type: "button", "class": "g-link-button" }, feature.properties.label);
              choose.addEventListener("click", function () {
                place(c[1], c[0], 18);
                results.textContent = "";
                status.textContent = "Point placé au " + feature.properties.label + ".";
                lat.focus();
              });
              item.appendChild(choose);
              results.appendChild(item);
            });
          })
          .catch(function () {
            status.textContent = "La recherche d'adresse ne répond pas. Touchez la carte ou saisissez les coordonnées.";
          });
      };
      go.addEventListener("click", lookup);
      query.addEventListener("keydown", function (event) {
        // Enter searches; it must not send the whole form from inside the search box.
        if (event.key === "Enter") { event.preventDefault(); lookup(); }
      });
    }

    wrapper.insertBefore(tools, wrapper.firstChild);
    wrapper.insertBefore(mapNode, tools.nextSibling);
    wrapper.insertBefore(centre, mapNode.nextSibling);
    wrapper.insertBefore(status, centre.nextSibling);

    var map = L.map(mapNode, { scrollWheelZoom: false, keyboard: true });
    map.getContainer().setAttribute("aria-label", "Carte : touchez ou cliquez pour placer le point. Au clavier, déplacez la carte avec les flèches puis utilisez le bouton « Placer le point au centre de la carte ».");
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    if (view) {
      map.fitBounds(view);
      if (area) map.setMaxBounds(area.pad(0.2));
    } else {
      map.setView([46.6, 2.4], 5);
    }
    var marker = null;

    function showMarker(latitude, longitude) {
      if (marker) {
        marker.setLatLng([latitude, longitude]);
      } else {
        marker = L.marker([latitude, longitude], { alt: "Point choisi", keyboard: false }).addTo(map);
      }
    }

    function place(latitude, longitude, zoom) {
      lat.value = frenchNumber(latitude);
      lon.value = frenchNumber(longitude);
      [lat, lon].forEach(function (box) {
        box.dispatchEvent(new Event("input", { bubbles: true }));
        box.dispatchEvent(new Event("change", { bubbles: true }));
      });
      showMarker(latitude, longitude);
      map.setView([latitude, longitude], Math.max(map.getZoom(), zoom || 17));
      if (area && !area.contains([latitude, longitude])) {
        status.textContent = "Ce point est en dehors de la commune : choisissez un autre emplacement.";
      }
    }

    map.on("click", function (event) {
      place(event.latlng.lat, event.latlng.lng, map.getZoom());
      status.textContent = "Point placé. Vous pouvez le déplacer en touchant un autre endroit.";
    });
    centre.addEventListener("click", function () {
      var c = map.getCenter();
      place(c.lat, c.lng, map.getZoom());
      status.textContent = "Point placé au centre de la carte.";
    });

    function fromBoxes() {
      var latitude = parse(lat.value), longitude = parse(lon.value);
      if (latitude !== null && longitude !== null) {
        showMarker(latitude, longitude);
        map.setView([latitude, longitude], Math.max(map.getZoom(), 17));
      }
    }
    lat.addEventListener("change", fromBoxes);
    lon.addEventListener("change", fromBoxes);
    fromBoxes();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-map-point]"), enhance);
})();

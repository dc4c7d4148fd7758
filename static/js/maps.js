/* cmcoord maps: Leaflet (vendored) with the offline Natural Earth basemap, the operation's layers, and the
   requests' and tasks' legs. Data come from data- attributes, JSON blocks and same-origin JSON endpoints;
   nothing is fetched from another host unless the deployment sets MAP_TILE_URL. Every map has a table beside
   it, so this script only enhances the page. */
(function () {
  "use strict";

  var i18n = {};

  function text(tag, className, content) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (content !== undefined) el.textContent = content;
    return el;
  }

  function jsonBlock(id) {
    var el = id && document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  // An arrowhead at the end of a leg: two short wings, sized to the leg (so it scales with the zoom).
  function arrowHead(from, to) {
    var k = Math.cos((to[0] * Math.PI) / 180) || 1;
    var dx = (to[1] - from[1]) * k, dy = to[0] - from[0];
    var len = Math.sqrt(dx * dx + dy * dy);
    if (!len) return null;
    var size = Math.min(len * 0.12, 0.1), angle = Math.atan2(dy, dx), wing = 0.5;
    function point(a) {
      return [to[0] - size * Math.sin(a), to[1] - (size * Math.cos(a)) / k];
    }
    return [point(angle - wing), to, point(angle + wing)];
  }

  function popupFor(props) {
    var box = text("div", "map-popup");
    box.appendChild(text("strong", "", (props.reference || "") + " " + (props.title || "")));
    box.appendChild(text("div", "", (props.leg_from_name || "") + " → " + (props.leg_to_name || "")));
    var facts = [props.status_label || props.task_status_label, props.priority_label, props.organization || props.force];
    box.appendChild(text("div", "muted", facts.filter(Boolean).join(" · ")));
    if (props.url) {
      var a = text("a", "", props.kind === "task" ? i18n.openTask : i18n.openRequest);
      a.href = props.url;
      box.appendChild(a);
    }
    return box;
  }

  var UNDECIDED = ["draft", "submitted", "under_review", "returned", "with_hct"];

  function drawLegs(map, collection, group) {
    (collection.features || []).forEach(function (f) {
      var p = f.properties, c = f.geometry.coordinates;
      if (f.geometry.type === "Point") {
        // a site of a humanitarian notification: a point, its page one click away
        var site = L.circleMarker([c[1], c[0]], { radius: 7, className: "site site-" + p.kind + "-" + p.id });
        site.bindTooltip(text("span", "", p.name));
        if (p.url) site.on("click", function () { window.location.assign(p.url); });
        site.addTo(group);
        return;
      }
      var from = [c[0][1], c[0][0]], to = [c[1][1], c[1][0]];
      var classes = ["leg", "leg-" + p.kind + "-" + p.id, "priority-" + p.priority];
      if (p.kind === "task") classes.push("task");
      if (p.kind === "request" && UNDECIDED.indexOf(p.status) >= 0) classes.push("undecided");
      var options = { className: classes.join(" "), weight: p.kind === "task" ? 6 : 4 };
      var line = L.polyline([from, to], options);
      var head = arrowHead(from, to);
      var parts = [line];
      if (head) parts.push(L.polyline(head, { className: classes.join(" ") + " arrow", weight: options.weight }));
      parts.forEach(function (part) {
        part.bindTooltip(text("span", "", p.name), { sticky: true });
        if (p.url) {
          part.on("click", function (e) {
            if (e.originalEvent && (e.originalEvent.ctrlKey || e.originalEvent.metaKey)) return;
            window.location.assign(p.url);
          });
        } else {
          part.bindPopup(popupFor(p));
        }
        part.addTo(group);
      });
      [from, to].forEach(function (end, i) {
        L.circleMarker(end, { radius: 4, className: "leg-end" })
          .bindTooltip(text("span", "", i ? p.leg_to_name : p.leg_from_name))
          .addTo(group);
      });
    });
  }

  function drawLayer(map, layer, geojson, control) {
    var g = L.geoJSON(geojson, {
      pane: "layersPane",
      style: function () {
        return { className: "op-layer op-layer-" + layer.kind, weight: 3 };
      },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 5, className: "op-layer op-layer-" + layer.kind, pane: "layersPane" });
      },
      onEachFeature: function (feature, l) {
        var props = feature.properties || {};
        var box = text("div", "map-popup");
        box.appendChild(text("strong", "", layer.name));
        Object.keys(props).forEach(function (k) {
          box.appendChild(text("div", "", k + ": " + props[k]));
        });
        l.bindPopup(box);
      },
    }).addTo(map);
    control.addOverlay(g, layer.name);
    return g;
  }

  function initMap(el) {
    var map = L.map(el, { worldCopyJump: true, minZoom: 2, maxZoom: 14 });
    map.attributionControl.setPrefix("");
    map.createPane("basemapPane").classList.add("pane-basemap");
    map.createPane("layersPane").classList.add("pane-layers");
    map.setView([0, 20], 2);
    var control = L.control.layers(null, null, { collapsed: true }).addTo(map);
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.tilesAttribution || "", pane: "basemapPane" }).addTo(map);
    }
    var countryStyle = function () {
      return { className: "basemap-country", weight: 1 };
    };
    // The operation's country and its neighbours come from their detailed outlines (when built), drawn
    // instead of the world's coarse ones.
    var detail = Promise.all(
      (el.dataset.detail || "").split(" ").filter(Boolean).map(function (url) {
        return getJSON(url).catch(function () {
          return { features: [] };
        });
      })
    ).then(function (outlines) {
      return { type: "FeatureCollection", features: [].concat.apply([], outlines.map(function (o) { return o.features; })) };
    });
    var basemap = Promise.all([getJSON(el.dataset.basemap), detail]).then(
      function (both) {
        var detailed = {};
        both[1].features.forEach(function (f) {
          detailed[f.properties.slug] = true;
        });
        L.geoJSON(both[0], {
          pane: "basemapPane",
          interactive: false,
          style: countryStyle,
          filter: function (f) {
            return !detailed[f.properties.slug];
          },
        }).addTo(map);
        L.geoJSON(both[1], { pane: "basemapPane", interactive: false, style: countryStyle }).addTo(map);
        map.attributionControl.addAttribution(i18n.basemap);
      },
      function () {
        el.parentNode.insertBefore(text("p", "error", i18n.basemapFailed), el);
      }
    );
    (jsonBlock(el.dataset.layersId) || []).forEach(function (layer) {
      getJSON(layer.url).then(function (geojson) {
        drawLayer(map, layer, geojson, control);
      });
    });
    return { map: map, control: control, basemap: basemap };
  }

  function fit(map, group) {
    var bounds = group.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.3), { maxZoom: 9 });
  }

  function featureMap(el) {
    var m = initMap(el);
    var group = L.featureGroup().addTo(m.map);
    var show = function (collection) {
      drawLegs(m.map, collection, group);
      fit(m.map, group);
      el.dataset.ready = String((collection.features || []).length);
    };
    if (el.dataset.featuresUrl) getJSON(el.dataset.featuresUrl).then(show);
    else show(jsonBlock(el.dataset.featuresId) || { features: [] });
  }

  // The request form: pick a place by name from the gazetteer, or click on the map to set a leg's end.
  function legPicker(el) {
    var picker = el.closest("[data-leg-picker]");
    var form = el.closest("form") || document.querySelector("form.request-form");
    var gazetteer = jsonBlock(el.dataset.gazetteerId) || [];
    var byName = {};
    gazetteer.forEach(function (p) {
      byName[p.name.toLowerCase()] = p;
    });
    // The ends of the legs, read again whenever legs.js adds or removes a row ("legs-changed").
    var ends = [];
    function collectEnds() {
      ends = [];
      form.querySelectorAll("input[name$='-from_name'], input[name$='-to_name']").forEach(function (input) {
        var prefix = input.name.replace(/_name$/, "");
        var leg = parseInt(prefix.split("-")[1], 10) + 1;
        if (!isFinite(leg)) return; // the row template
        var side = /from$/.test(prefix) ? "from" : "to";
        ends.push({
          name: input,
          lat: form.querySelector("[name='" + prefix + "_lat']"),
          lon: form.querySelector("[name='" + prefix + "_lon']"),
          label: i18n.legWord + " " + leg + " — " + (side === "from" ? i18n.from : i18n.to),
          leg: leg,
          side: side,
        });
        input.setAttribute("list", "gazetteer-places");
        input.setAttribute("autocomplete", "off");
      });
    }
    function endOf(input) {
      for (var i = 0; i < ends.length; i++) {
        if (ends[i].name === input || ends[i].lat === input || ends[i].lon === input) return i;
      }
      return -1;
    }
    collectEnds();
    if (!ends.length) return;
    picker.hidden = false;
    var m = initMap(el);
    var group = L.featureGroup().addTo(m.map);
    var places = L.featureGroup().addTo(m.map);

    var label = text("label", "", i18n.target + " ");
    var select = text("select", "");
    select.id = "leg-picker-target";
    label.htmlFor = select.id;
    function fillTargets() {
      var keep = parseInt(select.value, 10) || 0;
      select.textContent = "";
      ends.forEach(function (end, i) {
        var option = text("option", "", end.label);
        option.value = String(i);
        select.appendChild(option);
      });
      select.value = String(Math.min(keep, ends.length - 1));
    }
    fillTargets();
    var row = text("p", "field leg-picker-target");
    row.appendChild(label);
    row.appendChild(select);
    picker.insertBefore(row, el);

    function value(input) {
      var v = parseFloat(input ? String(input.value).replace(",", ".").replace("\u2212", "-") : "");
      return isFinite(v) ? v : null;
    }
    function redraw() {
      group.clearLayers();
      var byLeg = {};
      ends.forEach(function (end) {
        var lat = value(end.lat), lon = value(end.lon);
        if (lat === null || lon === null) return;
        (byLeg[end.leg] = byLeg[end.leg] || {})[end.side] = [lat, lon];
        L.circleMarker([lat, lon], { radius: 6, className: "leg-end picked" })
          .bindTooltip(text("span", "", end.label + (end.name.value ? ": " + end.name.value : "")))
          .addTo(group);
      });
      Object.keys(byLeg).forEach(function (leg) {
        var l = byLeg[leg];
        if (!l.from || !l.to) return;
        L.polyline([l.from, l.to], { className: "leg priority-high", weight: 4, interactive: false }).addTo(group);
        var head = arrowHead(l.from, l.to);
        if (head) L.polyline(head, { className: "leg priority-high arrow", weight: 4, interactive: false }).addTo(group);
      });
    }
    function setEnd(end, lat, lon, name) {
      end.lat.value = lat.toFixed(5);
      end.lon.value = lon.toFixed(5);
      if (name !== undefined) end.name.value = name;
      redraw();
    }
    function advance() {
      select.value = String(Math.min(parseInt(select.value, 10) + 1, ends.length - 1));
    }
    gazetteer.forEach(function (p) {
      var marker = L.circleMarker([parseFloat(p.lat), parseFloat(p.lon)], { radius: 5, className: "gazetteer-place" });
      var box = text("div", "map-popup");
      box.appendChild(text("strong", "", p.name));
      var use = text("button", "btn small", i18n.use);
      use.type = "button";
      use.addEventListener("click", function () {
        setEnd(ends[parseInt(select.value, 10)], parseFloat(p.lat), parseFloat(p.lon), p.name);
        m.map.closePopup();
        advance();
      });
      box.appendChild(use);
      marker.bindPopup(box).bindTooltip(text("span", "", p.name)).addTo(places);
    });
    m.map.on("click", function (e) {
      setEnd(ends[parseInt(select.value, 10)], e.latlng.lat, e.latlng.lng);
      advance();
    });
    // Listened to on the form, so that rows added later are heard too.
    form.addEventListener("change", function (event) {
      var i = endOf(event.target);
      if (i < 0) return;
      var end = ends[i];
      if (event.target === end.name) {
        var place = byName[end.name.value.trim().toLowerCase()];
        if (place) setEnd(end, parseFloat(place.lat), parseFloat(place.lon));
      } else {
        redraw();
      }
    });
    form.addEventListener("focusin", function (event) {
      var i = endOf(event.target);
      if (i >= 0 && ends[i].name === event.target) select.value = String(i);
    });
    form.addEventListener("legs-changed", function () {
      collectEnds();
      fillTargets();
      var focused = endOf(document.activeElement);
      if (focused >= 0) select.value = String(focused);
      redraw();
    });
    redraw();
    if (group.getLayers().length) fit(m.map, group);
    else fit(m.map, places);
    el.dataset.ready = "picker";
  }

  // The stylesheets of the maps, added to the head once (only pages with a map load them), then the maps.
  function loadStyles(urls) {
    return Promise.all(
      urls.map(function (url) {
        return new Promise(function (resolve) {
          var link = document.createElement("link");
          link.rel = "stylesheet";
          link.href = url;
          link.addEventListener("load", resolve);
          link.addEventListener("error", resolve);
          document.head.appendChild(link);
        });
      })
    );
  }

  function start() {
    if (!window.L) return;
    var strings = document.getElementById("maps-i18n");
    i18n = strings ? strings.dataset : {};
    loadStyles((i18n.css || "").split(" ").filter(Boolean)).then(function () {
      document.querySelectorAll("[data-map]").forEach(function (el) {
        var figure = el.closest("figure");
        if (figure) figure.hidden = false;
        if (el.hasAttribute("data-picker")) legPicker(el);
        else featureMap(el);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

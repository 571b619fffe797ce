/* The alignment map (目标体系模式图) as an ECharts tree, read a level at a time.
 *
 * The page sends the first screen as JSON (#okr-map-level); opening a unit or a person asks
 * /map/nodes/?cycle=…&node=… for its level, an "and N more" node for the next page. The map keeps
 * its own tree of what was read (`_kids`, `_open`) and draws it again after every change, so
 * ECharts never holds more than what is open. In presentation mode (data-tv) it reads the open
 * levels again every data-refresh seconds. No inline script (CSP): everything starts here. */
(function () {
  "use strict";

  var PALETTE = { red: "#e03131", orange: "#f08c00", green: "#2f9e44", blue: "#3b5bdb" };
  var NONE = "#adb5bd";
  var KIND_SIZE = { company: 26, unit: 18, person: 13, category: 12, objective: 10, more: 10 };
  var KIND_SYMBOL = { company: "circle", unit: "circle", person: "circle", category: "roundRect",
                      objective: "circle", more: "emptyCircle" };

  var el, chart, labels, tv, root, byKey = {}, fitted = false, hits = {};

  function text(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return values[name] === undefined ? all : values[name];
    });
  }

  function colourOf(node) { return PALETTE[node.colour] || NONE; }

  function scoreText(node) {
    return node.score === null || node.score === undefined ? "—" : node.score.toFixed(2);
  }

  // --- the model: what was read -----------------------------------------------------------------

  function adopt(node, parent) {
    node._parent = parent || null;
    if (node.children) {  // sent with the level: a category's objectives
      node._kids = node.children.map(function (child) { return adopt(child, node); });
      node._open = !(el.clientWidth < 576 && node.kind === "category");  // a phone: one tap away
      delete node.children;
    }
    byKey[node.key] = node;
    return node;
  }

  function attach(node, children) {
    node._kids = (node._kids || []).filter(function (child) { return child.kind !== "more"; })
      .concat(children.map(function (child) { return adopt(child, node); }));
  }

  function nodesUrl(key, page) {
    var params = new URLSearchParams({ cycle: el.dataset.cycle, node: key });
    if (page && page > 1) { params.set("page", String(page)); }
    return el.dataset.nodesUrl + "?" + params.toString();
  }

  function fetchLevel(key, page) {
    return fetch(nodesUrl(key, page), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      });
  }

  function status(message) {
    var box = document.getElementById("okr-map-status");
    if (box) { box.textContent = message || ""; }
  }

  function open(node) {
    if (node._kids) {
      node._open = !node._open;
      draw();
      if (node._open) { reveal(node); }
      return;
    }
    if (node._loading) { return; }
    node._loading = true;
    status(labels.loading);
    fetchLevel(node.key, 1).then(function (level) {
      attach(node, level.children);
      node._open = true;
      status("");
      draw();
      reveal(node);
    }).catch(function () { status(labels.failed); }).finally(function () { node._loading = false; });
  }

  function more(node) {
    var parent = node._parent;
    if (!parent || node._loading) { return; }
    node._loading = true;
    status(labels.loading);
    fetchLevel(node.parent, node.page).then(function (level) {
      attach(parent, level.children);
      status("");
      draw();
    }).catch(function () { status(labels.failed); node._loading = false; });
  }

  // --- drawing ------------------------------------------------------------------------------------

  function tooltip(node) {
    var lines = ["<strong>" + escape(node.name) + "</strong>"];
    var kind = labels[node.kind] || "";
    if (node.kind === "more") { return lines[0] + "<br>" + escape(labels.more); }
    lines.push(escape(kind) + (node.detail ? " · " + escape(node.kind === "unit" || node.kind === "company"
      ? text(labels.head, { name: node.detail }) : node.detail) : ""));
    lines.push(escape(labels.score) + ": <strong>" + scoreText(node) + "</strong>");
    var counts = [];
    if (node.objectives) { counts.push(text(labels.objectives, { count: node.objectives })); }
    if (node.units) { counts.push(text(labels.units, { count: node.units })); }
    if (node.people) { counts.push(text(labels.people, { count: node.people })); }
    if (counts.length) { lines.push(escape(counts.join(" · "))); }
    lines.push('<span style="opacity:.7">' + escape(node.kind === "objective" ? labels.open : labels.expand)
      + "</span>");
    return lines.join("<br>");
  }

  function escape(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // Characters, not pixels: a Chinese character is about twice a Latin letter's width.
  function shorten(name, room) {
    var width = 0, out = "";
    for (var i = 0; i < name.length; i += 1) {
      width += name.charCodeAt(i) > 0x2e7f ? 1 : 0.55;
      if (width > room) { return out + "…"; }
      out += name[i];
    }
    return out;
  }

  function labelWidth(name) {
    var width = 0;
    for (var i = 0; i < name.length; i += 1) { width += name.charCodeAt(i) > 0x2e7f ? 1 : 0.55; }
    return width * (fontSize() + 1);
  }

  function fontSize() {
    if (el.clientWidth < 576) { return 12; }
    return tv ? Math.max(16, Math.round(window.innerWidth / 76)) : 13;  // TV: readable across the room
  }

  function item(node) {
    var drawnKids = node._open && node._kids && node._kids.length;
    var colour = node.kind === "more" ? NONE : colourOf(node);
    var size = (KIND_SIZE[node.kind] || 10) * (tv && el.clientWidth >= 576 ? 1.35 : 1);
    var hit = hits[node.key];
    var name = shorten(node.name, node.kind === "company" ? 40 : (el.clientWidth < 576 ? 11 : (tv ? 18 : 15)));
    var showScore = node.kind !== "more" && node.kind !== "person" || node.score !== null;
    var big = node.kind === "company" || node.kind === "unit";
    var data = {
      name: name, key: node.key,
      symbol: KIND_SYMBOL[node.kind] || "circle", symbolSize: size,
      itemStyle: { color: node.kind === "more" ? "#fff" : colour, borderColor: hit ? "#fab005" : colour,
                   borderWidth: hit ? 4 : 1.5 },
      collapsed: !drawnKids,
      label: {
        position: drawnKids ? "top" : "right", distance: drawnKids ? 8 : 6,
        formatter: "{n|" + name.replace(/[{}|]/g, " ") + "}" + (showScore && node.kind !== "more"
          ? " {s|" + scoreText(node) + "}" : ""),
        rich: {
          n: { fontSize: fontSize() + (big ? 1 : 0), fontWeight: big ? 600 : (node.kind === "category" ? 600 : 400),
               color: node.kind === "more" ? (tv ? "#adb5bd" : "#3451c6") : (tv ? "#f1f3f5" : "#212529"),
               backgroundColor: hit ? "#fff3bf" : "transparent", padding: hit ? [2, 4] : 0 },
          s: { fontSize: fontSize() - 2, fontWeight: 700, color: "#fff", backgroundColor: colour,
               borderRadius: 4, padding: [2, 5] }
        }
      },
      tooltip: { formatter: function () { return tooltip(node); } }
    };
    if (node._kids && node._kids.length) {
      data.children = node._kids.map(item);
    } else if (node.expandable && !node._kids) {
      data.children = [{ name: "…", key: "" }];  // drawn as a filled (closed) node, never opened
    }
    return data;
  }

  function measure(node, depth, found) {
    found.depth = Math.max(found.depth, depth);
    if (node._open && node._kids && node._kids.length) {
      node._kids.forEach(function (child) { measure(child, depth + 1, found); });
    } else {
      found.leaves += 1;
    }
    return found;
  }

  function draw(reset) {
    if (!root) { return; }
    var size = measure(root, 0, { depth: 0, leaves: 0 });
    var narrow = el.clientWidth < 576;
    var column = narrow ? 170 : (tv ? 400 : 270);
    var row = narrow ? 26 : (tv ? 40 : 28);
    // The company's name sits centred above its node: leave it room on the left.
    var rootLabel = labelWidth(shorten(root.name, 40)) + fontSize() * 3.5 + 24;  // the name and its score
    var left = Math.max(narrow ? 24 : 40, Math.min(240, rootLabel / 2 + 12)), top = tv ? 50 : 36;
    // A column per level, the same width however deep the map is open (a level opened never
    // moves the others sideways); a leaf per row, spread out when they are few.
    var width = fitted ? el.clientWidth - left - column : size.depth * column;
    var height = fitted ? el.clientHeight - top * 2 : Math.max(size.leaves * row, el.clientHeight - top * 2);
    var series = {
      type: "tree", data: [item(root)], orient: "LR", layout: "orthogonal",
      left: left, top: top, width: Math.max(width, column), height: Math.max(height, row),
      roam: true, expandAndCollapse: false, animationDuration: 250, animationDurationUpdate: 300,
      edgeShape: "polyline", edgeForkPosition: "50%",
      lineStyle: { color: tv ? "#495057" : "#ced4da", width: 1.2, curveness: 0.5 },
      // On a touch screen a tapped node stays "hovered": the path's emphasis would dim the rest.
      emphasis: { focus: narrow || tv ? "none" : "ancestor" }, scaleLimit: { min: 0.2, max: 4 }
    };
    if (reset) {
      series.zoom = 1;
      series.center = null;
      chart.setOption({ series: [series] }, { notMerge: true });
    } else {
      chart.setOption({ series: [series] });
    }
  }

  // A node just opened: when it sits right of the middle or near an edge, pan the view (ECharts'
  // treeRoam, in pixels) so that its children have the room on its right.
  function reveal(node, always) {
    var data = chart.getModel().getSeriesByIndex(0).getData();
    for (var i = 0; i < data.count(); i += 1) {
      var raw = data.getRawDataItem(i);
      if (!raw || raw.key !== node.key) { continue; }
      // The node's new place (its symbol is still moving there): the layout, through the view.
      var graphic = data.getItemGraphicEl(i), layout = data.getItemLayout(i);
      if (!graphic || !layout) { return; }
      var at = graphic.parent.transformCoordToGlobal(layout.x, layout.y);
      if (!always && at[0] < el.clientWidth * 0.45 && at[1] > 60 && at[1] < el.clientHeight - 60) { return; }
      chart.dispatchAction({ type: "treeRoam", seriesIndex: 0, dx: el.clientWidth * (always ? 0.45 : 0.22) - at[0],
                             dy: el.clientHeight * (always ? 0.5 : 0.4) - at[1] });
      return;
    }
  }

  // --- interaction --------------------------------------------------------------------------------

  function onClick(params) {
    var node = params.data && byKey[params.data.key];
    if (!node) { return; }
    if (node.kind === "objective") {
      window.location.href = el.dataset.objectiveUrl.replace(/\/1\/$/, "/" + node.ref + "/");
    } else if (node.kind === "more") {
      more(node);
    } else if (node._kids || node.expandable) {
      open(node);
    }
  }

  function zoom(how) {
    if (how === "fit") {
      fitted = !fitted;
      draw(true);
      return;
    }
    if (how === "collapse") {
      Object.keys(byKey).forEach(function (key) {
        var node = byKey[key];
        if (node !== root && node.kind !== "category") { node._open = false; }
      });
      fitted = false;
      draw(true);
      return;
    }
    chart.dispatchAction({ type: "treeRoam", seriesIndex: 0, zoom: how === "in" ? 1.25 : 0.8,
                           originX: el.clientWidth / 2, originY: el.clientHeight / 2 });
  }

  // Searching: what is drawn already is marked at once; the server is asked for the rest (units,
  // people, objectives anywhere in the organization), listed under the box; picking one opens
  // the way down to it, a level at a time, and marks it.
  function mark(query) {
    hits = {};
    var count = 0;
    Object.keys(byKey).forEach(function (key) {
      var node = byKey[key];
      if (node.kind === "more" || String(node.name).toLowerCase().indexOf(query) < 0) { return; }
      hits[key] = true;
      count += 1;
      for (var up = node._parent; up; up = up._parent) { up._open = true; }
    });
    draw();
    return count;
  }

  function search(query) {
    var list = document.getElementById("okr-map-results");
    query = query.trim().toLowerCase();
    if (!query) { hits = {}; status(""); draw(); if (list) { list.hidden = true; } return; }
    var count = mark(query);
    if (!list || !el.dataset.findUrl) {
      status(count ? text(labels.found, { count: count }) : labels.not_found);
      return;
    }
    status(labels.searching);
    var params = new URLSearchParams({ cycle: el.dataset.cycle, q: query });
    fetch(el.dataset.findUrl + "?" + params.toString(), { credentials: "same-origin",
                                                          headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        list.textContent = "";
        data.found.forEach(function (match) {
          var item = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.className = "okr-map-result";
          var name = document.createElement("span");
          name.className = "okr-map-result-name";
          name.textContent = match.name;
          var where = document.createElement("span");
          where.className = "okr-map-result-where";
          where.textContent = (labels[match.kind] || "") + (match.detail ? " · " + match.detail : "");
          button.appendChild(name);
          button.appendChild(where);
          button.addEventListener("click", function () { list.hidden = true; go(match); });
          item.appendChild(button);
          list.appendChild(item);
        });
        list.hidden = data.found.length === 0;
        status(data.found.length || count ? text(labels.found, { count: Math.max(count, data.found.length) })
                                          : labels.not_found);
      })
      .catch(function () { status(labels.failed); });
  }

  function loaded(node) {
    if (node._kids) { node._open = true; return Promise.resolve(node); }
    return fetchLevel(node.key, 1).then(function (level) {
      attach(node, level.children);
      node._open = true;
      return node;
    });
  }

  // Open the way down to a match (each level read once), then page on below its parent until it
  // is there (a person past the first page of a big unit).
  function go(match) {
    var steps = match.path.slice();
    function next() {
      if (!steps.length) { return findIn(byKey[match.path[match.path.length - 1]], 0); }
      var node = byKey[steps.shift()];
      if (!node) { return Promise.resolve(null); }
      return loaded(node).then(next);
    }
    function findIn(parent, pages) {
      if (byKey[match.key] || !parent || pages > 20) { return Promise.resolve(byKey[match.key]); }
      var tail = (parent._kids || []).filter(function (child) { return child.kind === "more"; })[0];
      if (!tail) { return Promise.resolve(null); }
      return fetchLevel(tail.parent, tail.page).then(function (level) {
        attach(parent, level.children);
        return findIn(parent, pages + 1);
      });
    }
    status(labels.loading);
    next().then(function (target) {
      if (!target) { status(labels.not_found); draw(); return; }
      hits = {};
      hits[target.key] = true;
      for (var up = target._parent; up; up = up._parent) { up._open = true; }
      status("");
      draw();
      window.setTimeout(function () { reveal(target, true); }, 350);
    }).catch(function () { status(labels.failed); });
  }

  // --- presentation mode: read the open levels again ----------------------------------------------

  function openKeys() {
    return Object.keys(byKey).filter(function (key) {
      var node = byKey[key];
      return node._open && node !== root && node.kind !== "category" && node.kind !== "objective";
    });
  }

  function refresh() {
    var keep = openKeys();
    fetchLevel("company", 1).then(function (level) {
      byKey = {};
      root = adopt(level.node, null);
      attach(root, level.children);
      root._open = true;
      showCompany(level.node);
      return Promise.all(keep.map(function (key) {
        return fetchLevel(key, 1).then(function (found) { return [key, found]; }, function () { return null; });
      }));
    }).then(function (levels) {
      // Parents before children: a level whose node is gone (moved, no longer visible) is dropped.
      (levels || []).forEach(function (pair) {
        var node = pair && byKey[pair[0]];
        if (node) { attach(node, pair[1].children); node._open = true; }
      });
      status(text(labels.updated, { time: new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) }));
      draw();
    }).catch(function () { status(labels.failed); });
  }

  function showCompany(node) {
    var value = document.getElementById("okr-tv-score");
    if (value) {
      value.textContent = scoreText(node);
      value.className = "okr-tv-score-value okr-tv-" + (node.colour || "none");
    }
  }

  function init() {
    el = document.getElementById("okr-map");
    var source = document.getElementById("okr-map-level");
    if (!el || !source || typeof echarts === "undefined") { return; }
    labels = JSON.parse(document.getElementById("okr-map-labels").textContent);
    tv = el.dataset.tv === "1";
    var level = JSON.parse(source.textContent);
    root = adopt(level.node, null);
    attach(root, level.children);
    root._open = true;
    chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      tooltip: { trigger: "item", confine: true, backgroundColor: tv ? "#212529" : "#fff",
                 textStyle: { color: tv ? "#f8f9fa" : "#212529", fontSize: tv ? 16 : 13 } },
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily }
    });
    draw();
    chart.on("click", onClick);
    window.addEventListener("resize", function () { chart.resize(); draw(); });
    document.querySelectorAll("[data-map-zoom]").forEach(function (button) {
      button.addEventListener("click", function () { zoom(button.dataset.mapZoom); });
    });
    var form = document.getElementById("okr-map-search");
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        search(document.getElementById("okr-map-q").value);
      });
      var results = document.getElementById("okr-map-results");
      document.addEventListener("click", function (event) {
        if (results && !form.contains(event.target)) { results.hidden = true; }
      });
      form.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && results) { results.hidden = true; }
      });
    }
    if (tv && el.dataset.refresh) {
      window.setInterval(refresh, Number(el.dataset.refresh) * 1000);
      status(text(labels.updated, { time: new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) }));
    }
    // What the browser tests read and call (the picture itself is a canvas).
    el.okrMap = { byKey: function () { return byKey; }, refresh: refresh };
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

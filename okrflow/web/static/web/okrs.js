// OKR pages: the check-in chart of an objective. Kept out of the templates (CSP forbids inline scripts).
(function () {
  "use strict";

  var PALETTE = ["#3b5bdb", "#2f9e44", "#e8590c", "#ae3ec9", "#1098ad", "#f08c00"];

  // Progress (the key result's score at each reading, in percent) and confidence share one
  // 0–100 axis: raw values of different units (3000 万元, 4 家) never do.
  function seriesFor(krs, progressLabel, confidenceLabel) {
    var series = [];
    krs.forEach(function (kr, i) {
      var colour = PALETTE[i % PALETTE.length];
      series.push({
        name: kr.label, type: "line", showSymbol: true, symbolSize: 6, lineStyle: { width: 2.5 },
        itemStyle: { color: colour }, data: kr.points.map(function (p) { return [p[0], p[1], p[3]]; }),
        tooltip: { valueFormatter: function (v) { return v + "%"; } }
      });
      series.push({
        name: kr.label + " · " + confidenceLabel, type: "line", smooth: true,
        lineStyle: { type: "dashed", width: 1.5 }, itemStyle: { color: colour }, symbol: "emptyCircle",
        data: kr.points.filter(function (p) { return p[2] !== null; }).map(function (p) { return [p[0], p[2]]; }),
        tooltip: { valueFormatter: function (v) { return v + "%"; } }
      });
    });
    return series;
  }

  // Key results' labels and units are typed by users: ECharts sets a formatter's string as HTML.
  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // The tooltip: each key result's progress with the value it was read at (and its unit).
  function tooltipFor(krs) {
    var byLabel = {};
    krs.forEach(function (kr) { byLabel[kr.label] = kr; });
    return function (params) {
      var lines = [params.length ? echarts.time.format(params[0].value[0], "{yyyy}-{MM}-{dd}") : ""];
      params.forEach(function (p) {
        var kr = byLabel[p.seriesName], text = p.value[1] + "%";
        if (kr && p.value.length > 2) { text += " (" + p.value[2] + (kr.unit ? " " + kr.unit : "") + ")"; }
        lines.push(p.marker + " " + escape(p.seriesName + ": " + text));
      });
      return lines.join("<br>");
    };
  }

  // The objective's confidence: per week, the mean of its key results' latest confidence.
  function objectiveSeries(el) {
    var source = document.getElementById("okr-objective-confidence");
    var points = source ? JSON.parse(source.textContent) : [];
    if (!points.length) { return []; }
    return [{
      name: el.dataset.objectiveLabel, type: "line", step: "end", symbol: "none",
      lineStyle: { type: "dotted", width: 3, color: "#495057" }, itemStyle: { color: "#495057" },
      data: points, tooltip: { valueFormatter: function (v) { return v + "%"; } }
    }];
  }

  function drawChart(el) {
    var source = document.getElementById("okr-chart-data");
    if (!source || typeof echarts === "undefined") { return; }
    var krs = JSON.parse(source.textContent);
    var progressLabel = el.dataset.valueLabel, confidenceLabel = el.dataset.confidenceLabel;
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis", formatter: tooltipFor(krs) },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 56, right: 24, top: 36, bottom: 56 },
      xAxis: { type: "time", axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", name: progressLabel + " / " + confidenceLabel, min: 0, max: 100,
               axisLabel: { formatter: "{value}%" } },
      series: seriesFor(krs, progressLabel, confidenceLabel).concat(objectiveSeries(el))
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // The alignment tree: a folded large subtree holds a placeholder that fetches its children
  // (htmx, hx-trigger="okr:open") the first time its <details> is opened.
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!details.open || typeof htmx === "undefined") { return; }
    var list = details.querySelector(":scope > ul");
    var placeholder = list && list.querySelector(":scope > .okr-lazy");
    if (placeholder) { htmx.trigger(placeholder, "okr:open"); }
  }, true);

  function init() {
    var el = document.getElementById("okr-chart");
    if (el) { drawChart(el); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

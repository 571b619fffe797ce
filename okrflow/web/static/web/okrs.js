// OKR pages: the check-in chart of an objective. Kept out of the templates (CSP forbids inline scripts).
(function () {
  "use strict";

  var PALETTE = ["#3b5bdb", "#2f9e44", "#e8590c", "#ae3ec9", "#1098ad", "#f08c00"];

  function seriesFor(krs, valueLabel, confidenceLabel) {
    var series = [];
    krs.forEach(function (kr, i) {
      var colour = PALETTE[i % PALETTE.length];
      series.push({
        name: kr.label, type: "line", yAxisIndex: 0, showSymbol: true, symbolSize: 6,
        itemStyle: { color: colour }, data: kr.points.map(function (p) { return [p[0], p[1]]; }),
        tooltip: { valueFormatter: function (v) { return v + (kr.unit ? " " + kr.unit : ""); } }
      });
      series.push({
        name: kr.label + " · " + confidenceLabel, type: "line", yAxisIndex: 1, smooth: true,
        lineStyle: { type: "dashed", width: 1.5 }, itemStyle: { color: colour }, symbol: "emptyCircle",
        data: kr.points.filter(function (p) { return p[2] !== null; }).map(function (p) { return [p[0], p[2]]; }),
        tooltip: { valueFormatter: function (v) { return v + "%"; } }
      });
    });
    return series;
  }

  // The objective's confidence: per week, the mean of its key results' latest confidence.
  function objectiveSeries(el) {
    var source = document.getElementById("okr-objective-confidence");
    var points = source ? JSON.parse(source.textContent) : [];
    if (!points.length) { return []; }
    return [{
      name: el.dataset.objectiveLabel, type: "line", yAxisIndex: 1, step: "end", symbol: "none",
      lineStyle: { type: "dotted", width: 3, color: "#495057" }, itemStyle: { color: "#495057" },
      data: points, tooltip: { valueFormatter: function (v) { return v + "%"; } }
    }];
  }

  function drawChart(el) {
    var source = document.getElementById("okr-chart-data");
    if (!source || typeof echarts === "undefined") { return; }
    var krs = JSON.parse(source.textContent);
    var valueLabel = el.dataset.valueLabel, confidenceLabel = el.dataset.confidenceLabel;
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 56 },
      xAxis: { type: "time", axisLabel: { hideOverlap: true } },
      yAxis: [
        { type: "value", name: valueLabel, scale: true },
        { type: "value", name: confidenceLabel, min: 0, max: 100, splitLine: { show: false } }
      ],
      series: seriesFor(krs, valueLabel, confidenceLabel).concat(objectiveSeries(el))
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
